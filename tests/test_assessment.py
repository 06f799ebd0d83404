"""Assessments without nbgrader: per-trainee cases, identity, the answers file, the simulated
clock, scoring into partial credit, and the hidden-test entry point in autograde mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_assessment_replies import mediocre_reply, strong_reply

from simulator.assessment import AssessmentError, AssessmentSession, AssessmentSpec
from simulator.assessment.answers import ANSWERS_FILENAME, read_answers
from simulator.assessment.clock import replay
from simulator.assessment.identity import (
    ENV_STUDENT_ID,
    grading_identity,
    identity_from_autograde_folder,
    practice_identity,
)
from simulator.assessment.scoring import build_report, points
from simulator.assessment.spec import check_student_id
from simulator.widgets.store import ReplyStore, attempt_record

SPEC = AssessmentSpec(
    name="cert", families=("train_delay", "privacy_trap"), cases_per_trainee=3,
    locale="en", salt="unit",
)


@pytest.fixture(autouse=True)
def _clean_identity_env(monkeypatch):
    for name in (ENV_STUDENT_ID, "JUPYTERHUB_USER", "NBGRADER_EXECUTION"):
        monkeypatch.delenv(name, raising=False)


def write_answers(path: Path, cases, reply_for, *, student: str | None = None) -> None:
    """What the exercise widget appends: one attempt_record per Send."""
    store = ReplyStore(path)
    if student:
        store.append({"kind": "trainee", "student_id": student, "assessment": "cert"})
    for case in cases:
        store.append(attempt_record(
            case, mode="exercise", attempt=1, reply=reply_for(case), action=None,
            shown_at="2026-01-01T10:00:00+00:00", sim_clock="post", sim_shown_s=0.0,
            sim_sent_s=0.0, latency_s=None,
        ))


def identity(student: str):
    from simulator.assessment.identity import Identity

    return Identity(student, "test")


# -- which cases -------------------------------------------------------------------------------

def test_same_trainee_same_cases_other_trainee_other_cases():
    alice = [c.id for c in SPEC.cases("alice")]
    assert alice == [c.id for c in SPEC.cases("alice")]
    assert set(alice).isdisjoint(c.id for c in SPEC.cases("bob"))
    assert [c.family for c in SPEC.cases("alice")] == ["train_delay", "privacy_trap", "train_delay"]


def test_seeds_are_pinned_so_every_machine_agrees():
    assert SPEC.seed("alice", 1) == int.from_bytes(
        __import__("hashlib").sha256(b"replylab-assessment:unit:cert:alice:1").digest()[:6], "big"
    )
    other_salt = AssessmentSpec(**{**SPEC.to_dict(), "salt": "other"})
    assert other_salt.plan("alice") != SPEC.plan("alice")


@pytest.mark.parametrize("bad", ["", "  ", "a/b", "x*", "a+b", "tab\there", 7])
def test_student_ids_nbgrader_cannot_hold_are_refused(bad):
    with pytest.raises(AssessmentError):
        check_student_id(bad)


@pytest.mark.parametrize(
    ("change", "message"),
    [({"name": "two words"}, "assessment name"), ({"locale": "de"}, "unknown locale"),
     ({"cases_per_trainee": 0}, "cases per trainee"), ({"families": ("nope",)}, "nope")],
)
def test_spec_validation_names_the_problem(change, message):
    with pytest.raises(ValueError, match=message):
        AssessmentSpec(**{**SPEC.to_dict(), **change}).validate()


# -- who -------------------------------------------------------------------------------------

def test_grading_identity_prefers_the_hook_then_the_autograded_folder(tmp_path, monkeypatch):
    folder = tmp_path / "autograded" / "carol" / "cert"
    folder.mkdir(parents=True)
    assert grading_identity(folder).student_id == "carol"
    assert identity_from_autograde_folder(tmp_path) is None
    monkeypatch.setenv(ENV_STUDENT_ID, "dave")
    assert grading_identity(folder).student_id == "dave"


def test_practice_identity_order(monkeypatch):
    assert practice_identity(None) is None
    assert practice_identity("typed").student_id == "typed"
    monkeypatch.setenv("JUPYTERHUB_USER", "hubuser")
    assert practice_identity("typed").student_id == "hubuser"
    monkeypatch.setenv(ENV_STUDENT_ID, "explicit")
    assert practice_identity("typed").student_id == "explicit"


# -- the answers file ----------------------------------------------------------------------------

def test_missing_empty_and_garbage_files_say_so(tmp_path):
    path = tmp_path / ANSWERS_FILENAME
    assert "no answer was saved" in read_answers(path).problem
    path.write_text("")
    assert "empty" in read_answers(path).problem
    path.write_bytes(b"\x00\xff garbage\n[1, 2]\n{\"case_id\": 5}\n")
    sheet = read_answers(path)
    assert "no readable answer" in sheet.problem and len(sheet.skipped) == 3
    assert "cannot be read" in read_answers(tmp_path).problem  # a folder where the file was
    path.write_text('{"kind": "trainee", "student_id": "alice"}\n')
    assert read_answers(path).problem.endswith("holds no answer")
    path.write_text('{"case_id": "x", "reply": 42}\n{"case_id": "x", "reply": "  "}\n')
    skipped = read_answers(path).skipped
    assert skipped == ["line 1: the reply is not text", "line 2: an empty answer"]


def test_a_torn_last_line_loses_only_that_line(tmp_path):
    path = tmp_path / ANSWERS_FILENAME
    write_answers(path, SPEC.cases("alice")[:2], strong_reply, student="alice")
    with open(path, "ab") as handle:
        handle.write(b'{"case_id": "train_delay-en-1", "reply": "cut of')
    sheet = read_answers(path)
    assert sheet.problem is None and len(sheet.answers) == 2 and len(sheet.skipped) == 1
    assert sheet.trainee == "alice"


# -- the simulated clock -------------------------------------------------------------------------

def test_clock_follows_order_and_work_not_timestamps(tmp_path):
    cases = SPEC.cases("alice")
    by_id = {c.id: c for c in cases}
    path = tmp_path / ANSWERS_FILENAME
    write_answers(path, cases, strong_reply)
    first = replay(read_answers(path).answers, by_id)
    # Editing every timestamp and recorded latency changes nothing.
    lines = [json.loads(line) for line in path.read_text().splitlines()]
    for record in lines:
        record.update(sent_at="1999-01-01T00:00:00+00:00", latency_s=1.0, sim_sent_s=1.0)
    path.write_text("\n".join(json.dumps(r) for r in lines) + "\n")
    assert replay(read_answers(path).answers, by_id) == first
    # Answering in the reverse order makes the last case faster and the first one slower.
    reverse = replay(list(reversed(read_answers(path).answers)), by_id)
    assert reverse[cases[-1].id].answered_at_s < first[cases[-1].id].answered_at_s
    assert reverse[cases[0].id].answered_at_s > first[cases[0].id].answered_at_s
    # A longer reply costs more typing time; a second attempt costs both.
    assert first[cases[1].id].answered_at_s > first[cases[0].id].answered_at_s
    again = replay([*read_answers(path).answers, read_answers(path).answers[0]], by_id)
    assert again[cases[0].id].attempts == 2
    assert again[cases[0].id].answered_at_s > first[cases[-1].id].answered_at_s




# -- scoring ---------------------------------------------------------------------------------

def test_strong_beats_mediocre_beats_nothing(tmp_path):
    reports = {}
    for name, writer in [("strong", strong_reply), ("mediocre", mediocre_reply)]:
        path = tmp_path / f"{name}.jsonl"
        write_answers(path, SPEC.cases("alice"), writer)
        reports[name] = build_report(SPEC, identity("alice"), path)
    reports["none"] = build_report(SPEC, identity("alice"), tmp_path / "missing.jsonl")

    def total(report):
        return sum(points(r, d, 2.5) for r in report.results for d in ("tone", "facts", "privacy"))

    assert total(reports["strong"]) > total(reports["mediocre"]) > total(reports["none"]) == 0
    for result in reports["strong"].results:
        for dimension in ("tone", "speed", "facts", "privacy"):
            assert 0 <= points(result, dimension, 2.5) <= 2.5


def test_answers_written_for_another_trainee_score_nothing(tmp_path):
    path = tmp_path / ANSWERS_FILENAME
    write_answers(path, SPEC.cases("alice"), strong_reply, student="alice")
    report = build_report(SPEC, identity("bob"), path)
    assert report.problem and "other cases" in report.problem
    assert any("'alice'" in note for note in report.notes)
    assert all(points(r, "facts", 3.5) == 0 for r in report.results)


def test_a_grader_failure_costs_only_that_case(tmp_path, monkeypatch):
    import simulator.assessment.scoring as scoring

    path = tmp_path / ANSWERS_FILENAME
    write_answers(path, SPEC.cases("alice"), strong_reply)
    real = scoring._grade

    def flaky(answer, case, latency_s, rubric):
        if case.id == SPEC.cases("alice")[1].id:
            raise RuntimeError("boom")
        return real(answer, case, latency_s, rubric)

    monkeypatch.setattr(scoring, "_grade", flaky)
    report = build_report(SPEC, identity("alice"), path)
    assert report.results[1].error and "boom" in report.results[1].error
    assert points(report.results[1], "tone", 2.5) == 0
    assert points(report.results[0], "tone", 2.5) > 0


# -- the hidden tests' entry point -------------------------------------------------------------

def session(folder: Path) -> AssessmentSession:
    return AssessmentSession(
        name="cert", families=["train_delay", "privacy_trap"], cases_per_trainee=3,
        locale="en", salt="unit", folder=folder,
    )


def test_autograde_mode_prints_why_and_returns_a_float(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "autograded" / "alice" / "cert"
    folder.mkdir(parents=True)
    write_answers(folder / ANSWERS_FILENAME, SPEC.cases("alice"), strong_reply)
    (folder / ANSWERS_FILENAME).open("a").write("not json\n")  # a warning must not reach stderr
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    run = session(folder)
    run.start()
    run.show(1)
    earned = run.points(1, "facts", out_of=3.5)
    run.summary()
    out, err = capsys.readouterr()
    assert isinstance(earned, float) and 3.0 <= earned <= 3.5
    assert err == ""
    assert "Grading the answers of alice" in out and "facts.stated" in out
    assert "skipped unreadable records" in out and "total:" in out
    assert run.points(9, "facts", out_of=3.5) == 0.0
    assert run.points(1, "charm", out_of=1) == 0.0


def test_autograde_without_any_answers_is_zero_with_a_reason(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "autograded" / "erin" / "cert"
    folder.mkdir(parents=True)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    run = session(folder)
    assert run.points(2, "tone", out_of=2.5) == 0.0
    assert "No points: there is no replylab_answers.jsonl" in capsys.readouterr().out


def test_autograde_survives_an_unexpected_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    run = session(tmp_path)
    monkeypatch.setattr(run, "report", lambda: (_ for _ in ()).throw(OSError("disk gone")))
    assert run.points(1, "tone", out_of=2.5) == 0.0
    assert "could not be graded (OSError: disk gone)" in capsys.readouterr().out


def test_practice_mode_saves_through_the_exercise_widget_without_showing_scores(tmp_path):
    from simulator.assessment.practice import AssessmentExercise, PracticeDesk

    run = session(tmp_path)
    desk = PracticeDesk(run)
    desk.enter("frank")
    case = desk.cases[0]
    exercise = AssessmentExercise(case, replies_path=str(run.answers_path))
    exercise.set_reply(strong_reply(case))
    exercise.send()
    assert "Saved (attempt 1)" in exercise.feedback.value
    assert "rl-total" not in exercise.feedback.value  # no score during the assessment
    sheet = read_answers(run.answers_path)
    assert sheet.trainee == "frank" and [a.case_id for a in sheet.answers] == [case.id]
    assert "answer saved" in desk._summary_html()
    # A restarted kernel remembers the name from the answers file.
    assert practice_identity(read_answers(run.answers_path).trainee).student_id == "frank"


def test_nothing_heavy_is_imported_for_grading(tmp_path):
    write_answers(tmp_path / ANSWERS_FILENAME, SPEC.cases("alice"), strong_reply)
    code = (
        "import os, sys; os.environ['NBGRADER_EXECUTION'] = 'autograde';"
        "from simulator.assessment import AssessmentSession;"
        f"s = AssessmentSession(name='cert', families={list(SPEC.families)}, "
        "cases_per_trainee=3, locale='en', salt='unit', folder='.');"
        "os.environ['REPLYLAB_STUDENT_ID'] = 'alice'; print(s.points(1, 'tone', 1));"
        "print(sorted(m for m in ('ipywidgets', 'nbformat', 'nbgrader', 'matplotlib')"
        " if m in sys.modules))"
    )
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=tmp_path).stdout
    assert float(out.strip().splitlines()[-2]) > 0.5  # it did grade
    assert out.strip().splitlines()[-1] == "[]"
