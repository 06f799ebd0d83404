"""The whole instructor workflow with the real nbgrader command line, in a temporary course and
exchange: build, generate_assignment, release_assignment, trainees fetch and submit, collect,
autograde, generate_feedback, export.

Trainees (their answers are typed into the real exercise widget, driven without a browser):
ann writes strong replies; ben mediocre ones, and deletes a graded cell; cay submits without
answering; dan answers nothing but edits every graded cell to return full marks and adds a cell
that patches the scorer; eve submits a copy of ann's answers file; fay writes mediocre replies
and plants code that would replace the grader (grading.py, simulator/, scenarios/, a .pth, a
sitecustomize.py, a __pycache__); gus writes mediocre replies and copies, invents and moves
locked cells; hal writes strong replies twice and deletes his first attempts from the file; ivy
answers honestly, and jon, after submitting his own work, submits his answers again under ivy's
id; kim answers, then her notebook file is cut short (it cannot be read). Then the instructor
runs `verify` (also on a copy of the course whose gradebook was edited), and `regrade`.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import nbgrader_env
import pytest
from test_assessment_replies import E2E_FAMILIES, mediocre_reply, strong_reply

from simulator.assessment.answers import ANSWERS_FILENAME
from simulator.assessment.course import read_spec
from simulator.assessment.spec import format_code

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent
COURSE_ID = "replylab-e2e"
NAME = "cert"
TRAINEES = ("ann", "ben", "cay", "dan", "eve", "fay", "gus", "hal", "ivy", "jon", "kim")
PLANTED_GRADER = "def grade(*args, **kwargs):\n    raise SystemExit('planted grader ran')\n"


def run(args: list[str], cwd: Path, env: dict[str, str], fails_for: str = "") -> str:
    """Run an nbgrader command; `fails_for` names the one trainee it is expected to fail on."""
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=240)
    output = proc.stdout + proc.stderr
    if fails_for:
        assert proc.returncode == 1 and f"'{fails_for}'" in output, output
        failed = [line for line in output.splitlines() if "error processing assignment" in line]
        assert failed and all(fails_for in line for line in failed), failed
    else:
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

    public = spec.public()
    session = AssessmentSession(
        name=public.name, families=public.families, cases_per_trainee=public.cases_per_trainee,
        locale=public.locale, course_id=public.course_id, time_limit_s=public.time_limit_s,
        folder=folder,
    )
    desk = PracticeDesk(session)
    desk.enter(student, format_code(spec.access_code(student)))  # the code from the slip
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


def plant_code(folder: Path) -> None:
    """fay: everything Python could import instead of replylab's own code."""
    (folder / "grading.py").write_text(PLANTED_GRADER)
    for package in ("simulator", "scenarios"):
        (folder / package).mkdir()
        (folder / package / "__init__.py").write_text("raise SystemExit('planted package ran')\n")
    (folder / "evil.pth").write_text("import sys; sys.exit('pth ran')\n")
    (folder / "sitecustomize.py").write_text("raise SystemExit('sitecustomize ran')\n")
    (folder / "__pycache__").mkdir()
    (folder / "__pycache__" / "grading.cpython-311.pyc").write_bytes(b"not bytecode")


def shuffle_cells(notebook: Path) -> None:
    """gus: copies of the setup and of a graded cell, an invented graded cell, the setup moved,
    a graded cell after a locked one deleted, a `solution` flag flipped."""
    nb = nbformat.read(notebook, as_version=4)

    def cell(grade_id: str):
        return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id")
                    == grade_id)

    setup, graded = cell("setup"), cell("case1_tone")
    copies = [nbformat.from_dict(json.loads(json.dumps(c))) for c in (setup, graded)]
    invented = nbformat.v4.new_code_cell("3.5")
    invented.metadata["nbgrader"] = {**graded.metadata["nbgrader"], "grade_id": "case9_facts"}
    cell("case3_speed").metadata["nbgrader"]["solution"] = True
    deleted = cell("case2_tone")
    cells = [c for c in nb.cells if c is not setup and c is not deleted]
    nb.cells = cells[:4] + [setup, *copies, invented] + cells[4:]
    for cell in nb.cells:
        cell.pop("id", None)
    nbformat.write(nbformat.v4.upgrade(nb), notebook)


