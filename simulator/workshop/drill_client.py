"""The trainee's side of a live drill, without widgets: the room's clock as the server keeps
it, and replies and pinned posts sent through the trainee's journal.

As with a round's replies (client.py), each reply and each pinned post is appended to
`replylab_workshop.jsonl` before it is sent, with its own id; an acknowledgement follows once
the server has stored it. What was not acknowledged (the network or the server was down) is
sent again with the same id on the next Send, Pin or `drill()`, and the server stores it once.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import requests

from simulator.workshop.client import WorkshopError, _append, _read_journal

if TYPE_CHECKING:
    from simulator.workshop.client import Session

CLOCK_CACHE_S = 2.0
DRILL_TYPES = ("drill_reply", "drill_post")


class ServerClock:
    """A Clock (simulator.clock) that reads the room's drill time from the server.

    `now()` asks the server at most every `cache_s` seconds and counts on from the answer in
    between (unless the drill is held, stopped or over); if the server cannot be reached it
    keeps counting from the last answer. `advance()` does nothing: the room's clock moves for
    everyone at once, not when one trainee acts.
    """

    def __init__(self, fetch: Callable[[], dict[str, Any]], *, cache_s: float = CLOCK_CACHE_S,
                 monotonic: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self._fetch = fetch
        self.cache_s = cache_s
        self._monotonic = monotonic
        self.state: dict[str, Any] = {}
        self._at = 0.0
        self._next_try = 0.0  # after a failed fetch: not before this (no request per redraw)
        self.drill_id: str | None = None  # the desk's drill: another one's clock is not ours

    def sync(self, state: dict[str, Any]) -> None:
        """Take the drill's clock from a server answer (the drill's public fields). Once the
        room has moved on to another drill, this desk's drill is over: its clock stops where
        it was and reads as stopped."""
        if self.drill_id is None:
            self.drill_id = state.get("id")
        if state.get("id") != self.drill_id:
            self.state = {**self.now_state(), "phase": "stopped", "replaced": True}
        else:
            self.state = dict(state)
        self._at = self._monotonic()

    def now_state(self) -> dict[str, Any]:
        """The last answer with the clock counted on to now."""
        sim = float(self.state.get("sim_s", 0.0))
        if self.state.get("phase") == "running":
            sim += self._monotonic() - self._at
        return {**self.state, "sim_s": min(sim, float(self.state.get("end_s", sim)))}

    def _fresh(self) -> None:
        moment = self._monotonic()
        if self.state and (moment - self._at < self.cache_s or moment < self._next_try):
            return
        try:
            self.sync(self._fetch())
        except (requests.RequestException, WorkshopError):
            self._next_try = self._monotonic() + self.cache_s
            if not self.state:
                raise

    @property
    def phase(self) -> str:
        self._fresh()
        return str(self.state.get("phase", "running"))

    def now(self) -> float:
        self._fresh()
        return float(self.now_state()["sim_s"])

    def advance(self, seconds: float) -> float:
        return self.now()


def fetch_state(session: Session) -> dict[str, Any]:
    data: dict[str, Any] = session._call("GET", "/api/drill")
    return data


def fetch_clock(session: Session) -> dict[str, Any]:
    data: dict[str, Any] = session._call("GET", "/api/drill/clock")
    return data


def join_drill(session: Session, locale: str) -> dict[str, Any]:
    data: dict[str, Any] = session._call("POST", "/api/drill/join", {"locale": locale})
    return data


def send(session: Session, drill_id: str, kind: str, body: dict[str, Any]) -> dict[str, Any]:
    """Journal a drill reply (kind 'drill_reply': case_id, action, reply) or pinned post
    ('drill_post': post), then send it; {"queued": True} if the server could not be reached."""
    resend_pending(session)
    record = {"type": kind, "url": session.url, "code": session.code,
              "trainee": session.trainee, "client_id": uuid.uuid4().hex, "drill_id": drill_id,
              **body, "written_at": time.time()}  # fmt: skip
    _append(session.journal, record)
    return _deliver(session, record)


def _deliver(session: Session, record: dict[str, Any]) -> dict[str, Any]:
    if record["type"] == "drill_reply":
        path = "/api/drill/replies"
        body = {k: record[k] for k in ("case_id", "action", "reply")}
    else:
        path, body = "/api/drill/post", {"post": record["post"]}
    body.update(client_id=record["client_id"], drill_id=record["drill_id"])
    try:
        ack: dict[str, Any] = session._call("POST", path, body)
    except requests.RequestException:
        return {"queued": True, "client_id": record["client_id"]}
    except WorkshopError as exc:
        if exc.status >= 500:
            return {"queued": True, "client_id": record["client_id"]}
        _append(session.journal, {"type": "refused", "trainee": session.trainee,
                                  "client_id": record["client_id"], "message": str(exc)})
        raise
    _append(session.journal, {"type": "ack", "trainee": session.trainee,
                              "client_id": record["client_id"],
                              "reply_id": ack.get("reply_id") or ack.get("post_id")})
    return ack


def pending(session: Session) -> list[dict[str, Any]]:
    """Drill replies and posts in the journal neither acknowledged nor refused."""
    records = _read_journal(session.journal)
    settled = {r.get("client_id") for r in records if r.get("type") in ("ack", "refused")}
    return [r for r in records if r.get("type") in DRILL_TYPES and r.get("url") == session.url
            and r.get("trainee") == session.trainee
            and r.get("client_id") not in settled]  # fmt: skip


def resend_pending(session: Session) -> int:
    """Send again what was not acknowledged; returns how many are now acknowledged."""
    done = 0
    for record in pending(session):
        try:
            result = _deliver(session, record)
        except WorkshopError:
            continue
        if result.get("queued"):
            break
        done += 1
    return done
