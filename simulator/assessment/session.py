"""The object the assessment notebook's locked cells call, in the trainee's kernel and in autograde.

Practising, it finds (or asks for) the trainee's id and shows their cases in the exercise
widgets, which append every answer to the answers file. Autograding (NBGRADER_EXECUTION is
'autograde'), it rebuilds the same trainee's cases, grades the answers file once, and each hidden
test cell turns one case's dimension into partial credit. Nothing in autograde mode imports
ipywidgets, and nothing writes to stderr: nbgrader scores a cell with stderr output as zero.
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from simulator.assessment.answers import ANSWERS_FILENAME, answers_path_for
from simulator.assessment.identity import Identity, grading_identity, is_autograding
from simulator.assessment.scoring import DIMENSIONS, TraineeReport
from simulator.assessment.spec import AssessmentSpec

# Points per case and dimension: the grader's default weights (facts .35, privacy .25,
# tone .25, speed .15) times ten, so a case is worth ten points.
DEFAULT_POINTS: dict[str, float] = {"tone": 2.5, "speed": 1.5, "facts": 3.5, "privacy": 2.5}


@contextlib.contextmanager
def _quiet() -> Iterator[io.StringIO]:
    """Keep warnings and stray stderr off the cell: stderr would zero the grade cell."""
    captured = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stderr(captured):
        warnings.simplefilter("ignore")
        yield captured


@contextlib.contextmanager
def _explained(what: str) -> Iterator[None]:
    """A reason in the feedback instead of a traceback, for the cells that are not graded."""
    try:
        with _quiet():
            yield
    except Exception as exc:
        print(f"{what} could not be shown ({type(exc).__name__}: {exc}).")


class AssessmentSession:
    """One trainee's assessment in one kernel; see the module docstring for the two modes."""

    def __init__(
        self,
        *,
        name: str,
        families: list[str] | tuple[str, ...],
        cases_per_trainee: int,
        locale: str,
        salt: str,
        course_id: str = "",
        speed_target_s: float = 600.0,
        points: Mapping[str, float] | None = None,
        folder: str | Path | None = None,
    ) -> None:
        self.spec = AssessmentSpec(
            name=name,
            families=tuple(families),
            cases_per_trainee=cases_per_trainee,
            locale=locale,
            salt=salt,
            course_id=course_id,
            speed_target_s=speed_target_s,
        )
        self.points_per_dimension = dict(points or DEFAULT_POINTS)
        # Resolved once: the answers stay beside the notebook even if a cell changes directory.
        self.folder = Path(folder or Path.cwd()).resolve()
        self.grading = is_autograding()
        self.answers_path = (
            self.folder / ANSWERS_FILENAME if self.grading else answers_path_for(self.folder)
        )
        self.identity: Identity | None = None
        self._report: TraineeReport | None = None
        self._practice: Any = None

    # -- both modes -------------------------------------------------------------------------

    def start(self) -> None:
        """Grading: say whose answers are graded. Practising: identify the trainee, show cases."""
        if self.grading:
            self.identity = grading_identity(self.folder)
            who = (
                f"{self.identity.student_id} (from {self.identity.source})"
                if self.identity
                else "an unidentified trainee"
            )
            print(f"Grading the answers of {who} in {self.answers_path.name}.")
            return
        from simulator.assessment.practice import PracticeDesk

        self._practice = PracticeDesk(self)
        self._practice.start()

    def show(self, number: int) -> None:
        """Case `number`: the exercise widget while practising, case and answer when grading."""
        if self.grading:
            from simulator.assessment.feedback import case_text

            with _explained(f"Case {number}"):
                result = self.report().result(number)
                if result is not None:
                    print(case_text(result))
            return
        if self._practice is None:
            self.start()
        self._practice.show(number)

    def summary(self) -> None:
        """The overview: points per case and dimension (grading) or saved answers (practice)."""
        if self.grading:
            from simulator.assessment.feedback import summary_text

            with _explained("The summary"):
                print(summary_text(self.report(), self.points_per_dimension))
            return
        if self._practice is None:
            self.start()
        self._practice.summary()

    # -- grading ----------------------------------------------------------------------------

    def report(self) -> TraineeReport:
        """The trainee's graded answers, computed on first use and kept for the other cells."""
        if self._report is None:
            from simulator.assessment.scoring import build_report

            if self.identity is None:
                self.identity = grading_identity(self.folder)
            with _quiet():
                self._report = build_report(self.spec, self.identity, self.answers_path)
        return self._report

    def points(self, number: int, dimension: str, out_of: float | None = None) -> float:
        """Partial credit for one case and dimension; prints why. The hidden tests end with it."""
        out_of = float(out_of if out_of is not None else self.points_per_dimension[dimension])
        try:
            with _quiet():
                from simulator.assessment.feedback import dimension_text
                from simulator.assessment.scoring import points

                if dimension not in DIMENSIONS:
                    print(f"Unknown dimension {dimension!r}; known: {', '.join(DIMENSIONS)}.")
                    return 0.0
                report = self.report()
                earned = points(report.result(number), dimension, out_of)
                print(dimension_text(report, number, dimension, out_of))
        except Exception as exc:  # the last line of defence: a reason instead of a traceback
            reason = f"{type(exc).__name__}: {exc}"
            print(f"Case {number} · {dimension}: could not be graded ({reason}).")
            return 0.0
        return earned


__all__ = ["DEFAULT_POINTS", "DIMENSIONS", "AssessmentSession"]
