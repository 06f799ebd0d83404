"""What every criterion sees: the reply, the case, the locale's lexicon and the rubric.

Shared work (tokens, phrase matches, extracted times and amounts) is computed once per grade
and memoised here, so criteria stay small and independent like nbgrader preprocessors.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter, lt
from typing import TYPE_CHECKING, Any, TypeVar

from grading.lexicon import WORD, Lexicon, merge
from grading.model import Finding, Span
from grading.phrases import APOSTROPHES, TOKEN, tokenize
from grading.rubric import Rubric

if TYPE_CHECKING:
    from scenarios.case import Case

T = TypeVar("T")
_MISSING = object()
_NONE: list[Span] = []  # shared "no match" (callers never modify span lists)
_new_finding = tuple.__new__  # Finding(...) without the keyword handling: all fields given
Token = tuple[str, int, int]  # lower-cased word, start, end
_word_text = itemgetter(0)


@lru_cache(maxsize=4096)
def _cached_tokens(text: str) -> tuple[Token, ...]:
    return tuple(_tokens(text))


def _tokens(text: str) -> list[Token]:
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer: keep offsets exact
        return [(m.group().lower(), m.start(), m.end()) for m in WORD.finditer(text)]
    out: list[Token] = []
    pos = 0
    find = low.find
    for word in WORD.findall(low):  # findall + find: faster than match objects
        pos = find(word, pos)
        out.append((word, pos, pos + len(word)))
        pos += len(word)
    return out


def words_from(toks: list[Token], text: str) -> list[Token]:
    """The words (what `tokens` finds) from the phrase tokens of `text` (grading.phrases
    .tokenize): word tokens joined by a '-' or an apostrophe with nothing in between. Saves a
    second pass over a reply."""
    out: list[Token] = []
    n = len(toks)
    i = 0
    while i < n:
        w, s, e = toks[i]
        c = w[0]
        if not (c.isalnum() or c == "_"):
            i += 1
            continue
        j = i
        while (j + 2 < n and toks[j + 1][1] == toks[j][2] and text[toks[j][2]] in "-'’"
               and toks[j + 2][1] == toks[j + 1][2]
               and (toks[j + 2][0][0].isalnum() or toks[j + 2][0][0] == "_")):
            j += 2
        if j == i:
            out.append((w, s, e))
        else:
            end = toks[j][2]
            out.append((text[s:end].lower(), s, end))
        i = j + 1
    return out


def read_words(text: str, lower: str | None = None
               ) -> tuple[tuple[list[Token], str], list[Token], tuple[list[str] | None, bool]]:
    """`tokenize(text)` (grading.phrases) and `words_from` its tokens, in one pass: most
    whitespace-separated chunks are one word (str.isalnum is the regex's \\w without '_') or a
    word and a punctuation mark; only the rest go through the token regex. `lower`: text.lower(),
    when the caller has it. Also returns the white-space chunks of text.lower() (for counting
    words), or None when the tokens were read from another text (curly apostrophes), and
    whether single spaces between them are all the white space there is."""
    if "’" in text or "‘" in text or "´" in text:
        norm = text.translate(APOSTROPHES)
        low = norm.lower()
    else:
        norm = text
        low = text.lower() if lower is None else lower
    if len(low) != len(norm):  # a character whose lower case is longer: the general path
        tokenized = tokenize(text)
        return tokenized, words_from(tokenized[0], text), (None, False)
    toks: list[Token] = []
    words: list[Token] = []
    append, add_word, find, findall = toks.append, words.append, low.find, TOKEN.findall
    pos = 0
    chunks = low.split()  # str.split's white space is the regex's \\s
    step = 1 if " ".join(chunks) == low else 0  # one space between chunks: no need to find
    for chunk in chunks:
        if not step:
            pos = find(chunk, pos)
        end = pos + len(chunk)
        if chunk.isalnum():
            tok = (chunk, pos, end)
            append(tok)
            add_word(tok)
        elif (len(chunk) > 1 and not ((last := chunk[-1]).isalnum() or last == "_")
              and chunk[:-1].isalnum()):
            tok = (chunk[:-1], pos, end - 1)  # "ursäkt.": a word, then a punctuation mark
            append(tok)
            append((last, end - 1, end))
            add_word(tok)
        else:
            part = []
            for t in findall(chunk):
                e = pos + len(t)
                part.append((t, pos, e))
                pos = e
            toks.extend(part)
            words.extend(words_from(part, text))  # words never span white space
        pos = end + step
    return (toks, norm), words, (chunks if norm is text else None, step == 1)


def tokens(text: str) -> list[Token]:
    """Lower-cased words with their offsets (cached: case texts are tokenised once)."""
    if len(text) > 2000:
        return _tokens(text)
    return list(_cached_tokens(text))


_BY_OBJECT: OrderedDict[int, tuple[Any, dict[str, Any]]] = OrderedDict()
_BY_CONTENT: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
CASE_MEMO_SIZE = 256


def _content_key(case: Any) -> tuple[Any, ...]:
    """The case's id and everything in it (its parts are frozen, hashable models)."""
    return (case.id, case.family, case.locale, case.seed, case.channel, case.brand,
            case.customer, case.post, tuple(case.thread), tuple(case.facts),
            tuple(case.policies), case.expected_action, case.company_at_fault)


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
    """One grading run. `text` is the analysed window of `reply` (same offsets, maybe shorter)."""

    reply: str
    text: str
    case: Case
    lex: Lexicon
    rubric: Rubric
    latency_s: float | None = None
    words: list[Token] = field(default_factory=list)
    memo: dict[str, Any] = field(default_factory=dict)
    case_values: dict[str, Any] | None = None  # case_memo(case), looked up once per grade
    scanned: dict[str, list[Span]] | None = None  # every list's word-phrase spans, one pass
    ready: dict[str, list[Span]] = field(default_factory=dict)  # `spans` answers, as asked

    @property
    def locale(self) -> str:
        return self.case.locale

    def has_policy(self, kind: str) -> bool:
        """`case.has_policy(kind)`, from the case's policy kinds (kept per case)."""
        memo = self.case_values
        if memo is None:
            memo = self.case_values = case_memo(self.case)
        kinds = memo.get("policy_kinds")
        if kinds is None:
            kinds = memo["policy_kinds"] = frozenset(p.kind for p in self.case.policies)
        return kind in kinds

    def once(self, key: str, compute: Callable[[], T]) -> T:
        """Compute a shared value the first time a criterion asks for it."""
        value = self.memo.get(key, _MISSING)
        if value is _MISSING:
            value = self.memo[key] = compute()
        return value  # type: ignore[no-any-return]

    def per_case(self, key: str, compute: Callable[[], T]) -> T:
        """Like `once`, but shared by every grade of the same case (see `case_memo`)."""
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
            found = self.scanned = self.lex.scan(self.text, self.memo.get("tokenized"))
        spans = found.get(name, _NONE)
        if name in self.lex.raw_names:  # a list's re: phrases, only when a criterion asks
            raw = self.lex.raw_spans(name, self.text, self.memo.get("lower"))
            if raw:
                spans = merge(list(spans), raw)
        self.ready[name] = spans
        return spans

    @property
    def word_texts(self) -> list[str]:
        """The words without their offsets (for counting in C)."""
        texts = self.memo.get("word_texts")
        if texts is None:
            texts = self.memo["word_texts"] = list(map(_word_text, self.words))
        return texts  # type: ignore[no-any-return]

    def negated(self, start: int, window: int = 28) -> bool:
        """A negation word shortly before `start` ('we can't guarantee', 'kan inte lova')."""
        return any(start - window <= s and e <= start for s, e in self.spans("negations"))

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
