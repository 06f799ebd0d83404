"""The live drill's HTTP API: the instructor's controls and feed (with the instructor key), and
the trainee's side (with their token): the drill as it stands in their language, their seat,
their replies and their pinned post. A trainee reaches only their own records: another
trainee's reply answers 404, as in the rest of the API.
"""

from __future__ import annotations

import time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from simulator.workshop import drill_clock as clock
from simulator.workshop.auth import require_instructor, require_trainee
from simulator.workshop.drill_feed import event_views, run_for
from simulator.workshop.errors import ApiError, field, read_json

# ---- the instructor ------------------------------------------------------------------------


async def feed(request: Request) -> JSONResponse:
    hub = await require_instructor(request)
    from scenarios import drills

    out = hub.drills.feed(time.time())
    out["drills"] = [{"id": d.id, "title": d.title.en, "minutes": d.minutes}
                     for _id, d in sorted(drills().items())]  # fmt: skip
    return JSONResponse(out)


async def act(request: Request) -> JSONResponse:
    hub = await require_instructor(request)
    action = request.path_params["action"]
    data = await read_json(request)
    if action == "start":
        drill = await hub.drills.start(data)
        return JSONResponse(hub.drills.public(drill, time.time()), 201)
    drill = await hub.drills.control(action)
    return JSONResponse(hub.drills.public(drill, time.time()))


# ---- the trainee ---------------------------------------------------------------------------


async def state(request: Request) -> JSONResponse:
    """The drill for this trainee: clock, news so far, posts arrived so far (the knowledge
    base as it stands now), their own replies with the server's grades, their pinned post."""
    hub, trainee = await require_trainee(request)
    drills = hub.drills
    drill = drills.current()
    now = time.time()
    if drill is None:
        return JSONResponse({"drill": None, "message": "waiting for the instructor's drill"})
    seat = drills.seat_of(drill, trainee)
    if seat is None:
        return JSONResponse({"drill": drills.public(drill, now), "seated": False})
    run = run_for(drill.drill, seat.locale, drill.seed)
    sim_s = clock.sim_time(drill, now)
    pinned = drills.pinned(drill, trainee.id)
    return JSONResponse({
        "drill": drills.public(drill, now, seat.locale), "seated": True, "locale": seat.locale,
        "events": event_views(run, sim_s),
        "arrivals": [{"at_s": a.at_s, "case": run.case_at(a.case, sim_s).to_dict()}
                     for a in run.arrivals if a.at_s <= sim_s],
        "my_replies": [r.view() for r in drills.mine(drill, trainee)],
        "pinned": None if pinned is None else pinned.view(),
    })  # fmt: skip


async def drill_clock(request: Request) -> JSONResponse:
    """Only the clock: what a trainee's desk reads every few seconds."""
    hub, trainee = await require_trainee(request)
    drill = hub.drills.require_current()
    seat = hub.drills.seat_of(drill, trainee)
    return JSONResponse(hub.drills.public(drill, time.time(), seat.locale if seat else "en"))


async def join(request: Request) -> JSONResponse:
    hub, trainee = await require_trainee(request)
    data = await read_json(request)
    seat = await hub.drills.join(trainee, field(data, "locale", str, default="en"))
    drill = hub.drills.require_current()
    return JSONResponse({"drill": hub.drills.public(drill, time.time(), seat.locale),
                         "locale": seat.locale})  # fmt: skip


def _sent(data: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """Only these fields are read; a grade, a latency or a case in the body is ignored."""
    return {**extra, "client_id": field(data, "client_id", str, default=None),
            "drill_id": field(data, "drill_id", str, default=None)}  # fmt: skip


async def send_reply(request: Request) -> JSONResponse:
    hub, trainee = await require_trainee(request)
    data = await read_json(request)
    sent = _sent(data, {"case_id": field(data, "case_id", str),
                        "action": field(data, "action", str),
                        "reply": field(data, "reply", str, default="")})  # fmt: skip
    reply, duplicate = await hub.drills.reply(trainee, sent)
    return JSONResponse({**reply.view(), "duplicate": duplicate}, 200 if duplicate else 201)


async def pin_post(request: Request) -> JSONResponse:
    hub, trainee = await require_trainee(request)
    data = await read_json(request)
    post, duplicate = await hub.drills.pin(trainee, _sent(data, {"post": field(data, "post",
                                                                                str)}))
    return JSONResponse({**post.view(), "duplicate": duplicate}, 200 if duplicate else 201)


async def my_reply(request: Request) -> JSONResponse:
    hub, trainee = await require_trainee(request)
    reply = hub.drills.replies_by_id.get(request.path_params["reply_id"])
    if reply is None or reply.trainee_id != trainee.id:
        raise ApiError(404, "unknown_reply", "you have no drill reply with this id")
    return JSONResponse(reply.view())


routes = [
    Route("/api/control/drill", feed),
    Route("/api/control/drill/{action}", act, methods=["POST"]),
    Route("/api/drill", state),
    Route("/api/drill/clock", drill_clock),
    Route("/api/drill/join", join, methods=["POST"]),
    Route("/api/drill/replies", send_reply, methods=["POST"]),
    Route("/api/drill/replies/{reply_id}", my_reply),
    Route("/api/drill/post", pin_post, methods=["POST"]),
]
