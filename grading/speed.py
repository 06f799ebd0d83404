"""Speed: how long the customer waited, against the channel's service level.

The score follows a curve of (seconds, score) points, interpolated on a log-time axis: the
first hour is the published industry expectation for public posts, a day is the customers'
floor (47 % expect an answer within 24 h), and after three days nobody is waiting any more.
"""

from __future__ import annotations

import math

from grading.context import Context
from grading.model import Finding
from grading.rubric import Rubric


def speed_score(latency_s: float, channel: str, rubric: Rubric) -> float:
    """0..100 for a reply after `latency_s` seconds on `channel`."""
    target = float(rubric.speed_targets.get(channel, 3600.0))
    scale = target / 3600.0
    curve = sorted((max(1.0, s * scale), v) for s, v in rubric.speed_curve)
    if not curve:
        return 100.0
    if latency_s <= curve[0][0]:
        return curve[0][1]
    for (s0, v0), (s1, v1) in zip(curve, curve[1:], strict=False):
        if latency_s <= s1:
            t = (math.log(latency_s) - math.log(s0)) / (math.log(s1) - math.log(s0))
            return v0 + t * (v1 - v0)
    return curve[-1][1]


def latency(ctx: Context) -> Finding | None:
    """One finding: the speed score with the waiting time and the target in the tip."""
    if ctx.latency_s is None:
        return None
    channel = ctx.case.channel
    target = float(ctx.rubric.speed_targets.get(channel, 3600.0))
    score = speed_score(ctx.latency_s, channel, ctx.rubric)
    return ctx.finding(
        "speed.latency", score, [], max_points=100.0,
        hours=f"{ctx.latency_s / 3600:.1f}", target=f"{target / 3600:g}",
        detail=f"latency {ctx.latency_s:.0f} s, target {target:.0f} s",
    )


CRITERIA = [latency]
