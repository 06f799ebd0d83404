"""The reply's sign-off ('/Anna', '/Hannah, Skylark Air'), found once per grade: tone credits it
and claims skips its name when it looks for names the knowledge base does not know."""

from __future__ import annotations

from grading.model import Span
from grading.reading.context import Context

CLOSING = 70  # a sign-off is looked for in the last characters


def find_signoff(ctx: Context) -> tuple[Span, str] | None:
    """The sign-off at the end of the reply (its span and the name), if there is one. Read as
    `Context.signoff`."""
    text = ctx.text
    end = len(text)
    while end and not text[end - 1].isalnum():
        end -= 1  # trailing spaces and punctuation ("/Anna!" ends at "Anna")
    body = text[:end]
    start = max(0, len(body) - CLOSING)
    tail = body[start:]
    for pat in ctx.lex.each("signoff"):
        m = pat.search(tail)
        if m:
            group = "name" if "name" in pat.groupindex else 0
            return (start + m.start(group), start + m.end(group)), m.group(group)
    return None
