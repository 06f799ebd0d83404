"""Tone credits: what a good public reply does, one small criterion each.

Each criterion has the same signature, `(ctx) -> Finding | list[Finding] | None`, earns up to
its rubric weight (`Rubric.tone_credits`) and points at the words that earned it. A reply that
games the grader (stuffing, copying the post, too short) earns no credit here; see gaming.py.
"""

from __future__ import annotations

import re
from typing import Any

from grading.model import Finding, Span
from grading.readability import flesch, lix
from grading.reading.context import Context
from grading.reading.names import customer_named
from grading.reading.pinned import pointer
from grading.reading.stuffing import blocked
from grading.rubric import Rubric

OPENING = 100  # a greeting or the customer's name counts within the first characters
CLOSING = 70  # a sign-off is looked for in the last characters
STOCK_CREDIT = 0.25  # a stock apology or acknowledgement earns a quarter
SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")


def _credit(
    ctx: Context, key: str, fraction: float, spans: list[Span], **fmt: Any
) -> Finding | None:
    """A tone credit worth `fraction` of its weight, unless gaming blocks tone credit."""
    weight = float(ctx.rubric.tone_credits.get(key, 0.0))
    if weight <= 0:
        return None
    criterion = _CRITERION_IDS.get(key) or _CRITERION_IDS.setdefault(key, f"tone.{key}")
    reason = blocked(ctx, key) if fraction > 0 else None
    if reason:  # the tip must not ask for what is there: it says why it earns nothing
        found = ctx.finding(criterion, 0.0, spans, max_points=weight, ok=False,
                            detail=f"no credit: {reason}", **fmt)
        return found._replace(tip=ctx.lex.tip("tone.no_credit"))
    return ctx.finding(criterion, weight * fraction, spans, max_points=weight, **fmt)


_CRITERION_IDS: dict[str, str] = {}  # credit key -> "tone.<key>"


def greeting(ctx: Context) -> Finding | None:
    """Greeting by name opens a human conversation; a greeting or the name alone is 60 %."""
    greets = [s for s in ctx.spans("greetings") if s[0] < OPENING]
    names = customer_named(ctx, OPENING + 40)
    fraction = 1.0 if greets and names else 0.6 if greets or names else 0.0
    first = ctx.case.customer.name.split()[0]
    return _credit(ctx, "greeting", fraction, greets[:1] + names, first_name=first)


def acknowledge(ctx: Context) -> Finding | None:
    """Naming the customer's feeling shows they were heard before they are helped; praise has
    no frustration to acknowledge, so it is not asked for there."""
    if ctx.pleased:
        return None
    put_downs = ctx.spans("condescension")  # "sorry you feel that way" acknowledges nothing
    spans = [s for s in ctx.spans("acknowledge") if not _inside(s, put_downs)]
    return _unless_stock(ctx, "acknowledge", spans[:3], "stock_acknowledge")


def apology(ctx: Context) -> Finding | None:
    """An apology is owed when the company is at fault; otherwise it is not scored."""
    if not ctx.case.company_at_fault:
        return None
    put_downs = ctx.spans("condescension") + ctx.conditional_apologies  # "sorry if you feel"
    spans = [s for s in ctx.spans("apologies") if not _inside(s, put_downs)]
    return _unless_stock(ctx, "apology", spans[:2], "stock_apology")


def _unless_stock(ctx: Context, key: str, spans: list[Span], stock_list: str) -> Finding | None:
    """Full credit for the words found, a quarter when they are all a stock formula said to
    everyone ("we understand your frustration", "sorry for any inconvenience"), with a tip
    that says so."""
    stock = ctx.spans(stock_list) if spans else []
    if stock and all(_inside(s, stock) for s in spans):
        found = _credit(ctx, key, STOCK_CREDIT, spans)
        return found and found._replace(tip=ctx.lex.tip(f"tone.{stock_list}"))
    return _credit(ctx, key, 1.0 if spans else 0.0, spans)


def _inside(span: Span, within: list[Span]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in within)


def thanks(ctx: Context) -> Finding | None:
    """Thanking for the post turns a complaint into feedback the company wanted; to a troll or
    a furious customer it jars, so it is not asked for there."""
    if ctx.case.family == "troll_or_rager" or ctx.case.customer.emotion == "furious":
        return None
    spans = ctx.spans("thanks")
    return _credit(ctx, "thanks", 1.0 if spans else 0.0, spans[:2])


def ownership(ctx: Context) -> Finding | None:
    """'I'll check', 'our mistake': a person takes the problem on instead of deflecting it;
    not where the clause denies it ('isn't our fault', 'inte vårt fel')."""
    spans = [s for s in ctx.spans("ownership") if not ctx.negated(s[0], 16, regrets=False)]
    return _credit(ctx, "ownership", 1.0 if spans else 0.0, spans[:3])


