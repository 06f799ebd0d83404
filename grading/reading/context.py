"""What every criterion sees: the reply, the case, the locale's lexicon and the rubric.

Shared work (tokens, phrase matches, extracted times and amounts) is computed once per grade
and memoised here, so criteria stay small and independent like nbgrader preprocessors.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import lt
from typing import TYPE_CHECKING, Any, TypeVar

from grading.lexicon import Lexicon, merge
from grading.model import Finding, Span
from grading.reading.lazy import lazy
from grading.reading.words import Token, word_text
from grading.rubric import Rubric

if TYPE_CHECKING:
    from grading.reading.clauses import Clause
    from grading.reading.requests import Requests
    from grading.surface import Mention
    from scenarios.case import Case

T = TypeVar("T")
_MISSING = object()
_NONE: list[Span] = []  # shared "no match" (callers never modify span lists)
_new_finding = tuple.__new__  # Finding(...) without the keyword handling: all fields given


_BY_OBJECT: OrderedDict[int, tuple[Any, dict[str, Any]]] = OrderedDict()
_BY_CONTENT: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
CASE_MEMO_SIZE = 256


def _content_key(case: Any) -> tuple[Any, ...]:
    """The case's id and everything in it (its parts are frozen, hashable models)."""
    return (case.id, case.family, case.locale, case.seed, case.channel, case.brand,
            case.customer, case.post, tuple(case.thread), tuple(case.facts),
            tuple(case.policies), case.expected_action, case.company_at_fault,
            tuple(getattr(case, "superseded", ())))


def case_memo(case: Any) -> dict[str, Any]:
    """Values derived from a case alone (its post's numbers, its known words, patterns for its
    facts), kept for the last few hundred cases so a class's replies to one case share them.
    Looked up by the Case object first (the entry holds it, so its id() cannot be reused while
    the entry lives), then by the case's id and content, so a case passed as a dict or JSON
    (a new Case object each time) still finds the values derived from an equal case."""
    key = id(case)
    entry = _BY_OBJECT.get(key)
    if entry is not None and entry[0] is case:
        return entry[1]
    try:
        content = _content_key(case)
        memo = _BY_CONTENT.get(content)
    except (AttributeError, TypeError):  # not a scenarios Case: keep it by identity only
        content, memo = None, None
    if memo is None:
        memo = {}
        if content is not None:
            _BY_CONTENT[content] = memo
            if len(_BY_CONTENT) > CASE_MEMO_SIZE:
                _BY_CONTENT.popitem(last=False)
    elif content is not None:
        _BY_CONTENT.move_to_end(content)
    _BY_OBJECT[key] = (case, memo)
    if len(_BY_OBJECT) > CASE_MEMO_SIZE:
        _BY_OBJECT.popitem(last=False)
    return memo


_FILLED: dict[tuple[Any, ...], str] = {}  # (tip, its values) -> the tip filled in


def _filled(tip: str, values: dict[str, Any]) -> str:
    """The tip with its {placeholders} filled in (the same few labels and names recur in a
    class's grades, so filled tips are kept)."""
    key = (tip, *values.items())
    try:
        return _FILLED[key]
    except KeyError:
        pass
    except TypeError:  # a value that cannot be a key: fill it in every time
        key = ()
    try:
        filled = tip.format(**values)
    except (KeyError, IndexError, ValueError):
        filled = tip
    if "?." in filled or "!." in filled:  # a label ending in "?" before the tip's own "."
        filled = filled.replace("?.", "?").replace("!.", "!")
    if key:
        if len(_FILLED) > 10_000:
            _FILLED.clear()
        _FILLED[key] = filled
    return filled


