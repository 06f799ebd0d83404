"""The instructor's side of the API: rounds, all replies with grades, annotations, projector,
export and the live event stream. Every route here checks the instructor key first.
"""

from __future__ import annotations

import time
from typing import Any

import anyio
from sse_starlette.sse import EventSourceResponse
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from scenarios import LOCALES, families
from simulator.workshop import export, stats
from simulator.workshop.auth import require_instructor
from simulator.workshop.errors import ApiError, field, read_json
from simulator.workshop.hub import Hub, case_for
from simulator.workshop.model import Reply, Round, latest_per_trainee


def _round_from_path(hub: Hub, request: Request) -> Round:
    return hub.round(request.path_params["round_id"])


def reply_view(hub: Hub, reply: Reply) -> dict[str, Any]:
    trainee = hub.trainees[reply.trainee_id]
    return {
        "reply_id": reply.id, "round_id": reply.round_id, "attempt": reply.attempt,
        "trainee": trainee.id, "seq": trainee.seq, "name": trainee.name, "text": reply.text,
        "received_at": reply.received_at, "latency_s": reply.latency_s, "total": reply.total,
        "grade": reply.grade, **reply.annotations(),
    }  # fmt: skip


async def state(request: Request) -> JSONResponse:
    hub = await require_instructor(request)
    now = time.time()
    current = hub.current_round()
    return JSONResponse({
        "workshop": {"id": hub.workshop.id, "code": hub.workshop.code,
                     "names_revealed": hub.workshop.names_revealed,
                     "projector": hub.workshop.projector},
        "trainees": [{"trainee": t.id, "seq": t.seq, "name": t.name, "joined_at": t.joined_at}
                     for t in sorted(hub.trainees.values(), key=lambda t: t.seq)],
        "rounds": [r.public(now) for r in hub.ordered_rounds()],
        "current_round": current.id if current else None,
        "current_post": _post_text(current),
        "families": sorted(families()),
        "locales": list(LOCALES),
        "server_time": now,
    })  # fmt: skip


def _post_text(rnd: Round | None) -> str | None:
    """The customer's post of the round's case (seed as given: trainee variants differ)."""
    if rnd is None:
        return None
    return case_for(rnd.family, rnd.locale, rnd.seed).post.text


async def add_round(request: Request) -> JSONResponse:
    hub = await require_instructor(request)
    rnd = await hub.add_round(await read_json(request))
    return JSONResponse(rnd.public(), 201)


async def act(request: Request) -> JSONResponse:
    hub = await require_instructor(request)
    action = request.path_params["action"]
    data = await read_json(request)
    seconds = field(data, "seconds", float, default=60.0)
    rnd = await hub.control(request.path_params["round_id"], action, seconds)
    return JSONResponse(rnd.public())


async def next_round(request: Request) -> JSONResponse:
    hub = await require_instructor(request)
    await read_json(request)
    return JSONResponse((await hub.next_round()).public())


async def replies(request: Request) -> JSONResponse:
    hub = await require_instructor(request)
    rnd = _round_from_path(hub, request)
    attempt = request.query_params.get("attempt")
    rows = [r for r in hub.replies if r.round_id == rnd.id]
    if attempt is not None:
        if not attempt.isdigit():
            raise ApiError(400, "bad_field", "'attempt' must be a whole number")
        rows = [r for r in rows if r.attempt == int(attempt)]
    return JSONResponse({"round": rnd.public(), "replies": [reply_view(hub, r) for r in rows]})


async def summary(request: Request) -> JSONResponse:
    hub = await require_instructor(request)
    rnd = _round_from_path(hub, request)
    return JSONResponse(stats.round_summary(hub.replies, rnd, len(hub.trainees)))


async def annotate(request: Request) -> JSONResponse:
    hub = await require_instructor(request)
    reply = await hub.annotate(request.path_params["reply_id"], await read_json(request))
    return JSONResponse(reply_view(hub, reply))


async def projector_settings(request: Request) -> JSONResponse:
    hub = await require_instructor(request)
    workshop = await hub.set_projector(await read_json(request))
    return JSONResponse({"projector": workshop.projector, "names": workshop.names_revealed})


