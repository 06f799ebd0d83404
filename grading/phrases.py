"""Find every lexicon phrase in a text in one pass over its tokens.

One big regex alternation per phrase list is slow in Python (it tries every phrase at every
character). Instead the text is split into tokens once and each token looks up only the phrases
that can start with it (a dict keyed by the first word, or by the first three letters for
`word*` phrases), so all ~40 lists cost about as much as one short scan.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

Span = tuple[int, int]
TOKEN = re.compile(r"\w+|[^\w\s]")
SPACED_TOKEN = re.compile(r"(\s*)(\w+|[^\w\s])")  # a token and the white space before it
APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "´": "'"})


@dataclass(frozen=True)
class Entry:
    """One phrase: which list it belongs to, its tokens, and how each token matches."""

    name: str
    words: tuple[str, ...]
    prefix: tuple[bool, ...]  # token ends in '*': any ending
    sensitive: bool  # cs: compare case


def tokenize(text: str) -> tuple[list[tuple[str, int, int]], str]:
    """(lower-cased token, start, end) and the text as written (apostrophes normalised), for
    the few case-sensitive phrases; curly apostrophes read as '."""
    norm = text.translate(APOSTROPHES) if ("’" in text or "‘" in text or "´" in text) else text
    low = norm.lower()
    if len(low) != len(norm):  # a character whose lower case is longer: keep offsets exact
        return [(m.group().lower(), m.start(), m.end()) for m in TOKEN.finditer(norm)], norm
    out = []
    pos = 0
    append = out.append
    for space, tok in SPACED_TOKEN.findall(low):  # findall is much faster than match objects
        pos += len(space)
        end = pos + len(tok)
        append((tok, pos, end))
        pos = end
    return out, norm


def parse(name: str, phrase: str) -> Entry | None:
    """A phrase of the data format ('beklaga*', 'cs:DM', 'I understand') as an Entry."""
    sensitive = phrase.startswith("cs:")
    body = phrase[3:] if sensitive else phrase
    words: list[str] = []
    prefix: list[bool] = []
    for tok in TOKEN.findall(body.translate(APOSTROPHES)):
        if tok == "*" and words:
            prefix[-1] = True
            continue
        words.append(tok if sensitive else tok.lower())
        prefix.append(False)
    if not words:
        return None
    return Entry(name, tuple(words), tuple(prefix), sensitive)


@dataclass
class PhraseIndex:
    """All word phrases of a lexicon, indexed by how they start: `by_word[w]` holds the lists
    whose one-word phrase is w (a hit needs no further check), the longer phrases starting with
    w, and those keyed by their first two words; `by_stem` holds phrases starting `word*`."""

    by_word: dict[str, tuple[list[str], list[Entry], dict[str, list[Entry]]]] = field(
        default_factory=dict
    )
    by_stem: dict[str, list[Entry]] = field(default_factory=dict)  # first 3 letters of a word*
    # token -> what it can start (`_lookup`), filled as tokens are met: most hit nothing
    memo: dict[str, tuple[list[str], list[Entry], dict[str, list[Entry]], list[Entry]] | None] = (
        field(default_factory=dict))

    def add(self, name: str, phrases: Iterable[str]) -> None:
        self.memo.clear()
        for phrase in phrases:
            entry = parse(name, str(phrase))
            if entry is None:
                continue
            first = entry.words[0].lower()
            if entry.prefix[0]:  # keyed by 4 letters when the stem has them: fewer candidates
                self.by_stem.setdefault(first[:4] if len(first) >= 4 else first[:3], []).append(
                    entry
                )
                continue
            names, others, pairs = self.by_word.setdefault(first, ([], [], {}))
            if len(entry.words) == 1 and not entry.sensitive:
                names.append(name)
            elif len(entry.words) >= 2 and not entry.prefix[1] and not entry.sensitive:
                pairs.setdefault(entry.words[1], []).append(entry)
            else:
                others.append(entry)

    def _lookup(self, low: str) -> tuple[list[str], list[Entry], dict[str, list[Entry]],
                                         list[Entry]] | None:
        """What a token can start: one-word hits, longer phrases, phrases keyed by their second
        word, and `word*` phrases whose stem it has; None when nothing starts with it."""
        names, others, pairs = self.by_word.get(low) or ((), (), {})
        stems: list[Entry] = []
        if len(low) >= 3:
            stems = self.by_stem.get(low[:3], []) + (
                self.by_stem.get(low[:4], []) if len(low) >= 4 else [])
        if not (names or others or pairs or stems):
            return None
        return list(names), list(others), pairs, stems

    def scan(self, text: str, tokenized: tuple[list[tuple[str, int, int]], str] | None = None
             ) -> dict[str, list[Span]]:
        """Every list's matches: leftmost, longest, never overlapping within a list. Pass
        `tokenized` (what `tokenize(text)` returns) when the caller has it already."""
        toks, norm = tokenized or tokenize(text)
        found: dict[str, list[Span]] = {}
        n = len(toks)
        memo = self.memo
        if len(memo) > 50_000:  # the words of many replies; start again rather than grow
            memo.clear()
        for i, (low, start, end) in enumerate(toks):
            try:
                hit = memo[low]
            except KeyError:
                hit = memo[low] = self._lookup(low)
            if hit is None:
                continue
            names, others, pairs, stems = hit
            for name in names:
                found.setdefault(name, []).append((start, end))
            cands = others
            if pairs and i + 1 < n:
                pair = pairs.get(toks[i + 1][0])
                if pair:
                    cands = cands + pair
            if stems:
                cands = cands + stems
            if not cands:
                continue
            for e in cands:
                k = len(e.words)
                if i + k <= n and _matches(e, toks, i, norm):
                    found.setdefault(e.name, []).append((start, toks[i + k - 1][2]))
        return {name: _resolve(spans) for name, spans in found.items()}


def _matches(e: Entry, toks: list[tuple[str, int, int]], i: int, norm: str) -> bool:
    for j, word in enumerate(e.words):
        low, s, t = toks[i + j]
        tok = norm[s:t] if e.sensitive else low
        if e.prefix[j]:
            if not tok.startswith(word):
                return False
        elif tok != word:
            return False
    return True


class Taken:
    """Non-overlapping spans, kept sorted: `claim(span)` takes a span if it is still free.
    Overlap checks are O(log n), so a reply full of numbers stays linear."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def free(self, span: Span) -> bool:
        i = bisect.bisect_left(self.starts, span[1])
        return i == 0 or self.ends[i - 1] <= span[0]

    def claim(self, span: Span) -> bool:
        if not self.free(span):
            return False
        i = bisect.bisect_left(self.starts, span[0])
        self.starts.insert(i, span[0])
        self.ends.insert(i, span[1])
        return True

    def __len__(self) -> int:
        return len(self.starts)


def _resolve(spans: list[Span]) -> list[Span]:
    """Longest match first at each start; drop matches that overlap one already taken."""
    if len(spans) == 1:
        return spans
    if all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False)):  # sorted, disjoint
        return spans
    out: list[Span] = []
    for s, e in sorted(set(spans), key=lambda x: (x[0], -x[1])):
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out