def next_step(ctx: Context) -> Finding | None:
    """A concrete next step (a link, a form, a DM, an update) is what the customer can act on;
    asking for their card number is not one, and "check our website" is only part of one."""
    asks = ctx.requests.spans
    spans = [s for s in ctx.spans("next_step") + ctx.private_spans
             if not asks or not _in_request(s, asks, ctx)]
    urls = _url_spans(ctx)
    vague = ctx.spans("vague_next_step") if spans and not urls else []
    if vague and all(_inside(s, vague) for s in spans):
        found = _credit(ctx, "next_step", 0.4, sorted(spans)[:3])
        return found and found._replace(tip=ctx.lex.tip("tone.vague_next_step"))
    spans += urls + pointer(ctx)  # a drill: "it's all in our pinned post" is a next step
    return _credit(ctx, "next_step", 1.0 if spans else 0.0, sorted(spans)[:3])


def _in_request(span: Span, asks: list[Span], ctx: Context) -> bool:
    """Whether `span` is in the clause of a request for personal data ("Reply here with your
    account number"): the harmful request itself is no next step."""
    clause = ctx.clause_at(span[0])
    if clause is None:
        return False
    return any(clause.start <= s < clause.end for s, _e in asks)


def _url_spans(ctx: Context) -> list[Span]:
    return [m.span for m in ctx.mentions if m.kind == "url"]


def signoff(ctx: Context) -> Finding | None:
    """A personal sign-off ('/Anna') shows a person answered; a team name earns half."""
    found = ctx.signoff
    if found is None:
        return _credit(ctx, "signoff", 0.0, [])
    span, name = found
    return _credit(ctx, "signoff", 0.5 if _is_team(ctx, name) else 1.0, [span])


def _is_team(ctx: Context, name: str) -> bool:
    low = name.lower()
    brand = ctx.case.brand
    if low in (brand.name.lower(), brand.handle.lower()):
        return True
    team = ctx.lex.pattern("team_words")
    return bool(team and team.search(name))


def readability(ctx: Context) -> Finding | None:
    """Short sentences and words read faster on a phone: LIX for sv/nb, Flesch for en."""
    text = ctx.text[:3000]
    whole = text is ctx.text
    chunks = ctx.chunks if whole else None  # the reply's own, lowered
    spaced = whole and ctx.spaced
    score, easy = readability_score(text, ctx.locale, ctx.rubric, chunks, spaced)
    spans: list[Span] = []
    if easy < 1.0:
        spans = _longest_sentence(ctx.text[:3000])
    finding = _credit(ctx, "readability", easy, spans)
    if finding is None:
        return None
    metric = "flesch" if ctx.locale == "en" else "lix"
    detail = f"{finding.detail} {metric}={score:.1f}".strip()
    return tuple.__new__(Finding, (*finding[:6], detail))  # finding._replace(detail=detail)


def _longest_sentence(text: str) -> list[Span]:
    """The (first) longest sentence, without its trailing white space. The sentences tile the
    text after any leading '.', '!', '?' or line breaks, so each one's start is the sum of the
    lengths before it (found in C, without a match object per sentence)."""
    sentences = SENTENCE.findall(text)
    if not sentences:
        return []
    longest = max(sentences, key=len)
    start = len(text) - len(text.lstrip(".!?\n")) + sum(map(len, sentences[: sentences.index(
        longest)]))
    return [(start, start + len(longest.rstrip()))]


def readability_score(text: str, locale: str, rubric: Rubric, chunks: list[str] | None = None,
                      spaced: bool = False) -> tuple[float, float]:
    """(raw metric, fraction of credit): Flesch for en, LIX for sv and nb (grading.readability;
    `chunks`: the text's white-space chunks, any case, and `spaced`: whether single spaces
    between them are all its white space, when the caller has them)."""
    if locale == "en":
        raw = flesch(text)
        lo, hi = rubric.flesch_hard, rubric.flesch_easy
        fraction = (raw - lo) / (hi - lo)
    else:
        raw = lix(text, chunks, spaced)  # LIX is language-independent
        fraction = (rubric.lix_hard - raw) / (rubric.lix_hard - rubric.lix_easy)
    return raw, min(1.0, max(0.0, fraction))


def brevity(ctx: Context) -> Finding | None:
    """With a troll (do_not_feed) the best public reply is one brief, calm line: full credit up
    to `Rubric.brief_words` words, none at twice that."""
    if not ctx.has_policy("do_not_feed"):
        return None
    n = len([w for w in ctx.words if w[0][:1].isalpha()])
    limit = ctx.rubric.brief_words
    fraction = min(1.0, max(0.0, (2 * limit - n) / limit))
    return _credit(ctx, "brevity", fraction, [], words=n)


def channel_fit(ctx: Context) -> Finding | None:
    """Within the channel's limit (280 on Twitter) the whole answer is seen; over it costs."""
    limit = ctx.case.char_limit
    fits = len(ctx.reply) <= limit
    return _credit(ctx, "channel_fit", 1.0 if fits else 0.0, [], limit=limit)


CRITERIA = [greeting, acknowledge, apology, thanks, ownership, next_step, signoff, readability,
            brevity, channel_fit]
