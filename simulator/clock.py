"""The simulated clock and how long a trainee's actions take on it.

Speed is scored from simulated time, not the wall clock: the clock moves by a realistic amount
per action (reading a post, typing a reply, deciding), so scores do not depend on how fast the
notebook or the network is, and tests never wait in real time. Any object with `now()` and
`advance(seconds)` can stand in for SimulatedClock.
"""

from __future__ import annotations

import random
from typing import Protocol

from scenarios import Case

READ_CHARS_PER_S = 20.0  # about 230 words a minute
TYPE_CHARS_PER_S = 3.5  # about 40 words a minute, typing with care in public
READ_OVERHEAD_S = 5.0  # glancing at who wrote and where
COMPOSE_OVERHEAD_S = 20.0  # checking the knowledge base, deciding what to say
DECIDE_S = 10.0  # a triage decision without a reply


class Clock(Protocol):
    def now(self) -> float: ...

    def advance(self, seconds: float) -> float: ...


class SimulatedClock:
    """Seconds since an origin; it moves only when an action advances it."""

    def __init__(self, start_s: float = 0.0) -> None:
        self._now = float(start_s)

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError("the simulated clock never runs backwards")
        self._now += seconds
        return self._now

    def advance_to(self, moment_s: float) -> float:
        """Jump forward to `moment_s` (e.g. the next arrival); never backwards."""
        self._now = max(self._now, float(moment_s))
        return self._now


def reading_seconds(case: Case) -> float:
    """Time to read the post and any earlier thread."""
    chars = len(case.post.text) + sum(len(earlier.text) for earlier in case.thread)
    return READ_OVERHEAD_S + chars / READ_CHARS_PER_S


def typing_seconds(reply: str) -> float:
    """Time to compose and type `reply`."""
    return COMPOSE_OVERHEAD_S + len(reply) / TYPE_CHARS_PER_S


def first_seen_age_s(case: Case) -> float:
    """How old the post is when an exercise shows it: 2-14 minutes, fixed per case."""
    return random.Random(f"first-seen:{case.id}").randint(2, 14) * 60.0
