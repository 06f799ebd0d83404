"""Claims beyond the knowledge base: names it does not hold, promises the policies forbid, and a
correction without its source. Split from facts.py, which checks the knowledge base's own values.
"""

from __future__ import annotations

import re

from grading.lexicon import lexicon
from grading.model import Finding, Span
from grading.reading.context import Context
from grading.reading.pinned import pointer
from grading.reading.values import source_mentions
from grading.reading.words import tokens

# A capitalised word; the character before it (not a word character, @, #, /, . or ^) is checked
# in Python, so the regex can skip ahead to capitals fast.
PROPER = re.compile(r"[A-ZÅÄÖÆØÜÉ][a-zåäöæøüé]{2,}(?:[-][A-ZÅÄÖÆØ]?[a-zåäöæø]+)?(?![\w'’])")
NOT_BEFORE_NAME = frozenset("@#/.^")


def _sentence_start(text: str, at: int) -> bool:
    """Capitalised because a sentence (or line, or a piece after a link or emoji) starts here."""
    end = at
    while end and text[end - 1].isspace():
        end -= 1
    if not end:
        return True
    start = end
    while start and not text[start - 1].isspace():
        start -= 1
    last = text[start:end]  # the word before, as written
    return not (last[-1].isalnum() or last[-1] == ",") or "/" in last or "." in last[:-1]


def unverified_names(ctx: Context) -> Finding | None:
    """A name or place (a capitalised word inside a sentence) that neither the post, the thread
    nor the knowledge base mentions: probably a wrong name, station or destination."""
    case = ctx.case

    def known() -> tuple[set[str], frozenset[str], dict[str, bool]]:
        texts = [case.post.text, *(t.text for t in case.thread), case.customer.name,
                 case.customer.handle, case.brand.name, case.brand.handle,
                 *(f"{f.label} {f.value}" for f in case.facts), *(p.text for p in case.policies)]
        seen = {w for text in texts for w, _s, _e in tokens(text)}
        return seen, frozenset(k for k in seen if len(k) > 4), {}

    seen, stems, verdicts = ctx.per_case("known_words", known)  # verdicts: word -> known
    words = lexicon(ctx.locale).known_words
    sign = ctx.signoff
    text = ctx.text
    spans = []
    pos = 0
    while pos < len(text):
        for m in PROPER.finditer(text, pos):
            at = m.start()
            if at and (text[at - 1].isalnum() or text[at - 1] in NOT_BEFORE_NAME
                       or text[at - 1] == "_"):
                pos = at + 1  # not a name's start; one may start inside ("xAnna-Karin")
                break
            word = m.group().lower()
            is_known = verdicts.get(word)
            if is_known is None:
                is_known = word in seen or word in words or any(
                    word[:i] in stems for i in range(5, len(word) + 1))
                if len(verdicts) < 10_000:  # the capitalised words of this case's replies
                    verdicts[word] = is_known
            if is_known:
                continue
            if _sentence_start(text, at) or (sign and at >= sign[0][0]):
                continue
            spans.append(m.span())
        else:
            break
    if not spans:
        return None
    text = ctx.text[spans[0][0] : spans[0][1]]
    return ctx.finding("facts.unverified", -ctx.penalty("unverified"), spans, text=text)


def _negated(ctx: Context, start: int, end: int | None = None) -> bool:
    """A negation just before a phrase ('we can't guarantee', 'kan inte lova'), or after it in
    its clause when a polarity item comes before ('någon extra ersättning blir det inte')."""
    if ctx.negated(start):
        return True
    if end is None or not ctx.negations:
        return False
    items = ctx.lex.pattern("polarity_items")
    before = ctx.lower[max(0, start - 16) : start]
    if items is None or not items.search(before):
        return False
    return any(end <= s < end + 25 and "," not in ctx.text[end:s] for s, _e in ctx.negations)


def _unbacked_refunds(ctx: Context) -> list[Span]:
    """Refund words the knowledge base does not back: the word (its stem) appears in no fact,
    or only in money/percent facts whose value is 0 (a delay below the compensation band)."""
    out = []
    aliases = {str(k).lower(): [str(s).lower() for s in v]
               for k, v in (ctx.lex.data.get("refund_alias") or {}).items()}
    for span in ctx.spans("refund"):
        word = re.sub(r"\s+", " ", ctx.text[span[0] : span[1]].lower())
        stems = [word[:6], *aliases.get(word, []), *aliases.get(word[:6], [])]
        if _free_rebooking(ctx, span) or _in_pointer_clause(ctx, span) or _claim_link(ctx, span):
            continue
        backing = [f for f in ctx.case.facts if _backs(ctx, f"{f.label} {f.value}", stems)]
        amounts = [float(f.value) for f in backing if f.kind in ("money", "percent")]
        if not backing or (amounts and len(amounts) == len(backing) and max(amounts) <= 0):
            out.append(span)
    return out


