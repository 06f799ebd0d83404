"""Per-locale lexicons: curated phrase lists kept as data (grading/lexicons/*.yaml), compiled once.

Phrase syntax, kept tiny so linguists can edit it: words match whole words, case-insensitively;
`*` is "any word ending" (beklaga* -> beklagar, beklagade); `cs:` makes a phrase case-sensitive
(cs:DM, so "pm" in "2 pm" is not a private message); `re:` is a raw regular expression for the
few patterns a phrase cannot say (sign-offs). Word phrases are found by grading.phrases in one
pass over the tokens; `pattern()` compiles a list as a regex for matching short strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from grading.phrases import PhraseIndex, Span

LEXICON_DIR = Path(__file__).with_name("lexicons")
SEPARATE = frozenset({"signoff"})  # lists whose patterns are matched one by one
# Lists matched against short strings (a fact's label, one word), not scanned in replies.
NOT_SCANNED = frozenset({"stopwords", "signoff", "acronyms", "known_names", "team_words",
                         "personal_fact", "private_fact", "determiners", "approx", "within",
                         "copula", "locale"})
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


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
        """Index the word phrases; compile each list's re: phrases into one regex."""
        for name, phrases in self.scanned_lists().items():
            self.index.add(name, [p for p in phrases if not p.startswith("re:")])
            raw = [p for p in phrases if p.startswith("re:")]
            if raw:
                self.raw[name] = re.compile("|".join(phrase_regex(p) for p in raw), re.IGNORECASE)

    def scan(self, text: str) -> dict[str, list[Span]]:
        """Spans of every scanned list in `text` (word phrases only; see `raw_spans`)."""
        return self.index.scan(text)

    def raw_spans(self, name: str, text: str) -> list[Span]:
        pat = self.raw.get(name)
        return [m.span() for m in pat.finditer(text) if m.end() > m.start()] if pat else []

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
        return merge(self.scan(text).get(name, []), self.raw_spans(name, text))

    def tip(self, criterion: str, ok: bool = False) -> str:
        entry = self.tips.get(criterion) or {}
        text = entry.get("ok" if ok else "fix") or entry.get("fix") or entry.get("ok") or ""
        return text


def _loader() -> type:
    """A safe YAML loader where only true/false are booleans: 'no', 'on' are words here."""
    import yaml  # lazy: keeps `import grading` fast

    class WordLoader(yaml.SafeLoader):
        pass

    WordLoader.yaml_implicit_resolvers = {
        key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    WordLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|false|False)$"), list("tTfF")
    )
    return WordLoader


def _read(locale: str) -> dict[str, Any]:
    import yaml

    path = LEXICON_DIR / f"{locale}.yaml"
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_loader()) or {}
    except OSError as exc:
        raise ValueError(f"{path}: cannot read lexicon: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of phrase lists")
    return data


def _tips(raw: dict[str, Any]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for key, value in (raw or {}).items():
        out[key] = {"fix": value} if isinstance(value, str) else dict(value)
    return out


@cache
def lexicon(locale: str) -> Lexicon:
    """The compiled lexicon for a locale (sv, nb, en); read and compiled once per process."""
    data = _read(locale)
    lex = Lexicon(
        locale=locale,
        data=data,
        stopwords=frozenset(w.lower() for w in data.get("stopwords") or []),
        tips=_tips(data.get("tips") or {}),
        weights={k: float(v) for k, v in (data.get("politeness_weights") or {}).items()},
    )
    lex.build()
    for name in SEPARATE:
        lex.each(name)
    return lex


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
    from scenarios.case import LOCALES

    sets = {loc: lexicon(loc).stopwords for loc in LOCALES}
    return {
        loc: frozenset(words - frozenset().union(*(s for o, s in sets.items() if o != loc)))
        for loc, words in sets.items()
    }
