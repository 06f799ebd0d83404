"""Privacy: a public reply must never ask for or repeat personal data, and a case whose policy
says so must move to private messages.

Personal data: Swedish personnummer (YYMMDD-XXXX), Norwegian fødselsnummer (11 digits), card,
account and IBAN numbers, e-mail addresses and long numbers the customer posted, street
addresses, and knowledge-base identifiers tied to the person (an order number). A request for
such data is fine inside a sentence that moves the conversation to private messages; a request
for a password, PIN or one-time code never is. Restating a knowledge-base fact that names such
data is not a request. Repeating a card, account or personal identity number is an incident:
it costs more and weighs more in the total (see IDENTITY).
"""

from __future__ import annotations

import re
from functools import cache

from grading.charmap import longest_grouped_digits
from grading.context import Context
from grading.facts import _content_words, _stem, is_private_fact, stated_spans, text_digit_runs
from grading.links import find_emails
from grading.model import Finding, Span
from grading.phrases import Taken

PATTERNS = {
    "personnummer": re.compile(
        r"(?<![\d-])(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[-+ ]?\d{4}(?![\d-])"
    ),
    "fodselsnummer": re.compile(
        r"(?<![\d-])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2} ?\d{5}(?![\d-])"
    ),
    "card": re.compile(r"(?<![\d-])(?:\d{4}[ -]?){3}\d{4}(?![\d-])"),
    # bank accounts: UK sort code and account, Norwegian 4.2.5, Swedish clearing-account
    "account": re.compile(
        r"(?<![\d-])(?:\d{2}-\d{2}-\d{2},? ?\d{8}|\d{4}[ .]\d{2}[ .]\d{5}"
        r"|\d{4}-\d,? ?\d{3} ?\d{3} ?\d{3}-?\d)(?![\d-])"
    ),
    "iban": re.compile(r"(?<!\w)[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}(?: ?[A-Z0-9]{1,4})?(?!\w)"),
    "long_number": re.compile(r"(?<![\w-])\d(?:[ .-]?\d){7,}(?![\w-])"),
    "address": re.compile(
        r"(?<!\w)[A-ZÅÄÖÆØ][a-zåäöæø]+(?:gatan|vägen|gata|gränd|torget|stigen|veien|vei|gate|gaten"
        r"|plass|street|road|avenue|lane)\s+\d+[A-Za-z]?(?!\w)"
    ),
}
# One of these in the text before the address regex is tried (most replies have none).
STREET_HINTS = ("gata", "vägen", "gränd", "torget", "stigen", "vei", "gate", "plass", "street",
                "road", "avenue", "lane")
MAX_LEAKS = 50  # enough evidence; a reply with more is not a reply
# Leaks that identify the person (card, account, personal identity number): an incident. Their
# finding's detail ends in IDENTITY; they cost Rubric.penalties["identity_data"] and multiply
# the total by Rubric.identity_factor instead of the severe factor.
IDENTITY_KINDS = frozenset({"personnummer", "fodselsnummer", "card", "iban", "account"})
IDENTITY = "; identity"
SENTENCE_END = re.compile(r"[.!?\n]")
REQUEST_REACH = 60  # characters from a request verb to the personal-data noun it asks for
LONGISH = re.compile(r"\d[\d -]*\d")
PREVIOUS_WORD = re.compile(r"(\w+)\W*$")
WORD_BEFORE = re.compile(r"([\w.]+)$")
GENERIC_EMAIL = re.compile(r"^(?:kund|kunde|support|info|hjelp|hjalp|help|care|service|post)", re.I)


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _case_data(ctx: Context) -> tuple[set[str], str, set[str], list[tuple[str, re.Pattern[str],
                                                                          bool]]]:
    """Per case: digits of public KB values (a train number, a phone line), the post's text,
    the long numbers the customer posted, and patterns for the KB's personal identifiers (with
    whether each identifies the person: a card or account number, not an order number)."""

    def build() -> tuple[set[str], str, set[str], list[tuple[str, re.Pattern[str], bool]]]:
        marker = ctx.lex.pattern("personal_fact")
        identity = ctx.lex.pattern("identity_fact")
        public, personal = set(), []
        for fact in ctx.case.facts:
            about = f"{fact.id} {fact.label}"
            if marker is not None and marker.search(about):
                if fact.kind == "identifier":
                    who = bool(identity is not None and identity.search(about))
                    for part in re.split(r",\s+", str(fact.value)):
                        pat = re.compile(rf"(?<!\w){re.escape(part.strip())}(?!\w)", re.I)
                        personal.append((fact.id, pat, who))
            else:
                public.add(_digits(str(fact.value)))
        post = ctx.case.post.text + " " + " ".join(t.text for t in ctx.case.thread)
        posted = {_digits(m.group()) for m in re.finditer(r"\d[\d -]{4,}\d", post)}
        posted = {d for d in posted if len(d) >= 6 and d not in public}
        return public, post, posted, personal

    return ctx.per_case("privacy", build)


