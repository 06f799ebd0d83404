"""Pasted replies: (almost) the same answer sent to several customers in one shift.

Lesson 7 teaches the opposite: post once for everyone, then answer each person briefly, with
their name and their own details, and point to the post. A reply is taken as pasted when, with
the customers' names and handles and every number masked, its word triples overlap an earlier
reply's by `THRESHOLD` or more (Jaccard); replies of fewer than `MIN_WORDS` words are left
alone ("Thanks, happy to hear it!" to two fans is not pasting).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from scenarios import Case

THRESHOLD = 0.75
MIN_WORDS = 8
PENALTY = 20.0  # points off the post's share of the shift score
WORD = re.compile(r"\w+", re.UNICODE)
DIGITS = re.compile(r"\d+")


def _words(reply: str, name: str, handle: str) -> list[str]:
    own = {part.lower() for part in name.split()} | {handle.lower()}
    words = []
    for word in WORD.findall(reply.lower()):
        if word in own:
            words.append("<name>")
        else:
            words.append(DIGITS.sub("#", word))
    return words


def shingles(reply: str, case: Case) -> frozenset[tuple[str, ...]]:
    return _shingles(reply, case.customer.name, case.customer.handle)


@lru_cache(maxsize=2048)
def _shingles(reply: str, name: str, handle: str) -> frozenset[tuple[str, ...]]:
    """Memoised: each send compares with every earlier reply of the shift."""
    words = _words(reply, name, handle)
    if len(words) < MIN_WORDS:
        return frozenset()
    return frozenset(tuple(words[i:i + 3]) for i in range(len(words) - 2))


def similarity(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def pasted_from(reply: str, case: Case, earlier: Iterable[tuple[str, Case]]) -> Case | None:
    """The earliest case whose reply this one repeats, or None."""
    mine = shingles(reply, case)
    if not mine:
        return None
    for other_reply, other_case in earlier:
        if other_case.id != case.id and similarity(mine, shingles(other_reply, other_case)) \
                >= THRESHOLD:
            return other_case
    return None
