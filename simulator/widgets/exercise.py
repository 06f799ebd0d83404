"""The exercise widget: one case as a social card, a reply box with a live counter, Send and
feedback, optionally a triage decision. Also the triage drill (decisions only).

The logic lives in plain methods (set_reply, choose, send, try_again, next_case) that the
buttons call, so tests drive the widget exactly as a trainee would, without a browser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import ipywidgets as widgets

from scenarios import Case
from simulator.clock import (
    DECIDE_S,
    SimulatedClock,
    first_seen_age_s,
    reading_seconds,
    typing_seconds,
)
from simulator.widgets import grader
from simulator.widgets.cards import card_html, counter_html, esc, knowledge_html
from simulator.widgets.drafts import DraftStore
from simulator.widgets.feedback import message_html, run_or_show
from simulator.widgets.panel import Panel
from simulator.widgets.store import ReplyStore, wall_clock_now
from simulator.widgets.strings import text
from simulator.widgets.submit import ACTIONS, REPLY_ACTIONS, missing, submit, wants_reply

__all__ = ["ACTIONS", "REPLY_ACTIONS", "Exercise"]
Mode = Literal["reply", "triage", "decision"]
CaseSource = Callable[[int], Case]  # 0 -> the first case, 1 -> the next, ...


class Exercise:
    """One case at a time. Modes: 'reply' (write and send), 'triage' (decide, then write if
    the decision is to respond), 'decision' (decide only: the triage drill)."""

    def __init__(
        self,
        case_source: CaseSource,
        *,
        mode: Mode = "reply",
        replies_path: str | None = None,
        initial_reply: str = "",
    ) -> None:
        """`initial_reply` pre-fills the reply box for the first case (a draft to rewrite)."""
        if mode not in ("reply", "triage", "decision"):
            raise ValueError(f"unknown exercise mode {mode!r}")
        self.mode: Mode = mode
        self.store = ReplyStore(replies_path)
        self.drafts = DraftStore(self.store.path)
        self._source = case_source
        self.case_index = 0
        self.case: Case = case_source(0)
        self.action: str | None = None
        self.attempt = 0
        self.sent = False
        self.last_grade: Any = None
        self.last_action_grade: Any = None
        self.last_record: dict[str, Any] | None = None
        self.last_points: float | None = None
        self._keep_drafts = False
        self._build_view()
        self._show_case(self.case, initial_reply)
        grader.warm_up_in_background(self.case)

    # -- what tests and buttons call -------------------------------------------------------

    @property
    def locale(self) -> str:
        return self.case.locale

    @property
    def reply(self) -> str:
        return self.reply_box.value

    def set_reply(self, reply: str) -> None:
        self.reply_box.value = reply  # the observer updates the counter

    def choose(self, action: str) -> None:
        """Pick a triage decision; in the triage drill this also sends it."""
        if self.mode == "reply":
            raise ValueError("this exercise asks for a reply, not a decision (use triage=True)")
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r} (known: {', '.join(ACTIONS)})")
        self.triage_buttons.value = action  # the observer records it (and sends in a drill)

    def send(self) -> Any:
        """Grade the attempt, append it to the replies file, show feedback.

        Returns the grade (or the decision's grade in the drill); None when something is
        missing, with a notice to the trainee instead of feedback.
        """
        if self.sent:
            return self.last_grade or self.last_action_grade
        reply = self.reply_box.value
        decision_asked = self.mode != "reply"
        reply_box = self.mode != "decision"
        notice = missing(
            self.locale,
            decision_asked=decision_asked,
            action=self.action,
            reply=reply,
            reply_box=reply_box,
        )
        if notice:
            self.feedback.value = message_html(notice)
            return None
        with_reply = wants_reply(self.action, decision_asked=decision_asked, reply_box=reply_box)
        spent_s = reading_seconds(self.case) + (typing_seconds(reply) if with_reply else DECIDE_S)
        latency_s = self.clock.now() + spent_s  # the clock counts from the post
        sent = submit(
            self.store,
            self.case,
            reply=reply if with_reply else "",
            with_reply=with_reply,
            action=self.action if decision_asked else None,
            latency_s=latency_s,
            attempt=self.attempt,
            record={
                "mode": "triage" if self.mode == "decision" else "exercise",
                "shown_at": self._shown_at,
                "sim_clock": "post",
                "sim_shown_s": self._shown_age_s,
                "sim_sent_s": latency_s,
            },
        )
        self.clock.advance(spent_s)  # only once graded: a failed Send costs no time
        self.sent = True  # _sync_buttons drops the draft: it is sent
        self.notice.value = ""
        self.last_grade, self.last_action_grade = sent.grade, sent.action_grade
        self.last_record, self.last_points = sent.record, sent.points
        self.feedback.value = sent.html
        self._sync_buttons()
        return sent.grade if sent.grade is not None else sent.action_grade

    def try_again(self) -> None:
        """A new attempt on the same case: feedback cleared, the reply kept to improve on (and
        kept as a draft again)."""
        self._start_attempt()
        if self.reply_box.value != self._initial_reply:
            self.drafts.put(self._draft_key(), self.reply_box.value)

    def next_case(self) -> None:
        """The next case (next seed); a fresh reply box (or the draft kept for that case)."""
        self.case_index += 1
        self.case = self._source(self.case_index)
        self._show_case(self.case)

    # -- display ---------------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.view._repr_mimebundle_(**kwargs)

    def _build_view(self) -> None:
        panel = Panel(self.case.locale)
        self.panel = panel
        self.card, self.knowledge = panel.card, panel.knowledge
        self.triage_buttons, self.triage_label = panel.decision_buttons, panel.decision_label
        self.reply_box, self.counter = panel.reply_box, panel.counter
        self.send_button, self.feedback = panel.send_button, panel.feedback
        self.notice = widgets.HTML()
        self.triage_buttons.observe(self._on_action, names="value")
        self.reply_box.observe(self._on_reply, names="value")
        self.try_button = widgets.Button()
        self.try_button.add_class("rl-try-again")
        self.next_button = widgets.Button()
        self.next_button.add_class("rl-next-case")
        self.send_button.on_click(lambda _: self._safely(self.send))
        self.try_button.on_click(lambda _: self._safely(self.try_again))
        self.next_button.on_click(lambda _: self._safely(self.next_case))

        rows: list[widgets.Widget] = [panel.style, panel.case_row]
        if self.mode != "reply":
            rows += [self.triage_label, self.triage_buttons, panel.decision_help]
        if self.mode != "decision":
            rows += [self.reply_box, self.counter, self.notice]
        buttons = [self.try_button, self.next_button]
        if self.mode != "decision":
            buttons.insert(0, self.send_button)
        rows += [widgets.HBox(buttons, layout=widgets.Layout(flex_flow="row wrap")),
                 self.feedback]
        self.view = widgets.VBox(rows, layout=widgets.Layout(max_width="100%"))
        self.view.add_class("rl-root")
        self.view.add_class("rl-exercise")

    def _show_case(self, case: Case, initial_reply: str = "") -> None:
        """Show `case`: its attempt number from the file, and the reply box with the draft
        kept for it (a kernel restart loses none), else `initial_reply`."""
        self.attempt = sum(1 for r in self.store.read() if r.get("case_id") == case.id)
        self._relabel(case.locale)
        self.knowledge.value = knowledge_html(case)
        draft = self.drafts.get(self._draft_key()) if self.mode != "decision" else ""
        self._initial_reply = initial_reply
        self._keep_drafts = False
        self.reply_box.value = draft or initial_reply
        self._keep_drafts = True
        self.notice.value = (
            f'<div class="rl-meta">{esc(text(case.locale, "draft_restored"))}</div>'
            if draft
            else ""
        )
        self._start_attempt()

    def _start_attempt(self) -> None:
        self.attempt += 1
        self.sent = False
        self.action = None
        self.triage_buttons.value = None
        self._shown_age_s = first_seen_age_s(self.case)
        self._shown_at = wall_clock_now()
        self.clock = SimulatedClock(self._shown_age_s)  # seconds since the post
        self.card.value = card_html(self.case, self._shown_age_s)
        self.feedback.value = ""
        self._on_reply()
        self._sync_buttons()

    def _relabel(self, locale: str) -> None:
        """Buttons follow the case's locale (a source may mix locales)."""
        self.panel.relabel(locale)
        self.try_button.description = text(locale, "try_again")
        self.next_button.description = text(locale, "next_case")

    def _draft_key(self) -> str:
        return f"{self.mode}:{self.case.id}"

    def _sync_buttons(self) -> None:
        if self.sent:  # whatever saved the attempt, its draft is no longer unsent
            self.drafts.drop(self._draft_key())
        self.send_button.disabled = self.sent
        self.triage_buttons.disabled = self.sent
        self.try_button.disabled = not self.sent

    def _on_reply(self, change: Any = None) -> None:
        self.counter.value = counter_html(self.reply_box.value, self.case.char_limit, self.locale)
        if change is not None and self._keep_drafts and not self.sent:
            draft = self.reply_box.value
            keep = draft if draft != self._initial_reply else ""  # the given draft is no news
            self.drafts.put(self._draft_key(), keep)

    def _on_action(self, change: Any) -> None:
        self.action = change["new"]
        if self.mode == "decision" and self.action is not None and not self.sent:
            self.send()

    def _safely(self, method: Callable[[], Any]) -> None:
        run_or_show(method, self.feedback, "widget")
