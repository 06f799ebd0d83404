"""The workshop in memory: trainees, rounds and replies, and the rules of a round's timing.

The database is the durable copy; the server keeps everything of its one workshop in memory
too (a room is at most a few hundred trainees), so a reply burst needs no reads at all.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, fields
from typing import Any

MODES = ("same", "variant")
GRACE_S = 2.0  # a reply sent as the timer ends is still on its way: accept it this long after
MAX_ATTEMPTS = 3  # the first try and up to two more after discussion
VERDICTS = ("agree", "too_harsh", "too_kind")


@dataclass
class Workshop:
    id: str
    code: str
    key_hash: str
    created_at: float
    names_revealed: bool = False
    projector: dict[str, Any] = field(default_factory=lambda: {"view": "summary"})
    current_round_id: str | None = None
    ended_at: float | None = None


@dataclass
class Trainee:
    id: str
    seq: int
    name: str
    token_hash: str
    joined_at: float
    hub_user: str | None = None  # on a JupyterHub: who the hub says this is (no token of ours)

    @property
    def label(self) -> str:
        """What the projector shows while names are hidden."""
        return f"Trainee {self.seq}"


@dataclass
class Round:
    id: str
    number: int
    family: str
    locale: str
    seed: int
    mode: str
    timer_s: int
    minutes_since_post: float
    created_at: float
    state: str = "ready"  # ready -> open -> locked -> revealed; a retry opens it again
    attempt: int = 1
    started_at: float | None = None
    deadline: float | None = None

    def seed_for(self, trainee: Trainee) -> int:
        """The seed of this trainee's case: one case for the room, or a variant each."""
        return self.seed if self.mode == "same" else self.seed + trainee.seq

    def phase(self, now: float | None = None) -> str:
        """The state as a trainee meets it: an open round whose timer ran out is "time_up"."""
        now = time.time() if now is None else now
        if self.state == "open" and self.deadline is not None and now > self.deadline:
            return "time_up"
        return self.state

    def accepting(self, now: float) -> bool:
        if self.state != "open":
            return False
        return self.deadline is None or now <= self.deadline + GRACE_S

    def remaining_s(self, now: float) -> float | None:
        if self.state != "open" or self.deadline is None:
            return None
        return max(0.0, round(self.deadline - now, 1))

    def latency_s(self, now: float) -> float:
        """Seconds from the customer's post to this reply: the simulated head start + the clock."""
        elapsed = max(0.0, now - (self.started_at or now))
        return round(self.minutes_since_post * 60 + elapsed, 1)

    def public(self, now: float | None = None) -> dict[str, Any]:
        now = time.time() if now is None else now
        data = self.row()
        data["phase"] = self.phase(now)
        data["remaining_s"] = self.remaining_s(now)
        return data

    def row(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass
class Reply:
    id: str
    round_id: str
    trainee_id: str
    attempt: int
    text: str
    received_at: float
    latency_s: float
    total: float
    grade: dict[str, Any]
    client_id: str | None = None
    starred: bool = False
    hidden: bool = False
    verdict: str | None = None
    verdict_comment: str | None = None

    def row(self) -> dict[str, Any]:
        """A shallow copy: `asdict` would deep-copy the grade, ~2 ms a reply under a burst."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def annotations(self) -> dict[str, Any]:
        return {
            "starred": self.starred,
            "hidden": self.hidden,
            "verdict": self.verdict,
            "verdict_comment": self.verdict_comment,
        }


def feedback_visible(reply: Reply, rnd: Round) -> bool:
    """A trainee sees a grade once its attempt is revealed or a later try has opened."""
    return rnd.attempt > reply.attempt or rnd.state == "revealed"


def latest_per_trainee(replies: list[Reply], round_id: str, attempt: int) -> dict[str, Reply]:
    """Each trainee's last reply of one attempt: a resent or corrected reply replaces the first."""
    latest: dict[str, Reply] = {}
    for reply in replies:
        if reply.round_id == round_id and reply.attempt == attempt:
            latest[reply.trainee_id] = reply
    return latest
