"""Requests for personal data in a reply: a request verb before a personal-data noun in one
sentence ("Reply here with your card number"), not negated ("never post your card number") and
not a restated knowledge-base fact. Read once per grade (`Context.requests`) and sorted by the
harm they do: privacy penalises them, and tone gives them no next-step credit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from grading.model import Span
from grading.reading.clauses import sentence_ends
from grading.reading.context import Context
from grading.reading.values import content_words, stem_of

REQUEST_REACH = 60  # characters from a request verb to the personal-data noun it asks for
PREVIOUS_WORD = re.compile(r"(\w+)\W*$")


def sentence_of(text: str, span: Span, locale: str) -> Span:
    """The sentence around `span`."""
    start = max(sentence_ends(text, 0, span[0], locale), default=0)
    after = sentence_ends(text, span[1], len(text), locale)
    return start, after[0] if after else len(text)


@dataclass(frozen=True)
class Requests:
    """The verb and noun spans of each harmful kind of request, so criteria never re-read."""

    public: list[Span]  # personal data asked for in public ("reply here with your order no.")
    identity: list[Span]  # an identity number asked for, even in a DM
    secret: list[Span]  # a password, PIN, code or card details, anywhere

    @property
    def spans(self) -> list[Span]:
        return self.public + self.identity + self.secret


def harmful_requests(ctx: Context) -> Requests:
    """Personal data asked for outside a sentence that moves to a DM; an identity number
    (personnummer, passport) asked for anywhere: a DM is still the platform's, and the customer
    proves who they are in the company's own channel; secrets anywhere. A noun counts once, as
    its worst kind: "DM us your card number" is a secret request, not also a data request."""
    secret = find_requests(ctx, "secret_request")
    secret_nouns = [noun for _verb, noun in secret]
    private = ctx.private_spans
    public: list[Span] = []
    for verb, noun in find_requests(ctx, "personal_data"):
        if _overlaps(noun, secret_nouns):
            continue
        s, e = sentence_of(ctx.text, noun, ctx.locale)
        if not any(s <= p0 < e for p0, _p1 in private):
            public += [verb, noun]
    identity = [span for verb, noun in find_requests(ctx, "identity_request")
                if not _overlaps(noun, public) for span in (verb, noun)]
    return Requests(public, identity, [span for pair in secret for span in pair])


def _overlaps(span: Span, others: list[Span]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in others)


def find_requests(ctx: Context, nouns: str) -> list[tuple[Span, Span]]:
    """(verb, noun) pairs: a request verb before a personal-data noun in one sentence,
    not negated ('never post your card number' is advice, not a request)."""
    found = ctx.spans(nouns)
    if not found:  # no personal-data noun: nothing can be asked for
        return []
    det = ctx.lex.pattern("determiners")

    def is_noun(verb: Span) -> bool:  # "your post shows...": a noun after a determiner
        prev = PREVIOUS_WORD.search(ctx.text, max(0, verb[0] - 20), verb[0])
        if not (det and prev and det.fullmatch(prev.group(1))):
            return False
        # ... in the same sentence: "sorry about this. Reply here with ..." is a request
        return not sentence_ends(ctx.text, prev.end(1), verb[0], ctx.locale)

    verbs = [v for v in ctx.spans("request_verbs") if not is_noun(v)]
    pairs = []
    for noun in found:
        s, _e = sentence_of(ctx.text, noun, ctx.locale)
        before = [v for v in verbs if s <= v[0] < noun[0] and noun[0] - v[1] <= REQUEST_REACH]
        if not before:
            continue
        verb = before[-1]
        between = any(verb[1] <= s0 and e0 <= noun[0] for s0, e0 in ctx.negations)
        if between or ctx.negated(verb[0]):  # "posta aldrig ditt kortnummer"
            continue
        if _states_kb_fact(ctx, sentence_of(ctx.text, noun, ctx.locale), noun):
            continue  # "... sent back to sign-in after they type the security code": the KB's words
        pairs.append((verb, noun))
    return pairs


def _states_kb_fact(ctx: Context, sentence: Span, noun: Span) -> bool:
    """Whether the sentence restates a knowledge-base fact that itself names the noun (the known
    fault "sent back to sign-in after the security code"): stating a KB fact is never a request.
    The fact's content words must be there as for a stated text fact, two of them besides the
    noun's own."""
    noun_text = " ".join(ctx.text[noun[0] : noun[1]].lower().split())
    inside = [(w, s) for w, s, _e in ctx.words if sentence[0] <= s < sentence[1]]
    for fact in ctx.case.facts:
        value = " ".join(str(fact.value).lower().split())
        if fact.kind != "text" or noun_text not in value:
            continue
        content = content_words(ctx.locale, str(fact.value))
        hits = outside = 0
        for word in content:
            stem = stem_of(word, ctx.locale)
            where = next((s for w, s in inside if w.startswith(stem)), None)
            if where is not None:
                hits += 1
                outside += not noun[0] <= where < noun[1]
        need = 0.5 if len(content) <= 4 else 0.4
        if outside >= 2 and hits >= need * len(content):
            return True
    return False
