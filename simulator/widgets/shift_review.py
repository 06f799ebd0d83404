"""The end-of-shift review: every post with what was decided, the reply, its points and whether
it was answered over the service level, and the findings that cost the shift most points.

A score alone says nothing about what to do better next time; this is the team lead's walk
through the shift. `shift_review` returns plain data (tested without a browser); `review_html`
draws it, escaping everything a customer, a scenario or the trainee wrote.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from simulator.widgets.cards import esc
from simulator.widgets.excerpts import preview
from simulator.widgets.feedback import (
    DIMENSIONS,
    as_dict,
    criterion_label,
    dimension_of,
    needs_work,
)
from simulator.widgets.queue import (
    SHIFT_RUBRIC,
    Ticket,
    format_clock,
    importance,
    score_of,
    shift_score,
    sla_minutes,
    total_of,
)
from simulator.widgets.strings import (
    action_label,
    channel_label,
    decimal,
    dimension_label,
    emotion_label,
    plural,
    text,
)

PREVIEW_CHARS = 90  # a post's preview in the review, cut at a word boundary
TOP_FINDINGS = 3
DECISION = "decision"  # the pseudo-criterion for a wrong call (criterion_decision)
LATENCY = "speed.latency"  # a decision made late costs speed, as a late reply does
PASTED = "pasted"  # the same reply as to another customer (simulator.pasted)


@dataclass(frozen=True)
class ReviewRow:
    """One post of the shift as the review shows it."""

    case_id: str
    handle: str
    preview: str
    channel: str
    emotion: str
    arrived_s: float
    handled: bool
    action: str | None  # the decision it was closed with; None if nobody handled it
    expected: str
    reply: str | None  # the reply sent, None for a decision without one
    points: float | None
    weight: float  # how much it counts in the shift score (queue.importance)
    waited_s: float  # until closed, or until the end of the shift if still waiting
    over_s: float  # seconds past the service level (0 or less: in time)
    pasted_from: str | None = None  # the handle whose reply this one repeats

    @property
    def right(self) -> bool | None:
        return None if self.action is None else self.action == self.expected

    @property
    def over_sla(self) -> bool:
        return self.over_s >= 0

    @property
    def over_minutes(self) -> int:
        """How much over the service level, as the timers show it ("4 min late"); 0 in time."""
        return sla_minutes(self.over_s) if self.over_sla else 0


@dataclass(frozen=True)
class Cost:
    """Points of the shift score one kind of finding took, across the posts it came up in."""

    criterion: str
    label: str
    points: float
    posts: int


@dataclass(frozen=True)
class ShiftReview:
    """A shift post by post; `score` is the desk's shift score, `costs` every finding's share
    of what was lost (they add up to 100 - score), largest first."""

    locale: str
    ended: bool
    rows: tuple[ReviewRow, ...]
    score: float | None
    costs: tuple[Cost, ...]

    @property
    def handled(self) -> int:
        return sum(1 for row in self.rows if row.handled)

    @property
    def over_sla(self) -> int:
        """Handled posts answered over the service level (as the desk's header counts them)."""
        return sum(1 for row in self.rows if row.handled and row.over_sla)

    @property
    def handed_over(self) -> int:
        return sum(1 for row in self.rows if not row.handled)

    @property
    def costly(self) -> tuple[Cost, ...]:
        """The findings that cost most points across the shift (at most TOP_FINDINGS)."""
        return tuple(cost for cost in self.costs if cost.points >= 0.05)[:TOP_FINDINGS]

    def weighted_points(self) -> float | None:
        """The rows' points weighted as the shift score weighs them (equal to `score`)."""
        closed = [row for row in self.rows if row.handled and row.points is not None]
        if not closed:
            return None
        return sum(r.weight * (r.points or 0.0) for r in closed) / sum(r.weight for r in closed)


def shift_review(
    tickets: Sequence[Ticket], locale: str, *, now_s: float, end_s: float
) -> ShiftReview:
    """The review of the posts that arrived by `now_s` (at most the shift's end `end_s`)."""
    until = min(now_s, end_s)
    arrived = [t for t in tickets if t.at_s <= until or t.answered]
    rows = tuple(_row(t, until) for t in sorted(arrived, key=lambda t: (t.at_s, t.id)))
    closed = [t for t in arrived if t.answered]
    return ShiftReview(
        locale=locale,
        ended=now_s >= end_s,
        rows=rows,
        score=shift_score(list(tickets)),
        costs=_costs(closed, locale),
    )


def _row(ticket: Ticket, until_s: float) -> ReviewRow:
    case = ticket.case
    waited = ticket.waited_s(until_s)
    return ReviewRow(
        case_id=ticket.id,
        handle=case.customer.handle,
        preview=preview(case.post.text, PREVIEW_CHARS),
        channel=case.channel,
        emotion=case.customer.emotion,
        arrived_s=ticket.at_s,
        handled=ticket.answered,
        action=ticket.action if ticket.answered else None,
        expected=case.expected_action,
        reply=ticket.reply if ticket.answered else None,
        points=_points(ticket) if ticket.answered else None,
        weight=importance(case),
        waited_s=waited,
        over_s=waited - ticket.sla_s,
        pasted_from=ticket.pasted_from if ticket.answered else None,
    )


def _points(ticket: Ticket) -> float:
    return ticket.points if ticket.points is not None else total_of(ticket.grade)


# -- what cost the points ------------------------------------------------------------------


def _costs(closed: Sequence[Ticket], locale: str) -> tuple[Cost, ...]:
    """Each finding's share of the points lost, weighted as the shift score weighs posts: a
    post's 100 - points is split exactly between its decision and its reply's findings."""
    if not closed:
        return ()
    weights = [importance(t.case) for t in closed]
    total_weight = sum(weights)
    lost: dict[str, float] = {}
    posts: dict[str, int] = {}
    for ticket, weight in zip(closed, weights, strict=True):
        for criterion, points in post_losses(ticket).items():
            if points <= 1e-9:
                continue
            lost[criterion] = lost.get(criterion, 0.0) + weight * points / total_weight
            posts[criterion] = posts.get(criterion, 0) + 1
    ranked = sorted(lost.items(), key=lambda item: (-item[1], item[0]))
    return tuple(Cost(c, cost_label(locale, c), points, posts[c]) for c, points in ranked)


def cost_label(locale: str, criterion: str) -> str:
    """A finding's short name in the locale; a bare dimension by its own name."""
    if criterion in DIMENSIONS:
        return dimension_label(locale, criterion)
    return criterion_label(locale, criterion)


def post_losses(ticket: Ticket) -> dict[str, float]:
    """A closed post's 100 - points, split by cause. With a reply, points = total x decision:
    the decision loses 100 x (1 - decision), the reply's findings (100 - total) x decision.
    Without one, points = decision x (0.7 + 0.3 x speed): the decision loses 100 - decision,
    being late the rest."""
    points = _points(ticket)
    decision = None if ticket.action_grade is None else score_of(ticket.action_grade) / 100.0
    losses: dict[str, float] = {}
    if ticket.grade is None:
        if decision is None:
            return {}
        losses[DECISION] = 100.0 * (1.0 - decision)
        losses[LATENCY] = max(0.0, 100.0 * decision - points)
        return losses
    share = 1.0 if decision is None else decision
    if ticket.pasted_penalty:
        losses[PASTED] = ticket.pasted_penalty
    if decision is not None:
        losses[DECISION] = 100.0 * (1.0 - decision)
    reply_total = total_of(ticket.grade)  # unrounded: the dict form rounds to a decimal
    for criterion, points_lost in reply_losses(as_dict(ticket.grade), reply_total).items():
        losses[criterion] = losses.get(criterion, 0.0) + share * points_lost
    return losses


def reply_losses(grade: Mapping[str, Any], total: float | None = None) -> dict[str, float]:
    """A reply's 100 - total split between its findings: each dimension's gap to 100 (by its
    weight in the desk's rubric) shared by the findings of that dimension in proportion to
    the points they lost, and what the severe factors took shared by the severe findings."""
    rubric = _shift_rubric()
    total = total_of(grade) if total is None else total
    gap = max(0.0, 100.0 - total)
    raw_dims = grade.get("dimensions")
    dims: Mapping[str, Any] = raw_dims if isinstance(raw_dims, Mapping) else {}
    findings = [f for f in grade.get("findings") or [] if isinstance(f, Mapping)]
    problems = [f for f in findings if needs_work(f)]
    scored = {d: float(v) for d, v in dims.items() if v is not None and d in rubric.weights}
    weight_sum = sum(rubric.weights[d] for d in scored)
    raw: dict[str, float] = {}
    if weight_sum > 0:
        for dim, value in scored.items():
            dim_gap = (100.0 - value) * rubric.weights[dim] / weight_sum
            own = [(f, _lost(f)) for f in problems if dimension_of(f) == dim and _lost(f) > 0]
            own_sum = sum(points for _, points in own)
            if dim_gap <= 0:
                continue
            if own_sum <= 0:
                raw[dim] = raw.get(dim, 0.0) + dim_gap
                continue
            for finding, points in own:
                key = str(finding.get("criterion"))
                raw[key] = raw.get(key, 0.0) + dim_gap * points / own_sum
        weighted = sum(scored[d] * rubric.weights[d] for d in scored) / weight_sum
        severe = {str(f.get("criterion")) for f in problems if f.get("severe")}
        factor_loss = max(0.0, weighted - total)
        strength = {c: -math.log(_factor(c, rubric)) for c in severe}
        strength_sum = sum(strength.values())
        for criterion, value in strength.items():
            if strength_sum > 0:
                raw[criterion] = raw.get(criterion, 0.0) + factor_loss * value / strength_sum
    found = sum(raw.values())
    if found <= 0:
        return {"reply": gap} if gap > 0 else {}
    return {criterion: gap * value / found for criterion, value in raw.items()}


@lru_cache(maxsize=1)
def _shift_rubric() -> Any:
    """The desk's rubric, built once (every post of every review splits its losses with it)."""
    from grading.rubric import Rubric

    return Rubric.from_dict(SHIFT_RUBRIC)


def _lost(finding: Mapping[str, Any]) -> float:
    points, most = float(finding.get("points", 0)), float(finding.get("max_points", 0))
    return most - points if most > 0 else -points


def _factor(criterion: str, rubric: Any) -> float:
    """The factor a severe finding multiplies the total by (grading.engine's rule)."""
    if criterion.startswith("tone."):
        return float(rubric.conduct_factor)
    return float(rubric.severe_factor)


# -- markup ----------------------------------------------------------------------------------


def review_html(review: ShiftReview, title_key: str = "review_title") -> str:
    """The review as one block: a summary, a table of the posts (the reply under each) with
    the total, and the findings that cost most. Everything authored goes through `esc`."""
    locale = review.locale
    parts = [f"<h3>{esc(text(locale, title_key))}</h3>"]
    if not review.rows:
        parts.append(f"<p>{esc(text(locale, 'review_no_posts'))}</p>")
        return _wrap(review, parts)
    summary = []
    if review.score is not None:
        summary.append(
            plural(locale, "shift_score", review.handled, score=f"{review.score:.0f}",
                   breaches=review.over_sla)  # fmt: skip
        )
    if review.handed_over:
        key = "review_handed_over" if review.ended else "review_still_waiting"
        summary.append(plural(locale, key, review.handed_over))
    parts.append(f'<p class="rl-review-summary"><b>{esc(" · ".join(summary))}</b></p>')
    head = "".join(
        f"<th>{esc(text(locale, key))}</th>"
        for key in ("review_post", "progress_review_decision", "review_over_sla",
                    "progress_review_points")  # fmt: skip
    )
    body = "".join(_row_html(row, locale, review.ended) for row in review.rows)
    total = "" if review.score is None else f"{review.score:.0f}"
    body += (
        f'<tr class="rl-review-total"><th colspan="3">{esc(text(locale, "review_total"))}</th>'
        f"<td><b>{esc(total)}</b></td></tr>"
    )
    parts.append(f'<table class="rl-review rl-shift-table"><thead><tr>{head}</tr></thead>'
                 f"<tbody>{body}</tbody></table>")  # fmt: skip
    parts.append(_costly_html(review))
    return _wrap(review, parts)


def _wrap(review: ShiftReview, parts: list[str]) -> str:
    score = "" if review.score is None else f' data-score="{review.score:.1f}"'
    return f'<div class="rl-shift-review"{score}>{"".join(parts)}</div>'


def _row_html(row: ReviewRow, locale: str, ended: bool) -> str:
    meta = " · ".join(
        [format_clock(row.arrived_s), emotion_label(locale, row.emotion),
         channel_label(locale, row.channel)]  # fmt: skip
    )
    post = (
        f'<b class="rl-review-handle">@{esc(row.handle)}</b> <span class="rl-meta">{esc(meta)}'
        f'</span><div class="rl-meta rl-review-preview">{esc(row.preview)}</div>'
    )
    if row.action is None:
        key = "review_not_handled" if ended else "review_waiting"
        decision = f'<span class="rl-meta">{esc(text(locale, key))}</span>'
    else:
        decision = esc(action_label(locale, row.action))
        if not row.right:
            better = text(locale, "review_better", action=action_label(locale, row.expected))
            decision += f' <span class="rl-wrong">({esc(better)})</span>'
    if not row.handled and not row.over_sla:
        late = '<span class="rl-meta">–</span>'  # not answered, and not late yet
    elif row.over_sla:
        over = text(locale, "sla_over", minutes=row.over_minutes)
        late = f'<span class="rl-sla-red">{esc(over)}</span>'
    else:
        late = f'<span class="rl-sla-ok">{esc(text(locale, "review_in_time"))}</span>'
    points = "" if row.points is None else f"{row.points:.0f}"
    wrong = ' rl-review-wrong' if row.right is False else ""
    main = (
        f'<tr class="rl-review-post{wrong}" data-case-id="{esc(row.case_id)}">'
        f"<td>{post}</td><td>{decision}</td><td>{late}</td><td>{esc(points)}</td></tr>"
    )
    if not row.handled:
        return main
    said = row.reply if row.reply else text(locale, "progress_review_none")
    pasted = "" if row.pasted_from is None else (
        f' <span class="rl-wrong rl-review-pasted">'
        f'({esc(text(locale, "review_pasted", handle=row.pasted_from))})</span>')
    return (
        f'{main}<tr class="rl-review-reply"><td colspan="4">'
        f'<span class="rl-meta">{esc(text(locale, "progress_review_reply"))}:</span> '
        f'<span class="rl-quote">{esc(said)}</span>{pasted}</td></tr>'
    )


def _costly_html(review: ShiftReview) -> str:
    locale = review.locale
    heading = f"<h4>{esc(text(locale, 'review_costly'))}</h4>"
    if review.score is None:
        return ""
    if not review.costly:
        return f"{heading}<p>{esc(text(locale, 'review_nothing_costly'))}</p>"
    items = "".join(
        f'<li data-criterion="{esc(cost.criterion)}">'
        + esc(
            plural(locale, "review_cost", cost.posts, label=cost.label,
                   points=decimal(cost.points, locale))  # fmt: skip
        )
        + "</li>"
        for cost in review.costly
    )
    return f'{heading}<ol class="rl-review-costly">{items}</ol>'
