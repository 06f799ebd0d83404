"""Word stems from the Snowball stemmers (Swedish, Norwegian, English; PyStemmer, the Snowball
project's own C library for Python, BSD/MIT):
"förseningen" and "försenad" share "försen", "forsinkelsen" and "forsinket" share "forsink".

A stem is used as a prefix (a word "states" a fact's word when it starts with the word's stem,
so compounds such as "signalfelet" still count), so where Snowball rewrites a word's ending
("happy" -> "happi") only the part the stem and the word share is kept. Pure-Python Snowball
costs about 20 µs a word; the answers are memoised, and a class's replies share most words.
"""

from __future__ import annotations

from functools import cache

import Stemmer

LANGUAGES = {"sv": "swedish", "nb": "norwegian", "en": "english"}
# Endings Snowball leaves on a knowledge base's nouns and participles ("forhåndsbestilt",
# "henting", "hämtning") that a reply's verb drops ("forhåndsbestille", "hente", "hämta"): the
# root without one of them is a second chance for a fact's word (English needs none: Snowball
# already reads "booked" as "book", and "evening" must not become "even").
DERIVATIONS = {
    "sv": ("ning", "ing", "ad", "at", "d", "t"),
    "nb": ("ing", "else", "et", "te", "t"),
}
ROOT_SHORTEST = 4
SHORTEST = 3  # a shorter stem says too little: the word itself is used
_MEMO: dict[tuple[str, str], str] = {}
MEMO_LIMIT = 100_000


@cache
def _stemmer(locale: str) -> Stemmer.Stemmer | None:
    language = LANGUAGES.get(locale)
    return Stemmer.Stemmer(language) if language else None


def stem(word: str, locale: str) -> str:
    """The word's stem as a prefix of the word (lower-cased words in, as the reading has them)."""
    key = (locale, word)
    found = _MEMO.get(key)
    if found is not None:
        return found
    stemmer = _stemmer(locale)
    if stemmer is None or len(word) <= SHORTEST:
        found = word
    else:
        raw = stemmer.stemWord(word)
        shared = 0
        for a, b in zip(raw, word, strict=False):
            if a != b:
                break
            shared += 1
        found = word[:shared] if shared >= SHORTEST else word
    if len(_MEMO) >= MEMO_LIMIT:
        _MEMO.clear()
    _MEMO[key] = found
    return found


def root(stem_: str, locale: str) -> str | None:
    """The stem without a derivational ending (`DERIVATIONS`), when at least four letters stay:
    "forhåndsbestilt" -> "forhåndsbestil", "henting" -> "hent"; None when there is none."""
    for ending in DERIVATIONS.get(locale, ()):
        if stem_.endswith(ending) and len(stem_) - len(ending) >= ROOT_SHORTEST:
            return stem_[: -len(ending)]
    return None
