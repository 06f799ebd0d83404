"""The trainee's side of an assessment: who am I, my cases in the exercise widgets, what is saved.

Scores are not shown while the assessment runs (the answer is graded after submission, with
the simulated clock); the widget only confirms that the answer was saved. Imported only when a
trainee runs the notebook, never during autograde: it pulls in ipywidgets.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets
from IPython.display import display

from simulator.assessment.answers import read_answers, remember_trainee
from simulator.assessment.identity import Identity, practice_identity, suggested_student_id
from simulator.assessment.spec import AssessmentError, check_student_id
from simulator.assessment.texts import text
from simulator.widgets.cards import esc
from simulator.widgets.exercise import Exercise
from simulator.widgets.feedback import message_html

if TYPE_CHECKING:
    from scenarios import Case
    from simulator.assessment.session import AssessmentSession

ENTERED = "the name you entered"


class AssessmentExercise(Exercise):
    """The exercise widget for one fixed case: saves like practice, but shows no score."""

    def __init__(self, case: Case, *, replies_path: str) -> None:
        super().__init__(lambda _index: case, mode="reply", replies_path=replies_path)
        self.next_button.layout.display = "none"  # each case has its own widget

    def send(self) -> Any:
        grade = super().send()
        if self.sent:
            self.feedback.value = message_html(text(self.locale, "saved", attempt=self.attempt))
        return grade


class PracticeDesk:
    """Identity prompt, one placeholder per case (filled once the trainee is known), summary."""

    def __init__(self, session: AssessmentSession) -> None:
        self.session = session
        self.locale = session.spec.locale
        self.identity: Identity | None = None
        self.cases: list[Case] = []
        self.slots: dict[int, widgets.Output] = {}
        self.banner = widgets.HTML()
        self.name_box = widgets.Text(placeholder="student id")
        self.start_button = widgets.Button(
            description=text(self.locale, "start"), button_style="primary"
        )
        self.change_button = widgets.Button(description=text(self.locale, "change_name"))
        self.start_button.on_click(lambda _: self.enter(self.name_box.value))
        self.change_button.on_click(lambda _: self.ask())
        self.prompt = widgets.HBox([self.name_box, self.start_button])
        self.view = widgets.VBox([self.banner, self.prompt, self.change_button])

    def start(self) -> None:
        remembered = read_answers(self.session.answers_path).trainee
        found = practice_identity(remembered)
        display(self.view)
        if found is None:
            self.ask()
        else:
            self.use(found)

    def ask(self) -> None:
        """Show the name prompt, prefilled with what `nbgrader submit` would record here."""
        note = text(self.locale, "who_are_you")
        if self.identity is not None:
            note += " " + text(self.locale, "change_warning")
        self.banner.value = f"<p>{esc(note)}</p>"
        self.name_box.value = self.identity.student_id if self.identity else suggested_student_id()
        self.prompt.layout.display = None
        self.change_button.layout.display = "none"

    def enter(self, name: str) -> None:
        try:
            student_id = check_student_id(name)
        except AssessmentError as exc:
            self.banner.value = message_html(str(exc))
            return
        remember_trainee(self.session.answers_path, student_id, self.session.spec.name)
        self.use(Identity(student_id, ENTERED))

    def use(self, identity: Identity) -> None:
        """Show whose cases these are and fill every case placeholder."""
        self.identity = self.session.identity = identity
        self.cases = self.session.spec.cases(identity.student_id)
        self.banner.value = "<p>" + text(
            self.locale,
            "answering_as",
            student=escape(identity.student_id),
            source=escape(identity.source),
            answers=escape(self.session.answers_path.name),
        ) + "</p>"
        self.prompt.layout.display = "none"
        self.change_button.layout.display = None if identity.source == ENTERED else "none"
        for number in self.slots:
            self._fill(number)

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
