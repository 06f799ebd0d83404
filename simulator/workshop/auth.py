"""Who is asking: the instructor (by the key) or a trainee (by the token issued at join).

The key is taken from `Authorization: Bearer`, `X-Workshop-Key`, or `?key=` (an EventSource or
a download link cannot set headers); the server's access log is off, so a key in a URL is not
written anywhere.
"""

from __future__ import annotations

from starlette.requests import Request

from simulator.workshop.errors import ApiError
from simulator.workshop.hub import Hub
from simulator.workshop.model import Trainee
from simulator.workshop.security import matches


def hub_of(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return None


def require_instructor(request: Request) -> Hub:
    """The hub, if the request carries the instructor key; 401/403 otherwise."""
    hub = hub_of(request)
    key = request.headers.get("x-workshop-key") or bearer(request) or request.query_params.get(
        "key"
    )
    if not key:
        raise ApiError(401, "no_key", "this needs the instructor key")
    if not matches(key, hub.workshop.key_hash):
        raise ApiError(403, "bad_key", "the instructor key is wrong")
    return hub


def require_trainee(request: Request) -> tuple[Hub, Trainee]:
    hub = hub_of(request)
    return hub, hub.trainee_for(bearer(request))
