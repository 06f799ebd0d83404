"""Who is asking: the instructor (by the key) or a trainee (by the token issued at join).

The key is taken from `Authorization: Bearer`, `X-Workshop-Key`, or `?key=` (for a script or a
plain link; the pages send a header for everything, the live feed and exports included, so the
key is in no address a proxy could log); the server's own access log is off. On a JupyterHub
(`serve --hub`) the hub's tokens take their place: a trainee is the hub user of the token, an
instructor a hub user the hub lets instruct (hub_service.py); the printed key still works, for
the hub's administrator.
"""

from __future__ import annotations

from starlette.requests import Request

from simulator.workshop.errors import ApiError
from simulator.workshop.hub import Hub
from simulator.workshop.hub_service import HubService
from simulator.workshop.model import Trainee
from simulator.workshop.security import matches


def hub_of(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


def hub_service(request: Request) -> HubService | None:
    service: HubService | None = request.app.state.hub_service
    return service


def bearer(request: Request) -> str | None:
    """The token of `Authorization: Bearer ...` (or `token ...`, as JupyterHub writes it)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() in ("bearer", "token"):
        return token.strip() or None
    return None


async def require_instructor(request: Request) -> Hub:
    """The hub, if the request carries the instructor key (or, on a JupyterHub, the token of a
    hub user who may instruct); 401/403 otherwise."""
    hub = hub_of(request)
    key = request.headers.get("x-workshop-key") or bearer(request) or request.query_params.get(
        "key"
    )
    if not key:
        raise ApiError(401, "no_key", "this needs the instructor key")
    if matches(key, hub.workshop.key_hash):
        return hub
    service = hub_service(request)
    if service is None:
        raise ApiError(403, "bad_key", "the instructor key is wrong")
    await service.instructor_for(key)
    return hub


async def require_trainee(request: Request) -> tuple[Hub, Trainee]:
    hub = hub_of(request)
    service = hub_service(request)
    if service is None:
        return hub, hub.trainee_for(bearer(request))
    user = await service.user_for(bearer(request))
    return hub, await hub.trainee_for_hub_user(str(user["name"]))
