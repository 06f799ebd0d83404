"""Find the values a reply states, in the surface forms people actually write.

"kl 14.35", "14:35", "2:35 pm"; "vecka 48", "uke 48", "week 48"; "1 299 kr", "1299 SEK", "£12";
"14 mars", "14. mars", "March 14", "2026-03-14", "14/3"; "80 min", "1 h 20 min"; "25 %",
"25 procent". Each becomes a Mention with a normalised value and its span in the text, so facts
can be checked and wrong ones highlighted.

Speed matters (a grade should take well under a millisecond), so all number-led forms are one
regex whose alternatives are tried in priority order: one pass over the text instead of twenty.
Word-led forms ("SEK 1299", "vecka 48", "March 14", "kl 14", "v48", "SY966") are recognised by
looking at the few characters before each number found. Both regexes are built once per locale
from the lexicon's unit words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, NamedTuple

from grading.charmap import digit_runs
from grading.clock_words import word_times
from grading.lexicon import lexicon, phrase_regex
from grading.links import URL, find_emails, may_have_link, normalise_url
from grading.memo import Memo
from grading.model import Span
from grading.phrases import PhraseIndex, Taken

NOTHING = "\u0000"  # a phrase that never matches, for an empty lexicon list
NUM = r"(?:\d{1,3}(?:[ \u00a0\u202f.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
DEC = r"\d+(?:[.,]\d+)?"
CURRENCY = {"£": "GBP", "gbp": "GBP", "pound": "GBP", "pounds": "GBP", "p": "GBP", "pence": "GBP",
            "sek": "SEK", "nok": "NOK", "kronor": "SEK", "krona": "SEK", "kroner": "NOK",
            "krone": "NOK", "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "$": "USD",
            "usd": "USD", "dollars": "USD"}
QUALIFIER_WORD = re.compile(r"[\w%]+")
MAX_MENTIONS = 400  # a reply with more values than this is not a reply; stop looking
MAX_NUMBER_DIGITS = 100  # a longer run of digits is read as an identifier, never as a number
HANDLE = re.compile(r"(?<![\w@])@\w+")
SECTION = re.compile(
    r"(?:punkt|pkt|avsnitt|section|sektion|kap|kapitel|kapittel|paragraf|§|version|versjon)\.?\s*$",
    re.IGNORECASE,
)
NOT_DATES = ("24/7", "50/50")
NUM_AT = re.compile(NUM)
TOKEN_AT = re.compile(r"\d[\w-]*\w|\d")
GLUED = re.compile(r"[A-Za-zÅÄÖÆØåäöæø]+$")
LEADING_DIGITS = re.compile(r"\d+")
WORDS_BEFORE = re.compile(r"[^\W\d_]+\.?")
KL_WORDS = frozenset({"kl", "klockan", "klokka", "klokken"})


class Mention(NamedTuple):
    """A value found in text: kind (time, date, week, duration, percent, money, number,
    identifier, url), its normalised value, where it is, and how it was qualified."""

    kind: str
    value: Any
    span: Span
    approx: bool = False  # "about 70 min" (durations only: the one kind compared loosely)
    within: bool = False  # "within 24 hours": a service promise or a threshold, not a fact
    unit: str | None = None  # durations: the unit written ("min", "h", "d", "w")
    qualifier: str | None = None  # durations: the within/threshold phrase before it ("within")
    meridiem: bool = False  # a time written with am/pm
    currency: str | None = None


_new_mention = tuple.__new__  # a Mention from all its fields, without NamedTuple's keywords


def parse_number(raw: str) -> float:
    """'1 299' -> 1299, '1,299' -> 1299, '12,50' -> 12.5, '1.299' -> 1299, '12.5' -> 12.5."""
    s = raw.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if "," in s and "." in s:
        dec = max(s.rfind(","), s.rfind("."))
        s = re.sub(r"[.,]", "", s[:dec]) + "." + s[dec + 1 :]
    elif "," in s or "." in s:
        sep = "," if "," in s else "."
        head, _, tail = s.rpartition(sep)
        s = head.replace(sep, "") + ("" if len(tail) == 3 else ".") + tail
    return float(s)


def _alt(words: list[str], glued: bool = False, prefix: bool = False) -> str:
    """Alternation of phrases; `glued` units may follow a number without a space ("50p"),
    a `prefix` may be followed by one ("v48")."""
    items = sorted({str(w) for w in words}, key=len, reverse=True) or [NOTHING]
    parts = [phrase_regex(w) for w in items]
    if glued:
        parts = [p.removeprefix(r"(?<!\w)") for p in parts]
    if prefix:
        parts = [p.removesuffix(r"(?!\w)") for p in parts]
    return _first_char_guard(items) + "(?:" + "|".join(parts) + ")"


def _first_char_guard(items: list[str]) -> str:
    """'(?=[kmn])': the phrases' first characters, so a list is skipped in one test instead of
    trying each phrase (same matches); '' when a phrase may start otherwise (re:, '*', space)."""
    firsts = set()
    for item in items:
        body = item[3:] if item.startswith("cs:") else item
        if item.startswith("re:") or not body or body[0] in "*\\" or body[0].isspace():
            return ""
        firsts.add(body[0])
    return "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])"


def _date(day: str | int, month: int) -> tuple[int, int] | None:
    d = int(day)
    return (month, d) if 1 <= month <= 12 and 1 <= d <= 31 else None


@dataclass
class Extractor:
    """The compiled surface forms of one locale."""

    locale: str
    numeric: re.Pattern[str]  # number-led forms, in priority order
    currency_words: frozenset[str]  # may stand right before a number: "SEK 1299", "£12"
    week_words: frozenset[str]  # "vecka 48", "v48", "wk 12"
    week_compounds: tuple[str, ...]  # "leveransvecka: 39", "leveringsuke er 26"
    copulas: tuple[str, ...]  # "is now", "blir", "er"
    months: dict[str, int]
    word_durations: PhraseIndex
    word_minutes: dict[str, float]
    duration_heads: tuple[str, ...]
    approx: frozenset[str]  # qualifier phrases, lower case
    within: frozenset[str]
    qualifier_ends: frozenset[str] = field(init=False)  # the last word of each of those phrases
    word_kinds: Memo[str, str] = field(init=False)  # `_word_kind`, kept as words are met

    def __post_init__(self) -> None:
        self.qualifier_ends = frozenset(p.split(" ")[-1] for p in self.approx | self.within)
        self.word_kinds = Memo(self._word_kind, limit=20_000)

    def extract(self, text: str, tokenized: Any = None, lower: str | None = None,
                runs: list[Span] | None = None) -> list[Mention]:
        """Every value mention in `text`, earliest-first, never two on the same characters
        (`tokenized`: grading.phrases.tokenize(text), `lower`: text.lower(), `runs`:
        digit_runs(text), when the caller has them)."""
        found: list[Mention] = []
        taken = Taken()
        claim = taken.claim

        def add(kind: str, value: Any, span: Span, approx: bool = False, within: bool = False,
                unit: str | None = None, qualifier: str | None = None, meridiem: bool = False,
                currency: str | None = None) -> None:
            if value is not None and len(found) < MAX_MENTIONS and claim(span):
                found.append(_new_mention(Mention, (kind, value, span, approx, within, unit,
                                                    qualifier, meridiem, currency)))

        if "@" in text:
            for span in find_emails(text):
                taken.claim(span)
            for m in HANDLE.finditer(text):
                taken.claim(m.span())
        if may_have_link(text):
            for m in URL.finditer(text):
                url = m.group().rstrip(".,!?:;)")
                add("url", normalise_url(url), (m.start(), m.start() + len(url)))
        low = text.lower() if lower is None else lower
        words = (tok for tok, _s, _e in tokenized[0]) if tokenized is not None else None
        for span, minutes in word_times(text, low, self.locale, words):  # "kvart över sex"
            add("time", minutes, span)
        if any(map(low.__contains__, self.duration_heads)):
            self._word_durations(text, add, tokenized)
        end = 0
        compounds = any(map(low.__contains__, self.week_compounds))  # "leveringsuke er 26"
        for s, _e in digit_runs(text) if runs is None else runs:  # numbers start at runs
            if s < end or (s and text[s - 1] in ",:/"):
                continue
            if len(found) >= MAX_MENTIONS:
                break
            hit = self.numeric.match(text, s)
            if hit:
                end = hit.end()
                if not self._worded(text, hit, add, compounds):
                    self._numeric(text, hit, add, taken)
        found.sort(key=lambda x: x.span)
        return found

    def _worded(self, text: str, m: re.Match[str], add: Callable[..., None],
                compounds: bool = True) -> bool:
        """A number read together with the word before it; False when the word says nothing."""
        s, e = m.span()
        kind = m.lastgroup
        if s and text[s - 1].isalpha():  # glued: "v48" is a week, "SY966" an identifier
            head = GLUED.search(text, max(0, s - 12), s)
            start = head.start() if head else s
            e = TOKEN_AT.match(text, s).end()  # type: ignore[union-attr]
            if (head and head.group().lower() in self.week_words and m.group().isdecimal()
                    and len(m.group()) <= MAX_NUMBER_DIGITS):
                add("week", int(m.group()) if 1 <= int(m.group()) <= 53 else None, (start, e))
            else:
                add("identifier", text[start:e], (start, e))
            return True
        if kind not in ("tok", "t24", "du", "dd", "sl", "t12"):
            return False
        word, start = self._word_before(text, s, compounds)
        if not word:
            return False
        if word == "cur":
            amount = NUM_AT.match(text, s)
            if amount:
                currency = CURRENCY.get(text[start:s].strip().lower())
                add("money", parse_number(amount.group()), (start, amount.end()),
                    currency=currency)
            return bool(amount)
        digits = LEADING_DIGITS.match(m.group())
        if kind != "tok" or not digits or len(digits.group()) > MAX_NUMBER_DIGITS:
            return False
        n = int(digits.group())
        if word == "week" and m.group().isdecimal():
            add("week", n if 1 <= n <= 53 else None, (start, e))
        elif word in self.months and len(digits.group()) <= 2:
            add("date", _date(n, self.months[word]), (start, e))
        elif word == "kl" and m.group().isdecimal() and n <= 23:
            add("time", n * 60, (s, e))
        else:
            return False
        return True

    def _word_before(self, text: str, s: int, compounds: bool = True) -> tuple[str, int]:
        """What the word right before a number says: 'cur', 'week', 'kl', a month name, or ''
        (`compounds`: False when the text has no week compound, 'leveringsuke')."""
        first = max(0, s - 32)
        window = text[first:s]
        body = window.rstrip()
        if len(window) - len(body) > 1 or not body:  # far from a word, or the reply's start
            return "", s
        if body[-1] in "£$€":
            return "cur", first + len(body) - 1
        chunk = body.rsplit(None, 1)[-1]
        core = chunk[:-1] if chunk[-1] == "." else chunk
        if core.isalpha():  # the common case: a word (and maybe its dot) right before
            i = len(body) - len(chunk)
            last = chunk.lower()
        else:  # letters at the end of a longer chunk: "(kl", "1:a"
            low = body.lower()
            i = len(low) - (1 if low.endswith(".") else 0)
            while i and low[i - 1].isalpha():
                i -= 1
            last = low[i:]
            if not last.rstrip("."):
                return "", s
        start = first + i
        kind = self.word_kinds[last.rstrip(".")]
        if kind:
            return kind, start
        if not compounds:
            return "", s
        low = body.lower()
        if not any(map(low.__contains__, self.week_compounds)):
            return "", s
        for copula in self.copulas:  # "leveringsuke er 26", "delivery week is now 12"
            if low.endswith(copula) and len(low) > len(copula):
                head = low[: len(low) - len(copula)].rstrip(" :")
                prev = WORDS_BEFORE.findall(head)
                if prev and prev[-1].endswith(self.week_compounds):
                    return "week", first + head.rfind(prev[-1])
        return "", s

    def _word_kind(self, bare: str) -> str:
        """'cur', 'week', a month name, 'kl' or '' for a lower-case word."""
        if bare in self.currency_words:
            return "cur"
        if bare in self.week_words or bare.endswith(self.week_compounds):
            return "week"
        if bare in self.months:
            return bare
        return "kl" if bare in KL_WORDS else ""

    def _numeric(self, text: str, m: re.Match[str], add: Callable[..., None],
                 taken: Taken) -> None:
        g, kind = m.group, m.lastgroup
        span = m.span()
        start = span[0]
        if kind == "tok":  # the commonest first
            tok = g()
            if tok.isdecimal() and len(tok) <= MAX_NUMBER_DIGITS:  # "2²" is a digit, not decimal
                add("number", int(tok), span)
            else:
                add("identifier", tok, span)
        elif kind == "t24":
            clock = g()  # hours, one separator, two digits of minutes
            add("time", int(clock[:-3]) * 60 + int(clock[-2:]), span)
        elif kind == "du":
            number, hours, hour_minutes, mins, days = g("du_n", "du_h", "du_hm", "du_min",
                                                       "du_day")
            n = parse_number(number)
            if hours:
                minutes = n * 60 + (int(hour_minutes) if hour_minutes else 0)
            else:
                minutes = n * (1 if mins else 1440 if days else 10080)
            approx, qualifier = self._qualifiers(text, start)
            unit = "h" if hours else "min" if mins else "d" if days else "w"
            add("duration", minutes, span, approx=approx, within=qualifier is not None,
                unit=unit, qualifier=qualifier)
        elif kind == "iso":
            add("date", _date(g("iso_d"), int(g("iso_m"))), span)
        elif kind == "ma":
            unit = g("ma_c").lower()
            value = parse_number(g("ma_n"))
            add("money", value / 100 if unit in ("p", "pence") else value, span,
                currency=CURRENCY.get(unit))
        elif kind == "pc":
            add("percent", parse_number(g("pc_n")), span)
        elif kind == "dm":
            add("date", _date(g("dm_d"), self.months[g("dm_m").lower()]), (start, m.end("dm_m")))
        elif kind == "sl":
            if m.group() in NOT_DATES:
                taken.claim(span)
            else:
                add("date", _date(g("sl_d"), int(g("sl_m"))), span)
        elif kind == "dd":
            if SECTION.search(text, max(0, start - 12), start):
                taken.claim(span)  # "punkt 4.2." is a clause, not a date
            else:
                add("date", _date(g("dd_d") or g("dd_d2"), int(g("dd_m") or g("dd_m2"))), span)
        elif kind == "t12":
            hour = int(g("t12_h")) % 12 + (12 if g("t12_x").lower().startswith("p") else 0)
            add("time", hour * 60 + int(g("t12_m") or 0), span, meridiem=True)

    def _word_durations(self, text: str, add: Callable[..., None], tokenized: Any = None) -> None:
        """'an hour', 'en halvtimme', 'to uker': durations written in words."""
        scanned = self.word_durations.scan(text, tokenized)
        hits = [(span, key) for key, spans in scanned.items() for span in spans]
        for span, key in sorted(hits, key=lambda h: (h[0][0], -h[0][1])):  # longest first
            approx, qualifier = self._qualifiers(text, span[0])
            minutes = self.word_minutes[key]
            unit = ("w" if minutes % 10080 == 0 else "d" if minutes % 1440 == 0
                    else "h" if minutes % 60 == 0 else "min")
            add("duration", minutes, span, approx=approx, within=qualifier is not None,
                unit=unit, qualifier=qualifier)

    def _qualifiers(self, text: str, start: int) -> tuple[bool, str | None]:
        """(approx, qualifier): whether an approximation ('about', 'ca') ends at most one word
        before `start`, and the service level or threshold ('within the', 'over') that ends at
        most two words before it (the nearest, longest), if any."""
        words = QUALIFIER_WORD.findall(text[max(0, start - 40) : start].lower())[-5:]
        ends = self.qualifier_ends
        if ends.isdisjoint(words):  # no qualifier phrase ends in any of these words
            return False, None
        n = len(words)
        approx, qualifier = False, None
        for j in range(n, max(1, n - 2) - 1, -1):  # a phrase of 1-3 words ending at words[j - 1]
            if words[j - 1] not in ends:
                continue
            for i in range(max(0, j - 3), j):
                phrase = words[i] if i == j - 1 else " ".join(words[i:j])
                if qualifier is None and phrase in self.within:
                    qualifier = phrase
                if not approx and n - j <= 1 and phrase in self.approx:
                    approx = True
        return approx, qualifier


def _duration_index(word_minutes: dict[str, float]) -> PhraseIndex:
    index = PhraseIndex()
    for phrase in word_minutes:
        index.add(phrase, [phrase])
    return index


@cache
def extractor(locale: str) -> Extractor:
    """The extractor for a locale, compiled once."""
    lex = lexicon(locale)
    units: dict[str, list[str]] = lex.data.get("units") or {}
    months = {str(k).lower(): int(v) for k, v in (lex.data.get("months") or {}).items()}
    word_minutes = {
        re.sub(r"\s+", " ", str(k).lower()): float(v)
        for k, v in (lex.data.get("word_durations") or {}).items()
    }

    def unit(name: str) -> str:
        week = name == "week_number"
        return _alt(units.get(name) or [], glued=not week, prefix=week)

    # a month name follows white space here, never a word character: no (?<!\w) to test
    month = _alt(list(months), glued=True)
    hour, minute = unit("hour"), unit("minute")
    numeric = "|".join([
        r"(?P<iso>(?P<iso_y>\d{4})-(?P<iso_m>\d{1,2})-(?P<iso_d>\d{1,2})(?!\d))",
        rf"(?P<ma>(?P<ma_n>{NUM})\s?(?P<ma_c>{unit('currency_after')})(?!\w))",
        rf"(?P<pc>(?P<pc_n>{DEC})\s?{unit('percent')})",
        rf"(?P<dm>(?P<dm_d>\d{{1,2}})(?:\.|st|nd|rd|th)?\s(?:of\s)?(?P<dm_m>{month})\.?(?!\w))",
        r"(?P<sl>(?P<sl_d>\d{1,2})/(?P<sl_m>\d{1,2})(?:/(?:\d{4}|\d{2}))?(?![\d/]))",
        r"(?P<dd>(?P<dd_d>\d{1,2})\.(?P<dd_m>\d{1,2})\.(?:\d{4}|\d{2})(?!\d)"
        r"|(?P<dd_d2>\d{1,2})\.(?P<dd_m2>\d)\.(?!\d))",
        r"(?P<t12>(?P<t12_h>1[0-2]|0?[1-9])(?:[:.](?P<t12_m>[0-5]\d))?\s?"
        r"(?P<t12_x>am|pm|a\.m\.|p\.m\.)(?!\w))",
        # "30 min", and the interval's ordinal: "var 30:e minut", "hvert 30. minutt"
        rf"(?P<du>(?P<du_n>{DEC})(?::[ae]|\.(?=\s))?[\s-]?(?:(?P<du_h>{hour})"
        rf"(?:\s?(?:and|och|og|&)?\s?(?P<du_hm>\d{{1,2}})\s?{minute})?"
        rf"|(?P<du_min>{minute})|(?P<du_day>{unit('day')})|(?P<du_wk>{unit('week')}))(?!\w))",
        r"(?P<t24>(?P<t24_h>[01]?\d|2[0-3])[:.](?P<t24_m>[0-5]\d)(?![\d]|[.,:]\d))",
        r"(?P<tok>\d[\w-]*\w|\d)",
    ])
    flags = re.IGNORECASE
    return Extractor(
        locale=locale,
        numeric=re.compile(numeric, flags),
        currency_words=frozenset(str(w).lower() for w in units.get("currency_before") or []),
        week_words=frozenset(str(w).lower().rstrip(".") for w in units.get("week_number") or []),
        week_compounds=tuple(str(w).lower() for w in units.get("week_compound") or []),
        copulas=tuple(sorted({str(w).lower() for w in lex.data.get("copula") or []} | {":"},
                             key=len, reverse=True)),
        months=months,
        word_durations=_duration_index(word_minutes),
        word_minutes=word_minutes,
        duration_heads=tuple(sorted({k.split()[-1][:4] for k in word_minutes})),
        approx=frozenset(str(w).lower() for w in lex.data.get("approx") or []),
        within=frozenset(str(w).lower() for w in lex.data.get("within") or []),
    )
