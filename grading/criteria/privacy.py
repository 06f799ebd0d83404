"""Privacy: a public reply must never ask for or repeat personal data, and a case whose policy
says so must move to private messages.

Personal data: Swedish personnummer (YYMMDD-XXXX), Norwegian fødselsnummer (11 digits), card,
account and IBAN numbers, e-mail addresses and long numbers the customer posted, street
addresses, and knowledge-base identifiers tied to the person (an order number). A request for
such data is fine inside a sentence that moves the conversation to private messages (one for
an identity number is not); a request for a password, PIN, one-time code or card details never
is. Restating a knowledge-base fact that names such data is not a request. Repeating a card,
account or personal identity number is an incident: it costs more and weighs more in the total
(see IDENTITY).
"""

from __future__ import annotations

import re

from grading.charmap import longest_grouped_digits
from grading.links import find_emails
from grading.model import Finding, Span
from grading.phrases import Taken
from grading.reading.context import Context

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
LONGISH = re.compile(r"\d[\d -]*\d")
PART = 5  # digits of a posted number that make a repeat of it (a year has four)
POSTED_NUMBER = re.compile(r"\d[\d .,/-]{6,}\d")
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
        # numbers that look personal (8 digits or more, groups joined: "8327-1, 123 456 789-0")
        posted |= {d for d in (_digits(m.group()) for m in POSTED_NUMBER.finditer(post))
                   if len(d) >= 8 and d not in public}
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
    if longest_grouped_digits(text, ctx.digit_runs) >= 6:
        for what in ("personnummer", "fodselsnummer", "card", "account", "iban", "long_number"):
            for m in PATTERNS[what].finditer(text):
                if what == "long_number" and _digits(m.group()) in public:
                    continue
                add(m.span(), what + IDENTITY if what in IDENTITY_KINDS else what)
        for m in LONGISH.finditer(text):
            if _digits(m.group()) in posted:
                add(m.span(), "from_post")
    if posted:  # a part of a number the customer posted ("account 8327-1..."): not even partly
        for m in LONGISH.finditer(text):
            digits = _digits(m.group())
            if (len(digits) >= PART and digits not in public
                    and any(digits in p for p in posted if len(p) >= 8)):
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


def personal_data_request(ctx: Context) -> list[Finding]:
    """Asking for personal data in public (fine in a sentence that moves to a DM), for an
    identity number (not fine in a DM either), for a password, PIN, code or card details
    (never fine); the kinds are told apart once, in reading/requests.py."""
    asks = ctx.requests
    kinds = (("personal_data_request", asks.public, "personal_data_request"),
             ("identity_request", asks.identity, "personal_data_request"),
             ("secret_request", asks.secret, "secret_request"))
    return [ctx.finding(f"privacy.{name}", -ctx.penalty(penalty), spans, severe=True)
            for name, spans, penalty in kinds if spans]


def account_disclosure(ctx: Context) -> Finding | None:
    """Telling the public what happened on the customer's account ("I can see your last payment
    bounced"): it says this person is a customer, and what went wrong for them (lesson 6)."""
    spans = [s for s in ctx.spans("account_disclosure") if not ctx.negated(s[0])]
    if not spans:
        return None
    return ctx.finding("privacy.account_disclosure", -ctx.penalty("personal_data"), spans,
                       severe=True)


def _exposed(ctx: Context) -> tuple[bool, bool, str]:
    """Per case: whether the customer's post holds a number that identifies them (an account,
    card or identity number the knowledge base knows; an order number does not count), whether
    one of them is a card number, and the card blocking line if the knowledge base has one."""
    def build() -> tuple[bool, bool, str]:
        post = ctx.case.post.text + " " + " ".join(t.text for t in ctx.case.thread)
        card_label = ctx.lex.pattern("card_fact")
        labels = {f.id: f"{f.id} {f.label}" for f in ctx.case.facts}
        posted = [fid for fid, pattern, who in _case_data(ctx)[3]  # who: identifies the person
                  if who and pattern.search(post)]
        card = any(card_label is not None and card_label.search(labels[fid]) for fid in posted)
        line = next((str(f.value) for f in ctx.case.facts
                     if any(w in f.id for w in ("block", "sparr", "sperr"))), "")
        return bool(posted), card, line

    return ctx.per_case("exposed_post", build)


def exposure_advice(ctx: Context) -> list[Finding]:
    """The customer posted their own account, card or identity number: the policy says to ask
    them to remove the post, and to block the card if a card number is out (lesson 6)."""
    if not ctx.has_policy("no_personal_data"):
        return []
    exposed, card, line = _exposed(ctx)
    if not exposed:
        return []
    out = []
    if not ctx.spans("delete_post"):
        out.append(ctx.finding("privacy.delete_post", -ctx.penalty("no_delete_advice"), []))
    if card and not ctx.spans("block_card") and not (line and _digits(line) in _digits(ctx.text)):
        out.append(ctx.finding("privacy.block_card", -ctx.penalty("no_block_advice"), [],
                               line=f" ({line})" if line else ""))  # the KB's blocking line
    return out


def move_to_private(ctx: Context) -> Finding | None:
    """A move_to_private case needs the reply to take the conversation to private messages."""
    if not ctx.has_policy("move_to_private"):
        return None
    spans = ctx.private_spans
    if spans:
        return ctx.finding("privacy.move_to_private", 0.0, spans[:3], ok=True)
    return ctx.finding("privacy.move_to_private", -ctx.penalty("not_private"), [], severe=True)


CRITERIA = [personal_data, personal_data_request, account_disclosure, exposure_advice,
            move_to_private]
