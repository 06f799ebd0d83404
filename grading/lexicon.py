"""Per-locale lexicons: curated phrase lists kept as data (grading/lexicons/*.yaml), compiled once.

Phrase syntax, kept tiny so linguists can edit it: words match whole words, case-insensitively;
`*` is "any word ending" (beklaga* -> beklagar, beklagade); `cs:` makes a phrase case-sensitive
(cs:DM, so "pm" in "2 pm" is not a private message); `re:` is a raw regular expression for the
few patterns a phrase cannot say (sign-offs; one that starts with `(?#needs:a|b)` is run only
on a text that holds a or b). A phrase covers a class with slots: `(word)` is
optional and `(a|b)` picks one, `(a|b|)` one or none ("as we (have) (already) (said|told you)"
stands for every wording it allows); slots are expanded into plain phrases when the lexicon is
read, so they cost nothing when grading. Word phrases are found by grading.phrases in one
pass over the tokens; `pattern()` compiles a list as a regex for matching short strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from itertools import chain
from pathlib import Path
from typing import Any

from grading.charmap import capital_runs
from grading.phrases import PhraseIndex, Span

LEXICON_DIR = Path(__file__).with_name("lexicons")
SEPARATE = frozenset({"signoff"})  # lists whose patterns are matched one by one
# Lists matched against short strings (a fact's label, one word), not scanned in replies.
NOT_SCANNED = frozenset({"signoff", "acronyms", "known_names", "team_words",
                         "personal_fact", "identity_fact", "private_fact", "determiners", "approx",
                         "within", "thresholds", "service_levels", "copula", "locale",
                         "abbreviations", "through_label", "card_fact", "until_date",
                         "day_abbreviations", "polarity_items", "correction_words",
                         "topic_words"})
WORD = re.compile(r"\w+(?:[-'’]\w+)*")
# A re: phrase that starts with this is anchored at a sentence start: it is matched only at the
# text's start and after ". ", "! ", "? " (or a line break), not tried at every character.
SENTENCE_START = r"(?:^|(?<=[.!?] )|(?<=[.!?]\n))"
SENTENCE_BREAK = re.compile(r"[.!?][ \n]")
# Read when a lexicon is built (re's own cache compiles them then, not at import):
FIRST_WORDS = r"^\(\?:([^\W\d_]+(?:\|[^\W\d_]+)*)\)\\b"  # "(?:why|what)\b..."
# A raw phrase that is one run of capitals as a whole word, "(?-i:\b[A-Z]{4,}\b)": found by
# scanning for the run alone (fast) and checking the word boundaries in Python.
CAPS_PHRASE = r"^\(\?-i:\\b(\[[^\]]+\]\{\d+,\d*\})\\b\)$"
CAPS_RUN_OF = r"\[(?:A-Z)?[ÅÄÖÆØÜÉ]*\]\{(\d+),\d*\}"  # a run of some of CAPITALS
WORD_AT = re.compile(r"\w+")
# A re: phrase may start with a regex comment naming words it cannot match without: "(?#needs:
# next time|future)". The lexicon then runs it only on texts that hold one of them.
GATE = re.compile(r"^\(\?#needs:([^)]*)\)")


def phrase_regex(phrase: str) -> str:
    """One phrase of the data format as a regex fragment with word boundaries."""
    if phrase.startswith("re:"):
        return f"(?:{phrase[3:].strip()})"
    sensitive = phrase.startswith("cs:")
    if sensitive:
        phrase = phrase[3:]
    body = re.escape(phrase).replace(r"\*", r"\w*").replace(r"\ ", r"\s+")
    start = r"(?<!\w)" if phrase[:1].isalnum() or phrase[:1] == "_" else ""
    last = phrase[-1:]
    end = r"(?!\w)" if last.isalnum() or last in "*_" else ""
    core = f"{start}{body}{end}"
    return f"(?-i:{core})" if sensitive else core


def compile_phrases(phrases: list[str]) -> re.Pattern[str] | None:
    """All phrases as one alternation, longest first so the longest phrase wins at a position."""
    items = sorted({str(p) for p in phrases if str(p).strip()}, key=len, reverse=True)
    if not items:
        return None
    return re.compile("|".join(phrase_regex(p) for p in items), re.IGNORECASE)


@dataclass
class Lexicon:
    """The compiled lexicon of one locale: `patterns[name]` for every phrase list."""

    locale: str
    data: dict[str, Any]
    patterns: dict[str, re.Pattern[str] | None] = field(default_factory=dict)
    stopwords: frozenset[str] = frozenset()
    tips: dict[str, dict[str, str]] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)
    index: PhraseIndex = field(default_factory=PhraseIndex)
    raw: dict[str, re.Pattern[str]] = field(default_factory=dict)  # the re: phrases of a list
    # re: phrases that start with (?#needs:a|b): tried only when the lower-cased text holds a or b
    gated: dict[str, list[tuple[tuple[str, ...], re.Pattern[str]]]] = field(default_factory=dict)
    # ... those anchored at a sentence start, without the anchor (matched at sentence starts)
    starts: dict[str, re.Pattern[str]] = field(default_factory=dict)
    # ... and the words such a list's phrases can start with, when they say ("(?:why|what)\b")
    start_words: dict[str, frozenset[str]] = field(default_factory=dict)
    # ... and those words as a pattern for lower-cased text (where they stand: candidates)
    first_words: dict[str, re.Pattern[str]] = field(default_factory=dict)
    caps: dict[str, re.Pattern[str]] = field(default_factory=dict)  # CAPS_PHRASE lists
    caps_least: dict[str, int] = field(default_factory=dict)  # ... their shortest run
    tip_cache: dict[tuple[str, bool], str] = field(default_factory=dict)
    raw_names: frozenset[str] = frozenset()  # lists with re: phrases (raw, starts or caps)
    known_words: frozenset[str] = frozenset()  # see `vocabulary`

    def scanned_lists(self) -> dict[str, list[str]]:
        """Every phrase list scanned in replies, politeness strategies as 'politeness.<name>'."""
        out = {}
        for name, value in self.data.items():
            if name in NOT_SCANNED:
                continue
            if isinstance(value, list):
                out[name] = [str(v) for v in value]
            elif name == "politeness" and isinstance(value, dict):
                for key, phrases in value.items():
                    out[f"politeness.{key}"] = [str(v) for v in phrases or []]
        return out

    def build(self) -> None:
        """Index the word phrases; compile each list's re: phrases into one regex (those
        anchored at a sentence start into another, matched only there)."""
        for name, phrases in self.scanned_lists().items():
            self.index.add(name, [p for p in phrases if not p.startswith("re:")])
            raw = [p[3:].strip() for p in phrases if p.startswith("re:")]
            starts = [p[len(SENTENCE_START):] for p in raw if p.startswith(SENTENCE_START)]
            others = [p for p in raw if not p.startswith(SENTENCE_START)]
            caps = [re.match(CAPS_PHRASE, p) for p in others]
            if len(others) == 1 and caps[0]:
                self.caps[name] = re.compile(_class_first(caps[0].group(1)))
                run = re.fullmatch(CAPS_RUN_OF, caps[0].group(1))
                if run:  # capitals of charmap.CAPITALS only: no run that long, no match
                    self.caps_least[name] = int(run[1])
            elif others:
                gates = [(GATE.match(p), p) for p in others]
                gated = [(tuple(m.group(1).lower().split("|")), p) for m, p in gates if m]
                plain = [p for m, p in gates if not m]
                if plain:
                    self.raw[name] = re.compile("|".join(f"(?:{p})" for p in plain),
                                                re.IGNORECASE)
                if gated:
                    self.gated[name] = [(words, re.compile(p, re.IGNORECASE))
                                        for words, p in gated]
            if starts:
                self.starts[name] = re.compile("|".join(f"(?:{p})" for p in starts),
                                               re.IGNORECASE)
                firsts = [re.match(FIRST_WORDS, p) for p in starts]
                if all(firsts):
                    words = frozenset(w.lower() for m in firsts if m for w in m.group(1).split("|"))
                    self.start_words[name] = words
                    self.first_words[name] = re.compile(  # a sentence break, then the word
                        "[.!?][ \n](" + "|".join(sorted(words)) + r")(?!\w)")
        self.raw_names = (frozenset(self.raw) | frozenset(self.starts) | frozenset(self.caps)
                          | frozenset(self.gated))

    def scan(self, text: str, tokenized: Any = None) -> dict[str, list[Span]]:
        """Spans of every scanned list in `text`: word phrases only (see `scan_all`)."""
        return self.index.scan(text, tokenized)

    def scan_all(self, text: str, tokenized: Any = None) -> dict[str, list[Span]]:
        """Spans of every scanned list in `text`, word phrases and re: phrases merged
        (`tokenized`: grading.phrases.tokenize(text), when the caller has it)."""
        found = self.index.scan(text, tokenized)
        lower = text.lower()
        for name in self.raw_names:
            spans = self.raw_spans(name, text, lower)
            if spans:
                found[name] = merge(found.get(name, []), spans)
        return found

    def raw_spans(self, name: str, text: str, lower: str | None = None) -> list[Span]:
        """Where the re: phrases of one list match `text` (`lower`: text.lower(), when the
        caller has it). Phrases anchored at a sentence start are tried only where one of their
        first words stands at a sentence start (found by a search of the words); a capitals
        phrase only where the text has a run of capitals that long."""
        out: list[Span] = []
        pat = self.starts.get(name)
        if pat is not None:
            firsts = self.start_words.get(name)
            if lower is None:
                lower = text.lower()
            if firsts is not None and len(lower) == len(text):
                head = WORD_AT.match(lower)  # the text's start is a sentence start too
                ats: Iterable[int] = chain([0] if head and head.group() in firsts else [],
                                           (w.start(1) for w in
                                            self.first_words[name].finditer(lower)))
            else:  # every sentence start, with the word there checked
                ats = (at for at in sentence_starts(text)
                       if firsts is None or _head(text, at) in firsts)
            for at in ats:
                if out and at < out[-1][1]:
                    continue
                m = pat.match(text, at)
                if m and m.end() > at:
                    out.append((at, m.end()))
        pat = self.caps.get(name)
        least = self.caps_least.get(name)
        if pat is not None and (least is None or capital_runs(text, least)):
            n = len(text)
            out = merge(out, [(s, e) for s, e in (m.span() for m in pat.finditer(text))
                              if not (s and _word_char(text[s - 1]))
                              and not (e < n and _word_char(text[e]))])
        pat = self.raw.get(name)
        if pat is not None:
            more = [m.span() for m in pat.finditer(text) if m.end() > m.start()]
            out = merge(out, more) if out else more
        for words, gated in self.gated.get(name, ()):
            if lower is None:
                lower = text.lower()
            if any(map(lower.__contains__, words)):  # a literal search, far cheaper than the regex
                more = [m.span() for m in gated.finditer(text) if m.end() > m.start()]
                out = merge(out, more) if out else more
        return out

    def pattern(self, name: str) -> re.Pattern[str] | None:
        if name not in self.patterns:
            self.patterns[name] = compile_phrases(list(self.data.get(name) or []))
        return self.patterns[name]

    def each(self, name: str) -> list[re.Pattern[str]]:
        """The phrases of a list compiled one by one (sign-off patterns with named groups)."""
        key = "each:" + name
        if key not in self.patterns:
            self.patterns[key] = [  # type: ignore[assignment]
                re.compile(phrase_regex(str(p)), re.IGNORECASE) for p in self.data.get(name) or []
            ]
        return self.patterns[key]  # type: ignore[return-value]

    def spans(self, name: str, text: str) -> list[Span]:
        """Where one list matches `text` (outside a grade; a grade scans all lists at once)."""
        return self.scan_all(text).get(name, [])

    def tip(self, criterion: str, ok: bool = False) -> str:
        """The tip of a criterion: its 'ok' form when earned, else its 'fix' form."""
        key = (criterion, ok)
        text = self.tip_cache.get(key)
        if text is None:
            entry = self.tips.get(criterion) or {}
            text = entry.get("ok" if ok else "fix") or entry.get("fix") or entry.get("ok") or ""
            self.tip_cache[key] = text
        return text


@cache
def _loader() -> type:
    """A safe YAML loader where only true/false are booleans: 'no', 'on' are words here.
    libyaml's CSafeLoader when PyYAML was built with it (about 15x faster), else SafeLoader."""
    import yaml  # lazy: keeps `import grading` fast

    base = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

    class WordLoader(base):  # type: ignore[misc, valid-type]
        pass

    WordLoader.yaml_implicit_resolvers = {
        key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    WordLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|false|False)$"), list("tTfF")
    )
    return WordLoader


