"""grade(): run every criterion over a reply and fold the findings into a Grade.

Criteria are small functions registered in CRITERIA (like nbgrader preprocessors); each
returns Findings in one dimension. Credit findings are scaled so each dimension's credits sum
to 100; penalties subtract; the total is the weighted mean of the dimensions, multiplied by
`Rubric.severe_factor` once per kind of severe fact or privacy finding (a wrong fact, a leak, a
forbidden promise) and by `Rubric.conduct_factor` per kind of public conduct fault (blame,
over-familiarity, sarcasm, a sales pitch, gaming), so one serious fault outweighs a missing fact.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from typing import Any

from grading.criteria import (
    claims,
    contradictions,
    facts,
    gaming,
    latency,
    post,
    privacy,
    style,
    tone,
)
from grading.lexicon import lexicon
from grading.model import DIMENSIONS, Finding, Grade
from grading.proactive import default_post_rubric, post_rubric
from grading.reading.context import Context
from grading.reading.words import read_words
from grading.rubric import Rubric

_new_finding = tuple.__new__  # a Finding from all its fields, without the keyword handling
_DIM_OF: dict[str, str] = {}  # criterion id -> its dimension ("tone.greeting" -> "tone")
Criterion = Callable[[Context], "Finding | list[Finding] | None"]
CRITERIA: list[Criterion] = [
    *tone.CRITERIA,
    *gaming.CRITERIA,
    *style.CRITERIA,
    *facts.CRITERIA,
    *post.CRITERIA,
    *contradictions.CRITERIA,
    *claims.CRITERIA,
    *privacy.CRITERIA,
    *latency.CRITERIA,
]


def _check_inputs(reply: Any, latency_s: Any) -> float | None:
    if not isinstance(reply, str):
        raise ValueError(f"reply: expected text, got {type(reply).__name__}")
    if latency_s is None:
        return None
    try:
        value = float(latency_s)
    except (TypeError, ValueError):
        raise ValueError(f"latency_s: expected seconds, got {latency_s!r}") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"latency_s: expected a non-negative number of seconds, got {latency_s!r}")
    return value


@cache
def _case_class() -> Any:
    """scenarios.case.Case, imported lazily: pydantic is the slow part of `import grading`."""
    from scenarios.case import Case

    return Case


def grade(reply: str, case: Any, *, latency_s: float | None = None,
          rubric: Rubric | dict[str, Any] | None = None, pinned: str | None = None) -> Grade:
    """Grade one reply to a case (a Case, its dict or its JSON). Same input, same Grade.

    `pinned`: in a drill, the proactive post the trainee pinned; a reply that points to it
    states what the post states."""
    c = _case_class().coerce(case)
    rb = Rubric.coerce(rubric)
    lat = _check_inputs(reply, latency_s)
    lex = lexicon(c.locale)
    if not reply.strip():
        tip = lex.tip("reply.empty")
        finding = Finding(criterion="reply.empty", points=0.0, tip=tip, detail="empty reply")
        dims: dict[str, float | None] = {d: 0.0 for d in DIMENSIONS}
        if lat is None:
            dims["speed"] = None
        return Grade(0.0, dims, [finding], case_id=c.id, locale=c.locale, reply_chars=len(reply))
    text = reply[: rb.max_analysis_chars]
    lower = text.lower()
    tokenized, words, (chunks, spaced) = read_words(text, lower)  # one pass
    if pinned is not None and not isinstance(pinned, str):
        raise ValueError(f"pinned: expected the pinned post's text, got {type(pinned).__name__}")
    ctx = Context(reply=reply, text=text, case=c, lex=lex, rubric=rb, latency_s=lat,
                  pinned=pinned or None, words=words, lower=lower, tokenized=tokenized,
                  chunks=chunks, spaced=spaced)
    found: list[Finding] = []
    for criterion in CRITERIA:
        result = criterion(ctx)
        if result is None:
            continue
        if isinstance(result, list):
            found.extend(result)
        else:
            found.append(result)
    return _fold(found, ctx)


def grade_post(post: str, case: Any, *, rubric: dict[str, Any] | None = None) -> Grade:
    """Grade a proactive post against the incident's knowledge base (a Case, dict or JSON),
    part by part (grading/proactive.py has its rubric; `rubric` overrides parts of it)."""
    rb = default_post_rubric() if rubric is None else post_rubric(rubric)
    return grade(post, case, rubric=rb)


def _fold(found: list[Finding], ctx: Context) -> Grade:
    """Scale credits per dimension, subtract penalties, weight, and apply the severe factor."""
    rb = ctx.rubric
    dim_of = _DIM_OF
    if len(dim_of) > 4096:  # criterion ids come from code and rubrics: a few dozen
        dim_of.clear()
    dims_of = []
    available: dict[str, float] = {}
    for f in found:  # f[0]: criterion, f[4]: max_points (indexing is faster than the names)
        dim = dim_of.get(f[0])
        if dim is None:
            dim = dim_of[f[0]] = f[0].partition(".")[0]
        dims_of.append(dim)
        if f[4] > 0:
            available[dim] = available.get(dim, 0.0) + f[4]
    score: dict[str, float] = {}
    for d in DIMENSIONS:
        score[d] = 0.0 if available.get(d, 0.0) > 0 else 100.0
    factors = {dim: 100.0 / total for dim, total in available.items()}
    findings: list[Finding] = []
    append = findings.append
    severe_ids = set()
    for dim, f in zip(dims_of, found, strict=True):
        if f[4] > 0:  # max_points: a credit, scaled so the dimension's credits sum to 100
            scale = factors[dim]
            # (the default tone credits already sum to 100; Context.finding gives floats)
            if scale != 1.0:
                f = _new_finding(Finding, (f[0], f[1] * scale, f[2], f[3], f[4] * scale, f[5],
                                           f[6]))
        if f[5]:  # severe
            severe_ids.add(f[0])
        if dim in score:
            score[dim] += f[1]
        append(f)
    dims: dict[str, float | None] = {}
    total_w = weighted = 0.0
    for dim in DIMENSIONS:  # weights summed in this order, then the weighted scores
        if dim == "speed" and ctx.latency_s is None:
            dims[dim] = None
            continue
        value = dims[dim] = min(100.0, max(0.0, score[dim]))
        weight = float(rb.weights.get(dim, 0.0))
        total_w += weight
        weighted += value * weight
    total = weighted / total_w if total_w > 0 else 0.0
    identity = "privacy.personal_data" in severe_ids and any(
        privacy.is_identity_leak(f) for f in findings)

    def factor(criterion: str) -> float:
        if criterion == "tone.undertone":
            return rb.undertone_factor
        if criterion == "tone.curt":
            return rb.curt_factor
        if criterion.startswith("tone."):
            return rb.conduct_factor
        if criterion == "privacy.personal_data" and identity:
            return rb.identity_factor  # a card, account or identity number in public
        return rb.severe_factor

    # The cap keeps the harshest kinds (then by name, so the order is the same everywhere).
    severe = sorted(severe_ids, key=lambda c: (factor(c), c))[: rb.max_severe]
    for criterion in severe:
        total *= factor(criterion)
    rounded: dict[str, float | None] = {}
    for dim, kept in dims.items():
        rounded[dim] = None if kept is None else round(kept, 2)
    return Grade(round(min(100.0, max(0.0, total)), 2), rounded, findings, ctx.case.id,
                 ctx.case.locale, len(ctx.reply))
