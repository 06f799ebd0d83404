"""What Send does, written once for the exercise, the triage drill and the shift desk: check
that the attempt is complete, grade the reply and the decision, work out the points that
count, save the attempt (durably, before anything is shown) and build the feedback.

The widgets only decide the timing (their clocks differ) and what to do with the result.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scenarios import Case
from simulator.widgets import grader
from simulator.widgets.feedback import feedback_html, message_html
from simulator.widgets.queue import ticket_score
from simulator.widgets.store import ReplyStore, attempt_record
from simulator.widgets.strings import text

ACTIONS = ("respond", "respond_private", "escalate", "monitor")
REPLY_ACTIONS = frozenset({"respond", "respond_private"})


@dataclass(frozen=True)
class Sent:
    """One sent attempt: its grades, the points that count (None for a plain reply, whose
    total is what counts), the saved record and the feedback markup."""

    grade: Any
    action_grade: Any
    points: float | None
    record: dict[str, Any]
    html: str
    deducted: float = 0.0  # points taken off by a finding of the shift (a pasted reply)


def wants_reply(action: str | None, *, decision_asked: bool, reply_box: bool = True) -> bool:
    """A reply is needed where there is a reply box: without a decision, or when the decision
    is to answer (the triage drill has no reply box)."""
    return reply_box and (not decision_asked or action in REPLY_ACTIONS)


def missing(
    locale: str, *, decision_asked: bool, action: str | None, reply: str, reply_box: bool = True
) -> str | None:
    """What the trainee must still do before Send (choose, write), or None."""
    if decision_asked and action is None:
        return text(locale, "choose_first")
    needed = wants_reply(action, decision_asked=decision_asked, reply_box=reply_box)
    if needed and not reply.strip():
        return text(locale, "write_first")
    return None


def submit(
    store: ReplyStore,
    case: Case,
    *,
    reply: str,
    with_reply: bool,
    action: str | None,
    latency_s: float,
    record: dict[str, Any],
    rubric: Any = None,
    desk_speed: bool = False,
    attempt: int = 1,
    always_show_latency: bool = False,
    penalty: float = 0.0,
    notice: str = "",
    pinned: str | None = None,
) -> Sent:
    """Grade, save and render one attempt. `with_reply` says whether `reply` is graded (see
    `wants_reply`); `action` is None when no decision was asked for; `record` holds the
    widget's own fields (mode, times, ...). With `desk_speed` a decision closed without a
    reply also scores how soon it was made (the shift desk). `pinned`: a drill's pinned post,
    which the reply may point to."""
    grade = (
        grader.grade_reply(reply, case, latency_s=latency_s, rubric=rubric, pinned=pinned)
        if with_reply else None
    )
    action_grade = grader.grade_decision(action, case) if action is not None else None
    points: float | None = None
    deducted = 0.0
    if action_grade is not None:
        speed = None
        if desk_speed and grade is None:
            speed = grader.speed_score(latency_s, case, rubric=rubric)
        base = ticket_score(grade, action_grade, speed)
        points = max(0.0, base - penalty)
        deducted = base - points
    full = attempt_record(
        case,
        attempt=attempt,
        reply=reply if with_reply else None,
        action=action,
        latency_s=latency_s,
        grade=grade,
        action_grade=action_grade,
        **record,
    )
    if points is not None:
        full["points"] = round(points, 1)
        if isinstance(full.get("shift"), dict):
            full["shift"]["points"] = round(points, 1)
    store.append(full)  # durable before the trainee sees the result
    html = feedback_html(
        grade,
        reply,
        case.locale,
        attempt=attempt,
        action_grade=action_grade,
        latency_s=latency_s if (grade is not None or always_show_latency) else None,
        saved_to=str(store.path),
        char_limit=case.char_limit,
        points=points,
    )
    if notice:  # a finding of the shift, not of the reply alone (a pasted reply)
        html = message_html(notice) + html
    return Sent(grade, action_grade, points, full, html, deducted)
