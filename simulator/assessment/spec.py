"""What an assessment is, and which cases each trainee gets.

nbgrader gives every student the same notebook (issues 1153 and 1433: per-student variants are
not supported by design), so the variation lives here. The instructor's course keeps a secret
salt; from it each trainee gets a personal access code, HMAC(salt, course, assessment, id), and
a trainee's cases are a pure function of that code. The released notebook holds no salt, so what
is in one trainee's notebook (or answers file) tells nothing about another trainee's cases. The
autograder derives the same code from the salt and the nbgrader student id, so answers written
for one trainee's cases do not fit another's, whoever submits them.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scenarios import Case

ASSESSMENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
MAX_CASES_PER_TRAINEE = 50
SEED_BYTES = 6  # seeds below 2**48: plenty of distinct cases, still a readable integer
# 32 symbols without 0/O and 1/I, which people misread on a printed slip.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_BODY = 8  # 40 bits: not worth guessing, still quick to type
CODE_CHECK = 2  # catches a typo, or a code entered under the wrong name, 1023 times in 1024


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


def _symbols(digest: bytes, count: int) -> str:
    return "".join(CODE_ALPHABET[byte % len(CODE_ALPHABET)] for byte in digest[:count])


def _check_symbols(student_id: str, body: str) -> str:
    return _symbols(hashlib.sha256(f"{student_id}\n{body}".encode()).digest(), CODE_CHECK)


def normalise_code(code: object) -> str:
    """'k7qx-m2pa-r4 ' -> 'K7QXM2PAR4'; AssessmentError if it cannot be a code at all."""
    if not isinstance(code, str):
        raise AssessmentError("the access code is not text")
    cleaned = re.sub(r"[\s-]+", "", code).upper()
    if len(cleaned) != CODE_BODY + CODE_CHECK or any(c not in CODE_ALPHABET for c in cleaned):
        raise AssessmentError(
            "an access code has 10 letters and digits, like K7QX-M2PA-R4 (no 0, O, 1 or I)"
        )
    return cleaned


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def code_fits(student_id: str, code: str) -> bool:
    """Whether a normalised code was made for this id (its last two symbols check it)."""
    return _check_symbols(student_id, code[:CODE_BODY]) == code[CODE_BODY:]


@dataclass(frozen=True)
class AssessmentSpec:
    """One assessment: case `i` of every trainee comes from `families[i % len(families)]`.

    `salt` is the instructor's secret; the trainee's notebook builds the spec without it and
    works from the trainee's access code instead.
    """

    name: str
    families: tuple[str, ...]
    cases_per_trainee: int
    locale: str
    salt: str = ""
    course_id: str = ""
    # Assessment cases all wait in one queue, so the grader's one-hour public target would
    # score every answer 100; a tighter target lets the simulated clock tell trainees apart.
    speed_target_s: float = 600.0
    # Real time from the trainee's start to an answer; later answers do not count. 0: no limit.
    time_limit_s: float = 0.0

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
        if not (self.time_limit_s == 0 or 60 <= self.time_limit_s <= 7 * 24 * 3600):
            raise AssessmentError("the time limit must be 0 (none) or 1 minute to 7 days")
        for family in self.families:
            get_family(family)  # FamilyError names the unknown family or the broken file
        return self

    def public(self) -> AssessmentSpec:
        """The same assessment without its secret: what a trainee's notebook may hold."""
        return AssessmentSpec(**{**self.to_dict(), "salt": ""})

    def access_code(self, student_id: str) -> str:
        """The trainee's personal code (normalised); needs the salt, so only instructors can."""
        if not self.salt:
            raise AssessmentError("access codes need the course's salt (instructors only)")
        student_id = check_student_id(student_id)
        message = f"replylab-code:{self.course_id}:{self.name}:{student_id}".encode()
        body = _symbols(hmac.new(self.salt.encode(), message, hashlib.sha256).digest(), CODE_BODY)
        return body + _check_symbols(student_id, body)

    def is_code_of(self, student_id: str, code: str) -> bool:
        """Whether `code` (as typed or stored) is this trainee's access code."""
        try:
            return normalise_code(code) == self.access_code(student_id)
        except AssessmentError:
            return False

    def seed(self, code: str, number: int) -> int:
        """The seed of case `number` (1-based) for an access code; stable across machines."""
        key = f"replylab-assessment:{self.name}:{normalise_code(code)[:CODE_BODY]}:{number}"
        digest = hashlib.sha256(key.encode("utf-8")).digest()
        return int.from_bytes(digest[:SEED_BYTES], "big")

    def family(self, number: int) -> str:
        return self.families[(number - 1) % len(self.families)]

    def plan_for_code(self, code: str) -> list[tuple[str, int]]:
        """(family, seed) of every case behind an access code, in the notebook's order."""
        return [
            (self.family(number), self.seed(code, number))
            for number in range(1, self.cases_per_trainee + 1)
        ]

    def plan(self, student_id: str) -> list[tuple[str, int]]:
        """(family, seed) of every case of `student_id` (instructor side: needs the salt)."""
        return self.plan_for_code(self.access_code(student_id))

    def cases_for_code(self, code: str) -> list[Case]:
        """The cases behind an access code: what the trainee's kernel shows them."""
        from simulator.generate import generate

        return [generate(family, self.locale, seed) for family, seed in self.plan_for_code(code)]

    def cases(self, student_id: str) -> list[Case]:
        """The trainee's cases, generated afresh: the same on the trainee's and grader's side."""
        return self.cases_for_code(self.access_code(student_id))

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
                salt=str(data.get("salt", "")),
                course_id=str(data.get("course_id", "")),
                speed_target_s=float(data.get("speed_target_s", 600.0)),
                time_limit_s=float(data.get("time_limit_s", 0.0)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise AssessmentError(f"assessment settings are incomplete or wrong: {exc}") from None
