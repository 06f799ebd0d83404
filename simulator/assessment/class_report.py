"""The instructor's view of one assessment across the class, beside nbgrader's grades.

Case N of every trainee comes from the same scenario family (each with their own seed), so case N
is what the class can be compared on: `write_class_report` puts every trainee's reply to case N
side by side with its findings (replies.html), exports one row per trainee and case
(grades.csv), statistics per case and dimension (cases.csv) and per criterion (criteria.csv),
and draws them (stats.png). The grades are recomputed from the collected answers files by
`scoring.build_report`, as autograde does, so the numbers match the trainees' feedback.
Every number in every output goes through `number()`, so the files and the page agree.
"""

from __future__ import annotations

import argparse
import csv
import io
import statistics
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from simulator.assessment.answers import ANSWERS_FILENAME
from simulator.assessment.identity import Identity
from simulator.assessment.scoring import (
    DIMENSIONS,
    CaseResult,
    TraineeReport,
    build_report,
    points,
)
from simulator.assessment.spec import AssessmentError, AssessmentSpec

if TYPE_CHECKING:
    from grading import Finding, Grade

SUBMITTED_STEP = "submitted"  # nbgrader's folder after `nbgrader collect`
REPORTS_STEP = "reports"
COLLECTED_SOURCE = "the collected submission"
TOTAL = "total"
COLUMNS: tuple[str, ...] = (TOTAL, *DIMENSIONS)
ANSWERED, NO_ANSWER, NOT_GRADED = "answered", "no answer", "not graded"
TOP_CRITERIA = 12  # bars in the picture; criteria.csv lists them all
EPSILON = 1e-9  # credits are sums of thirds: 33.333...36 of 33.333...33 is not a loss


def number(value: float | None) -> str:
    """The one number format of the report: two decimals, '' for no value, never '-0.00'."""
    return "" if value is None else f"{round(value, 2) + 0.0:.2f}"


def lost_points(finding: Finding) -> float:
    """What a finding cost: a credit short of its maximum, or a penalty; 0 when nothing (the
    grader's one rule for what needs work decides, so the report and the widgets agree)."""
    if not finding.needs_work:
        return 0.0
    return finding.max_points - finding.points if finding.max_points > 0 else -finding.points


@dataclass(frozen=True)
class Entry:
    """One trainee's case N: the unit every output shares, so all agree on who answered."""

    student_id: str
    number: int
    result: CaseResult | None  # None when the trainee's cases could not be rebuilt
    status: str  # ANSWERED, NO_ANSWER or NOT_GRADED
    reason: str = ""

    @property
    def grade(self) -> Grade | None:
        return self.result.grade if self.status == ANSWERED and self.result else None

    def score(self, column: str) -> float | None:
        """0-100 on `column` (a dimension or 'total'); None without a graded answer."""
        if self.grade is None or self.result is None:
            return None
        return float(self.grade.total) if column == TOTAL else self.result.score(column)


@dataclass(frozen=True)
class Summary:
    """n, mean, median, min and max of some scores (None for all but n when there are none)."""

    n: int
    mean: float | None = None
    median: float | None = None
    minimum: float | None = None
    maximum: float | None = None

    @classmethod
    def of(cls, values: list[float]) -> Summary:
        if not values:
            return cls(0)
        return cls(len(values), statistics.fmean(values), statistics.median(values),
                    min(values), max(values))


@dataclass(frozen=True)
class CaseStats:
    number: int
    family: str
    trainees: int
    no_answer: int
    columns: dict[str, Summary]


@dataclass(frozen=True)
class CriterionStats:
    """How often a criterion cost points: over answered replies, on its dimension's 0-100."""

    criterion: str
    dimension: str
    replies: int
    share: float
    mean_lost: float
    cases: tuple[int, ...]


@dataclass
class ClassReport:
    """Everything the outputs show, computed once."""

    name: str
    points_per_dimension: dict[str, float]
    reports: list[tuple[str, TraineeReport]]
    entries: list[Entry] = field(default_factory=list)
    cases: list[CaseStats] = field(default_factory=list)
    criteria: list[CriterionStats] = field(default_factory=list)

    def case_entries(self, case_number: int) -> list[Entry]:
        return [e for e in self.entries if e.number == case_number]