SLOT = re.compile(r"\(([^()]*)\)")
MAX_VARIANTS = 256  # a phrase with more wordings than this is a sign of a missing pattern


def expand_slots(phrase: str) -> list[str]:
    """Every wording a phrase with `(optional)` and `(a|b)` slots stands for, in order."""
    if phrase.startswith("re:") or "(" not in phrase and ")" not in phrase:
        return [phrase]
    m = SLOT.search(phrase)
    if m is None:
        raise ValueError(f"phrase {phrase!r}: unbalanced parentheses")
    options = m.group(1).split("|")
    if len(options) == 1:
        options.append("")
    out: list[str] = []
    for option in options:
        for variant in expand_slots(phrase[: m.start()] + option + phrase[m.end():]):
            variant = " ".join(variant.split())
            if variant and variant not in out:
                out.append(variant)
    if len(out) > MAX_VARIANTS:
        raise ValueError(f"phrase {phrase!r}: more than {MAX_VARIANTS} wordings")
    return out


def _expanded(data: dict[str, Any]) -> dict[str, Any]:
    """The lexicon's phrase lists (and the politeness strategies' lists) with slots expanded."""

    def phrases(values: list[Any]) -> list[Any]:
        return [v for value in values for v in (
            expand_slots(value) if isinstance(value, str) else [value])]

    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, list):
            out[key] = phrases(value)
        elif key == "politeness" and isinstance(value, dict):
            out[key] = {k: phrases(v) if isinstance(v, list) else v for k, v in value.items()}
        else:
            out[key] = value
    return out


