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
from simulator.widgets.cards import STYLESHEET, card_html, counter_html, esc, knowledge_html
from simulator.widgets.feedback import feedback_html, message_html, run_or_show
from simulator.widgets.store import ReplyStore, attempt_record, wall_clock_now
from simulator.widgets.strings import action_label, text

ACTIONS = ("respond", "respond_private", "escalate", "monitor")
REPLY_ACTIONS = frozenset({"respond", "respond_private"})
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
        self._source = case_source
        self.case_index = 0
        self.case: Case = case_source(0)
        self.action: str | None = None
        self.attempt = 0
        self.sent = False
        self.last_grade: Any = None
        self.last_action_grade: Any = None
        self.last_record: dict[str, Any] | None = None
        self._build_view()
        self.reply_box.value = initial_reply
        self._show_case(self.case)
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
        if self.mode != "reply" and self.action is None:
            self.feedback.value = message_html(text(self.locale, "choose_first"))
            return None
        wants_reply = self.mode == "reply" or (
            self.mode == "triage" and self.action in REPLY_ACTIONS
        )
        if wants_reply and not reply.strip():
            self.feedback.value = message_html(text(self.locale, "write_first"))
            return None

        spent_s = reading_seconds(self.case) + (typing_seconds(reply) if wants_reply else DECIDE_S)
        latency_s = self.clock.now() + spent_s  # the clock counts from the post
        grade = grader.grade_reply(reply, self.case, latency_s=latency_s) if wants_reply else None
        action_grade = (
            grader.grade_decision(self.action, self.case) if self.mode != "reply" else None
        )
        self.clock.advance(spent_s)  # only once graded: a failed Send costs no time
        record = attempt_record(
            self.case,
            mode={"reply": "exercise", "triage": "exercise", "decision": "triage"}[self.mode],
            attempt=self.attempt,
            reply=reply if wants_reply else None,
            action=self.action,
            shown_at=self._shown_at,
            sim_clock="post",
            sim_shown_s=self._shown_age_s,
            sim_sent_s=latency_s,
            latency_s=latency_s,
            grade=grade,
            action_grade=action_grade,
        )
        self.store.append(record)  # durable before the trainee sees the result
        self.sent = True
        self.last_grade, self.last_action_grade, self.last_record = grade, action_grade, record
        self.feedback.value = feedback_html(
            grade,
            reply,
            self.locale,
            attempt=self.attempt,
            action_grade=action_grade,
            latency_s=latency_s if grade is not None else None,
            saved_to=str(self.store.path),
            char_limit=self.case.char_limit,
        )
        self._sync_buttons()
        return grade if grade is not None else action_grade

    def try_again(self) -> None:
        """A new attempt on the same case: feedback cleared, the reply kept to improve on."""
        self._start_attempt()

    def next_case(self) -> None:
        """The next case (next seed); a fresh reply box."""
        self.case_index += 1
        self.case = self._source(self.case_index)
        self.reply_box.value = ""
        self._show_case(self.case)

    # -- display ---------------------------------------------------------------------------

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.view._repr_mimebundle_(**kwargs)

    def _build_view(self) -> None:
        locale = self.case.locale
        self.card = widgets.HTML()
        self.knowledge = widgets.HTML()
        self.triage_buttons = widgets.ToggleButtons(
            options=[(action_label(locale, a), a) for a in ACTIONS],
            value=None,
            style={"button_width": "auto"},
        )
        self.triage_buttons.add_class("rl-triage")
        self.triage_buttons.observe(self._on_action, names="value")
        self.reply_box = widgets.Textarea(
            placeholder=text(locale, "reply_placeholder"),
            continuous_update=True,
            layout=widgets.Layout(width="560px", height="120px"),
        )
        self.reply_box.add_class("rl-reply")
        self.reply_box.observe(self._on_reply, names="value")
        self.counter = widgets.HTML()
        self.send_button = widgets.Button(description=text(locale, "send"), button_style="primary")
        self.send_button.add_class("rl-send")
        self.try_button = widgets.Button(description=text(locale, "try_again"))
        self.try_button.add_class("rl-try-again")
        self.next_button = widgets.Button(description=text(locale, "next_case"))
        self.next_button.add_class("rl-next-case")
        self.send_button.on_click(lambda _: self._safely(self.send))
        self.try_button.on_click(lambda _: self._safely(self.try_again))
        self.next_button.on_click(lambda _: self._safely(self.next_case))
        self.feedback = widgets.HTML()
        self.feedback.add_class("rl-feedback-area")

        rows: list[widgets.Widget] = [
            widgets.HTML(STYLESHEET),
            widgets.HBox(
                [self.card, self.knowledge], layout=widgets.Layout(flex_flow="row wrap")
            ),
        ]
        if self.mode != "reply":
            self.triage_label = widgets.HTML(f"<b>{esc(text(locale, 'choose_action'))}</b>")
            rows += [self.triage_label, self.triage_buttons]
        if self.mode != "decision":
            rows += [self.reply_box, self.counter]
        buttons = [self.try_button, self.next_button]
        if self.mode != "decision":
            buttons.insert(0, self.send_button)
        rows += [widgets.HBox(buttons), self.feedback]
        self.view = widgets.VBox(rows)
        self.view.add_class("rl-root")
        self.view.add_class("rl-exercise")

    def _show_case(self, case: Case) -> None:
        self.attempt = sum(1 for r in self.store.read() if r.get("case_id") == case.id)
        self._relabel(case.locale)
        self.knowledge.value = knowledge_html(case)
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
        self.triage_buttons.options = [(action_label(locale, a), a) for a in ACTIONS]
        self.reply_box.placeholder = text(locale, "reply_placeholder")
        self.send_button.description = text(locale, "send")
        self.try_button.description = text(locale, "try_again")
        self.next_button.description = text(locale, "next_case")
        if self.mode != "reply":
            self.triage_label.value = f"<b>{esc(text(locale, 'choose_action'))}</b>"

    def _sync_buttons(self) -> None:
        self.send_button.disabled = self.sent
        self.triage_buttons.disabled = self.sent
        self.try_button.disabled = not self.sent

    def _on_reply(self, change: Any = None) -> None:
        self.counter.value = counter_html(self.reply_box.value, self.case.char_limit, self.locale)

    def _on_action(self, change: Any) -> None:
        self.action = change["new"]
        if self.mode == "decision" and self.action is not None and not self.sent:
            self.send()

    def _safely(self, method: Callable[[], Any]) -> None:
        run_or_show(method, self.feedback, "widget")
