"""A live drill's records and their rules without a server: grading a reply or a pinned post
the way the drill desk does, and what the control page shows of each trainee's desk.

Grading follows the drill desk (simulator/widgets/drill_desk.py): the reply is graded with
DRILL_RUBRIC against the case as the knowledge base stands at the room's simulated time, with
the trainee's pinned post; latency is that time minus the post's arrival; a decision closed
without a reply scores the decision with the desk's speed weight; a pasted reply costs
PASTED_PENALTY points. Everything here is a function of the server's own records.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any

from scenarios import Case
from simulator.drill import DrillRun, drill_run
from simulator.shift import Arrival

ACTIONS = ("respond", "respond_private", "escalate", "monitor")
REPLY_ACTIONS = frozenset({"respond", "respond_private"})


@dataclass
class Seat:
    """A trainee in a drill: the language their posts come in (fixed at their first join)."""

    drill_id: str
    trainee_id: str
    locale: str
    joined_at: float


@dataclass
class DrillReply:
    id: str
    drill_id: str
    trainee_id: str
    case_id: str
    action: str
    text: str
    received_at: float
    sim_s: float
    latency_s: float
    total: float | None
    points: float
    grade: dict[str, Any] | None
    action_grade: dict[str, Any]
    client_id: str | None = None
    pasted_from: str | None = None

    def row(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def view(self) -> dict[str, Any]:
        """What the trainee who wrote it sees (and only they, and the instructor)."""
        out = self.row()
        out["reply_id"] = out.pop("id")
        out.pop("trainee_id")
        return out


@dataclass
class DrillPost:
    id: str
    drill_id: str
    trainee_id: str
    text: str
    received_at: float
    sim_s: float
    total: float
    grade: dict[str, Any]
    client_id: str | None = None

    def row(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def view(self) -> dict[str, Any]:
        out = self.row()
        out["post_id"] = out.pop("id")
        out.pop("trainee_id")
        return out


def run_for(drill_id: str, locale: str, seed: int) -> DrillRun:
    return drill_run(drill_id, locale, seed)


@lru_cache(maxsize=64)
def arrivals_by_id(drill_id: str, locale: str, seed: int) -> dict[str, Arrival]:
    return {a.case.id: a for a in run_for(drill_id, locale, seed).arrivals}


def inject_times(drill_id: str) -> list[float]:
    """The simulated seconds of the drill's injects: the same in every locale."""
    from scenarios import get_drill

    return sorted({inject.at_s for inject in get_drill(drill_id).timeline})


@lru_cache(maxsize=1)
def drill_rubric() -> Any:
    """The drill desk's rubric, built once (not again for every reply)."""
    from grading.rubric import Rubric
    from simulator.widgets.drill_desk import DRILL_RUBRIC

    return Rubric.coerce(DRILL_RUBRIC)


def grade_reply(run: DrillRun, arrival: Arrival, action: str, text: str, sim_s: float,
                pinned: str | None, earlier: list[tuple[str, Case]]) -> dict[str, Any]:  # fmt: skip
    """The grade of a reply (or a decision without one) received at `sim_s`, as a dict of the
    DrillReply fields it sets."""
    import grading
    from grading.speed import speed_score
    from simulator.pasted import PENALTY, pasted_from
    from simulator.widgets.queue import ticket_score

    rubric = drill_rubric()
    case = run.case_at(arrival.case, sim_s)
    latency = round(max(0.0, sim_s - arrival.at_s), 1)
    with_reply = action in REPLY_ACTIONS
    grade = None
    if with_reply:
        grade = grading.grade(text, case, latency_s=latency, rubric=rubric, pinned=pinned or None)
    action_grade = grading.grade_action(action, case)
    speed = None if grade is not None else float(
        speed_score(latency, case.channel, rubric))
    base = ticket_score(grade, action_grade, speed)
    repeated = pasted_from(text, arrival.case, earlier) if with_reply else None
    points = max(0.0, base - PENALTY) if repeated is not None else base
    graded = None if grade is None else grade.to_dict()
    return {
        "latency_s": latency,
        "total": None if graded is None else graded["total"],  # as the trainee sees it
        "points": round(points, 1),
        "grade": graded,
        "action_grade": action_grade.to_dict(),
        "pasted_from": None if repeated is None else repeated.id,
        "text": text if with_reply else "",
    }


def grade_post(run: DrillRun, text: str, sim_s: float) -> Any:
    import grading

    return grading.grade_post(text, run.post_case(sim_s))


def drill_sla_s(case: Any) -> float:
    """A post's service level in a drill: the desk's, half of it for a special case (a child,
    medication, a missed connection), as the trainee's timer and the grade have it. Kept per
    post: the control feed asks it for every trainee's every post, every few seconds."""
    found = _SLA_S.get(case.id)
    if found is None:
        from grading.reading.special import special_needs
        from simulator.widgets.queue import sla_seconds

        share = drill_rubric().special_first if special_needs(case) else 1.0
        found = _SLA_S[case.id] = sla_seconds(case) * share
    return found


_SLA_S: dict[str, float] = {}  # case id -> its service level (drill case ids name the drill)


def desk_stats(run: DrillRun, answered: dict[str, float], now_s: float) -> dict[str, Any]:
    """One trainee's desk at `now_s`: posts arrived and not answered (the backlog), service
    level breaches (answered late, and still waiting past the level), answered."""
    arrived = [a for a in run.arrivals if a.at_s <= now_s]
    late = waiting_late = backlog = 0
    for a in arrived:
        sla = drill_sla_s(a.case)
        if a.case.id in answered:
            late += answered[a.case.id] - a.at_s >= sla
        else:
            backlog += 1
            waiting_late += now_s - a.at_s >= sla
    return {"arrived": len(arrived), "backlog": backlog, "answered": len(answered),
            "breaches": late + waiting_late, "answered_late": late,
            "waiting_late": waiting_late}  # fmt: skip


def event_views(run: DrillRun, until_s: float) -> list[dict[str, Any]]:
    return [{"at_s": e.at_s, "clock": run.clock_time(e.at_s), "kind": e.kind,
             "headline": e.headline, "role": e.role,
             "case_id": e.case.id if e.case is not None else None}
            for e in run.events_until(until_s)]  # fmt: skip
