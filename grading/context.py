"""What every criterion sees: the reply, the case, the locale's lexicon and the rubric.

Shared work (tokens, phrase matches, extracted times and amounts) is computed once per grade
and memoised here, so criteria stay small and independent like nbgrader preprocessors.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from grading.lexicon import WORD, Lexicon, merge
from grading.model import Finding, Span
from grading.rubric import Rubric

if TYPE_CHECKING:
    from scenarios.case import Case

T = TypeVar("T")
Token = tuple[str, int, int]  # lower-cased word, start, end


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


def tokens(text: str) -> list[Token]:
    """Lower-cased words with their offsets (cached: case texts are tokenised once)."""
    if len(text) > 2000:
        return _tokens(text)
    return list(_cached_tokens(text))


_CASE_MEMO: OrderedDict[int, tuple[Any, dict[str, Any]]] = OrderedDict()
CASE_MEMO_SIZE = 256


def case_memo(case: Any) -> dict[str, Any]:
    """Values derived from a case alone (its post's numbers, its known words), kept for the
    last few hundred Case objects so a class's replies to one case share them. The entry holds
    the case itself, so its id cannot be reused while the entry lives."""
    key = id(case)
    entry = _CASE_MEMO.get(key)
    if entry is None or entry[0] is not case:
        entry = (case, {})
        _CASE_MEMO[key] = entry
        if len(_CASE_MEMO) > CASE_MEMO_SIZE:
            _CASE_MEMO.popitem(last=False)
    return entry[1]


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

    @property
    def locale(self) -> str:
        return self.case.locale

    def once(self, key: str, compute: Callable[[], T]) -> T:
        """Compute a shared value the first time a criterion asks for it."""
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]

    def per_case(self, key: str, compute: Callable[[], T]) -> T:
        """Like `once`, but shared by every grade of the same Case object."""
        memo = case_memo(self.case)
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    def spans(self, name: str) -> list[Span]:
        """Where the lexicon's phrase list `name` matches the reply (all lists scanned once)."""
        key = "lex:" + name
        if key not in self.memo:
            found = self.once("scan", lambda: self.lex.scan(self.text))
            self.memo[key] = merge(found.get(name, []), self.lex.raw_spans(name, self.text))
        return self.memo[key]

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
        tip = self.lex.tip(criterion, ok=ok)
        if fmt and "{" in tip:
            try:
                tip = tip.format(**fmt)
            except (KeyError, IndexError, ValueError):
                pass
        spans = tuple(spans) if len(spans) < 2 else tuple(sorted(set(spans)))
        return Finding(criterion, float(points), spans, tip, float(max_points), severe, detail)
