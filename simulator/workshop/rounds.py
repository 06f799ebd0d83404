"""A round's rules: which settings are valid, and what each control action does to it.

Pure functions of the round and the clock, so the state machine is tested without a server.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from scenarios import LOCALES, families
from simulator.workshop.errors import ApiError, field
from simulator.workshop.model import MAX_ATTEMPTS, MODES, Round

MAX_TIMER_S = 3 * 3600


def validate_round(spec: dict[str, Any]) -> dict[str, Any]:
    """A round's settings from the control page or a round file, or a 400 naming the field."""
    family = field(spec, "family", str)
    if family not in families():
        raise ApiError(400, "unknown_family", f"unknown family '{family}'",
                       known=sorted(families()))  # fmt: skip
    locale = field(spec, "locale", str, default="en")
    if locale not in LOCALES:
        raise ApiError(400, "unknown_locale", f"unknown locale '{locale}' (known: "
                       f"{', '.join(LOCALES)})")  # fmt: skip
    seed = field(spec, "seed", int, default=0)
    if not 0 <= seed < 2**31:
        raise ApiError(400, "bad_field", "'seed' must be between 0 and 2147483647")
    mode = field(spec, "mode", str, default="same")
    if mode not in MODES:
        raise ApiError(400, "bad_field", "'mode' must be 'same' or 'variant'")
    timer_s = field(spec, "timer_s", int, default=300)
    if not 0 <= timer_s <= MAX_TIMER_S:
        raise ApiError(400, "bad_field", f"'timer_s' must be 0 (no timer) to {MAX_TIMER_S}")
    minutes = field(spec, "minutes_since_post", float, default=0.0)
    if not 0 <= minutes <= 7 * 24 * 60:
        raise ApiError(400, "bad_field", "'minutes_since_post' must be 0 to 10080 (a week)")
    return {"family": family, "locale": locale, "seed": seed, "mode": mode,
            "timer_s": timer_s, "minutes_since_post": minutes}  # fmt: skip


def transition(rnd: Round, action: str, now: float, seconds: float) -> Round:
    """The round after `action`, or a 409 saying why the action does not fit its state."""
    phase = rnd.phase(now)

    def refuse(why: str) -> ApiError:
        return ApiError(409, "bad_state", f"cannot {action} round {rnd.number}: {why}",
                        phase=phase)  # fmt: skip

    def deadline() -> float | None:
        return now + rnd.timer_s if rnd.timer_s else None

    if action == "start":
        if rnd.state != "ready":
            raise refuse(f"it is already {phase}")
        return replace(rnd, state="open", started_at=now, deadline=deadline())
    if action == "extend":
        if rnd.state != "open":
            raise refuse(f"it is {phase}, not open")
        if not 0 < seconds <= MAX_TIMER_S:
            raise ApiError(400, "bad_field", f"'seconds' must be 1 to {MAX_TIMER_S}")
        base = max(now, rnd.deadline) if rnd.deadline is not None else now
        return replace(rnd, deadline=base + seconds)
    if action == "lock":
        if rnd.state != "open":
            raise refuse(f"it is {phase}, not open")
        return replace(rnd, state="locked", deadline=min(rnd.deadline or now, now))
    if action == "reveal":
        if rnd.state not in ("open", "locked"):
            raise refuse(f"it is {phase}")
        return replace(rnd, state="revealed", deadline=min(rnd.deadline or now, now))
    if action == "retry":
        if rnd.state not in ("locked", "revealed") and phase != "time_up":
            raise refuse(f"it is {phase}; lock it first")
        if rnd.attempt >= MAX_ATTEMPTS:
            raise refuse(f"it has had {MAX_ATTEMPTS} tries")
        return replace(rnd, state="open", attempt=rnd.attempt + 1, started_at=now,
                       deadline=deadline())  # fmt: skip
    raise ApiError(404, "unknown_action", f"unknown action '{action}' (start, extend, lock, "
                   "reveal, retry)")  # fmt: skip
