"""Speed: how long the customer waited, against the channel's service level.

The score follows a curve of (seconds, score) points, interpolated on a log-time axis: the
first hour is the published industry expectation for public posts, a day is the customers'
floor (47 % expect an answer within 24 h), and after three days nobody is waiting any more.
"""

from __future__ import annotations

import math

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


UNITS = {"second": "s", "minute": "min", "hour": "h", "day": "day", "days": "days",
         "decimal": "."}


def format_duration(seconds: float, locale: str = "en") -> str:
    """A waiting time as a person writes it, in the locale's units: "45 s", "10 min",
    "1 h 20 min", "26 h", "2.5 days" (sv "1 h 20 min", "3 dygn"; nb "1 t 20 min", "3 døgn")."""
    from grading.lexicon import lexicon

    units = {**UNITS, **(lexicon(locale).data.get("duration_format") or {})}
    seconds = max(0.0, float(seconds))
    if seconds < 59.5:
        return f"{round(seconds)} {units['second']}"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} {units['minute']}"
    hours, rest = divmod(minutes, 60)
    if hours < 10:
        return f"{hours} {units['hour']}" + (f" {rest} {units['minute']}" if rest else "")
    if seconds < 47.5 * 3600:
        return f"{round(seconds / 3600)} {units['hour']}"
    days = round(seconds / 86400, 1)
    text = f"{days:g}".replace(".", str(units["decimal"]))
    return f"{text} {units['day'] if days == 1 else units['days']}"


