"""Where a reply moves the conversation to a private channel: the next-step credit, the
move-to-private check and the data-request check all ask, so it is found once per grade."""

from __future__ import annotations

from grading.model import Span
from grading.reading.context import Context
from grading.reading.values import is_private_fact, stated_spans


def find_private_spans(ctx: Context) -> list[Span]:
    """Where the reply moves to private messages: a DM phrase, or naming the secure channel
    the knowledge base gives ('the chat in the app'). Read as `Context.private_spans`."""
    spans = list(ctx.spans("private"))
    for fact in ctx.case.facts:
        if is_private_fact(ctx, fact):
            spans.extend(stated_spans(ctx, fact))
    return sorted(set(spans))
