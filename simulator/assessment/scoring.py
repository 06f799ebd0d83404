"""Grade one trainee's answers file against their own cases, for nbgrader's hidden test cells.

Every path ends in a report, never an exception: a grade cell that raises scores zero in
nbgrader but shows a traceback instead of a reason, and an answers file that is missing, empty,
damaged or written for someone else's cases must read as exactly that in the feedback.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.assessment.answers import Answer, read_answers
from simulator.assessment.identity import Identity

if TYPE_CHECKING:
    from grading import Grade
    from scenarios import Case
    from simulator.assessment.clock import Timing
    from simulator.assessment.spec import AssessmentSpec

DIMENSIONS: tuple[str, ...] = ("tone", "speed", "facts", "privacy")


@dataclass
class CaseResult:
    """One case of the trainee: their last answer to it, when, and its grade."""

    number: int
    case: Case
    answer: Answer | None = None
    timing: Timing | None = None
    grade: Grade | None = None
    error: str | None = None

    def score(self, dimension: str) -> float | None:
        """0-100 for the dimension; None when the grader does not assess it for this case."""
        if self.grade is None:
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
    problem: str | None = None  # nothing could be graded: every question scores zero
    notes: list[str] = field(default_factory=list)

    def result(self, number: int) -> CaseResult | None:
        if 1 <= number <= len(self.results):
            return self.results[number - 1]
        return None


def _grade(answer: Answer, case: Case, latency_s: float, rubric: dict) -> Grade:
    import grading

    return grading.grade(answer.reply, case, latency_s=latency_s, rubric=rubric)


def _foreign_message(sheet_ids: list[str], own: list[Case], identity: Identity) -> str:
    theirs = ", ".join(sorted(set(sheet_ids))[:3])
    mine = ", ".join(case.id for case in own[:3])
    return (
        f"the answers in the file were written for other cases ({theirs}) than the cases of "
        f"'{identity.student_id}' ({mine}): answers only count for your own cases, so they "
        "score nothing here"
    )


def build_report(
    spec: AssessmentSpec, identity: Identity | None, answers_path: Path
) -> TraineeReport:
    """Read, match, time and grade; every failure becomes `problem` or a per-case `error`."""
    report = TraineeReport(identity=identity)
    if identity is None:
        report.problem = (
            "the trainee could not be identified, so their cases cannot be rebuilt "
            "(see the instructors' guide: nbgrader_config.py must install ExposeStudentId)"
        )
        return report
    try:
        cases = spec.cases(identity.student_id)
    except Exception as exc:  # a family that no longer loads must not crash the autograde
        report.problem = f"the cases could not be rebuilt: {exc}"
        return report
    report.results = [CaseResult(number, case) for number, case in enumerate(cases, start=1)]
    sheet = read_answers(answers_path)
    if sheet.skipped:
        shown = "; ".join(sheet.skipped[:3])
        more = f" and {len(sheet.skipped) - 3} more" if len(sheet.skipped) > 3 else ""
        report.notes.append(f"skipped unreadable records in the answers file: {shown}{more}")
    if sheet.problem:
        report.problem = sheet.problem
        return report
    by_id = {case.id: case for case in cases}
    own = [a for a in sheet.answers if a.case_id in by_id]
    if sheet.trainee and sheet.trainee != identity.student_id:
        report.notes.append(
            f"the answers file was started under the name '{sheet.trainee}', "
            f"but this submission belongs to '{identity.student_id}'"
        )
    if not own:
        report.problem = _foreign_message([a.case_id for a in sheet.answers], cases, identity)
        return report
    foreign = len(sheet.answers) - len(own)
    if foreign:
        report.notes.append(f"{foreign} answers to cases that are not yours were ignored")
    from simulator.assessment.clock import replay

    timings = replay(own, by_id)
    rubric = spec.rubric()
    last = {a.case_id: a for a in own}
    for result in report.results:
        answer = last.get(result.case.id)
        if answer is None:
            continue
        result.answer = answer
        result.timing = timings[result.case.id]
        try:
            result.grade = _grade(answer, result.case, result.timing.latency_s, rubric)
        except Exception as exc:  # a grader bug costs this case, not the whole autograde
            result.error = f"the grader failed on this answer: {type(exc).__name__}: {exc}"
    return report


def points(result: CaseResult | None, dimension: str, out_of: float) -> float:
    """nbgrader partial credit: the dimension's 0-100 scaled to `out_of`, clamped, finite."""
    if result is None or result.answer is None or result.grade is None:
        return 0.0
    score = result.score(dimension)
    if score is None:  # not assessed for this case: an answer that exists loses nothing
        return float(out_of)
    return round(min(max(score / 100.0 * out_of, 0.0), float(out_of)), 2)
