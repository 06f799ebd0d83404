"""The schema of an authored scenario family (one YAML file in scenarios/families/).

A family is data, like a Faker provider: per-locale vocabulary and post formats with
{{placeholders}}; variables drawn by small typed generators; facts and policies that say
what the agent's knowledge base holds. The generator in `simulator` turns it into Cases.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from scenarios.case import LOCALES, Action, Channel, Emotion, FactKind, PolicyKind

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
BUILTIN_PLACEHOLDERS = frozenset(
    {"brand", "brand_name", "customer_name", "customer_first", "customer_handle", "followers"}
)


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PerLocale(_Spec):
    """A text in each of the three languages."""

    sv: str
    nb: str
    en: str


class IntVar(_Spec):
    type: Literal["int"]
    min: int
    max: int
    step: int = 1


class PickVar(_Spec):
    """One item of a per-locale vocabulary list (`vocab.<from>`)."""

    type: Literal["pick"]
    from_: str = Field(alias="from")


class IndexVar(_Spec):
    """The item at the same position as another pick, from a parallel vocabulary list."""

    type: Literal["same_index"]
    of: str
    from_: str = Field(alias="from")


class TimeVar(_Spec):
    type: Literal["time"]
    min: str = Field(pattern=r"^\d\d:\d\d$")
    max: str = Field(pattern=r"^\d\d:\d\d$")
    step: int = 5


class TimePlusVar(_Spec):
    """A clock time: `base` (a time variable) plus the sum of minute variables."""

    type: Literal["time_plus"]
    base: str
    minutes: list[str]


class DaysAgoVar(_Spec):
    """A date this many days before the post (order date, signup date)."""

    type: Literal["days_ago"]
    min: int
    max: int


class WeekVar(_Spec):
    """An ISO week number this many weeks after the post's week (0 = this week)."""

    type: Literal["week_from_now"]
    min: int
    max: int


class WeekPlusVar(_Spec):
    type: Literal["week_plus"]
    base: str
    weeks: list[str] = Field(default_factory=list)
    add: int = 0


class DateFromNowVar(_Spec):
    """A date this many days after the post (fix date, new delivery date)."""

    type: Literal["days_from_now"]
    min: int
    max: int


class BandVar(_Spec):
    """A value looked up from thresholds on another variable: [[upper_bound, value], ...]."""

    type: Literal["band"]
    of: str
    table: list[tuple[int, int | str]]


class PatternVar(_Spec):
    """An identifier: '#' is a digit, '?' an upper-case letter, anything else is kept."""

    type: Literal["pattern"]
    pattern: str


Variable = Annotated[
    IntVar | PickVar | IndexVar | TimeVar | TimePlusVar | DaysAgoVar | WeekVar | WeekPlusVar
    | DateFromNowVar | BandVar | PatternVar,
    Field(discriminator="type"),
]


class FactSpec(_Spec):
    id: str
    kind: FactKind
    var: str = Field(description="the variable whose value the knowledge base states")
    required: bool
    label: PerLocale
    unit: str | None = None


class PolicySpec(_Spec):
    id: str
    kind: PolicyKind
    text: PerLocale


class ThreadSpec(_Spec):
    author: Literal["customer", "brand", "other"]
    minutes_before: int = Field(ge=1)
    text: str


class LocaleText(_Spec):
    vocab: dict[str, list[str]] = Field(default_factory=dict)
    # a locale may redraw a family variable its own way (prices in SEK vs GBP, number formats)
    variables: dict[str, Variable] = Field(default_factory=dict)
    posts: dict[Emotion, list[str]]
    thread: list[ThreadSpec] = Field(default_factory=list)


class Source(_Spec):
    seed: str = Field(pattern=r"^00\d_[0-9a-f]{16}\.txt$")
    note: str


class Family(_Spec):
    id: str = Field(pattern=r"^[a-z_]+$")
    title: str
    description: PerLocale
    sources: list[Source] = Field(min_length=1)
    brand_kind: Literal["rail", "carrier", "bank", "airline", "restaurant", "software"]
    channels: list[Channel] = Field(min_length=1)
    emotions: list[Emotion] = Field(min_length=1)
    followers: tuple[int, int] = (20, 3000)
    posted_after: str | None = Field(
        default=None, description="a time variable the post is written shortly after"
    )
    expected_action: Action
    company_at_fault: bool
    variables: dict[str, Variable] = Field(default_factory=dict)
    # the variables one incident shares across every post it causes (cause, dates, links,
    # rights); the rest belong to the person (flight, seat, child). See generate(incident=).
    incident: list[str] = Field(default_factory=list)
    facts: list[FactSpec] = Field(min_length=1)
    policies: list[PolicySpec] = Field(default_factory=list)
    locales: dict[Literal["sv", "nb", "en"], LocaleText]

    @model_validator(mode="after")
    def _consistent(self) -> Family:
        missing = [loc for loc in LOCALES if loc not in self.locales]
        if missing:
            raise ValueError(f"locales: missing {', '.join(missing)}")
        names = set(self.variables) | BUILTIN_PLACEHOLDERS
        for fact in self.facts:
            if fact.var not in self.variables:
                raise ValueError(f"fact '{fact.id}': unknown variable '{fact.var}'")
        shared = set(self.incident)
        for var_name in self.incident:
            if var_name not in self.variables:
                raise ValueError(f"incident: unknown variable '{var_name}'")
            spec = self.variables[var_name]
            refs = [getattr(spec, "of", None), getattr(spec, "base", None),
                    *getattr(spec, "minutes", []), *getattr(spec, "weeks", [])]
            for ref in refs:
                if ref is not None and ref not in shared:
                    raise ValueError(f"incident: '{var_name}' depends on '{ref}', which is "
                                     "not in the incident (an incident's values are shared)")
        for locale, text in self.locales.items():
            for var_name in text.variables:
                if var_name not in self.variables:
                    raise ValueError(
                        f"locales.{locale}.variables.{var_name}: not a family variable"
                    )
            for emotion in self.emotions:
                if not text.posts.get(emotion):
                    raise ValueError(f"locales.{locale}.posts: no posts for emotion '{emotion}'")
            for var_name, var in {**self.variables, **text.variables}.items():
                ref = getattr(var, "from_", None)
                if ref is not None and ref not in text.vocab:
                    raise ValueError(
                        f"variables.{var_name}: locales.{locale}.vocab has no list '{ref}'"
                    )
            for emotion, posts in text.posts.items():
                for i, post in enumerate(posts):
                    for name in PLACEHOLDER.findall(post):
                        if name not in names:
                            raise ValueError(
                                f"locales.{locale}.posts.{emotion}.{i}: unknown placeholder "
                                f"'{{{{{name}}}}}'"
                            )
        return self
