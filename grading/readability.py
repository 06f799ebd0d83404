"""Readability: LIX (Björnsson) for Swedish and Norwegian, Flesch reading ease for English.

Both follow textstat's definitions (words without punctuation; sentences as textstat splits
them, ignoring fragments of two words or fewer; LIX long words have more than six letters),
and Flesch uses textstat's own syllable counter (CMUdict, then Pyphen) word by word with a
cache. Counting words here instead of calling textstat.lix/flesch_reading_ease on the whole
text keeps a grade fast; tests check the results agree with textstat. No textstat.set_lang
call is ever made: LIX needs no language, and Flesch uses textstat's default English.
"""

from __future__ import annotations

import re
from functools import lru_cache

PUNCT = re.compile(r"[^\w\s']+")
LOOSE_APOSTROPHE = re.compile(r"(?<!\w)'|'(?!\w)")
SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
FRE_BASE, FRE_SENTENCE, FRE_SYLLABLE = 206.835, 1.015, 84.6  # textstat's en_US constants


def _words(text: str) -> list[str]:
    text = PUNCT.sub("", text)
    if "'" in text:
        text = LOOSE_APOSTROPHE.sub("", text)
    return text.split()


def _sentences(text: str) -> int:
    found = SENTENCE.findall(text)
    short = sum(1 for s in found if len(s.split()) <= 6 and len(_words(s)) <= 2)
    return max(1, len(found) - short)


def lix(text: str) -> float:
    """Words per sentence plus the percentage of words longer than six letters."""
    words = _words(text)
    if not words:
        return 0.0
    long_words = sum(1 for w in words if len(w) > 6)
    return len(words) / _sentences(text) + 100.0 * long_words / len(words)


@lru_cache(maxsize=50_000)
def syllables(word: str) -> int:
    """textstat's syllable count for one lower-case word (imported on first use); a 'word'
    longer than any real one (hostile input) is estimated instead of hyphenated."""
    if len(word) > 40:
        return max(1, len(word) // 3)
    from textstat.backend.counts import count_syllables

    return int(count_syllables(word, "en_US"))


def flesch(text: str) -> float:
    """206.835 - 1.015 * words per sentence - 84.6 * syllables per word."""
    words = _words(text)
    if not words:
        return 0.0
    syll = sum(syllables(w.lower()) for w in words)
    per_sentence = len(words) / _sentences(text)
    return FRE_BASE - FRE_SENTENCE * per_sentence - FRE_SYLLABLE * syll / len(words)
