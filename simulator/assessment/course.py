"""Write an nbgrader course: nbgrader_config.py and source/<name>/assessment.ipynb.

The instructor then uses the ordinary nbgrader commands. Every code cell is a locked nbgrader
cell (restored from the source at autograde); the graded cells call assessment.points, which
scores only during autograde. The salt and settings live in the course (settings.py), never in
the notebook, which trainees receive.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.assessment.answers import ANSWERS_FILENAME, PREVIEW_FILENAME
from simulator.assessment.settings import (
    DEFAULT_POINTS,
    SETTINGS_DIR,
    AssessmentSettings,
    read_settings,
    settings_path,
    write_settings,
)
from simulator.assessment.spec import AssessmentError, AssessmentSpec
from simulator.assessment.texts import text

NOTEBOOK_NAME = "assessment.ipynb"
CONFIG_NAME = "nbgrader_config.py"
CONFIG_MARKER = "replylab-assessment-config"
METADATA_KEY = "replylab_assessment"
NBGRADER_SCHEMA_VERSION = 3
COURSE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

CONFIG_TEMPLATE = '''\
"""nbgrader settings of a replylab course ({marker}).

Written by `replylab assessment build`.

Run nbgrader from this folder, or on a JupyterHub point CourseDirectory.root here from the
grader account's ~/.jupyter/nbgrader_config.py and copy the replylab lines below into it.
"""

import importlib.util
import os
import sys

from nbgrader.converters import Autograde
from nbgrader.coursedir import CourseDirectory


def replylab_hooks():
    """replylab's preprocessors, loaded from their file: importing the simulator package would
    add its start-up (pydantic, the scenario files) to every nbgrader command."""
    name = "replylab_nbgrader_hooks"
    if name not in sys.modules:
        package = importlib.util.find_spec("simulator")
        if package is None or package.origin is None:
            raise ImportError("replylab is not installed in the Python that runs nbgrader")
        path = os.path.join(os.path.dirname(package.origin), "assessment", "nbgrader_hooks.py")
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        sys.modules[name] = module
    return sys.modules[name]


c = get_config()  # noqa: F821 (nbgrader provides get_config)
here = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.root = here
c.CourseDirectory.course_id = {course_id!r}
{exchange_line}

# replylab: repair copied or moved cells before nbgrader checks them; tell the kernel whose
# submission it grades and where the instructor's settings are; run only the assessment's code;
# never import anything from the trainee's folder; round the exported points.
c.Autograde.sanitize_preprocessors = [
    replylab_hooks().RepairAssessmentCells,
    *Autograde.class_traits()["sanitize_preprocessors"].default(),
]
c.Autograde.autograde_preprocessors = [
    replylab_hooks().ExposeStudentId,
    replylab_hooks().SkipTraineeCode,
    *Autograde.class_traits()["autograde_preprocessors"].default(),
]
c.RepairAssessmentCells.course_root = here
c.ExposeStudentId.settings_dir = os.path.join(here, {settings_dir!r})
c.Execute.extra_arguments = ["--IPKernelApp.ignore_cwd=True"]
c.ExportApp.plugin_class = replylab_hooks().RoundedCsvExport
# A graded cell the trainee deleted comes back (and scores from the answers file as usual).
c.OverwriteCells.add_missing_cells = True
# An instructor trying the notebook in source/ answers into {preview!r}: never release it.
c.CourseDirectory.ignore = [*CourseDirectory.class_traits()["ignore"].default(), {preview!r}]
# The trainee's answers never come from source/: never let autograde overwrite them.
_source = os.path.join(here, "source")
c.Autograde.exclude_overwriting = {{
    name: [{answers!r}]
    for name in (os.listdir(_source) if os.path.isdir(_source) else [])
}}
'''


@dataclass(frozen=True)
class BuiltCourse:
    """What `build_course` wrote, and whether the config was left as the instructor had it."""

    root: Path
    notebook: Path
    config: Path
    config_written: bool
    config_has_hooks: bool
    spec: AssessmentSpec
    salt_changed: bool = False  # every trainee's cases (and access code) changed


def _nbgrader_meta(grade_id: str, *, points: float | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "grade": points is not None,
        "grade_id": grade_id,
        "locked": True,
        "schema_version": NBGRADER_SCHEMA_VERSION,
        "solution": False,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return meta


def _locked(cell: Any, grade_id: str, points: float | None = None) -> Any:
    cell.metadata["nbgrader"] = _nbgrader_meta(grade_id, points=points)
    cell.metadata["deletable"] = False
    cell.metadata["editable"] = False
    return cell


def _setup_source(spec: AssessmentSpec, points: dict[str, float]) -> str:
    return (
        f"# {text(spec.locale, 'setup_comment')}\n"
        "import os, sys  # replylab: from the installation, never from this folder\n"
        "here = os.path.realpath('.')\n"
        "sys.path[:] = [p for p in sys.path if os.path.realpath(p or '.') != here]\n"
        "from simulator.assessment import AssessmentSession\n"
        "\n"
        "assessment = AssessmentSession(\n"
        f"    name={spec.name!r},\n"
        f"    families={list(spec.families)!r},\n"
        f"    cases_per_trainee={spec.cases_per_trainee!r},\n"
        f"    locale={spec.locale!r},\n"
        f"    course_id={spec.course_id!r},\n"
        f"    speed_target_s={spec.speed_target_s!r},\n"
        f"    time_limit_s={spec.time_limit_s!r},\n"
        f"    points={points!r},\n"
        ")\n"
        "assessment.start()"
    )


def assessment_notebook(spec: AssessmentSpec, points: dict[str, float] | None = None) -> Any:
    """The source notebook, as an nbformat NotebookNode (the release is the same notebook)."""
    import nbformat.v4 as nbf

    from simulator.assessment.messages import decimal
    from simulator.widgets.strings import dimension_label

    points = dict(points or DEFAULT_POINTS)
    loc = spec.locale
    md, code = nbf.new_markdown_cell, nbf.new_code_cell
    intro = text(loc, "title", name=spec.name) + "\n\n" + text(
        loc, "intro", n=spec.cases_per_trainee, answers=ANSWERS_FILENAME
    )
    cells = [_locked(md(intro), "intro"), _locked(code(_setup_source(spec, points)), "setup")]
    for number in range(1, spec.cases_per_trainee + 1):
        cells.append(_locked(md(text(loc, "case", number=number)), f"case{number}_title"))
        cells.append(_locked(code(f"assessment.show({number})"), f"case{number}_show"))
        for dimension, worth in points.items():
            visible = text(
                loc,
                "graded_later",
                number=number,
                dimension=dimension_label(loc, dimension).lower(),
                points=decimal(worth, loc, digits=2).rstrip("0").rstrip(".,"),
            )
            # Visible, not a hidden test: nbgrader strips hidden tests from the release, so
            # every honest submission would then log a "checksum changed" warning per cell and
            # real tampering could not be told apart. Practising, the call does nothing.
            source = f"# {visible}\nassessment.points({number}, {dimension!r}, out_of={worth!r})"
            cells.append(_locked(code(source), f"case{number}_{dimension}", points=worth))
    cells.append(_locked(md(text(loc, "before_submit")), "before_submit"))
    cells.append(_locked(code("assessment.summary()"), "summary"))
    nb = nbf.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    public = spec.public().to_dict()
    del public["salt"]  # trainees get this notebook: the salt stays in the course
    nb.metadata[METADATA_KEY] = {**public, "points": points}
    return nb


def _config_text(course_id: str, exchange: Path | None) -> str:
    if exchange is None:
        exchange_line = (
            "# c.Exchange.root = '/usr/local/share/nbgrader/exchange'  # nbgrader's default; "
            "set it if yours differs"
        )
    else:
        exchange_line = f"c.Exchange.root = {str(exchange.resolve())!r}"
    return CONFIG_TEMPLATE.format(
        marker=CONFIG_MARKER,
        course_id=course_id,
        exchange_line=exchange_line,
        answers=ANSWERS_FILENAME,
        preview=PREVIEW_FILENAME,
        settings_dir=SETTINGS_DIR,
    )


def _kept(value: Any, stored: Any, default: Any) -> Any:
    """An option given now wins; else what the course already has; else the default."""
    if value is not None:
        return value
    return stored if stored is not None else default


def build_course(
    root: str | Path,
    name: str,
    families: list[str] | None,
    cases_per_trainee: int | None,
    locale: str | None,
    *,
    course_id: str | None = None,
    salt: str | None = None,
    exchange: str | Path | None = None,
    points: dict[str, float] | None = None,
    speed_target_s: float | None = None,
    time_limit_s: float | None = None,
    force: bool = False,
) -> BuiltCourse:
    """Write (or add an assessment to) the nbgrader course in `root`.

    With `force`, an existing assessment keeps its salt and every setting not given again, so
    re-building (to change the points, say) never changes anyone's cases.
    """
    import nbformat

    root = Path(root).expanduser().resolve()
    folder = root / "source" / name
    notebook = folder / NOTEBOOK_NAME
    if notebook.exists() and not force:
        raise AssessmentError(f"{notebook} exists; pass --force to replace it")
    stored: AssessmentSettings | None = None
    if force and (settings_path(root, name).exists() or notebook.exists()):
        stored = read_settings(root, name)
    old = stored.spec if stored else None
    course_id = _kept(course_id, old and old.course_id, root.name)
    if not COURSE_ID.match(course_id):
        raise AssessmentError(
            f"course id {course_id!r}: use letters, digits, '_', '-' or '.' (--course-id)"
        )
    points = dict(_kept(points, stored and stored.points, DEFAULT_POINTS))
    if set(points) - set(DEFAULT_POINTS) or any(p <= 0 for p in points.values()):
        raise AssessmentError(f"points: give positive numbers for {', '.join(DEFAULT_POINTS)}")
    if not (families or old):
        raise AssessmentError("name at least one scenario family (--families)")
    spec = AssessmentSpec(
        name=name,
        families=tuple(families or (old.families if old else ())),
        cases_per_trainee=_kept(cases_per_trainee, old and old.cases_per_trainee, 3),
        locale=_kept(locale, old and old.locale, "en"),
        salt=_kept(salt, old and old.salt, None) or secrets.token_hex(16),
        course_id=course_id,
        speed_target_s=float(_kept(speed_target_s, old and old.speed_target_s, 600.0)),
        time_limit_s=float(_kept(time_limit_s, old and old.time_limit_s, 3600.0)),
    ).validate()
    if old is not None:
        _refuse_breaking_changes(root, old, spec)
    if (folder / ANSWERS_FILENAME).exists():
        raise AssessmentError(
            f"{folder / ANSWERS_FILENAME} exists (someone answered in source/); delete it, "
            "or generate_assignment hands it to every trainee"
        )
    folder.mkdir(parents=True, exist_ok=True)
    settings = AssessmentSettings(spec, points, stored.rubric if stored else {})
    write_settings(root, settings)
    nbformat.write(assessment_notebook(spec, points), notebook)

    config = root / CONFIG_NAME
    written = not config.exists()
    if written:
        exchange_path = Path(exchange).expanduser() if exchange else None
        config.write_text(_config_text(course_id, exchange_path), encoding="utf-8")
    has_hooks = CONFIG_MARKER in config.read_text(encoding="utf-8", errors="replace")
    salt_changed = bool(old and old.salt != spec.salt)
    return BuiltCourse(root, notebook, config, written, has_hooks, spec, salt_changed)


def _refuse_breaking_changes(root: Path, old: AssessmentSpec, new: AssessmentSpec) -> None:
    """Once answers are in, a new salt, family list, case count or locale would make every one
    of them worthless: that is a new assessment, under a new name."""
    collected = list((root / "submitted").glob(f"*/{new.name}"))
    if not collected:
        return
    changed = [
        what for what, before, after in (
            ("the salt", old.salt, new.salt), ("the families", old.families, new.families),
            ("the number of cases", old.cases_per_trainee, new.cases_per_trainee),
            ("the locale", old.locale, new.locale),
        ) if before != after
    ]
    if changed:
        raise AssessmentError(
            f"{len(collected)} submissions of {new.name} are collected: changing "
            f"{' and '.join(changed)} would make their answers worthless. Build a new "
            "assessment under another --name, or use `replylab assessment regrade` to change "
            "points, targets or the rubric"
        )


def read_notebook_settings(root: str | Path, name: str) -> AssessmentSettings:
    """Settings from the source notebook's metadata: courses built before settings files."""
    notebook = Path(root).expanduser() / "source" / name / NOTEBOOK_NAME
    try:
        data = json.loads(notebook.read_text(encoding="utf-8"))
        meta = dict(data["metadata"][METADATA_KEY])
    except FileNotFoundError:
        raise AssessmentError(f"{notebook} not found; build the assessment first") from None
    except (KeyError, TypeError, ValueError):
        raise AssessmentError(f"{notebook} is not a replylab assessment notebook") from None
    points = {str(k): float(v) for k, v in dict(meta.pop("points", DEFAULT_POINTS)).items()}
    spec = AssessmentSpec.from_dict(meta)
    if not spec.salt:
        raise AssessmentError(f"{settings_path(root, name)} is missing: it holds the salt")
    return AssessmentSettings(spec, points)


def read_spec(root: str | Path, name: str) -> tuple[AssessmentSpec, dict[str, float]]:
    """The spec (with its salt) and points of a built assessment."""
    settings = read_settings(root, name)
    return settings.spec, settings.points
