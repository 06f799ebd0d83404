"""The one place the widgets call the grader; imported lazily so a notebook opens fast.

Tests may replace `grade_reply`, `grade_decision` or `speed_score` on this module to use a
stand-in grader.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from scenarios import Case

log = logging.getLogger(__name__)
_warmed_locales: set[str] = set()


def grade_reply(reply: str, case: Case, *, latency_s: float | None, rubric: Any = None,
                pinned: str | None = None) -> Any:
    """grading.grade(...) -> Grade (total, dimensions, findings, to_dict()). `pinned`: a
    drill's pinned post, which the reply may point to."""
    import grading

    extra: dict[str, Any] = {"pinned": pinned} if pinned else {}
    if rubric is None:
        return grading.grade(reply, case, latency_s=latency_s, **extra)
    return grading.grade(reply, case, latency_s=latency_s, rubric=rubric, **extra)


def grade_post(post: str, case: Case) -> Any:
    """grading.grade_post(...) -> Grade: a proactive post, part by part."""
    import grading

    return grading.grade_post(post, case)


def grade_decision(action: str, case: Case) -> Any:
    """grading.grade_action(...) -> ActionGrade (action, expected, score, tip, to_dict())."""
    import grading

    return grading.grade_action(action, case)


def speed_score(latency_s: float, case: Case, *, rubric: Any = None) -> float:
    """The grader's speed score (0..100) for `latency_s` on the case's channel, e.g. for a
    decision made without a reply."""
    from grading.rubric import Rubric
    from grading.speed import speed_score as score

    return float(score(latency_s, case.channel, Rubric.coerce(rubric)))


def warm_up_in_background(case: Case) -> None:
    """Load the grader for the case's locale in a thread while the trainee reads and types.

    The first grade in a process imports the grader and loads the locale's lexicon (tens of
    milliseconds); doing it now keeps the trainee's first Send as quick as the others.
    """
    if case.locale in _warmed_locales:
        return
    _warmed_locales.add(case.locale)
    threading.Thread(
        target=_warm_up, args=(case,), name="replylab-grader-warm-up", daemon=True
    ).start()


def _warm_up(case: Case) -> None:
    try:
        import grading

        grading.grade("Hi, thanks for telling us. We will check. /Anna", case, latency_s=60.0)
    except Exception:  # noqa: BLE001 - a failed warm-up only means a slower first Send
        log.debug("grader warm-up failed", exc_info=True)
