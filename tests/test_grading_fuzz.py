"""10,000 random and hostile texts, graded without a crash: random Unicode (superscript and
Arabic-Indic digits, emoji with modifiers, combining marks, right-to-left text, zero-width and
control characters, lone surrogates), markup and regex metacharacters, card- and date-like
numbers, runs of punctuation, and the lexicons' own phrases mashed together. Every grade is a
well-formed Grade: a total and dimensions within 0-100, evidence spans inside the reply."""

from __future__ import annotations

import random

import pytest
from test_grading_support import make_case

import grading
from grading.lexicon import lexicon
from scenarios.case import Case

N = 10_000
ALPHABETS = [
    "abcdefghijklmnopqrstuvwxyzåäöæøéü ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖÆØ",
    "0123456789 ²³¹⁰⁴⁵ ٠١٢٣٤٥ ０１２３ ½ ⅓ Ⅻ",
    ".,;:!?¡¿…–—-'\"’‘«»()[]{}<>/\\|@#$%^&*_+=~`",
    "😀🙂😉🤦‍♂️👍🏽❤️🇸🇪🇳🇴👨‍👩‍👧 ✓✗ ★",
    "\u0301\u0308\u200b\u200d\u200e\u200f\u202e\u2066\ufeff\u00ad",
    "\t\n\r\x0b\x0c\x00\x1b\x7f \u2028\u2029\u00a0\u202f",
    "مرحبا שלום Привет Ωμέγα 你好 ｶﾀｶﾅ ıİſµ",
    "\ud800\udfff\udc00",
]
HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{7*7}}", "${jndi:x}",
    "(?:(?:a+)+)+$", "\\d{999999}", "%s%s%n", "'; DROP TABLE replies; --", "../../etc/passwd",
    "4596 1151 3963 6117", "19780905-1234", "12345678901", "GB29 NWBK 6016 1331 9268 19",
    "2026-13-45", "31/02/2026", "25:61", "kl 99.99", "vecka 0", "uke 54", "1e309", "-0",
    "https://", "http://x" + "/a" * 200, "www." + "a." * 80, "@" * 50, "#" * 50,
    "!!!" * 40, "?" * 120, "CAPS " * 60, "x" * 3000, "a" * 200 + " " + "b" * 200,
]


def _random_text(rng: random.Random, phrases: list[str]) -> str:
    kind = rng.random()
    if kind < 0.35:
        alphabet = "".join(rng.sample(ALPHABETS, rng.randint(1, 4)))
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 320)))
    if kind < 0.6:
        return " ".join(rng.choice(phrases) for _ in range(rng.randint(1, 40)))
    if kind < 0.8:
        parts = [rng.choice(HOSTILE), rng.choice(phrases), rng.choice(HOSTILE)]
        return rng.choice(["", " ", "\n", "…"]).join(parts)
    if kind < 0.98:
        words = [rng.choice(phrases), rng.choice(HOSTILE), str(rng.randint(0, 10**12)),
                 rng.choice(ALPHABETS)[: rng.randint(0, 30)]]
        rng.shuffle(words)
        return " ".join(words) * rng.randint(1, 5)
    return (rng.choice(HOSTILE) * 400)[: rng.randint(2_000, 20_000)]  # long and hostile


def _phrases(locale: str) -> list[str]:
    data = lexicon(locale).data
    out = [str(p) for key, value in data.items() if isinstance(value, list)
           for p in value if isinstance(p, str) and not p.startswith("re:")]
    return out or ["hej"]


@pytest.mark.parametrize("locale", ["sv", "nb", "en"])
def test_random_and_hostile_texts_grade_without_a_crash(locale: str) -> None:
    rng = random.Random(f"fuzz-{locale}")
    phrases = _phrases(locale)
    cases = [Case.coerce(c) for c in (
        make_case(locale), make_case(locale, family="privacy_trap", at_fault=False),
        make_case(locale, channel="facebook", post="Hej 😀 <b>x</b> 4596 1151 3963 6117"))]
    count = N // 3 + (1 if locale == "sv" else 0)
    for i in range(count):
        text = _random_text(rng, phrases)
        case = cases[i % len(cases)]
        g = grading.grade(text, case, latency_s=rng.choice([None, 0, 59.5, 3600, 10**7]))
        assert 0 <= g.total <= 100, (text, g.total)
        for dim, value in g.dimensions.items():
            assert value is None or 0 <= value <= 100, (text, dim, value)
        for f in g.findings:
            for s, e in f.spans:
                assert 0 <= s <= e <= len(text), (text, f)
            assert isinstance(f.tip, str)


@pytest.mark.parametrize("locale", ["sv", "nb", "en"])
def test_random_and_hostile_drill_posts_and_pinned_replies_grade_without_a_crash(
        locale: str) -> None:
    """A drill's grades (grade_post, a reply with a pinned post, out-of-date values after an
    update, special cases first) on the same kind of texts: 1,000 per language."""
    from simulator.drill import drill_run

    rng = random.Random(f"fuzz-drill-{locale}")
    phrases = _phrases(locale)
    runs = [drill_run(d, locale, 0) for d in ("ash_cloud", "winter_rail", "bank_lockout")]
    rubric = {"special_first": 0.5, "speed_targets": {"twitter": 900.0}}
    for i in range(1_000):
        run = runs[i % 3]
        at_s = rng.choice([0.0, 1000.0, 1700.0])
        text, pinned = _random_text(rng, phrases), _random_text(rng, phrases)
        if i % 2:
            g = grading.grade_post(text, run.post_case(at_s))
        else:
            arrival = run.arrivals[i % len(run.arrivals)]
            g = grading.grade(text, run.case_at(arrival.case, at_s), pinned=pinned,
                              latency_s=rng.choice([None, 0, 600, 10**6]), rubric=rubric)
        assert 0 <= g.total <= 100, (text, g.total)
        for f in g.findings:
            for s, e in f.spans:
                assert 0 <= s <= e <= len(text), (text, f)
