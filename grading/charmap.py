"""A one-byte-per-character map of a reply, so that runs of digits and capitals, and the marks
that end fragments, are found by searching literal bytes: the regex engine tests a character
class at every character of a text, but skips ahead to a literal fast, and bytes methods count
and split in C. Only Latin-1 text (Swedish, Norwegian, English) has a map; for other text
(an emoji) callers search the text itself, with the regexes the map stands for.
"""

from __future__ import annotations

import re
from functools import lru_cache

from grading.model import Span

CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖÆØÜÉ"  # (a capitals phrase of a lexicon: some of these)
DIGIT_RUN = re.compile(r"\d\d*")  # \d+, written so the engine skips ahead to a digit

# The map: D for a digit, U for a capital letter (of CAPITALS), | for a mark that may end a
# fragment (, ; . ! ? or a line break), a space for a space, a tab for other white space (so
# bytes.strip strips what str.strip does), _ for anything else.
FRAGMENT_MARKS = ",;\n.!?"


def _map_byte(ch: str) -> int:
    if ch in "0123456789":
        return ord("D")
    if ch in CAPITALS:
        return ord("U")
    if ch in FRAGMENT_MARKS:
        return ord("|")
    if ch == " ":
        return ord(" ")
    return ord("\t") if ch.isspace() else ord("_")


_CHAR_TABLE = bytes(_map_byte(chr(c)) for c in range(256))
MAP_DIGITS = re.compile(rb"DD*")
MAP_CAPITALS = re.compile(rb"UUU*")  # two or more capitals


@lru_cache(maxsize=8)  # asked of the same reply by the value extractor and the shouting check
def char_map(text: str) -> bytes | None:
    """The text's map (see above), or None for a text beyond Latin-1 (search the text then)."""
    try:
        return text.encode("latin-1").translate(_CHAR_TABLE)
    except UnicodeEncodeError:
        return None


CAPITAL_RUN = re.compile(f"[{CAPITALS}][{CAPITALS}]+")  # (for text beyond Latin-1)


def capital_runs(text: str, least: int) -> list[Span]:
    """Runs of at least `least` (2 or more) capitals, each run whole."""
    cmap = char_map(text)
    runs = MAP_CAPITALS.finditer(cmap) if cmap is not None else CAPITAL_RUN.finditer(text)
    return [m.span() for m in runs if m.end() - m.start() >= least]


def digit_runs(text: str) -> list[Span]:
    """Where the runs of digits are: the only places a value can start."""
    cmap = char_map(text)
    if cmap is None:
        return [m.span() for m in DIGIT_RUN.finditer(text)]
    return [m.span() for m in MAP_DIGITS.finditer(cmap)]


def longest_grouped_digits(text: str, runs: list[Span]) -> int:
    r"""The most digits in a row, where one space, dot or hyphen may stand between two
    (`runs`: digit_runs(text)): six or more is how a personal number leaks, and is what
    `\d(?:[ .-]?\d){5}` would find, without a regex tried at every character."""
    best = count = 0
    prev_end = -2
    for s, e in runs:
        if s - prev_end == 1 and text[prev_end] in " .-":
            count += e - s
        else:
            count = e - s
        best = max(best, count)
        prev_end = e
    return best


