"""Facts: every required fact stated correctly. Values the knowledge base contradicts are in
contradictions.py, claims beyond it (promises, unknown names) in claims.py.

Values are compared after normalising their surface forms (see surface.py): "kl 14.35" equals
the time fact "14:35", "1 299 kr" the money fact 1299; a text fact is stated when enough of its
content words are there, inflections allowed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

from grading.lexicon import _word_char, lexicon
from grading.links import normalise_url
from grading.model import Span
from grading.reading import stems as _stems
from grading.reading.context import Context
from grading.reading.words import tokens
from grading.surface import Mention, extractor

DURATION_UNITS = {None: 1, "min": 1, "minutes": 1, "h": 60, "hours": 60, "d": 1440, "days": 1440,
                  "w": 10080, "weeks": 10080}
NUMERIC = ("time", "date", "week", "duration", "percent", "money", "number")
CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})")
ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th|a|e)$", re.IGNORECASE)


@lru_cache(maxsize=512)
def source_mentions(locale: str, text: str) -> tuple[Mention, ...]:
    return tuple(extractor(locale).extract(text))


def fact_value(fact: Any) -> Any:
    """A knowledge-base value in the normalised form mentions use."""
    return _normalised(fact.kind, fact.value, fact.unit)


@lru_cache(maxsize=4096)
def _normalised(kind: str, value: Any, unit: str | None) -> Any:
    if kind == "time":
        m = CLOCK.search(str(value))
        return int(m[1]) * 60 + int(m[2]) if m else None
    if kind == "date":
        parts = str(value).split("-")
        return (int(parts[1]), int(parts[2])) if len(parts) == 3 else None
    if kind == "week":
        return int(value)
    if kind == "duration":
        unit = (unit or "min").lower()
        return float(value) * DURATION_UNITS.get(unit, DURATION_UNITS.get(unit.rstrip("s"), 1))
    if kind in ("percent", "money", "number"):
        return float(value)
    if kind == "url":
        return normalise_url(str(value))
    return str(value)


def matches(m: Mention, fact: Any, tolerance: float) -> bool:
    """Whether a mention states this fact's value (surface forms already normalised)."""
    kind = fact.kind
    if kind != m.kind and not (kind == "money" and m.kind == "number"):
        return False  # no other kinds are ever compared
    return _value_matches(m, kind, fact_value(fact), fact.unit, tolerance)


def _value_matches(m: Mention, kind: str, want: Any, unit: str | None, tolerance: float) -> bool:
    """`matches` for a mention of a kind the fact's kind is compared with."""
    if want is None:
        return False
    if kind == "time" and m.kind == "time":
        if m.value == want:
            return True
        return not m.meridiem and m.value < 13 * 60 and m.value % 720 == want % 720
    if kind == "duration" and m.kind == "duration":
        slack = max(0.5, want * tolerance) if m.approx else 0.5
        return abs(m.value - want) <= slack
    if kind == "money" and m.kind in ("money", "number"):
        same_currency = not (m.currency and unit and m.currency != unit.upper())
        return same_currency and abs(float(m.value) - want) < 0.005
    if kind in ("percent", "number") and m.kind == kind:
        return abs(float(m.value) - want) < 1e-9
    if kind == "url" and m.kind == "url":
        return m.value == want or any(m.value.startswith(want + c) for c in "/?#")
    return kind == m.kind and m.value == want


class FactRow(NamedTuple):
    """A knowledge-base fact with what grading compares, read once per case (attribute access
    on a pydantic model is slow enough to matter in a grade's inner loops)."""

    fact: Any
    kind: str
    want: Any  # fact_value(fact)
    unit: str | None
    value: str  # str(fact.value)
    required: bool
    label: str
    id: str
    private: bool = False  # is_private_fact
    personal: bool = False  # is_personal_fact
    stems: tuple[str, ...] = ()  # a text fact's content words, as stem_of gives them
    # the stems that set a text fact apart from its family's other values (one must be stated)
    distinct: tuple[str, ...] = ()
    # the other values, each with the stems that set it apart from this one
    alternatives: tuple[tuple[str, tuple[str, ...]], ...] = ()


def fact_rows(ctx: Context) -> tuple[FactRow, ...]:
    """The case's facts as FactRows (kept per case)."""
    return ctx.per_case("fact_rows", lambda: tuple(_row(ctx, f) for f in ctx.case.facts))


