"""The workshop's results per trainee and round: CSV for a spreadsheet, JSON with findings.

One row per trainee, round and attempt (the trainee's latest reply of that attempt). Text a
trainee typed can start with "=" or "+", which a spreadsheet would run as a formula, so CSV
cells that start so are prefixed with an apostrophe (OWASP's advice on CSV injection).
"""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from typing import Any

from simulator.workshop.model import latest_per_trainee
from simulator.workshop.stats import DIMENSIONS

COLUMNS = [
    "round", "round_id", "family", "locale", "seed", "mode", "attempt", "trainee", "name",
    "reply_id", "received_at", "latency_s", "total", *DIMENSIONS, "severe", "starred",
    "verdict", "verdict_comment", "reply",
]  # fmt: skip


def rows(hub: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for rnd in hub.ordered_rounds():
        for attempt in range(1, rnd.attempt + 1):
            latest = latest_per_trainee(hub.replies, rnd.id, attempt)
            for trainee in sorted(hub.trainees.values(), key=lambda t: t.seq):
                reply = latest.get(trainee.id)
                if reply is None:
                    continue
                dims = reply.grade["dimensions"]
                out.append({
                    "round": rnd.number, "round_id": rnd.id, "family": rnd.family,
                    "locale": rnd.locale, "seed": rnd.seed_for(trainee), "mode": rnd.mode,
                    "attempt": attempt, "trainee": trainee.seq, "name": trainee.name,
                    "reply_id": reply.id,
                    "received_at": datetime.fromtimestamp(reply.received_at, timezone.utc)
                    .isoformat(timespec="seconds"),
                    "latency_s": reply.latency_s, "total": reply.total,
                    **{dim: dims.get(dim) for dim in DIMENSIONS},
                    "severe": sum(1 for f in reply.grade["findings"] if f.get("severe")),
                    "starred": reply.starred, "verdict": reply.verdict,
                    "verdict_comment": reply.verdict_comment, "reply": reply.text,
                    "findings": reply.grade["findings"],
                })  # fmt: skip
    return out


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return "" if value is None else value


def to_csv(hub: Any) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows(hub):
        writer.writerow({k: _cell(row[k]) for k in COLUMNS})
    return buffer.getvalue()


def to_json(hub: Any) -> dict[str, Any]:
    from simulator.workshop import drill_export

    return {
        "workshop": {"id": hub.workshop.id, "code": hub.workshop.code},
        "rounds": [rnd.public() for rnd in hub.ordered_rounds()],
        "results": rows(hub),
        "drill_results": drill_export.rows(hub),  # every reply and pinned post of each drill
    }
