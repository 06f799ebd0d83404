"""Shared helpers for the grading tests: hand-built cases with known facts, and span checks.

(Named test_grading_*.py so it lives with the grading tests; it defines no tests itself.)
"""

from __future__ import annotations

from typing import Any

CAUSES = {"sv": "ett signalfel", "nb": "en signalfeil", "en": "a signal failure"}
POSTS = {
    "sv": "@Sparlinjen Står i Hallsberg och tåg 705 har inte kommit. Ingen info alls. Vad händer?",
    "nb": "@Fjordbanen Står på Hamar og tog 705 har ikke kommet. Ingen info. Hva skjer?",
    "en": "@NorthlineRail Standing at Crewe and train 705 still hasn't shown up. No info. What's "
          "going on?",
}
BRANDS = {
    "sv": ("Spårlinjen", "Sparlinjen"),
    "nb": ("Fjordbanen", "Fjordbanen"),
    "en": ("Northline Rail", "NorthlineRail"),
}


def fact(fid: str, kind: str, value: Any, required: bool = True, label: str | None = None,
         unit: str | None = None) -> dict[str, Any]:
    return {"id": fid, "kind": kind, "value": value, "required": required,
            "label": label or fid.replace("_", " "), "unit": unit}


def policy(kind: str, text: str = "policy") -> dict[str, Any]:
    return {"id": kind, "kind": kind, "text": text}


# the policies of a case that must move to a DM and never take personal data in public
PRIVATE = [policy("move_to_private"), policy("no_personal_data")]


def by_locale(table: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(locale, text) pairs of a per-locale table of texts, for pytest's parametrize."""
    return [(locale, text) for locale, texts in table.items() for text in texts]


def with_sentence(locale: str, sentence: str) -> str:
    """The locale's GOOD reply with one more sentence just before its sign-off."""
    return GOOD[locale].replace(" /Erik", " " + sentence + " /Erik")


def train_facts(locale: str) -> list[dict[str, Any]]:
    return [
        fact("train", "identifier", "705", required=False),
        fact("delay", "duration", 70, unit="min"),
        fact("cause", "text", CAUSES[locale]),
        fact("new_arrival", "time", "14:35"),
        fact("compensation", "percent", 25, required=False),
    ]


def make_case(locale: str = "sv", *, facts: list[dict[str, Any]] | None = None,
              policies: list[dict[str, Any]] | None = None, post: str | None = None,
              channel: str = "twitter", at_fault: bool = True, family: str = "train_delay",
              expected_action: str = "respond", customer: str = "Anna Berg",
              thread: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A case dict (the JSON form grading.grade accepts) with known, fixed facts."""
    name, handle = BRANDS[locale]
    return {
        "id": f"{family}-{locale}-test",
        "family": family,
        "locale": locale,
        "seed": 0,
        "channel": channel,
        "brand": {"name": name, "handle": handle, "kind": "rail"},
        "customer": {"name": customer, "handle": "annaberg", "followers": 120,
                     "emotion": "angry"},
        "post": {"text": post if post is not None else POSTS[locale],
                 "posted_at": "2026-03-14T13:05:00"},
        "thread": thread or [],
        "facts": facts if facts is not None else train_facts(locale),
        "policies": policies if policies is not None else [
            policy("no_refund_promise"), policy("no_guarantee")],
        "expected_action": expected_action,
        "company_at_fault": at_fault,
    }


GOOD = {
    "sv": "Hej Anna! Jag förstår att det är frustrerande och ber om ursäkt. Tåg 705 är 70 min "
          "försenat på grund av ett signalfel, ny ankomst kl 14.35. Jag uppdaterar här så fort "
          "vi vet mer. /Erik",
    "nb": "Hei Anna! Jeg forstår at dette er frustrerende, og beklager. Tog 705 er 70 minutter "
          "forsinket på grunn av en signalfeil, ny ankomst klokka 14.35. Jeg oppdaterer her så "
          "snart vi vet mer. /Erik",
    "en": "Hi Anna, I'm sorry, I understand how frustrating this is. Train 705 is 70 minutes "
          "late because of a signal failure; new arrival 14:35. I'll post updates here as soon "
          "as we know more. /Erik",
}
BAD = {
    "sv": "Enligt våra villkor kan förseningar förekomma. Du borde ha kollat appen innan du "
          "åkte. Kram!",
    "nb": "I henhold til våre vilkår kan forsinkelser skje. Du burde ha sjekket appen før du "
          "dro. Klem!",
    "en": "As stated in our terms, delays can happen. You should have checked the app before "
          "you left. Hugs!",
}


def quoted(reply: str, finding: Any) -> list[str]:
    """The evidence of a finding as the text it points at."""
    return [reply[s:e] for s, e in finding.spans]


def asked_for(reply: str, locale: str) -> list[str]:
    """What the reply's harmful-request findings point at (privacy.*_request), graded in a case
    that moves to a DM and takes no personal data in public."""
    from grading import grade

    g = grade(reply, make_case(locale, policies=PRIVATE), latency_s=300)
    return [q for f in g.findings if f.criterion.endswith("_request") for q in quoted(reply, f)]


def one(grade: Any, criterion: str) -> Any:
    found = grade.find(criterion)
    assert found, f"no {criterion} finding; got {[f.criterion for f in grade.findings]}"
    return found[0]
