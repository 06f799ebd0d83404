"""The trainee's workshop widget: the round's post and knowledge base, a reply box, Send.

Built from ipywidgets whose values are plain text (Label, Textarea), so a name or a post full
of markup shows as text. "Check for the round" asks the server what is running now; nothing
polls in the background.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from simulator.workshop.client import Session, WorkshopError


def case_text(case: Any) -> str:
    """The case as the trainee may see it: without the expected action (that is the answer)."""
    from simulator.render import render_case_text

    lines = render_case_text(case).splitlines()
    return "\n".join(line for line in lines if not line.strip().startswith("expected action:"))


def feedback_text(reply: dict[str, Any]) -> str:
    grade = reply.get("grade")
    if not grade:
        return f"Try {reply['attempt']}: sent; " + str(reply.get("pending", "grade pending"))
    tips = [f"  - {f['tip']}" for f in grade["findings"]
            if f["points"] < 0 or (f["max_points"] > 0 and f["points"] < f["max_points"] / 2)]
    dims = ", ".join(f"{k} {v}" for k, v in grade["dimensions"].items() if v is not None)
    return "\n".join([f"Try {reply['attempt']}: {grade['total']} ({dims})", *tips])


class WorkshopWidget(widgets.VBox):
    """One trainee's view of the workshop's current round."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.round: dict[str, Any] | None = None
        self.title = widgets.Label(value="Waiting for the instructor's round…")
        self.case_box = widgets.Textarea(disabled=True, layout=widgets.Layout(
            width="100%", height="12em"))  # fmt: skip
        self.reply_box = widgets.Textarea(placeholder="Your reply", layout=widgets.Layout(
            width="100%", height="8em"))  # fmt: skip
        self.send_button = widgets.Button(description="Send", button_style="primary")
        self.check_button = widgets.Button(description="Check for the round")
        self.status = widgets.Label(value="")
        self.feedback = widgets.Textarea(disabled=True, layout=widgets.Layout(
            width="100%", height="8em"))  # fmt: skip
        self.summary_button = widgets.Button(description="My summary")
        self.send_button.on_click(lambda _b: self.send())
        self.check_button.on_click(lambda _b: self.refresh())
        self.summary_button.on_click(lambda _b: self.show_summary())
        super().__init__([
            self.title, self.case_box, self.reply_box,
            widgets.HBox([self.send_button, self.check_button, self.summary_button]),
            self.status, self.feedback,
        ])  # fmt: skip
        self.refresh()

    def refresh(self) -> None:
        """Ask the server for the round now running; resend anything not acknowledged."""
        try:
            resent = self.session.resend_pending()
            rnd = self.session.round()
        except WorkshopError as exc:
            self.status.value = f"The server says: {exc}"
            return
        except Exception as exc:  # noqa: BLE001 - the network: say so, keep the widget usable
            self.status.value = f"No connection to the workshop ({type(exc).__name__}); try again"
            return
        self.round = rnd
        if rnd is None:
            self.title.value = "Waiting for the instructor's round… press Check for the round"
            self.case_box.value, self.feedback.value = "", ""
            self.send_button.disabled = True
            return
        left = rnd.get("remaining_s")
        timer = f" · {int(left)} s left" if left is not None else ""
        self.title.value = (f"Round {rnd['number']}, try {rnd['attempt']} · {rnd['phase']}"
                            f"{timer}")  # fmt: skip
        self.case_box.value = case_text(self.session.case(rnd))
        self.feedback.value = "\n\n".join(feedback_text(r) for r in rnd.get("my_replies", []))
        self.send_button.disabled = rnd["phase"] != "open"
        if resent:
            self.status.value = f"{resent} earlier repl{'y' if resent == 1 else 'ies'} resent"

    def send(self) -> None:
        if self.round is None:
            self.status.value = "No round is running yet"
            return
        text = self.reply_box.value
        try:
            result = self.session.send(self.round["id"], text)
        except WorkshopError as exc:
            self.status.value = f"Not sent: {exc}"
            return
        if result.get("queued"):
            self.status.value = "Saved in your file; it is sent when the server is back"
        else:
            self.status.value = "Sent. Your grade shows when the instructor reveals the round."
        self.refresh()

    def show_summary(self) -> None:
        try:
            self.feedback.value = summary_text(self.session.summary())
        except Exception as exc:  # noqa: BLE001 - the network or the server: say so
            self.status.value = f"No summary now ({exc})"


def summary_text(summary: dict[str, Any]) -> str:
    if not summary["rounds"]:
        return "No graded round yet: grades show when the instructor reveals a round."
    lines = [f"{len(summary['rounds'])} graded round(s)."]
    lines.append(f"Best: {summary['best']['total']} · worst: {summary['worst']['total']}")
    if summary["recurring"]:
        lines.append("Came back in more than one round:")
        lines += [f"  - {criterion} ({count} rounds)" for criterion, count in summary["recurring"]]
    return "\n".join(lines)