def drop_first_attempts(answers: Path) -> None:
    """hal: delete the earlier attempts, to look faster on the simulated clock."""
    lines = answers.read_text().splitlines(keepends=True)
    keep = [line for line in lines if '"kind": "trainee"' in line]
    answers_only = [line for line in lines if line not in keep]
    answers.write_text("".join(keep + answers_only[len(answers_only) // 2:]))


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
         "--locale", "en", "--salt", "s3cret-e2e-salt", "--course-id", COURSE_ID,
         "--exchange", str(exchange)], root, env)
    nbgrader = str(BIN / "nbgrader")
    run([nbgrader, "generate_assignment", NAME], course_dir, env)
    run([nbgrader, "release_assignment", NAME], course_dir, env)

    spec, _ = read_spec(course_dir, NAME)
    exchange_flag = f"--Exchange.root={exchange}"
    released = (course_dir / "release" / NAME / "assessment.ipynb").read_text()
    assert spec.salt not in released and "salt" not in released
    for student in TRAINEES:
        home = root / "trainees" / student
        trainee_env = isolated_env(home)
        run([nbgrader, "fetch_assignment", NAME, "--course", COURSE_ID, exchange_flag],
            home, trainee_env)
        folder = home / NAME
        assert (folder / "assessment.ipynb").exists()
        assert not (folder / ANSWERS_FILENAME).exists()
        if student in ("ann", "ivy", "jon"):
            answer_with_widgets(folder, student, spec, strong_reply)
        elif student == "ben":
            answer_with_widgets(folder, student, spec, mediocre_reply)
            delete_cell(folder / "assessment.ipynb", "case1_privacy")
        elif student == "dan":
            tamper(folder / "assessment.ipynb")
        elif student == "eve":
            shutil.copy(root / "trainees/ann" / NAME / ANSWERS_FILENAME, folder)
        elif student == "fay":
            answer_with_widgets(folder, student, spec, mediocre_reply)
            plant_code(folder)
        elif student == "gus":
            answer_with_widgets(folder, student, spec, mediocre_reply)
            shuffle_cells(folder / "assessment.ipynb")
        elif student == "kim":
            answer_with_widgets(folder, student, spec, mediocre_reply)
            notebook = folder / "assessment.ipynb"
            notebook.write_text(notebook.read_text()[:2000])
        elif student == "hal":
            answer_with_widgets(folder, student, spec, strong_reply)
            answer_with_widgets(folder, student, spec, strong_reply)
            drop_first_attempts(folder / ANSWERS_FILENAME)
        run([nbgrader, "submit", NAME, "--course", COURSE_ID, "--student", student,
             exchange_flag], home, trainee_env)
    # jon, on the same machine, submits his own folder once more under ivy's id.
    time.sleep(1.1)  # nbgrader's inbound names carry the time: one submission per second
    run([nbgrader, "submit", NAME, "--course", COURSE_ID, "--student", "ivy", exchange_flag],
        root / "trainees" / "jon", isolated_env(root / "trainees" / "jon"))

    run([nbgrader, "collect", NAME], course_dir, env)
    logs = run([nbgrader, "autograde", NAME], course_dir, env, fails_for="kim")
    run([nbgrader, "generate_feedback", NAME], course_dir, env)  # kim has nothing to show
    run([nbgrader, "export"], course_dir, env)
    return course_dir, spec, logs


def replylab(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = isolated_env(cwd / ".home")
    return subprocess.run([str(BIN / "replylab"), "assessment", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def rescored(course_dir: Path, student: str) -> float:
    """What `replylab assessment score` gives the collected answers file, outside nbgrader."""
    answers = course_dir / "submitted" / student / NAME / ANSWERS_FILENAME
    proc = replylab(["score", "--course", str(course_dir), "--name", NAME, "--student", student,
                     "--answers", str(answers)], course_dir)
    assert proc.returncode == 0, proc.stderr
    return float(proc.stdout.strip().splitlines()[-1].split()[1])


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
    course_dir, _, _ = course
    got = scores(course_dir)
    print("grades.csv:", got)  # shown with pytest -s: the numbers quoted in the notes
    assert set(got) == set(TRAINEES)
    assert got["ann"] > got["ben"] > got["cay"] == 0.0, got
    assert got["ann"] >= 0.8 * 30  # three cases of ten points
    assert got["dan"] == 0.0 and got["eve"] == 0.0, got
    with open(course_dir / "grades.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            assert len(row["score"].partition(".")[2]) <= 2, row  # no 10.549999999999999


def test_edited_test_cells_are_restored_and_added_code_is_not_run(course):
    course_dir, _, _ = course
    text = autograded(course_dir, "dan")
    assert "assessment.points(1, 'facts'" in text and "# all good" not in text
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
    course_dir, spec, _ = course
    ann_ids = [case.id for case in spec.cases("ann")]
    ben_ids = [case.id for case in spec.cases("ben")]
    assert set(ann_ids).isdisjoint(ben_ids)
    ann_text, ben_text = autograded(course_dir, "ann"), autograded(course_dir, "ben")
    assert all(case_id in ann_text for case_id in ann_ids)
    assert not any(case_id in ben_text for case_id in ann_ids)
    assert "Grading the answers of ann (from nbgrader autograde)" in ann_text


def test_feedback_explains_each_dimension_and_each_zero(course):
    course_dir, _, _ = course
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
    course_dir, _, _ = course
    for student in TRAINEES:
        if student == "kim":  # her notebook cannot be read: nbgrader grades nothing (verify says)
            assert not (course_dir / "autograded" / student / NAME).exists()
            continue
        nb = nbformat.read(course_dir / "autograded" / student / NAME / "assessment.ipynb", 4)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                assert output["output_type"] != "error", (student, cell.source, output)
                assert output.get("name") != "stderr", (student, cell.source, output)


def test_planted_code_never_replaces_the_grader(course):
    course_dir, _, logs = course
    assert "fay's submission holds code files, not imported: evil.pth, grading.py" in logs
    got = scores(course_dir)
    assert got["fay"] == rescored(course_dir, "fay") < got["ann"]  # the honest, mediocre score
    outputs = autograded(course_dir, "fay")
    for ran in ("planted grader ran", "planted package ran", "pth ran", "sitecustomize ran"):
        assert f"SystemExit: {ran}" not in outputs and f"\n{ran}" not in outputs
    feedback = (course_dir / "feedback" / "fay" / NAME / "assessment.html").read_text()
    for name in ("grading.py", "simulator/", "scenarios/", "evil.pth", "sitecustomize.py"):
        assert name in feedback, name
    assert "they were not used" in feedback
    # nbgrader's own ignore list keeps __pycache__ out of the submission altogether
    assert not (course_dir / "submitted" / "fay" / NAME / "__pycache__").exists()


def test_copied_invented_and_moved_cells_still_grade_the_answers(course):
    course_dir, _, logs = course
    got = scores(course_dir)
    assert got["gus"] == rescored(course_dir, "gus") > 0
    feedback = (course_dir / "feedback" / "gus" / NAME / "assessment.html").read_text()
    assert "the notebook was repaired before grading" in feedback
    words = " ".join(feedback.split())  # the feedback wraps long lines
    for repair in ("copy of the locked cell setup", "case9_facts", "put back in their order",
                   "deleted cell case2_tone was restored", "case3_speed were changed"):
        assert repair in words, repair
    assert "NameError" not in feedback and "Traceback (most recent call last)" not in feedback
    assert "grade_id" not in logs


def test_only_edited_cells_log_checksum_warnings(course):
    """Honest submissions are quiet, so the warnings that remain mean something."""
    _, _, logs = course
    warned = [line for line in logs.splitlines() if "'checksum'" in line]
    assert warned, "dan edited every graded cell: nbgrader must notice"
    tampered = {f"case{n}_{d}" for n in (1, 2, 3) for d in ("tone", "speed", "facts", "privacy")}
    assert {line.split("cell ")[1].split()[0] for line in warned} <= tampered | {"setup"}
    assert len(warned) <= len(tampered) * 2  # dan and gus's copies only, never all ten trainees


def test_verify_names_every_trainee_to_look_at(course):
    course_dir, _, _ = course
    proc = replylab(["verify", "--course", str(course_dir), "--name", NAME], course_dir)
    assert proc.returncode == 1, proc.stdout + proc.stderr  # something to look at
    out = proc.stdout
    flagged = {line.split(":")[0][2:] for line in out.splitlines() if line.startswith("- ")}
    assert {"cay", "dan", "eve", "fay", "hal", "ivy"} <= flagged, out
    assert not {"ann", "ben", "jon"} & flagged, out
    assert "hal: answers file edited by hand" in out
    assert "ivy: answers to the cases of jon" in out and "earlier submission" in out
    assert "eve: answers to the cases of ann" in out
    assert "fay: the submission holds code files" in out
    assert "kim: did not autograde: the submitted notebook cannot be read" in out
    assert "points differ" not in out  # the gradebook agrees with a fresh re-score


def test_verify_catches_a_gradebook_that_disagrees_with_the_answers(course, tmp_path):
    """What a replaced grader leaves behind: points in the gradebook the answers do not earn."""
    from nbgrader.api import Gradebook

    course_dir, _, _ = course
    copy = tmp_path / "course"
    shutil.copytree(course_dir, copy)
    with Gradebook(f"sqlite:///{copy / 'gradebook.db'}", COURSE_ID) as gb:
        grade = gb.find_grade("case2_facts", "assessment", NAME, "ben")
        assert grade.auto_score < 3.5
        grade.auto_score = 3.5
        gb.db.commit()
    proc = replylab(["verify", "--course", str(copy), "--name", NAME], copy)
    assert "ben: points differ from a fresh re-score: case2_facts 3.5 in the gradebook" in (
        proc.stdout), proc.stdout


def test_regrade_applies_new_points_and_keeps_everyones_cases(course):
    course_dir, spec, _ = course
    before = scores(course_dir)
    proc = replylab(["regrade", "--course", str(course_dir), "--name", NAME,
                     "--points", "tone=5,speed=0.5,facts=3,privacy=1.5"], course_dir)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "autograde failed for kim" in proc.stdout
    subprocess.run([str(BIN / "nbgrader"), "export"], cwd=course_dir, check=True,
                   env=isolated_env(course_dir.parent / "instructor"), capture_output=True)
    after = scores(course_dir)
    new_spec, points = read_spec(course_dir, NAME)
    assert new_spec.salt == spec.salt and points["tone"] == 5.0
    assert after["ann"] > 0 and after["ann"] != before["ann"]
    assert after["ann"] > after["ben"] > after["cay"] == 0.0
    assert after["ann"] == rescored(course_dir, "ann")
