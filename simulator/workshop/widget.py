"""The trainee's workshop widget: the round's post and knowledge base drawn as in the course's
exercise (the same card, knowledge base, reply box, counter and feedback), Send, and two
buttons: "Check for the round" asks the server what is running now (nothing polls in the
background), "My summary" shows this trainee's workshop so far.

Every sent reply also goes into the trainee's own replies file, `replylab_replies.jsonl`, as
an attempt in mode "workshop" without a grade: the grade is the server's, shown when the
instructor reveals the round; the widget never grades for the record.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from grading import Grade
from simulator.widgets.cards import card_html, counter_html, esc, knowledge_html
from simulator.widgets.feedback import feedback_html
from simulator.widgets.panel import Panel
from simulator.widgets.store import ReplyStore, attempt_record, wall_clock_now
from simulator.widgets.strings import text
from simulator.workshop.client import Session, WorkshopError

REPLIES_FILE = "replylab_replies.jsonl"


class WorkshopWidget(widgets.VBox):
    """One trainee's view of the workshop's current round."""

    def __init__(self, session: Session, locale: str = "en",
                 folder: Path | None = None) -> None:  # fmt: skip
        self.session = session
        self.locale = locale
        self.round: dict[str, Any] | None = None
        self.case: Any = None
        self.shown_at = time.monotonic()
        self.store = ReplyStore((folder or session.journal.parent) / REPLIES_FILE)
        self.panel = Panel(locale)
        self.title = widgets.HTML()
        self.check_button = widgets.Button()
        self.summary_button = widgets.Button()
        self.status = widgets.HTML()
        self.panel.send_button.on_click(lambda _b: self.send())
        self.check_button.on_click(lambda _b: self.refresh())
        self.summary_button.on_click(lambda _b: self.show_summary())
        self.panel.reply_box.observe(lambda _c: self._count(), names="value")
        super().__init__([
            self.panel.style, self.title, self.panel.case_row, self.panel.reply_box,
            self.panel.counter,
            widgets.HBox([self.panel.send_button, self.check_button, self.summary_button]),
            self.status, self.panel.feedback,
        ])  # fmt: skip
        self._label()
        self.refresh()

    # shortcuts the tests and the notebook use
    @property
    def send_button(self) -> widgets.Button:
        return self.panel.send_button

    @property
    def reply_box(self) -> widgets.Textarea:
        return self.panel.reply_box

    @property
    def feedback(self) -> widgets.HTML:
        return self.panel.feedback

    def _t(self, key: str, **values: object) -> str:
        return text(self.locale, key, **values)

    def _label(self) -> None:
        self.panel.relabel(self.locale)
        self.check_button.description = self._t("workshop_check")
        self.summary_button.description = self._t("workshop_summary")

    def _say(self, message: str) -> None:
        self.status.value = f"<div class='rl-help'>{esc(message)}</div>"

    def _count(self) -> None:
        if self.case is None:
            self.panel.counter.value = ""
            return
        self.panel.counter.value = counter_html(self.panel.reply_box.value, self.case.char_limit,
                                                self.locale)

    def refresh(self) -> None:
        """Ask the server for the round now running; resend anything not acknowledged."""
        try:
            resent = self.session.resend_pending()
            rnd = self.session.round()
        except WorkshopError as exc:
            self._say(self._t("workshop_server_says", message=str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - the network: say so, keep the widget usable
            self._say(self._t("workshop_offline", error=type(exc).__name__))
            return
        self.round = rnd
        if rnd is None:
            self.title.value = f"<b>{esc(self._t('workshop_waiting'))}</b>"
            self.panel.card.value = self.panel.knowledge.value = self.panel.feedback.value = ""
            self.case = None
            self.panel.send_button.disabled = True
            return
        case = self.session.case(rnd)
        if self.case is None or case.id != self.case.id:
            self.shown_at = time.monotonic()
        self.case = case
        if case.locale != self.locale:
            self.locale = case.locale
            self._label()
        age_s = float(rnd.get("minutes_since_post") or 0.0) * 60
        self.panel.card.value = card_html(case, age_s)
        self.panel.knowledge.value = knowledge_html(case)
        phase = self._t(f"workshop_phase_{rnd['phase']}")
        title = self._t("workshop_round", number=rnd["number"], attempt=rnd["attempt"],
                        phase=phase)  # fmt: skip
        left = rnd.get("remaining_s")
        if left is not None:
            title += " · " + self._t("workshop_left", seconds=int(left))
        self.title.value = f"<b>{esc(title)}</b>"
        self.panel.feedback.value = self._feedback(rnd.get("my_replies", []))
        self.panel.send_button.disabled = rnd["phase"] != "open"
        self._count()
        if resent:
            self._say(self._t("workshop_resent", n=resent))

    def _feedback(self, replies: list[dict[str, Any]]) -> str:
        """The latest try's feedback as the course shows it, once the round is revealed."""
        if not replies:
            return ""
        last = max(replies, key=lambda r: r["attempt"])
        if not last.get("grade"):
            pending = self._t("workshop_pending", attempt=last["attempt"])
            return f"<div class='rl-help'>{esc(pending)}</div>"
        grade = Grade.from_dict(last["grade"])
        return feedback_html(grade, last["text"], self.locale, attempt=last["attempt"],
                             latency_s=last.get("latency_s"), char_limit=self.case.char_limit)

    def send(self) -> None:
        if self.round is None or self.case is None:
            self._say(self._t("workshop_no_round"))
            return
        reply = self.panel.reply_box.value
        try:
            result = self.session.send(self.round["id"], reply)
        except WorkshopError as exc:
            self._say(self._t("workshop_server_says", message=str(exc)))
            return
        waited = time.monotonic() - self.shown_at
        since_post = float(self.round.get("minutes_since_post") or 0.0) * 60
        self.store.append(attempt_record(
            self.case, mode="workshop", attempt=int(self.round.get("attempt", 1)), reply=reply,
            action=None, shown_at=wall_clock_now(), sim_clock="post", sim_shown_s=since_post,
            sim_sent_s=since_post + waited, latency_s=None, workshop_round=self.round["id"],
        ))  # fmt: skip
        self._say(self._t("workshop_queued" if result.get("queued") else "workshop_sent"))
        self.refresh()

    def show_summary(self) -> None:
        try:
            summary = self.session.summary()
        except Exception as exc:  # noqa: BLE001 - the network or the server: say so
            self._say(self._t("workshop_offline", error=type(exc).__name__))
            return
        shown = esc(summary_text(summary, self.locale))
        self.panel.feedback.value = f"<pre class='rl-summary'>{shown}</pre>"


def summary_text(summary: dict[str, Any], locale: str = "en") -> str:
    if not summary["rounds"]:
        return text(locale, "workshop_no_summary")
    lines = [text(locale, "workshop_rounds", n=len(summary["rounds"]),
                  best=summary["best"]["total"], worst=summary["worst"]["total"])]  # fmt: skip
    if summary["recurring"]:
        lines.append(text(locale, "workshop_recurring"))
        lines += [f"  - {criterion} ({count})" for criterion, count in summary["recurring"]]
    return "\n".join(lines)
