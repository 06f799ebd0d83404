"""The grading result: a Grade with per-dimension scores and Findings that point into the reply.

Plain, immutable Python objects (a NamedTuple and frozen dataclasses, not pydantic) so grading
stays fast; `to_dict()` is JSON-ready and `from_dict()` reads it back, so grades can be saved
next to the cases they belong to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

DIMENSIONS: tuple[str, ...] = ("tone", "speed", "facts", "privacy")
Span = tuple[int, int]


def needs_work(points: float, max_points: float) -> bool:
    """A problem to show: a penalty, or a credit short of its maximum by more than 1 % of it
    (11.7 of 11.76 is rounding, not something to fix). One rule for widgets, CLI and reports."""
    return points < 0 or (max_points > 0 and points < max_points * 0.99)


class Finding(NamedTuple):
    """One criterion's verdict: points given (>0) or taken (<0), where in the reply, and a tip.

    `spans` are [start, end) character offsets into the reply as given, so
    `reply[start:end]` is the evidence a widget can highlight. `max_points` is what a credit
    criterion could have earned (0 for penalties). `severe` marks findings that must pull the
    total clearly down (a wrong fact, a privacy leak, a promise the policy forbids).
    """

    criterion: str
    points: float
    spans: tuple[Span, ...] = ()
    tip: str = ""
    max_points: float = 0.0
    severe: bool = False
    detail: str = ""

    @property
    def needs_work(self) -> bool:
        return needs_work(self.points, self.max_points)

    @property
    def dimension(self) -> str:
        """tone, speed, facts or privacy (or 'reply' for notes about the reply as a whole)."""
        return self.criterion.split(".", 1)[0]

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion,
            "dimension": self.dimension,
            "points": round(self.points, 2),
            "max_points": round(self.max_points, 2),
            "spans": [[s, e] for s, e in self.spans],
            "tip": self.tip,
            "severe": self.severe,
            "detail": self.detail,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            criterion=str(data["criterion"]),
            points=float(data["points"]),
            spans=tuple((int(s), int(e)) for s, e in data.get("spans", [])),
            tip=str(data.get("tip", "")),
            max_points=float(data.get("max_points", 0.0)),
            severe=bool(data.get("severe", False)),
            detail=str(data.get("detail", "")),
        )


@dataclass(frozen=True)
class Grade:
    """A reply's grade: `total` 0-100, `dimensions` (tone, speed, facts, privacy; speed None
    when no latency was given) and the `findings` that explain every point."""

    total: float
    dimensions: dict[str, float | None]
    findings: list[Finding] = field(default_factory=list)
    case_id: str = ""
    locale: str = ""
    reply_chars: int = 0

    def by_dimension(self, dimension: str) -> list[Finding]:
        return [f for f in self.findings if f.dimension == dimension]

    def find(self, criterion: str) -> list[Finding]:
        """Findings of one criterion id (or of every criterion under a prefix like 'tone.')."""
        if criterion.endswith("."):
            return [f for f in self.findings if f.criterion.startswith(criterion)]
        return [f for f in self.findings if f.criterion == criterion]

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id,
            "locale": self.locale,
            "total": round(self.total, 1),
            "dimensions": {
                k: (None if v is None else round(v, 1)) for k, v in self.dimensions.items()
            },
            "reply_chars": self.reply_chars,
            "findings": [f.to_dict() for f in self.findings],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Grade:
        return cls(
            total=float(data["total"]),
            dimensions={
                k: (None if v is None else float(v)) for k, v in data["dimensions"].items()
            },
            findings=[Finding.from_dict(f) for f in data.get("findings", [])],
            case_id=str(data.get("case_id", "")),
            locale=str(data.get("locale", "")),
            reply_chars=int(data.get("reply_chars", 0)),
        )


@dataclass(frozen=True)
class ActionGrade:
    """A triage decision scored against the response-assessment flow: 100 right, partial for
    a near miss, with the reason in the case's language."""

    action: str
    expected: str
    score: float
    tip: str

    @property
    def correct(self) -> bool:
        return self.action == self.expected

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "expected": self.expected,
            "score": round(self.score, 1),
            "correct": self.correct,
            "tip": self.tip,
        }