def _read(name: str) -> dict[str, Any]:
    import yaml

    path = LEXICON_DIR / f"{name}.yaml"
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_loader()) or {}
    except OSError as exc:
        raise ValueError(f"{path}: cannot read lexicon: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of phrase lists")
    return data


@cache
def stopwords() -> dict[str, frozenset[str]]:
    """Every locale's stopwords (lexicons/stopwords.yaml: a small file, so guessing a reply's
    language never loads another locale's whole lexicon)."""
    from grading.cache import cached

    return cached("stopwords", [LEXICON_DIR / "stopwords.yaml", Path(__file__)], lambda: {
        str(loc): frozenset(str(w).lower() for w in words or [])
        for loc, words in _read("stopwords").items()})


def _tips(raw: dict[str, Any]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for key, value in (raw or {}).items():
        out[key] = {"fix": value} if isinstance(value, str) else dict(value)
    return out


@cache
def lexicon(locale: str) -> Lexicon:
    """The compiled lexicon for a locale (sv, nb, en); built once per process, or loaded as
    an earlier process built it from the same files (grading.cache)."""
    from grading import phrases
    from grading.cache import cached

    sources = [LEXICON_DIR / f"{locale}.yaml", LEXICON_DIR / "stopwords.yaml",
               Path(__file__), Path(phrases.__file__)]
    if not sources[0].is_file():
        raise ValueError(f"{sources[0]}: cannot read lexicon: no such file")
    return cached(f"lexicon-{locale}", sources, lambda: _build(locale))


def _build(locale: str) -> Lexicon:
    try:
        data = _expanded(_read(locale))
    except ValueError as exc:
        raise ValueError(f"{LEXICON_DIR / f'{locale}.yaml'}: {exc}") from None
    lex = Lexicon(
        locale=locale,
        data=data,
        stopwords=stopwords().get(locale, frozenset()),
        tips=_tips(data.get("tips") or {}),
        weights={k: float(v) for k, v in (data.get("politeness_weights") or {}).items()},
    )
    lex.build()
    for name in SEPARATE:
        lex.each(name)
    lex.known_words = vocabulary(lex)
    return lex


def vocabulary(lex: Lexicon) -> frozenset[str]:
    """Every word the lexicon knows (greetings, months, sign-off words...), but not the
    reading's pronouns ("Hans" is a name): all its strings joined and read in one pass. A
    capitalised word it knows is not an unverified name (criteria.claims)."""
    parts: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict):
            for k, v in value.items():
                parts.append(str(k))
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk({k: v for k, v in lex.data.items() if k not in ("tips", "reading")})
    parts.extend(lex.stopwords)
    return frozenset(WORD.findall("\n".join(parts).lower()))


