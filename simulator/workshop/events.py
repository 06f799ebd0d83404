"""Live updates for the control and projector pages: an in-process fan-out to SSE streams.

Events are small notices ("a reply came", "the round changed"); a page that gets one fetches
what it shows again, so a page that missed events (a slow tab) catches up on the next one.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import anyio

QUEUE_SIZE = 1000
HEARTBEAT_S = 15.0
MAX_BATCH = 500


class Broadcaster:
    """Fan events out to every subscriber; a subscriber that falls behind loses old events."""

    def __init__(self) -> None:
        self._subscribers: set[asyncio.Queue[dict[str, Any]]] = set()
        self.closed = asyncio.Event()

    def publish(self, kind: str, **data: Any) -> None:
        event = {"type": kind, "ts": time.time(), **data}
        for queue in list(self._subscribers):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(event)

    def close(self) -> None:
        """End every stream, so the server can stop without waiting for open pages."""
        self.closed.set()

    async def stream(self, stop: anyio.Event | None = None) -> AsyncIterator[dict[str, str]]:
        """Events as sse-starlette wants them, until the server stops (`stop` is the event
        sse-starlette sets on shutdown: ending here lets it finish the response cleanly).

        Events that queued up while one was being sent go out together as one "batch"
        message, so in a burst of replies the feed keeps up instead of falling behind.
        """
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(QUEUE_SIZE)
        self._subscribers.add(queue)
        closers: set[asyncio.Future[Any]] = {asyncio.ensure_future(self.closed.wait())}
        if stop is not None:
            closers.add(asyncio.ensure_future(stop.wait()))
        try:
            yield {"event": "hello", "data": json.dumps({"type": "hello", "ts": time.time()})}
            while True:
                getter = asyncio.ensure_future(queue.get())
                done, _ = await asyncio.wait(
                    {getter, *closers}, timeout=HEARTBEAT_S, return_when=asyncio.FIRST_COMPLETED
                )
                if getter not in done:
                    getter.cancel()
                    if done:  # the server is stopping
                        return
                    yield {"event": "ping", "data": "{}"}
                    continue
                events = [getter.result()]
                while not queue.empty() and len(events) < MAX_BATCH:
                    events.append(queue.get_nowait())
                if len(events) == 1:
                    yield {"event": events[0]["type"], "data": json.dumps(events[0])}
                else:
                    batch = {"type": "batch", "ts": time.time(), "events": events}
                    yield {"event": "batch", "data": json.dumps(batch)}
        finally:
            for closer in closers:
                closer.cancel()
            self._subscribers.discard(queue)
