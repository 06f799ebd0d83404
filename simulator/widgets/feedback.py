"""Pure HTML for the feedback after Send: total, a bar per dimension, the decision, then what
needs work (each problem with its evidence and tip) and one collapsed line of what went well.

Works from a grade's `to_dict()` form (a Grade object is converted), so a stored attempt can
be rendered again exactly as it was shown. The trainee's reply is escaped piece by piece with
<mark> around the evidence spans; nothing the trainee typed is ever markup.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from simulator.widgets.cards import esc
from simulator.widgets.strings import action_label, decimal, dimension_label, text

DIMENSIONS = ("tone", "speed", "facts", "privacy")
# A reply up to this length (and within its channel's limit) is quoted whole; a longer one is
# cut, in every finding alike, to the marked parts with some context either side.
WHOLE_REPLY_CHARS = 300
EXCERPT_CONTEXT = 60  # in a longer reply: this many characters either side of the evidence
LONG_MARK_CHARS = 160  # a longer marked part (e.g. all that is over the limit) shows its ends:
MARK_END_CHARS = 60  # this many characters of its start and of its end, "…" between
WORD_REACH = 20  # how far an excerpt's edge may move to avoid cutting a word


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


def shortened(reply: str, limit: int | None = None) -> bool:
    """Whether quotes from `reply` are excerpts: over WHOLE_REPLY_CHARS or over the channel's
    character `limit` (when known)."""
    return len(reply) > WHOLE_REPLY_CHARS or (limit is not None and len(reply) > limit)


def excerpt(reply: str, spans: Iterable[Sequence[int]], limit: int | None = None) -> str:
    """The evidence in its context, escaped and marked. A short reply is quoted whole; a long
    one (see `shortened`) is cut to the marked parts with some context either side, at word
    boundaries, "…" where cut; a long marked part shows only its start and its end."""
    merged = merge_spans(spans, len(reply))
    if not shortened(reply, limit) or not merged:
        return highlight(reply, merged)
    kept: list[tuple[int, int]] = []
    for start, end in merged:
        kept.append((_word_start(reply, start - EXCERPT_CONTEXT), start))
        if end - start <= LONG_MARK_CHARS:
            kept.append((start, end))
        else:
            kept.append((start, min(end, _word_end(reply, start + MARK_END_CHARS))))
            kept.append((max(start, _word_start(reply, end - MARK_END_CHARS)), end))
        kept.append((end, _word_end(reply, end + EXCERPT_CONTEXT)))
    windows: list[list[int]] = []
    for lo, hi in sorted(kept):
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    parts = []
    for lo, hi in windows:
        inside = [(max(s, lo) - lo, min(e, hi) - lo) for s, e in merged if s < hi and e > lo]
        text_ = highlight(reply[lo:hi], inside)
        parts.append(("…" if lo > 0 else "") + text_ + ("…" if hi < len(reply) else ""))
    return " ".join(parts)


def _word_start(reply: str, index: int) -> int:
    """`index` moved back to the start of its word (never before 0)."""
    index = max(0, index)
    floor = max(0, index - WORD_REACH)
    while floor < index and not reply[index - 1].isspace():
        index -= 1
    return index


def _word_end(reply: str, index: int) -> int:
    """`index` moved on to the end of its word (never past the reply)."""
    index = min(len(reply), index)
    ceiling = min(len(reply), index + WORD_REACH)
    while index < ceiling and not reply[index].isspace():
        index += 1
    return index


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
    """A problem: the grader's one rule (grading.model.needs_work), for a finding as a dict."""
    from grading.model import needs_work as rule

    return rule(float(finding.get("points", 0)), float(finding.get("max_points", 0)))


def points_lost(finding: Mapping[str, Any]) -> float:
    points = float(finding.get("points", 0))
    return max(float(finding.get("max_points", 0)), 0.0) - points


def criterion_label(locale: str, criterion: str) -> str:
    """A short name for a criterion ('tone.signoff' -> 'sign-off'), in the locale if known."""
    name = criterion.split(".", 1)[-1]
    key = f"criterion_{name}"
    label = text(locale, key)
    return name.replace("_", " ") if label == key else label


def _dimension(finding: Mapping[str, Any]) -> str:
    criterion = str(finding.get("criterion", ""))
    return str(finding.get("dimension") or criterion.split(".", 1)[0])


