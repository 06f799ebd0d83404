"""A live drill's results for the debrief: one row per trainee's reply (and per pinned post),
in the workshop's JSON export and as its own CSV (the same formula-safe cells as export.py).
"""

from __future__ import annotations

import csv
import io
from typing import Any

from simulator.workshop.drill_feed import arrivals_by_id, drill_sla_s, run_for
from simulator.workshop.export import _cell

COLUMNS = [
    "drill", "drill_number", "seed", "trainee", "name", "locale", "kind", "case_id", "handle",
    "clock", "latency_s", "over_sla", "action", "expected", "points", "total", "pasted_from",
    "text",
]  # fmt: skip


def rows(hub: Any) -> list[dict[str, Any]]:
    drills = hub.drills
    out: list[dict[str, Any]] = []
    for drill in sorted(drills.drills.values(), key=lambda d: d.number):
        for trainee in sorted(hub.trainees.values(), key=lambda t: t.seq):
            seat = drills.seat_of(drill, trainee)
            if seat is None:
                continue
            run = run_for(drill.drill, seat.locale, drill.seed)
            by_id = arrivals_by_id(drill.drill, seat.locale, drill.seed)
            base = {"drill": drill.drill, "drill_number": drill.number, "seed": drill.seed,
                    "trainee": trainee.seq, "name": trainee.name, "locale": seat.locale}
            for post in drills.posts:
                if post.drill_id == drill.id and post.trainee_id == trainee.id:
                    out.append({**base, "kind": "pinned_post",
                                "clock": run.clock_time(post.sim_s), "total": post.total,
                                "points": post.total, "text": post.text,
                                "findings": post.grade.get("findings", [])})  # fmt: skip
            for reply in drills.replies:
                if reply.drill_id != drill.id or reply.trainee_id != trainee.id:
                    continue
                arrival = by_id.get(reply.case_id)
                case = arrival.case if arrival is not None else None
                out.append({
                    **base, "kind": "reply", "case_id": reply.case_id,
                    "handle": case.customer.handle if case else None,
                    "clock": run.clock_time(reply.sim_s), "latency_s": round(reply.latency_s, 1),
                    "over_sla": case is not None and reply.latency_s >= drill_sla_s(case),
                    "action": reply.action, "expected": reply.action_grade.get("expected"),
                    "points": reply.points, "total": reply.total,
                    "pasted_from": reply.pasted_from, "text": reply.text,
                    "findings": (reply.grade or {}).get("findings", []),
                })  # fmt: skip
    return out


def to_csv(hub: Any) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows(hub):
        writer.writerow({k: _cell(row.get(k)) for k in COLUMNS})
    return buffer.getvalue()
