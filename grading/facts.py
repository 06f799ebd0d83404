"""Facts: every required fact stated correctly, and nothing stated that the knowledge base
contradicts (claims beyond it, such as promises, are in claims.py).

Values are compared after normalising their surface forms (see surface.py): "kl 14.35" equals
the time fact "14:35", "1 299 kr" the money fact 1299. Any time, date, week, percent, amount,
number or identifier in the reply that is neither a knowledge-base value nor something the
customer wrote is a contradiction: a severe finding, because a wrong fact misleads everyone
who reads the thread.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Any, NamedTuple

from grading.context import Context, tokens
from grading.lexicon import _word_char, lexicon, sentence_starts
from grading.model import Finding, Span
from grading.surface import Mention, digit_runs, extractor, normalise_url

DURATION_UNITS = {None: 1, "min": 1, "minutes": 1, "h": 60, "hours": 60, "d": 1440, "days": 1440,
                  "w": 10080, "weeks": 10080}
NUMERIC = ("time", "date", "week", "duration", "percent", "money", "number")
CLOCK = re.compile(r"(\d{1,2})[:.](\d{2})")
ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th|a|e)$", re.IGNORECASE)


def reply_mentions(ctx: Context) -> list[Mention]:
    """The values the reply states (computed once per grade)."""
    memo = ctx.memo
    found = memo.get("mentions")
    if found is None:
        found = memo["mentions"] = extractor(ctx.locale).extract(
            ctx.text, memo.get("tokenized"), memo.get("lower"), text_digit_runs(ctx))
    return found


def text_digit_runs(ctx: Context) -> list[Span]:
    """Where the reply's runs of digits are (found once per grade)."""
    runs = ctx.memo.get("digit_runs")
    if runs is None:
        runs = ctx.memo["digit_runs"] = digit_runs(ctx.text)
    return runs  # type: ignore[no-any-return]


@lru_cache(maxsize=512)
def _source_mentions(locale: str, text: str) -> tuple[Mention, ...]:
    return tuple(extractor(locale).extract(text))


def _post_values(ctx: Context) -> tuple[set[tuple[str, Any]], set[str]]:
    """What the customer (or the thread) already said: values a reply may repeat freely."""

    def build() -> tuple[set[tuple[str, Any]], set[str]]:
        case = ctx.case
        texts = [case.post.text, *(t.text for t in case.thread), *(f.label for f in case.facts)]
        values: set[tuple[str, Any]] = set()
        digits: set[str] = set()
        for text in texts:
            for m in _source_mentions(case.locale, text):
                values.add((m.kind, m.value))
            digits.update(re.findall(r"\d+", text))
            digits.update(w.lower() for w, _s, _e in tokens(text) if any(c.isdigit() for c in w))
        when = case.post.posted_at
        values.add(("date", (when.month, when.day)))
        digits.update({str(when.year - 1), str(when.year), str(when.year + 1)})
        digits.update(re.findall(r"\d+", case.brand.handle + " " + case.customer.handle))
        return values, digits

    return ctx.per_case("post_values", build)


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
    stems: tuple[str, ...] = ()  # a text fact's content words, as _stem gives them


def fact_rows(ctx: Context) -> tuple[FactRow, ...]:
    """The case's facts as FactRows (kept per case)."""
    return ctx.per_case("fact_rows", lambda: tuple(_row(ctx, f) for f in ctx.case.facts))


def _row(ctx: Context, f: Any) -> FactRow:
    value = str(f.value)
    stems = tuple(map(_stem, _content_words(ctx.locale, value))) if f.kind == "text" else ()
    return FactRow(f, f.kind, fact_value(f), f.unit, value, f.required, f.label, f.id,
                   is_private_fact(ctx, f), is_personal_fact(ctx, f), stems)


def _fact_kinds(ctx: Context) -> frozenset[str]:
    return ctx.per_case("fact_kinds", lambda: frozenset(r.kind for r in fact_rows(ctx)))


def _matches_any(m: Mention, rows: tuple[FactRow, ...], tolerance: float) -> bool:
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
    low = ctx.memo.get("lower")
    if low is None:
        low = ctx.memo["lower"] = ctx.text.lower()
    if value.lower() not in low:  # a substring test first: most replies do not have it
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


def _stem(word: str) -> str:
    """A prefix that survives inflection: bills -> bill, växelfel -> växelf, wires -> wire."""
    return word if len(word) <= 4 else word[: max(4, len(word) - 2)]


def _joined_words(ctx: Context) -> str:
    """The reply's words joined by single spaces, with a space before each word (words have
    no spaces): a word starting with `stem` is found with one str.find for " " + stem."""
    joined = ctx.memo.get("joined_words")
    if joined is None:
        joined = ctx.memo["joined_words"] = " " + " ".join(ctx.word_texts) + " "
    return joined  # type: ignore[no-any-return]


def _prefixed(ctx: Context, stem: str) -> Span | None:
    """Where the reply first uses the word `stem`, else the first word starting with it."""
    joined = _joined_words(ctx)
    at = joined.find(" " + stem + " ")
    if at < 0:
        at = joined.find(" " + stem)
        if at < 0:
            return None
    word = ctx.words[joined.count(" ", 0, at)]  # the spaces before it: its index
    return word[1], word[2]


