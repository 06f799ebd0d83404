"""`replylab assessment verify`: the class check an instructor runs after autograde.

Every collected answers file is re-scored here, outside nbgrader and outside any kernel a
trainee could have influenced, and compared with the gradebook. It names each trainee whose
points differ, whose notebook did not autograde (and why), whose answers file shows signs of
editing, whose submission holds code files, or whose answers belong to someone else's cases
(copied, or submitted under their name by someone else: the exchange's earlier submissions
say which).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from simulator.assessment.answers import ANSWERS_FILENAME, read_answers
from simulator.assessment.guard import planted_files
from simulator.assessment.identity import Identity
from simulator.assessment.scoring import DIMENSIONS, TraineeReport, build_report, points
from simulator.assessment.session import submission_time
from simulator.assessment.settings import AssessmentSettings, read_settings
from simulator.assessment.spec import AssessmentError

NOTEBOOK = "assessment"
TOLERANCE = 0.011  # points are rounded to 2 decimals on both sides
NBGRADER_DEFAULT_EXCHANGE = "/usr/local/share/nbgrader/exchange"


@dataclass
class TraineeCheck:
    """What verify found for one trainee; no problems means the gradebook can be trusted."""

    student_id: str
    rescored: float = 0.0
    in_gradebook: float | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def expected_points(report: TraineeReport, settings: AssessmentSettings) -> dict[str, float]:
    """What each graded cell (`case<n>_<dimension>`) should hold, from a fresh re-score."""
    expected = {}
    for number in range(1, settings.spec.cases_per_trainee + 1):
        result = None if report.problem else report.result(number)
        for dimension in DIMENSIONS:
            if dimension in settings.points:
                worth = settings.points[dimension]
                expected[f"case{number}_{dimension}"] = points(result, dimension, worth)
    return expected


@dataclass
class GradebookView:
    """What verify and the class report need from nbgrader's gradebook, read in one go."""

    scores: dict[str, dict[str, Any]] = field(default_factory=dict)  # student -> cell -> score
    due: dict[str, datetime] = field(default_factory=dict)  # student -> due date (UTC)


def read_gradebook(root: Path, course_id: str, name: str) -> GradebookView:
    """Each submission's auto scores and due date (with any extension); empty without one."""
    view = GradebookView()
    db = root / "gradebook.db"
    if not db.exists():
        return view
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{db}", course_id or None) as gb:
        try:
            submissions = gb.find_assignment(name).submissions
        except MissingEntry:
            return view
        for submission in submissions:
            student = submission.student.id
            view.scores[student] = {grade.name: grade.auto_score
                                    for notebook in submission.notebooks
                                    for grade in notebook.grades}
            if submission.duedate is not None:
                view.due[student] = submission.duedate.replace(tzinfo=timezone.utc)
    return view


def exchange_root(root: Path) -> Path:
    """c.Exchange.root from the course's nbgrader_config.py, or nbgrader's default."""
    config = root / "nbgrader_config.py"
    try:
        from traitlets.config.loader import PyFileConfigLoader

        loaded = PyFileConfigLoader(config.name, path=str(root)).load_config()
        value = loaded.get("Exchange", {}).get("root")
        if isinstance(value, str) and value:
            return Path(value)
    except Exception:  # a config that does not load: fall back, nbgrader would too
        pass
    return Path(NBGRADER_DEFAULT_EXCHANGE)


