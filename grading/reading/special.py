"""Special needs in a post: a small child, medication, a missed connection.

A care lead takes these first in a disruption (lesson 7). The shift desk's urgency order uses
them to break ties, and a drill's speed score holds them to a shorter target
(`Rubric.special_first`), so both read them here, from the case alone.
"""

from __future__ import annotations

import re
from typing import Any

SPECIAL_NEEDS: dict[str, re.Pattern[str]] = {
    "child": re.compile(
        r"\b(child(ren)?|kids?|bab(y|ies)|toddlers?|infants?|pushchair|pram|"
        r"(små|späd)?barn(et|en|a|s)?|bebis(en|ar)?|babyen|ung(ar|arna|er|ene|en))\b",
        re.IGNORECASE,
    ),
    "medication": re.compile(
        r"\b(medications?|medicines?|meds|insulin(et)?|prescriptions?|"
        r"medicin(en|er|erna)?|läkemedel|läkemedl(et|en)|medisin(en|er|ene)?|legemidl(er|ene)|"
        r"legemiddel(et)?)\b",
        re.IGNORECASE,
    ),
    "connection": re.compile(
        r"\b(missed (my |the |our )?connection|connecting (flight|train)|onward (flight|train)|"
        r"anslutning(en|ståget|sflyget)|missa\w* (mitt |vårt )?byte|"
        r"korrespondansen|(rakk|rekker|mistet) (ikke )?(forbindelsen|flyet videre|toget videre))\b",
        re.IGNORECASE,
    ),
}


def special_needs(case: Any) -> tuple[str, ...]:
    """The special needs the case says it has: a fact named for one, or the post or its thread
    saying so."""
    fact_ids = " ".join(fact.id for fact in case.facts)
    said = " ".join([case.post.text, *(earlier.text for earlier in case.thread)])
    return tuple(
        need
        for need, pattern in SPECIAL_NEEDS.items()
        if need in fact_ids or pattern.search(said)
    )