@dataclass(frozen=True)
class CollectedClass:
    """The graded submissions, and the settings they were graded with."""

    spec: AssessmentSpec
    points_per_dimension: dict[str, float]
    reports: list[tuple[str, TraineeReport]]


def collect_class(course_root: str | Path, name: str) -> CollectedClass:
    """Grade every collected submission as autograde would, sorted by student id.

    The single place that decides which settings and which identity a submission is graded
    with (the folder name is nbgrader's student id): collect_reports and write_class_report
    both go through it, so the report cannot disagree with itself.
    """
    from simulator.assessment.session import submission_time
    from simulator.assessment.settings import read_settings

    root = Path(course_root).expanduser()
    if not root.is_dir():
        raise AssessmentError(f"no course folder at {root}")
    settings = read_settings(root, name)
    spec, points_per_dimension = settings.spec, settings.points
    from simulator.assessment.verify import read_gradebook

    dues = read_gradebook(root.resolve(), spec.course_id, name).due
    submitted = root / SUBMITTED_STEP
    students = sorted(
        folder.name
        for folder in (submitted.iterdir() if submitted.is_dir() else ())
        if (folder / name).is_dir() and not folder.name.startswith(".")
    )
    reports = [
        (
            student_id,
            build_report(
                settings,
                Identity(student_id, COLLECTED_SOURCE),
                submitted / student_id / name / ANSWERS_FILENAME,
                submitted_at=submission_time(submitted / student_id / name),
                due_at=dues.get(student_id),
            ),
        )
        for student_id in students
    ]
    return CollectedClass(spec, dict(points_per_dimension), reports)


def collect_reports(course_root: str | Path, name: str) -> list[tuple[str, TraineeReport]]:
    """Every collected submission's report, sorted by student id (see collect_class)."""
    return collect_class(course_root, name).reports


def class_entries(reports: list[tuple[str, TraineeReport]], numbers: list[int]) -> list[Entry]:
    """One entry per trainee and case number, with why it scores nothing when it does."""
    entries = []
    for student_id, report in reports:
        problem = str(report.problem) if report.problem else ""  # a str or a feedback Message
        for case_number in numbers:
            result = report.result(case_number)
            if result is None:
                reason = problem or f"this trainee has no case {case_number}"
                entries.append(Entry(student_id, case_number, None, NOT_GRADED, reason))
            elif result.answer is None:
                reason = problem or "no answer was saved for this case"
                entries.append(Entry(student_id, case_number, result, NO_ANSWER, reason))
            elif result.grade is None:
                reason = str(result.error or "not graded")
                entries.append(Entry(student_id, case_number, result, NOT_GRADED, reason))
            else:
                entries.append(Entry(student_id, case_number, result, ANSWERED))
    return entries


def _family(entries: Iterable[Entry]) -> str:
    return "/".join(sorted({e.result.case.family for e in entries if e.result is not None}))


def case_statistics(entries: list[Entry], family_of: Callable[[int], str]) -> list[CaseStats]:
    """Per case number: how many answered and the spread of each dimension and the total."""
    stats = []
    for case_number in sorted({e.number for e in entries}):
        mine = [e for e in entries if e.number == case_number]
        columns = {
            column: Summary.of([s for e in mine if (s := e.score(column)) is not None])
            for column in COLUMNS
        }
        no_answer = sum(e.status == NO_ANSWER for e in mine)
        family = _family(mine) or family_of(case_number)
        stats.append(CaseStats(case_number, family, len(mine), no_answer, columns))
    return stats


def criterion_statistics(entries: list[Entry]) -> list[CriterionStats]:
    """Criteria that cost answered replies points, the most common first."""
    answered = [e for e in entries if e.grade is not None]
    losses: dict[str, list[tuple[int, float]]] = {}
    for entry in answered:
        assert entry.grade is not None
        per_reply: dict[str, float] = {}
        for finding in entry.grade.findings:
            lost = lost_points(finding)
            if lost > 0:
                per_reply[finding.criterion] = per_reply.get(finding.criterion, 0.0) + lost
        for criterion, lost in per_reply.items():
            losses.setdefault(criterion, []).append((entry.number, lost))
    stats = [
        CriterionStats(
            criterion=criterion,
            dimension=criterion.split(".", 1)[0],
            replies=len(hits),
            share=len(hits) / len(answered),
            mean_lost=statistics.fmean(lost for _, lost in hits),
            cases=tuple(sorted({case_number for case_number, _ in hits})),
        )
        for criterion, hits in losses.items()
    ]
    return sorted(stats, key=lambda c: (-c.replies, -c.mean_lost, c.criterion))