def _leaks(ctx: Context) -> list[tuple[Span, str]]:
    """(span, what) for every leak; `what` is the pattern or KB fact id, with IDENTITY appended
    when the leak identifies the person."""
    text = ctx.text
    found: list[tuple[Span, str]] = []
    taken = Taken()

    def add(span: Span, what: str) -> None:
        if len(found) < MAX_LEAKS and taken.claim(span):
            found.append((span, what))

    public, post, posted, personal = _case_data(ctx)
    for fact_id, pat, who in personal:  # the KB knows what these are: say so first
        for m in pat.finditer(text):
            add(m.span(), fact_id + IDENTITY if who else fact_id)
    # six digits or more, maybe grouped: the only way to leak numbers
    if longest_grouped_digits(text, text_digit_runs(ctx)) >= 6:
        for what in ("personnummer", "fodselsnummer", "card", "account", "iban", "long_number"):
            for m in PATTERNS[what].finditer(text):
                if what == "long_number" and _digits(m.group()) in public:
                    continue
                add(m.span(), what + IDENTITY if what in IDENTITY_KINDS else what)
        for m in LONGISH.finditer(text):
            if _digits(m.group()) in posted:
                add(m.span(), "from_post")
    if "@" in text:
        for s, e in find_emails(text):
            if text[s:e] in post or not GENERIC_EMAIL.match(text[s:e]):
                add((s, e), "email")
    if any(map(text.__contains__, STREET_HINTS)):
        for m in PATTERNS["address"].finditer(text):
            add(m.span(), "address")
    return sorted(found)


def is_identity_leak(finding: Finding) -> bool:
    """A privacy.personal_data finding about a card, account or personal identity number."""
    return finding.criterion == "privacy.personal_data" and finding.detail.endswith(IDENTITY)


def personal_data(ctx: Context) -> list[Finding]:
    """Repeating personal data in public: severe, one finding per leak; a card, account or
    personal identity number costs more (`identity_data`) and weighs like an incident."""
    return [
        ctx.finding("privacy.personal_data",
                    -ctx.penalty("identity_data" if what.endswith(IDENTITY) else "personal_data"),
                    [span], severe=True, text=ctx.text[span[0] : span[1]], detail=what)
        for span, what in _leaks(ctx)
    ]


@cache
def _abbreviations(locale: str) -> frozenset[str]:
    from grading.lexicon import lexicon

    return frozenset(str(a).lower().rstrip(".") for a in lexicon(locale).data.get(
        "abbreviations") or [])


def _ends(text: str, start: int, end: int, locale: str) -> list[int]:
    """Sentence ends in text[start:end]: '.', '!' or '?' before a space or the end, and line
    breaks; not the dot of an abbreviation ('flight no. 4', 't.ex.') or of a number (2.5)."""
    abbreviations = _abbreviations(locale)
    out = []
    for m in SENTENCE_END.finditer(text, start, end):
        if m.group() == ".":
            after = text[m.end() : m.end() + 1]
            if after and not after.isspace():
                continue  # 2.5, t.ex, example.com
            word = WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
            following = text[m.end() : m.end() + 3].lstrip()[:1]
            if word and word.group(1).lower() in abbreviations and not following.isupper():
                continue  # "flight no. 4", "t.ex. kortnummer"; but "... st. Then" ends one
        out.append(m.end())
    return out


