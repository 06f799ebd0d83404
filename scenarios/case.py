"""The Case: one concrete customer contact, the contract between simulator, grading and course.

A Case is plain data (see docs/case-format.md). It round-trips through JSON so a case can be
saved, shared with a class and graded later, on any machine.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Locale = Literal["sv", "nb", "en"]
Channel = Literal["twitter", "facebook", "instagram"]
Emotion = Literal["happy", "calm", "annoyed", "angry", "furious"]
Action = Literal["respond", "respond_private", "escalate", "monitor"]
FactKind = Literal[
    "time", "date", "week", "duration", "number", "percent", "money", "identifier", "text", "url"
]
PolicyKind = Literal[
    "move_to_private",  # the reply must move the conversation to private messages
    "no_personal_data",  # never ask for or repeat personal data in public
    "no_refund_promise",  # no refund or compensation beyond what the knowledge base states
    "no_guarantee",  # no "guaranteed"/"I promise" about things outside our control
    "no_date_promise",  # no delivery or fix date that the knowledge base does not give
    "no_sales_pitch",  # do not sell to someone who did not ask
    "cite_source",  # a correction must point to a source
    "do_not_feed",  # do not engage a troll in public
]

# The parts of a proactive post (lesson 7): what happened, who is affected, what to do now,
# the rights the knowledge base states, when the next update comes.
PostPart = Literal["what", "who", "do_now", "rights", "next_update"]

LOCALES: tuple[str, ...] = ("sv", "nb", "en")
CHANNEL_LIMITS: dict[str, int] = {"twitter": 280, "facebook": 8000, "instagram": 2200}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Brand(_Model):
    name: str
    handle: str
    kind: str = Field(description="rail, carrier, bank, airline, restaurant or software")


class Customer(_Model):
    name: str
    handle: str
    followers: int = Field(ge=0)
    emotion: Emotion


class Post(_Model):
    text: str
    posted_at: datetime


class ThreadPost(_Model):
    author: str = Field(description="handle of who wrote it")
    text: str
    posted_at: datetime


class Fact(_Model):
    id: str
    kind: FactKind
    value: str | int | float
    required: bool
    label: str
    unit: str | None = Field(default=None, description="currency for money, 'min' for duration")
    part: PostPart | None = Field(default=None, description="the proactive post's part it is for")


class Policy(_Model):
    id: str
    kind: PolicyKind
    text: str


class Case(_Model):
    id: str
    family: str
    locale: Locale
    seed: int
    channel: Channel
    brand: Brand
    customer: Customer
    post: Post
    thread: list[ThreadPost] = Field(default_factory=list)
    facts: list[Fact]
    policies: list[Policy] = Field(default_factory=list)
    expected_action: Action
    company_at_fault: bool
    # facts an update replaced (a drill): stating one of these values now is a wrong fact
    superseded: list[Fact] = Field(default_factory=list)

    @property
    def char_limit(self) -> int:
        return CHANNEL_LIMITS[self.channel]

    def fact(self, fact_id: str) -> Fact:
        for fact in self.facts:
            if fact.id == fact_id:
                return fact
        raise KeyError(f"case {self.id} has no fact {fact_id!r}")

    def has_policy(self, kind: str) -> bool:
        return any(p.kind == kind for p in self.policies)

    def to_dict(self) -> dict[str, Any]:
        """The case as JSON data; the drill's fields only where they are set, so a case
        without them reads as it always has (and as older tools expect)."""
        data = self.model_dump(mode="json")
        if not data["superseded"]:
            del data["superseded"]
        for fact in (*data["facts"], *data.get("superseded", ())):
            if fact["part"] is None:
                del fact["part"]
        return data

    def to_json(self, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Case:
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise CaseError(describe_validation_error(exc, "case")) from None

    @classmethod
    def from_json(cls, text: str) -> Case:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            where = f"line {exc.lineno}, column {exc.colno}"
            raise CaseError(f"case JSON: {where}: {exc.msg}") from None
        if not isinstance(data, dict):
            raise CaseError("case JSON: expected an object at the top level")
        return cls.from_dict(data)

    @classmethod
    def coerce(cls, case: Case | dict[str, Any] | str) -> Case:
        """Accept a Case, the dict of its JSON, or the JSON text itself."""
        if isinstance(case, Case):
            return case
        if isinstance(case, str):
            return cls.from_json(case)
        if isinstance(case, dict):
            return cls.from_dict(case)
        raise CaseError(f"expected a Case, its dict or its JSON, got {type(case).__name__}")


class CaseError(ValueError):
    """A case that cannot be read; the message names the field."""


def describe_validation_error(exc: ValidationError, what: str) -> str:
    """One readable line per problem, naming the field path, for humans not tracebacks."""
    lines = []
    for err in exc.errors()[:5]:
        path = ".".join(str(p) for p in err["loc"]) or "(top level)"
        lines.append(f"{what}: field '{path}': {err['msg']}")
    more = len(exc.errors()) - 5
    if more > 0:
        lines.append(f"{what}: ... and {more} more problems")
    return "; ".join(lines)
