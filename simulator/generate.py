"""Seeded generation: a family + locale + seed -> one concrete Case, identical on any machine.

Randomness comes from `random.Random` seeded with a string (hashed with SHA-512, so stable
across processes and platforms); Faker supplies people's names, seeded from the same stream.
"""

from __future__ import annotations

import random
import unicodedata
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import Any

from scenarios import LOCALES, Case, Family, FamilyError, brands, get_family
from scenarios.family import PLACEHOLDER, FactSpec
from simulator import variables
from simulator.formatting import format_value

FAKER_LOCALES = {"sv": "sv_SE", "nb": "no_NO", "en": "en_US"}
CURRENCIES = {"sv": "SEK", "nb": "NOK", "en": "GBP"}
STRING_KINDS = frozenset({"identifier", "text", "url", "time"})
EPOCH = datetime(2026, 1, 5, 0, 0)  # a Monday; posts fall within the year after it


@cache
def _faker(locale: str) -> Any:
    from faker import Faker  # lazy: ~0.2 s, paid only when a case is generated

    return Faker(FAKER_LOCALES[locale])


def _ascii(text: str) -> str:
    text = text.replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("Æ", "Ae")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _handle(name: str, rng: random.Random) -> str:
    parts = [p for p in _ascii(name).split() if p.isalpha()]
    first, last = (parts[0], parts[-1]) if parts else ("user", "x")
    style = rng.randrange(4)
    if style == 0:
        return f"{first.lower()}{last.lower()}"[:15]
    if style == 1:
        return f"{first.lower()}_{last[0].lower()}{rng.randrange(10, 99)}"
    if style == 2:
        return f"{first.capitalize()}{last.capitalize()}"[:15]
    return f"{first[:1].lower()}{last.lower()}{rng.randrange(1970, 2008)}"[:15]


def _followers(low: int, high: int, rng: random.Random) -> int:
    """Log-uniform: most people have few followers, a few have very many."""
    import math

    value = math.exp(rng.uniform(math.log(max(low, 1)), math.log(max(high, 2))))
    return int(round(value))


def _person(locale: str, rng: random.Random) -> str:
    fake = _faker(locale)
    fake.seed_instance(rng.getrandbits(32))
    return f"{fake.first_name()} {fake.last_name()}"


KEEP_CASE = frozenset({"brand", "customer_handle"})  # handles are written as they are


@lru_cache(maxsize=4096)
def _shouting(template: str) -> bool:
    """A post written in capitals (the furious ones): filled-in words are shouted too."""
    letters = [c for c in PLACEHOLDER.sub("", template) if c.isalpha()]
    return len(letters) >= 12 and sum(c.isupper() for c in letters) >= 0.65 * len(letters)


def render(template: str, values: dict[str, str]) -> str:
    """Fill {{placeholders}}; an unknown one is an authoring error (caught at load time)."""
    if _shouting(template):
        return PLACEHOLDER.sub(
            lambda m: values[m.group(1)] if m.group(1) in KEEP_CASE else values[m.group(1)].upper(),
            template,
        )
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _posted_at(family: Family, raw: dict[str, Any], day: date, rng: random.Random) -> datetime:
    day = datetime(day.year, day.month, day.day)
    if family.posted_after and family.posted_after in raw:
        hh, mm = map(int, str(raw[family.posted_after]).split(":"))
        after = rng.randrange(3, 25)
        return day.replace(hour=hh, minute=mm) + timedelta(minutes=after)
    return day + timedelta(hours=rng.randrange(7, 22), minutes=rng.randrange(60))


def _fact(spec: FactSpec, value: Any, locale: str, shown: dict[str, str]) -> dict[str, Any]:
    if isinstance(value, date):
        value = value.isoformat()
    elif spec.kind in STRING_KINDS:
        value = str(value)
    unit = spec.unit or (CURRENCIES[locale] if spec.kind == "money" else None)
    return {
        "id": spec.id,
        "kind": spec.kind,
        "value": value,
        "required": spec.required,
        "label": render(getattr(spec.label, locale), shown),
        "unit": unit,
    }


