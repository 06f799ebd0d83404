"""Tone penalties: what makes a public reply worse, one small criterion each.

Over-familiarity ("kram"), blaming the customer, talking down to them, sarcasm, jargon,
shouting, insults, the wrong language, a reply over the channel's limit, a sales pitch where the
policy forbids one, and a curt or hostile register by the politeness signal. Each penalty
points at the offending words.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from grading.charmap import capital_runs
from grading.lexicon import exclusive_stopwords, merge
from grading.memo import Memo
from grading.model import Finding, Span
from grading.reading.clauses import words as reading_words
from grading.reading.context import Context
from grading.reading.names import customer_named
from grading.reading.politeness import politeness_above, politeness_context

if TYPE_CHECKING:
    from scenarios.case import Emotion

SENTENCE_END = re.compile(r"[.!?]")
BANGS = re.compile(r"[!?]*![!?]*!+[!?]*|\?{3,}")
SV_LETTERS = re.compile(r"[äöÄÖ]")
NB_LETTERS = re.compile(r"[æøÆØ]")
TRAILING_KISS = re.compile(r"\s([xX]{1,3})[\s.!]*$")  # a kiss at the very end, in any language
LANGUAGE_NAMES = {"sv": "svenska", "nb": "norsk", "en": "English"}


def _phrase_penalty(ctx: Context, key: str, lexicon_list: str,
                    severe: bool = False) -> Finding | None:
    return _penalty(ctx, key, ctx.spans(lexicon_list), severe)


def _penalty(ctx: Context, key: str, spans: list[Span], severe: bool = False) -> Finding | None:
    """The `tone.<key>` penalty pointing at `spans` and quoting the first, or None without any."""
    if not spans:
        return None
    word = ctx.text[spans[0][0] : spans[0][1]]
    return ctx.finding(f"tone.{key}", -ctx.penalty(key), spans, severe=severe, word=word)


def familiarity(ctx: Context) -> Finding | None:
    """'kram', 'klem', hugs and kisses: too familiar for a company talking to a customer; a heart
    is too, except in reply to praise, where brands send one back."""
    spans = ctx.spans("familiarity")
    if not ctx.pleased:
        spans = merge(list(spans), ctx.spans("affection"))
    kiss = TRAILING_KISS.search(ctx.text, max(0, len(ctx.text) - 12))  # "cheers x", "/Anna xx"
    if kiss:
        spans = merge(list(spans), [(kiss.start(1), kiss.end(1))])
    return _penalty(ctx, "familiarity", spans, severe=True)


def blame(ctx: Context) -> Finding | None:
    """'As stated in our terms', 'you should have': defensiveness escalates a public complaint."""
    return _phrase_penalty(ctx, "blame", "blame", severe=True)


def condescension(ctx: Context) -> Finding | None:
    """Talking down to the customer: what to do next time, 'I'm sure you know', 'like everyone
    else', 'no need to shout', 'as we have said many times', rhetorical questions at them,
    their own words handed back in scare quotes. A polite surface does not make it polite;
    every follower reads the put-down."""
    spans = merge(merge(merge(list(ctx.spans("condescension")), ctx.rhetorical_questions),
                        ctx.conditional_apologies), ctx.echoes)
    if not ctx.pleased:  # "most customers love it": shared joy to a pleased one
        spans = merge(spans, ctx.spans("unless_pleased"))
    return _penalty(ctx, "condescension", spans, severe=True)


HEATED: frozenset[Emotion] = frozenset({"angry", "furious"})


def undertone(ctx: Context) -> Finding | None:
    """Two or more words that talk down ("just", "maybe", "of course", "ju", "jo"), or one and
    a smiley to a customer who is not pleased: alone each is harmless, together they are the
    undertone of a passive-aggressive reply. Severe with two different words, or a word and a
    smiley to an angry customer; severe with its own mild factor (`undertone_factor`), a hint
    that costs less than a put-down's verdict. Smileys alone are how many agents sound
    friendly: no undertone; but a wink or a smug grin ("😉", "😎") at a customer who is not
    pleased is the irony itself, and severe alone (a nervous grin at our own slip is not, nor
    applause but to an annoyed customer)."""
    words = ctx.spans("undertone")
    winks = [] if ctx.pleased else _winks(ctx)
    if not words and not winks:
        return None
    said = {ctx.lower[s:e] for s, e in words}
    spans = words if ctx.pleased else merge(merge(list(words), ctx.spans("smileys")), winks)
    if not winks and len({ctx.lower[s:e] for s, e in spans}) < 2:
        return None
    severe = bool(winks) or len(said) >= 2 or ctx.case.customer.emotion in HEATED
    return _penalty(ctx, "undertone", spans, severe=severe)


DISPLEASED: frozenset[Emotion] = frozenset({"annoyed", "angry", "furious"})


def _winks(ctx: Context) -> list[Span]:
    """The winks that read as irony: a nervous grin in a clause about us is at ourselves
    ("wrong link from us 😅"), and applause only mocks a customer who is displeased."""
    found = [s for s in ctx.spans("winks") if not _at_ourselves(ctx, s)]
    if ctx.case.customer.emotion in DISPLEASED:
        found = merge(found, ctx.spans("applause"))
    return found


def _at_ourselves(ctx: Context, span: Span) -> bool:
    """A grin at our own slip: a word for us ("us", "vi", "oss"; not "min" after a number,
    which is minutes) and a word of a slip ("oops", "fel", "feil") in its sentence before it."""
    if span not in ctx.spans("self_winks"):
        return False
    start = max((s for s, _e in ctx.sentences if s <= span[0]), default=0)
    if not any(start <= s < span[0] for s, _e in ctx.spans("own_slips")):
        return False
    person = reading_words(ctx.locale).person
    previous = ""
    for word, s, _e in ctx.words:
        if start <= s < span[0] and person.get(word) == "us" and not previous.isdigit():
            return True
        previous = word
    return False


WARM_LISTS = ("greetings", "thanks", "acknowledge", "apologies", "warm_closings")


def curt(ctx: Context) -> Finding | None:
    """No greeting, no name, no thanks, no acknowledgement, no apology and no sign-off: a bare
    answer reads as a brush-off to a customer who is not pleased (in the natural gold set's
    tuning half no good reply is so bare, and two rude replies in three are). Severe with its
    own mild factor (`curt_factor`). A proactive post greets nobody by design."""
    if ctx.pleased or ctx.rubric.proactive_post:
        return None
    if any(ctx.spans(name) for name in WARM_LISTS) or ctx.signoff is not None:
        return None
    if customer_named(ctx, len(ctx.text)):
        return None
    return ctx.finding("tone.curt", -ctx.penalty("curt"), [], severe=True)


def sarcasm(ctx: Context) -> Finding | None:
    """Sarcasm reads as contempt to every follower who sees it."""
    return _phrase_penalty(ctx, "sarcasm", "sarcasm", severe=True)


def jargon(ctx: Context) -> Finding | None:
    """Corporate phrases ('going forward', 'i enlighet med') sound like nobody is there. A
    phrase inside a blame finding ('i henhold til våre vilkår') is not counted twice."""
    blamed = ctx.spans("blame")
    spans = [s for s in ctx.spans("jargon") if not any(b0 <= s[0] < b1 for b0, b1 in blamed)]
    return _penalty(ctx, "jargon", spans)


def insult(ctx: Context) -> Finding | None:
    """An insult is never acceptable, however rude the customer was: a severe finding."""
    return _phrase_penalty(ctx, "insult", "insults", severe=True)


def shouting(ctx: Context) -> Finding | None:
    """Words in capitals and runs of '!!!' read as shouting; acronyms and the brand are fine."""
    acr = ctx.per_case("acronyms", lambda: _acronyms(ctx))
    text = ctx.text
    caps = [(s, e) for s, e in capital_runs(text, 3)
            if _alone(text, s, e) and text[s:e].lower() not in acr]
    # a run of '!' and '?' with two '!' has '!!', '!?' or '?!' in it: most replies have none
    bangs = ([m.span() for m in BANGS.finditer(text)]
             if "!!" in text or "!?" in text or "?!" in text or "???" in text else [])
    shouted = len(caps) >= 2
    spans: list[Span] = (caps if shouted else []) + bangs
    if not spans:
        return None
    return ctx.finding("tone.shouting", -ctx.penalty("shouting"), spans, severe=shouted)


def _alone(text: str, s: int, e: int) -> bool:
    """No word character right before `s` or at `e` (a whole word, not part of one)."""
    before = text[s - 1] if s else " "
    after = text[e] if e < len(text) else " "
    return not (before.isalnum() or before == "_" or after.isalnum() or after == "_")


def _acronyms(ctx: Context) -> frozenset[str]:
    words = {str(w).lower() for w in ctx.lex.data.get("acronyms") or []}
    brand = ctx.case.brand
    words |= {brand.name.lower(), brand.handle.lower()}
    return frozenset(words)


@cache
def _stopword_owner() -> dict[str, str]:
    """word -> the one locale whose stopword it is."""
    return {w: loc for loc, words in exclusive_stopwords().items() for w in words}


# A word's language as one number whose sum over the words holds a count per locale (at most
# 400 words are looked at: far below the 16 bits each count has).
_LANGUAGE_BITS = {"sv": 0, "nb": 16, "en": 32}


def _language_code(word: str) -> int:
    """1 << _LANGUAGE_BITS[the locale whose own stopword the word is, else whose letters it
    has (å/ä/ö: sv, æ/ø: nb)], or 0 (`_language_counts` sums these in C)."""
    loc = _word_locale(word)
    return 1 << _LANGUAGE_BITS[loc] if loc in _LANGUAGE_BITS else 0


_WORD_LANGUAGE: Memo[str, int] = Memo(_language_code, limit=100_000)


def _word_locale(word: str) -> str | None:
    loc = _stopword_owner().get(word)
    if loc is None and not word.isascii():
        loc = "sv" if SV_LETTERS.search(word) else "nb" if NB_LETTERS.search(word) else None
    return loc


def _language_counts(words: list[str]) -> dict[str, int]:
    """How many words are each locale's own stopwords (or have its letters)."""
    if _other_locales() or len(words) > 0xFFFF:
        counts: dict[str, int] = {}
        for word in words:  # locales beyond the three, or very many words: one by one
            loc = _word_locale(word)
            if loc is not None:
                counts[loc] = counts.get(loc, 0) + 1
        return counts
    total = sum(map(_WORD_LANGUAGE.__getitem__, words))
    return {loc: (total >> bits) & 0xFFFF for loc, bits in _LANGUAGE_BITS.items()}