@lru_cache(maxsize=4096)
def _content_words(locale: str, value: str) -> tuple[str, ...]:
    stop = lexicon(locale).stopwords
    content = [w for w, _s, _e in tokens(value) if len(w) >= 3 and w not in stop]
    return tuple(content or [w for w, _s, _e in tokens(value)])


def _text_spans(ctx: Context, value: str, stems: tuple[str, ...] | None = None) -> list[Span]:
    """Meaningful-token overlap: at least half the fact's content words, inflections allowed
    (`stems`: the content words' stems, when the caller has them)."""
    if stems is None:
        stems = tuple(map(_stem, _content_words(ctx.locale, value)))
    found: list[Span] = []
    for stem in stems:
        span = _prefixed(ctx, stem)
        if span:
            found.append(span)
    need = 0.5 if len(stems) <= 4 else 0.4
    return found if stems and len(found) >= max(1.0, need * len(stems)) else []


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
    return _row_spans(ctx, _row(ctx, fact) if row is None else row)


def _row_spans(ctx: Context, row: FactRow) -> list[Span]:
    kind = row.kind
    if kind == "identifier":
        return _identifier_spans(ctx, row.value)
    if kind == "text":
        if row.private:
            # the secure channel is stated by any move to private messages
            return _text_spans(ctx, row.value, row.stems) or ctx.spans("private")
        return _text_spans(ctx, row.value, row.stems)
    tol = ctx.rubric.approx_tolerance
    want, unit = row.want, row.unit
    return [m.span for m in reply_mentions(ctx)
            if (m.kind == kind or (kind == "money" and m.kind == "number"))
            and _value_matches(m, kind, want, unit, tol)]


def required_facts(ctx: Context) -> list[Finding]:
    """One credit per required fact, pointing at where it is stated; optional facts are noted."""
    out = []
    for row in fact_rows(ctx):
        spans = _row_spans(ctx, row)
        if row.required:
            key = "facts.stated" if spans else "facts.missing"
            out.append(ctx.finding(key, 1.0 if spans else 0.0, spans[:3], max_points=1.0,
                                   label=row.label, detail=row.id))
        elif spans and not row.personal:
            out.append(ctx.finding("facts.stated", 0.0, spans[:3], ok=True, label=row.label,
                                   detail=row.id))
    return out


def _known_digits(ctx: Context) -> set[str]:
    def build() -> set[str]:
        out: set[str] = set()
        for fact in ctx.case.facts:
            text = str(fact.value)
            out.update(re.findall(r"\d+", text))
            out.update(w.lower() for w, _s, _e in tokens(text))
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
    kind = m.kind
    if kind == "url":
        urls = tuple(r for r in rows if r.kind == "url")
        return bool(urls) and not _matches_any(m, urls, tol)
    if kind in ("number", "identifier"):
        value = m.value if kind == "identifier" else str(m.value)
        few_digits = sum(map(str.isdigit, value)) < 3
        if kind == "identifier" and (ORDINAL.match(m.value) or few_digits):
            return False
        if kind == "number" and m.value < 10 and "number" not in _fact_kinds(ctx):
            return False
        raw = ctx.text[m.span[0] : m.span[1]].lower()
        return raw not in _known_digits(ctx) and str(m.value).lower() not in _known_digits(ctx)
    if kind == "duration":
        if "duration" not in _fact_kinds(ctx):
            return False
        if m.within:  # a service level or a threshold: wrong only where it states a KB value
            if _matches_any(m, rows, tol) or not _in_context(ctx, m):
                return False
    if _matches_any(m, rows, tol):
        return False
    values = _post_values(ctx)[0]
    if kind == "money" and ("number", m.value) in values:
        return False
    return (kind, m.value) not in values


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
            stems = tuple(_stem(w) for w in _content_words(ctx.locale, f.label) if w not in skip)
            out[f.id] = (joined, service, stems)
        return out

    return ctx.per_case("duration_labels", build)[fact.id]


def _near(ctx: Context, span: Span, stems: tuple[str, ...]) -> bool:
    """A word starting with one of `stems` in the sentence around `span` (not in the span)."""
    if not stems:
        return False
    starts = ctx.once("sentence_starts", lambda: sentence_starts(ctx.text))
    i = bisect.bisect_right(starts, span[0])
    lo = starts[i - 1] if i else 0
    hi = starts[i] if i < len(starts) else len(ctx.text)
    return any(lo <= s < hi and not span[0] <= s < span[1] and w.startswith(stems)
               for w, s, _e in ctx.words)


def contradictions(ctx: Context) -> list[Finding]:
    """Every value in the reply that the knowledge base does not back: severe, one each."""
    out = []
    for m in reply_mentions(ctx):
        if _contradicts(ctx, m):
            text = ctx.text[m.span[0] : m.span[1]]
            out.append(ctx.finding("facts.contradiction", -ctx.penalty("contradiction"), [m.span],
                                   severe=True, text=text, detail=f"{m.kind}: {text}"))
    return out


CRITERIA = [required_facts, contradictions]
