"""The workshop's live drill: start it for the room, hold, resume, fire the next inject, stop;
seat trainees, take their replies and pinned posts and grade them, and the control feed.

Like hub.py: every change is checked against memory, committed through the writer, then
applied and announced. The server regenerates every case from (drill, the trainee's seat
locale, seed, case id), reads the time from its own clock and the pinned post from its own
records: nothing a client sends but the reply's text, its decision and the case id is read.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select, update

from scenarios import LOCALES
from simulator.workshop import db
from simulator.workshop import drill_clock as clock
from simulator.workshop.drill_clock import LiveDrill
from simulator.workshop.drill_feed import (
    ACTIONS,
    REPLY_ACTIONS,
    DrillPost,
    DrillReply,
    Seat,
    arrivals_by_id,
    desk_stats,
    grade_post,
    grade_reply,
    inject_times,
    run_for,
)
from simulator.workshop.errors import ApiError
from simulator.workshop.model import Trainee
from simulator.workshop.security import new_id
from simulator.workshop.writer import Insert

if TYPE_CHECKING:
    from simulator.workshop.hub import Hub

MAX_TEXT_CHARS = 5000


class DrillHub:
    """The drills of one workshop; the latest one is the room's current drill."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.drills: dict[str, LiveDrill] = {}
        self.seats: dict[tuple[str, str], Seat] = {}
        self.replies: list[DrillReply] = []
        self.replies_by_id: dict[str, DrillReply] = {}
        self.posts: list[DrillPost] = []
        self._control = asyncio.Lock()
        self._trainee_locks: dict[str, asyncio.Lock] = {}

    # ---- loading -------------------------------------------------------------------------

    def load(self, conn: Connection) -> None:
        wid = self.hub.workshop.id
        for m in conn.execute(select(db.drills).where(db.drills.c.workshop_id == wid)):
            data = {k: m._mapping[k] for k in LiveDrill.__dataclass_fields__}
            data["held"] = bool(data["held"])
            drill = LiveDrill(**data)
            self.drills[drill.id] = drill
        ids = list(self.drills)
        for m in conn.execute(select(db.drill_seats).where(db.drill_seats.c.drill_id.in_(ids))):
            seat = Seat(**{k: m._mapping[k] for k in Seat.__dataclass_fields__})
            self.seats[(seat.drill_id, seat.trainee_id)] = seat
        table = db.drill_replies
        query = select(table).where(table.c.drill_id.in_(ids))
        for m in conn.execute(query.order_by(table.c.received_at, table.c.id)):
            self._remember(DrillReply(**{k: m._mapping[k]
                                         for k in DrillReply.__dataclass_fields__}))
        table = db.drill_posts
        query = select(table).where(table.c.drill_id.in_(ids))
        for m in conn.execute(query.order_by(table.c.received_at, table.c.id)):
            self.posts.append(DrillPost(**{k: m._mapping[k]
                                           for k in DrillPost.__dataclass_fields__}))
        current = self.current()
        if current is not None:
            self._prepare(current)

    def _remember(self, reply: DrillReply) -> None:
        self.replies.append(reply)
        self.replies_by_id[reply.id] = reply

    @staticmethod
    def _prepare(drill: LiveDrill) -> None:
        """Make the drill's runs for every language now, not in the first reply."""
        from simulator.workshop.drill_feed import drill_rubric

        drill_rubric()
        for locale in LOCALES:
            run_for(drill.drill, locale, drill.seed).post_case(0.0)
            arrivals_by_id(drill.drill, locale, drill.seed)

    # ---- the room's drill ----------------------------------------------------------------

    def current(self) -> LiveDrill | None:
        return max(self.drills.values(), key=lambda d: d.number, default=None)

    def require_current(self) -> LiveDrill:
        drill = self.current()
        if drill is None:
            raise ApiError(404, "no_drill", "no drill has been started in this workshop")
        return drill

    async def start(self, spec: dict[str, Any]) -> LiveDrill:
        from scenarios import get_drill

        drill_id, seed = clock.validate_drill(spec)
        async with self._control:
            now = time.time()
            if clock.running(self.current(), now):
                raise ApiError(409, "drill_running", "a drill is running: stop it first")
            await asyncio.to_thread(self._prepare, LiveDrill("", 0, drill_id, seed, 1, 0, 0))
            now = time.time()  # the room's 0:00 is when it is ready, not before the warm-up
            number = max((d.number for d in self.drills.values()), default=0) + 1
            drill = clock.start(drill_id, seed, get_drill(drill_id).minutes, number, new_id(), now)
            row = {**drill.row(), "workshop_id": self.hub.workshop.id}
            await self.hub._store(Insert(db.drills, row))
            self.drills[drill.id] = drill
        self.hub.events.publish("drill", drill=drill.id, action="start")
        return drill

    async def control(self, action: str) -> LiveDrill:
        async with self._control:
            drill = self.require_current()
            new = clock.transition(drill, action, time.time(), inject_times(drill.drill))
            values = {k: v for k, v in new.row().items() if k != "id"}
            table = db.drills
            await self.hub._store(
                lambda c: c.execute(update(table).where(table.c.id == new.id).values(**values)))
            self.drills[new.id] = new
        self.hub.events.publish("drill", drill=new.id, action=action)
        return new

    # ---- trainees ------------------------------------------------------------------------

    def seat_of(self, drill: LiveDrill, trainee: Trainee) -> Seat | None:
        return self.seats.get((drill.id, trainee.id))

    def require_seat(self, drill: LiveDrill, trainee: Trainee) -> Seat:
        seat = self.seat_of(drill, trainee)
        if seat is None:
            raise ApiError(409, "not_seated", "join the drill first (POST api/drill/join with "
                           "your language)")  # fmt: skip
        return seat

    async def join(self, trainee: Trainee, locale: str) -> Seat:
        """The trainee's seat in the current drill; a second join keeps the first language."""
        if locale not in LOCALES:
            raise ApiError(400, "unknown_locale", f"'locale': unknown locale '{locale}' (known: "
                           f"{', '.join(LOCALES)})", field="locale")  # fmt: skip
        drill = self.require_current()
        async with self._lock_of(trainee):
            seat = self.seat_of(drill, trainee)
            if seat is not None:
                return seat
            seat = Seat(drill.id, trainee.id, locale, time.time())
            await self.hub._store(Insert(db.drill_seats, dict(seat.__dict__)))
            self.seats[(drill.id, trainee.id)] = seat
        self.hub.events.publish("drill", drill=drill.id, action="join")
        return seat

    def _lock_of(self, trainee: Trainee) -> asyncio.Lock:
        return self._trainee_locks.setdefault(trainee.id, asyncio.Lock())

    def _accepting(self, drill: LiveDrill, drill_id: str | None) -> None:
        if drill_id is not None and drill_id != drill.id:
            raise ApiError(409, "drill_changed", "that drill is no longer the room's drill; "
                           "open the new one")  # fmt: skip
        if drill.stopped_at is not None:
            raise ApiError(409, "drill_stopped", "the instructor has stopped the drill; no "
                           "more replies are taken")  # fmt: skip
        if clock.phase(drill, time.time()) == "over":
            raise ApiError(409, "drill_over", "the drill's clock has reached its end; no more "
                           "replies are taken")  # fmt: skip

    def mine(self, drill: LiveDrill, trainee: Trainee) -> list[DrillReply]:
        return [r for r in self.replies if r.drill_id == drill.id and r.trainee_id == trainee.id]

    def pinned(self, drill: LiveDrill, trainee_id: str) -> DrillPost | None:
        for post in reversed(self.posts):
            if post.drill_id == drill.id and post.trainee_id == trainee_id:
                return post
        return None

    async def reply(self, trainee: Trainee, data: dict[str, Any]) -> tuple[DrillReply, bool]:
        """Grade and store a reply; (reply, True) when its client_id was stored before."""
        case_id, action, text = data["case_id"], data["action"], data["reply"]
        client_id: str | None = data.get("client_id")
        self._check_client_id(client_id)
        async with self._lock_of(trainee):
            for earlier in self.replies:  # a resend: stored once, whichever drill it was for
                if (client_id is not None and earlier.trainee_id == trainee.id
                        and earlier.client_id == client_id):
                    return earlier, True
            drill = self.require_current()  # as it is now, after waiting for the lock
            mine = self.mine(drill, trainee)
            self._accepting(drill, data.get("drill_id"))
            seat = self.require_seat(drill, trainee)
            if action not in ACTIONS:
                raise ApiError(400, "bad_field", f"'action' must be one of {', '.join(ACTIONS)}",
                               field="action")  # fmt: skip
            if len(text) > MAX_TEXT_CHARS:
                raise ApiError(413, "reply_too_long", f"the reply is over {MAX_TEXT_CHARS} "
                               "characters")  # fmt: skip
            if action in REPLY_ACTIONS and not text.strip():
                raise ApiError(400, "empty_reply", "'reply': a reply is needed to respond",
                               field="reply")  # fmt: skip
            arrival = arrivals_by_id(drill.drill, seat.locale, drill.seed).get(case_id)
            now = time.time()
            sim_s = clock.sim_time(drill, now)
            if arrival is None:
                raise ApiError(404, "unknown_case", f"'case_id': no post '{case_id}' in your "
                               "drill", field="case_id")  # fmt: skip
            if arrival.at_s > sim_s:
                raise ApiError(409, "not_arrived", "that post has not arrived yet")
            if any(r.case_id == case_id for r in mine):
                raise ApiError(409, "already_answered", "you have answered that post already")
            run = run_for(drill.drill, seat.locale, drill.seed)
            by_id = arrivals_by_id(drill.drill, seat.locale, drill.seed)
            earlier_pairs = [(r.text, by_id[r.case_id].case) for r in mine
                             if r.text and r.case_id in by_id]
            pinned = self.pinned(drill, trainee.id)
            graded = grade_reply(run, arrival, action, text, sim_s,
                                 pinned.text if pinned else None, earlier_pairs)
            reply = DrillReply(id=new_id(), drill_id=drill.id, trainee_id=trainee.id,
                               case_id=case_id, action=action, received_at=now, sim_s=sim_s,
                               client_id=client_id, **graded)  # fmt: skip
            await self.hub._store(Insert(db.drill_replies, reply.row()))
            self._remember(reply)
        self.hub.events.publish("drill", drill=drill.id, action="reply")
        return reply, False

    async def pin(self, trainee: Trainee, data: dict[str, Any]) -> tuple[DrillPost, bool]:
        text: str = data["post"]
        client_id: str | None = data.get("client_id")
        self._check_client_id(client_id)
        async with self._lock_of(trainee):
            for post in self.posts:
                if (client_id is not None and post.trainee_id == trainee.id
                        and post.client_id == client_id):
                    return post, True
            drill = self.require_current()  # as it is now, after waiting for the lock
            self._accepting(drill, data.get("drill_id"))
            seat = self.require_seat(drill, trainee)
            if not text.strip():
                raise ApiError(400, "empty_post", "'post': write the post first", field="post")
            if len(text) > MAX_TEXT_CHARS:
                raise ApiError(413, "post_too_long", f"the post is over {MAX_TEXT_CHARS} "
                               "characters")  # fmt: skip
            now = time.time()
            sim_s = clock.sim_time(drill, now)
            grade = grade_post(run_for(drill.drill, seat.locale, drill.seed), text, sim_s)
            graded = grade.to_dict()
            post = DrillPost(new_id(), drill.id, trainee.id, text, now, sim_s, graded["total"],
                             graded, client_id)  # fmt: skip
            await self.hub._store(Insert(db.drill_posts, post.row()))
            self.posts.append(post)
        self.hub.events.publish("drill", drill=drill.id, action="pin")
        return post, False

    @staticmethod
    def _check_client_id(client_id: str | None) -> None:
        if client_id is not None and not (0 < len(client_id) <= 64):
            raise ApiError(400, "bad_field", "'client_id' must be 1 to 64 characters",
                           field="client_id")  # fmt: skip

    # ---- what the pages and the trainee see ----------------------------------------------

    def public(self, drill: LiveDrill, now: float, locale: str = "en") -> dict[str, Any]:
        """The drill's clock as everyone may see it, in `locale` (title, local time)."""
        run = run_for(drill.drill, locale, drill.seed)
        sim_s = clock.sim_time(drill, now)
        nxt = clock.next_inject(drill, now, inject_times(drill.drill))
        kind = next((e.kind for e in run.events if e.at_s == nxt), None)
        return {
            "id": drill.id, "number": drill.number, "drill": drill.drill, "seed": drill.seed,
            "title": getattr(run.drill.title, locale), "minutes": drill.minutes,
            "end_s": drill.end_s, "phase": clock.phase(drill, now), "held": drill.held,
            "sim_s": round(sim_s, 1), "clock": run.clock_time(sim_s),
            "next_inject": None if nxt is None else {"at_s": nxt, "kind": kind,
                                                     "clock": run.clock_time(nxt)},
            "server_time": now,
        }  # fmt: skip

    def feed(self, now: float) -> dict[str, Any]:
        """The control page's drill panel: the clock and every seated trainee's desk."""
        drill = self.current()
        if drill is None:
            return {"drill": None, "trainees": [], "not_seated": len(self.hub.trainees)}
        sim_s = clock.sim_time(drill, now)
        answered: dict[str, dict[str, float]] = {}
        points: dict[str, list[float]] = {}
        for r in self.replies:
            if r.drill_id == drill.id:
                answered.setdefault(r.trainee_id, {})[r.case_id] = r.sim_s
                points.setdefault(r.trainee_id, []).append(r.points)
        rows = []
        for trainee in sorted(self.hub.trainees.values(), key=lambda t: t.seq):
            seat = self.seat_of(drill, trainee)
            if seat is None:
                continue
            run = run_for(drill.drill, seat.locale, drill.seed)
            stats = desk_stats(run, answered.get(trainee.id, {}), sim_s)
            pinned = self.pinned(drill, trainee.id)
            mine = points.get(trainee.id, [])
            rows.append({
                "trainee": trainee.id, "seq": trainee.seq, "name": trainee.name,
                "locale": seat.locale, **stats,
                "pinned_score": None if pinned is None else pinned.total,
                "pinned_at": None if pinned is None else run.clock_time(pinned.sim_s),
                "mean_points": round(sum(mine) / len(mine), 1) if mine else None,
            })  # fmt: skip
        public = self.public(drill, now)
        run = run_for(drill.drill, "en", drill.seed)
        public["events"] = [{"clock": run.clock_time(e.at_s), "kind": e.kind,
                             "headline": e.headline, "role": e.role}
                            for e in run.events_until(sim_s)]  # fmt: skip
        return {"drill": public, "trainees": rows,
                "not_seated": len(self.hub.trainees) - len(rows)}  # fmt: skip
