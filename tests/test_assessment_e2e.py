"""The whole instructor workflow with the real nbgrader command line, in a temporary course and
exchange: build, generate_assignment, release_assignment, trainees fetch and submit, collect,
autograde, generate_feedback, export.

Trainees (their answers are typed into the real exercise widget, driven without a browser):
ann writes strong replies; ben mediocre ones, and deletes a graded cell; cay submits without
answering; dan answers nothing but edits every graded cell to return full marks and adds a cell
that patches the scorer; eve submits a copy of ann's answers file.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import nbgrader_env
import pytest
from test_assessment_replies import E2E_FAMILIES, mediocre_reply, strong_reply

from simulator.assessment.answers import ANSWERS_FILENAME
from simulator.assessment.course import read_spec

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
COURSE_ID = "replylab-e2e"
NAME = "cert"
TRAINEES = ("ann", "ben", "cay", "dan", "eve")


def run(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=240)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{' '.join(args)}\n{output}"
    # nbgrader logs a broken nbgrader_config.py and carries on without it: not good enough.
    assert "Exception while loading config" not in output, output
    return output


def isolated_env(home: Path) -> dict[str, str]:
    """The shared isolated environment, and no bytecode written into the temporary course."""
    return {**nbgrader_env.isolated_env(home), "PYTHONDONTWRITEBYTECODE": "1"}


def answer_with_widgets(folder: Path, student: str, spec, reply_for) -> None:
    """Enter the name at the prompt, type each reply into its exercise widget, press Send."""
    from simulator.assessment import AssessmentSession
    from simulator.assessment.practice import AssessmentExercise, PracticeDesk

    session = AssessmentSession(
        name=spec.name, families=spec.families, cases_per_trainee=spec.cases_per_trainee,
        locale=spec.locale, salt=spec.salt, course_id=spec.course_id, folder=folder,
    )
    desk = PracticeDesk(session)
    desk.enter(student)
    path = str(session.answers_path)
    for case in desk.cases:
        exercise = AssessmentExercise(case, replies_path=path)
        exercise.set_reply(reply_for(case))
        exercise.send()
        assert exercise.sent


def delete_cell(notebook: Path, grade_id: str) -> None:
    nb = nbformat.read(notebook, as_version=4)
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != grade_id]
    nbformat.write(nb, notebook)


def tamper(notebook: Path) -> None:
    """dan: every graded cell returns its full points; a new cell patches the scorer."""
    nb = nbformat.read(notebook, as_version=4)
    cells = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            cell.source = f"# all good\n{meta['points']}"
        cells.append(cell)
        if meta.get("grade_id") == "setup":
            cells.append(nbformat.v4.new_code_cell(
                "assessment.points = lambda *args, **kwargs: 3.5\nprint('patched')"))
    nb.cells = cells
    nbformat.write(nb, notebook)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    root = tmp_path_factory.mktemp("assessment-e2e")
    course_dir, exchange = root / "course", root / "exchange"
    exchange.mkdir()
    env = isolated_env(root / "instructor")
    run([str(BIN / "replylab"), "assessment", "build", "--course", str(course_dir),
         "--name", NAME, "--families", *E2E_FAMILIES, "--cases-per-trainee", "3",
         "--locale", "en", "--salt", "e2e", "--course-id", COURSE_ID,
         "--exchange", str(exchange)], root, env)
    nbgrader = str(BIN / "nbgrader")
    run([nbgrader, "generate_assignment", NAME], course_dir, env)
    run([nbgrader, "release_assignment", NAME], course_dir, env)

    spec, _ = read_spec(course_dir, NAME)
    exchange_flag = f"--Exchange.root={exchange}"
    for student in TRAINEES:
        home = root / "trainees" / student
        trainee_env = isolated_env(home)
        run([nbgrader, "fetch_assignment", NAME, "--course", COURSE_ID, exchange_flag],
            home, trainee_env)
        folder = home / NAME
        assert (folder / "assessment.ipynb").exists()
        assert not (folder / ANSWERS_FILENAME).exists()
        if student == "ann":
            answer_with_widgets(folder, student, spec, strong_reply)
        elif student == "ben":
            answer_with_widgets(folder, student, spec, mediocre_reply)
            delete_cell(folder / "assessment.ipynb", "case1_privacy")
        elif student == "dan":
            tamper(folder / "assessment.ipynb")
        elif student == "eve":
            shutil.copy(root / "trainees/ann" / NAME / ANSWERS_FILENAME, folder)
        run([nbgrader, "submit", NAME, "--course", COURSE_ID, "--student", student,
             exchange_flag], home, trainee_env)

    run([nbgrader, "collect", NAME], course_dir, env)
    run([nbgrader, "autograde", NAME], course_dir, env)
    run([nbgrader, "generate_feedback", NAME], course_dir, env)
    run([nbgrader, "export"], course_dir, env)
    return course_dir, spec


def scores(course_dir: Path) -> dict[str, float]:
    with open(course_dir / "grades.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["assignment"] for row in rows} == {NAME}
    return {row["student_id"]: float(row["score"]) for row in rows}


def autograded(course_dir: Path, student: str) -> str:
    nb = nbformat.read(course_dir / "autograded" / student / NAME / "assessment.ipynb", 4)
    return "\n".join(
        "".join(str(o.get("text", "")) for o in c.get("outputs", [])) + c.source
        for c in nb.cells
    )


def test_export_csv_ranks_strong_over_mediocre_over_empty(course):
    course_dir, _ = course
    got = scores(course_dir)
    assert set(got) == set(TRAINEES)
    assert got["ann"] > got["ben"] > got["cay"] == 0.0, got
    assert got["ann"] >= 0.8 * 30  # three cases of ten points
    assert got["dan"] == 0.0 and got["eve"] == 0.0, got


def test_edited_test_cells_are_restored_and_added_code_is_not_run(course):
    course_dir, _ = course
    text = autograded(course_dir, "dan")
    assert "### BEGIN HIDDEN TESTS" in text and "# all good" not in text
    assert "Not run during grading" in text and "patched" in text  # shown, never executed
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}", COURSE_ID) as gb:
        submission = gb.find_submission(NAME, "dan")
        assert submission.score == 0
        ann = gb.find_grade("case1_facts", "assessment", NAME, "ann")
        assert 0 < ann.auto_score <= ann.max_score
        restored = gb.find_grade("case1_privacy", "assessment", NAME, "ben")
        assert restored.auto_score is not None and restored.auto_score > 0


def test_trainees_got_their_own_cases(course):
    course_dir, spec = course
    ann_ids = [case.id for case in spec.cases("ann")]
    ben_ids = [case.id for case in spec.cases("ben")]
    assert set(ann_ids).isdisjoint(ben_ids)
    ann_text, ben_text = autograded(course_dir, "ann"), autograded(course_dir, "ben")
    assert all(case_id in ann_text for case_id in ann_ids)
    assert not any(case_id in ben_text for case_id in ann_ids)
    assert "Grading the answers of ann (from nbgrader autograde)" in ann_text


def test_feedback_explains_each_dimension_and_each_zero(course):
    course_dir, _ = course
    feedback = course_dir / "feedback"
    ann = (feedback / "ann" / NAME / "assessment.html").read_text(encoding="utf-8")
    for expected in ("Case 1 (", "· tone:", "· speed:", "· facts:", "· privacy:",
                     "tone.greeting", "facts.stated", "simulated clock"):
        assert expected in ann, expected
    cay = (feedback / "cay" / NAME / "assessment.html").read_text(encoding="utf-8")
    assert "No points: there is no replylab_answers.jsonl" in cay
    eve = (feedback / "eve" / NAME / "assessment.html").read_text(encoding="utf-8")
    assert "were written for other cases" in eve


def test_no_graded_cell_crashed_for_anyone(course):
    """Missing, empty, foreign answers and tampering all end in a reason, never an error."""
    course_dir, _ = course
    for student in TRAINEES:
        nb = nbformat.read(course_dir / "autograded" / student / NAME / "assessment.ipynb", 4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                assert output["output_type"] != "error", (student, cell.source, output)
                assert output.get("name") != "stderr", (student, cell.source, output)
