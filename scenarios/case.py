"""The Case: one concrete customer contact, the contract between simulator, grading and course.

A Case is plain data (see docs/case-format.md). It round-trips through JSON so a case can be
saved, shared with a class and graded later, on any machine.

The models are msgspec Structs, not pydantic models: a notebook that grades a case handed over
as JSON pays for importing and building them once, and msgspec costs about 20 ms where pydantic
cost about 200 ms, more than the whole first grade (bench/bench_grade.py --first-only). The
families' richer schema (scenarios/family.py) stays pydantic: only authors and the generator
read it.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Annotated, Any, Literal

import msgspec

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


class _Model(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Frozen plain data: unknown fields are an error, not silently dropped. (Subclasses repeat
    frozen=True (and kw_only) only so type checkers see it; msgspec inherits it.)"""

    def replace(self, **changes: Any) -> Any:
        """A copy with some fields changed (not validated again: the caller's values)."""
        return msgspec.structs.replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """The fields as a dict, one level deep (nested models stay models)."""
        return msgspec.structs.asdict(self)


class Brand(_Model, frozen=True):
    name: str
    handle: str
    kind: str  # rail, carrier, bank, airline, restaurant or software


class Customer(_Model, frozen=True):
    name: str
    handle: str
    followers: Annotated[int, msgspec.Meta(ge=0)]
    emotion: Emotion


class Post(_Model, frozen=True):
    text: str
    posted_at: datetime


class ThreadPost(_Model, frozen=True):
    author: str  # the handle of who wrote it
    text: str
    posted_at: datetime


class Fact(_Model, frozen=True):
    id: str
    kind: FactKind
    value: str | int | float
    required: bool
    label: str
    unit: str | None = None  # the currency of money, 'min' for a duration
    part: PostPart | None = None  # the proactive post's part it is for


class Policy(_Model, frozen=True):
    id: str
    kind: PolicyKind
    text: str


class Case(_Model, frozen=True, kw_only=True):
    id: str
    family: str
    locale: Locale
    seed: int
    channel: Channel
    brand: Brand
    customer: Customer
    post: Post
    thread: list[ThreadPost] = msgspec.field(default_factory=list)
    facts: list[Fact]
    policies: list[Policy] = msgspec.field(default_factory=list)
    expected_action: Action
    company_at_fault: bool
    # facts an update replaced (a drill): stating one of these values now is a wrong fact
    superseded: list[Fact] = msgspec.field(default_factory=list)

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
        data: dict[str, Any] = msgspec.to_builtins(self)
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
            return msgspec.convert(data, cls)
        except msgspec.ValidationError as exc:
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


PATH = re.compile(r"^(?P<msg>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)


def describe_validation_error(exc: msgspec.ValidationError, what: str) -> str:
    """msgspec's message ("Expected `int` >= 0 - at `$.customer.followers`") as one readable
    line naming the field path ("case: field 'customer.followers': expected `int` >= 0")."""
    m = PATH.match(str(exc))
    msg, path = (m["msg"], m["path"] or "") if m else (str(exc), "")
    where = re.sub(r"\[(\d+)\]", r".\1", path).strip(".") or "(top level)"
    msg = msg[:1].lower() + msg[1:]
    return f"{what}: field '{where}': {msg}"
