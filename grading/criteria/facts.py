"""Facts: every required fact stated correctly, and a family's other value stated instead of
the case's is a wrong fact. What a fact "is stated" means lives in the reading (reading/values.py);
values the knowledge base contradicts are in contradictions.py, claims beyond it in claims.py."""

from __future__ import annotations

from grading.model import Finding
from grading.reading.context import Context
from grading.reading.values import fact_rows, row_spans, wrong_alternative


def required_facts(ctx: Context) -> list[Finding]:
    """One credit per required fact, pointing at where it is stated; optional facts are noted."""
    out = []
    for row in fact_rows(ctx):
        spans = row_spans(ctx, row)
        wrong = None if spans or not row.alternatives else wrong_alternative(ctx, row)
        if wrong is not None:  # "a signal failure" where the knowledge base says "points"
            said, where = wrong
            out.append(ctx.finding("facts.wrong_value", -ctx.penalty("wrong_value"), where,
                                   severe=True, text=said, right=row.value, label=row.label,
                                   detail=row.id))
        if row.required:
            key = "facts.stated" if spans else "facts.missing"
            out.append(ctx.finding(key, 1.0 if spans else 0.0, spans[:3], max_points=1.0,
                                   label=row.label, detail=row.id))
        elif spans and not row.personal:
            out.append(ctx.finding("facts.stated", 0.0, spans[:3], ok=True, label=row.label,
                                   detail=row.id))
    return out


CRITERIA = [required_facts]
