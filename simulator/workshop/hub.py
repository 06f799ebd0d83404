"""The workshop's operations: join, rounds, replies, annotations, each persisted, then applied.

Every change is checked against the in-memory state, handed to the writer, and applied to
memory only once committed; then the pages are told. Replies are graded here, by the server,
from the case it generates itself: a score sent by a client is never read.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from scenarios import Case
from simulator.workshop import db
from simulator.workshop.drill_hub import DrillHub
from simulator.workshop.errors import ApiError, check_text
from simulator.workshop.events import Broadcaster
from simulator.workshop.model import VERDICTS, Reply, Round, Trainee, Workshop
from simulator.workshop.rounds import transition, validate_round
from simulator.workshop.security import digest, new_code, new_id, new_secret
from simulator.workshop.writer import Insert, Writer

MAX_REPLY_CHARS = 5000
MAX_NAME_CHARS = 60
MAX_TRAINEES = 2000


@lru_cache(maxsize=4096)
def case_for(family: str, locale: str, seed: int) -> Case:
    """Seeded generation is deterministic, so a case is made once per (family, locale, seed)."""
    from simulator.generate import generate

    return generate(family, locale, seed)


class Hub:
    """One workshop: its state in memory, its writes through the writer, its live events."""

    def __init__(self, engine: Engine, writer: Writer, workshop: Workshop) -> None:
        self.engine = engine
        self.writer = writer
        self.workshop = workshop
        self.events = Broadcaster()
        self.trainees: dict[str, Trainee] = {}
        self.by_token: dict[str, Trainee] = {}
        self.by_hub_user: dict[str, Trainee] = {}
        self.rounds: dict[str, Round] = {}
        self.replies: list[Reply] = []
        self.replies_by_id: dict[str, Reply] = {}
        self.by_client: dict[tuple[str, str], Reply] = {}
        self._pending: dict[tuple[str, str], asyncio.Future[Reply]] = {}
        self._control = asyncio.Lock()
        self.drills = DrillHub(self)  # the room's live crisis drill (drill_hub.py)

    # ---- loading -------------------------------------------------------------------------

    @staticmethod
    def open_or_create(engine: Engine, *, fresh: bool = False) -> tuple[Workshop, str]:
        """The latest workshop not ended (or a new one); a new instructor key each start.

        The key is stored only as a hash, so it cannot be printed again after a restart: a new
        one replaces it. Join code and trainee tokens stay, so the room goes on.
        """
        key = new_secret()
        now = time.time()
        with engine.begin() as conn:
            row = None
            if not fresh:
                query = select(db.workshops).where(db.workshops.c.ended_at.is_(None))
                row = conn.execute(query.order_by(db.workshops.c.created_at.desc())).first()
            if row is None:
                workshop = Workshop(new_id(), new_code(), digest(key), now)
                conn.execute(insert(db.workshops).values(**_workshop_row(workshop)))
                if fresh:
                    conn.execute(
                        update(db.workshops)
                        .where(db.workshops.c.id != workshop.id, db.workshops.c.ended_at.is_(None))
                        .values(ended_at=now)
                    )
                return workshop, key
            m = row._mapping
            workshop = Workshop(
                m["id"], m["code"], digest(key), m["created_at"], bool(m["names_revealed"]),
                dict(m["projector"]), m["current_round_id"], m["ended_at"],
            )  # fmt: skip
            conn.execute(
                update(db.workshops).where(db.workshops.c.id == workshop.id)
                .values(key_hash=workshop.key_hash)
            )  # fmt: skip
            return workshop, key

    def load(self) -> None:
        """Read the workshop's trainees, rounds and replies into memory."""
        wid = self.workshop.id
        with self.engine.connect() as conn:
            for m in conn.execute(select(db.trainees).where(db.trainees.c.workshop_id == wid)):
                trainee = Trainee(**{k: m._mapping[k] for k in Trainee.__dataclass_fields__})
                self.trainees[trainee.id] = trainee
                self.by_token[trainee.token_hash] = trainee
                if trainee.hub_user:
                    self.by_hub_user[trainee.hub_user] = trainee
            query = select(db.rounds).where(db.rounds.c.workshop_id == wid)
            for m in conn.execute(query.order_by(db.rounds.c.number)):
                rnd = Round(**{k: m._mapping[k] for k in Round.__dataclass_fields__})
                self.rounds[rnd.id] = rnd
            query = select(db.replies).where(db.replies.c.round_id.in_(list(self.rounds)))
            order = (db.replies.c.received_at, db.replies.c.id)
            for m in conn.execute(query.order_by(*order)):
                reply = Reply(**{k: m._mapping[k] for k in Reply.__dataclass_fields__})
                reply.starred, reply.hidden = bool(reply.starred), bool(reply.hidden)
                self._remember(reply)
            self.drills.load(conn)

    def _remember(self, reply: Reply) -> None:
        self.replies.append(reply)
        self.replies_by_id[reply.id] = reply
        if reply.client_id:
            self.by_client[(reply.trainee_id, reply.client_id)] = reply

    # ---- trainees ------------------------------------------------------------------------

    async def join(self, name: str, hub_user: str | None = None) -> tuple[Trainee, str]:
        """A new trainee and their token; on a hub, the hub user's trainee (made once)."""
        name = " ".join(name.split())
        if not name:
            raise ApiError(400, "bad_name", "give a name to show the instructor")
        if len(name) > MAX_NAME_CHARS:
            raise ApiError(400, "bad_name", f"the name is over {MAX_NAME_CHARS} characters")
        if len(self.trainees) >= MAX_TRAINEES:
            raise ApiError(409, "workshop_full", f"the workshop has {MAX_TRAINEES} trainees")
        # On a hub the token is the hub's, checked with the hub on every request; ours is a
        # random secret never handed out, so the column stays unique and nobody can present it.
        token = new_secret()
        async with self._control:  # seq numbers are handed out one at a time
            if hub_user is not None and hub_user in self.by_hub_user:
                return self.by_hub_user[hub_user], ""  # joined meanwhile by another request
            seq = max((t.seq for t in self.trainees.values()), default=0) + 1
            trainee = Trainee(new_id(), seq, name, digest(token), time.time(), hub_user)
            row = {**trainee.__dict__, "workshop_id": self.workshop.id}
            await self._store(lambda c: c.execute(insert(db.trainees).values(**row)))
            self.trainees[trainee.id] = trainee
            self.by_token[trainee.token_hash] = trainee
            if hub_user is not None:
                self.by_hub_user[hub_user] = trainee
        self.events.publish("join", trainee=trainee.id)
        return trainee, "" if hub_user is not None else token

    async def trainee_for_hub_user(self, hub_user: str) -> Trainee:
        """The trainee of a hub user the hub has vouched for; the first request joins them."""
        trainee = self.by_hub_user.get(hub_user)
        if trainee is None:
            trainee, _ = await self.join(hub_user[:MAX_NAME_CHARS], hub_user=hub_user)
        return trainee

    def trainee_for(self, token: str | None) -> Trainee:
        if not token:
            raise ApiError(401, "no_token", "send your trainee token (Authorization: Bearer ...)")
        trainee = self.by_token.get(digest(token))
        if trainee is None:
            raise ApiError(401, "bad_token", "this trainee token is not known in this workshop")
        return trainee

    # ---- rounds --------------------------------------------------------------------------

    def ordered_rounds(self) -> list[Round]:
        return sorted(self.rounds.values(), key=lambda r: r.number)

    def current_round(self) -> Round | None:
        rid = self.workshop.current_round_id
        return self.rounds.get(rid) if rid else None

    def round(self, round_id: str) -> Round:
        rnd = self.rounds.get(round_id)
        if rnd is None:
            raise ApiError(404, "unknown_round", f"there is no round '{round_id}'")
        return rnd

    async def _store(self, op: Any) -> Any:
        """Commit through the writer; a failure of the database is a 503 the client may retry
        (the reply was not stored, so it was not acknowledged)."""
        try:
            return await self.writer.submit(op)
        except Exception as exc:  # noqa: BLE001 - any database error, logged by the writer
            raise ApiError(503, "not_stored", "the server could not store this just now; send "
                           "it again", detail=type(exc).__name__) from None  # fmt: skip

    async def add_round(self, spec: dict[str, Any]) -> Round:
        rnd = Round(new_id(), 0, created_at=time.time(), **validate_round(spec))
        async with self._control:
            rnd.number = max((r.number for r in self.rounds.values()), default=0) + 1
            row = {**rnd.row(), "workshop_id": self.workshop.id}
            make_current = self.current_round() is None

            def op(conn: Connection) -> None:
                conn.execute(insert(db.rounds).values(**row))
                if make_current:
                    self._set_workshop(conn, current_round_id=rnd.id)

            await self._store(op)
            self.rounds[rnd.id] = rnd
            if make_current:
                self.workshop.current_round_id = rnd.id
        self.events.publish("round", round=rnd.id)
        return rnd

    async def control(self, round_id: str, action: str, seconds: float = 60) -> Round:
        """start, extend, lock, reveal or retry (a second try), if the round's state allows."""
        async with self._control:
            rnd = self.round(round_id)
            now = time.time()
            new = transition(rnd, action, now, seconds)
            current = self.workshop.current_round_id
            make_current = action in ("start", "retry") and current != rnd.id
            # One round open at a time: opening one locks any other, so a trainee whose widget
            # still shows the old round gets "locked", not a reply in the wrong round.
            others = [replace(r, state="locked", deadline=min(r.deadline or now, now))
                      for r in self.rounds.values()
                      if action in ("start", "retry") and r.id != rnd.id and r.state == "open"]
            changed = [new, *others]

            def op(conn: Connection) -> None:
                for r in changed:
                    values = {k: v for k, v in r.row().items() if k != "id"}
                    conn.execute(update(db.rounds).where(db.rounds.c.id == r.id).values(**values))
                if make_current:
                    self._set_workshop(conn, current_round_id=rnd.id)

            if action == "start":  # make the room's cases now, not in the first burst
                await asyncio.to_thread(self._prepare_cases, new)
            await self._store(op)
            for r in changed:
                self.rounds[r.id] = r
            if make_current:
                self.workshop.current_round_id = rnd.id
        self.events.publish("round", round=new.id, action=action)
        return new

    def _prepare_cases(self, rnd: Round) -> None:
        for seed in sorted({rnd.seed_for(t) for t in list(self.trainees.values())}):
            case_for(rnd.family, rnd.locale, seed)

    async def next_round(self) -> Round:
        """Make the next round after the current one current (it still waits for start)."""
        async with self._control:
            ordered = self.ordered_rounds()
            current = self.current_round()
            later = [r for r in ordered if current is None or r.number > current.number]
            if not later:
                raise ApiError(409, "no_next_round", "there is no round after this one; add one")
            nxt = later[0]
            await self._store(lambda c: self._set_workshop(c, current_round_id=nxt.id))
            self.workshop.current_round_id = nxt.id
        self.events.publish("round", round=nxt.id, action="next")
        return nxt

    def _set_workshop(self, conn: Connection, **values: Any) -> None:
        conn.execute(
            update(db.workshops).where(db.workshops.c.id == self.workshop.id).values(**values)
        )

    # ---- replies -------------------------------------------------------------------------

    async def add_reply(
        self, trainee: Trainee, round_id: str, text: str, client_id: str | None
    ) -> tuple[Reply, bool]:
        """Grade and store a reply; (reply, True) when this client_id was already stored."""
        now = time.time()
        rnd = self.round(round_id)
        if len(text) > MAX_REPLY_CHARS:
            raise ApiError(413, "reply_too_long", f"the reply is over {MAX_REPLY_CHARS} characters")
        if client_id is not None and not (0 < len(client_id) <= 64):
            raise ApiError(400, "bad_field", "'client_id' must be 1 to 64 characters")
        key = (trainee.id, client_id) if client_id else None
        if key is not None:
            if key in self.by_client:
                return self.by_client[key], True
            if key in self._pending:
                return await asyncio.shield(self._pending[key]), True
        if not text.strip():
            raise ApiError(400, "empty_reply", "the reply is empty")
        if not rnd.accepting(now):
            phase = rnd.phase(now)
            why = {"ready": "has not started", "time_up": "is over: the time ran out"}.get(
                phase, f"is {phase}"
            )
            raise ApiError(409, "round_closed", f"round {rnd.number} {why}; no replies taken",
                           phase=phase)  # fmt: skip
        future: asyncio.Future[Reply] = asyncio.get_running_loop().create_future()
        if key is not None:
            self._pending[key] = future
        try:
            reply = await self._grade_and_store(trainee, rnd, text, client_id, now)
            future.set_result(reply)
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning when nobody waits
            raise
        finally:
            if key is not None:
                self._pending.pop(key, None)
        self.events.publish(
            "reply", round=rnd.id, reply=reply.id, received_at=reply.received_at
        )
        return reply, False

    async def _grade_and_store(
        self, trainee: Trainee, rnd: Round, text: str, client_id: str | None, now: float
    ) -> Reply:
        import grading

        latency = rnd.latency_s(now)
        case = case_for(rnd.family, rnd.locale, rnd.seed_for(trainee))
        # On the event loop, not a thread: a grade takes a millisecond or two, and under the
        # GIL a thread would add a hand-over to each reply and no parallelism.
        grade = grading.grade(text, case, latency_s=latency)
        reply = Reply(
            new_id(), rnd.id, trainee.id, rnd.attempt, text, now, latency, grade.total,
            grade.to_dict(), client_id,
        )  # fmt: skip
        await self._store(Insert(db.replies, reply.row()))
        self._remember(reply)
        return reply

    def reply(self, reply_id: str) -> Reply:
        reply = self.replies_by_id.get(reply_id)
        if reply is None:
            raise ApiError(404, "unknown_reply", f"there is no reply '{reply_id}'")
        return reply

    async def annotate(self, reply_id: str, changes: dict[str, Any]) -> Reply:
        """Star, hide from the projector, or add the instructor's verdict and comment."""
        reply = self.reply(reply_id)
        values: dict[str, Any] = {}
        for name in ("starred", "hidden"):
            if name in changes:
                if not isinstance(changes[name], bool):
                    raise ApiError(400, "bad_field", f"'{name}' must be true or false")
                values[name] = changes[name]
        if "verdict" in changes:
            verdict = changes["verdict"]
            if verdict is not None and verdict not in VERDICTS:
                raise ApiError(400, "bad_field", f"'verdict' must be one of {', '.join(VERDICTS)}")
            values["verdict"] = verdict
        if "comment" in changes:
            comment = changes["comment"]
            if comment is not None and (not isinstance(comment, str) or len(comment) > 2000):
                raise ApiError(400, "bad_field", "'comment' must be text of at most 2000 chars")
            if comment is not None:
                check_text(comment, "comment")
            values["verdict_comment"] = comment
        if not values:
            raise ApiError(400, "missing_field", "give starred, hidden, verdict or comment")
        table = db.replies
        await self._store(
            lambda c: c.execute(update(table).where(table.c.id == reply.id).values(**values))
        )
        for name, value in values.items():
            setattr(reply, name, value)
        self.events.publish("annotate", round=reply.round_id, reply=reply.id)
        return reply

    async def set_projector(self, changes: dict[str, Any]) -> Workshop:
        view = changes.get("view", self.workshop.projector.get("view", "summary"))
        if view not in ("summary", "starred", "join", "blank"):
            raise ApiError(400, "bad_field", "'view' must be summary, starred, join or blank")
        names = changes.get("names", self.workshop.names_revealed)
        if not isinstance(names, bool):
            raise ApiError(400, "bad_field", "'names' must be true or false")
        projector = {"view": view}
        await self._store(
            lambda c: self._set_workshop(c, projector=projector, names_revealed=names)
        )
        self.workshop.projector, self.workshop.names_revealed = projector, names
        self.events.publish("projector")
        return self.workshop


def _workshop_row(workshop: Workshop) -> dict[str, Any]:
    return dict(workshop.__dict__)
