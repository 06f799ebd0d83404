"""The proactive post's rubric (lesson 7); grading.grade_post (engine.py) grades with it.

A post is written for everyone the incident affects, not for one customer: it needs no
greeting or thanks, and it earns its facts credit part by part (what happened, who is affected,
what to do now, rights as the knowledge base states them, the next update; criteria/post.py).
The apology where the company is at fault, the calm tone, a guarantee beyond the knowledge base
and personal data are graded as in any reply. The case is the incident's knowledge base with
each part's facts marked (simulator.drill gives it for a drill).
"""

from __future__ import annotations

from typing import Any

from grading.rubric import Rubric

POST_RUBRIC: dict[str, Any] = {
    "proactive_post": True,
    "weights": {"facts": 0.6, "tone": 0.3, "privacy": 0.1, "speed": 0.0},
    # a post has no one customer to greet, thank or promise a personal check to
    "tone_credits": {"greeting": 0, "thanks": 0, "ownership": 0, "signoff": 5,
                     "next_step": 10, "readability": 15},
}


def post_rubric(overrides: dict[str, Any] | None = None) -> Rubric:
    """The post's rubric, with a course's `overrides` on top."""
    merged = {**POST_RUBRIC}
    for key, value in (overrides or {}).items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return Rubric.from_dict(merged)


_DEFAULT: list[Rubric] = []


def default_post_rubric() -> Rubric:
    """The post's rubric, built once."""
    if not _DEFAULT:
        _DEFAULT.append(post_rubric())
    return _DEFAULT[0]
