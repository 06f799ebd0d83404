"""A drill's pinned post, as a reply sees it: whether the reply points to it, and which of the
case's facts the post states (so "everything about rebooking is in our pinned post" states them
too, as lesson 7 teaches). A pinned post that still gives a superseded value states nothing the
update changed."""

from __future__ import annotations

from typing import Any

from grading.lexicon import lexicon
from grading.model import Span
from grading.reading.context import Context
from grading.reading.words import read_words


def pointer(ctx: Context) -> list[Span]:
    """Where the reply points to the pinned post (none without a pinned post)."""
    if not ctx.pinned:
        return []
    return ctx.spans("pinned_post")


def pinned_facts(ctx: Context) -> frozenset[str]:
    """The ids of the case's facts the pinned post states, when the reply points to it."""
    if not ctx.pinned or not pointer(ctx):
        return frozenset()
    return _stated(ctx.pinned, ctx.case, ctx.rubric)


_STATED: dict[tuple[Any, ...], frozenset[str]] = {}  # a room's replies share one pinned post


def _stated(pinned: str, case: Any, rubric: Any) -> frozenset[str]:
    key = (pinned, case.id, tuple(case.facts), tuple(case.superseded), rubric.max_analysis_chars,
           rubric.approx_tolerance)
    found = _STATED.get(key)
    if found is None:
        if len(_STATED) > 512:
            _STATED.clear()
        found = _STATED[key] = _read(pinned, case, rubric)
    return found


def _read(pinned: str, case: Any, rubric: Any) -> frozenset[str]:
    from grading.reading.values import fact_rows, row_spans, superseded_rows

    text = pinned[: rubric.max_analysis_chars]
    lower = text.lower()
    tokenized, words, (chunks, spaced) = read_words(text, lower)
    post = Context(reply=pinned, text=text, case=case, lex=lexicon(case.locale), rubric=rubric,
                   words=words, lower=lower, tokenized=tokenized, chunks=chunks, spaced=spaced)
    outdated = {row.id for row in superseded_rows(post) if row_spans(post, row)}
    return frozenset(row.id for row in fact_rows(post)  # the incident's facts, not a person's
                     if getattr(row.fact, "part", None) and row.id not in outdated
                     and row_spans(post, row))
