"""The workshop server as one Starlette app: the APIs, the instructor pages and their events.

On start it migrates the database (alembic `upgrade head`), opens the latest workshop or makes
one, reads it into memory, starts the writer and grades one reply so the first trainee does
not wait for the grader's word lists to load.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from simulator.workshop import control_api, db, drill_api, pages, trainee_api
from simulator.workshop.errors import ApiError, api_error, http_error, unexpected_error
from simulator.workshop.hub import Hub, case_for
from simulator.workshop.hub_service import HubService
from simulator.workshop.model import Workshop
from simulator.workshop.security import JOINS_PER_MINUTE, WRONG_CODES_PER_MINUTE, RateLimit
from simulator.workshop.writer import Writer

log = logging.getLogger("replylab.workshop")
ReadyCallback = Callable[[Workshop, str], None]

# Pages are built from text only; the policy also forbids inline script, so even markup that
# slipped into a page could not run.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]


class SecurityHeaders:
    """Adds the headers above to every response (plain ASGI: no cost to streaming responses)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"ok": True, "hub": request.app.state.hub_service is not None})


def _warm_up() -> None:
    import grading

    case = case_for("train_delay", "en", 0)
    grading.grade("Hi, I'm sorry about the wait, I'll check it now. /Anna", case, latency_s=60)


def create_app(
    url: str, *, fresh: bool = False, on_ready: ReadyCallback | None = None,
    joins_per_minute: float = JOINS_PER_MINUTE, rounds: list[dict[str, Any]] | None = None,
    public_url: str = "", hub_service: HubService | None = None,
) -> Starlette:  # fmt: skip
    """The app for the database at `url`; `on_ready(workshop, key)` once it can take requests.

    `rounds` (from a round file) are added when the workshop has none yet, so a restart does
    not add them twice; `public_url` is the trainees' address, for the join card. With a
    `hub_service` the app answers under the hub's service prefix and knows people by their
    hub tokens.
    """

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine = db.make_engine(url)
        await asyncio.to_thread(db.upgrade, engine)
        workshop, key = await asyncio.to_thread(Hub.open_or_create, engine, fresh=fresh)
        writer = Writer(engine)
        hub = Hub(engine, writer, workshop)
        await asyncio.to_thread(hub.load)
        await asyncio.to_thread(_warm_up)
        # What is loaded by now (the grader's lexicons, JupyterHub's modules on a hub) lives as
        # long as the server: kept out of the collector's full passes, which otherwise stall a
        # reply burst (hub burst p95 about 250 ms without this; bench/bench_workshop.py --hub)
        gc.collect()
        gc.freeze()
        writer.start()
        if rounds and not hub.rounds:
            for spec in rounds:
                await hub.add_round(spec)
        app.state.hub = hub
        app.state.public_url = public_url
        app.state.join_limit = RateLimit(joins_per_minute)
        app.state.wrong_code_limit = RateLimit(WRONG_CODES_PER_MINUTE)
        if on_ready is not None:
            on_ready(workshop, key)
        try:
            yield
        finally:
            hub.events.close()
            await writer.stop()
            engine.dispose()

    exception_handlers: dict[Any, Any] = {
        ApiError: api_error,
        HTTPException: http_error,
        Exception: unexpected_error,
    }
    routes: list[BaseRoute] = [
        Route("/api/health", health),
        *trainee_api.routes,
        *control_api.routes,
        *drill_api.routes,
        *pages.routes,
    ]
    if hub_service is not None:  # the hub's proxy passes the whole path, prefix and all
        routes = [
            Mount(hub_service.prefix.rstrip("/"), routes=[*routes, *pages.hub_routes]),
            Route("/api/health", health),
        ]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers=exception_handlers,
        middleware=[Middleware(SecurityHeaders)],
    )
    app.state.hub_service = hub_service  # set before the lifespan: the health check reads it
    return app