async def projector(request: Request) -> JSONResponse:
    """What the wall shows: only what the instructor chose, anonymised unless names are on,
    personal data in replies masked, hidden replies left out."""
    hub = await require_instructor(request)
    rnd = hub.current_round()
    view = hub.workshop.projector.get("view", "summary")
    out: dict[str, Any] = {"view": view, "round": None}
    if view == "join" or (rnd is None and view != "blank"):
        out["view"] = "join"
        out["join"] = join_card(hub.workshop.code, request.app.state.public_url)
        return JSONResponse(out)
    if rnd is None or view == "blank":
        return JSONResponse(out)
    now = time.time()
    out["round"] = {k: rnd.public(now)[k] for k in
                    ("id", "number", "family", "locale", "phase", "attempt", "remaining_s")}
    summary = stats.round_summary(hub.replies, rnd, len(hub.trainees))
    latest = summary["attempts"][-1]
    out["answered"], out["trainees"] = latest["answered"], latest["trainees"]
    revealed = rnd.state == "revealed" or rnd.attempt > 1
    if not revealed:  # before the reveal the room sees only how many have answered
        return JSONResponse(out)
    out["summary"] = {k: summary[k] for k in summary if k != "round"}
    for attempt in out["summary"]["attempts"]:
        attempt.pop("answered_ids", None)
        for finding in attempt["findings"]:  # a tip can quote the reply it came from
            finding["tip"] = stats.mask(finding["tip"])
    if view == "starred":
        current = latest_per_trainee(hub.replies, rnd.id, rnd.attempt)
        chosen = [r for r in hub.replies if r.round_id == rnd.id and r.starred and not r.hidden
                  and (r.attempt < rnd.attempt or current.get(r.trainee_id) is r)]
        out["starred"] = [_wall_reply(hub, r) for r in chosen]
    return JSONResponse(out)


def join_card(code: str, url: str) -> dict[str, Any]:
    """The code, the address and its QR code as rows of 0/1, drawn on a canvas by the page."""
    import segno

    card: dict[str, Any] = {"code": code, "url": url, "qr": []}
    if url:
        qr = segno.make(url, error="m")
        card["qr"] = ["".join("1" if cell else "0" for cell in row) for row in qr.matrix]
    return card


def _wall_reply(hub: Hub, reply: Reply) -> dict[str, Any]:
    trainee = hub.trainees[reply.trainee_id]
    return {
        "reply_id": reply.id, "attempt": reply.attempt, "total": reply.total,
        "who": trainee.name if hub.workshop.names_revealed else trainee.label,
        "segments": stats.segments(reply.text, stats.evidence_spans(reply)),
        "findings": [{"criterion": f["criterion"], "points": f["points"],
                      "tip": stats.mask(f["tip"])}
                     for f in reply.grade["findings"] if f.get("points", 0) < 0],
        "verdict": reply.verdict,
    }  # fmt: skip


async def export_csv(request: Request) -> Response:
    hub = await require_instructor(request)
    return Response(export.to_csv(hub), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="workshop-{hub.workshop.id}.csv"'})


async def export_drill_csv(request: Request) -> Response:
    hub = await require_instructor(request)
    from simulator.workshop import drill_export

    return Response(drill_export.to_csv(hub), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="workshop-{hub.workshop.id}-drills.csv"'})


async def export_json(request: Request) -> JSONResponse:
    hub = await require_instructor(request)
    return JSONResponse(export.to_json(hub), headers={
        "Content-Disposition": f'attachment; filename="workshop-{hub.workshop.id}.json"'})


async def events(request: Request) -> EventSourceResponse:
    hub = await require_instructor(request)
    stop = anyio.Event()
    return EventSourceResponse(hub.events.stream(stop), ping=None, shutdown_event=stop,
                               shutdown_grace_period=1.0)  # fmt: skip


routes = [
    Route("/api/control/state", state),
    Route("/api/control/rounds", add_round, methods=["POST"]),
    Route("/api/control/rounds/{round_id}/replies", replies),
    Route("/api/control/rounds/{round_id}/summary", summary),
    Route("/api/control/rounds/{round_id}/{action}", act, methods=["POST"]),
    Route("/api/control/next", next_round, methods=["POST"]),
    Route("/api/control/replies/{reply_id}", annotate, methods=["POST"]),
    Route("/api/control/projector", projector_settings, methods=["POST"]),
    Route("/api/projector", projector),
    Route("/api/control/export.csv", export_csv),
    Route("/api/control/export-drills.csv", export_drill_csv),
    Route("/api/control/export.json", export_json),
    Route("/api/control/events", events),
]