def _abbreviated(ctx: Context, start: int, end: int) -> bool:
    """'no.' in 'flight no. 4' is an abbreviation, not a negation."""
    return ctx.text[end : end + 1] == "." and (
        ctx.text[start:end].lower() in _abbreviations(ctx.locale))


def _sentence(text: str, span: Span, locale: str) -> Span:
    start = max(_ends(text, 0, span[0], locale), default=0)
    after = _ends(text, span[1], len(text), locale)
    return start, after[0] if after else len(text)


def _negated(ctx: Context, start: int) -> bool:
    return ctx.negated(start)


def _requests(ctx: Context, nouns: str) -> list[tuple[Span, Span]]:
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
        return not _ends(ctx.text, prev.end(1), verb[0], ctx.locale)

    verbs = [v for v in ctx.spans("request_verbs") if not is_noun(v)]
    pairs = []
    for noun in found:
        s, _e = _sentence(ctx.text, noun, ctx.locale)
        before = [v for v in verbs if s <= v[0] < noun[0] and noun[0] - v[1] <= REQUEST_REACH]
        if not before:
            continue
        verb = before[-1]
        between = any(verb[1] <= s0 and e0 <= noun[0] and not _abbreviated(ctx, s0, e0)
                      for s0, e0 in ctx.spans("negations"))
        if between or _negated(ctx, verb[0]):  # "posta aldrig ditt kortnummer"
            continue
        if _states_kb_fact(ctx, _sentence(ctx.text, noun, ctx.locale), noun):
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
        content = _content_words(ctx.locale, str(fact.value))
        hits = outside = 0
        for word in content:
            stem = _stem(word)
            where = next((s for w, s in inside if w.startswith(stem)), None)
            if where is not None:
                hits += 1
                outside += not noun[0] <= where < noun[1]
        need = 0.5 if len(content) <= 4 else 0.4
        if outside >= 2 and hits >= need * len(content):
            return True
    return False


def personal_data_request(ctx: Context) -> list[Finding]:
    """Asking for personal data in public (fine in a sentence that moves to a DM); asking for a
    password, PIN or code (never fine). Warnings like 'never post your card number' are fine."""
    out = []
    public_asks = []
    for verb, noun in _requests(ctx, "personal_data"):
        private = private_spans(ctx)
        s, e = _sentence(ctx.text, noun, ctx.locale)
        if not any(s <= p0 < e for p0, _p1 in private):
            public_asks.extend([verb, noun])
    if public_asks:
        out.append(ctx.finding("privacy.personal_data_request",
                               -ctx.penalty("personal_data_request"), public_asks, severe=True))
    secrets = [span for pair in _requests(ctx, "secret_request") for span in pair]
    if secrets:
        out.append(ctx.finding("privacy.secret_request", -ctx.penalty("secret_request"), secrets,
                               severe=True))
    return out


def private_spans(ctx: Context) -> list[Span]:
    """Where the reply moves to private messages: a DM phrase, or naming the secure channel
    the knowledge base gives ('the chat in the app')."""

    def build() -> list[Span]:
        spans = list(ctx.spans("private"))
        for fact in ctx.case.facts:
            if is_private_fact(ctx, fact):
                spans.extend(stated_spans(ctx, fact))
        return sorted(set(spans))

    return ctx.once("private_spans", build)


def move_to_private(ctx: Context) -> Finding | None:
    """A move_to_private case needs the reply to take the conversation to private messages."""
    if not ctx.has_policy("move_to_private"):
        return None
    spans = private_spans(ctx)
    if spans:
        return ctx.finding("privacy.move_to_private", 0.0, spans[:3], ok=True)
    return ctx.finding("privacy.move_to_private", -ctx.penalty("not_private"), [], severe=True)


CRITERIA = [personal_data, personal_data_request, move_to_private]
