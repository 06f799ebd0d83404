"""The proactive post (lesson 7): what happened, who is affected, what to do now, the rights the
knowledge base states, and when the next update comes. Each part is a facts credit for the share
of its facts (the case's facts marked with that `part`) the post states; who is affected must
also be said in so many words (the lexicon's `post_who`: "this affects ..."), since "all
departures are cancelled" in passing leaves readers asking whether it means them. Only for a post
(`Rubric.proactive_post`, see grading.grade_post); the apology, the calm tone and guaranteeing
nothing beyond the knowledge base are graded by the tone and claims criteria as in any reply.
"""

from __future__ import annotations

from grading.model import Finding
from grading.reading.context import Context
from grading.reading.values import fact_rows, row_spans

PARTS = ("what", "who", "do_now", "rights", "next_update")
PART_POINTS = 2.0  # a part weighs as much as two facts: a post without one fails its readers
MARKER_MISSING_SHARE = 0.5  # a part's facts only in passing, not said as that part


def post_parts(ctx: Context) -> list[Finding]:
    """One credit per part the knowledge base has facts for."""
    if not ctx.rubric.proactive_post:
        return []
    by_part: dict[str, list[tuple[str, list[tuple[int, int]]]]] = {}
    for row in fact_rows(ctx):
        part = getattr(row.fact, "part", None)
        if part in PARTS:
            by_part.setdefault(part, []).append((row.label, row_spans(ctx, row)))
    out = []
    for part in PARTS:
        rows = by_part.get(part)
        if not rows:
            continue
        stated = [spans[0] for _label, spans in rows if spans]
        labels = [label for label, spans in rows if spans]
        missing = [label for label, spans in rows if not spans]
        share = len(stated) / len(rows)
        marker = f"post_{part}"  # a part the lesson wants said in so many words ("This affects")
        if stated and marker in ctx.lex.data and not ctx.spans(marker):
            share *= MARKER_MISSING_SHARE
            missing = missing or labels  # stated in passing: say it as this part
        out.append(ctx.finding(f"facts.post_{part}", PART_POINTS * share, stated,
                               max_points=PART_POINTS, missing="; ".join(missing),
                               detail=f"{part}: {len(stated)} of {len(rows)} facts"))
    return out


CRITERIA = [post_parts]
