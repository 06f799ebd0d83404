"""A shift: a seeded stream of cases laid over a simulated clock, to train and score speed."""

from __future__ import annotations

import random
from dataclasses import dataclass

from scenarios import Case, families
from simulator.generate import generate

BURST_FAMILY = "travel_disruption"


@dataclass(frozen=True)
class Arrival:
    """A case that lands in the queue `at_s` seconds after the shift starts."""

    at_s: float
    case: Case


def shift(
    locale: str,
    seed: int,
    *,
    minutes: int = 60,
    per_hour: float = 12.0,
    family_ids: list[str] | None = None,
    burst: bool | None = None,
) -> list[Arrival]:
    """Poisson arrivals at `per_hour`; with the disruption family, a burst of 5-8 cases.

    The burst models mass disruption (the seeds' ash cloud): many customers asking the same
    thing within a few minutes, which is what a proactive post is for. Every disruption post
    of the shift comes from one incident (the shift's seed), so they share the cause, the
    dates, the links and the rights, and one pinned post can answer them all.
    """
    if minutes < 1 or per_hour <= 0:
        raise ValueError("a shift needs minutes >= 1 and per_hour > 0")
    pool = sorted(family_ids or families())
    rng = random.Random(f"shift:{locale}:{seed}:{minutes}:{per_hour}:{','.join(pool)}")
    arrivals: list[Arrival] = []
    t = 0.0
    n = 0
    end = minutes * 60.0
    while True:
        t += rng.expovariate(per_hour / 3600.0)
        if t >= end:
            break
        family = rng.choice(pool)
        incident = seed if family == BURST_FAMILY else None
        arrivals.append(Arrival(round(t, 1), generate(family, locale, seed * 1000 + n,
                                                      incident=incident)))
        n += 1
    if burst if burst is not None else BURST_FAMILY in pool:
        start = rng.uniform(0.2, 0.6) * end
        for i in range(rng.randint(5, 8)):
            at = min(start + rng.uniform(0, 300), end - 1)
            case = generate(BURST_FAMILY, locale, seed * 1000 + 500 + i, incident=seed)
            arrivals.append(Arrival(round(at, 1), case))
    arrivals.sort(key=lambda a: (a.at_s, a.case.id))
    return arrivals
