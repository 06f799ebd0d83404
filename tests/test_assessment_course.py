"""`replylab assessment build`: the nbgrader course it writes, its config and hooks, and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from test_assessment_replies import strong_reply

from simulator.assessment.answers import ANSWERS_FILENAME, PREVIEW_FILENAME
from simulator.assessment.course import CONFIG_NAME, NOTEBOOK_NAME, build_course, read_spec
from simulator.cli import main


def build(root: Path, **overrides):
    options = {"name": "cert", "families": ["train_delay", "privacy_trap"],
               "cases_per_trainee": 2, "locale": "sv", "salt": "t"}
    options.update(overrides)
    return build_course(root, options.pop("name"), options.pop("families"),
                        options.pop("cases_per_trainee"), options.pop("locale"), **options)


def test_notebook_has_valid_nbgrader_cells(tmp_path):
    from nbgrader.nbgraderformat import MetadataValidator

    built = build(tmp_path / "course")
    nb = nbformat.read(built.notebook, as_version=4)
    nbformat.validate(nb)
    MetadataValidator().validate_nb(nb)
    ids = [cell.metadata.nbgrader["grade_id"] for cell in nb.cells]
    assert len(ids) == len(set(ids))
    for cell in nb.cells:
        meta = cell.metadata.nbgrader
        assert meta["locked"] and not meta["solution"]
        if cell.cell_type == "code":
            assert cell.metadata["editable"] is False and cell.metadata["deletable"] is False
    graded = [c for c in nb.cells if c.metadata.nbgrader["grade"]]
    assert len(graded) == 2 * 4
    assert sum(c.metadata.nbgrader["points"] for c in graded) == pytest.approx(20.0)
    for cell in graded:
        comment, call = cell.source.splitlines()
        assert comment.startswith("# Ärende") and call.startswith("assessment.points(")
    assert "Ärende 1" in nb.cells[2].source  # the trainee's language


def test_released_cells_are_the_source_cells_so_checksums_hold(tmp_path):
    """nbgrader compares a submission's locked cells with the source: an honest one must match
    (hidden tests would be stripped from the release and every cell would look changed)."""
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions
    from nbgrader.utils import compute_checksum

    built = build(tmp_path / "course")
    nb = nbformat.read(built.notebook, as_version=4)
    before = [compute_checksum(c) for c in nb.cells]
    released, _ = ClearHiddenTests().preprocess(nb, {})
    released, _ = ClearSolutions().preprocess(released, {})
    assert [compute_checksum(c) for c in released.cells] == before


def test_graded_cells_do_nothing_while_practising(tmp_path, capsys):
    from simulator.assessment import AssessmentSession

    run = AssessmentSession(name="cert", families=["train_delay"], cases_per_trainee=1,
                            locale="en", folder=tmp_path)
    assert run.points(1, "tone", out_of=2.5) is None
    assert capsys.readouterr().out == ""


def test_config_installs_the_hooks_and_protects_the_answers(tmp_path):
    from traitlets.config.loader import PyFileConfigLoader

    built = build(tmp_path / "course", exchange=tmp_path / "exchange", course_id="cc-1")
    config = PyFileConfigLoader(CONFIG_NAME, path=str(built.root)).load_config()
    names = [cls.__name__ for cls in config.Autograde.autograde_preprocessors]
    assert names[:3] == ["ExposeStudentId", "SkipTraineeCode", "Execute"]
    names = [cls.__name__ for cls in config.Autograde.sanitize_preprocessors]
    assert names[:3] == ["RepairAssessmentCells", "ClearOutput", "DeduplicateIds"]
    assert config.RepairAssessmentCells.course_root == str(built.root)
    assert config.ExposeStudentId.settings_dir == str(built.root / "replylab")
    assert config.Execute.extra_arguments == ["--IPKernelApp.ignore_cwd=True"]
    assert config.ExportApp.plugin_class.__name__ == "RoundedCsvExport"
    assert config.Autograde.exclude_overwriting == {"cert": [ANSWERS_FILENAME]}
    assert config.CourseDirectory.course_id == "cc-1"
    assert config.Exchange.root == str((tmp_path / "exchange").resolve())
    assert config.OverwriteCells.add_missing_cells is True
    assert config.CourseDirectory.ignore[-1] == PREVIEW_FILENAME
    assert "__pycache__" in config.CourseDirectory.ignore  # nbgrader's defaults are kept


def test_trying_the_notebook_in_source_never_reaches_trainees(tmp_path):
    from simulator.assessment import AssessmentSession

    built = build(tmp_path / "course")
    spec = built.spec
    preview = AssessmentSession(
        name=spec.name, families=spec.families, cases_per_trainee=spec.cases_per_trainee,
        locale=spec.locale, folder=built.notebook.parent,
    )
    assert preview.answers_path.name == PREVIEW_FILENAME
    released = tmp_path / "course" / "release" / "cert"
    released.mkdir(parents=True)
    trainee = AssessmentSession(
        name=spec.name, families=spec.families, cases_per_trainee=spec.cases_per_trainee,
        locale=spec.locale, folder=released,
    )
    assert trainee.answers_path.name == ANSWERS_FILENAME


def test_config_loads_without_importing_the_simulator_package(tmp_path):
    built = build(tmp_path / "course")
    code = (
        "import sys\nfrom traitlets.config.loader import PyFileConfigLoader\n"
        f"PyFileConfigLoader({CONFIG_NAME!r}, path={str(built.root)!r}).load_config()\n"
        "print('simulator' in sys.modules, 'pydantic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["False", "False"]


def test_a_second_assessment_keeps_the_config_and_refuses_to_overwrite(tmp_path):
    root = tmp_path / "course"
    build(root)
    (root / CONFIG_NAME).write_text("# instructor's own\nc = get_config()\n")
    second = build(root, name="cert2")
    assert not second.config_written and not second.config_has_hooks
    assert (root / CONFIG_NAME).read_text().startswith("# instructor's own")
    with pytest.raises(ValueError, match="--force"):
        build(root)
    before = read_spec(root, "cert")[0]
    rebuilt = build_course(root, "cert", None, None, None, points={"tone": 1.0, "speed": 1.0,
                           "facts": 5.0, "privacy": 3.0}, force=True)
    after, points = read_spec(root, "cert")
    assert after == before and not rebuilt.salt_changed  # same salt, same cases for everyone
    assert points["facts"] == 5.0
    notebook = json.loads(rebuilt.notebook.read_text())
    assert "salt" not in notebook["metadata"]["replylab_assessment"]
    assert not any("salt" in "".join(cell["source"]) for cell in notebook["cells"])
    build(root, force=True, salt="new")
    assert read_spec(root, "cert")[0].salt == "new"
    (root / "source" / "cert" / ANSWERS_FILENAME).write_text("{}\n")
    with pytest.raises(ValueError, match="someone answered in source"):
        build(root, force=True)


def test_repair_copied_invented_moved_flipped_and_deleted_cells(tmp_path):
    """Each of these made nbgrader crash (KeyError 'grade_id', inconsistent checksums) or run
    the cells out of order; the repair keeps one of each, as the gradebook has it."""
    from nbformat.v4 import new_code_cell, new_notebook
    from nbgrader_env import isolated_env

    from simulator.assessment.nbgrader_hooks import ENV_NOTEBOOK_NOTES, RepairAssessmentCells

    built = build(tmp_path / "course")
    subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "generate_assignment", "cert"],
                   cwd=built.root, env=isolated_env(tmp_path / "home"), check=True,
                   capture_output=True)
    source = nbformat.read(built.notebook, as_version=4)
    source_ids = [c.metadata["nbgrader"]["grade_id"] for c in source.cells]
    cells = [nbformat.from_dict(json.loads(json.dumps(c))) for c in source.cells]
    setup, show, tone = cells[1], cells[3], cells[4]
    copy = nbformat.from_dict(json.loads(json.dumps(show)))
    copy["id"] = "copied-cell"
    invented = new_code_cell("9")
    invented.metadata["nbgrader"] = {"grade_id": "case9_tone", "grade": True, "points": 99,
                                     "locked": True, "solution": False, "schema_version": 3}
    cells[5].metadata["nbgrader"]["solution"] = True  # a flag flipped on case1_speed
    cells = [c for c in cells if c is not setup and c is not tone]  # setup moved, tone deleted
    cells[3:3] = [copy, invented, setup, new_code_cell("print('mine')")]
    repair = RepairAssessmentCells(course_root=str(built.root))
    resources = {"nbgrader": {"assignment": "cert", "notebook": "assessment",
                              "db_url": f"sqlite:///{built.root / 'gradebook.db'}"}}
    nb, _ = repair.preprocess(new_notebook(cells=cells), resources)
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    assert [i for i in ids if i] == source_ids  # every cell once, in the source's order
    assert all(c.metadata["nbgrader"] == s.metadata["nbgrader"] for c, s in
               zip([c for c in nb.cells if "nbgrader" in c.metadata], source.cells, strict=True))
    assert "print('mine')" in nb.cells[ids.index("setup") + 1].source  # stays after its cell
    notes = sorted(key for key, _ in json.loads(os.environ.pop(ENV_NOTEBOOK_NOTES)))
    assert notes == ["cell_duplicate", "cell_flags", "cell_moved", "cell_restored",
                     "cell_unknown"]
    nbformat.validate(nb)


def test_expose_student_id_and_skip_trainee_code():
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    from simulator.assessment import identity
    from simulator.assessment.nbgrader_hooks import (
        ENV_STUDENT_ID,
        ExposeStudentId,
        SkipTraineeCode,
    )

    assert ENV_STUDENT_ID == identity.ENV_STUDENT_ID
    # the hooks file may not import replylab, so it repeats these names: they must agree
    from simulator.assessment import nbgrader_hooks as hooks
    from simulator.assessment import session, settings

    assert (hooks.ENV_SETTINGS, hooks.SETTINGS_DIR) == (settings.ENV_SETTINGS,
                                                        settings.SETTINGS_DIR)
    assert (hooks.ENV_NOTEBOOK_NOTES, hooks.ENV_DUE_DATE) == (session.ENV_NOTEBOOK_NOTES,
                                                              session.ENV_DUE_DATE)
    ours = new_code_cell("assessment.show(1)")
    ours.metadata["nbgrader"] = {"grade_id": "case1_show", "locked": True, "grade": False}
    stripped = new_code_cell("assessment.points = lambda *a: 9")
    stripped.metadata["nbgrader"] = {"locked": True}  # OverwriteCells removed an unknown id
    added = new_code_cell("import os")
    nb = new_notebook(cells=[ours, stripped, added, new_markdown_cell("notes")])
    previous = os.environ.get(ENV_STUDENT_ID)
    try:
        ExposeStudentId().preprocess(nb, {"nbgrader": {"student": "zoe"}})
        assert os.environ[ENV_STUDENT_ID] == "zoe"
    finally:
        os.environ.pop(ENV_STUDENT_ID, None)
        if previous is not None:
            os.environ[ENV_STUDENT_ID] = previous
    nb, _ = SkipTraineeCode().preprocess(nb, {})
    assert [c.cell_type for c in nb.cells] == ["code", "markdown", "markdown", "markdown"]
    assert "Not run during grading" in nb.cells[1].source and "lambda" in nb.cells[1].source
    nbformat.validate(nb)


# -- the command line ----------------------------------------------------------------------------

def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "simulator.cli", "assessment", *args],
                          capture_output=True, text=True)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--families", "nope"], "unknown family 'nope'"),
        (["--families", "train_delay", "--locale", "de"], "unknown locale 'de'"),
        (["--families", "train_delay", "--cases-per-trainee", "0"], "cases per trainee"),
        (["--families", "train_delay", "--points", "tone=x"], "--points"),
    ],
)
def test_build_errors_are_one_line_and_exit_2(tmp_path, args, message):
    proc = cli("build", "--course", str(tmp_path / "c"), "--name", "cert", *args)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_build_cases_and_score_from_the_command_line(tmp_path, capsys):
    course = tmp_path / "course"
    assert main(["assessment", "build", "--course", str(course), "--name", "cert",
                 "--families", "train_delay,privacy_trap", "--cases-per-trainee", "2",
                 "--locale", "en", "--salt", "cli"]) == 0
    assert (course / "source" / "cert" / NOTEBOOK_NAME).exists()
    capsys.readouterr()
    assert main(["assessment", "cases", "--course", str(course), "--name", "cert",
                 "--student", "ann", "--json"]) == 0
    ann = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    main(["assessment", "cases", "--course", str(course), "--name", "cert",
          "--student", "ben", "--json"])
    ben = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [c["family"] for c in ann] == [c["family"] for c in ben]
    assert [c["id"] for c in ann] != [c["id"] for c in ben]

    from scenarios import Case
    from simulator.assessment.answers import save_answer

    answers = tmp_path / ANSWERS_FILENAME
    for data in ann:
        case = Case.from_dict(data)
        save_answer(answers, case.id, strong_reply(case), None, "")
    assert main(["assessment", "score", "--course", str(course), "--name", "cert",
                 "--student", "ann", "--answers", str(answers), "--details"]) == 0
    out = capsys.readouterr().out
    assert "facts.stated" in out and "total:" in out
    main(["assessment", "score", "--course", str(course), "--name", "cert",
          "--student", "ben", "--answers", str(answers)])
    assert "total: 0 of 20 points" in capsys.readouterr().out
    assert main(["assessment", "codes", "--course", str(course), "--name", "cert",
                 "--students", "ann", "ben"]) == 0
    codes = dict(line.split() for line in capsys.readouterr().out.splitlines())
    from simulator.assessment.spec import format_code

    spec, _ = read_spec(course, "cert")
    assert codes == {s: format_code(spec.access_code(s)) for s in ("ann", "ben")}
