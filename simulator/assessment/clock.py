"""The assessment's simulated clock: speed from the work the answers show, never from timestamps.

Timestamps in the answers file are the trainee's to edit, and wall time in a notebook measures
the network and the coffee queue as much as the trainee. So grading replays the answers in the
order they were written: every case is in the queue, already a few minutes old, when the
assessment starts; opening a case costs its reading time, every attempt costs the typing time of
its reply. A case's latency is its age plus the clock when its last attempt was done. The same
file gives the same latencies on any machine, and rewriting a reply costs time as it would.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

# The same model of work as the exercise widgets: one module, no widget imports.
from simulator.clock import (  # noqa: F401 - re-exported for the assessment modules
    DECIDE_S,
    first_seen_age_s,
    reading_seconds,
    typing_seconds,
)

if TYPE_CHECKING:
    from scenarios import Case
    from simulator.assessment.answers import Answer


@dataclass(frozen=True)
class Timing:
    """When a case was answered on the simulated clock (seconds)."""

    case_id: str
    age_at_start_s: float  # how old the post was when the assessment began
    answered_at_s: float  # simulated clock at the case's last attempt
    attempts: int

    @property
    def latency_s(self) -> float:
        return self.age_at_start_s + self.answered_at_s


def replay(answers: Iterable[Answer], cases: Mapping[str, Case]) -> dict[str, Timing]:
    """Timings of the cases in `cases` that have answers; answers to other cases are ignored."""
    now = 0.0
    opened: set[str] = set()
    attempts: dict[str, int] = {}
    done_at: dict[str, float] = {}
    for answer in answers:
        case = cases.get(answer.case_id)
        if case is None:
            continue
        if answer.case_id not in opened:
            opened.add(answer.case_id)
            now += reading_seconds(case)
        now += typing_seconds(answer.reply) if answer.reply.strip() else DECIDE_S
        attempts[answer.case_id] = attempts.get(answer.case_id, 0) + 1
        done_at[answer.case_id] = now
    return {
        case_id: Timing(
            case_id=case_id,
            age_at_start_s=first_seen_age_s(cases[case_id]),
            answered_at_s=round(done_at[case_id], 1),
            attempts=attempts[case_id],
        )
        for case_id in done_at
    }
