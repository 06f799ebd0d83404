"""Requests for personal data in a reply: a request verb before a personal-data noun in one
sentence ("Reply here with your card number"), not negated ("never post your card number") and
not a restated knowledge-base fact. Read once per grade (`Context.requests`) and sorted by the
harm they do: privacy penalises them, and tone gives them no next-step credit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from grading.model import Span
from grading.reading.clauses import sentence_ends, words
from grading.reading.context import Context
from grading.reading.values import content_words, stem_of

REQUEST_REACH = 60  # characters from a request verb to the personal-data noun it asks for
PREVIOUS_WORD = re.compile(r"(\w+)\W*$")
# what may stand between two nouns of one list of asked-for data: a separator or a conjunction,
# and up to three words ("your card number, the expiry date and the CVC"); a "but" or a "never"
# in it ends the list (a new clause; a negation between the verb and the noun)
LIST_GAP = re.compile(r"\s*(?:[,;:/&+]|and|or|och|eller|samt|og)\s+(?:\w+\s+){0,3}",
                      re.IGNORECASE)

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
    asked = asked_nouns(ctx)
    if not asked:
        return Requests([], [], [])

    def pairs(nouns: str) -> list[tuple[Span, Span]]:
        return [(asked[noun], noun) for noun in ctx.spans(nouns) if noun in asked]

    secret = pairs("secret_request")
    secret_nouns = [noun for _verb, noun in secret]
    private = ctx.private_spans
    public: list[Span] = []
    for verb, noun in pairs("personal_data"):
        if _overlaps(noun, secret_nouns):
            continue
        s, e = sentence_of(ctx.text, noun, ctx.locale)
        if not any(s <= p0 < e for p0, _p1 in private):
            public += [verb, noun]
    identity = [span for verb, noun in pairs("identity_request")
                if not _overlaps(noun, public) for span in (verb, noun)]
    return Requests(public, identity, [span for pair in secret for span in pair])


def _overlaps(span: Span, others: list[Span]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in others)


DATA_NOUNS = ("personal_data", "identity_request", "secret_request")


def asked_nouns(ctx: Context) -> dict[Span, Span]:
    """The request verb of every data noun the reply asks for: a request verb before the noun
    in one sentence, or the noun ends a list that one asks for ("your name, address and
    personnummer"); not negated ('never post your card number' is advice, not a request) and
    not a restated knowledge-base fact."""
    found = sorted(set().union(*(ctx.spans(name) for name in DATA_NOUNS)))
    if not found:  # no personal-data noun: nothing can be asked for
        return {}
    det = ctx.lex.pattern("determiners")

    def is_noun(verb: Span) -> bool:  # "your post shows...": a noun after a determiner
        if " " in ctx.text[verb[0] : verb[1]]:  # "trenger vi" after "kundesystemet vårt"
            return False
        prev = PREVIOUS_WORD.search(ctx.text, max(0, verb[0] - 20), verb[0])
        if not (det and prev and det.fullmatch(prev.group(1))):
            return False
        # ... in the same sentence: "sorry about this. Reply here with ..." is a request
        return not sentence_ends(ctx.text, prev.end(1), verb[0], ctx.locale)

    verbs = [v for v in ctx.spans("request_verbs") if not is_noun(v)]
    ruled_out = {s for s, _e in ctx.spans("not_needed")}  # "personnummer behövs inte"
    asked: dict[Span, Span] = {}
    last: Span | None = None  # the last noun asked for
    for noun in found:
        sentence = sentence_of(ctx.text, noun, ctx.locale)
        before = [v for v in verbs
                  if sentence[0] <= v[0] < noun[0] and noun[0] - v[1] <= REQUEST_REACH]
        if before:
            verb = before[-1]
        elif last and _listed_after(ctx, last, noun):
            verb = asked[last]  # "your name, address, date of birth and card number": a list
        elif (back := _asked_back(ctx, verbs, noun, sentence)) is not None:
            verb = back  # "we'll text you a one-time code, just DM it back"
        else:
            continue
        between = any(verb[1] <= s0 and e0 <= noun[0] for s0, e0 in ctx.negations)
        if between or ctx.negated(verb[0]):  # "posta aldrig ditt kortnummer"
            continue
        if noun[1] + 1 in ruled_out:  # the words right after the noun rule it out
            continue
        if _states_kb_fact(ctx, sentence, noun):
            continue  # "... sent back to sign-in after they type the security code": the KB's words
        asked[noun] = verb
        last = noun
    return asked


def _asked_back(ctx: Context, verbs: list[Span], noun: Span, sentence: Span) -> Span | None:
    """A request verb after the noun, in its sentence, whose object is a pronoun for it: "a
    one-time code, just DM it back", "kortnummer og CVC – send det til oss"."""
    pronouns = words(ctx.locale).object_pronouns
    for verb in verbs:
        if noun[1] <= verb[0] < sentence[1] and verb[0] - noun[1] <= REQUEST_REACH:
            after = ctx.lower[verb[1] : verb[1] + 8].split()
            if after and after[0].strip(",.!?") in pronouns:
                return verb
    return None


def _listed_after(ctx: Context, last: Span, noun: Span) -> bool:
    """Whether `noun` continues a list that `last` is in: one clause, and only a separator or a
    conjunction and a few words between them."""
    clause = ctx.clause_at(last[0])
    return (clause is not None and last[1] <= noun[0] < clause.end
            and LIST_GAP.fullmatch(ctx.text, last[1], noun[0]) is not None)


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
