"""A drill run: a drill file (scenarios/drills/) turned into arrivals and injects on one clock.

`drill_run(drill_id, locale, seed)` gives the same posts at the same simulated seconds on any
machine, so a room that runs one drill with one seed meets every inject at the same moment.
The incident's knowledge base changes at an update inject: `case_at(case, t)` is the case as
it stands at `t`, with the facts the update replaced kept as `superseded` (stating them is now
a wrong fact), and `post_case(t)` is the knowledge base the proactive post is graded against.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from scenarios import Case, brands, get_drill, get_family
from scenarios.drill import Drill, DrillFact, Inject
from simulator.generate import _person, generate, render
from simulator.shift import Arrival

ROLE_SEEDS = {"customer": 1, "journalist": 2, "rumour": 3, "influencer": 4}


@dataclass(frozen=True)
class Event:
    """An inject as it happens: when, what kind, the news line, and the case it brings."""

    at_s: float
    kind: str
    headline: str = ""
    case: Case | None = None
    role: str = ""  # a scripted post's writer: customer, journalist, rumour, influencer


@dataclass
class DrillRun:
    drill: Drill
    locale: str
    seed: int
    arrivals: list[Arrival]
    events: list[Event]
    # (at_s, facts by id) for the start and each update: the knowledge base from then on
    knowledge: list[tuple[float, dict[str, dict[str, Any]]]] = field(default_factory=list)
    post_base: Case | None = None  # the proactive post's case at the start (_post_case)
    # case_at's answers: a desk redraws and a server answers a poll with the same few cases
    _restaged: dict[tuple[str, int], Case] = field(default_factory=dict, repr=False)

    @property
    def minutes(self) -> int:
        return self.drill.minutes

    def clock_time(self, at_s: float) -> str:
        """The local time on the drill's clock, '07:45'."""
        hh, mm = map(int, self.drill.start.split(":"))
        minutes = int(hh * 60 + mm + at_s // 60) % (24 * 60)
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    def events_until(self, at_s: float) -> list[Event]:
        return [e for e in self.events if e.at_s <= at_s]

    def _stage(self, at_s: float) -> int:
        return max(i for i, (t, _facts) in enumerate(self.knowledge) if t <= at_s)

    def facts_at(self, at_s: float) -> dict[str, dict[str, Any]]:
        return self.knowledge[self._stage(at_s)][1]

    def case_at(self, case: Case, at_s: float) -> Case:
        """The case with the incident's knowledge base as it stands at `at_s`."""
        stage = self._stage(at_s)
        if stage == 0 or not _is_incident(case, self):
            return case
        key = (case.id, stage)
        found = self._restaged.get(key)
        if found is None:
            found = self._restaged[key] = _restaged(case, self.knowledge[0][1],
                                                    self.knowledge[stage][1])
        return found

    def post_case(self, at_s: float) -> Case:
        """What the proactive post is graded against: the knowledge base at `at_s`."""
        assert self.post_base is not None
        return self.case_at(self.post_base, at_s)


def _is_incident(case: Case, run: DrillRun) -> bool:
    return case.family == run.drill.family and case.id.startswith(f"drill-{run.drill.id}-")


def _restaged(case: Case, first: dict[str, dict[str, Any]], now: dict[str, dict[str, Any]]
              ) -> Case:
    facts = []
    superseded = []
    for fact in case.facts:
        new = now.get(fact.id)
        if new is not None and new != first.get(fact.id):
            facts.append({**new, "required": fact.required})  # the case's own rule stays
            if new.get("part") != "next_update":  # the old "next update" is when it came
                superseded.append(fact.as_dict())
        else:
            facts.append(fact.as_dict())
    known = {f.id for f in case.facts}
    facts.extend({**f, "required": case.id.endswith("-post") and f["required"]}
                 for fid, f in now.items() if fid not in known and fid not in first)
    data = case.to_dict()
    data.update(facts=facts, superseded=superseded)
    return Case.from_dict(data)


def drill_run(drill_id: str, locale: str, seed: int = 0) -> DrillRun:
    """The drill as it runs for `locale` and `seed` (kept: the same arguments, the same run)."""
    return _drill_run(drill_id, locale, int(seed))


@lru_cache(maxsize=32)
def _drill_run(drill_id: str, locale: str, seed: int) -> DrillRun:
    drill = get_drill(drill_id)
    rng = random.Random(f"drill:{drill.id}:{locale}:{seed}")
    start = _start(drill)
    base = _incident_case(drill, locale, seed, 0)
    knowledge = _knowledge(drill, locale, base)
    arrivals: list[Arrival] = []
    events: list[Event] = []
    n = 0
    for i, inject in enumerate(drill.timeline):
        if inject.kind == "wave":
            for _ in range(inject.posts or 0):
                at = inject.at_s + rng.uniform(0, inject.over_minutes * 60)
                n += 1
                arrivals.append(_arrival(drill, locale, seed, n, at, start, knowledge[0][1]))
            events.append(Event(inject.at_s, "wave"))
        elif inject.kind == "post":
            case = _scripted(drill, inject, locale, seed, i, start, knowledge[0][1])
            arrivals.append(Arrival(inject.at_s, case))
            events.append(Event(inject.at_s, "post", case=case, role=inject.post.role))  # type: ignore[union-attr]
        else:
            events.append(Event(inject.at_s, inject.kind, getattr(inject.headline, locale)))
    if drill.others is not None:
        t = 0.0
        pool = sorted(drill.others.families)
        while True:
            t += rng.expovariate(drill.others.per_hour / 3600.0)
            if t >= drill.minutes * 60:
                break
            case = generate(rng.choice(pool), locale, seed * 1000 + 700 + len(arrivals))
            arrivals.append(Arrival(round(t, 1), _moved(case, start + timedelta(seconds=t))))
    arrivals.sort(key=lambda a: (a.at_s, a.case.id))
    arrivals = [Arrival(round(a.at_s, 1), a.case) for a in arrivals]
    post = _post_case(drill, locale, seed, base, start, knowledge[0][1], events[0].headline)
    return DrillRun(drill, locale, seed, arrivals, events, knowledge, post)


def _start(drill: Drill) -> datetime:
    hh, mm = map(int, drill.start.split(":"))
    return datetime(drill.day.year, drill.day.month, drill.day.day, hh, mm)


def _incident_case(drill: Drill, locale: str, seed: int, n: int) -> Case:
    case = generate(drill.family, locale, seed * 1000 + n, incident=drill.incident,
                    pinned=dict(drill.pin), day=drill.day)
    if not drill.drop_facts:
        return case
    data = case.to_dict()
    data["facts"] = [f for f in data["facts"] if f["id"] not in drill.drop_facts]
    return Case.from_dict(data)


def _knowledge(drill: Drill, locale: str, base: Case) -> list[tuple[float, dict[str, Any]]]:
    """The incident's facts (by id, as Case dicts) at the start and after each update."""
    parts = {fid: part for part, ids in drill.parts.items() for fid in ids}
    facts: dict[str, dict[str, Any]] = {}
    shared = _incident_fact_ids(drill.family)
    for fact in base.facts:
        if fact.id in shared:  # the incident's, not the first passenger's flight
            facts[fact.id] = {**fact.as_dict(), "part": parts.get(fact.id)}
    for extra in drill.facts:
        facts[extra.id] = _fact(extra, locale, drill.day, None, parts)
    stages = [(0.0, dict(facts))]
    for inject in drill.timeline:
        if inject.kind == "update":
            for change in inject.facts:
                facts[change.id] = _fact(change, locale, drill.day, facts.get(change.id), parts)
            stages.append((inject.at_s, dict(facts)))
    return stages


def _fact(spec: DrillFact, locale: str, day: date, old: dict[str, Any] | None,
          parts: Mapping[str, str]) -> dict[str, Any]:
    value: Any = spec.value
    if spec.days_after_start is not None:
        value = (day + timedelta(days=spec.days_after_start)).isoformat()
    elif hasattr(value, locale):
        value = getattr(value, locale)
    label = getattr(spec.label, locale) if spec.label is not None else (old or {}).get("label")
    kind = spec.kind or (old or {}).get("kind") or "date"
    if kind in ("text", "time", "identifier", "url"):
        value = str(value)
    return {
        "id": spec.id, "kind": kind, "value": value, "label": label,
        "required": spec.required if old is None or spec.kind else old["required"],
        "unit": spec.unit or (old or {}).get("unit"),
        "part": spec.part or (old or {}).get("part") or parts.get(spec.id),
    }


def _moved(case: Case, when: datetime, text: str | None = None, **changes: Any) -> Case:
    """The case posted at `when` (its thread as many minutes before as it was), its post's
    `text` replaced when given."""
    data = case.to_dict()
    shift = when - case.post.posted_at
    data["post"]["posted_at"] = when.isoformat()
    if text is not None:
        data["post"]["text"] = text
    for earlier in data["thread"]:
        earlier["posted_at"] = (datetime.fromisoformat(earlier["posted_at"]) + shift).isoformat()
    data.update(changes)
    return Case.from_dict(data)


def _arrival(drill: Drill, locale: str, seed: int, n: int, at_s: float, start: datetime,
             facts: dict[str, dict[str, Any]]) -> Arrival:
    case = _incident_case(drill, locale, seed, n)
    return Arrival(at_s, _moved(case, start + timedelta(seconds=at_s),
                                id=f"drill-{drill.id}-{locale}-{seed}-{n}",
                                facts=_drill_facts(case, facts)))


def _scripted(drill: Drill, inject: Inject, locale: str, seed: int, i: int,
              start: datetime, knowledge: dict[str, dict[str, Any]]) -> Case:
    post = inject.post
    assert post is not None
    base = _incident_case(drill, locale, seed, 900 + i)
    rng = random.Random(f"drill:{drill.id}:{locale}:{seed}:post:{i}")
    name = getattr(post.name, locale) if post.name is not None else _person(locale, rng)
    handle = "".join(c for c in name.title() if c.isalnum() and c.isascii())[:15] or "someone"
    brand = brands()[base.brand.kind][locale]
    text = render(getattr(post.text, locale), {"brand": brand["handle"],
                                               "brand_name": brand["name"]})
    return _moved(
        base, start + timedelta(seconds=inject.at_s),
        id=f"drill-{drill.id}-{locale}-{seed}-{post.role}{i}",
        channel=post.channel, expected_action=post.expected_action, thread=[],
        customer={"name": name, "handle": handle, "followers": post.followers,
                  "emotion": post.emotion},
        text=text, facts=_drill_facts(base, knowledge, personal=False),
    )


def _incident_fact_ids(family_id: str) -> frozenset[str]:
    """The family's facts that belong to the incident (cause, dates, links, rights), not to
    the person (flight, seat, child)."""
    family = get_family(family_id)
    return frozenset(f.id for f in family.facts if f.var in set(family.incident))


def _drill_facts(case: Case, facts: dict[str, dict[str, Any]], *, personal: bool = True
                 ) -> list[dict[str, Any]]:
    """The case's facts with the incident's from the drill's knowledge base, and the drill's
    own facts after them (not required of a reply); without the person's own (`personal`
    False: a scripted writer has no flight or train). Copies: the knowledge stays as it is."""
    incident = _incident_fact_ids(case.family)
    kept = [dict(facts.get(f.id) or f.as_dict()) for f in case.facts
            if personal or f.id in incident]
    known = {f.id for f in case.facts}
    return kept + [{**f, "required": False} for fid, f in facts.items() if fid not in known]


def _post_case(drill: Drill, locale: str, seed: int, base: Case, start: datetime,
               facts: dict[str, dict[str, Any]], headline: str) -> Case:
    """The proactive post's case: the incident's knowledge base, every part's facts required,
    the start's headline as the 'post' it answers, on Facebook (room for a full post)."""
    part_facts = {fid for ids in drill.parts.values() for fid in ids}
    kept = _drill_facts(base, facts, personal=False)
    for fact in kept:
        if fact["id"] in part_facts:
            fact["required"] = True
    return _moved(base, start, id=f"drill-{drill.id}-{locale}-{seed}-post", channel="facebook",
                  thread=[], text=headline, facts=kept)
