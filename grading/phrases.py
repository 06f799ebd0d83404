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
    out: list[tuple[str, int, int]] = []
    pos = 0
    append = out.append
    # (up to the last token: a long run of white space at the end, with no token after it,
    # would have the regex try every one of its positions to the end)
    for space, tok in SPACED_TOKEN.findall(low, 0, len(low.rstrip())):  # findall: fast
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


# By second word: lists of two-word phrases; longer ones by their third word (a phrase family
# like "I'm sure you (know|appreciate|...)" shares its first tokens, "i" and "'"); longer ones
# whose third word is a `word*`.
Pair = tuple[list[str], dict[str, list[Entry]], list[Entry]]
Hit = tuple[list[str], list[Entry], dict[str, Pair], list[Entry]]  # what a token starts


@dataclass
class PhraseIndex:
    """All word phrases of a lexicon, indexed by how they start: `by_word[w]` holds the lists
    whose one-word phrase is w (a hit needs no further check), the longer phrases starting with
    w, and those keyed by their first two words; `by_stem` holds phrases starting `word*`."""

    by_word: dict[str, tuple[list[str], list[Entry], dict[str, Pair]]] = field(
        default_factory=dict
    )
    by_stem: dict[str, list[Entry]] = field(default_factory=dict)  # first 3 letters of a word*
    # token -> what it can start (`_lookup`), filled as tokens are met: most hit nothing
    memo: dict[str, Hit | None] = field(default_factory=dict)

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
                two, by_third, any_third = pairs.setdefault(entry.words[1], ([], {}, []))
                if len(entry.words) == 2:  # both words known to match: no check needed
                    two.append(name)
                elif entry.prefix[2]:
                    any_third.append(entry)
                else:
                    by_third.setdefault(entry.words[2], []).append(entry)
            else:
                others.append(entry)

    def _lookup(self, low: str) -> Hit | None:
        """What a token can start: one-word hits (a `word*` phrase of one word whose stem the
        token has among them), longer phrases, phrases keyed by their second word, and longer
        `word*` phrases whose stem it has; None when nothing starts with it."""
        names, others, pairs = self.by_word.get(low) or ((), (), {})
        names = list(names)
        stems: list[Entry] = []
        if len(low) >= 3:
            for e in self.by_stem.get(low[:3], []) + (
                    self.by_stem.get(low[:4], []) if len(low) >= 4 else []):
                if len(e.words) > 1 or e.sensitive:
                    stems.append(e)
                elif low.startswith(e.words[0]):  # decided by the token alone
                    names.append(e.name)
        if not (names or others or pairs or stems):
            return None
        return names, list(others), pairs, stems

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
                spans = found.get(name)
                if spans is None:
                    found[name] = [(start, end)]
                else:
                    spans.append((start, end))
            if pairs and i + 1 < n:
                pair = pairs.get(toks[i + 1][0])
                if pair is not None:
                    two, by_third, any_third = pair
                    for name in two:
                        found.setdefault(name, []).append((start, toks[i + 1][2]))
                    longer = by_third.get(toks[i + 2][0], ()) if by_third and i + 2 < n else ()
                    if any_third:
                        longer = [*longer, *any_third]
                    for e in longer:
                        k = len(e.words)
                        if i + k <= n and _matches(e, toks, i, norm):
                            found.setdefault(e.name, []).append((start, toks[i + k - 1][2]))
            if others or stems:  # phrases whose other words must be compared
                for e in others + stems if others and stems else others or stems:
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
        starts = self.starts
        if not starts or (span[0] > starts[-1] and span[0] >= self.ends[-1]):
            starts.append(span[0])  # after every span taken: values are found left to right
            self.ends.append(span[1])
            return True
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
