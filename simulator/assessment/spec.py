"""What an assessment is, and which cases each trainee gets.

nbgrader gives every student the same notebook (issues 1153 and 1433: per-student variants are
not supported by design), so the variation lives here: a trainee's cases are a pure function of
(salt, assessment name, student id). The trainee's kernel and the autograder compute the same
cases independently, and answers written for one trainee's cases do not fit another's.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scenarios import Case

ASSESSMENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
MAX_CASES_PER_TRAINEE = 50
SEED_BYTES = 6  # seeds below 2**48: plenty of distinct cases, still a readable integer


class AssessmentError(ValueError):
    """An assessment that cannot be built or run; the message says what to change."""


def check_student_id(student_id: object) -> str:
    """The id as nbgrader uses it (stripped); refuse what nbgrader or a path cannot hold."""
    if not isinstance(student_id, str) or not student_id.strip():
        raise AssessmentError("the student id is empty")
    student_id = student_id.strip()
    if len(student_id) > 128:
        raise AssessmentError("the student id is longer than 128 characters")
    bad = sorted({ch for ch in student_id if ch in "/\\*+" or not ch.isprintable()})
    if bad:
        raise AssessmentError(f"the student id {student_id!r} contains {''.join(bad)!r}")
    return student_id


@dataclass(frozen=True)
class AssessmentSpec:
    """One assessment: case `i` of every trainee comes from `families[i % len(families)]`."""

    name: str
    families: tuple[str, ...]
    cases_per_trainee: int
    locale: str
    salt: str
    course_id: str = ""
    # Assessment cases all wait in one queue, so the grader's one-hour public target would
    # score every answer 100; a tighter target lets the simulated clock tell trainees apart.
    speed_target_s: float = 600.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "families", tuple(self.families))

    def validate(self) -> AssessmentSpec:
        """Raise AssessmentError naming the first problem; check families exist and load."""
        from scenarios import LOCALES, get_family

        if not ASSESSMENT_ID.match(self.name):
            raise AssessmentError(
                f"assessment name {self.name!r}: use letters, digits, '_', '-' or '.', "
                "starting with a letter or digit (nbgrader uses it as a folder name)"
            )
        if self.locale not in LOCALES:
            raise AssessmentError(f"unknown locale '{self.locale}' (known: {', '.join(LOCALES)})")
        if not self.families:
            raise AssessmentError("name at least one scenario family")
        if not 1 <= self.cases_per_trainee <= MAX_CASES_PER_TRAINEE:
            raise AssessmentError(
                f"cases per trainee must be 1 to {MAX_CASES_PER_TRAINEE}, "
                f"got {self.cases_per_trainee}"
            )
        if not self.salt:
            raise AssessmentError("the salt is empty")
        if not 60 <= self.speed_target_s <= 24 * 3600:
            raise AssessmentError("the speed target must be 1 minute to 24 hours")
        for family in self.families:
            get_family(family)  # FamilyError names the unknown family or the broken file
        return self

    def seed(self, student_id: str, number: int) -> int:
        """The seed of case `number` (1-based) for `student_id`; stable across machines."""
        key = f"replylab-assessment:{self.salt}:{self.name}:{student_id}:{number}"
        digest = hashlib.sha256(key.encode("utf-8")).digest()
        return int.from_bytes(digest[:SEED_BYTES], "big")

    def family(self, number: int) -> str:
        return self.families[(number - 1) % len(self.families)]

    def plan(self, student_id: str) -> list[tuple[str, int]]:
        """(family, seed) of every case of `student_id`, in the order the notebook shows them."""
        student_id = check_student_id(student_id)
        return [
            (self.family(number), self.seed(student_id, number))
            for number in range(1, self.cases_per_trainee + 1)
        ]

    def cases(self, student_id: str) -> list[Case]:
        """The trainee's cases, generated afresh: the same on the trainee's and grader's side."""
        from simulator.generate import generate

        return [generate(family, self.locale, seed) for family, seed in self.plan(student_id)]

    def rubric(self) -> dict[str, Any]:
        """The grader's rubric override for this assessment: its speed target per channel."""
        from scenarios import CHANNEL_LIMITS

        return {"speed_targets": {channel: self.speed_target_s for channel in CHANNEL_LIMITS}}

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["families"] = list(self.families)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AssessmentSpec:
        try:
            return cls(
                name=str(data["name"]),
                families=tuple(str(f) for f in data["families"]),
                cases_per_trainee=int(data["cases_per_trainee"]),
                locale=str(data["locale"]),
                salt=str(data["salt"]),
                course_id=str(data.get("course_id", "")),
                speed_target_s=float(data.get("speed_target_s", 600.0)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise AssessmentError(f"assessment settings are incomplete or wrong: {exc}") from None
