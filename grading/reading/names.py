"""The customer named in the reply: their first name, full name or handle, read once per case
and searched in the lower-cased reply where that finds the same, as greetings and the bare-answer
check both need it."""

from __future__ import annotations

import re

from grading.charmap import char_map
from grading.model import Span
from grading.reading.context import Context

# Characters whose case IGNORECASE matches across more than lower(): the dotless i, the long s,
# the micro sign, Greek and Cyrillic letters with two lower-case forms (the _EXTRA_CASES of
# Python's re). Where a name or the opening has one, names are matched with the regex's own
# IGNORECASE; elsewhere a case-sensitive search of the lower-cased text finds the same.
CASE_FOLD_EXTRAS = frozenset("µıſͅΐΰβεθικμπρςσφϐϑϕϖϰϱϵвдостъѣᲀᲁᲂᲃᲄᲅᲆᲇᲈṡẛιΐΰꙋﬅﬆ")
HAS_CASE_FOLD_EXTRA = re.compile("[" + "".join(sorted(CASE_FOLD_EXTRAS)) + "]")


def _names(ctx: Context) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    r"""The customer's names as `(?:alts)(?!\w)`, IGNORECASE, and the same in lower case for
    lower-cased text (None when lower-casing would not find the same); `customer_named` checks the
    `(?<!\w)` before each in Python (a pattern that starts with a look-behind is tried at every
    character)."""
    def build() -> tuple[re.Pattern[str], re.Pattern[str] | None]:
        cust = ctx.case.customer
        parts = [p for p in sorted({cust.name.split()[0], cust.name, cust.handle,
                                    "@" + cust.handle}, key=len, reverse=True) if p]
        cased = re.compile(rf"(?:{'|'.join(map(re.escape, parts))})(?!\w)", re.IGNORECASE)
        low = [p.lower() for p in parts]
        if any(len(a) != len(b) for a, b in zip(parts, low, strict=True)) or not (
                CASE_FOLD_EXTRAS.isdisjoint("".join(low))):
            return cased, None
        return cased, re.compile(rf"(?:{'|'.join(map(re.escape, low))})(?!\w)")

    return ctx.per_case("names_at", build)


def _case_fold_extra(text: str, low: str, endpos: int) -> bool:
    """Whether low[:endpos] has one of CASE_FOLD_EXTRAS (of which Latin-1 has only µ)."""
    if char_map(text) is not None:
        return "µ" in low[:endpos]
    return HAS_CASE_FOLD_EXTRA.search(low, 0, endpos) is not None


def customer_named(ctx: Context, endpos: int) -> list[Span]:
    r"""Where the reply first names the customer (first name, full name or handle) in
    text[:endpos]: the first of what `(?<!\w)(?:alts)(?!\w)` finds (a list of one, or none);
    a match after a word character is skipped and the search goes on from the next character,
    as the regex engine would."""
    cased, lowered = _names(ctx)
    text = ctx.text
    low = ctx.lower
    if (lowered is not None and low is not None and len(low) == len(text)
            and not _case_fold_extra(text, low, endpos)):
        search, text = lowered.search, low  # the same matches, found faster
    else:
        search = cased.search
    pos = 0
    while (m := search(text, pos, endpos)) is not None:
        s = m.start()
        if s and (text[s - 1].isalnum() or text[s - 1] == "_"):
            pos = s + 1
            continue
        return [m.span()]
    return []
