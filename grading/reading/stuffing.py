"""Replies that try to game the grader earn no tone credit, and say why.

Keyword stuffing (a pile of polite phrases), a copy of the customer's own post and a reply too
short to help all block every tone credit; three or more apologies block the apology credit.
"""

from __future__ import annotations

import re
from itertools import chain, repeat

from grading.charmap import FRAGMENT_MARKS, char_map
from grading.links import may_have_link
from grading.memo import Memo
from grading.model import Span
from grading.reading.context import Context
from grading.reading.words import tokens

# Markers whose repetition is stuffing: polite formulas. Ownership ("I'll", "we have") is
# ordinary grammar, and content words ("card", "make") are never markers: three of them are
# a reply about a card, not a pile of politeness.
REPEATABLE = ("greetings", "acknowledge", "apologies", "thanks")
MARKERS = (*REPEATABLE, "ownership")  # tone markers: their density is stuffing
BLOCK_ALL = ("tiny", "too_short", "copy_of_post", "stuffing")
SEVERE = ("tiny", "copy_of_post", "stuffing")  # not a reply at all
# Fragments end at a comma, a semicolon, a line break, or a sentence end (., ! or ? followed by
# a capital or the end): "21. mars" and "example.com/x" stay whole.
# (One character class first, so the regex engine skips ahead to candidates.)
FRAGMENT_END = re.compile(r"[,;\n.!?](?:(?<=[,;\n])|[.!?]*(?=\s+[A-ZÅÄÖÆØ\"'«]|\s*$))")
HAS_LETTER = re.compile(r"[^\W\d_]")
URLISH = re.compile(r"\S+\.\S+/\S*|https?://\S+")


# What a word is, as one number whose sum over a reply's words holds three counts (while the
# reply has at most COUNT words: the default analysis window of 10,000 characters has 5,000).
NUMBER, CONTENT, POSTED, COUNT = 1, 1 << 16, 1 << 32, 0xFFFF


def _word_kinds(post: set[str]) -> Memo[str, int]:
    """A word of a reply to one case -> NUMBER (digits only) + CONTENT (3+ characters) +
    POSTED (the customer's post has it); kept per case."""
    return Memo(lambda word: ((NUMBER if word.isdigit() else 0)
                              + (CONTENT if len(word) >= 3 else 0)
                              + (POSTED if word in post else 0)), limit=20_000)


def _counts(texts: list[str], kinds: Memo[str, int]) -> tuple[int, int, int]:
    """How many of the words are numbers, content words, and words of the post."""
    if len(texts) <= COUNT:  # one sum in C
        total = sum(map(kinds.__getitem__, texts))
        return total & COUNT, (total >> 16) & COUNT, total >> 32
    each = list(map(kinds.__getitem__, texts))
    return (sum(k & COUNT for k in each), sum((k >> 16) & COUNT for k in each),
            sum(k >> 32 for k in each))


def _merge(spans: list[Span], text: str) -> list[Span]:
    """Join spans separated only by spaces and punctuation into runs of evidence."""
    out: list[Span] = []
    for s, e in sorted(spans):
        if out and not any(ch.isalnum() for ch in text[out[-1][1] : s]):
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def find_patterns(ctx: Context) -> dict[str, list[Span]]:
    rb = ctx.rubric
    flags: dict[str, list[Span]] = {}
    texts = ctx.word_texts
    post = ctx.per_case("post_words",
                        lambda: {w for w, _s, _e in tokens(ctx.case.post.text) if len(w) >= 3})
    handle = ctx.case.brand.handle.lower()
    kinds = ctx.per_case("word_kinds", lambda: _word_kinds(post))
    n_numbers, n_content, n_posted = _counts(texts, kinds)
    n_words = len(texts) - n_numbers  # numbers are not words here
    text = ctx.text.rstrip()
    if n_words < rb.min_words:
        flags["too_short"] = [(0, len(text))] if text else []
        if n_words < rb.tiny_words:
            flags["tiny"] = flags.pop("too_short")
    # content words: 3+ letters, not the brand's handle; copied: those the post has (the post's
    # words all have 3+ letters). Counted first; the spans only when the reply is a copy.
    handles = texts.count(handle)
    n_content -= handles if len(handle) >= 3 else 0
    n_copied = n_posted - (handles if handle in post else 0)
    if n_content >= 5 and n_copied >= rb.copy_overlap * n_content:
        copied = [(s, e) for w, s, e in ctx.words if len(w) >= 3 and w != handle and w in post]
        flags["copy_of_post"] = _merge(copied, ctx.text)
    polite = sorted(chain.from_iterable(map(ctx.spans, REPEATABLE)))
    markers = sorted(polite + ctx.spans(MARKERS[-1]))
    repeats: dict[str, int] = {}
    for s, e in polite:
        key = ctx.text[s:e].lower()
        repeats[key] = repeats.get(key, 0) + 1
    density = len(markers) / max(1, n_words)
    most = max(repeats.values(), default=0)
    stuffed = markers if (
        len(markers) >= rb.stuffing_min_markers and density >= rb.stuffing_density
    ) else polite if most >= rb.repeated_word else []
    # (back-to-back repeats need one formula at least twice)
    stuffed = stuffed or (most >= 2 and _repeated_markers(ctx, polite)) or _word_salad(ctx)
    if stuffed:
        flags["stuffing"] = stuffed
    apologies = ctx.spans("apologies")
    if len(apologies) >= rb.repeated_apology:
        flags["repeated_apology"] = apologies
    return flags


