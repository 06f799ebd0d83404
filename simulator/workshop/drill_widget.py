"""The trainee's drill desk in a workshop: the course's drill desk (simulator/widgets/
drill_desk.py) on the room's clock, with Send and Pin going to the server and the server's
grade shown.

The drill's posts, news and knowledge base are made here from (drill, language, seed) exactly
as on the server, so only the clock, the replies and the pinned post travel. The clock is the
server's (drill_client.ServerClock): reading a post or typing a reply takes real time, not
simulated time, and "wait" only redraws. Every reply and pinned post is journaled before it is
sent (drill_client.py) and kept, with the server's grade, in `replylab_replies.jsonl`.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import ipywidgets as widgets
import requests

from grading import ActionGrade, Grade
from simulator.drill import drill_run
from simulator.pasted import PENALTY as PASTED_PENALTY
from simulator.widgets.cards import esc
from simulator.widgets.drill_desk import DrillDesk
from simulator.widgets.feedback import feedback_html, message_html
from simulator.widgets.queue import Ticket
from simulator.widgets.store import attempt_record, wall_clock_now
from simulator.widgets.strings import text
from simulator.widgets.submit import REPLY_ACTIONS, missing
from simulator.workshop import drill_client
from simulator.workshop.client import Session, WorkshopError

TICK_MS = 2000


def _action_grade(data: dict[str, Any] | None) -> ActionGrade | None:
    if not data:
        return None
    return ActionGrade(data["action"], data["expected"], float(data["score"]), data["tip"])


class WorkshopDrillDesk(DrillDesk):
    """One trainee's desk in the room's drill."""

    def __init__(self, session: Session, state: dict[str, Any], *,
                 replies_path: str | None = None) -> None:  # fmt: skip
        self.session = session
        info = state["drill"]
        self.drill_id = str(info["id"])
        run = drill_run(info["drill"], state["locale"], int(info["seed"]))
        self.server_clock = drill_client.ServerClock(lambda: drill_client.fetch_clock(session))
        self.server_clock.sync(info)
        super().__init__(run, clock=self.server_clock, replies_path=replies_path)
        self._shown: tuple[Any, ...] = ()
        # The page ticks every TICK_MS (an ipywidgets Play, hidden): each tick is handled in
        # the kernel like a click, and redraws only when the room's drill changed for this
        # desk (a post arrived, news, a hold, a new minute on the timers).
        self.ticker = widgets.Play(interval=TICK_MS, max=10**9, repeat=True, playing=False,
                                   layout=widgets.Layout(display="none"))
        self.ticker.observe(lambda _: self.tick(), names="value")
        self.view.children = (*self.view.children, self.ticker)
        self.apply(state)
        self._ticking: threading.Thread | None = start_ticking(self.ticker)

    # -- the server's records --------------------------------------------------------------

    def sync(self) -> int:
        """Send again what was not acknowledged, then take the server's records (grades of
        replies sent before a restart, the pinned post) and its clock."""
        resent = drill_client.resend_pending(self.session)
        self.apply(drill_client.fetch_state(self.session))
        return resent

    def apply(self, state: dict[str, Any]) -> None:
        if state.get("drill") and state["drill"].get("id") == self.drill_id:
            self.server_clock.sync(state["drill"])
        tickets = {t.id: t for t in self.tickets}
        for reply in state.get("my_replies", []):
            ticket = tickets.get(reply["case_id"])
            if ticket is not None:
                self._close(ticket, reply)
        pinned = state.get("pinned")
        if pinned:
            self.pinned, self.pinned_s = pinned["text"], float(pinned["sim_s"])
            self.post_grade = Grade.from_dict(pinned["grade"])
            self.editing = False  # pinned before: the box stays folded until edited
        self.refresh()

    def tick(self) -> bool:
        """Redraw if the room's drill has changed for this desk since the last redraw."""
        try:
            now = self.now()
        except (requests.RequestException, WorkshopError):
            return False
        if self._what_shows(now) == self._shown:
            return False
        self.refresh()
        return True

    def _what_shows(self, now: float) -> tuple[Any, ...]:
        """What a redraw at `now` depends on: posts arrived, news, the hold, the phase and the
        minute the timers show."""
        state = self.server_clock.state
        return (sum(1 for t in self.tickets if t.at_s <= now), len(self.run.events_until(now)),
                bool(state.get("held")), state.get("phase"), int(now // 60))

    def wait(self) -> float:
        """The room's clock moves by itself: "wait" asks the server where it is now, sends
        again what was not acknowledged and redraws (and starts the page's ticks again, should
        they have stopped)."""
        if self._ticking is None or not self._ticking.is_alive():
            self._ticking = start_ticking(self.ticker, tries=30)
        try:
            self.server_clock.sync(drill_client.fetch_clock(self.session))
            resent = self.sync()
        except WorkshopError as exc:
            self._say(text(self.locale, "workshop_server_says", message=str(exc)))
        except requests.RequestException as exc:
            self._say(text(self.locale, "workshop_offline", error=type(exc).__name__))
        else:
            if resent:
                self._say(text(self.locale, "workshop_resent", n=resent))
        self.refresh()
        return self.now()

    def _close(self, ticket: Ticket, reply: dict[str, Any]) -> None:
        ticket.answered_s = float(reply["sim_s"])
        ticket.reply = reply["text"] or None
        ticket.action = reply["action"]
        ticket.grade = Grade.from_dict(reply["grade"]) if reply.get("grade") else None
        ticket.action_grade = _action_grade(reply.get("action_grade"))
        ticket.points = float(reply["points"])
        if reply.get("pasted_from"):
            source = next((t for t in self.tickets if t.id == reply["pasted_from"]), None)
            ticket.pasted_from = source.case.customer.handle if source else reply["pasted_from"]
            ticket.pasted_penalty = PASTED_PENALTY
        if self.current is ticket:
            self.current = None

    # -- the shift desk's actions, through the server ---------------------------------------

    @property
    def ended(self) -> bool:
        return self.now() >= self.end_s or self.server_clock.state.get("phase") == "stopped"

    def _say(self, message: str) -> None:
        self.feedback.value = message_html(message)

    def send(self) -> Any:
        """Send the open post's decision (and reply) to the server; show the server's grade.
        Returns the Grade (or ActionGrade), None when it was not graded (yet)."""
        ticket = self.current
        if ticket is None:
            if not self.feedback.value:
                self._say(text(self.locale, "no_case_open"))
            return None
        action, reply = ticket.chosen, self.reply_box.value
        notice = missing(ticket.case.locale, decision_asked=True, action=action, reply=reply)
        if notice:
            self.feedback.value = message_html(notice)
            return None
        assert action is not None
        reply = reply if action in REPLY_ACTIONS else ""
        try:
            result = drill_client.send(self.session, self.drill_id, "drill_reply",
                                       {"case_id": ticket.id, "action": action, "reply": reply})
        except WorkshopError as exc:
            self._say(text(self.locale, "workshop_server_says", message=str(exc)))
            return None
        if result.get("queued"):  # kept in the journal; the grade comes on the next sync
            ticket.answered_s, ticket.reply, ticket.action = self.now(), reply or None, action
            self._done(ticket, message_html(text(self.locale, "workshop_queued")))
            return None
        self._close(ticket, result)
        case = self.run.case_at(ticket.case, float(result["sim_s"]))
        self.store.append(attempt_record(
            case, mode="workshop_drill", attempt=1, reply=reply or None, action=action,
            shown_at=self._opened_at, sim_clock="shift", sim_shown_s=ticket.opened_s or 0.0,
            sim_sent_s=float(result["sim_s"]), latency_s=float(result["latency_s"]),
            grade=result.get("grade"), action_grade=result.get("action_grade"),
            points=result["points"], workshop_drill=self.drill_id,
            shift={"seed": self.seed, "minutes": self.end_s / 60, "arrived_s": ticket.at_s,
                   "drill": self.run.drill.id, "points": result["points"]},
        ))  # fmt: skip
        html = feedback_html(ticket.grade, reply, self.locale, attempt=1,
                             action_grade=ticket.action_grade, latency_s=result["latency_s"],
                             saved_to=str(self.store.path), char_limit=case.char_limit,
                             points=ticket.points)  # fmt: skip
        if ticket.pasted_from:
            html = message_html(text(self.locale, "pasted_notice", handle=ticket.pasted_from,
                                     points=f"{PASTED_PENALTY:.0f}")) + html
        self.last_grade, self.last_action_grade = ticket.grade, ticket.action_grade
        self.last_points = ticket.points
        self._done(ticket, html)
        return ticket.grade if ticket.grade is not None else ticket.action_grade

    def _done(self, ticket: Ticket, html: str) -> None:
        ticket.draft = ""
        self.drafts.drop(self._draft_key(ticket))
        self.current = None
        self.feedback.value = html
        self.reply_box.value = ""
        self.decision_buttons.value = None
        self.refresh()

    def pin(self, post: str | None = None) -> Any:
        """Pin the proactive post on the server; returns the server's Grade."""
        post = self._post_to_pin(post)
        if post is None:
            return None
        try:
            result = drill_client.send(self.session, self.drill_id, "drill_post", {"post": post})
        except WorkshopError as exc:
            self.post_feedback.value = message_html(
                text(self.locale, "workshop_server_says", message=str(exc)))
            return None
        if result.get("queued"):
            self.post_feedback.value = message_html(text(self.locale, "workshop_queued"))
            return None
        sim_s = float(result["sim_s"])
        grade = Grade.from_dict(result["grade"])
        case = self.run.post_case(sim_s)
        self.store.append(attempt_record(
            case, mode="workshop_drill_post", attempt=len(self.post_grades) + 1, reply=post,
            action=None, shown_at=wall_clock_now(), sim_clock="shift", sim_shown_s=sim_s,
            sim_sent_s=sim_s, latency_s=None, grade=result["grade"],
            workshop_drill=self.drill_id,
            shift={"seed": self.seed, "minutes": self.end_s / 60, "drill": self.run.drill.id},
        ))  # fmt: skip
        self.show_pinned(post, sim_s, grade, case)
        return grade

    def refresh(self) -> None:
        super().refresh()
        if not hasattr(self, "server_clock"):
            return  # the shift desk's first redraw, before this desk's parts exist
        state = self.server_clock.state
        self._shown = self._what_shows(self.shift_time())
        if state.get("held"):
            held = esc(text(self.locale, "drill_held"))
            self.header.value += f'<div class="rl-drill-held"><b>⏸ {held}</b></div>'
        if state.get("phase") == "stopped":
            self.header.value += f"<div><b>{esc(text(self.locale, 'drill_over'))}</b></div>"


def start_ticking(ticker: widgets.Play, *, tries: int = 300) -> threading.Thread:
    """Start the page's ticks once the desk is on the page: a Play starts only when `playing`
    changes while its view is drawn, so this sets it (from a thread, every 2 s, a trait and
    nothing else) until the page ticks, for ten minutes at most (a desk never shown; Wait
    starts it again)."""

    def arm() -> None:
        for _ in range(tries):
            before = ticker.value
            time.sleep(TICK_MS / 1000)
            if ticker.value != before:
                return  # the page is ticking
            ticker.playing = False
            ticker.playing = True

    thread = threading.Thread(target=arm, name="replylab-drill-ticker", daemon=True)
    thread.start()
    return thread


def open_drill(session: Session, locale: str | None = None,
               replies_path: str | None = None) -> WorkshopDrillDesk:  # fmt: skip
    """The room's drill as a desk for this trainee, in `locale` (the session's by default;
    the language the trainee first joined the drill with stays)."""
    drill_client.resend_pending(session)
    state = drill_client.fetch_state(session)
    if state.get("drill") is None:
        raise WorkshopError(state.get("message") or "no drill is running yet")
    if not state.get("seated"):
        drill_client.join_drill(session, locale or session.locale)
        state = drill_client.fetch_state(session)
    return WorkshopDrillDesk(session, state, replies_path=replies_path)
