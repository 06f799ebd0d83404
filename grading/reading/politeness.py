"""The politeness signal (Danescu-Niculescu-Mizil et al. 2013), read once per grade from the
phrase scan: style's politeness criterion uses it, and `grading.politeness` exposes it."""

from __future__ import annotations

import math
from functools import cache

from grading.lexicon import lexicon
from grading.model import Span
from grading.reading.context import Context


def politeness_features(
    text: str, locale: str = "en", scanned: dict[str, list[Span]] | None = None
) -> list[tuple[str, float, Span]]:
    """(strategy, weight, span) for every politeness strategy found in the text; `scanned` is
    `Lexicon.scan_all(text)` when the caller has it."""
    lex = lexicon(locale)
    found_all = lex.scan_all(text) if scanned is None else scanned
    found = []
    for name, weight in lex.weights.items():
        if weight == 0.0 or name == "bias":
            continue
        for span in found_all.get("politeness." + name, ()):
            found.append((name, weight, span))
    return found


def politeness_score(text: str, locale: str = "en") -> float:
    """How polite a text reads, 0..1 (0.5 neutral), from the politeness strategies of
    Danescu-Niculescu-Mizil et al. (2013): gratitude, apology, hedges, greetings, deference
    and indirect requests raise it; direct questions, 'you'-starts, factuality, negative words
    and capitals lower it. Each strategy counts at most twice, so repetition does not pay."""
    return _score(politeness_features(text, locale), locale)


def _score(features: list[tuple[str, float, Span]], locale: str) -> float:
    counts: dict[str, int] = {}
    for name, _w, _span in features:
        counts[name] = counts.get(name, 0) + 1
    return _from_counts(counts, lexicon(locale).weights)


def _from_counts(counts: dict[str, int], weights: dict[str, float]) -> float:
    """The score from how often each strategy occurs (at most twice counts)."""
    total = 0.0  # added one by one, in order: Python 3.12's sum() of floats rounds otherwise
    for name, n in counts.items():
        total += weights[name] * min(n, 2)
    z = weights.get("bias", 0.0) + total
    return 1.0 / (1.0 + math.exp(-z))


@cache
def _strategies(locale: str) -> tuple[tuple[str, float, str], ...]:
    """(strategy, weight, phrase list) of the locale's weighted politeness strategies, in the
    order `politeness_features` reports them."""
    weights = lexicon(locale).weights
    return tuple((name, w, "politeness." + name) for name, w in weights.items()
                 if w != 0.0 and name != "bias")


def politeness_above(ctx: Context, limit: float) -> bool:
    """Whether the reply's politeness score is surely above `limit` (0 < limit < 1), running
    as few of the re: phrase lists (questions and 'you' at sentence starts, capitals) as that
    takes: the word phrases are counted, then each re: list in turn, while the lists not yet run
    are counted at their worst (twice, where they lower the score)."""
    raw = ctx.lex.raw_names
    spans = ctx.spans
    z = ctx.lex.weights.get("bias", 0.0)
    pending = []
    for _name, weight, key in _strategies(ctx.locale):
        if key in raw:
            pending.append((weight, key))
        else:
            z += weight * min(len(spans(key)), 2)
    pending.sort(key=lambda item: item[1] not in ctx.lex.caps_least)  # the cheapest first
    worst = sum(2 * min(0.0, weight) for weight, _key in pending)
    bound = math.log(limit / (1.0 - limit)) + 1e-6  # the score's limit as a z, with a margin
    for weight, key in pending:
        if z + worst > bound:
            return True
        worst -= 2 * min(0.0, weight)
        z += weight * min(len(spans(key)), 2)
    return z + worst > bound


def politeness_context(ctx: Context) -> tuple[float, list[tuple[str, float, Span]]]:
    """The politeness score of the reply, reusing the grade's one phrase scan."""
    spans = ctx.spans
    features: list[tuple[str, float, Span]] = []
    counts: dict[str, int] = {}
    for name, weight, key in _strategies(ctx.locale):
        found = spans(key)
        if found:
            features.extend([(name, weight, span) for span in found])
            counts[name] = len(found)
    return _from_counts(counts, ctx.lex.weights), features