def _notebook_failure(root: Path, student: str, name: str) -> str:
    """Why a notebook did not autograde, as far as the files tell."""
    submitted = root / "submitted" / student / name / f"{NOTEBOOK}.ipynb"
    graded = root / "autograded" / student / name / f"{NOTEBOOK}.ipynb"
    if not submitted.exists():
        return "the submission has no assessment.ipynb"
    try:
        data = json.loads(submitted.read_text(encoding="utf-8"))
        cells = data["cells"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"the submitted notebook cannot be read ({type(exc).__name__})"
    if not graded.exists():
        return ("autograde wrote no notebook (has it run? `nbgrader autograde NAME --student "
                "ID` shows why)")
    try:
        cells = json.loads(graded.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return "the autograded notebook cannot be read"
    for cell in cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                cell_id = (cell.get("metadata", {}).get("nbgrader") or {}).get("grade_id", "?")
                return f"cell {cell_id} raised {output.get('ename')}: {output.get('evalue')}"
    return "grade cells were not scored"


def _owners(settings: AssessmentSettings, roster: list[str]) -> dict[str, str]:
    """case id -> student id, for every trainee on the roster (whose cases are these?)."""
    owners = {}
    for student in roster:
        try:
            for case in settings.spec.cases(student):
                owners[case.id] = student
        except (AssessmentError, ValueError):
            continue
    return owners


def _inbound(exchange: Path, course_id: str, student: str, name: str) -> list[Path]:
    inbound = exchange / course_id / "inbound"
    try:
        return sorted(p for p in inbound.iterdir() if p.name.startswith(f"{student}+{name}+"))
    except OSError:
        return []


def _check(
    root: Path, name: str, student: str, settings: AssessmentSettings,
    gradebook: dict[str, dict[str, Any]], owners: dict[str, str], exchange: Path,
    due_at: datetime | None = None,
) -> TraineeCheck:
    check = TraineeCheck(student)
    folder = root / "submitted" / student / name
    identity = Identity(student, "verify")
    report = build_report(
        settings, identity, folder / ANSWERS_FILENAME, submitted_at=submission_time(folder),
        due_at=due_at,
    )
    expected = expected_points(report, settings)
    check.rescored = round(sum(expected.values()), 2)
    if report.problem:
        check.problems.append(f"scores nothing: {report.problem}")
    cells = gradebook.get(student)
    if cells is None or any(cells.get(cell) is None for cell in expected):
        reason = _notebook_failure(root, student, name)
        check.problems.append(f"did not autograde: {reason}")
    else:
        check.in_gradebook = round(sum(float(cells[c]) for c in expected), 2)
        differ = [
            f"{cell} {float(cells[cell]):g} in the gradebook, {value:g} re-scored"
            for cell, value in expected.items() if abs(float(cells[cell]) - value) > TOLERANCE
        ]
        if differ:
            more = f" and {len(differ) - 4} more" if len(differ) > 4 else ""
            shown = "; ".join(differ[:4]) + more
            check.problems.append(f"points differ from a fresh re-score: {shown}")
    if report.edits:
        shown = "; ".join(str(e) for e in report.edits[:4])
        check.problems.append(f"answers file edited by hand: {shown}")
    planted = planted_files(folder)
    if planted:
        check.problems.append(f"the submission holds code files: {', '.join(planted)}")
    sheet = read_answers(folder / ANSWERS_FILENAME)
    others = sorted({owners[a.case_id] for a in sheet.answers
                     if a.case_id in owners and owners[a.case_id] != student})
    if others:
        check.problems.append(
            f"answers to the cases of {', '.join(others)}: copied, or submitted under "
            f"{student}'s name by someone else"
        )
    elif sheet.code and not settings.spec.is_code_of(student, sheet.code):
        whose = _code_owner(sheet.code, settings, owners)
        owner = f"{whose}'s" if whose else "another trainee's"
        check.problems.append(f"the answers file was started with {owner} access code")
    earlier = _inbound(exchange, settings.spec.course_id, student, name)[:-1]
    if others and earlier:
        check.problems.append(
            f"{len(earlier)} earlier submission(s) under this id are in the exchange "
            f"({earlier[-1]}): the collected one replaced them"
        )
    return check


def _code_owner(code: str, settings: AssessmentSettings, owners: dict[str, str]) -> str:
    """Whose access code this is, among the trainees on the roster ('' if nobody's)."""
    return next((s for s in sorted(set(owners.values())) if settings.spec.is_code_of(s, code)),
                "")


def verify_course(root: str | Path, name: str) -> list[TraineeCheck]:
    """Check every collected submission of assessment `name` in the course at `root`."""
    root = Path(root).expanduser().resolve()
    settings = read_settings(root, name)
    book = read_gradebook(root, settings.spec.course_id, name)
    gradebook = book.scores
    submitted = root / "submitted"
    collected = sorted(p.parent.name for p in submitted.glob(f"*/{name}") if p.is_dir())
    roster = sorted(set(collected) | set(gradebook))
    owners = _owners(settings, roster)
    exchange = exchange_root(root)
    return [_check(root, name, s, settings, gradebook, owners, exchange, book.due.get(s))
            for s in roster]


def verify_text(checks: list[TraineeCheck]) -> str:
    """The table an instructor reads: one line per trainee, then what is wrong and why."""
    lines = [f"{'trainee':<20}{'re-scored':>10}{'gradebook':>10}  verdict"]
    for check in checks:
        book = "-" if check.in_gradebook is None else f"{check.in_gradebook:g}"
        verdict = "ok" if check.ok else f"CHECK ({len(check.problems)})"
        lines.append(f"{check.student_id:<20}{check.rescored:>10g}{book:>10}  {verdict}")
    for check in checks:
        for problem in check.problems:
            lines.append(f"- {check.student_id}: {problem}")
    flagged = sum(1 for c in checks if not c.ok)
    lines.append(f"{len(checks)} trainees checked, {flagged} to look at")
    return "\n".join(lines)