@dataclass
class Context:
    """One grading run: the reply read once, shared by every criterion. `text` is the analysed
    window of `reply` (same offsets, maybe shorter). The engine fills the fields; everything
    else is a typed property computed the first time a criterion asks for it."""

    reply: str
    text: str
    case: Case
    lex: Lexicon
    rubric: Rubric
    latency_s: float | None = None
    pinned: str | None = None  # the trainee's pinned post in a drill, which a reply may point to
    words: list[Token] = field(default_factory=list)  # lower-cased words with their offsets
    lower: str = ""  # text.lower()
    tokenized: Any = None  # grading.phrases.tokenize(text): the phrase scan's tokens
    chunks: list[str] | None = None  # the white-space chunks of `lower` (None: not read)
    spaced: bool = False  # single spaces between the chunks are all the white space there is
    case_values: dict[str, Any] | None = None  # case_memo(case), looked up once per grade
    scanned: dict[str, list[Span]] | None = None  # every list's word-phrase spans, one pass
    ready: dict[str, list[Span]] = field(default_factory=dict)  # `spans` answers, as asked

    def __post_init__(self) -> None:
        if not self.lower:
            self.lower = self.text.lower()

    @property
    def locale(self) -> str:
        return self.case.locale

    # --- the reading: each computed once, when first asked for -----------------------------

    @lazy
    def word_texts(self) -> list[str]:
        """The words without their offsets (for counting in C)."""
        return list(map(word_text, self.words))

    @lazy
    def joined_words(self) -> str:
        """The words joined by single spaces, with a space before and after each (words have
        no spaces): a word starting with a stem is found with one str.find."""
        return " " + " ".join(self.word_texts) + " "

    @lazy
    def digit_runs(self) -> list[Span]:
        """Where the runs of digits are."""
        from grading.charmap import digit_runs

        return digit_runs(self.text)

    @lazy
    def mentions(self) -> list[Mention]:
        """The values the reply states: times, dates, amounts, durations, links, numbers, in
        every surface form of the locale (grading/surface.py)."""
        from grading.surface import extractor

        return extractor(self.locale).extract(self.text, self.tokenized, self.lower,
                                              self.digit_runs)

    @lazy
    def sentences(self) -> list[Span]:
        """The sentences (abbreviations and decimals do not end one)."""
        from grading.reading.clauses import sentences

        return sentences(self.text, self.locale)

    @lazy
    def sentence_starts(self) -> list[int]:
        """Where sentences start, as a re: phrase's sentence anchor sees them."""
        from grading.lexicon import sentence_starts

        return sentence_starts(self.text)

    @lazy
    def negations(self) -> list[Span]:
        """The negation words ("not", "inte", "ikke"), without the "no." of "flight no. 4"."""
        from grading.reading.clauses import words

        abbreviations = words(self.locale).abbreviations
        text = self.text
        return [(s, e) for s, e in self.spans("negations")
                if not (text[e : e + 1] == "." and text[s:e].lower() in abbreviations)]

    @lazy
    def clauses(self) -> list[Clause]:
        """The clauses, each with who it addresses and its negation words (reading/clauses.py)."""
        from grading.reading.clauses import clauses

        return clauses(self.text, self.words, self.locale, self.negations)

    @lazy
    def rhetorical_questions(self) -> list[Span]:
        """Questions at the customer that are put-downs ("Have you even read the sign?")."""
        if "?" not in self.text:  # no question, no rhetorical one (and no clauses to read)
            return []
        from grading.reading.clauses import rhetorical_questions

        return rhetorical_questions(self.text, self.clauses, self.words, self.locale)

    @lazy
    def conditional_apologies(self) -> list[Span]:
        """Sentences that apologise only if the customer feels wronged ("Sorry if you feel the
        wait was long", "Om du upplevt väntan som lång ber vi om ursäkt"): no apology at all."""
        conditions = self.spans("conditional_apology")
        if not conditions:
            return []
        sorry = self.spans("apologies")
        out = []
        for s, e in self.sentences:
            if any(s <= c < e for c, _ in conditions) and any(s <= a < e for a, _ in sorry):
                out.append((s, e))
        return out

    @lazy
    def echoes(self) -> list[Span]:
        """The customer's own words quoted back at them: scare quotes (reading/echoes.py)."""
        from grading.reading.echoes import echoes

        return echoes(self)

    @lazy
    def clause_starts(self) -> list[int]:
        return [c.start for c in self.clauses]

    def clause_at(self, at: int) -> Clause | None:
        """The clause that holds offset `at`, if any."""
        from grading.reading.clauses import clause_at

        return clause_at(self.clauses, self.clause_starts, at)

    def negated(self, start: int, window: int = 28, regrets: bool = True) -> bool:
        """A negation word shortly before `start` in the same clause ('we can't guarantee',
        'kan inte lova'; not 'No worries, we will refund you'). `regrets=False`: words of
        regret ('unfortunately', 'tyvärr') do not count, since they deny nothing."""
        negs = self.negations
        if not negs:
            return False
        near = [(s, e) for s, e in negs if start - window <= s and e <= start]
        if near and not regrets:
            from grading.reading.clauses import words

            sorry = words(self.locale).regrets
            near = [(s, e) for s, e in near if self.lower[s:e] not in sorry]
        if not near:
            return False
        clause = self.clause_at(start)
        return clause is None or any(s >= clause.start for s, _e in near)

    @lazy
    def signoff(self) -> tuple[Span, str] | None:
        """The sign-off at the end (its span and the name), if any (reading/signoff.py)."""
        from grading.reading.signoff import find_signoff

        return find_signoff(self)

    @lazy
    def private_spans(self) -> list[Span]:
        """Where the reply moves to a private channel (reading/private.py)."""
        from grading.reading.private import find_private_spans

        return find_private_spans(self)

    @lazy
    def stuffing(self) -> dict[str, list[Span]]:
        """The patterns that game the grader, with their evidence (reading/stuffing.py)."""
        from grading.reading.stuffing import find_patterns

        return find_patterns(self)

    @lazy
    def blocks_all(self) -> str | None:
        """The pattern that withholds every tone credit (a copy of the post, stuffing), if any."""
        from grading.reading.stuffing import BLOCK_ALL

        found = self.stuffing
        return next((name for name in BLOCK_ALL if name in found), None)

    @property
    def pleased(self) -> bool:
        """Whether the customer is happy (praise, a happy post): no frustration to acknowledge,
        and a smiley or a heart back is friendly, not a put-down."""
        return self.case.customer.emotion == "happy" or self.case.family == "praise"

    @lazy
    def requests(self) -> Requests:
        """What the reply asks the customer for that it must not (reading/requests.py):
        personal data in public, an identity number even in a DM, a secret anywhere."""
        from grading.reading.requests import harmful_requests

        return harmful_requests(self)

    # --- per case --------------------------------------------------------------------------

    def has_policy(self, kind: str) -> bool:
        """`case.has_policy(kind)`, from the case's policy kinds (kept per case)."""
        memo = self.case_values
        if memo is None:
            memo = self.case_values = case_memo(self.case)
        kinds = memo.get("policy_kinds")
        if kinds is None:
            kinds = memo["policy_kinds"] = frozenset(p.kind for p in self.case.policies)
        return kind in kinds

    def per_case(self, key: str, compute: Callable[[], T]) -> T:
        """A value derived from the case alone, shared by every grade of the same case (see
        `case_memo`); `key` names it, one key per value."""
        memo = self.case_values
        if memo is None:
            memo = self.case_values = case_memo(self.case)
        value = memo.get(key, _MISSING)
        if value is _MISSING:
            value = memo[key] = compute()
        return value  # type: ignore[no-any-return]

    def spans(self, name: str) -> list[Span]:
        """Where the lexicon's phrase list `name` matches the reply (all lists scanned once)."""
        spans = self.ready.get(name)
        if spans is not None:
            return spans
        found = self.scanned
        if found is None:  # the word phrases of every list, in one pass
            found = self.scanned = self.lex.scan(self.text, self.tokenized)
        spans = found.get(name, _NONE)
        if name in self.lex.raw_names:  # a list's re: phrases, only when a criterion asks
            raw = self.lex.raw_spans(name, self.text, self.lower)
            if raw:
                spans = merge(list(spans), raw)
        self.ready[name] = spans
        return spans

    def penalty(self, key: str) -> float:
        return float(self.rubric.penalties.get(key, 0.0))

    def finding(
        self,
        criterion: str,
        points: float,
        spans: list[Span] | tuple[Span, ...] = (),
        *,
        max_points: float = 0.0,
        severe: bool = False,
        detail: str = "",
        ok: bool | None = None,
        **fmt: Any,
    ) -> Finding:
        """A Finding with the locale's tip: the 'ok' tip for full credit, else the 'fix' tip."""
        if ok is None:
            ok = max_points > 0 and points >= max_points
        lex = self.lex
        tip = lex.tip_cache.get((criterion, ok))
        if tip is None:
            tip = lex.tip(criterion, ok)
        if fmt and "{" in tip:
            tip = _filled(tip, fmt)
        n = len(spans)
        if n > 1 and not (spans[0] < spans[1] if n == 2 else all(map(lt, spans, spans[1:]))):
            spans = sorted(set(spans))  # in order, each once (most are so already)
        return _new_finding(Finding, (criterion, float(points), tuple(spans), tip,
                                      float(max_points), severe, detail))
