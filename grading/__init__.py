"""replylab grading: score a reply to a case on tone, speed, facts and privacy.

    >>> import grading
    >>> g = grading.grade("Hej Anna! ...", case, latency_s=600)
    >>> g.total, g.dimensions["facts"], g.findings[0].tip

`grade_action(action, case)` scores a triage decision; `grade_post(post, case)` a proactive
post, part by part. pydantic (via scenarios) and the case's
lexicon load on first use, so importing this package stays fast; no pronunciation dictionary is
ever loaded (syllables are counted), so the first grade stays fast too.
"""

from grading.action import ACTIONS, grade_action
from grading.engine import CRITERIA, grade, grade_post
from grading.model import DIMENSIONS, ActionGrade, Finding, Grade
from grading.rubric import Rubric

__all__ = [
    "ACTIONS",
    "CRITERIA",
    "DIMENSIONS",
    "ActionGrade",
    "Finding",
    "Grade",
    "Rubric",
    "grade",
    "grade_action",
    "grade_post",
    "politeness_score",
]


def politeness_score(text: str, locale: str = "en") -> float:
    """The tone dimension's politeness signal, 0..1 (see grading.reading.politeness)."""
    from grading.reading.politeness import politeness_score as score

    return score(text, locale)
