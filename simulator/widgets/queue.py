"""The shift's queue logic without widgets: service levels, urgency, ordering, the shift score.

Kept apart from the widget so the rules (what is urgent, when a timer turns amber or red, how
the shift is scored) read in one place and are tested directly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Literal

from scenarios import Case
from simulator.shift import Arrival

# The desk's own service level: the first answer within 15 minutes on Twitter, 30 elsewhere
# (stricter than the grader's one-hour default, as a staffed desk promises).
SLA_S: dict[str, float] = {"twitter": 15 * 60.0, "facebook": 30 * 60.0, "instagram": 30 * 60.0}
# On the desk, speed is what is being trained: it weighs more than in a single exercise, and
# the score halves at twice the service level and reaches 0 at four times it.
SHIFT_RUBRIC: dict[str, Any] = {
    "speed_targets": dict(SLA_S),
    "speed_curve": [(3600.0, 100.0), (2 * 3600.0, 50.0), (4 * 3600.0, 0.0)],
    "weights": {"speed": 0.3},
}
# A timer follows the minutes it shows, the same on every channel: amber with 10 minutes or
# less left, red once the service level has passed.
AMBER_LEFT_S = 10 * 60.0
EMOTION_WEIGHT = {"happy": 0.0, "calm": 1.0, "annoyed": 2.0, "angry": 3.0, "furious": 4.0}
SORT_MODES = ("arrival", "urgency", "manual")
SlaState = Literal["ok", "amber", "red"]


def sla_seconds(case: Case) -> float:
    return SLA_S.get(case.channel, 30 * 60.0)


def sla_state(waited_s: float, sla_s: float) -> SlaState:
    """'red' once the service level has passed, 'amber' with AMBER_LEFT_S (10 min) or less
    left, else 'ok': the colour follows the time left shown, whatever the channel's level."""
    left = sla_s - waited_s
    if left <= 0:
        return "red"
    if left <= AMBER_LEFT_S:
        return "amber"
    return "ok"


def sla_minutes(left_s: float) -> int:
    """The whole minutes a timer shows for `left_s` (negative once over), rounded up and at
    least 1, so "10 min left" is amber (sla_state) and "11 min left" is not, on any channel."""
    return max(1, math.ceil(abs(left_s) / 60.0))


def importance(case: Case) -> float:
    """How much a case weighs, whenever it is answered: feelings first, then reach (an angry
    customer outranks a happy influencer)."""
    emotion = EMOTION_WEIGHT.get(case.customer.emotion, 2.0)
    return 1.0 + 1.5 * emotion + 0.75 * math.log10(1 + case.customer.followers)


# "Most urgent first" puts the post closest to breaching its service level first, so no post
# runs out its time behind others with more left. How upset the customer is, how far the post
# reaches and a special need only break near-ties: together they move a post ahead by at most
# URGENCY_BONUS_MAX_S, and never a happy post or a known repeat poster (nobody waits for help).
URGENCY_BONUS_MAX_S = 3 * 60.0
BONUS_SHARES = {"emotion": 0.45, "reach": 0.2, "need": 0.35}  # of URGENCY_BONUS_MAX_S
REACH_FULL_FOLLOWERS = 1_000_000  # reach counts in full from a million followers
# The knowledge base knows the account for posting the same again and again (a troll's record).
REPEAT_POSTER_FACTS = frozenset({"similar_posts", "streak"})


def special_needs(case: Case) -> tuple[str, ...]:
    """What a care lead takes first when the time is the same (a child, medication, a missed
    connection). The grader reads it too (a drill's speed score holds these to a shorter
    target), so the rule lives in grading.reading.special, imported when first needed: the
    widgets load the grader only on the first Send."""
    from grading.reading.special import special_needs as read

    return read(case)


def repeat_poster(case: Case) -> bool:
    """The knowledge base knows the account for posting the same again and again."""
    return any(fact.id in REPEAT_POSTER_FACTS for fact in case.facts)


def urgency_bonus_s(case: Case) -> float:
    """Seconds by which emotion, reach and a special need move a post ahead of others with
    as much time left: 0 to URGENCY_BONUS_MAX_S, and 0 for a happy post or a repeat poster,
    so neither praise nor a troll passes a complaint with less time left."""
    emotion = EMOTION_WEIGHT.get(case.customer.emotion, 2.0) / max(EMOTION_WEIGHT.values())
    if emotion <= 0 or repeat_poster(case):
        return 0.0
    reach = min(1.0, math.log10(1 + case.customer.followers) / math.log10(REACH_FULL_FOLLOWERS))
    need = 1.0 if special_needs(case) else 0.0
    share = (
        BONUS_SHARES["emotion"] * emotion
        + BONUS_SHARES["reach"] * reach
        + BONUS_SHARES["need"] * need
    )
    return URGENCY_BONUS_MAX_S * min(1.0, share)


