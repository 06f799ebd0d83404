"""Pure HTML for the feedback after Send: total, a bar per dimension, the decision, then what
needs work (each problem with its evidence and tip) and one collapsed line of what went well.

Works from a grade's `to_dict()` form (a Grade object is converted), so a stored attempt can
be rendered again exactly as it was shown. The trainee's reply is escaped piece by piece with
<mark> around the evidence spans; nothing the trainee typed is ever markup.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from simulator.widgets.cards import esc
from simulator.widgets.excerpts import (  # noqa: F401 - re-exported for older imports
    WHOLE_REPLY_CHARS,
    excerpt,
    highlight,
    merge_spans,
    shortened,
)
from simulator.widgets.strings import action_label, decimal, dimension_label, text

DIMENSIONS = ("tone", "speed", "facts", "privacy")
# A finding shown inside another that has the same cause (a reply over the limit does not fit
# the channel either): listed once, in the finding it is folded into.
FOLDED_INTO: dict[str, tuple[str, ...]] = {
    "tone.channel_fit": ("tone.over_limit", "tone.far_over_limit"),
}


def as_dict(grade: Any) -> dict[str, Any]:
    """A Grade or ActionGrade as its dict; a dict passes through."""
    if grade is None:
        return {}
    if isinstance(grade, Mapping):
        return dict(grade)
    return grade.to_dict()


def score_colour(score: float) -> str:
    if score >= 75:
        return "#2e7d32"
    if score >= 50:
        return "#b26a00"
    return "#c62828"


def bar_colour(score: float, has_problem: bool) -> str:
    """A dimension's bar: by its score, but never green beside a problem of its own (speed 78
    next to "Too slow: 20 min" is amber)."""
    colour = score_colour(score)
    return score_colour(74) if has_problem and colour == score_colour(100) else colour


def bars_html(
    dimensions: Mapping[str, float | None], locale: str, problems: Iterable[str] = ()
) -> str:
    """One bar per dimension; `problems` are the dimensions with something that needs work."""
    flagged = set(problems)
    rows = []
    for dimension in DIMENSIONS:
        if dimension not in dimensions:
            continue
        value = dimensions[dimension]
        if value is None:
            bar, shown = "", esc(text(locale, "not_scored"))
        else:
            width = max(0.0, min(100.0, float(value)))
            colour = bar_colour(width, dimension in flagged)
            bar = f'<span style="width:{width:.0f}%;background:{colour}"></span>'
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


def points_text(points: float, max_points: float, locale: str, problem: bool) -> str:
    """'4 / 10', '-40', or with a decimal where whole numbers would hide the gap: a problem
    never reads '12 / 12' (11.5 of 12 is '11,5 / 12' in sv and nb)."""
    if max_points <= 0:
        shown = f"{points:+.0f}"
        return shown.replace("-", "−")
    whole = (f"{points:.0f}", f"{max_points:.0f}")
    if problem and whole[0] == whole[1]:
        whole = (decimal(math.floor(points * 10) / 10, locale), decimal(max_points, locale))
        if whole[0] == whole[1]:  # still equal at one decimal: say it is short, not full
            whole = (decimal(math.floor(points * 10 - 1) / 10, locale), whole[1])
    return f"{whole[0]} / {whole[1]}"


def criterion_label(locale: str, criterion: str) -> str:
    """A short name for a criterion ('tone.signoff' -> 'sign-off'), in the locale if known."""
    name = criterion.split(".", 1)[-1]
    key = f"criterion_{name}"
    label = text(locale, key)
    return name.replace("_", " ") if label == key else label


def dimension_of(finding: Mapping[str, Any]) -> str:
    """The dimension a finding belongs to (its own field, or its criterion's prefix)."""
    criterion = str(finding.get("criterion", ""))
    return str(finding.get("dimension") or criterion.split(".", 1)[0])


def finding_html(
    finding: Mapping[str, Any],
    reply: str,
    locale: str,
    char_limit: int | None = None,
    folded: Sequence[Mapping[str, Any]] = (),
) -> str:
    """One problem: dimension, points, the evidence marked in the reply (an excerpt when the
    reply is long or over `char_limit`), the tip. `folded` are findings of the same cause,
    named on its points line instead of being listed again."""
    criterion = str(finding.get("criterion", ""))
    dimension = dimension_of(finding)
    problem = needs_work(finding)
    shown = points_text(
        float(finding.get("points", 0)), float(finding.get("max_points", 0)), locale, problem
    )
    line = text(locale, "points", points=shown)
    for other in folded:
        other_points = points_text(
            float(other.get("points", 0)), float(other.get("max_points", 0)), locale, True
        )
        label = criterion_label(locale, str(other.get("criterion", "")))
        line += " · " + text(locale, "also_counted", label=label, points=other_points)
    spans = finding.get("spans") or finding.get("evidence") or []
    quote = (
        f'<div class="rl-quote">{excerpt(reply, spans, char_limit, locale)}</div>'
        if spans
        else ""
    )
    tip = str(finding.get("tip") or "")
    css = "rl-finding" if problem else "rl-finding rl-good"
    label = dimension_label(locale, dimension) if dimension in DIMENSIONS else dimension
    also = " ".join(str(o.get("criterion", "")) for o in folded)
    also_attr = f' data-also="{esc(also)}"' if folded else ""
    return (
        f'<div class="{css}" data-criterion="{esc(criterion)}"{also_attr}>'
        f"<b>{esc(label)}</b> · {esc(line)}"
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


def problems_of(grade_dict: Mapping[str, Any]) -> list[tuple[Mapping[str, Any], list[Any]]]:
    """The problems to list, severe first and then by points lost, each listed once: a
    finding of the same cause as another (FOLDED_INTO), or with the very same tip, is named
    on that one's points line instead of being listed again."""
    findings = [f for f in grade_dict.get("findings") or [] if isinstance(f, Mapping)]
    problems = sorted(
        (f for f in findings if needs_work(f)),
        key=lambda f: (not f.get("severe"), -points_lost(f)),
    )
    present = {str(f.get("criterion")) for f in problems}

    def host_of(finding: Mapping[str, Any]) -> str | None:
        hosts = [c for c in FOLDED_INTO.get(str(finding.get("criterion")), ()) if c in present]
        return hosts[0] if hosts else None

    listed: list[tuple[Mapping[str, Any], list[Any]]] = []
    same_tip: dict[str, list[Any]] = {}
    for finding in (f for f in problems if host_of(f) is None):
        tip = str(finding.get("tip") or "").strip()
        if tip and tip in same_tip:
            same_tip[tip].append(finding)
            continue
        also: list[Any] = []
        listed.append((finding, also))
        if tip:
            same_tip[tip] = also
    for finding in (f for f in problems if host_of(f) is not None):
        host = next(also for f, also in listed if str(f.get("criterion")) == host_of(finding))
        host.append(finding)
    return listed


def findings_html(
    grade_dict: Mapping[str, Any], reply: str, locale: str, char_limit: int | None = None
) -> str:
    """Problems first (severe, then most points lost), each in full; then what went well."""
    findings = [f for f in grade_dict.get("findings") or [] if isinstance(f, Mapping)]
    problems = problems_of(grade_dict)
    good = [f for f in findings if not needs_work(f)]
    parts = [f"<h4>{esc(text(locale, 'findings'))}</h4>"]
    if problems:
        parts.extend(finding_html(f, reply, locale, char_limit, also) for f, also in problems)
    else:
        parts.append(f"<p>{esc(text(locale, 'no_findings'))}</p>")
    parts.append(done_well_html(good, locale))
    return "".join(parts)


def decision_tip(action_grade: Mapping[str, Any], locale: str) -> str:
    """The decision's reason; for a right call without the grader's own "Right call." (the
    verdict above says it already)."""
    tip = str(action_grade.get("tip") or "").strip()
    chosen, expected = action_grade.get("action"), action_grade.get("expected")
    if not action_grade.get("correct", chosen == expected):
        return tip
    try:
        from grading.lexicon import lexicon

        said = lexicon(locale).tip("action.correct").strip()
    except Exception:  # noqa: BLE001 - a moved lexicon only means the tip is shown whole
        return tip
    return tip[len(said):].strip() if said and tip.startswith(said) else tip


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
    tip = decision_tip(action_grade, locale)
    tip_html = f'<div class="rl-tip">{esc(tip)}</div>' if tip else ""
    score = float(action_grade.get("score", 0))
    return (
        f'<div class="rl-decision" data-correct="{str(chosen == expected).lower()}">'
        f"<b>{esc(text(locale, 'decision'))}</b> · "
        f'<span class="rl-decision-score" style="color:{score_colour(score)}">{score:.0f}</span>'
        f" — {esc(verdict)}"
        f"{tip_html}</div>"
    )


def headline(grade_dict: Mapping[str, Any], decision: Mapping[str, Any],
             points: float | None) -> float:
    """The number shown first, the one that counts: the post's points when given (a reply
    counted by its decision), else the reply's total, else the decision's score."""
    if points is not None:
        return float(points)
    value = grade_dict.get("total", decision.get("score"))
    return float(value) if value is not None else 0.0


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
    points: float | None = None,
) -> str:
    """Everything shown after Send. `grade` may be None when only a decision was graded;
    `points` is what the attempt counts for when that is not the reply's total (a reply
    scaled by its decision: triage exercises and the shift desk); it is shown first. `note`
    is one more line of plain text under it; `char_limit` is the channel's, so quotes from a
    reply over it are excerpts."""
    grade_dict = as_dict(grade)
    decision = as_dict(action_grade)
    value = headline(grade_dict, decision, points)
    label = text(locale, "score_counts" if decision else "score")
    reply_total = grade_dict.get("total")
    reply_attr = "" if reply_total is None else f' data-reply-total="{float(reply_total):.1f}"'
    parts = [
        f'<div class="rl-feedback" data-attempt="{int(attempt)}" data-total="{value:.1f}"'
        f"{reply_attr}>",
        f'<div class="rl-headline"><span class="rl-total" style="color:{score_colour(value)}">'
        f"{value:.0f}</span> / 100 · {esc(label)} · "
        f"{esc(text(locale, 'attempt', n=attempt))}</div>",
    ]
    if note:
        parts.append(f'<div class="rl-note">{esc(note)}</div>')
    if decision:
        parts.append(decision_html(decision, locale))
    if grade_dict:
        if decision:
            parts.append(
                f'<h4 class="rl-reply-heading">{esc(text(locale, "reply_heading"))}</h4>'
            )
        if decision and float(decision.get("score", 0)) < 100:  # the reply counts for less
            counted = text(
                locale,
                "reply_counted",
                reply=f"{float(reply_total or 0.0):.0f}",
                decision=f"{float(decision.get('score', 0)):.0f}",
            )
            parts.append(f'<div class="rl-note">{esc(counted)}</div>')
        flagged = {dimension_of(f) for f, _ in problems_of(grade_dict)}
        parts.append(bars_html(grade_dict.get("dimensions") or {}, locale, flagged))
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
