"""The trainee's side of an assessment: who am I, my cases in the exercise widgets, what is saved.

Scores are not shown while the assessment runs and no grade is stored: the answer is graded
after submission, with the instructor's settings. The trainee gives their id and the personal
access code from their instructor; the cases come from the code, so nothing in this notebook
tells anyone else's cases. Imported only when a trainee runs the notebook, never during
autograde: it pulls in ipywidgets.
"""

from __future__ import annotations

import os
from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
from IPython.display import display

from simulator.assessment.answers import read_answers, remember_trainee, save_answer
from simulator.assessment.identity import Identity, practice_identity, suggested_student_id
from simulator.assessment.messages import Minutes
from simulator.assessment.spec import (
    AssessmentError,
    check_student_id,
    code_fits,
    format_code,
    normalise_code,
)
from simulator.assessment.texts import text
from simulator.widgets.cards import esc
from simulator.widgets.exercise import Exercise
from simulator.widgets.feedback import message_html

if TYPE_CHECKING:
    from scenarios import Case
    from simulator.assessment.session import AssessmentSession

ENTERED = "the name you entered"
ENV_ACCESS_CODE = "REPLYLAB_ACCESS_CODE"


class AssessmentExercise(Exercise):
    """The exercise widget for one fixed case: saves what was written, grades nothing."""

    def __init__(self, case: Case, *, replies_path: str) -> None:
        super().__init__(lambda _index: case, mode="reply", replies_path=replies_path)
        self.next_button.layout.display = "none"  # each case has its own widget

    def send(self) -> Any:
        """Save the attempt (durably) and say so; the grade comes after submission."""
        if self.sent:
            return self.last_record
        reply = self.reply_box.value
        if not reply.strip():
            self.feedback.value = message_html(text(self.locale, "write_first_answer"))
            return None
        self.last_record = save_answer(
            self.store.path, self.case.id, reply, self.action, self._shown_at
        )
        self.sent = True
        self.feedback.value = message_html(text(self.locale, "saved", attempt=self.attempt))
        self._sync_buttons()
        return self.last_record


def _code_or_none(value: str | None, student_id: str) -> str | None:
    try:
        code = normalise_code(value or "")
    except AssessmentError:
        return None
    return code if code_fits(student_id, code) else None


class PracticeDesk:
    """Identity prompt, one placeholder per case (filled once the trainee is known), summary."""

    def __init__(self, session: AssessmentSession) -> None:
        self.session = session
        self.locale = session.spec.locale
        self.identity: Identity | None = None
        self.code: str | None = None
        self.cases: list[Case] = []
        self.slots: dict[int, widgets.Output] = {}
        self.banner = widgets.HTML()
        self.name_box = widgets.Text(placeholder=text(self.locale, "name_placeholder"))
        self.code_box = widgets.Text(placeholder=text(self.locale, "code_placeholder"))
        self.start_button = widgets.Button(
            description=text(self.locale, "start"), button_style="primary"
        )
        self.change_button = widgets.Button(description=text(self.locale, "change_name"))
        self.start_button.on_click(lambda _: self.enter(self.name_box.value, self.code_box.value))
        self.change_button.on_click(lambda _: self.ask())
        self.prompt = widgets.HBox([self.name_box, self.code_box, self.start_button])
        self.view = widgets.VBox([self.banner, self.prompt, self.change_button])

    def start(self) -> None:
        sheet = read_answers(self.session.answers_path)
        found = practice_identity(sheet.trainee)
        display(self.view)
        code = None
        if found is not None:
            code = _code_or_none(os.environ.get(ENV_ACCESS_CODE), found.student_id)
            if code is None and sheet.trainee == found.student_id:
                code = _code_or_none(sheet.code, found.student_id)
        if found is None or code is None:
            self.ask(found)
        else:
            self.use(found, code)

    def ask(self, known: Identity | None = None) -> None:
        """Show the prompt, prefilled with what `nbgrader submit` would record here."""
        note = text(self.locale, "who_are_you")
        if self.identity is not None:
            note += " " + text(self.locale, "change_warning")
        self.banner.value = f"<p>{esc(note)}</p>"
        who = self.identity or known
        self.name_box.value = who.student_id if who else suggested_student_id()
        self.code_box.value = ""
        self.prompt.layout.display = None
        self.change_button.layout.display = "none"

    def enter(self, name: str, code: str) -> None:
        try:
            student_id = check_student_id(name)
        except AssessmentError:
            self.banner.value = message_html(text(self.locale, "bad_id"))
            return
        try:
            normal = normalise_code(code)
        except AssessmentError:
            self.banner.value = message_html(text(self.locale, "bad_code"))
            return
        if not code_fits(student_id, normal):
            self.banner.value = message_html(
                text(self.locale, "code_mismatch", student=student_id)
            )
            return
        remember_trainee(self.session.answers_path, student_id, self.session.spec.name, normal)
        self.use(Identity(student_id, ENTERED), normal)

    def use(self, identity: Identity, code: str) -> None:
        """Show whose cases these are and fill every case placeholder."""
        self.identity = self.session.identity = identity
        self.code = code
        self.cases = self.session.spec.cases_for_code(code)
        banner = text(
            self.locale,
            "answering_as",
            student=escape(identity.student_id),
            source=escape(f"{self._source(identity)}, {format_code(code)}"),
            answers=escape(self.session.answers_path.name),
        )
        limit = self.session.spec.time_limit_s
        if limit:
            minutes = Minutes(limit).render(self.locale)
            banner += " " + esc(text(self.locale, "time_limit", minutes=minutes))
        self.banner.value = f"<p>{banner}</p>"
        self.prompt.layout.display = "none"
        self.change_button.layout.display = None
        for number in self.slots:
            self._fill(number)

    def _source(self, identity: Identity) -> str:
        """Where the id came from, in the trainee's language."""
        keys = {ENTERED: "source_entered", "your JupyterHub user": "source_hub"}
        return text(self.locale, keys.get(identity.source, "source_env"))

    def show(self, number: int) -> None:
        slot = self.slots.get(number) or widgets.Output()
        self.slots[number] = slot
        display(slot)
        self._fill(number)

    def _fill(self, number: int) -> None:
        slot = self.slots[number]
        slot.clear_output()
        with slot:
            if self.identity is None:
                print(text(self.locale, "enter_name_first"))
            elif 1 <= number <= len(self.cases):
                path = str(self.session.answers_path)
                display(AssessmentExercise(self.cases[number - 1], replies_path=path))

    def summary(self) -> None:
        """Which cases have a saved answer: what to check before submitting."""
        out = widgets.HTML()
        button = widgets.Button(description=text(self.locale, "check_again"))
        button.on_click(lambda _: setattr(out, "value", self._summary_html()))
        out.value = self._summary_html()
        display(widgets.VBox([out, button]))

    def _summary_html(self) -> str:
        if self.identity is None:
            return f"<p>{esc(text(self.locale, 'enter_name_first'))}</p>"
        sheet = read_answers(self.session.answers_path)
        lines = []
        for number, case in enumerate(self.cases, start=1):
            mine = [a for a in sheet.answers if a.case_id == case.id]
            if mine:
                line = text(
                    self.locale, "saved_answer", number=number,
                    chars=len(mine[-1].reply), attempt=len(mine),
                )
            else:
                line = text(self.locale, "no_answer", number=number)
            lines.append(f"<li>{esc(line)}</li>")
        return "<ul>" + "".join(lines) + "</ul>"
