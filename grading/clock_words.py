"""Clock times written in words: "kvart över sex", "halv åtta", "tio i sju", "fem över halv
tre", "kvart over seks", "quarter past six", "half past seven", "six o'clock".

The words are per-locale data (`clock_words:` in grading/lexicons/<locale>.yaml). In Swedish
and Norwegian "halv åtta" is half an hour *before* eight; in English "half seven" is half an
hour after seven: the lexicon says which (`half_before`). Values are minutes after midnight on a
12-hour clock, as a time written without am/pm is read (grading.surface.Mention).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from grading.lexicon import WORD, lexicon
from grading.model import Span


@dataclass(frozen=True)
class ClockWords:
    pattern: re.Pattern[str] | None
    hours: dict[str, int]
    minutes: dict[str, int]
    past: frozenset[str]
    to: frozenset[str]
    half_before: bool
    triggers: frozenset[str]  # one of these words in the text, or no clock words


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def clock_words(locale: str) -> ClockWords:
    data = lexicon(locale).data.get("clock_words") or {}
    hours = {str(k).lower(): int(v) for k, v in (data.get("hours") or {}).items()}
    minutes = {str(k).lower(): int(v) for k, v in (data.get("minutes") or {}).items()}
    past = [str(w).lower() for w in data.get("past") or []]
    to = [str(w).lower() for w in data.get("to") or []]
    half = [str(w).lower() for w in data.get("half") or []]
    oclock = [str(w).lower() for w in data.get("oclock") or []]
    lead = [str(w).lower() for w in data.get("lead") or []]  # "klockan", "kl"
    if not hours:
        return ClockWords(None, {}, {}, frozenset(), frozenset(), False, frozenset())

    def hour(i: int) -> str:
        return rf"(?P<h{i}>{_alt(list(hours))}|1[0-2]|[1-9])"

    count = _alt(list(minutes))  # words only: "5 to 6" is a range more often than 5:54
    way = _alt(past + to)
    lead_in = rf"(?:(?:{_alt(lead)})\s+)?" if lead else ""  # "klockan tio i sju": not "klockan tio"
    forms = [
        rf"{lead_in}(?P<m2>{count})\s+(?:minutes?\s+)?(?P<d2>{way})\s+{hour(2)}",  # "kvart över"
        rf"{lead_in}(?:{_alt(half)})\s+{hour(3)}" if half else "",  # "halv åtta", "half seven"
        rf"{hour(4)}\s+(?:{_alt(oclock)})" if oclock else "",  # "six o'clock"
        rf"(?:{_alt(lead)})\s+{hour(5)}" if lead else "",  # "klockan sex"
    ]
    if half and data.get("half_before"):  # "fem över halv sju": first, the longest form
        forms.insert(0, rf"{lead_in}(?P<m1>{count})\s+(?P<d1>{way})\s+(?:{_alt(half)})\s+"
                        rf"{hour(1)}")
    body = "|".join(f"(?:{f})" for f in forms if f)
    units = lexicon(locale).data.get("units") or {}
    nouns = [str(w).lower() for key in ("hour", "minute", "day", "week")
             for w in units.get(key) or [] if str(w)[:1].isalpha()]
    unit_after = rf"(?!\s+(?:{_alt(nouns)})(?!\w))" if nouns else ""  # "five to six days"
    pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w){unit_after}", re.IGNORECASE)
    # every form holds a minute word, "halv"/"half", "o'clock" or "klockan": without one of
    # these words (as whole words) a text has no clock time in words
    triggers = frozenset(w for phrase in [*minutes, *half, *oclock, *lead] for w in phrase.split())
    return ClockWords(pattern, hours, minutes, frozenset(past), frozenset(to),
                      bool(data.get("half_before")), triggers)


def _number(word: str, table: dict[str, int]) -> int:
    return int(word) if word.isdecimal() else table[word.lower()]


def word_times(text: str, lower: str, locale: str,
               words: Iterable[str] | None = None) -> list[tuple[Span, int]]:
    """(span, minutes after midnight) for every clock time written in words (`words`: the
    text's lower-cased words, when the caller has them)."""
    cw = clock_words(locale)
    if cw.pattern is None:
        return []
    if words is None:
        words = WORD.findall(lower)
    if cw.triggers.isdisjoint(words):
        return []
    out = []
    for m in cw.pattern.finditer(text):
        g = m.groupdict()
        h = _number(next(g[k] for k in ("h1", "h2", "h3", "h4", "h5") if g.get(k)), cw.hours) % 12
        if g.get("m1"):  # "fem över halv sju": 6:35
            n = _number(g["m1"], cw.minutes)
            base = (h - 1) * 60 + 30
            value = base + n if g["d1"].lower() in cw.past else base - n
        elif g.get("m2"):  # "kvart över sex", "ten to seven"
            n = _number(g["m2"], cw.minutes)
            if n >= 60:
                continue
            value = h * 60 + n if g["d2"].lower() in cw.past else h * 60 - n
        elif g.get("h3"):  # "halv åtta" is 7:30, "half seven" 7:30 too
            value = (h - 1) * 60 + 30 if cw.half_before else h * 60 + 30
        else:
            value = h * 60
        out.append((m.span(), value % 720))
    return out
