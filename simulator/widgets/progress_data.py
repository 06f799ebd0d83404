"""What the progress view reads out of the replies file, without widgets or matplotlib: one
Attempt per scored record, a filter by lesson and language, trends, the findings that keep
coming back, and the shifts (one run of a shift desk each) to review.

Odd records (another version's, an assessment's trainee record, a torn field) are skipped or
read as far as they go, never a failure.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from simulator.widgets.feedback import DIMENSIONS, needs_work

ALL = "*"  # the filter value meaning "every lesson" / "every language"
NO_LESSON = ""  # attempts made outside a course notebook (or by an older version)


@dataclass(frozen=True)
class Attempt:
    """One scored record: a reply (total and dimensions), a decision, or both."""

    record: dict[str, Any]
    lesson: str
    locale: str
    total: float | None
    dimensions: dict[str, float] = field(default_factory=dict)
    decision_right: bool | None = None
    points: float | None = None
    problems: tuple[str, ...] = ()  # criteria that needed work, each once

    @property
    def is_reply(self) -> bool:
        return self.total is not None


def number(value: Any) -> float | None:
    try:
        result = float(value)
    except (TypeError, ValueError):
        return None
    return result if math.isfinite(result) else None


def read_attempt(record: dict[str, Any]) -> Attempt | None:
    """The record as an Attempt, or None when it holds neither a reply grade nor a decision."""
    grade = record.get("grade") if isinstance(record.get("grade"), dict) else None
    decision = record.get("action_grade") if isinstance(record.get("action_grade"), dict) else None
    total = number(grade.get("total")) if grade else None
    score = number(decision.get("score")) if decision else None
    if total is None and score is None:
        return None
    dimensions: dict[str, float] = {}
    problems: list[str] = []
    if grade:
        raw = grade.get("dimensions") if isinstance(grade.get("dimensions"), dict) else {}
        for dimension in DIMENSIONS:
            value = number(raw.get(dimension))
            if value is not None:
                dimensions[dimension] = value
        for finding in grade.get("findings") or []:
            if isinstance(finding, dict) and _safe_needs_work(finding):
                criterion = str(finding.get("criterion", ""))
                if criterion and criterion not in problems:
                    problems.append(criterion)
    right = None
    if decision and score is not None:
        right = bool(decision.get("correct", decision.get("action") == decision.get("expected")))
    points = number(record.get("points"))
    if points is None and isinstance(record.get("shift"), dict):
        points = number(record["shift"].get("points"))
    if points is None:
        points = total if total is not None else score
    return Attempt(
        record=record,
        lesson=str(record.get("lesson") or NO_LESSON),
        locale=str(record.get("locale") or ""),
        total=total,
        dimensions=dimensions,
        decision_right=right,
        points=points,
        problems=tuple(problems),
    )


def _safe_needs_work(finding: dict[str, Any]) -> bool:
    try:
        return needs_work(finding)
    except (TypeError, ValueError):
        return False


def attempts_of(records: list[dict[str, Any]]) -> list[Attempt]:
    return [a for a in (read_attempt(r) for r in records) if a is not None]


def select(attempts: list[Attempt], lesson: str = ALL, locale: str = ALL) -> list[Attempt]:
    """The attempts of one lesson and/or one language (ALL for every one)."""
    return [
        a
        for a in attempts
        if (lesson == ALL or a.lesson == lesson) and (locale == ALL or a.locale == locale)
    ]


def moving_average(values: list[float], window: int) -> list[float]:
    """The mean of the last `window` values at each point (fewer at the start)."""
    out, running = [], 0.0
    for i, value in enumerate(values):
        running += value
        if i >= window:
            running -= values[i - window]
        out.append(running / min(i + 1, window))
    return out


def window_for(n: int) -> int:
    """A trend's window: 3 for a handful of attempts, growing to 25 over a whole course."""
    return max(3, min(25, n // 10))


def trends(replies: list[Attempt]) -> dict[str, tuple[float, float]]:
    """Per dimension (and 'total'): the mean of the first and of the latest `window` replies
    that scored it; only with enough replies for the two to differ."""
    window = window_for(len(replies))
    result: dict[str, tuple[float, float]] = {}
    for name in ("total", *DIMENSIONS):
        values = [
            a.total if name == "total" else a.dimensions.get(name) for a in replies
        ]
        scored = [v for v in values if v is not None]
        if len(scored) >= 2 * window:
            result[name] = (sum(scored[:window]) / window, sum(scored[-window:]) / window)
    return result


def recurring(replies: list[Attempt], top: int = 6) -> list[tuple[str, float, float]]:
    """The criteria that most often needed work: (criterion, share of all replies, share of
    the latest `window_for` * 2 replies), largest first."""
    if not replies:
        return []
    recent = replies[-2 * window_for(len(replies)) :]
    overall = Counter(c for a in replies for c in a.problems)
    latest = Counter(c for a in recent for c in a.problems)
    ranked = sorted(overall.items(), key=lambda item: (-item[1], item[0]))[:top]
    return [(c, n / len(replies), latest[c] / len(recent)) for c, n in ranked]


@dataclass
class ShiftRun:
    """One run of a shift desk: its records in file order."""

    seed: Any
    minutes: Any
    records: list[dict[str, Any]] = field(default_factory=list)

    @property
    def when(self) -> str:
        """When it started, as "2026-12-02 14:05" (from the first record's wall clock)."""
        stamp = str(self.records[0].get("shown_at") or self.records[0].get("sent_at") or "")
        return stamp[:16].replace("T", " ")

    @property
    def points(self) -> float | None:
        values = [number((r.get("shift") or {}).get("points")) for r in self.records]
        known = [v for v in values if v is not None]
        return sum(known) / len(known) if known else None


def shift_runs(records: list[dict[str, Any]]) -> list[ShiftRun]:
    """Shift-desk records grouped by run: same seed and length, and a new run whenever a case
    comes back (a re-run desk starts the same stream again)."""
    runs: list[ShiftRun] = []
    open_runs: dict[tuple[str, str], tuple[ShiftRun, set[str]]] = {}
    for record in records:
        shift = record.get("shift")
        if record.get("mode") != "shift" or not isinstance(shift, dict):
            continue
        key = (str(shift.get("seed")), str(shift.get("minutes")))
        case_id = str(record.get("case_id"))
        current = open_runs.get(key)
        if current is None or case_id in current[1]:
            run = ShiftRun(shift.get("seed"), shift.get("minutes"))
            runs.append(run)
            current = open_runs[key] = (run, set())
        current[0].records.append(record)
        current[1].add(case_id)
    return runs