def _claim_link(ctx: Context, span: Span) -> bool:
    """'Claim a refund at <the knowledge base's form>': where to apply, not a promise (the
    link stands in a fact or in the policy that says how claims are made)."""
    links = [m for m in ctx.mentions if m.kind == "url"]
    if not links:
        return False
    clause = ctx.clause_at(span[0])
    if clause is None:
        return False
    known = ctx.per_case("kb_links", lambda: frozenset(
        m.value for text in [*(str(f.value) for f in ctx.case.facts if f.kind == "url"),
                             *(p.text for p in ctx.case.policies)]
        for m in source_mentions(ctx.locale, text) if m.kind == "url"))
    return any(clause.start <= m.span[0] < clause.end and m.value in known for m in links)


def _in_pointer_clause(ctx: Context, span: Span) -> bool:
    """'Everything about refunds is in our pinned post' (a drill): a topic the post covers,
    not a promise ("a full refund, see our pinned post" is still one)."""
    pointers = pointer(ctx)
    topic = ctx.lex.pattern("topic_words")
    if not pointers or topic is None:
        return False
    clause = ctx.clause_at(span[0])
    if clause is None or not any(clause.start <= s < clause.end for s, _e in pointers):
        return False
    before = ctx.text[max(clause.start, span[0] - 30) : span[0]]  # "everything about refunds"
    return topic.search(before) is not None


def _free_rebooking(ctx: Context, span: Span) -> bool:
    """'You can rebook free of charge at ...' where the knowledge base gives a rebooking link:
    what lesson 7 teaches, not a refund promise."""
    clause = ctx.clause_at(span[0])
    rebook = ctx.spans("rebooking")
    if clause is None or not any(clause.start <= s < clause.end for s, _e in rebook):
        return False
    marker = ctx.lex.pattern("rebooking")
    return marker is not None and any(marker.search(f"{f.id} {f.label}")
                                      for f in ctx.case.facts if f.kind == "url")


def _backs(ctx: Context, fact_text: str, stems: list[str]) -> bool:
    """A KB text says this (un-negated: 'no compensation on top' backs no compensation)."""
    low = fact_text.lower()
    neg = ctx.lex.pattern("negations")
    for stem in stems:
        at = low.find(stem)
        while at >= 0:
            if not (neg and neg.search(low[max(0, at - 20) : at])):
                return True
            at = low.find(stem, at + 1)
    return False


def _words_only(text: str, span: Span) -> Span:
    """A phrase's span without the punctuation some phrases carry (", guaranteed" -> the word)."""
    s, e = span
    while s < e and not text[s].isalnum():
        s += 1
    while e > s and not text[e - 1].isalnum():
        e -= 1
    return (s, e) if e > s else span


def promises(ctx: Context) -> list[Finding]:
    """Guarantees, refunds beyond the knowledge base and dates it does not give."""
    out: list[Finding] = []

    links = [m.span for m in ctx.mentions if m.kind == "url"] if "/" in ctx.text else []

    def flag(spans: list[Span], severe: bool) -> None:
        spans = [_words_only(ctx.text, s) for s in spans if not _negated(ctx, s[0], s[1])
                 and not any(a <= s[0] < b for a, b in links)]  # "example/refusjon" is a link
        if not spans:
            return
        key = "promise" if severe else "soft_promise"
        text = ctx.text[spans[0][0] : spans[0][1]]
        out.append(ctx.finding(f"facts.{key}", -ctx.penalty(key), spans, severe=severe, text=text))

    guarantees = ctx.spans("guarantee")
    if guarantees:
        flag(guarantees, severe=ctx.has_policy("no_guarantee"))
    if ctx.has_policy("no_refund_promise"):
        flag(_unbacked_refunds(ctx), severe=True)
        full = ctx.spans("full_refund")
        if full:
            bands = [float(f.value) for f in ctx.case.facts if f.kind == "percent"]
            if bands and max(bands) < 100:
                flag(full, severe=True)
    if ctx.has_policy("no_date_promise"):
        dates = ctx.spans("date_promise")
        if dates:
            flag(dates, severe=True)
    return out


def cite_source(ctx: Context) -> Finding | None:
    """A correction of a misguided post must point to a source (cite_source policy)."""
    if not ctx.has_policy("cite_source") or ctx.spans("source"):
        return None
    return ctx.finding("facts.no_source", -ctx.penalty("no_source"), [])


CRITERIA = [unverified_names, promises, cite_source]
