"""Facts: every required fact stated correctly, and a family's other value stated instead of
the case's is a wrong fact. What a fact "is stated" means lives in the reading (reading/values.py);
values the knowledge base contradicts are in contradictions.py, claims beyond it in claims.py."""

from __future__ import annotations

import datetime

from grading.model import Finding
from grading.reading.context import Context
from grading.reading.pinned import pinned_facts, pointer
from grading.reading.values import fact_rows, row_spans, superseded_rows, wrong_alternative


def required_facts(ctx: Context) -> list[Finding]:
    """One credit per required fact, pointing at where it is stated; optional facts are noted."""
    out = []
    in_pinned = pinned_facts(ctx)  # a drill: what the pinned post the reply points to states
    for row in fact_rows(ctx):
        spans = row_spans(ctx, row)
        wrong = None if spans or not row.alternatives else wrong_alternative(ctx, row)
        if wrong is not None:  # "a signal failure" where the knowledge base says "points"
            said, where = wrong
            out.append(ctx.finding("facts.wrong_value", -ctx.penalty("wrong_value"), where,
                                   severe=True, text=said, right=row.value, label=row.label,
                                   detail=row.id))
        elif not spans and row.id in in_pinned:
            if row.required:
                out.append(ctx.finding("facts.in_pinned", 1.0, pointer(ctx)[:1], max_points=1.0,
                                       label=row.label, detail=row.id))
            continue
        if row.required:
            key = "facts.stated" if spans else "facts.missing"
            out.append(ctx.finding(key, 1.0 if spans else 0.0, spans[:3], max_points=1.0,
                                   label=row.label, detail=row.id))
        elif spans and not row.personal:
            out.append(ctx.finding("facts.stated", 0.0, spans[:3], ok=True, label=row.label,
                                   detail=row.id))
    return out


def superseded(ctx: Context) -> list[Finding]:
    """A value an update replaced (a drill: "cancelled up to and including the 16th" after the
    airspace reopened) is a wrong fact now: severe, with the new value in the tip. The day after
    a current "up to and including" date is when things run again, not the old date."""
    old_rows = superseded_rows(ctx)
    if not old_rows:
        return []
    current = {row.id: row for row in fact_rows(ctx)}
    days_after = {_next_day(row.want) for row in current.values() if row.kind == "date"}
    out = []
    for row in old_rows:
        spans = [s for s in row_spans(ctx, row) if not _said_as_old(ctx, s)]
        if spans and row.kind == "date" and row.want in days_after:
            spans = [s for s in spans if _after_through(ctx, s)]  # "until the 16th", not "on"
        if spans and row.kind == "duration":  # "every 30 minutes", not any half hour
            spans = [m.span for m in ctx.mentions if m.span in spans and m.within]
        if spans:
            now = current.get(row.id)
            out.append(ctx.finding("facts.superseded", -ctx.penalty("wrong_value"), spans[:3],
                                   severe=True, label=row.label, old=row.value,
                                   right=now.value if now else "-", detail=row.id))
    return out


def _after_through(ctx: Context, span: tuple[int, int]) -> bool:
    """An "until" or "up to and including" right before the date ("until 16 April", "till och
    med den 16 april", "until Thursday 16 April")."""
    marker = ctx.lex.pattern("until_date")
    before = ctx.text[max(0, span[0] - 30) : span[0]]
    found = list(marker.finditer(before)) if marker is not None else []
    return bool(found) and len(before[found[-1].end() :].split()) <= 4  # "i morgon den"


def _said_as_old(ctx: Context, span: tuple[int, int]) -> bool:
    """The old value said as old: "every 15 minutes (was 30)", "no longer until the 16th"."""
    words = ctx.lex.pattern("correction_words")
    if words is None:
        return False
    around = ctx.text[max(0, span[0] - 35) : span[1] + 20]
    return words.search(around) is not None


def _next_day(month_day: tuple[int, int] | None) -> tuple[int, int] | None:
    if month_day is None:
        return None
    day = datetime.date(2000, *month_day) + datetime.timedelta(days=1)  # a leap year: 29 Feb
    return day.month, day.day


CRITERIA = [required_facts, superseded]