def urgency(case: Case, waited_s: float, bonus_s: float | None = None,
            sla_s: float | None = None) -> float:
    """How urgent a post is, in seconds (higher first): minus the time left before its service
    level is breached, with the bounded tie-break bonus (urgency_bonus_s, or `bonus_s` when the
    caller already has it)."""
    bonus = urgency_bonus_s(case) if bonus_s is None else bonus_s
    return -((sla_seconds(case) if sla_s is None else sla_s) - waited_s - bonus)


@dataclass
class Ticket:
    """One arrival in the desk's queue, and what became of it."""

    arrival: Arrival
    opened_s: float | None = None
    answered_s: float | None = None
    reply: str | None = None
    grade: Any = None
    draft: str = ""
    chosen: str | None = None  # the decision picked while the ticket is open (kept on switching)
    action: str | None = None  # the decision it was closed with
    action_grade: Any = None
    points: float | None = None  # its share of the shift score, 0..100 (ticket_score)
    pasted_from: str | None = None  # the handle whose reply this one repeats (simulator.pasted)
    pasted_penalty: float = 0.0  # the points that cost it
    # a drill holds the special cases (a child, medication, a missed connection) to this share
    # of the service level, as its grade does (grading's Rubric.special_first)
    special_share: float = 1.0

    @property
    def case(self) -> Case:
        return self.arrival.case

    @cached_property
    def bonus_s(self) -> float:
        """The post's urgency tie-break (it depends on the case alone: read once, not at every
        re-sort of the queue)."""
        return urgency_bonus_s(self.arrival.case)

    @property
    def id(self) -> str:
        return self.arrival.case.id

    @property
    def at_s(self) -> float:
        return self.arrival.at_s

    @property
    def answered(self) -> bool:
        """Closed: answered, or escalated or monitored without a reply."""
        return self.answered_s is not None

    def waited_s(self, now_s: float) -> float:
        end = self.answered_s if self.answered_s is not None else now_s
        return max(0.0, end - self.at_s)

    @cached_property
    def needs(self) -> tuple[str, ...]:
        """The special needs the post names (read once)."""
        return special_needs(self.case)

    @cached_property
    def sla_s(self) -> float:
        """This post's service level: the channel's, or a share of it for a special case."""
        share = self.special_share if self.needs else 1.0
        return sla_seconds(self.case) * share

    def sla_state(self, now_s: float) -> SlaState:
        return sla_state(self.waited_s(now_s), self.sla_s)

    def sla_left_s(self, now_s: float) -> float:
        return self.sla_s - self.waited_s(now_s)


def order_queue(tickets: list[Ticket], now_s: float, mode: str) -> list[Ticket]:
    """Waiting tickets (arrived, unanswered) in the order the trainee chose."""
    if mode not in SORT_MODES:
        raise ValueError(f"unknown order {mode!r} (known: {', '.join(SORT_MODES)})")
    waiting = [t for t in tickets if t.at_s <= now_s and not t.answered]
    if mode == "urgency":
        return sorted(
            waiting,
            key=lambda t: (-urgency(t.case, t.waited_s(now_s), t.bonus_s, t.sla_s), t.at_s, t.id)
        )
    return sorted(waiting, key=lambda t: (t.at_s, t.id))  # arrival; 'manual' shows it so too


def _number(grade: Any, name: str) -> float:
    """A field of a Grade or ActionGrade, or of its dict; 0 when there is none."""
    if grade is None:
        return 0.0
    if isinstance(grade, dict):
        return float(grade.get(name, 0.0))
    return float(getattr(grade, name))


def total_of(grade: Any) -> float:
    return _number(grade, "total")


def score_of(grade: Any) -> float:
    """An ActionGrade's (or its dict's) score, 0..100."""
    return _number(grade, "score")


def ticket_score(grade: Any, action_grade: Any = None, speed: float | None = None) -> float:
    """A closed ticket's points, 0..100.

    A reply (respond, respond privately) scores its total scaled by the decision's score, so a
    fine reply to a troll still earns little. A post closed without a reply (escalate, monitor)
    scores the decision, with the desk's speed weight applied to how soon it was made. Without
    a decision (older callers) the reply's total counts as is.
    """
    decision = None if action_grade is None else score_of(action_grade)
    if grade is not None:
        return total_of(grade) * (1.0 if decision is None else decision / 100.0)
    if decision is None:
        return 0.0
    weight = float(SHIFT_RUBRIC["weights"]["speed"])
    speed_share = 1.0 if speed is None else max(0.0, min(100.0, speed)) / 100.0
    return decision * (1.0 - weight + weight * speed_share)


def shift_score(tickets: list[Ticket]) -> float | None:
    """Mean points of the closed tickets, weighted by importance: slow answers or wrong calls
    on furious customers with a large audience cost most. None before the first one."""
    closed = [t for t in tickets if t.answered]
    if not closed:
        return None
    weighted = [
        (importance(t.case), t.points if t.points is not None else total_of(t.grade))
        for t in closed
    ]
    return sum(w * points for w, points in weighted) / sum(w for w, _ in weighted)


def format_clock(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"
