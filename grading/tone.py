"""Tone credits: what a good public reply does, one small criterion each.

Each criterion has the same signature, `(ctx) -> Finding | list[Finding] | None`, earns up to
its rubric weight (`Rubric.tone_credits`) and points at the words that earned it. A reply that
games the grader (stuffing, copying the post, too short) earns no credit here; see gaming.py.
"""

from __future__ import annotations

import math
import re
from functools import cache

from grading.context import Context
from grading.facts import reply_mentions
from grading.gaming import blocked
from grading.lexicon import lexicon
from grading.model import Finding, Span
from grading.privacy import private_spans
from grading.readability import flesch, lix
from grading.rubric import Rubric

OPENING = 100  # a greeting or the customer's name counts within the first characters
CLOSING = 70  # a sign-off is looked for in the last characters
SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")


def _credit(
    ctx: Context, key: str, fraction: float, spans: list[Span], **fmt: object
) -> Finding | None:
    """A tone credit worth `fraction` of its weight, unless gaming blocks tone credit."""
    weight = float(ctx.rubric.tone_credits.get(key, 0.0))
    if weight <= 0:
        return None
    reason = blocked(ctx, key) if fraction > 0 else None
    if reason:
        return ctx.finding(f"tone.{key}", 0.0, spans, max_points=weight, ok=False,
                           detail=f"no credit: {reason}", **fmt)
    return ctx.finding(f"tone.{key}", weight * fraction, spans, max_points=weight, **fmt)


def _names(ctx: Context) -> re.Pattern[str]:
    r"""The customer's names as `(?:alts)(?!\w)`; `_name_spans` checks the `(?<!\w)` before
    each in Python (a pattern that starts with a look-behind is tried at every character)."""
    def build() -> re.Pattern[str]:
        cust = ctx.case.customer
        parts = [cust.name.split()[0], cust.name, cust.handle, "@" + cust.handle]
        alts = "|".join(re.escape(p) for p in sorted(set(parts), key=len, reverse=True) if p)
        return re.compile(rf"(?:{alts})(?!\w)", re.IGNORECASE)

    return ctx.per_case("names_at", build)


def _name_spans(ctx: Context, endpos: int) -> list[Span]:
    r"""What `(?<!\w)(?:alts)(?!\w)` finds in text[:endpos]: a match after a word character
    is skipped and the search goes on from the next character, as the regex engine would."""
    search, text = _names(ctx).search, ctx.text
    out: list[Span] = []
    pos = 0
    while (m := search(text, pos, endpos)) is not None:
        s = m.start()
        if s and (text[s - 1].isalnum() or text[s - 1] == "_"):
            pos = s + 1
            continue
        out.append(m.span())
        pos = m.end()
    return out


def greeting(ctx: Context) -> Finding | None:
    """Greeting by name opens a human conversation; a greeting or the name alone is 60 %."""
    greets = [s for s in ctx.spans("greetings") if s[0] < OPENING]
    names = _name_spans(ctx, OPENING + 40)
    fraction = 1.0 if greets and names else 0.6 if greets or names else 0.0
    first = ctx.case.customer.name.split()[0]
    return _credit(ctx, "greeting", fraction, greets[:1] + names[:1], first_name=first)


def acknowledge(ctx: Context) -> Finding | None:
    """Naming the customer's feeling shows they were heard before they are helped."""
    spans = ctx.spans("acknowledge")
    return _credit(ctx, "acknowledge", 1.0 if spans else 0.0, spans[:3])


def apology(ctx: Context) -> Finding | None:
    """An apology is owed when the company is at fault; otherwise it is not scored."""
    if not ctx.case.company_at_fault:
        return None
    spans = ctx.spans("apologies")
    return _credit(ctx, "apology", 1.0 if spans else 0.0, spans[:2])


def thanks(ctx: Context) -> Finding | None:
    """Thanking for the post turns a complaint into feedback the company wanted."""
    spans = ctx.spans("thanks")
    return _credit(ctx, "thanks", 1.0 if spans else 0.0, spans[:2])


def ownership(ctx: Context) -> Finding | None:
    """'I'll check', 'our mistake': a person takes the problem on instead of deflecting it."""
    spans = ctx.spans("ownership")
    return _credit(ctx, "ownership", 1.0 if spans else 0.0, spans[:3])