@cache
def _other_locales() -> bool:
    """Whether the stopwords name a locale beyond the three that `_LANGUAGE_BITS` packs."""
    return bool(set(exclusive_stopwords()) - _LANGUAGE_BITS.keys())


def _best(counts: dict[str, int]) -> str | None:
    """The locale with the most evidence: at least 3 words and more than any other."""
    best, most, second = None, -1, -1
    for loc in exclusive_stopwords():
        n = counts.get(loc, 0)
        if n > most:
            best, most, second = loc, n, most
        elif n > second:
            second = n
    if most < 3 or most <= second:
        return None
    return best


def guess_language(words: list[str]) -> tuple[str | None, dict[str, list[int]]]:
    """The locale whose own stopwords (and letters) the text uses most, with the evidence:
    token indices per locale. None when the text gives too little to go on."""
    hits: dict[str, list[int]] = {loc: [] for loc in exclusive_stopwords()}
    for i, word in enumerate(words):
        loc = _word_locale(word)
        if loc is not None:
            hits[loc].append(i)
    return _best({loc: len(found) for loc, found in hits.items()}), hits


def other_language(ctx: Context) -> Finding | None:
    """A reply in another language than the customer's: a simple stopword-based guess."""
    texts = ctx.word_texts
    if len(texts) > 400:
        texts = texts[:400]
    counts = _language_counts(texts)  # counted in C; the evidence is collected only if needed
    best = _best(counts)
    if best is None or best == ctx.locale:
        return None
    if counts[best] < 2 * max(1, counts.get(ctx.locale, 0)):
        return None
    _best_again, hits = guess_language(texts)
    words = ctx.words
    spans = [(words[i][1], words[i][2]) for i in hits[best][:12]]
    return ctx.finding("tone.other_language", -ctx.penalty("other_language"), spans,
                       severe=True, detail=f"looks like {best}, case is {ctx.locale}")


