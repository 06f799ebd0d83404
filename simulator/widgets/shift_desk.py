"""The shift desk: cases arrive over a simulated clock; the trainee orders the queue, decides
what each post needs (respond, respond privately, escalate, monitor), answers the ones that need
a reply, and is scored on speed from that clock (latency = simulated send time minus arrival).

The clock moves only when the trainee acts (reading a post, typing a reply, waiting for the
next arrival), so timers and scores are reproducible and tests never wait in real time. Inject
any clock with `now()` and `advance()`. The shift ends when that clock reaches its length: the
post open then may still be finished, the rest go to the next shift, and the desk shows the
end-of-shift review (shift_review.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from simulator.clock import (
    DECIDE_S,
    Clock,
    SimulatedClock,
    reading_seconds,
    typing_seconds,
)
from simulator.pasted import PENALTY as PASTED_PENALTY
from simulator.pasted import pasted_from
from simulator.shift import Arrival
from simulator.widgets import grader
from simulator.widgets.cards import card_html, counter_html, esc, knowledge_html
from simulator.widgets.drafts import DraftStore
from simulator.widgets.feedback import message_html, run_or_show
from simulator.widgets.panel import Panel
from simulator.widgets.queue import (
    SHIFT_RUBRIC,
    SORT_MODES,
    Ticket,
    order_queue,
    shift_score,
)
from simulator.widgets.queue_rows import header_html, queue_rows
from simulator.widgets.shift_review import ShiftReview, review_html, shift_review
from simulator.widgets.store import ReplyStore, wall_clock_now
from simulator.widgets.strings import text
from simulator.widgets.submit import ACTIONS, REPLY_ACTIONS, missing, submit


class ShiftDesk:
    """A queue of arrivals over a simulated shift of `minutes`."""

    special_share = 1.0  # the special cases' share of the service level (a drill: 0.5)

    def __init__(
        self,
        arrivals: list[Arrival],
        *,
        locale: str,
        minutes: float,
        seed: int = 0,
        clock: Clock | None = None,
        replies_path: str | None = None,
    ) -> None:
        self.locale = locale
        self.seed = seed
        self.end_s = float(minutes) * 60.0
        self.clock: Clock = clock if clock is not None else SimulatedClock()
        self.store = ReplyStore(replies_path)
        self.drafts = DraftStore(self.store.path)
        self.tickets = [Ticket(a, special_share=self.special_share)
                        for a in sorted(arrivals, key=lambda a: (a.at_s, a.case.id))]
        kept = self.drafts.read()
        for ticket in self.tickets:  # drafts kept from before a kernel restart
            ticket.draft = kept.get(self._draft_key(ticket), "")
        self.order = "arrival"
        self.current: Ticket | None = None
        self.last_grade: Any = None
        self.last_action_grade: Any = None
        self.last_record: dict[str, Any] | None = None
        self.last_points: float | None = None
        self.rubric = SHIFT_RUBRIC  # the desk's service level is the grader's speed target
        self.review_title = "review_title"  # the strings key of the review's heading
        self._build_view()
        self.refresh()
        if self.tickets:
            grader.warm_up_in_background(self.tickets[0].case)

    # -- what tests and buttons call -------------------------------------------------------

    def now(self) -> float:
        return self.clock.now()

    def shift_time(self) -> float:
        """The time the desk shows: the simulated clock, stopped at the end of the shift."""
        return min(self.now(), self.end_s)

    @property
    def ended(self) -> bool:
        """The clock has reached the shift's length: no more posts are opened."""
        return self.now() >= self.end_s

    def queue(self) -> list[Ticket]:
        """Arrived, unanswered tickets in the chosen order."""
        return order_queue(self.tickets, self.now(), self.order)

    def sort_by(self, order: str) -> None:
        if order not in SORT_MODES:
            raise ValueError(f"unknown order {order!r} (known: {', '.join(SORT_MODES)})")
        self.order = order
        if self.order_picker.value != order:
            self.order_picker.value = order  # the observer refreshes
        else:
            self.refresh()

    def open(self, case_id: str) -> Ticket:
        """Open a waiting ticket; reading it takes simulated time. Not once the shift is over:
        what still waits goes to the next shift."""
        if self.ended:
            raise ValueError("the shift is over: the posts still waiting go to the next shift")
        ticket = next((t for t in self.queue() if t.id == case_id), None)
        if ticket is None:
            raise ValueError(f"{case_id} is not waiting in the queue")
        if self.current is not ticket:
            if self.current is not None:
                self.current.draft = self.reply_box.value  # switching keeps the draft
            self.current = ticket
            if ticket.opened_s is None:  # reading happens once; coming back is a glance
                ticket.opened_s = self.now()
                self.clock.advance(reading_seconds(ticket.case))
            self._opened_at = wall_clock_now()
            self.reply_box.value = ticket.draft
            self.decision_buttons.value = ticket.chosen  # the observer keeps it on the ticket
            self.feedback.value = ""
        self.refresh()
        return ticket

    def open_next(self) -> Ticket | None:
        waiting = self.queue()
        return self.open(waiting[0].id) if waiting and not self.ended else None

    def wait(self) -> float:
        """Jump to the next arrival (or the end of the shift) when there is nothing to do."""
        if self.ended:
            self.refresh()
            return self.now()
        later = [t.at_s for t in self.tickets if t.at_s > self.now()]
        target = min(later) if later else max(self.end_s, self.now())
        self.clock.advance(max(0.0, target - self.now()))
        self.refresh()
        return self.now()

    def set_reply(self, reply: str) -> None:
        self.reply_box.value = reply

    def choose(self, action: str) -> None:
        """Decide what the open post needs: respond, respond_private, escalate or monitor."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r} (known: {', '.join(ACTIONS)})")
        if self.current is None:
            raise ValueError("no post is open: open one from the queue first")
        self.decision_buttons.value = action  # the observer keeps it on the ticket

    def send(self) -> Any:
        """Close the open ticket with its decision; respond and respond_private need a reply.

        A reply takes typing time and is graded (desk rubric) along with the decision; escalate
        and monitor take a moment, need no reply (any draft is ignored) and grade the decision.
        Returns the reply's Grade, or the ActionGrade when there is no reply; None with a
        notice when something is missing.
        """
        ticket = self.current
        if ticket is None:
            # A second click right after a Send finds the ticket closed: keep its feedback
            # (the grade) on screen; the notice only when there is nothing to show yet.
            if not self.feedback.value:
                self.feedback.value = message_html(text(self.locale, "no_case_open"))
            return None
        case, action = self._case_as_sent(ticket), ticket.chosen
        reply = self.reply_box.value
        notice = missing(case.locale, decision_asked=True, action=action, reply=reply)
        if notice:
            self.feedback.value = message_html(notice)
            return None
        with_reply = action in REPLY_ACTIONS
        reply = reply if with_reply else ""
        sent_s = self.now() + (typing_seconds(reply) if with_reply else DECIDE_S)
        latency_s = sent_s - ticket.at_s
        earlier = [(t.reply, t.case) for t in self.tickets if t.answered and t.reply]
        repeated = pasted_from(reply, case, earlier) if with_reply else None
        shift_info: dict[str, Any] = {"seed": self.seed, "minutes": self.end_s / 60,
                                      "arrived_s": ticket.at_s, **self._record_extra()}
        if repeated is not None:
            shift_info["pasted_from"] = repeated.id
        sent = submit(
            self.store,
            case,
            reply=reply,
            with_reply=with_reply,
            action=action,
            latency_s=latency_s,
            rubric=self.rubric,
            desk_speed=True,
            always_show_latency=True,
            record={
                "mode": "shift",
                "shown_at": self._opened_at,
                "sim_clock": "shift",
                "sim_shown_s": ticket.opened_s or 0.0,
                "sim_sent_s": sent_s,
                "shift": shift_info,
            },
            penalty=PASTED_PENALTY if repeated is not None else 0.0,
            pinned=self._pinned_post(),
            notice="" if repeated is None else text(
                case.locale, "pasted_notice", handle=repeated.customer.handle,
                points=f"{PASTED_PENALTY:.0f}"),
        )
        self.clock.advance(sent_s - self.now())  # only once graded: a failed Send costs no time
        ticket.answered_s, ticket.reply, ticket.grade = self.now(), sent.record["reply"], sent.grade
        ticket.action, ticket.action_grade, ticket.points = action, sent.action_grade, sent.points
        if repeated is not None:
            ticket.pasted_from, ticket.pasted_penalty = repeated.customer.handle, sent.deducted
        ticket.draft = ""
        self.drafts.drop(self._draft_key(ticket))
        self.last_grade, self.last_action_grade = sent.grade, sent.action_grade
        self.last_record, self.last_points = sent.record, sent.points
        self.current = None
        self.feedback.value = sent.html
        self.reply_box.value = ""
        self.decision_buttons.value = None
        self.refresh()
        return sent.grade if sent.grade is not None else sent.action_grade

    def score(self) -> float | None:
        return shift_score(self.tickets)

    # a drill (drill_desk.py) grades against the knowledge base as it stands, with its post
    def _case_as_sent(self, ticket: Ticket) -> Any:
        return ticket.case

    def _pinned_post(self) -> str | None:
        return None

    def _record_extra(self) -> dict[str, Any]:
        return {}

    @property
    def over(self) -> bool:
        """The shift has ended and the post open at the end (if any) is closed."""
        return self.ended and self.current is None

    def review(self) -> ShiftReview:
        """The end-of-shift review as data (shown on the desk once the shift is over)."""
        return shift_review(self.tickets, self.locale, now_s=self.now(), end_s=self.end_s)

    # -- display ---------------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.view._repr_mimebundle_(**kwargs)

    def _build_view(self) -> None:
        locale = self.locale
        panel = Panel(locale, reply_height="110px")
        self.panel = panel
        self.header = widgets.HTML()
        self.order_picker = widgets.Dropdown(
            options=[(text(locale, f"sort_{mode}"), mode) for mode in SORT_MODES],
            value=self.order,
            description=text(locale, "sort_by"),
            style={"description_width": "initial"},
            layout=widgets.Layout(width="auto"),
        )
        self.order_picker.observe(self._on_order, names="value")
        self.next_button = widgets.Button(
            description=text(locale, "open_next"), layout=widgets.Layout(width="auto")
        )
        self.wait_button = widgets.Button(
            description=text(locale, "wait_next"), layout=widgets.Layout(width="auto")
        )
        self.next_button.add_class("rl-open-next")
        self.wait_button.add_class("rl-wait")
        self.next_button.on_click(lambda _: self._safely(self.open_next))
        self.wait_button.on_click(lambda _: self._safely(self.wait))
        self.queue_box = widgets.VBox(layout=widgets.Layout(width="100%", max_width="100%"))
        # No margin: an HTML widget's 2 px margin beside a 100 % width would scroll sideways.
        self.review_box = widgets.HTML(
            layout=widgets.Layout(width="100%", max_width="100%", margin="0", display="none")
        )
        self.card, self.knowledge = panel.card, panel.knowledge
        self.decision_label, self.decision_buttons = panel.decision_label, panel.decision_buttons
        self.decision_buttons.observe(self._on_action, names="value")
        self.hint = widgets.HTML()
        self.reply_box, self.counter = panel.reply_box, panel.counter
        self.reply_box.observe(lambda _: self._on_reply(), names="value")
        self.send_button, self.feedback = panel.send_button, panel.feedback
        self.send_button.on_click(lambda _: self._safely(self.send))
        wrap = widgets.Layout(flex_flow="row wrap", align_items="center", max_width="100%")
        self.controls = widgets.HBox(
            [self.order_picker, self.next_button, self.wait_button], layout=wrap
        )
        # What is needed to work a post; hidden once the shift is over (the review shows).
        self.work_area = widgets.VBox(
            [
                panel.case_row,
                self.decision_label,
                self.decision_buttons,
                panel.decision_help,
                self.reply_box,
                widgets.HBox([self.send_button, self.counter, self.hint], layout=wrap),
            ],
            layout=widgets.Layout(width="100%", max_width="100%"),
        )
        self.view = widgets.VBox(
            [
                panel.style,
                self.header,
                self.controls,
                self.queue_box,
                self.review_box,
                self.work_area,
                self.feedback,
            ],
            layout=widgets.Layout(max_width="100%"),
        )
        self.view.add_class("rl-root")
        self.view.add_class("rl-shift-desk")

    def refresh(self) -> None:
        """Redraw header, queue timers and the open case from the current simulated time."""
        now = self.shift_time()  # never past the end: the clock stops there
        locale = self.locale
        queue = self.queue()  # sorted once per redraw, for the header, the rows and Next
        self.header.value = header_html(self.tickets, queue, now, self.end_s, locale,
                                        score=self.score(), ended=self.ended, over=self.over)
        self.queue_box.children = self._queue_rows(now, queue)
        self.review_box.value = review_html(self.review(), self.review_title) if self.over else ""
        self.review_box.layout.display = None if self.over else "none"
        self.work_area.layout.display = "none" if self.over else None
        if self.over:
            self.view.add_class("rl-shift-ended")
        if self.current is not None:
            case = self.current.case
            self.card.value = card_html(case, now - self.current.at_s)
            self.knowledge.value = knowledge_html(case)
        else:
            self.card.value = f"<p>{esc(text(locale, 'no_case_open'))}</p>"
            self.knowledge.value = ""
        self.send_button.disabled = self.current is None
        self.decision_buttons.disabled = self.current is None
        self.next_button.disabled = not queue or self.ended
        self.wait_button.disabled = self.ended
        self.order_picker.disabled = self.ended
        self._update_counter()

    def _queue_rows(self, now: float, waiting: list[Ticket]) -> tuple[widgets.Widget, ...]:
        return queue_rows(waiting, now, self.locale, current=self.current, ended=self.ended,
                          on_open=lambda case_id: self._safely(lambda: self.open(case_id)))

    def _update_counter(self) -> None:
        limit = self.current.case.char_limit if self.current is not None else 280
        self.counter.value = counter_html(self.reply_box.value, limit, self.locale)
        chosen = self.current.chosen if self.current is not None else None
        no_reply = chosen is not None and chosen not in REPLY_ACTIONS
        self.hint.value = (
            f'<span class="rl-meta">{esc(text(self.locale, "no_reply_needed"))}</span>'
            if no_reply
            else ""
        )

    def _on_reply(self) -> None:
        self._update_counter()
        if self.current is not None:
            self.drafts.put(self._draft_key(self.current), self.reply_box.value)

    def _draft_key(self, ticket: Ticket) -> str:
        return f"shift:{self.seed}:{ticket.id}"

    def _on_action(self, change: Any) -> None:
        if self.current is not None:
            self.current.chosen = change["new"]
        self._update_counter()

    def _on_order(self, change: Any) -> None:
        self.order = change["new"]
        self.refresh()

    def _safely(self, method: Callable[[], Any]) -> None:
        run_or_show(method, self.feedback, "shift desk")
