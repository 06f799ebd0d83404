"""The schema of a crisis drill (one YAML file in scenarios/drills/, see docs/drills.md).

A drill stages one incident of a family on a simulated clock: a timeline of injects (the
incident starts, waves of posts, a journalist, an update to the facts, a rumour, an
influencer) that every trainee meets at the same simulated time. Like a family it is data:
texts per locale, facts the drill adds to the incident's knowledge base, and which of those
facts a proactive post must state for each of its parts (what, who, what to do now, rights,
next update).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scenarios.case import Action, Channel, Emotion, FactKind, PostPart
from scenarios.family import PLACEHOLDER, PerLocale, Source

CLOCK = r"^\d{1,3}:[0-5]\d$"  # minutes:seconds since the drill started
TIME = r"^([01]\d|2[0-3]):[0-5]\d$"
InjectKind = Literal["start", "wave", "post", "update"]
Role = Literal["journalist", "rumour", "influencer", "customer"]


def clock_seconds(at: str) -> float:
    """'12:30' (minutes:seconds into the drill) -> 750.0."""
    minutes, seconds = at.split(":")
    return int(minutes) * 60.0 + int(seconds)


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DrillFact(_Spec):
    """A fact the drill adds to the incident's knowledge base, or (in an update) a new value
    for one. A date is given as days after the drill's day, so it reads the same in any year."""

    id: str = Field(pattern=r"^[a-z_]+$")
    kind: FactKind | None = None  # a new fact needs it; a changed fact keeps its kind
    value: PerLocale | str | int | float | None = None
    days_after_start: int | None = Field(default=None, ge=0, le=60)
    label: PerLocale | None = None
    required: bool = False
    unit: str | None = None
    part: PostPart | None = None  # the proactive post's part it belongs to

    @model_validator(mode="after")
    def _one_value(self) -> DrillFact:
        if (self.value is None) == (self.days_after_start is None):
            raise ValueError("give either 'value' or 'days_after_start'")
        if self.days_after_start is not None and self.kind not in (None, "date"):
            raise ValueError("'days_after_start' is only for a date")
        return self


class DrillPost(_Spec):
    """A scripted post: who writes it, what they write (per locale) and what it needs."""

    role: Role
    text: PerLocale
    name: PerLocale | None = None  # the writer's name; drawn when not given
    followers: int = Field(ge=0)
    emotion: Emotion
    channel: Channel
    expected_action: Action


class Inject(_Spec):
    """One moment of the timeline, at `at` (minutes:seconds of the drill's clock)."""

    at: str = Field(pattern=CLOCK)
    kind: InjectKind
    headline: PerLocale | None = None  # start and update: the news the desk shows
    posts: int | None = Field(default=None, ge=1, le=40)  # wave: how many posts
    over_minutes: float = Field(default=5.0, gt=0, le=60)  # wave: spread over this long
    post: DrillPost | None = None  # post: the scripted post
    facts: list[DrillFact] = Field(default_factory=list)  # update: the new knowledge base

    @property
    def at_s(self) -> float:
        return clock_seconds(self.at)

    @model_validator(mode="after")
    def _fields_of_kind(self) -> Inject:
        need = {"start": "headline", "update": "headline", "wave": "posts", "post": "post"}
        if getattr(self, need[self.kind]) is None:
            raise ValueError(f"a '{self.kind}' inject needs '{need[self.kind]}'")
        if self.kind == "update" and not self.facts:
            raise ValueError("an 'update' inject needs 'facts': what changes")
        if self.kind != "update" and self.facts:
            raise ValueError(f"'facts' belong to an 'update' inject, not a '{self.kind}'")
        return self


class Others(_Spec):
    """Ordinary posts about other things that keep arriving during the drill."""

    families: list[str] = Field(min_length=1)
    per_hour: float = Field(gt=0, le=120)


class Drill(_Spec):
    id: str = Field(pattern=r"^[a-z_]+$", max_length=40)  # it is part of every case's id
    title: PerLocale
    briefing: PerLocale  # what the trainee is told before the clock starts
    sources: list[Source] = Field(min_length=1)
    family: str  # whose posts the incident causes
    incident: int = Field(ge=0)  # which incident of the family: the same for the whole room
    # incident variables fixed by the drill, the same event in every language: a `pick` by
    # its position in the family's list, a `days_from_now` by days, others by value
    pin: dict[str, int | str] = Field(default_factory=dict)
    day: date  # the day the drill happens
    start: str = Field(pattern=TIME)  # the local time when the drill's clock reads 00:00
    minutes: int = Field(ge=5, le=180)
    facts: list[DrillFact] = Field(default_factory=list)  # added to the knowledge base
    # the family's facts this incident has no use for (a stranded train has no new arrival
    # time yet): left out of every post's knowledge base
    drop_facts: list[str] = Field(default_factory=list)
    # which facts a proactive post states for each part; 'apology' and 'no_guarantee' are
    # read from the text, not from facts
    parts: dict[PostPart, list[str]]
    others: Others | None = None
    timeline: list[Inject] = Field(min_length=2)

    @model_validator(mode="after")
    def _consistent(self) -> Drill:
        if self.timeline[0].kind != "start" or self.timeline[0].at_s != 0:
            raise ValueError("timeline: the first inject is the 'start', at 0:00")
        last = 0.0
        for i, inject in enumerate(self.timeline):
            if inject.at_s < last:
                raise ValueError(f"timeline.{i}: at {inject.at} is before the inject above it")
            if inject.at_s >= self.minutes * 60:
                raise ValueError(f"timeline.{i}: at {inject.at} is after the drill's end "
                                 f"({self.minutes} minutes)")
            if i and inject.kind == "start":
                raise ValueError(f"timeline.{i}: only one 'start'")
            last = inject.at_s
        for inject in self.timeline:
            if inject.post is not None:
                for locale in ("sv", "nb", "en"):
                    for name in PLACEHOLDER.findall(getattr(inject.post.text, locale)):
                        if name not in ("brand", "brand_name"):
                            raise ValueError(
                                f"timeline: unknown placeholder '{{{{{name}}}}}' in a post "
                                "(a drill's posts may use {{brand}} and {{brand_name}})")
        for fact in self.facts:
            if fact.kind is None or fact.label is None:
                raise ValueError(f"facts: '{fact.id}' needs a 'kind' and a 'label'")
        return self