def over_limit(ctx: Context) -> list[Finding] | None:
    """Over the channel's limit the post is cut or refused; far over it is not a reply at all."""
    limit = ctx.case.char_limit
    over = len(ctx.reply) - limit
    if over <= 0:
        return None
    far = len(ctx.reply) > 2 * limit
    key = "far_over_limit" if far else "over_limit"
    out = [ctx.finding("tone.over_limit", -ctx.penalty(key), [(limit, len(ctx.reply))],
                       limit=limit, over=over, detail=key)]
    if len(ctx.reply) > len(ctx.text):
        out.append(ctx.finding("reply.truncated", 0.0, [(len(ctx.text), len(ctx.reply))],
                               detail=f"analysed the first {len(ctx.text)} characters"))
    return out


def sales_pitch(ctx: Context) -> Finding | None:
    """Selling to someone who came with a problem, where the policy says not to; not a sales
    word denied ("no upgrade needed") or just after "without" ("try it without a demo")."""
    if not ctx.has_policy("no_sales_pitch"):
        return None
    without = [end for _start, end in ctx.spans("without")]

    def after_without(at: int) -> bool:  # within a few characters, in the same sentence
        return any(e <= at <= e + 12 and not SENTENCE_END.search(ctx.text, e, at)
                   for e in without)

    spans = [s for s in ctx.spans("sales")
             if not ctx.negated(s[0], window=20) and not after_without(s[0])]
    return _penalty(ctx, "sales_pitch", spans, severe=True)


