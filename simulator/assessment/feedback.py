"""Plain-text explanations printed by the graded cells, which generate_feedback shows the trainee.

Plain text (stdout) rather than HTML: nbgrader keeps stdout in the feedback as it is, and a grade
cell must never write to stderr (nbgrader scores a cell with stderr output as zero).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.assessment.scoring import CaseResult, TraineeReport, points

if TYPE_CHECKING:
    from grading import Finding

QUOTE_CHARS = 60


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f} min"


def _num(value: float) -> str:
    return f"{round(value, 1):g}"


def _quote(reply: str, finding: Finding) -> str:
    quotes = []
    for start, end in finding.spans[:2]:
        piece = reply[start:end].replace("\n", " ")
        if len(piece) > QUOTE_CHARS:
            piece = piece[: QUOTE_CHARS - 1] + "…"
        quotes.append(f"“{piece}”")
    return " ".join(quotes)


def _finding_line(reply: str, finding: Finding) -> str:
    if finding.max_points > 0:
        mark = "✓" if finding.points >= finding.max_points else "✗"
        score = f"{_num(finding.points)} of {_num(finding.max_points)}"
    else:
        mark = "✗" if finding.points < 0 else "·"
        score = ("+" if finding.points > 0 else "") + _num(finding.points)
    parts = [f"  {mark} {finding.criterion} ({score})"]
    quote = _quote(reply, finding)
    if quote:
        parts.append(quote)
    if finding.tip:
        parts.append(f"— {finding.tip}")
    elif finding.detail:
        parts.append(f"— {finding.detail}")
    return " ".join(parts)


def problem_text(report: TraineeReport) -> list[str]:
    lines = []
    if report.problem:
        lines.append(f"No points: {report.problem}.")
    lines.extend(f"Note: {note}." for note in report.notes)
    return lines


def dimension_text(report: TraineeReport, number: int, dimension: str, out_of: float) -> str:
    """Why case `number` earned what it did on `dimension`: score, evidence and tips."""
    result = report.result(number)
    earned = points(result, dimension, out_of)
    case_name = f"Case {number}" + (f" ({result.case.id})" if result else "")
    lines = problem_text(report)
    if result is None:
        lines.append(f"{case_name}: this assessment has no such case.")
    elif report.problem:
        pass
    elif result.answer is None:
        lines.append(f"{case_name} · {dimension}: no answer was saved for this case.")
    elif result.grade is None:
        lines.append(f"{case_name} · {dimension}: {result.error or 'not graded'}.")
    else:
        score = result.score(dimension)
        shown = "not assessed for this case" if score is None else f"{score:.0f} / 100"
        lines.append(
            f"{case_name} · {dimension}: {shown} → {earned:g} of {out_of:g} points"
        )
        if dimension == "speed" and result.timing is not None:
            timing = result.timing
            lines.append(
                f"  simulated clock: the post was {_minutes(timing.age_at_start_s)} old when the "
                f"assessment began; your last of {timing.attempts} attempt(s) was done "
                f"{_minutes(timing.answered_at_s)} in → answered after "
                f"{_minutes(timing.latency_s)}"
            )
        findings = result.grade.by_dimension(dimension)
        lines.extend(_finding_line(result.answer.reply, f) for f in findings)
        if not findings:
            lines.append("  nothing to remark on")
    return "\n".join(lines)


def case_text(result: CaseResult) -> str:
    """The case and the graded answer, so the feedback reads on its own."""
    from simulator.render import render_case_text

    lines = [render_case_text(result.case).rstrip()]
    if result.answer is None:
        lines.append("  your answer: (none saved)")
    else:
        if result.answer.action:
            lines.append(f"  your decision: {result.answer.action}")
        lines.append("  your answer (the last one you saved counts):")
        lines.extend(f"    {line}" for line in (result.answer.reply or "(no text)").splitlines())
    return "\n".join(lines)


def summary_text(report: TraineeReport, points_per_dimension: dict[str, float]) -> str:
    """A table of every case and dimension: the overview at the end of the feedback."""
    who = report.identity.student_id if report.identity else "(unknown trainee)"
    lines = [f"Trainee: {who}"]
    lines.extend(problem_text(report))
    dims = list(points_per_dimension)
    lines.append("case  " + "".join(f"{d:>10}" for d in dims) + f"{'total':>10}")
    grand = 0.0
    grand_max = 0.0
    for result in report.results:
        row = [points(result, d, points_per_dimension[d]) for d in dims]
        grand += sum(row)
        grand_max += sum(points_per_dimension.values())
        lines.append(
            f"{result.number:<6}" + "".join(f"{p:>10g}" for p in row) + f"{sum(row):>10g}"
        )
    lines.append(f"total: {grand:g} of {grand_max:g} points")
    return "\n".join(lines)