def _repeated_markers(ctx: Context, polite: list[Span]) -> list[Span]:
    """Polite formulas repeated back to back ('sorry, sorry', 'thank you thank you'): keywords,
    not sentences. Two such repeats (a formula three times running) is stuffing. Only spaces
    and punctuation may stand between the two; ordinary words never count."""
    text = ctx.text
    spans: list[Span] = []
    for (s0, e0), (s1, e1) in zip(polite, polite[1:], strict=False):
        if (text[s0:e0].lower() == text[s1:e1].lower()
                and not any(ch.isalnum() for ch in text[e0:s1])):
            spans.append((s0, e1))
    return spans if len(spans) >= ctx.rubric.repeated_word - 1 else []


def _word_salad(ctx: Context) -> list[Span]:
    """Mostly one-to-three-word fragments between commas: a list of keywords. The greeting
    (first fragment) and the sign-off (last) are short in any reply and are not counted."""
    text = ctx.text[:2000]
    share = ctx.rubric.salad_share
    cmap = char_map(text)
    if cmap is not None:
        # Eight fragments need seven ends, each a mark of FRAGMENT_MARKS. The fragments are
        # made of the gaps between marks (not every mark ends one), so a short fragment holds
        # a short gap: fewer short gaps than salad_share of six inner pieces is no word list.
        if cmap.count(b"|") < 7 or sum(map((2).__ge__, map(bytes.count, map(
                bytes.strip, cmap.split(b"|")), repeat(b" ")))) < share * 6:
            return []
    elif sum(map(text.count, FRAGMENT_MARKS)) < 7:
        return []
    if may_have_link(text):  # links keep their dots and commas
        text = URLISH.sub(lambda m: "x" * len(m.group()), text)
    # First decide on the pieces alone (split runs in C); find the spans only for a word list.
    # Pieces are the parts with a letter, so a word list needs 8 parts, and at least
    # salad_share of 6 inner pieces short: counted over all parts first, in C.
    parts = FRAGMENT_END.split(text)
    if len(parts) < 8 or sum(map((2).__ge__, map(str.count, map(str.strip, parts),
                                                   repeat(" ")))) < share * 6:
        return []
    pieces = [p.strip() for p in parts if HAS_LETTER.search(p)]
    inner = pieces[1:-1]
    if len(inner) < 6 or sum(p.count(" ") <= 2 for p in inner) < share * len(inner):
        return []
    ends = [m.span() for m in FRAGMENT_END.finditer(text)]
    if len(ends) < 7:  # fewer than eight fragments: not a list of keywords
        return []
    frags: list[Span] = []
    start = 0
    for s, e in [*ends, (len(text), len(text))]:
        piece = text[start:s]
        if HAS_LETTER.search(piece):
            lead = len(piece) - len(piece.lstrip())
            frags.append((start + lead, start + len(piece.rstrip())))
        start = e
    middle = frags[1:-1]
    short = [s for s in middle if text.count(" ", s[0], s[1]) <= 2]
    if len(middle) >= 6 and len(short) >= ctx.rubric.salad_share * len(middle):
        return short
    return []


def blocked(ctx: Context, credit: str) -> str | None:
    """Why a tone credit is withheld, or None when it may be earned."""
    reason = ctx.blocks_all
    if reason is None and credit == "apology" and "repeated_apology" in ctx.stuffing:
        return "repeated_apology"
    return reason


