"""Plain-text explanations printed by the graded cells, which generate_feedback shows the trainee.

Plain text (stdout) rather than HTML: nbgrader keeps stdout in the feedback as it is, and a grade
cell must never write to stderr (nbgrader scores a cell with stderr output as zero). nbgrader
shows stdout in a <pre> block that does not wrap, so long lines are wrapped here. Every word
comes from feedback.yaml in the assessment's language.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from simulator.assessment.messages import decimal, label, say
from simulator.assessment.scoring import CaseResult, TraineeReport, points

if TYPE_CHECKING:
    from grading import Finding
    from scenarios import Case

QUOTE_CHARS = 60
WIDTH = 88  # the feedback page's <pre> does not wrap: keep every line within a page's width


def _wrap(line: str, indent: str = "") -> list[str]:
    """One logical line as display lines, continuation lines indented under the first."""
    lead = line[: len(line) - len(line.lstrip())]
    return textwrap.wrap(
        line, width=WIDTH, initial_indent="", subsequent_indent=lead + indent + "  ",
        break_long_words=True, break_on_hyphens=False, drop_whitespace=True,
    ) or [line]


def wrapped(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        out.extend(_wrap(line) if len(line) > WIDTH else [line])
    return "\n".join(out)


def _num(value: float, locale: str) -> str:
    return decimal(round(value, 2), locale, digits=2).rstrip("0").rstrip(".,") or "0"


def _minutes(seconds: float, locale: str) -> str:
    from simulator.assessment.messages import Minutes

    return say(locale, "minutes", n=Minutes(seconds).render(locale))


def _quote(reply: str, finding: Finding) -> str:
    quotes = []
    for start, end in finding.spans[:2]:
        piece = reply[start:end].replace("\n", " ")
        if len(piece) > QUOTE_CHARS:
            piece = piece[: QUOTE_CHARS - 1] + "…"
        quotes.append(f"“{piece}”")
    return " ".join(quotes)


def _finding_line(reply: str, finding: Finding, locale: str) -> str:
    if finding.max_points > 0:
        mark = "✗" if finding.needs_work else "✓"
        score = say(
            locale, "of_points", points=_num(finding.points, locale),
            max=_num(finding.max_points, locale),
        )
    else:
        mark = "✗" if finding.points < 0 else "·"
        score = ("+" if finding.points > 0 else "") + _num(finding.points, locale)
    parts = [f"  {mark} {finding.criterion} ({score})"]
    quote = _quote(reply, finding)
    if quote:
        parts.append(quote)
    if finding.needs_work:  # no "too slow" under a full score, no numbers under a tick
        if finding.tip:
            parts.append(f"— {finding.tip}")
        elif finding.detail:
            parts.append(f"— {finding.detail}")
    return " ".join(parts)


def problem_text(report: TraineeReport, locale: str, notes: bool = True) -> list[str]:
    """Why nothing scores (on every cell), and the notes (once, at the top and in the summary)."""
    lines = []
    if report.problem:
        lines.append(say(locale, "no_points", reason=report.problem))
    if notes:
        lines.extend(say(locale, "note", text=note) for note in report.notes)
    return lines


def notes_text(report: TraineeReport, locale: str) -> str:
    return wrapped(problem_text(report, locale))


def _dimension(locale: str, dimension: str) -> str:
    return label(locale, f"dimension_{dimension}").lower()


def dimension_text(
    report: TraineeReport, number: int, dimension: str, out_of: float, locale: str = "en"
) -> str:
    """Why case `number` earned what it did on `dimension`: score, evidence and tips."""
    result = report.result(number)
    earned = points(result, dimension, out_of)
    case_name = say(locale, "case", number=number) + (f" ({result.case.id})" if result else "")
    label = _dimension(locale, dimension)
    lines = problem_text(report, locale, notes=False)
    if result is None:
        lines.append(say(locale, "no_such_case", case=case_name))
    elif report.problem:
        pass
    elif result.answer is None:
        key = "no_counted_answer" if result.uncounted else "no_answer"
        lines.append(say(locale, key, case=case_name, dimension=label))
    elif result.grade is None:
        reason = result.error.render(locale) if result.error else "?"
        lines.append(say(locale, "not_graded", case=case_name, dimension=label, reason=reason))
    else:
        score = result.score(dimension)
        shown = (
            say(locale, "not_assessed") if score is None
            else say(locale, "out_of_100", score=f"{score:.0f}")
        )
        lines.append(say(
            locale, "scored", case=case_name, dimension=label, score=shown,
            earned=_num(earned, locale), out_of=_num(out_of, locale),
        ))
        if dimension == "speed" and result.speed_void:
            lines.append("  " + say(locale, "speed_void"))
        if dimension == "speed" and result.timing is not None:
            timing = result.timing
            lines.append("  " + say(
                locale, "clock", age=_minutes(timing.age_at_start_s, locale),
                attempts=timing.attempts, done=_minutes(timing.answered_at_s, locale),
                latency=_minutes(timing.latency_s, locale),
            ))
            if report.time_limit_s and result.elapsed_s is not None:
                lines.append("  " + say(
                    locale, "real_time", elapsed=_minutes(result.elapsed_s, locale),
                    limit=_minutes(report.time_limit_s, locale),
                ))
        findings = result.grade.by_dimension(dimension)
        lines.extend(_finding_line(result.answer.reply, f, locale) for f in findings)
        if not findings:
            lines.append("  " + say(locale, "nothing_to_remark"))
    return wrapped(lines)


def _post_lines(case: Case, locale: str) -> list[str]:
    """The case as the trainee saw it, in their language: post, thread, knowledge base."""
    from simulator.formatting import format_value

    c = case.customer
    lines = [
        f"── {case.brand.name} (@{case.brand.handle}) · {label(locale, f'channel_{case.channel}')}"
        f" · {case.id}",
        f"{c.name} @{c.handle} · {label(locale, 'followers').format(n=c.followers)}"
        f" · {label(locale, f'emotion_{c.emotion}')} · {case.post.posted_at:%Y-%m-%d %H:%M}",
    ]
    for earlier in case.thread:
        lines.append(f"  ({label(locale, 'earlier_in_thread')}) @{earlier.author}: {earlier.text}")
    lines.append(f"  {case.post.text}")
    lines.append(f"  {label(locale, 'knowledge_base')}:")
    for fact in case.facts:
        unit = label(locale, f"unit_{fact.unit}") if fact.unit else ""
        if fact.unit and unit == f"unit_{fact.unit}":  # a currency code: shown as it is
            unit = fact.unit
        star = "*" if fact.required else " "
        value = format_value(fact.value, locale) + (f" {unit}" if unit else "")
        lines.append(f"   {star} {fact.label}: {value}")
    lines.extend(f"   ! {policy.text}" for policy in case.policies)
    return lines


def case_text(result: CaseResult, locale: str = "en") -> str:
    """The case and the graded answer, so the feedback reads on its own."""
    lines = _post_lines(result.case, locale)
    if result.answer is None:
        lines.append("  " + say(locale, "your_answer_none"))
    else:
        if result.answer.action:
            action = label(locale, f"action_{result.answer.action}")
            lines.append("  " + say(locale, "your_decision", action=action))
        lines.append("  " + say(locale, "your_answer"))
        reply = result.answer.reply or say(locale, "no_text")
        lines.extend(f"    {line}" for line in reply.splitlines())
    return wrapped(lines)


def summary_text(
    report: TraineeReport, points_per_dimension: dict[str, float], locale: str = "en"
) -> str:
    """A table of every case and dimension: the overview at the end of the feedback."""
    who = report.identity.student_id if report.identity else say(locale, "unknown_trainee")
    lines = [say(locale, "trainee", student=who)]
    lines.extend(problem_text(report, locale))
    dims = list(points_per_dimension)
    header = [_dimension(locale, d) for d in dims]
    total_label = say(locale, "total_column")
    w = max(10, *(len(h) + 2 for h in [*header, total_label]))
    first = len(say(locale, "case_column")) + 2
    lines.append(
        f"{say(locale, 'case_column'):<{first}}" + "".join(f"{d:>{w}}" for d in header)
        + f"{total_label:>{w}}"
    )
    grand = 0.0
    grand_max = 0.0
    for result in report.results:
        row = [points(result, d, points_per_dimension[d]) for d in dims]
        grand += sum(row)
        grand_max += sum(points_per_dimension.values())
        lines.append(
            f"{result.number:<{first}}" + "".join(f"{_num(p, locale):>{w}}" for p in row)
            + f"{_num(sum(row), locale):>{w}}"
        )
    lines.append(say(
        locale, "total", points=_num(grand, locale), max=_num(grand_max, locale)
    ))
    return wrapped(lines)