def _class_first(run: str) -> str:
    """'[A-Z]{4,}' as '[A-Z][A-Z]{3,}': the same matches, but a pattern that starts with a
    character class lets the regex engine skip ahead to candidates."""
    m = re.fullmatch(r"(\[[^\]]+\])\{(\d+),(\d*)\}", run)
    if m is None or int(m[2]) < 1:
        return run
    most = str(int(m[3]) - 1) if m[3] else ""
    return f"{m[1]}{m[1]}{{{int(m[2]) - 1},{most}}}"


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def sentence_starts(text: str) -> list[int]:
    """Where sentences start: the text's start and after '. ', '! ', '? ' or one with a line
    break (what the sentence-start anchor of a re: phrase accepts)."""
    return [0, *(m.end() for m in SENTENCE_BREAK.finditer(text))]


def _head(text: str, at: int) -> str | None:
    """The lower-cased word at `at` (None where no word starts there)."""
    m = WORD_AT.match(text, at)
    return m.group().lower() if m else None


def merge(a: list[Span], b: list[Span]) -> list[Span]:
    """Two sorted span lists as one, dropping spans that overlap an earlier one."""
    if not b:
        return a
    out: list[Span] = []
    for s, e in sorted(set(a) | set(b), key=lambda x: (x[0], -x[1])):
        if not out or s >= out[-1][1]:
            out.append((s, e))
    return out


@cache
def exclusive_stopwords() -> dict[str, frozenset[str]]:
    """Stopwords that belong to one locale only: the evidence a language guess can use."""
    sets = stopwords()
    return {
        loc: frozenset(words - frozenset().union(*(s for o, s in sets.items() if o != loc)))
        for loc, words in sets.items()
    }
