"""The object the assessment notebook's locked cells call, in the trainee's kernel and in autograde.

Practising, it finds (or asks for) the trainee's id and access code and shows their cases in the
exercise widgets, which append every answer to the answers file. Autograding (NBGRADER_EXECUTION
is 'autograde'), it takes the settings from the instructor's course, never from the notebook,
rebuilds the same trainee's cases, grades the answers file once, and each hidden test cell turns
one case's dimension into partial credit. Nothing in autograde mode imports ipywidgets, and
nothing writes to stderr: nbgrader scores a cell with stderr output as zero.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import warnings
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from simulator.assessment.answers import ANSWERS_FILENAME, answers_path_for
from simulator.assessment.identity import Identity, grading_identity, is_autograding
from simulator.assessment.messages import Message, msg, say, several
from simulator.assessment.scoring import DIMENSIONS, TraineeReport
from simulator.assessment.settings import DEFAULT_POINTS, AssessmentSettings
from simulator.assessment.spec import AssessmentSpec

ENV_NOTEBOOK_NOTES = "REPLYLAB_NOTEBOOK_NOTES"  # what the repair hook fixed, as JSON
ENV_DUE_DATE = "REPLYLAB_DUE_DATE"  # the trainee's due date, from the gradebook (UTC)
TIMESTAMP_FILE = "timestamp.txt"  # written by `nbgrader submit`, kept by collect and autograde


@contextlib.contextmanager
def _quiet() -> Iterator[io.StringIO]:
    """Keep warnings and stray stderr off the cell: stderr would zero the grade cell."""
    captured = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stderr(captured):
        warnings.simplefilter("ignore")
        yield captured


def submission_time(folder: Path) -> datetime | None:
    """nbgrader's submission timestamp ('2026-12-01 10:15:02.123456 UTC'), if it is there."""
    try:
        raw = (folder / TIMESTAMP_FILE).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    try:
        from dateutil.parser import parse

        when = parse(raw)
    except (ImportError, ValueError, OverflowError):
        return None
    if when.tzinfo is None:
        from datetime import timezone

        when = when.replace(tzinfo=timezone.utc)
    return when


def _notebook_notes() -> list[Message]:
    """What the repair hook changed in the notebook before it ran (cells copied or moved)."""
    try:
        items = json.loads(os.environ.get(ENV_NOTEBOOK_NOTES, "[]"))
        return [msg(str(key), **dict(values)) for key, values in items]
    except (ValueError, TypeError):
        return []