def _row(ctx: Context, f: Any) -> FactRow:
    value = str(f.value)
    stems: tuple[str, ...] = ()
    if f.kind == "text":
        stems = tuple(stem_of(w, ctx.locale) for w in content_words(ctx.locale, value))
    distinct: tuple[str, ...] = ()
    others: list[tuple[str, tuple[str, ...]]] = []
    if stems:
        from grading.alternatives import text_alternatives

        shared: set[str] = set()  # every stem an alternative has
        for alt in text_alternatives(ctx, f.id, value):
            alt_stems = tuple(stem_of(w, ctx.locale) for w in content_words(ctx.locale, alt))
            own = tuple(s for s in alt_stems if s not in stems)
            if own:
                others.append((alt, own))
                shared.update(alt_stems)
        distinct = tuple(s for s in stems if s not in shared) if others else ()
    return FactRow(f, f.kind, fact_value(f), f.unit, value, f.required, f.label, f.id,
                   is_private_fact(ctx, f), is_personal_fact(ctx, f), stems, distinct,
                   tuple(others))


def superseded_rows(ctx: Context) -> tuple[FactRow, ...]:
    """The values an update replaced (a drill), as FactRows: stating one is now a wrong fact.
    Only values that are told apart exactly (times, dates, amounts, links); a text fact's new
    wording shares too many words with its old one to tell which is meant."""
    def build() -> tuple[FactRow, ...]:
        current = {f.id: f.value for f in ctx.case.facts}
        return tuple(_row(ctx, f) for f in getattr(ctx.case, "superseded", ())
                     if f.kind != "text" and current.get(f.id) != f.value)

    return ctx.per_case("superseded_rows", build)


def fact_kinds(ctx: Context) -> frozenset[str]:
    return ctx.per_case("fact_kinds", lambda: frozenset(r.kind for r in fact_rows(ctx)))


def matches_any(m: Mention, rows: tuple[FactRow, ...], tolerance: float) -> bool:
    """Whether the mention states any of these facts' values."""
    mk = m.kind
    for row in rows:
        kind = row.kind
        if (kind == mk or (kind == "money" and mk == "number")) and _value_matches(
                m, kind, row.want, row.unit, tolerance):
            return True
    return False


@lru_cache(maxsize=4096)
def _exact(value: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w]){re.escape(value)}(?![\w])", re.IGNORECASE)


def _identifier_spans(ctx: Context, value: str) -> list[Span]:
    """Where the identifier stands as a whole word (case-insensitive)."""
    if value.lower() not in ctx.lower:  # a substring test first: most replies do not have it
        return []
    if _uncased(value):
        return _uncased_spans(ctx.text, value)
    return [m.span() for m in _exact(value).finditer(ctx.text)]


@lru_cache(maxsize=4096)
def _uncased(value: str) -> bool:
    """No letters (a train number): found with str.find, not a case-insensitive regex."""
    return bool(value) and value.isascii() and not any(c.isalpha() for c in value)


def _uncased_spans(text: str, value: str) -> list[Span]:
    """What `_exact(value).finditer(text)` finds, for a value without letters (a train number):
    found with str.find, the word boundaries checked in Python (the regex, which starts with a
    look-behind, tries every position)."""
    out: list[Span] = []
    n, size = len(text), len(value)
    at = text.find(value)
    while at >= 0:
        end = at + size
        if (not at or not _word_char(text[at - 1])) and (end == n or not _word_char(text[end])):
            out.append((at, end))
            at = text.find(value, end)
        else:
            at = text.find(value, at + 1)
    return out


def stem_of(word: str, locale: str) -> str:
    """A prefix that survives inflection (reading/stems.py): bills -> bill, förseningen ->
    försening, forsinkelsen -> forsink."""
    return _stems.stem(word, locale)


def _prefixed(ctx: Context, stem: str, exact: bool = False) -> Span | None:
    """Where the reply first uses a word with this stem ("förseningen" for "försening"), else
    (unless `exact`) the first word starting with it, for compounds ("signalfelet"). A stem is a
    prefix of its word (reading/stems.py), so only words starting with it are stemmed."""
    joined = ctx.joined_words
    key = " " + stem
    at = joined.find(key)
    first: Span | None = None
    locale = ctx.locale
    while at >= 0:
        word = ctx.words[joined.count(" ", 0, at)]  # the spaces before it: its index
        if _stems.stem(word[0], locale) == stem:
            return word[1], word[2]
        if first is None:
            first = (word[1], word[2])
        at = joined.find(key, at + 1)
    if exact or len(stem) < PREFIX_SHORTEST:
        return None
    return first


PREFIX_SHORTEST = 5  # a stem this long may be the head of a compound ("signalfel-et")


@lru_cache(maxsize=4096)
def content_words(locale: str, value: str) -> tuple[str, ...]:
    stop = lexicon(locale).stopwords
    content = [w for w, _s, _e in tokens(value) if len(w) >= 3 and w not in stop]
    return tuple(content or [w for w, _s, _e in tokens(value)])