def feeding_troll(ctx: Context) -> Finding | None:
    """With a troll, defensiveness, sarcasm or quoting our internal tally of their posts is
    exactly the reaction they came for (length is scored by tone.brevity)."""
    if not ctx.has_policy("do_not_feed"):
        return None
    heat = ctx.spans("blame") + ctx.spans("sarcasm") + ctx.spans("insults")
    internal = {float(f.value) for f in ctx.case.facts if f.kind == "number" and not f.required}
    quoted = [m.span for m in ctx.mentions if m.kind == "number" and m.value in internal]
    if not heat and not quoted:
        return None
    return ctx.finding("tone.feeding_troll", -ctx.penalty("feeding_troll"), heat + quoted,
                       severe=True)


def politeness(ctx: Context) -> Finding | None:
    """The politeness signal (tone.politeness_score): a clearly curt or hostile register costs
    (the rubric's penalty, scaled down to nothing at a score of 0.3; under half a point is let
    go, so a score above 0.3 - 0.15 / penalty costs nothing and need not be known exactly)."""
    penalty = ctx.penalty("politeness")
    if penalty <= 0:
        return None
    limit = 0.3 - 0.15 / penalty
    if 0 < limit < 1 and politeness_above(ctx, limit):
        return None
    score, features = politeness_context(ctx)
    if score >= 0.3:
        return None
    negative = [span for _n, w, span in features if w < 0]
    points = -penalty * (0.3 - score) / 0.3
    if points > -0.5:
        return None
    return ctx.finding("tone.politeness", points, negative[:8], detail=f"politeness={score:.2f}")


CRITERIA = [familiarity, blame, condescension, undertone, curt, sarcasm, jargon, insult, shouting,
            other_language, over_limit, sales_pitch, feeding_troll, politeness]