def generate(family: str | Family, locale: str, seed: int, incident: int | None = None, *,
             pinned: dict[str, int | str] | None = None, day: date | None = None) -> Case:
    """The case for (family, locale, seed): the same arguments give the identical case.

    With `incident`, the family's incident variables (cause, dates, links, rights) and the
    day of the post come from the incident alone: every post of one incident tells of the same
    event, as in a real disruption, and only the person's own details differ. A drill also
    `pinned`s some incident variables (variables.draw) and sets the `day`, so its incident is
    the same event in every language.
    """
    fam = family if isinstance(family, Family) else get_family(family)
    if locale not in LOCALES:
        raise FamilyError(f"unknown locale '{locale}' (known: {', '.join(LOCALES)})")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise FamilyError(f"seed must be a whole number, got {seed!r}")
    if incident is not None and (isinstance(incident, bool) or not isinstance(incident, int)):
        raise FamilyError(f"incident must be a whole number, got {incident!r}")
    shared_by = incident if incident is not None and fam.incident else None
    rng = random.Random(f"{fam.id}:{locale}:{seed}" + (
        f":incident:{shared_by}" if shared_by is not None else ""))
    text = fam.locales[locale]  # type: ignore[index]  # checked against LOCALES above
    # The post's date is drawn first so date variables can be relative to it.
    shared = None
    if shared_by is None:
        post_day = EPOCH.date() + timedelta(days=rng.randrange(0, 330))
    else:
        incident_rng = random.Random(f"{fam.id}:{locale}:incident:{shared_by}")
        post_day = EPOCH.date() + timedelta(days=incident_rng.randrange(0, 330))
        shared = (set(fam.incident), incident_rng)
    if day is not None:
        post_day = day
    specs = {**fam.variables, **text.variables} if text.variables else fam.variables
    raw = variables.draw(specs, text.vocab, post_day, rng, shared, pinned)
    posted_at = _posted_at(fam, raw, post_day, rng)

    brand = brands()[fam.brand_kind][locale]
    name = _person(locale, rng)
    customer: dict[str, Any] = {
        "name": name,
        "handle": _handle(name, rng),
        "followers": _followers(*fam.followers, rng),
        "emotion": rng.choice(fam.emotions),
    }
    shown = {k: format_value(v, locale) for k, v in raw.items()}
    shown.update(
        brand=brand["handle"],
        brand_name=brand["name"],
        customer_name=name,
        customer_first=name.split()[0],
        customer_handle=customer["handle"],
        followers=format_value(customer["followers"], locale),
    )
    post_text = render(rng.choice(text.posts[customer["emotion"]]), shown)
    other = _handle(_person(locale, rng), rng)
    authors = {"customer": customer["handle"], "brand": brand["handle"], "other": other}
    thread = [
        {
            "author": authors[t.author],
            "text": render(t.text, shown),
            "posted_at": (posted_at - timedelta(minutes=t.minutes_before)).isoformat(),
        }
        for t in text.thread
    ]
    facts = [_fact(f, raw[f.var], locale, shown) for f in fam.facts]
    policies = [
        {"id": p.id, "kind": p.kind, "text": render(getattr(p.text, locale), shown)}
        for p in fam.policies
    ]
    return Case.from_dict(
        {
            "id": f"{fam.id}-{locale}-{seed}" + (
                f"-incident{shared_by}" if shared_by is not None else ""),
            "family": fam.id,
            "locale": locale,
            "seed": seed,
            "channel": rng.choice(fam.channels),
            "brand": {"name": brand["name"], "handle": brand["handle"], "kind": fam.brand_kind},
            "customer": customer,
            "post": {"text": post_text, "posted_at": posted_at.isoformat()},
            "thread": thread,
            "facts": facts,
            "policies": policies,
            "expected_action": fam.expected_action,
            "company_at_fault": fam.company_at_fault,
        }
    )
