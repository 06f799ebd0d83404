"""Sentences and clauses of a reply: where each starts and ends, who it addresses (the customer,
us, a third party), whether it asks a question, and where negation reaches.

A clause ends at a sentence end, at a contrast ("but", "men") or where a comma or "and/och/og"
is followed by a new subject ("..., I'll check"): far enough that "isn't our fault" is negated
and "Unfortunately we can't refund it, but I'll check" keeps "I'll check" whole. The word lists
are per-locale data (the `reading:` section of grading/lexicons/<locale>.yaml).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from typing import NamedTuple

from grading.lexicon import lexicon
from grading.model import Span

SENTENCE_END = re.compile(r"[.!?\n]")
WORD_BEFORE = re.compile(r"([\w.]+)$")
COMMA_LIKE = frozenset(",;:–—(")
DASH = re.compile(r"\s[–—]\s")
NOBODY = ""


class Clause(NamedTuple):
    """One clause: its span, who it is about (see `Words.person`) and what it holds."""

    start: int
    end: int
    addressee: str  # "customer", "us", "third" or "" (none named)
    question: bool  # its sentence ends in '?'
    negations: tuple[Span, ...]  # the negation words in it


class Words(NamedTuple):
    """A locale's reading words, as sets (from the lexicon's `reading:` section)."""

    person: dict[str, str]  # pronoun -> "customer" | "us" | "third"
    breaks: frozenset[str]  # words that start a new clause ("but", "men")
    joins: frozenset[str]  # "and", "so": a new clause when a subject follows
    subjects: frozenset[str]  # pronouns that start a clause after a comma or a join
    abbreviations: frozenset[str]
    rhetorical: frozenset[str]  # "even", "ens": a question at the customer with one is a put-down
    perceive: frozenset[str]  # "read", "läst": ... and so is a negated one with one of these
    regrets: frozenset[str]  # "unfortunately": a negation word that denies nothing
    quote_points: frozenset[str]  # "tap", "tryck": a quotation right after one is a label
    quote_explains: frozenset[str]  # "means", "betyr": ... and one right before one explained
    object_pronouns: frozenset[str]  # "it", "det": "a one-time code, just DM it back"


@cache
def words(locale: str) -> Words:
    data = lexicon(locale).data
    reading = data.get("reading") or {}
    person = {}
    for who in ("third", "us", "customer"):  # a word in two lists is the later one's
        for word in reading.get(who) or []:
            person[str(word).lower()] = who
    abbreviations = frozenset(str(a).lower().rstrip(".") for a in data.get("abbreviations") or [])

    def each(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in reading.get(key) or [])

    return Words(person, each("breaks"), each("joins"), each("subjects"), abbreviations,
                 each("rhetorical"), each("perceive"), each("regrets"), each("quote_points"),
                 each("quote_explains"), each("object_pronouns"))


def sentence_ends(text: str, start: int, end: int, locale: str) -> list[int]:
    """Sentence ends in text[start:end]: '.', '!' or '?' before a space or the end, and line
    breaks; not the dot of an abbreviation ('flight no. 4', 't.ex.') or of a number (2.5)."""
    abbreviations = words(locale).abbreviations
    out = []
    for m in SENTENCE_END.finditer(text, start, end):
        if m.group() == ".":
            after = text[m.end() : m.end() + 1]
            if after and not after.isspace():
                continue  # 2.5, t.ex, example.com
            word = WORD_BEFORE.search(text, max(0, m.start() - 12), m.start())
            following = text[m.end() : m.end() + 3].lstrip()[:1]
            if word and word.group(1).lower() in abbreviations and not following.isupper():
                continue  # "flight no. 4", "t.ex. kortnummer"; but "... st. Then" ends one
        out.append(m.end())
    return out


def sentences(text: str, locale: str) -> list[Span]:
    """The sentences, without the white space between them."""
    out = []
    start = 0
    for end in [*sentence_ends(text, 0, len(text), locale), len(text)]:
        s, e = start, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
        start = end
    return out


def clauses(text: str, tokens: list[tuple[str, int, int]], locale: str,
            negations: list[Span]) -> list[Clause]:
    """The clauses of `text` (`tokens`: its lower-cased words with offsets; `negations`: where
    the lexicon's negation words stand)."""
    w = words(locale)
    out: list[Clause] = []
    toks = iter(tokens)
    tok = next(toks, None)
    for s_start, s_end in sentences(text, locale):
        question = text[s_end - 1] == "?"
        start = s_start
        addressee = NOBODY
        prev_end = s_start
        prev: tuple[str, int, int] | None = None
        while tok is not None and tok[1] < s_end:
            word, ws, we = tok
            if ws < s_start:
                tok = next(toks, None)
                continue
            at = -1  # where a new clause starts, if one does here
            if ws > start:
                if word in w.breaks or DASH.search(text, prev_end, ws):
                    at = ws  # "but", "men"; a dash between spaces ("inte skickats – skicka då")
                elif word in w.subjects:
                    if any(c in COMMA_LIKE for c in text[prev_end:ws]):
                        at = ws
                    elif prev is not None and prev[0] in w.joins and prev[1] > start:
                        at = prev[1]  # "... and I'll check": the clause starts at "and"
            if at >= 0:
                out.append(_clause(text, start, at, addressee, question, negations))
                start, addressee = at, NOBODY
            if not addressee:
                addressee = w.person.get(word, NOBODY)
            prev, prev_end = tok, we
            tok = next(toks, None)
        out.append(_clause(text, start, s_end, addressee, question, negations))
    return out


def _clause(text: str, start: int, end: int, addressee: str, question: bool,
            negations: list[Span]) -> Clause:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:–—"):
        end -= 1
    inside = tuple(n for n in negations if start <= n[0] < end)
    return Clause(start, end, addressee, question, inside)


def clause_at(found: list[Clause], starts: list[int], at: int) -> Clause | None:
    """The clause that holds offset `at` (`starts`: the clauses' starts)."""
    i = bisect_right(starts, at) - 1
    if i < 0:
        return None
    clause = found[i]
    return clause if at < max(clause.end, clause.start + 1) else None


def rhetorical_questions(text: str, found: list[Clause], tokens: list[tuple[str, int, int]],
                         locale: str) -> list[Span]:
    """Questions at the customer that are not questions: "Have you even read the sign?", "Har
    du inte läst skylten?" (a marker word, or a denial and a word for reading or knowing)."""
    w = words(locale)
    out = []
    for clause in found:
        if not clause.question or clause.addressee != "customer":
            continue
        inside = {word for word, s, _e in tokens if clause.start <= s < clause.end}
        denied = any(text[s:e].lower() not in w.regrets for s, e in clause.negations)
        if inside & w.rhetorical or (denied and inside & w.perceive):
            out.append((clause.start, clause.end))
    return out
