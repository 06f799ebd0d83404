"""Contradictions: any value in a reply that the knowledge base does not back (a time, date,
week, percent, amount, number or identifier that is neither a knowledge-base value nor something
the customer wrote) is a severe finding, because a wrong fact misleads everyone who reads the
thread. Split from facts.py, which credits the facts stated.
"""

from __future__ import annotations

import bisect
import datetime
import re
from typing import Any

from grading.model import Finding, Span
from grading.reading.context import Context
from grading.reading.values import (
    ORDINAL,
    content_words,
    date_reading,
    fact_kinds,
    fact_rows,
    fact_value,
    matches_any,
    source_mentions,
    stem_of,
    superseded_rows,
)
from grading.reading.words import tokens
from grading.surface import Mention

SENTENCE_BREAK = re.compile(r"[.!?](?:\s|$)|\n")


def _post_values(ctx: Context) -> tuple[set[tuple[str, Any]], set[str]]:
    """What the customer (or the thread) already said: values a reply may repeat freely."""

    def build() -> tuple[set[tuple[str, Any]], set[str]]:
        case = ctx.case
        texts = [case.post.text, *(t.text for t in case.thread), *(f.label for f in case.facts),
                 *(str(f.value) for f in case.facts if f.kind == "text")]  # "every day 06:00-23:00"
        values: set[tuple[str, Any]] = set()
        digits: set[str] = set()
        for text in texts:
            for m in source_mentions(case.locale, text):
                values.add((m.kind, m.value))
            digits.update(re.findall(r"\d+", text))
            digits.update(w.lower() for w, _s, _e in tokens(text) if any(c.isdigit() for c in w))
        when = case.post.posted_at
        values.add(("date", (when.month, when.day)))
        digits.update({str(when.year - 1), str(when.year), str(when.year + 1)})
        digits.update(re.findall(r"\d+", case.brand.handle + " " + case.customer.handle))
        return values, digits

    return ctx.per_case("post_values", build)


