"""Find every lexicon phrase in a text in one pass over its tokens.

One big regex alternation per phrase list is slow in Python (it tries every phrase at every
character). Instead the text is split into tokens once and the phrases of every list sit in one
trie over their tokens (`PhraseIndex`): each token looks up what can start with it, then only
the branches the following tokens open are followed, so all ~60 lists cost about as much as one
short scan, however many wordings their slots expand into.
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


class Node:
    """A trie node: the tokens that may follow, the `word*` stems that may follow, and the
    lists whose phrase ends here."""

    __slots__ = ("words", "stems", "ends")

    def __init__(self) -> None:
        self.words: dict[str, Node] = {}
        self.stems: list[tuple[str, Node]] = []
        self.ends: list[str] = []

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # pickled as one call with its three fields (grading.cache): loading a lexicon's trie
        # of ~6,000 nodes by the default slots protocol cost about four times as much
        return _node, (self.words, self.stems, self.ends)

    def child(self, word: str, prefix: bool) -> Node:
        if not prefix:
            node = self.words.get(word)
            if node is None:
                node = self.words[word] = Node()
            return node
        for stem, node in self.stems:
            if stem == word:
                return node
        node = Node()
        self.stems.append((word, node))
        return node


def _node(words: dict[str, Node], stems: list[tuple[str, Node]], ends: list[str]) -> Node:
    node = Node.__new__(Node)
    node.words, node.stems, node.ends = words, stems, ends
    return node


Hit = tuple["Node | None", list["Node"], list[Entry]]  # what a first token starts


@dataclass
class PhraseIndex:
    """All word phrases of a lexicon in one trie over their tokens: at each position of a text
    the scan follows only the branches the text's own tokens open, so a family of phrases that
    share their first words ("I'm sure you (know|appreciate|...)", "(jag|vi) (kollar|...)")
    costs one step per token, not one comparison per phrase. Phrases starting with `word*` hang
    off the root by their first three (or four) letters; case-sensitive phrases (`cs:DM`) are
    compared one by one."""

    root: Node = field(default_factory=Node)
    by_stem: dict[str, list[tuple[str, Node]]] = field(default_factory=dict)
    sensitive: dict[str, list[Entry]] = field(default_factory=dict)  # by first word, lowered
    # token -> what it can start (`_lookup`), filled as tokens are met: most hit nothing
    memo: dict[str, Hit | None] = field(default_factory=dict)

    def add(self, name: str, phrases: Iterable[str]) -> None:
        self.memo.clear()
        for phrase in phrases:
            entry = parse(name, str(phrase))
            if entry is None:
                continue
            if entry.sensitive:
                self.sensitive.setdefault(entry.words[0].lower(), []).append(entry)
                continue
            first = entry.words[0]
            if entry.prefix[0]:  # keyed by 4 letters when the stem has them: fewer candidates
                bucket = self.by_stem.setdefault(first[:4] if len(first) >= 4 else first[:3], [])
                node = next((n for s, n in bucket if s == first), None)
                if node is None:
                    node = Node()
                    bucket.append((first, node))
            else:
                node = self.root.child(first, False)
            for word, prefix in zip(entry.words[1:], entry.prefix[1:], strict=True):
                node = node.child(word, prefix)
            if name not in node.ends:
                node.ends.append(name)

    def _lookup(self, low: str) -> Hit | None:
        """What a token can start: its trie node, the nodes of `word*` first words it has the
        stem of, and the case-sensitive phrases starting with it; None when nothing does."""
        node = self.root.words.get(low)
        stems: list[Node] = []
        if len(low) >= 3:
            for bucket in (self.by_stem.get(low[:3], ()), self.by_stem.get(low[:4], ())
                           if len(low) >= 4 else ()):
                stems.extend(n for s, n in bucket if low.startswith(s))
        sensitive = self.sensitive.get(low, [])
        if node is None and not stems and not sensitive:
            return None
        return node, stems, sensitive

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
            node, stems, sensitive = hit
            if node is not None:
                for name in node.ends:
                    spans = found.get(name)
                    if spans is None:
                        found[name] = [(start, end)]
                    else:
                        spans.append((start, end))
                if node.stems:
                    _follow(node, toks, i + 1, start, found)
                elif node.words and i + 1 < n:  # the common case inline: one word more
                    nxt = node.words.get(toks[i + 1][0])
                    if nxt is not None:
                        stop = toks[i + 1][2]
                        for name in nxt.ends:
                            spans = found.get(name)
                            if spans is None:
                                found[name] = [(start, stop)]
                            else:
                                spans.append((start, stop))
                        if nxt.words or nxt.stems:
                            _follow(nxt, toks, i + 2, start, found)
            for stemmed in stems:
                if stemmed.ends:
                    _record(found, stemmed.ends, start, end)
                if stemmed.words or stemmed.stems:
                    _follow(stemmed, toks, i + 1, start, found)
            for e in sensitive:  # phrases whose case must be compared
                k = len(e.words)
                if i + k <= n and _matches(e, toks, i, norm):
                    found.setdefault(e.name, []).append((start, toks[i + k - 1][2]))
        return {name: _resolve(spans) for name, spans in found.items()}


def _record(found: dict[str, list[Span]], names: list[str], start: int, stop: int) -> None:
    for name in names:
        spans = found.get(name)
        if spans is None:
            found[name] = [(start, stop)]
        else:
            spans.append((start, stop))


def _follow(node: Node, toks: list[tuple[str, int, int]], j: int, start: int,
            found: dict[str, list[Span]]) -> None:
    """Walk the trie from `node` along toks[j:], recording every phrase that ends on the way
    (one path, branching only where a `word*` stem also fits)."""
    n = len(toks)
    while j < n:
        tok, _s, stop = toks[j]
        for stem, child in node.stems:
            if tok.startswith(stem):
                if child.ends:
                    _record(found, child.ends, start, stop)
                if child.words or child.stems:
                    _follow(child, toks, j + 1, start, found)
        nxt = node.words.get(tok)
        if nxt is None:
            return
        node = nxt
        if node.ends:
            _record(found, node.ends, start, stop)
        if not (node.words or node.stems):
            return
        j += 1


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
