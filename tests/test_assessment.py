"""Assessments without nbgrader: per-trainee cases, identity, the answers file, the simulated
clock, scoring into partial credit, and the hidden-test entry point in autograde mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_assessment_replies import mediocre_reply, strong_reply

from simulator.assessment import AssessmentError, AssessmentSession, AssessmentSpec
from simulator.assessment.answers import (
    ANSWERS_FILENAME,
    read_answers,
    remember_trainee,
    save_answer,
)
from simulator.assessment.clock import replay
from simulator.assessment.identity import (
    ENV_STUDENT_ID,
    grading_identity,
    identity_from_autograde_folder,
    practice_identity,
)
from simulator.assessment.scoring import build_report, points
from simulator.assessment.settings import AssessmentSettings, write_settings
from simulator.assessment.spec import check_student_id, code_fits, format_code, normalise_code

SPEC = AssessmentSpec(
    name="cert", families=("train_delay", "privacy_trap"), cases_per_trainee=3,
    locale="en", salt="unit",
)


@pytest.fixture(autouse=True)
def _clean_identity_env(monkeypatch):
    for name in (ENV_STUDENT_ID, "JUPYTERHUB_USER", "NBGRADER_EXECUTION"):
        monkeypatch.delenv(name, raising=False)


def write_answers(path: Path, cases, reply_for, *, student: str | None = None) -> None:
    """What the widgets append: who (with the access code), then one answer per Send."""
    if student:
        remember_trainee(path, student, "cert", SPEC.access_code(student))
    for case in cases:
        save_answer(path, case.id, reply_for(case), None, "2026-01-01T10:00:00+00:00")


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def rewrite(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))


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
    code = SPEC.access_code("alice")
    assert format_code(code) == "WQPT-XR6L-JF"  # the same on every machine, for ever
    assert SPEC.seed(code, 1) == int.from_bytes(
        __import__("hashlib").sha256(f"replylab-assessment:cert:{code[:8]}:1".encode())
        .digest()[:6], "big"
    )
    other_salt = AssessmentSpec(**{**SPEC.to_dict(), "salt": "other"})
    assert other_salt.plan("alice") != SPEC.plan("alice")


def test_the_trainee_side_needs_only_the_code_and_learns_nothing_else():
    code = SPEC.access_code("alice")
    public = SPEC.public()
    assert public.salt == "" and "unit" not in json.dumps(public.to_dict())
    assert [c.id for c in public.cases_for_code(format_code(code).lower())] == [
        c.id for c in SPEC.cases("alice")]
    with pytest.raises(AssessmentError, match="salt"):
        public.access_code("bob")  # another trainee's code cannot be made without the salt
    assert code_fits("alice", code) and not code_fits("bob", code)
    for bad in ("", "K7QX", "O0O0-O0O0-O0", 12):
        with pytest.raises(AssessmentError):
            normalise_code(bad)


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

    def problem() -> str:
        return str(read_answers(path).problem)

    assert "no answer was saved" in problem()
    path.write_text("")
    assert "empty" in problem()
    path.write_bytes(b"\x00\xff garbage\n[1, 2]\n{\"case_id\": 5}\n")
    sheet = read_answers(path)
    assert "no readable answer" in str(sheet.problem) and len(sheet.skipped) == 3
    assert "cannot be read" in str(read_answers(tmp_path).problem)  # a folder, not a file
    path.write_text('{"kind": "trainee", "student_id": "alice"}\n')
    assert problem().endswith("holds no answer")
    path.write_text('{"case_id": "x", "reply": 42}\n{"case_id": "x", "reply": "  "}\n')
    skipped = [str(m) for m in read_answers(path).skipped]
    assert skipped == ["line 1: the reply is not text", "line 2: an empty answer"]


def test_the_answers_file_keeps_no_grade_and_an_honest_file_shows_no_edits(tmp_path):
    path = tmp_path / ANSWERS_FILENAME
    write_answers(path, SPEC.cases("alice"), strong_reply, student="alice")
    text = path.read_text()
    assert "grade" not in text and "score" not in text and "total" not in text
    sheet = read_answers(path)
    assert sheet.edits == [] and len(sheet.answers) == 3 and sheet.started_at is not None
    assert [r["seq"] for r in records(path)] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        ("remove", "earlier records missing (1)"),
        ("swap", "out of the order"),
        ("change", "does not continue the record before it"),
        ("backdate", "before the record above it"),
    ],
)
def test_edits_by_hand_show(tmp_path, edit, expected):
    path = tmp_path / ANSWERS_FILENAME
    write_answers(path, SPEC.cases("alice"), strong_reply, student="alice")
    rows = records(path)
    if edit == "remove":
        del rows[1]
    elif edit == "swap":
        rows[1], rows[2] = rows[2], rows[1]
    elif edit == "change":
        rows[1]["reply"] = "a better reply written later"
    else:
        rows[3]["wall_time"] = "2001-01-01T00:00:00+00:00"
    rewrite(path, rows)
    assert any(expected in str(e) for e in read_answers(path).edits), read_answers(path).edits
    report = build_report(SPEC, identity("alice"), path)
    assert all(points(r, "speed", 1.5) == 0 for r in report.results)  # the clock is not trusted
    assert any("speed earns no points" in str(n) for n in report.notes)


def test_a_lone_surrogate_in_a_reply_is_saved_not_refused(tmp_path):
    path = tmp_path / ANSWERS_FILENAME
    save_answer(path, "c1", "broken paste \ud83d here", None, "2026-01-01T10:00:00+00:00")
    assert read_answers(path).answers[0].reply.startswith("broken paste")


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
    lines = records(path)
    for record in lines:
        record.update(wall_time="1999-01-01T00:00:00+00:00", latency_s=1.0, sim_sent_s=1.0)
    rewrite(path, lines)
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
    assert report.problem and "other cases" in str(report.problem)
    assert any("'alice'" in str(note) for note in report.notes)
    assert any("access code that is not the code of 'bob'" in str(n) for n in report.notes)
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
    assert report.results[1].error and "boom" in str(report.results[1].error)
    assert points(report.results[1], "tone", 2.5) == 0
    assert points(report.results[0], "tone", 2.5) > 0


def _write_at(path: Path, monkeypatch, when: str, write) -> None:
    import simulator.widgets.store as store

    monkeypatch.setattr(store, "wall_clock_now", lambda: when)
    write()


def write_timed(path: Path, monkeypatch, spec: AssessmentSpec, times: tuple[str, ...]) -> None:
    """alice starts at 10:00 on 1 January 2026 and answers her cases at `times` (HH:MM)."""
    _write_at(path, monkeypatch, "2026-01-01T10:00:00+00:00",
              lambda: remember_trainee(path, "alice", "cert", spec.access_code("alice")))
    for case, when in zip(spec.cases("alice"), times, strict=True):
        _write_at(path, monkeypatch, f"2026-01-01T{when}:00+00:00",
                  lambda case=case: save_answer(path, case.id, strong_reply(case), None, ""))


def test_the_time_limit_and_the_submission_time_count(tmp_path, monkeypatch):
    spec = AssessmentSpec(**{**SPEC.to_dict(), "time_limit_s": 1800.0})
    path = tmp_path / ANSWERS_FILENAME
    write_timed(path, monkeypatch, spec, ("10:10", "10:29", "10:31"))
    report = build_report(spec, identity("alice"), path)
    assert [r.answer is not None for r in report.results] == [True, True, False]
    assert any("more than 30 min after you started" in str(n) for n in report.notes)
    assert report.results[0].elapsed_s == 600
    submitted = __import__("datetime").datetime.fromisoformat("2026-01-01T10:20:00+00:00")
    report = build_report(spec, identity("alice"), path, submitted_at=submitted)
    assert [r.answer is not None for r in report.results] == [True, False, False]
    assert any("dated after the submission" in str(n) for n in report.notes)


# -- the hidden tests' entry point -------------------------------------------------------------

def session(folder: Path, locale: str = "en") -> AssessmentSession:
    return AssessmentSession(
        name="cert", families=["train_delay", "privacy_trap"], cases_per_trainee=3,
        locale=locale, folder=folder,
    )


def autograded(tmp_path: Path, student: str, spec: AssessmentSpec = SPEC) -> Path:
    """autograded/<student>/cert in a course whose settings hold the salt."""
    write_settings(tmp_path, AssessmentSettings(spec))
    folder = tmp_path / "autograded" / student / "cert"
    folder.mkdir(parents=True)
    return folder


def test_autograde_mode_prints_why_and_returns_a_float(tmp_path, monkeypatch, capsys):
    folder = autograded(tmp_path, "alice")
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
    folder = autograded(tmp_path, "erin")
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    run = session(folder)
    assert run.points(2, "tone", out_of=2.5) == 0.0
    assert "No points: there is no replylab_answers.jsonl" in capsys.readouterr().out


def test_autograde_takes_the_course_settings_not_the_notebooks(tmp_path, monkeypatch, capsys):
    """A notebook edited to Swedish and a longer time limit still grades by the course."""
    folder = autograded(tmp_path, "alice")
    write_answers(folder / ANSWERS_FILENAME, SPEC.cases("alice"), strong_reply)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    run = AssessmentSession(name="cert", families=["praise"], cases_per_trainee=1,
                            locale="sv", time_limit_s=0, folder=folder)
    assert run.points(3, "facts", out_of=3.5) > 3.0  # case 3 exists: the course has three
    assert "Case 3" in capsys.readouterr().out


def test_autograde_without_the_course_settings_says_so(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    write_answers(folder / ANSWERS_FILENAME, SPEC.cases("alice"), strong_reply)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    monkeypatch.setenv(ENV_STUDENT_ID, "alice")
    assert session(folder).points(1, "tone", out_of=2.5) == 0.0
    assert "settings were not found" in capsys.readouterr().out


def test_a_replaced_grader_is_refused_and_planted_files_are_named(tmp_path, monkeypatch, capsys):
    import types

    folder = autograded(tmp_path, "alice")
    write_answers(folder / ANSWERS_FILENAME, SPEC.cases("alice"), strong_reply)
    (folder / "grading.py").write_text("def grade(*a, **k): raise SystemExit\n")
    (folder / "__pycache__").mkdir()
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    run = session(folder)
    run.start()  # the setup cell: says once what was found
    assert run.points(1, "facts", out_of=3.5) > 3.0  # the installed grader, not the planted one
    out = capsys.readouterr().out
    assert "grading.py" in out and "__pycache__/" in out and "were not used" in out
    fake = types.ModuleType("grading.fake")
    fake.__file__ = str(folder / "grading.py")
    monkeypatch.setitem(__import__("sys").modules, "grading.fake", fake)
    run = session(folder)
    assert run.points(1, "facts", out_of=3.5) == 0.0
    assert "replaced by files in the submission (grading.fake)" in capsys.readouterr().out


def test_swedish_feedback_is_swedish_and_long_lines_wrap(tmp_path, monkeypatch, capsys):
    spec = AssessmentSpec(**{**SPEC.to_dict(), "locale": "sv"})
    folder = autograded(tmp_path, "alice", spec)
    long_reply = lambda case: strong_reply(case) + " " + "mycket lång mening " * 30  # noqa: E731
    write_answers(folder / ANSWERS_FILENAME, spec.cases("alice"), long_reply)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    run = session(folder, "sv")
    run.start()
    run.show(1)
    for dimension in ("tone", "speed", "facts", "privacy"):
        run.points(1, dimension, out_of=2.5)
    run.summary()
    out = capsys.readouterr().out
    assert "Ärende 1" in out and "simulerad klocka" in out and "totalt:" in out
    for english in ("Case ", " points", "simulated clock", "your answer", "Grading the"):
        assert english not in out, english
    assert max(len(line) for line in out.splitlines()) <= 88


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
    desk.enter("frank", "AAAA-AAAA-AA")
    assert desk.identity is None and "access code" in desk.banner.value  # not frank's code
    desk.enter("frank", format_code(SPEC.access_code("frank")).lower())
    case = desk.cases[0]
    assert [c.id for c in desk.cases] == [c.id for c in SPEC.cases("frank")]
    exercise = AssessmentExercise(case, replies_path=str(run.answers_path))
    exercise.set_reply(strong_reply(case))
    exercise.send()
    assert "Saved (attempt 1)" in exercise.feedback.value
    assert "rl-total" not in exercise.feedback.value  # no score during the assessment
    sheet = read_answers(run.answers_path)
    assert sheet.trainee == "frank" and [a.case_id for a in sheet.answers] == [case.id]
    assert "answer saved" in desk._summary_html()
    assert "grade" not in run.answers_path.read_text()
    # A restarted kernel remembers the name and the code from the answers file.
    again = PracticeDesk(session(tmp_path))
    again.start()
    assert again.identity.student_id == "frank" and again.cases == desk.cases


def test_nothing_heavy_is_imported_for_grading(tmp_path):
    folder = autograded(tmp_path, "alice")
    write_answers(folder / ANSWERS_FILENAME, SPEC.cases("alice"), strong_reply)
    code = (
        "import os, sys; os.environ['NBGRADER_EXECUTION'] = 'autograde';"
        "from simulator.assessment import AssessmentSession;"
        f"s = AssessmentSession(name='cert', families={list(SPEC.families)}, "
        "cases_per_trainee=3, locale='en', folder='.');"
        "os.environ['REPLYLAB_STUDENT_ID'] = 'alice'; print(s.points(1, 'tone', 1));"
        "print(sorted(m for m in ('ipywidgets', 'nbformat', 'nbgrader', 'matplotlib')"
        " if m in sys.modules))"
    )
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=folder).stdout
    assert float(out.strip().splitlines()[-2]) > 0.5  # it did grade
    assert out.strip().splitlines()[-1] == "[]"


def test_answers_after_the_due_date_do_not_count(tmp_path, monkeypatch, capsys):
    """The hook passes the trainee's due date (with any extension) from the gradebook."""
    from datetime import datetime

    from simulator.assessment.session import ENV_DUE_DATE

    folder = autograded(tmp_path, "alice")
    path = folder / ANSWERS_FILENAME
    write_timed(path, monkeypatch, SPEC, ("10:10", "10:20", "11:30"))
    due = datetime.fromisoformat("2026-01-01T11:00:00+00:00")
    report = build_report(SPEC, identity("alice"), path, due_at=due)
    assert [r.answer is not None for r in report.results] == [True, True, False]
    assert any("after the due date (2026-01-01 11:00 UTC)" in str(n) for n in report.notes)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    monkeypatch.setenv(ENV_DUE_DATE, "2026-01-01T11:00:00+00:00")
    assert session(folder).points(3, "facts", out_of=3.5) == 0.0
    assert "answers were saved, but none in time" in capsys.readouterr().out