def next_step(ctx: Context) -> Finding | None:
    """A concrete next step (a link, a form, a DM, an update) is what the customer can act on."""
    spans = ctx.spans("next_step") + _url_spans(ctx) + private_spans(ctx)
    return _credit(ctx, "next_step", 1.0 if spans else 0.0, sorted(spans)[:3])


def _url_spans(ctx: Context) -> list[Span]:
    return [m.span for m in reply_mentions(ctx) if m.kind == "url"]


def find_signoff(ctx: Context) -> tuple[Span, str] | None:
    """The sign-off at the end of the reply (its span and the name), if there is one."""

    def build() -> tuple[Span, str] | None:
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

    return ctx.once("signoff", build)


def signoff(ctx: Context) -> Finding | None:
    """A personal sign-off ('/Anna') shows a person answered; a team name earns half."""
    found = find_signoff(ctx)
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
    score, easy = readability_score(ctx.text[:3000], ctx.locale, ctx.rubric)
    spans: list[Span] = []
    if easy < 1.0:
        sentences = SENTENCE.finditer(ctx.text[:3000])
        longest = max(sentences, key=lambda m: len(m.group()), default=None)
        if longest:
            spans = [(longest.start(), longest.start() + len(longest.group().rstrip()))]
    finding = _credit(ctx, "readability", easy, spans)
    if finding is None:
        return None
    metric = "flesch" if ctx.locale == "en" else "lix"
    detail = f"{finding.detail} {metric}={score:.1f}".strip()
    return tuple.__new__(Finding, (*finding[:6], detail))  # finding._replace(detail=detail)


def readability_score(text: str, locale: str, rubric: Rubric) -> tuple[float, float]:
    """(raw metric, fraction of credit): Flesch for en, LIX for sv and nb (grading.readability)."""
    if locale == "en":
        raw = flesch(text)
        lo, hi = rubric.flesch_hard, rubric.flesch_easy
        fraction = (raw - lo) / (hi - lo)
    else:
        raw = lix(text)  # LIX is language-independent
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


# --- politeness signal -------------------------------------------------------------------


def politeness_features(
    text: str, locale: str = "en", scanned: dict[str, list[Span]] | None = None
) -> list[tuple[str, float, Span]]:
    """(strategy, weight, span) for every politeness strategy found in the text; `scanned` is
    `Lexicon.scan_all(text)` when the caller has it."""
    lex = lexicon(locale)
    found_all = lex.scan_all(text) if scanned is None else scanned
    found = []
    for name, weight in lex.weights.items():
        if weight == 0.0 or name == "bias":
            continue
        for span in found_all.get("politeness." + name, ()):
            found.append((name, weight, span))
    return found


def politeness_score(text: str, locale: str = "en") -> float:
    """How polite a text reads, 0..1 (0.5 neutral), from the politeness strategies of
    Danescu-Niculescu-Mizil et al. (2013): gratitude, apology, hedges, greetings, deference
    and indirect requests raise it; direct questions, 'you'-starts, factuality, negative words
    and capitals lower it. Each strategy counts at most twice, so repetition does not pay."""
    return _score(politeness_features(text, locale), locale)


def _score(features: list[tuple[str, float, Span]], locale: str) -> float:
    weights = lexicon(locale).weights
    counts: dict[str, int] = {}
    for name, _w, _span in features:
        counts[name] = counts.get(name, 0) + 1
    z = weights.get("bias", 0.0) + sum(weights[n] * min(c, 2) for n, c in counts.items())
    return 1.0 / (1.0 + math.exp(-z))


@cache
def _strategies(locale: str) -> tuple[tuple[str, float, str], ...]:
    """(strategy, weight, phrase list) of the locale's weighted politeness strategies, in the
    order `politeness_features` reports them."""
    weights = lexicon(locale).weights
    return tuple((name, w, "politeness." + name) for name, w in weights.items()
                 if w != 0.0 and name != "bias")


def politeness_context(ctx: Context) -> tuple[float, list[tuple[str, float, Span]]]:
    """The politeness score of the reply, reusing the grade's one phrase scan."""
    spans = ctx.spans
    features = [(name, weight, span) for name, weight, key in _strategies(ctx.locale)
                for span in spans(key)]
    return _score(features, ctx.locale), features


CRITERIA = [greeting, acknowledge, apology, thanks, ownership, next_step, signoff, readability,
            brevity, channel_fit]
