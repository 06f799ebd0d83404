"""Grade one trainee's answers file against their own cases, for nbgrader's hidden test cells.

Every path ends in a report, never an exception: a grade cell that raises scores zero in
nbgrader but shows a traceback instead of a reason, and an answers file that is missing, empty,
damaged, edited or written for someone else's cases must read as exactly that in the feedback.
Two clocks count: the simulated one gives the speed score (from the work the answers show), the
real one enforces the instructor's time limit (answers saved later do not count) and the
submission time (answers dated after it cannot be honest).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.assessment.answers import CLOCK_SLACK_S, Answer, read_answers
from simulator.assessment.guard import planted_files
from simulator.assessment.identity import Identity
from simulator.assessment.messages import Message, Minutes, msg, several
from simulator.assessment.settings import AssessmentSettings
from simulator.assessment.spec import AssessmentSpec

if TYPE_CHECKING:
    from grading import Grade
    from scenarios import Case
    from simulator.assessment.answers import AnswerSheet
    from simulator.assessment.clock import Timing

DIMENSIONS: tuple[str, ...] = ("tone", "speed", "facts", "privacy")


@dataclass
class CaseResult:
    """One case of the trainee: their last counted answer to it, when, and its grade."""

    number: int
    case: Case
    answer: Answer | None = None
    timing: Timing | None = None
    elapsed_s: float | None = None  # real time from the trainee's start to this answer
    grade: Grade | None = None
    error: Message | None = None
    speed_void: bool = False  # the file was edited: the simulated clock cannot be trusted
    uncounted: int = 0  # answers to this case saved too late (the notes say why)

    def score(self, dimension: str) -> float | None:
        """0-100 for the dimension; None when the grader does not assess it for this case."""
        if self.grade is None or (dimension == "speed" and self.speed_void):
            return 0.0
        value = self.grade.dimensions.get(dimension)
        if value is None or not math.isfinite(value):
            return None
        return min(max(float(value), 0.0), 100.0)


@dataclass
class TraineeReport:
    """Everything the hidden tests print and score, computed once per kernel."""

    identity: Identity | None
    results: list[CaseResult] = field(default_factory=list)
    problem: Message | None = None  # nothing could be graded: every question scores zero
    notes: list[Message] = field(default_factory=list)
    edits: list[Message] = field(default_factory=list)  # signs of editing, for verify too
    time_limit_s: float = 0.0

    def result(self, number: int) -> CaseResult | None:
        if 1 <= number <= len(self.results):
            return self.results[number - 1]
        return None


def planted_note(folder: Path) -> list[Message]:
    """The note naming code files in a submission folder (none when there are none)."""
    planted = planted_files(folder)
    return [msg("planted", files=", ".join(planted))] if planted else []


def _grade(answer: Answer, case: Case, latency_s: float, rubric: dict) -> Grade:
    import grading

    return grading.grade(answer.reply, case, latency_s=latency_s, rubric=rubric)


def _foreign(sheet_ids: list[str], own: list[Case], identity: Identity) -> Message:
    return msg(
        "foreign",
        theirs=", ".join(sorted(set(sheet_ids))[:3]),
        student=identity.student_id,
        mine=", ".join(case.id for case in own[:3]),
    )


def _read_notes(sheet: AnswerSheet, identity: Identity, spec: AssessmentSpec) -> list[Message]:
    notes = []
    if sheet.skipped:
        notes.append(msg("skipped", details=several(sheet.skipped)))
    if sheet.trainee and sheet.trainee != identity.student_id:
        notes.append(msg("other_name", name=sheet.trainee, student=identity.student_id))
    if sheet.code and not spec.is_code_of(identity.student_id, sheet.code):
        notes.append(msg("other_code", student=identity.student_id))
    return notes


def _within_time(
    answers: list[Answer],
    started_at: datetime | None,
    limit_s: float,
    submitted_at: datetime | None,
    due_at: datetime | None = None,
) -> tuple[list[Answer], list[Message]]:
    """The answers that count under the time limit, the submission time and the due date, and
    why the others do not."""
    counted: list[Answer] = []
    late = undated = after = overdue = 0
    for answer in answers:
        when = answer.saved_at
        if submitted_at and when and (when - submitted_at).total_seconds() > CLOCK_SLACK_S:
            after += 1
        elif due_at and when and (when - due_at).total_seconds() > CLOCK_SLACK_S:
            overdue += 1
        elif limit_s and when is None:
            undated += 1
        elif limit_s and started_at and when and (when - started_at).total_seconds() > limit_s:
            late += 1
        else:
            counted.append(answer)
    notes = []
    if late:
        notes.append(msg("late", n=late, limit=Minutes(limit_s)))
    if undated:
        notes.append(msg("no_time", n=undated))
    if after:
        notes.append(msg("after_submit", n=after, submitted=f"{submitted_at:%Y-%m-%d %H:%M}"))
    if overdue:
        notes.append(msg("after_due", n=overdue, due=f"{due_at:%Y-%m-%d %H:%M} UTC"))
    return counted, notes


def build_report(
    settings: AssessmentSettings | AssessmentSpec,
    identity: Identity | None,
    answers_path: Path,
    *,
    submitted_at: datetime | None = None,
    due_at: datetime | None = None,
) -> TraineeReport:
    """Read, match, time and grade; every failure becomes `problem`, a note or a case error."""
    if isinstance(settings, AssessmentSpec):
        settings = AssessmentSettings(settings)
    spec = settings.spec
    report = TraineeReport(identity=identity, time_limit_s=spec.time_limit_s)
    report.notes.extend(planted_note(answers_path.parent))
    if identity is None:
        report.problem = msg("unidentified")
        return report
    try:
        own_code = spec.access_code(identity.student_id)
        cases = spec.cases_for_code(own_code)
    except Exception as exc:  # a family that no longer loads must not crash the autograde
        report.problem = msg("cases_failed", error=str(exc))
        return report
    report.results = [CaseResult(number, case) for number, case in enumerate(cases, start=1)]
    sheet = read_answers(answers_path)
    report.notes.extend(_read_notes(sheet, identity, spec))
    report.edits = list(sheet.edits)
    if sheet.edits:
        report.notes.append(msg("edited", details=several(sheet.edits)))
        report.notes.append(msg("speed_void"))
    if sheet.problem:
        report.problem = sheet.problem
        return report
    by_id = {case.id: case for case in cases}
    own = [a for a in sheet.answers if a.case_id in by_id]
    if not own:
        report.problem = _foreign([a.case_id for a in sheet.answers], cases, identity)
        return report
    foreign = len(sheet.answers) - len(own)
    if foreign:
        report.notes.append(msg("foreign_ignored", n=foreign))
    counted, time_notes = _within_time(
        own, sheet.started_at, spec.time_limit_s, submitted_at, due_at
    )
    report.notes.extend(time_notes)
    from simulator.assessment.clock import replay

    timings = replay(counted, by_id)
    rubric = settings.grading_rubric()
    last = {a.case_id: a for a in counted}
    uncounted = Counter(a.case_id for a in own) - Counter(a.case_id for a in counted)
    for result in report.results:
        answer = last.get(result.case.id)
        result.uncounted = uncounted[result.case.id]
        if answer is None:
            continue
        result.answer = answer
        result.timing = timings[result.case.id]
        result.speed_void = bool(sheet.edits)
        if sheet.started_at and answer.saved_at:
            result.elapsed_s = max((answer.saved_at - sheet.started_at).total_seconds(), 0.0)
        try:
            result.grade = _grade(answer, result.case, result.timing.latency_s, rubric)
        except Exception as exc:  # a grader bug costs this case, not the whole autograde
            result.error = msg("grader_failed", error=f"{type(exc).__name__}: {exc}")
    return report


def points(result: CaseResult | None, dimension: str, out_of: float) -> float:
    """nbgrader partial credit: the dimension's 0-100 scaled to `out_of`, clamped, finite."""
    if result is None or result.answer is None or result.grade is None:
        return 0.0
    score = result.score(dimension)
    if score is None:  # not assessed for this case: an answer that exists loses nothing
        return float(out_of)
    return round(min(max(score / 100.0 * out_of, 0.0), float(out_of)), 2)
