"""Pure HTML for the feedback after Send: total, a bar per dimension, findings, the decision.

Works from a grade's `to_dict()` form (a Grade object is converted), so a stored attempt can
be rendered again exactly as it was shown. The trainee's reply is escaped piece by piece with
<mark> around the evidence spans; nothing the trainee typed is ever markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from simulator.widgets.cards import esc
from simulator.widgets.strings import action_label, dimension_label, text

DIMENSIONS = ("tone", "speed", "facts", "privacy")


def as_dict(grade: Any) -> dict[str, Any]:
    """A Grade or ActionGrade as its dict; a dict passes through."""
    if grade is None:
        return {}
    if isinstance(grade, Mapping):
        return dict(grade)
    return grade.to_dict()


def merge_spans(spans: Iterable[Sequence[int]], length: int) -> list[tuple[int, int]]:
    """Spans clamped to the reply, sorted, overlapping or touching ones joined."""
    clamped = sorted(
        (max(0, int(s)), min(length, int(e)))
        for s, e, *_ in spans
        if min(length, int(e)) > max(0, int(s))
    )
    merged: list[tuple[int, int]] = []
    for start, end in clamped:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def highlight(reply: str, spans: Iterable[Sequence[int]]) -> str:
    """The reply escaped, with <mark> around each [start, end) span."""
    parts: list[str] = []
    cursor = 0
    for start, end in merge_spans(spans, len(reply)):
        parts.append(esc(reply[cursor:start]))
        parts.append(f"<mark>{esc(reply[start:end])}</mark>")
        cursor = end
    parts.append(esc(reply[cursor:]))
    return "".join(parts)


def score_colour(score: float) -> str:
    if score >= 75:
        return "#2e7d32"
    if score >= 50:
        return "#b26a00"
    return "#c62828"


def bars_html(dimensions: Mapping[str, float | None], locale: str) -> str:
    rows = []
    for dimension in DIMENSIONS:
        if dimension not in dimensions:
            continue
        value = dimensions[dimension]
        if value is None:
            bar, shown = "", esc(text(locale, "not_scored"))
        else:
            width = max(0.0, min(100.0, float(value)))
            bar = f'<span style="width:{width:.0f}%;background:{score_colour(width)}"></span>'
            shown = f"{width:.0f}"
        rows.append(
            f'<div class="rl-bar-row" data-dimension="{esc(dimension)}">'
            f'<span class="rl-bar-label">{esc(dimension_label(locale, dimension))}</span>'
            f'<span class="rl-bar">{bar}</span><span>{shown}</span></div>'
        )
    return "".join(rows)


def needs_work(finding: Mapping[str, Any]) -> bool:
    points = float(finding.get("points", 0))
    return points < 0 or points < float(finding.get("max_points", 0))


def finding_html(finding: Mapping[str, Any], reply: str, locale: str) -> str:
    criterion = str(finding.get("criterion", ""))
    dimension = str(finding.get("dimension") or criterion.split(".", 1)[0])
    points = float(finding.get("points", 0))
    max_points = float(finding.get("max_points", 0))
    shown_points = f"{points:+g}" + (f" / {max_points:g}" if max_points else "")
    spans = finding.get("spans") or finding.get("evidence") or []
    quote = f'<div class="rl-quote">{highlight(reply, spans)}</div>' if spans else ""
    tip = str(finding.get("tip") or "")
    css = "rl-finding" if needs_work(finding) else "rl-finding rl-good"
    label = dimension_label(locale, dimension) if dimension in DIMENSIONS else dimension
    return (
        f'<div class="{css}" data-criterion="{esc(criterion)}">'
        f"<b>{esc(label)}</b> · {esc(text(locale, 'points', points=shown_points))}"
        f"{quote}"
        f'<div class="rl-tip">{esc(tip)}</div></div>'
    )


def decision_html(action_grade: Mapping[str, Any], locale: str) -> str:
    chosen = str(action_grade.get("action", ""))
    expected = str(action_grade.get("expected", ""))
    if action_grade.get("correct", chosen == expected):
        verdict = text(locale, "decision_right", action=action_label(locale, chosen))
    else:
        verdict = text(
            locale,
            "decision_wrong",
            chosen=action_label(locale, chosen),
            expected=action_label(locale, expected),
        )
    tip = str(action_grade.get("tip") or "")
    score = float(action_grade.get("score", 0))
    return (
        f'<div class="rl-decision" data-correct="{str(chosen == expected).lower()}">'
        f"<b>{esc(text(locale, 'decision'))}</b> · {score:.0f} — {esc(verdict)}"
        f'<div class="rl-tip">{esc(tip)}</div></div>'
    )


def feedback_html(
    grade: Any,
    reply: str,
    locale: str,
    *,
    attempt: int = 1,
    action_grade: Any = None,
    latency_s: float | None = None,
    saved_to: str | None = None,
) -> str:
    """Everything shown after Send. `grade` may be None when only a decision was graded."""
    grade_dict = as_dict(grade)
    decision = as_dict(action_grade)
    total = grade_dict.get("total", decision.get("score"))
    total_value = float(total) if total is not None else 0.0
    parts = [
        f'<div class="rl-feedback" data-attempt="{int(attempt)}" data-total="{total_value:.1f}">',
        f'<div><span class="rl-total" style="color:{score_colour(total_value)}">'
        f"{total_value:.0f}</span> / 100 · {esc(text(locale, 'score'))} · "
        f"{esc(text(locale, 'attempt', n=attempt))}</div>",
    ]
    if decision:
        parts.append(decision_html(decision, locale))
    if grade_dict:
        parts.append(bars_html(grade_dict.get("dimensions") or {}, locale))
        if latency_s is not None:
            minutes = f"{latency_s / 60:.1f}"
            parts.append(f"<div>{esc(text(locale, 'answered_after', minutes=minutes))}</div>")
        findings = sorted(grade_dict.get("findings") or [], key=lambda f: not needs_work(f))
        parts.append(f"<h4>{esc(text(locale, 'findings'))}</h4>")
        if findings:
            parts.extend(finding_html(f, reply, locale) for f in findings)
        else:
            parts.append(f"<p>{esc(text(locale, 'no_findings'))}</p>")
    if saved_to:
        parts.append(f'<div class="rl-meta">{esc(text(locale, "saved_to", path=saved_to))}</div>')
    parts.append("</div>")
    return "".join(parts)


def message_html(message: str) -> str:
    """A short notice (e.g. 'write a reply first'), escaped."""
    return f'<div class="rl-notice">{esc(message)}</div>'