def _known_digits(ctx: Context) -> set[str]:
    def build() -> set[str]:
        out: set[str] = set()
        in_words = ctx.lex.data.get("number_words") or {}
        for fact in ctx.case.facts:
            text = str(fact.value)
            out.update(re.findall(r"\d+", text))
            words = [w.lower() for w, _s, _e in tokens(text)]
            out.update(words)
            out.update(str(in_words[w]) for w in words if w in in_words)  # "femti" backs "50"
            value = fact_value(fact)
            if isinstance(value, float) and value.is_integer():
                out.add(str(int(value)))
            if fact.kind == "duration" and isinstance(value, float):
                out.update({str(int(value // 60)), str(int(value % 60))})
        return out | _post_values(ctx)[1]

    return ctx.per_case("known_digits", build)


def _contradicts(ctx: Context, m: Mention) -> bool:
    rows = fact_rows(ctx)
    tol = ctx.rubric.approx_tolerance
    old = superseded_rows(ctx)
    if old and matches_any(m, old, tol):
        return False  # an update replaced it: facts.superseded says so, with the new value
    kind = m.kind
    if kind == "url":
        urls = tuple(r for r in rows if r.kind == "url")
        return bool(urls) and not matches_any(m, urls, tol)
    if kind in ("number", "identifier"):
        value = m.value if kind == "identifier" else str(m.value)
        few_digits = sum(map(str.isdigit, value)) < 3
        if kind == "identifier" and (ORDINAL.match(m.value) or few_digits):
            return False
        if kind == "number" and m.value < 10 and "number" not in fact_kinds(ctx):
            return False
        raw = ctx.text[m.span[0] : m.span[1]].lower()
        return raw not in _known_digits(ctx) and str(m.value).lower() not in _known_digits(ctx)
    if kind == "duration":
        if "duration" not in fact_kinds(ctx):
            return False
        if m.within:  # a service level or a threshold: wrong only where it states a KB value
            if matches_any(m, rows, tol) or not _in_context(ctx, m):
                return False
    if matches_any(m, rows, tol):
        return False
    values = _post_values(ctx)[0]
    if kind == "money" and (("number", m.value) in values or _a_total(ctx, m.value)):
        return False
    return (kind, m.value) not in values


def _a_total(ctx: Context, value: float) -> bool:
    """A price from the knowledge base times a count the customer gave ("189 kr per user, so
    10 206 kr for your 54"): worked out, not contradicted."""
    def build() -> frozenset[float]:
        prices = [float(r.want) for r in fact_rows(ctx) if r.kind == "money" and r.want]
        counts = [float(v) for k, v in _post_values(ctx)[0] if k == "number" and 1 < v <= 10_000]
        return frozenset(round(p * n, 2) for p in prices for n in counts)

    return round(float(value), 2) in ctx.per_case("worked_totals", build)


UNIT_SCALE = {"min": "short", "minutes": "short", "h": "short", "hours": "short", "d": "long",
              "days": "long", "w": "long", "weeks": "long"}


def _in_context(ctx: Context, m: Mention) -> bool:
    """Whether a qualified duration ('within 15 minutes') states the value of a KB duration fact
    of the same scale (minutes and hours, or days and weeks): the fact's label says the same
    qualifier ('We answer ... within (minutes)'), or the label makes it a service level or an
    interval ('Minutes between updates') and words of the label stand in the same sentence.
    Thresholds ('delays over 60 minutes') are compared only with a label that says them."""
    scale = UNIT_SCALE.get(m.unit or "min")
    q = m.qualifier or ""
    threshold = q in ctx.per_case("thresholds", lambda: frozenset(
        str(w).lower() for w in ctx.lex.data.get("thresholds") or []))
    for fact in ctx.case.facts:
        if fact.kind != "duration" or UNIT_SCALE.get((fact.unit or "min").lower()) != scale:
            continue
        label = _label_info(ctx, fact)
        if q and q in label[0]:
            return True
        if threshold or not label[1]:
            continue
        if _near(ctx, m.span, label[2]):
            return True
    return False


def _label_info(ctx: Context, fact: Any) -> tuple[str, bool, tuple[str, ...]]:
    """A duration fact's label: its words joined (to find a qualifier in it), whether it names a
    service level, and the stems of its content words (units and qualifiers left out)."""
    def build() -> dict[str, tuple[str, bool, tuple[str, ...]]]:
        data = ctx.lex.data
        skip = {str(w).lower() for w in (data.get("within") or []) + (data.get("approx") or [])}
        for words in (data.get("units") or {}).values():
            skip.update(str(w).lower() for w in words or [])
        levels = [str(w).lower() for w in data.get("service_levels") or []]
        out = {}
        for f in ctx.case.facts:
            words = [w for w, _s, _e in tokens(f.label)]
            joined = f" {' '.join(words)} "
            service = any(f" {w} " in joined for w in levels)
            stems = tuple(stem_of(w, ctx.locale) for w in content_words(ctx.locale, f.label)
                          if w not in skip)
            out[f.id] = (joined, service, stems)
        return out

    return ctx.per_case("duration_labels", build)[fact.id]


def _near(ctx: Context, span: Span, stems: tuple[str, ...]) -> bool:
    """A word starting with one of `stems` in the sentence around `span` (not in the span)."""
    if not stems:
        return False
    starts = ctx.sentence_starts
    i = bisect.bisect_right(starts, span[0])
    lo = starts[i - 1] if i else 0
    hi = starts[i] if i < len(starts) else len(ctx.text)
    return any(lo <= s < hi and not span[0] <= s < span[1] and w.startswith(stems)
               for w, s, _e in ctx.words)


def _announces_update(ctx: Context, m: Mention, updates: list[Span]) -> bool:
    """An update phrase in the mention's sentence ("Next update at 14:00, here.")."""
    text = ctx.text
    for s, e in updates:
        lo, hi = (e, m.span[0]) if s < m.span[0] else (m.span[1], s)
        if hi - lo < 80 and not SENTENCE_BREAK.search(text, lo, hi):
            return True
    return False


def _date_facts(ctx: Context) -> frozenset[Any]:
    return ctx.per_case("date_facts", lambda: frozenset(
        r.want for r in fact_rows(ctx) if r.kind == "date"))


def _implied_dates(ctx: Context) -> frozenset[tuple[int, int]]:
    """The day after each date fact whose label makes it the last day ('cancelled up to and
    including'), as (month, day)."""
    def build() -> frozenset[tuple[int, int]]:
        marker = ctx.lex.pattern("through_label")
        out = set()
        for fact in ctx.case.facts:
            if fact.kind != "date" or marker is None or not marker.search(fact.label):
                continue
            try:
                after = datetime.date.fromisoformat(str(fact.value)) + datetime.timedelta(days=1)
            except ValueError:
                continue
            out.add((after.month, after.day))
        return frozenset(out)

    return ctx.per_case("implied_dates", build)


def contradictions(ctx: Context) -> list[Finding]:
    """Every value in the reply that the knowledge base does not back: severe, one each."""
    out = []
    updates = ctx.spans("next_update")
    for m in ctx.mentions:
        if m.kind == "time" and updates and _announces_update(ctx, m, updates):
            continue  # "Next update at 14:00, here.": our own promise, not a knowledge-base value
        if m.kind == "time" and date_reading(ctx.text, m) in _date_facts(ctx):
            continue  # "innstilt til og med 22.10.": the date, written as Norwegians do
        if m.kind == "date" and m.value in _implied_dates(ctx):
            continue  # "cancelled up to and including 20 July" -> "not before 21 July"
        if _contradicts(ctx, m):
            text = ctx.text[m.span[0] : m.span[1]]
            out.append(ctx.finding("facts.contradiction", -ctx.penalty("contradiction"), [m.span],
                                   severe=True, text=text, detail=f"{m.kind}: {text}"))
    return out


CRITERIA = [contradictions]
