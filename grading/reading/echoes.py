"""Scare quotes: the customer's own words handed back in quotation marks ("no need for 'sort it
out'", "«ødelagt alt sammen»", "”Skärpning!” gör inte tåget snabbare"). Quoting someone's
complaint back at them mocks it in every language, so this is a reading of the reply against
the post, not a phrase list. A quoted label from the knowledge base ("tap “Mine reiser”") is an
instruction, not an echo."""

from __future__ import annotations

import re

from grading.model import Span
from grading.reading.clauses import words
from grading.reading.context import Context

QUOTE_MARKS = "“”\"«»„'‘’"
# a quotation: an opening mark at the start or after a space or bracket, up to 60 characters
# on one line, a closing mark not followed by a letter (so "don't" and "Craig's" are no quotes)
QUOTED = re.compile(r"(?:^|(?<=[\s(]))[“”\"«»„'‘’]([^“”\"«»„\n]{1,60}?)[“”\"«»'’](?!\w)")
WORD = re.compile(r"\w+")


def _words(text: str) -> str:
    """The text's words, lower case, one space apart and padded: ' sort it out '."""
    return " " + " ".join(WORD.findall(text.lower())) + " "


def _heard(ctx: Context) -> tuple[str, str, str]:
    """Per case, as padded words: what the customer wrote (post and their thread posts), what
    the thread already quoted (an error message the customer saw), and what the knowledge base
    says; a fact that restates the post (what the customer describes) is the customer's words,
    not a label."""
    def build() -> tuple[str, str, str]:
        case = ctx.case
        thread = [case.post.text] + [p.text for p in case.thread]
        own = _words(" ".join([case.post.text] + [
            p.text for p in case.thread
            if p.author.lstrip("@").lower() != case.brand.handle.lower()]))
        quoted = " ".join(_words(m.group(1)) for text in thread for m in QUOTED.finditer(text))
        facts = [str(f.value) for f in case.facts if _words(str(f.value)) not in own]
        return own, quoted, _words(" ".join(facts))

    return ctx.per_case("echoes_heard", build)


def echoes(ctx: Context) -> list[Span]:
    """Quotations in the reply whose words the customer wrote (and did not quote), that the
    knowledge base does not hold and that the reply neither points at nor explains."""
    text = ctx.text
    if ctx.pleased or not any(mark in text for mark in QUOTE_MARKS):
        return []
    post, quoted, facts = _heard(ctx)
    out = []
    for m in QUOTED.finditer(text):
        said = _words(m.group(1))
        if not said.strip() or said not in post or said in facts or said in quoted:
            continue
        if not _points_or_explains(ctx, m.start(), m.end()):
            out.append(m.span())
    return out


def _points_or_explains(ctx: Context, start: int, end: int) -> bool:
    """A word that points at a screen or button right before the quote ("tap", "tryck på",
    "under"), or one that explains it right after ("means", "betyder", "betyr")."""
    w = words(ctx.locale)
    before = _words(ctx.lower[max(0, start - 24) : start]).split()[-2:]
    after = _words(ctx.lower[end : end + 24]).split()[:3]
    return bool(w.quote_points.intersection(before) or w.quote_explains.intersection(after))
