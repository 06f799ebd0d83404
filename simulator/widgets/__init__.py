"""Notebook widgets for trainees: exercises, a triage drill, a shift desk and a progress view.

    from simulator.widgets import exercise, triage_drill, shift_desk, progress
    exercise("train_delay", "sv", seed=3)          # one case, reply, Send, feedback
    shift_desk("en", seed=1, minutes=30)           # a queue over a simulated clock
    drill_desk("sv", "ash_cloud", seed=2)          # a crisis drill: pinned post, injects
    proactive_post("nb", "winter_rail")            # the proactive post alone, part by part
    progress()                                     # attempts so far, from the replies file

Every attempt is appended to `replylab_replies.jsonl` in the current directory (the
notebook's folder) unless `replies_path` says otherwise. See docs/widgets.md.
"""

from __future__ import annotations

from scenarios import Case, families
from simulator.clock import Clock, SimulatedClock
from simulator.generate import generate
from simulator.shift import Arrival, shift
from simulator.widgets.drill_desk import DrillDesk
from simulator.widgets.exercise import Exercise
from simulator.widgets.post_exercise import PostExercise
from simulator.widgets.progress import Progress
from simulator.widgets.shift_desk import ShiftDesk
from simulator.widgets.store import ReplyStore

__all__ = [
    "DrillDesk",
    "Exercise",
    "PostExercise",
    "Progress",
    "ReplyStore",
    "ShiftDesk",
    "SimulatedClock",
    "drill_desk",
    "exercise",
    "proactive_post",
    "progress",
    "shift_desk",
    "triage_drill",
]


def exercise(
    family: str | Case,
    locale: str = "en",
    seed: int = 0,
    *,
    triage: bool = False,
    replies_path: str | None = None,
    initial_reply: str = "",
) -> Exercise:
    """One case of `family` to answer; "Next case" moves to the next seed.

    Pass a Case instead of a family to practise on that exact case (its own locale and seed
    are used). With `triage=True` the trainee first decides what to do with the post.
    `initial_reply` pre-fills the reply box of the first case, e.g. a bad draft to rewrite.
    """
    if isinstance(family, Case):
        first = family

        def source(index: int) -> Case:
            return first if index == 0 else generate(first.family, first.locale, first.seed + index)
    else:
        family_id = family

        def source(index: int) -> Case:
            return generate(family_id, locale, seed + index)

    return Exercise(
        source,
        mode="triage" if triage else "reply",
        replies_path=replies_path,
        initial_reply=initial_reply,
    )


def triage_drill(
    locale: str = "en",
    seed: int = 0,
    *,
    family_ids: list[str] | None = None,
    replies_path: str | None = None,
) -> Exercise:
    """Decisions only: respond, respond privately, escalate or monitor, across families."""
    pool = sorted(family_ids or families())

    def source(index: int) -> Case:
        return generate(pool[(seed + index) % len(pool)], locale, seed + index)

    return Exercise(source, mode="decision", replies_path=replies_path)


def shift_desk(
    locale: str = "en",
    seed: int = 0,
    *,
    minutes: int = 30,
    per_hour: float = 12.0,
    family_ids: list[str] | None = None,
    arrivals: list[Arrival] | None = None,
    clock: Clock | None = None,
    replies_path: str | None = None,
) -> ShiftDesk:
    """A shift of `minutes` with cases arriving at `per_hour` (from simulator.shift).

    `arrivals` replaces the generated stream and `clock` the simulated clock (for tests).
    """
    stream = arrivals if arrivals is not None else shift(
        locale, seed, minutes=minutes, per_hour=per_hour, family_ids=family_ids
    )
    return ShiftDesk(
        stream, locale=locale, minutes=minutes, seed=seed, clock=clock, replies_path=replies_path
    )


def drill_desk(
    locale: str = "en",
    drill: str = "ash_cloud",
    seed: int = 0,
    *,
    clock: Clock | None = None,
    replies_path: str | None = None,
) -> DrillDesk:
    """A crisis drill (scenarios/drills/<drill>.yaml) on the shift desk: the proactive post
    first, then the waves, the journalist, the update, the rumour and the influencer."""
    from simulator.drill import drill_run

    return DrillDesk(drill_run(drill, locale, seed), clock=clock, replies_path=replies_path)


def proactive_post(
    locale: str = "en",
    drill: str = "ash_cloud",
    seed: int = 0,
    *,
    replies_path: str | None = None,
) -> PostExercise:
    """Write the proactive post for a drill's incident and see it graded part by part."""
    from simulator.drill import drill_run

    return PostExercise(drill_run(drill, locale, seed), replies_path=replies_path)


def progress(replies_path: str | None = None, *, locale: str = "en") -> Progress:
    """How the trainee is doing, read from the replies file: a trend per dimension, what
    keeps coming back, filters by lesson and language, and a review of each shift."""
    return Progress(replies_path, locale=locale)
