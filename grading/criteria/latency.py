"""Speed: how long the customer waited, against the channel's service level (grading/speed.py)."""

from __future__ import annotations

from dataclasses import replace

from grading.model import Finding
from grading.reading.context import Context
from grading.reading.special import special_needs
from grading.speed import format_duration, speed_score


def latency(ctx: Context) -> Finding | None:
    """One finding: the speed score with the waiting time and the target in the tip. In a
    drill (`Rubric.special_first`) a post with a special need has a shorter target."""
    if ctx.latency_s is None:
        return None
    rubric = ctx.rubric
    channel = ctx.case.channel
    target = float(rubric.speed_targets.get(channel, 3600.0))
    needs = special_needs(ctx.case) if rubric.special_first > 0 else ()
    if needs:
        target *= rubric.special_first
        rubric = replace(rubric, speed_targets={**rubric.speed_targets, channel: target})
    score = speed_score(ctx.latency_s, channel, rubric)
    if needs:
        return ctx.finding(
            "speed.special", score, [], max_points=100.0,
            need=ctx.lex.data.get("special_need_names", {}).get(needs[0], needs[0]),
            waited=format_duration(ctx.latency_s, ctx.locale),
            target=format_duration(target, ctx.locale),
            detail=f"special case ({needs[0]}): latency {ctx.latency_s:.0f} s, "
                   f"target {target:.0f} s",
        )
    return ctx.finding(
        "speed.latency", score, [], max_points=100.0,
        waited=format_duration(ctx.latency_s, ctx.locale),
        target=format_duration(target, ctx.locale),
        hours=f"{ctx.latency_s / 3600:.1f}",  # for tips written before `waited` existed
        detail=f"latency {ctx.latency_s:.0f} s, target {target:.0f} s",
    )


CRITERIA = [latency]
