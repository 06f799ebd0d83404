"""The trainee's side of the API: join, read the current round, send replies, read own results.

A trainee's token reaches only their own replies: another trainee's reply is answered 404, as
if it did not exist, so not even its existence leaks.
"""

from __future__ import annotations

import time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from simulator.workshop.auth import hub_of, hub_service, require_trainee
from simulator.workshop.errors import ApiError, field, read_json
from simulator.workshop.hub import Hub
from simulator.workshop.model import Reply, Round, Trainee, feedback_visible
from simulator.workshop.security import normalise_code


async def join(request: Request) -> JSONResponse:
    if hub_service(request) is not None:  # on a hub, the hub's token says who this is
        hub, trainee = await require_trainee(request)
        return JSONResponse({"trainee": trainee.id, "seq": trainee.seq, "name": trainee.name,
                             "hub_user": trainee.hub_user})  # fmt: skip
    hub = hub_of(request)
    address = request.client.host if request.client else "?"
    wait = request.app.state.join_limit.allow(address)
    if wait:
        raise ApiError(429, "too_many_joins", "too many joins from this address; wait a little",
                       retry_after_s=round(wait, 1))  # fmt: skip
    data = await read_json(request)
    code = normalise_code(field(data, "code", str))
    if code != hub.workshop.code:
        wait = request.app.state.wrong_code_limit.allow(address)
        if wait:
            raise ApiError(429, "too_many_wrong_codes", "too many wrong join codes from this "
                           "address; wait a little", retry_after_s=round(wait, 1))  # fmt: skip
        raise ApiError(403, "bad_code", "this join code is not the workshop's; check it")
    trainee, token = await hub.join(field(data, "name", str))
    return JSONResponse(
        {"token": token, "trainee": trainee.id, "seq": trainee.seq, "name": trainee.name}, 201
    )


def round_for(hub: Hub, rnd: Round, trainee: Trainee, now: float) -> dict[str, Any]:
    """The round as one trainee sees it: their case's seed, and their earlier tries' feedback."""
    data = rnd.public(now)
    data["seed"] = rnd.seed_for(trainee)
    data.pop("created_at", None)
    mine = [r for r in hub.replies if r.round_id == rnd.id and r.trainee_id == trainee.id]
    data["my_replies"] = [own_reply(r, rnd) for r in mine]
    return data


def own_reply(reply: Reply, rnd: Round) -> dict[str, Any]:
    out: dict[str, Any] = {
        "reply_id": reply.id, "round_id": reply.round_id, "attempt": reply.attempt,
        "client_id": reply.client_id, "text": reply.text, "received_at": reply.received_at,
        "latency_s": reply.latency_s,
    }  # fmt: skip
    if feedback_visible(reply, rnd):
        out["grade"] = reply.grade
        out["total"] = reply.total
    else:
        out["grade"] = None
        out["pending"] = "the grade shows when the instructor reveals the round"
    return out


async def me(request: Request) -> JSONResponse:
    hub, trainee = await require_trainee(request)
    return JSONResponse({"trainee": trainee.id, "seq": trainee.seq, "name": trainee.name})


async def current(request: Request) -> JSONResponse:
    hub, trainee = await require_trainee(request)
    rnd = hub.current_round()
    if rnd is None or rnd.state == "ready":
        return JSONResponse({"round": None, "message": "waiting for the instructor's round"})
    return JSONResponse({"round": round_for(hub, rnd, trainee, time.time())})


async def send_reply(request: Request) -> JSONResponse:
    hub, trainee = await require_trainee(request)
    data = await read_json(request)
    round_id = field(data, "round_id", str)
    text = field(data, "text", str)
    client_id = field(data, "client_id", str, default=None)
    # Anything else the client sends ("total", "grade", ...) is not read: the server grades.
    reply, duplicate = await hub.add_reply(trainee, round_id, text, client_id)
    body = {"reply_id": reply.id, "round_id": reply.round_id, "attempt": reply.attempt,
            "received_at": reply.received_at, "duplicate": duplicate}  # fmt: skip
    return JSONResponse(body, 200 if duplicate else 201)


async def my_replies(request: Request) -> JSONResponse:
    hub, trainee = await require_trainee(request)
    mine = [r for r in hub.replies if r.trainee_id == trainee.id]
    return JSONResponse({"replies": [own_reply(r, hub.rounds[r.round_id]) for r in mine]})


async def my_reply(request: Request) -> JSONResponse:
    hub, trainee = await require_trainee(request)
    reply = hub.replies_by_id.get(request.path_params["reply_id"])
    if reply is None or reply.trainee_id != trainee.id:
        raise ApiError(404, "unknown_reply", "you have no reply with this id")
    return JSONResponse(own_reply(reply, hub.rounds[reply.round_id]))


routes = [
    Route("/api/join", join, methods=["POST"]),
    Route("/api/me", me),
    Route("/api/round", current),
    Route("/api/replies", send_reply, methods=["POST"]),
    Route("/api/me/replies", my_replies),
    Route("/api/me/replies/{reply_id}", my_reply),
]
