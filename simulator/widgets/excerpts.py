"""The trainee's reply quoted as evidence: escaped, with <mark> around the spans a finding
points at, and cut to excerpts when the reply is long, so feedback stays a few lines per
finding whatever the trainee pasted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from simulator.widgets.cards import esc
from simulator.widgets.strings import plural

# A reply up to this length (and within its channel's limit) is quoted whole; a longer one is
# cut, in every finding alike, to the marked parts with some context either side.
WHOLE_REPLY_CHARS = 300
EXCERPT_CONTEXT = 60  # in a longer reply: this many characters either side of the evidence
LONG_MARK_CHARS = 160  # a longer marked part (e.g. all that is over the limit) shows its ends:
MARK_END_CHARS = 60  # this many characters of its start and of its end, "…" between
WORD_REACH = 20  # how far an excerpt's edge may move to avoid cutting a word
MAX_EXCERPTS = 3  # a finding quotes at most this many places; the rest are counted


def merge_spans(spans: Iterable[Sequence[int]], length: int) -> list[tuple[int, int]]:
    """Spans clamped to the reply, sorted, overlapping or touching ones joined."""
    clamped = sorted(
        (max(0, int(s)), min(length, int(e)))
        for s, e, *_ in spans
        if min(length, int(e)) > max(0, int(s))
    )
    merged: list[tuple[int, int]] = []
    for start, end in clamped:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def highlight(reply: str, spans: Iterable[Sequence[int]]) -> str:
    """The reply escaped, with <mark> around each [start, end) span."""
    parts: list[str] = []
    cursor = 0
    for start, end in merge_spans(spans, len(reply)):
        parts.append(esc(reply[cursor:start]))
        parts.append(f"<mark>{esc(reply[start:end])}</mark>")
        cursor = end
    parts.append(esc(reply[cursor:]))
    return "".join(parts)


def shortened(reply: str, limit: int | None = None) -> bool:
    """Whether quotes from `reply` are excerpts: over WHOLE_REPLY_CHARS or over the channel's
    character `limit` (when known)."""
    return len(reply) > WHOLE_REPLY_CHARS or (limit is not None and len(reply) > limit)


def excerpt(
    reply: str, spans: Iterable[Sequence[int]], limit: int | None = None, locale: str = "en"
) -> str:
    """The evidence in its context, escaped and marked. A short reply is quoted whole; a long
    one (see `shortened`) is cut to the marked parts with some context either side, at word
    boundaries, "…" where cut; a long marked part shows only its start and its end. At most
    MAX_EXCERPTS places are quoted, so a 5,000-character reply stays a few lines long."""
    merged = merge_spans(spans, len(reply))
    if not shortened(reply, limit) or not merged:
        return highlight(reply, merged)
    kept: list[tuple[int, int]] = []
    for start, end in merged[:MAX_EXCERPTS]:
        kept.append((_word_start(reply, start - EXCERPT_CONTEXT), start))
        if end - start <= LONG_MARK_CHARS:
            kept.append((start, end))
        else:
            kept.append((start, min(end, _word_end(reply, start + MARK_END_CHARS))))
            kept.append((max(start, _word_start(reply, end - MARK_END_CHARS)), end))
        kept.append((end, _word_end(reply, end + EXCERPT_CONTEXT)))
    windows: list[list[int]] = []
    for lo, hi in sorted(kept):
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    parts = []
    for lo, hi in windows:
        inside = [(max(s, lo) - lo, min(e, hi) - lo) for s, e in merged if s < hi and e > lo]
        text_ = highlight(reply[lo:hi], inside)
        parts.append(("…" if lo > 0 else "") + text_ + ("…" if hi < len(reply) else ""))
    hidden = sum(1 for s, e in merged if not any(s < hi and e > lo for lo, hi in windows))
    more = f' <span class="rl-more">{esc(plural(locale, "more_places", hidden))}</span>'
    return " ".join(parts) + (more if hidden > 0 else "")


def _word_start(reply: str, index: int) -> int:
    """`index` moved back to the start of its word (never before 0)."""
    index = max(0, index)
    floor = max(0, index - WORD_REACH)
    while floor < index and not reply[index - 1].isspace():
        index -= 1
    return index


def _word_end(reply: str, index: int) -> int:
    """`index` moved on to the end of its word (never past the reply)."""
    index = min(len(reply), index)
    ceiling = min(len(reply), index + WORD_REACH)
    while index < ceiling and not reply[index].isspace():
        index += 1
    return index


def preview(text_: str, limit: int = 90) -> str:
    """`text_` on one line, at most `limit` characters: cut at the last word boundary that
    fits and ended with "…", so a queue row never stops mid-word or looks complete when cut.
    A single word longer than `limit` (a URL) is cut inside it, still with "…"."""
    flat = " ".join(text_.split())
    if len(flat) <= limit:
        return flat
    room = max(1, limit - 1)  # the "…" takes one character
    cut = flat[: room + 1]
    space = cut.rfind(" ")
    kept = cut[:space] if space > 0 else flat[:room]
    return (kept.rstrip(" ,;:.-–—") or flat[:room]) + "…"