class AssessmentSession:
    """One trainee's assessment in one kernel; see the module docstring for the two modes."""

    def __init__(
        self,
        *,
        name: str,
        families: list[str] | tuple[str, ...],
        cases_per_trainee: int,
        locale: str,
        course_id: str = "",
        speed_target_s: float = 600.0,
        time_limit_s: float = 0.0,
        points: Mapping[str, float] | None = None,
        folder: str | Path | None = None,
    ) -> None:
        self.spec = AssessmentSpec(
            name=name,
            families=tuple(families),
            cases_per_trainee=cases_per_trainee,
            locale=locale,
            course_id=course_id,
            speed_target_s=speed_target_s,
            time_limit_s=time_limit_s,
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
        self._settings_cache: AssessmentSettings | None = None  # read at the first report
        self._practice: Any = None

    @property
    def locale(self) -> str:
        return self.spec.locale

    # -- both modes -------------------------------------------------------------------------

    def start(self) -> None:
        """Grading: say whose answers are graded. Practising: identify the trainee, show cases."""
        if self.grading:
            self.identity = grading_identity(self.folder)
            from simulator.assessment.feedback import wrapped

            answers = self.answers_path.name
            if self.identity:
                source = say(self.locale, "from_nbgrader" if self.identity.source ==
                             "nbgrader autograde" else "from_folder")
                print(wrapped([say(self.locale, "grading_who", student=self.identity.student_id,
                                   source=source, answers=answers)]))
            else:
                print(wrapped([say(self.locale, "grading_unknown", answers=answers)]))
            try:
                from simulator.assessment.feedback import notes_text

                report = self.report()
                if report.problem or report.notes:
                    print(notes_text(report, self.locale))
            except Exception as exc:  # the graded cells will say so too
                print(say(self.locale, "could_not_show", what=say(self.locale, "notes_part"),
                          error=_reason(exc)))
            return
        from simulator.assessment.practice import PracticeDesk

        self._practice = PracticeDesk(self)
        self._practice.start()

    def show(self, number: int) -> None:
        """Case `number`: the exercise widget while practising, case and answer when grading."""
        if self.grading:
            from simulator.assessment.feedback import case_text

            try:
                with _quiet():
                    result = self.report().result(number)
                    if result is not None:
                        print(case_text(result, self.locale))
            except Exception as exc:
                what = say(self.locale, "case", number=number)
                print(say(self.locale, "could_not_show", what=what, error=_reason(exc)))
            return
        if self._practice is None:
            self.start()
        self._practice.show(number)

    def summary(self) -> None:
        """The overview: points per case and dimension (grading) or saved answers (practice)."""
        if self.grading:
            from simulator.assessment.feedback import summary_text

            try:
                with _quiet():
                    report = self.report()
                    print(summary_text(report, self._points(), self.locale))
            except Exception as exc:
                print(say(self.locale, "could_not_show", what=say(self.locale, "summary_part"),
                          error=_reason(exc)))
            return
        if self._practice is None:
            self.start()
        self._practice.summary()

    # -- grading ----------------------------------------------------------------------------

    def _settings(self) -> AssessmentSettings | None:
        """The instructor's settings; the notebook's own values are never trusted for grading."""
        from simulator.assessment.settings import settings_for_autograde

        settings = settings_for_autograde(self.folder)
        if settings is not None:
            self.spec = settings.spec  # its locale, too: feedback in the assessment's language
        return settings

    def _points(self) -> dict[str, float]:
        return self._settings_cache.points if self._settings_cache else self.points_per_dimension

    def report(self) -> TraineeReport:
        """The trainee's graded answers, computed on first use and kept for the other cells."""
        if self._report is None:
            from simulator.assessment.guard import shadowed_modules
            from simulator.assessment.scoring import build_report, planted_note

            with _quiet():
                self._settings_cache = self._settings()
                if self.identity is None:
                    self.identity = grading_identity(self.folder)
                shadowed = shadowed_modules(self.folder)
                if shadowed or self._settings_cache is None:
                    report = TraineeReport(self.identity, notes=planted_note(self.folder))
                    report.problem = (msg("shadowed", modules=", ".join(shadowed)) if shadowed
                                      else msg("no_settings"))
                else:
                    from simulator.assessment.answers import parse_time

                    report = build_report(
                        self._settings_cache, self.identity, self.answers_path,
                        submitted_at=submission_time(self.folder),
                        due_at=parse_time(os.environ.get(ENV_DUE_DATE)),
                    )
                fixed = _notebook_notes()
                if fixed:
                    report.notes.insert(0, msg("notebook_fixed", details=several(fixed, limit=20)))
            self._report = report
        return self._report

    def points(self, number: int, dimension: str, out_of: float | None = None) -> float | None:
        """Partial credit for one case and dimension, printing why (the graded cells end with
        it). While practising it does nothing: the grade comes after submission."""
        if not self.grading:
            return None
        try:
            with _quiet():
                from simulator.assessment.feedback import dimension_text
                from simulator.assessment.scoring import points

                report = self.report()
                worth = self._points().get(dimension, 0.0)
                out_of = float(out_of if out_of is not None else worth)
                if dimension not in DIMENSIONS:
                    print(say(self.locale, "unknown_dimension", dimension=dimension,
                              known=", ".join(DIMENSIONS)))
                    return 0.0
                earned = points(report.result(number), dimension, out_of)
                print(dimension_text(report, number, dimension, out_of, self.locale))
        except Exception as exc:  # the last line of defence: a reason instead of a traceback
            print(say(self.locale, "could_not_grade", case=say(self.locale, "case", number=number),
                      dimension=dimension, error=_reason(exc)))
            return 0.0
        return earned


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


__all__ = ["DEFAULT_POINTS", "DIMENSIONS", "AssessmentSession"]
