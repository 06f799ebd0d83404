"""Write an nbgrader course: nbgrader_config.py and source/<name>/assessment.ipynb.

The instructor then uses the ordinary nbgrader commands. Every code cell is a locked nbgrader
cell (restored from the source at autograde), the graded cells hold their real test between
### BEGIN/END HIDDEN TESTS, and the notebook's metadata keeps the assessment settings so
`replylab assessment cases` can show an instructor any trainee's cases.
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from simulator.assessment.answers import ANSWERS_FILENAME, PREVIEW_FILENAME
from simulator.assessment.session import DEFAULT_POINTS
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

# replylab: tell the kernel whose submission it grades, and run only the assessment's own code.
c.Autograde.autograde_preprocessors = [
    replylab_hooks().ExposeStudentId,
    replylab_hooks().SkipTraineeCode,
    *Autograde.class_traits()["autograde_preprocessors"].default(),
]
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
        "# Read-only. Finds out who you are and loads your cases; run it first.\n"
        "from simulator.assessment import AssessmentSession\n"
        "\n"
        "assessment = AssessmentSession(\n"
        f"    name={spec.name!r},\n"
        f"    families={list(spec.families)!r},\n"
        f"    cases_per_trainee={spec.cases_per_trainee!r},\n"
        f"    locale={spec.locale!r},\n"
        f"    salt={spec.salt!r},\n"
        f"    course_id={spec.course_id!r},\n"
        f"    speed_target_s={spec.speed_target_s!r},\n"
        f"    points={points!r},\n"
        ")\n"
        "assessment.start()"
    )


def assessment_notebook(spec: AssessmentSpec, points: dict[str, float] | None = None) -> Any:
    """The source notebook (hidden tests included), as an nbformat NotebookNode."""
    import nbformat.v4 as nbf

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
                points=worth,
            )
            source = (
                f"# {visible}\n"
                "### BEGIN HIDDEN TESTS\n"
                f"assessment.points({number}, {dimension!r}, out_of={worth!r})\n"
                "### END HIDDEN TESTS"
            )
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
    nb.metadata[METADATA_KEY] = {**spec.to_dict(), "points": points}
    return nb


def _config_text(course_id: str, exchange: Path | None) -> str:
    if exchange is None:
        exchange_line = (
            "# c.Exchange.root = '/srv/nbgrader/exchange'  # nbgrader's default; set it if "
            "yours differs"
        )
    else:
        exchange_line = f"c.Exchange.root = {str(exchange.resolve())!r}"
    return CONFIG_TEMPLATE.format(
        marker=CONFIG_MARKER,
        course_id=course_id,
        exchange_line=exchange_line,
        answers=ANSWERS_FILENAME,
        preview=PREVIEW_FILENAME,
    )


def build_course(
    root: str | Path,
    name: str,
    families: list[str],
    cases_per_trainee: int,
    locale: str,
    *,
    course_id: str | None = None,
    salt: str | None = None,
    exchange: str | Path | None = None,
    points: dict[str, float] | None = None,
    speed_target_s: float = 600.0,
    force: bool = False,
) -> BuiltCourse:
    """Write (or add an assessment to) the nbgrader course in `root`."""
    import nbformat

    root = Path(root).expanduser().resolve()
    course_id = course_id or root.name
    if not COURSE_ID.match(course_id):
        raise AssessmentError(
            f"course id {course_id!r}: use letters, digits, '_', '-' or '.' (--course-id)"
        )
    points = dict(points or DEFAULT_POINTS)
    if set(points) - set(DEFAULT_POINTS) or any(p <= 0 for p in points.values()):
        raise AssessmentError(f"points: give positive numbers for {', '.join(DEFAULT_POINTS)}")
    spec = AssessmentSpec(
        name=name,
        families=tuple(families),
        cases_per_trainee=cases_per_trainee,
        locale=locale,
        salt=salt or secrets.token_hex(8),
        course_id=course_id,
        speed_target_s=float(speed_target_s),
    ).validate()
    folder = root / "source" / spec.name
    notebook = folder / NOTEBOOK_NAME
    if notebook.exists() and not force:
        raise AssessmentError(f"{notebook} exists; pass --force to replace it")
    if (folder / ANSWERS_FILENAME).exists():
        raise AssessmentError(
            f"{folder / ANSWERS_FILENAME} exists (someone answered in source/); delete it, "
            "or generate_assignment hands it to every trainee"
        )
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(assessment_notebook(spec, points), notebook)

    config = root / CONFIG_NAME
    written = not config.exists()
    if written:
        exchange_path = Path(exchange).expanduser() if exchange else None
        config.write_text(_config_text(course_id, exchange_path), encoding="utf-8")
    has_hooks = CONFIG_MARKER in config.read_text(encoding="utf-8", errors="replace")
    return BuiltCourse(root, notebook, config, written, has_hooks, spec)


def read_spec(root: str | Path, name: str) -> tuple[AssessmentSpec, dict[str, float]]:
    """The settings of a built assessment, from its source notebook's metadata."""
    notebook = Path(root).expanduser() / "source" / name / NOTEBOOK_NAME
    try:
        data = json.loads(notebook.read_text(encoding="utf-8"))
        meta = dict(data["metadata"][METADATA_KEY])
    except FileNotFoundError:
        raise AssessmentError(f"{notebook} not found; build the assessment first") from None
    except (KeyError, TypeError, ValueError):
        raise AssessmentError(f"{notebook} is not a replylab assessment notebook") from None
    points = {str(k): float(v) for k, v in dict(meta.pop("points", DEFAULT_POINTS)).items()}
    return AssessmentSpec.from_dict(meta), points