def _text_spans(ctx: Context, value: str, stems: tuple[str, ...] | None = None,
                distinct: tuple[str, ...] = ()) -> list[Span]:
    """Meaningful-token overlap: at least half the fact's content words, inflections allowed
    (`stems`: the content words' stems, when the caller has them), and one of the `distinct`
    stems when the fact has alternatives ("a points failure" needs "points", not "failure")."""
    if stems is None:
        stems = tuple(stem_of(w, ctx.locale) for w in content_words(ctx.locale, value))
    found: list[Span] = []
    hit: set[str] = set()
    for stem in stems:
        span = _prefixed(ctx, stem)
        if span is None:  # "forhåndsbestilt" in the KB, "forhåndsbestille" in the reply
            base = _stems.root(stem, ctx.locale)
            span = _prefixed(ctx, base) if base else None
            if span and base and span[1] - span[0] <= len(base):
                span = None  # the bare root is another word: "regninger" is not "regn" (rain)
        if span:
            found.append(span)
            hit.add(stem)
    need = 0.5 if len(stems) <= 4 else 0.4
    if distinct and not hit.intersection(distinct):
        return []
    return found if stems and len(found) >= max(1.0, need * len(stems)) else []


def wrong_alternative(ctx: Context, row: FactRow) -> tuple[str, list[Span]] | None:
    """An alternative value stated instead of the fact: every word that sets it apart. A name
    (a station, a person: "Reading", "Hamar") is stated only as that name, capital and all, not
    by a word it looks like ("read", "ham")."""
    for alt, own in row.alternatives:
        if alt[:1].isupper():
            found = [m.span() for m in _name(alt).finditer(ctx.text)]
            if found:
                return alt, found[:1]
            continue
        spans = [_prefixed(ctx, stem, exact=True) for stem in own]
        if all(spans):
            return alt, sorted(span for span in spans if span)
    return None


@lru_cache(maxsize=4096)
def _name(value: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(value)}(?!\w)")


def is_private_fact(ctx: Context, fact: Any) -> bool:
    """A knowledge-base fact naming the secure channel (its id or label says so)."""
    def build() -> frozenset[str]:
        marker = ctx.lex.pattern("private_fact")
        return frozenset(f.id for f in ctx.case.facts
                         if marker is not None and marker.search(f"{f.id} {f.label}"))

    return fact.id in ctx.per_case("private_facts", build)


def is_personal_fact(ctx: Context, fact: Any) -> bool:
    """A knowledge-base fact about the person (an account or order number): never credited as
    'stated', since repeating it in public is a privacy finding, not a fact well given."""
    def build() -> frozenset[str]:
        marker = ctx.lex.pattern("personal_fact")
        return frozenset(f.id for f in ctx.case.facts
                         if marker is not None and marker.search(f"{f.id} {f.label}"))

    return fact.id in ctx.per_case("personal_facts", build)


def stated_spans(ctx: Context, fact: Any) -> list[Span]:
    """Where the reply states the fact correctly (empty when it does not)."""
    row = next((r for r in fact_rows(ctx) if r.fact is fact or r.fact == fact), None)
    return row_spans(ctx, _row(ctx, fact) if row is None else row)


DAY_DOT_MONTH = re.compile(r"(\d{1,2})\.(\d{1,2})")


def date_reading(text: str, m: Mention) -> tuple[int, int] | None:
    """A time written "22.10" read as the date it may also be (22 October), as (month, day)."""
    if m.kind != "time":
        return None
    found = DAY_DOT_MONTH.fullmatch(text, m.span[0], m.span[1])
    if found is None:
        return None
    day, month = int(found[1]), int(found[2])
    return (month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None


def row_spans(ctx: Context, row: FactRow) -> list[Span]:
    kind = row.kind
    if kind == "identifier":
        return _identifier_spans(ctx, row.value)
    if kind == "text":
        if row.private:
            # the secure channel is stated by any move to private messages
            return _text_spans(ctx, row.value, row.stems, row.distinct) or ctx.spans("private")
        return _text_spans(ctx, row.value, row.stems, row.distinct)
    tol = ctx.rubric.approx_tolerance
    want, unit = row.want, row.unit
    spans = [m.span for m in ctx.mentions
             if (m.kind == kind or (kind == "money" and m.kind == "number"))
             and _value_matches(m, kind, want, unit, tol)]
    if kind == "date" and not spans:  # "til og med 22.10.", read as a time at first
        spans = [m.span for m in ctx.mentions if date_reading(ctx.text, m) == want]
    return spans