def finding_html(
    finding: Mapping[str, Any], reply: str, locale: str, char_limit: int | None = None
) -> str:
    """One problem: dimension, points, the evidence marked in the reply (an excerpt when the
    reply is long or over `char_limit`), the tip."""
    criterion = str(finding.get("criterion", ""))
    dimension = _dimension(finding)
    points = float(finding.get("points", 0))
    max_points = float(finding.get("max_points", 0))
    shown_points = f"{points:.0f} / {max_points:.0f}" if max_points > 0 else f"{points:+.0f}"
    spans = finding.get("spans") or finding.get("evidence") or []
    quote = f'<div class="rl-quote">{excerpt(reply, spans, char_limit)}</div>' if spans else ""
    tip = str(finding.get("tip") or "")
    css = "rl-finding" if needs_work(finding) else "rl-finding rl-good"
    label = dimension_label(locale, dimension) if dimension in DIMENSIONS else dimension
    return (
        f'<div class="{css}" data-criterion="{esc(criterion)}">'
        f"<b>{esc(label)}</b> · {esc(text(locale, 'points', points=shown_points))}"
        f"{quote}"
        f'<div class="rl-tip">{esc(tip)}</div></div>'
    )


def done_well_html(findings: Sequence[Mapping[str, Any]], locale: str) -> str:
    """What went well, as one collapsed line of short names; the tips unfold on a click."""
    if not findings:
        return ""
    counts: dict[str, int] = {}
    for finding in findings:
        label = criterion_label(locale, str(finding.get("criterion", "")))
        counts[label] = counts.get(label, 0) + 1
    names = ", ".join(f"{label} ({n})" if n > 1 else label for label, n in counts.items())
    items = "".join(
        f'<li class="rl-good" data-criterion="{esc(f.get("criterion", ""))}">'
        f"{esc(f.get('tip') or criterion_label(locale, str(f.get('criterion', ''))))}</li>"
        for f in findings
    )
    return (
        f'<details class="rl-done-well"><summary><b>{esc(text(locale, "done_well"))}</b> '
        f"{esc(names)}</summary><ul>{items}</ul></details>"
    )


def findings_html(
    grade_dict: Mapping[str, Any], reply: str, locale: str, char_limit: int | None = None
) -> str:
    """Problems first (severe, then most points lost), each in full; then what went well."""
    findings = [f for f in grade_dict.get("findings") or [] if isinstance(f, Mapping)]
    problems = sorted(
        (f for f in findings if needs_work(f)),
        key=lambda f: (not f.get("severe"), -points_lost(f)),
    )
    good = [f for f in findings if not needs_work(f)]
    parts = [f"<h4>{esc(text(locale, 'findings'))}</h4>"]
    if problems:
        parts.extend(finding_html(f, reply, locale, char_limit) for f in problems)
    else:
        parts.append(f"<p>{esc(text(locale, 'no_findings'))}</p>")
    parts.append(done_well_html(good, locale))
    return "".join(parts)


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
    note: str | None = None,
    char_limit: int | None = None,
) -> str:
    """Everything shown after Send. `grade` may be None when only a decision was graded;
    `note` is one more line of plain text under the total (e.g. a ticket's shift points);
    `char_limit` is the channel's, so quotes from a reply over it are excerpts."""
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
    if note:
        parts.append(f'<div class="rl-note">{esc(note)}</div>')
    if decision:
        parts.append(decision_html(decision, locale))
    if grade_dict:
        parts.append(bars_html(grade_dict.get("dimensions") or {}, locale))
        if latency_s is not None:
            minutes = decimal(latency_s / 60, locale)
            parts.append(f"<div>{esc(text(locale, 'answered_after', minutes=minutes))}</div>")
        parts.append(findings_html(grade_dict, reply, locale, char_limit))
    if saved_to:
        parts.append(f'<div class="rl-meta">{esc(text(locale, "saved_to", path=saved_to))}</div>')
    parts.append("</div>")
    return "".join(parts)


def message_html(message: str) -> str:
    """A short notice (e.g. 'write a reply first'), escaped."""
    return f'<div class="rl-notice">{esc(message)}</div>'


def run_or_show(method: Callable[[], Any], feedback: Any, what: str) -> None:
    """Run a button handler; a failure becomes a visible notice in `feedback`, not a silent
    kernel log (it is still logged in full)."""
    try:
        method()
    except Exception as exc:  # noqa: BLE001 - shown to the trainee, logged in full
        logging.getLogger(__name__).exception("replylab %s action failed", what)
        feedback.value = message_html(f"{type(exc).__name__}: {exc}")
