"""Replies written from a case's facts, the way a strong and a mediocre trainee would write them.

Shared by the assessment tests (imported as a module); the tests here check that the strong
template really is strong on every family, so the end-to-end ranking means something.
"""

from __future__ import annotations

import pytest

from scenarios import LOCALES, Case, Fact
from simulator.generate import generate

E2E_FAMILIES = ("train_delay", "privacy_trap", "pricing_question")
OPENING = {
    "en": "Hi {first}, I understand how frustrating this is",
    "sv": "Hej {first}, jag förstår hur frustrerande det här är",
    "nb": "Hei {first}, jeg forstår hvor frustrerende dette er",
}
APOLOGY = {"en": " and I'm sorry.", "sv": " och jag beklagar.", "nb": " og jeg beklager."}
TO_PRIVATE = {
    "en": "Please send us a DM so we can look at your details safely.",
    "sv": "Skicka gärna ett DM till oss så tittar vi på dina uppgifter där.",
    "nb": "Send oss gjerne en DM, så ser vi på detaljene dine der.",
}
NEXT_STEP = {
    "en": "I'll keep you updated here.",
    "sv": "Jag håller dig uppdaterad här.",
    "nb": "Jeg holder deg oppdatert her.",
}
MEDIOCRE = {
    "en": "We are looking into it.",
    "sv": "Vi tittar på det.",
    "nb": "Vi ser på det.",
}


WEEK = {"en": "week", "sv": "vecka", "nb": "uke"}
UNITS = {
    "en": {"days": "days", "h": "hours", "min": "minutes"},
    "sv": {"days": "dagar", "h": "timmar", "min": "minuter"},
    "nb": {"days": "dager", "h": "timer", "min": "minutter"},
}


def _value(fact: Fact, locale: str) -> str:
    """A fact as a person writes it: 'week 32', '21 dagar', '19 SEK'."""
    if fact.kind == "week":
        return f"{WEEK[locale]} {fact.value}"
    if fact.unit:
        return f"{fact.value} {UNITS[locale].get(fact.unit, fact.unit)}"
    return str(fact.value)


def strong_reply(case: Case) -> str:
    """Acknowledge, apologise if we failed, state every required fact, DM if policy, sign off."""
    loc = case.locale
    first = case.customer.name.split()[0]
    opening = OPENING[loc].format(first=first)
    parts = [opening + (APOLOGY[loc] if case.company_at_fault else ".")]
    for fact in case.facts:
        if fact.required:
            label = fact.label.split("(")[0].rstrip(" ?:")
            parts.append(f"{label}: {_value(fact, loc)}.")
    if case.has_policy("move_to_private"):
        parts.append(TO_PRIVATE[loc])
    parts.append(NEXT_STEP[loc])
    parts.append("/Anna")
    return " ".join(parts)


def mediocre_reply(case: Case) -> str:
    """Polite enough, but no fact, no apology, no next step, no name."""
    return MEDIOCRE[case.locale]


@pytest.mark.parametrize("locale", LOCALES)
def test_strong_template_is_strong_on_the_end_to_end_families(locale):
    import grading

    for family in E2E_FAMILIES:
        for seed in range(8):
            case = generate(family, locale, seed)
            strong = grading.grade(strong_reply(case), case, latency_s=600)
            weak = grading.grade(mediocre_reply(case), case, latency_s=600)
            assert strong.total >= 85, (case.id, strong.to_dict())
            assert strong.total > weak.total + 20, case.id