def class_report(collected: CollectedClass) -> ClassReport:
    """The statistics every output shows, computed once from the graded submissions."""
    spec, reports = collected.spec, collected.reports
    numbers = sorted(
        set(range(1, spec.cases_per_trainee + 1))
        | {r.number for _, report in reports for r in report.results}
    )
    entries = class_entries(reports, numbers)
    return ClassReport(spec.name, collected.points_per_dimension, reports, entries,
                       case_statistics(entries, spec.family), criterion_statistics(entries))


# -- the files ---------------------------------------------------------------------------------

def _csv_text(header: list[str], rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def grades_csv(report: ClassReport) -> str:
    """One row per trainee and case: scores 0-100 and the nbgrader points they earned."""
    dims = [d for d in DIMENSIONS if d in report.points_per_dimension]
    header = ["student_id", "case", "case_id", "family", "status", *COLUMNS,
              *(f"{d}_points" for d in dims), "points"]
    rows = []
    for entry in report.entries:
        earned = [points(entry.result, d, report.points_per_dimension[d]) for d in dims]
        case = entry.result.case if entry.result else None
        rows.append([
            entry.student_id, str(entry.number), case.id if case else "",
            case.family if case else "", entry.status,
            *(number(entry.score(column)) for column in COLUMNS),
            *(number(p) for p in earned), number(sum(earned)),
        ])
    return _csv_text(header, rows)


def cases_csv(report: ClassReport) -> str:
    header = ["case", "family", "dimension", "trainees", "n_answered", "no_answer",
              "mean", "median", "min", "max"]
    rows = [
        [str(case.number), case.family, column, str(case.trainees), str(s.n),
         str(case.no_answer), number(s.mean), number(s.median), number(s.minimum),
         number(s.maximum)]
        for case in report.cases
        for column, s in case.columns.items()
    ]
    return _csv_text(header, rows)


def criteria_csv(report: ClassReport) -> str:
    header = ["criterion", "dimension", "replies_losing", "answered_replies", "share",
              "mean_points_lost", "cases"]
    answered = sum(e.grade is not None for e in report.entries)
    rows = [
        [c.criterion, c.dimension, str(c.replies), str(answered), number(c.share),
         number(c.mean_lost), " ".join(str(n) for n in c.cases)]
        for c in report.criteria
    ]
    return _csv_text(header, rows)


def write_class_report(
    course_root: str | Path, name: str, out_dir: str | Path | None = None
) -> list[Path]:
    """Write replies.html, grades.csv, cases.csv, criteria.csv and stats.png; their paths."""
    from simulator.assessment.class_report_html import replies_html, stats_png

    report = class_report(collect_class(course_root, name))
    root = Path(course_root).expanduser()
    out = Path(out_dir).expanduser() if out_dir else root / REPORTS_STEP / name
    out.mkdir(parents=True, exist_ok=True)
    png = stats_png(report)
    texts = {
        "replies.html": replies_html(report, png),
        "grades.csv": grades_csv(report),
        "cases.csv": cases_csv(report),
        "criteria.csv": criteria_csv(report),
    }
    written = []
    for filename, content in texts.items():
        path = out / filename
        path.write_text(content, encoding="utf-8")
        written.append(path)
    (out / "stats.png").write_bytes(png)
    return [*written, out / "stats.png"]


# -- the command line --------------------------------------------------------------------------

def _report_command(args: argparse.Namespace) -> int:
    try:
        paths = write_class_report(args.course, args.name, args.out)
    except (AssessmentError, OSError) as exc:
        print(f"replylab assessment report: error: {exc}", file=sys.stderr)
        return 2
    for path in paths:
        print(f"wrote {path}")
    return 0


def add_report_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """`report --course DIR --name NAME [--out DIR]` on the `assessment` sub-commands."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "report", help="class statistics: every reply side by side, per-case and criteria CSVs"
    )
    parser.add_argument("--course", required=True, help="the nbgrader course folder")
    parser.add_argument("--name", required=True, help="the assignment name (a folder name)")
    parser.add_argument("--out", help=f"output folder (default: {REPORTS_STEP}/NAME in the course)")
    parser.set_defaults(run=_report_command)
    return parser
