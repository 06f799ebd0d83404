"""A drill run live for a room (issue 13): which settings are valid, the room's clock, and
what each control action does to it.

The room's simulated time is (wall now - started_at) + offset_s, clamped to the drill's
length. A hold stops the wall part where it was (held_at); on resume the held seconds are
taken off the offset, and firing the next inject early adds the seconds skipped to it. Pure
functions of the drill and the wall clock, like rounds.py, so they are tested without a server.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from typing import Any

from simulator.workshop.errors import ApiError, field


@dataclass
class LiveDrill:
    """One drill run for the whole room; the database keeps the same fields."""

    id: str
    number: int
    drill: str
    seed: int
    minutes: int
    started_at: float
    created_at: float
    held: bool = False
    held_at: float | None = None
    offset_s: float = 0.0
    stopped_at: float | None = None

    @property
    def end_s(self) -> float:
        return self.minutes * 60.0

    def row(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def validate_drill(spec: dict[str, Any]) -> tuple[str, int]:
    """(drill id, seed) from the control page, or a 400 naming the field."""
    from scenarios import drills

    drill_id = field(spec, "drill", str)
    known = sorted(drills())
    if drill_id not in known:
        raise ApiError(400, "unknown_drill", f"'drill': unknown drill '{drill_id}' (known: "
                       f"{', '.join(known)})", field="drill", known=known)  # fmt: skip
    seed = field(spec, "seed", int, default=0)
    if not 0 <= seed < 2**31:
        raise ApiError(400, "bad_field", "'seed' must be between 0 and 2147483647",
                       field="seed")  # fmt: skip
    return drill_id, seed


def sim_time(drill: LiveDrill, now: float) -> float:
    """The room's simulated seconds since the drill's 0:00, at wall time `now`."""
    if drill.held and drill.held_at is not None:
        wall = drill.held_at
    elif drill.stopped_at is not None:
        wall = drill.stopped_at
    else:
        wall = now
    return max(0.0, min(drill.end_s, wall - drill.started_at + drill.offset_s))


def phase(drill: LiveDrill, now: float) -> str:
    """stopped (by the instructor), over (the clock reached the end), held or running."""
    if drill.stopped_at is not None:
        return "stopped"
    if sim_time(drill, now) >= drill.end_s:
        return "over"
    return "held" if drill.held else "running"


def running(drill: LiveDrill | None, now: float) -> bool:
    """A drill still in progress: a new one may start only once it is stopped or over."""
    return drill is not None and phase(drill, now) in ("running", "held")


def next_inject(drill: LiveDrill, now: float, inject_times: list[float]) -> float | None:
    """The simulated second of the next inject after now, or None when none is left."""
    at = sim_time(drill, now)
    later = [t for t in inject_times if t > at + 1e-6 and t < drill.end_s]
    return min(later) if later else None


def start(drill_id: str, seed: int, minutes: int, number: int, new_id: str,
          now: float) -> LiveDrill:  # fmt: skip
    return LiveDrill(new_id, number, drill_id, seed, minutes, started_at=now, created_at=now)


def transition(drill: LiveDrill, action: str, now: float,
               inject_times: list[float] | None = None) -> LiveDrill:  # fmt: skip
    """The drill after `action` (hold, resume, next, stop), or a 409 saying why not."""
    state = phase(drill, now)

    def refuse(why: str) -> ApiError:
        return ApiError(409, "bad_state", f"cannot {action} the drill: {why}", phase=state)

    if action not in ("hold", "resume", "next", "stop"):
        raise ApiError(404, "unknown_action", f"unknown action '{action}' (hold, resume, next, "
                       "stop)")  # fmt: skip
    if state in ("stopped", "over"):
        raise refuse(f"it is {state}")
    if action == "hold":
        if drill.held:
            raise refuse("it is already held")
        return replace(drill, held=True, held_at=now)
    if action == "resume":
        if not drill.held or drill.held_at is None:
            raise refuse("it is not held")
        return replace(drill, held=False, held_at=None,
                       offset_s=drill.offset_s - (now - drill.held_at))  # fmt: skip
    if action == "next":
        target = next_inject(drill, now, inject_times or [])
        if target is None:
            raise ApiError(409, "no_next_inject", "there is no inject left in this drill",
                           phase=state)  # fmt: skip
        return replace(drill, offset_s=drill.offset_s + (target - sim_time(drill, now)))
    # stop: the clock stays where it was (at the hold, if held)
    return replace(drill, stopped_at=now)
