"""Speed: how long the customer waited, against the channel's service level (grading/speed.py)."""

from __future__ import annotations

from grading.model import Finding
from grading.reading.context import Context
from grading.speed import format_duration, speed_score


def latency(ctx: Context) -> Finding | None:
    """One finding: the speed score with the waiting time and the target in the tip."""
    if ctx.latency_s is None:
        return None
    channel = ctx.case.channel
    target = float(ctx.rubric.speed_targets.get(channel, 3600.0))
    score = speed_score(ctx.latency_s, channel, ctx.rubric)
    return ctx.finding(
        "speed.latency", score, [], max_points=100.0,
        waited=format_duration(ctx.latency_s, ctx.locale),
        target=format_duration(target, ctx.locale),
        hours=f"{ctx.latency_s / 3600:.1f}",  # for tips written before `waited` existed
        detail=f"latency {ctx.latency_s:.0f} s, target {target:.0f} s",
    )


CRITERIA = [latency]
