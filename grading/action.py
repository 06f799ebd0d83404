"""Triage: score the decision to respond, respond in private, escalate or just monitor.

The logic is the US Air Force "web posting response assessment" (via seed 000): trolls and
ragers are monitored; misguided posters get facts; unhappy customers get a response and a fix;
positive posts get a brief thank-you; personal data goes private; unusual requests go up.
Near misses get partial credit (answering in public when private was needed still answered).
"""

from __future__ import annotations

from typing import Any

from grading.lexicon import lexicon
from grading.model import ActionGrade

ACTIONS = ("respond", "respond_private", "escalate", "monitor")

# PARTIAL[expected][chosen]: how much of the right call a near miss still gets.
PARTIAL: dict[str, dict[str, float]] = {
    "respond": {"respond": 100, "respond_private": 60, "escalate": 40, "monitor": 0},
    "respond_private": {"respond_private": 100, "respond": 50, "escalate": 40, "monitor": 0},
    "escalate": {"escalate": 100, "respond_private": 50, "respond": 30, "monitor": 10},
    "monitor": {"monitor": 100, "escalate": 40, "respond_private": 20, "respond": 10},
}


def grade_action(action: str, case: Any) -> ActionGrade:
    """Score a triage decision for a case (a Case, its dict or its JSON)."""
    from scenarios.case import Case

    c = Case.coerce(case)
    if action not in ACTIONS:
        raise ValueError(f"action: unknown '{action}' (known: {', '.join(ACTIONS)})")
    expected = c.expected_action
    lex = lexicon(c.locale)
    score = float(PARTIAL[expected][action])
    reason = lex.tip(f"action.family.{c.family}") or lex.tip(f"action.{expected}")
    tip = f"{lex.tip('action.correct')} {reason}" if action == expected else reason
    return ActionGrade(action=action, expected=expected, score=score, tip=tip.strip())
