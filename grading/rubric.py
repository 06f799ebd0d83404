"""Every number the grader uses, in one place, with a default you can override per course.

docs/grading.md says where each default comes from. Override like
`Rubric.from_dict({"weights": {"tone": 0.4}})` or pass a dict straight to `grade(rubric=...)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any


def _weights() -> dict[str, float]:
    # Facts and privacy dominate: a wrong fact or a leak hurts the customer more than tone.
    return {"facts": 0.35, "privacy": 0.25, "tone": 0.25, "speed": 0.15}


def _tone_credits() -> dict[str, float]:
    return {
        "greeting": 10,
        "acknowledge": 15,
        "apology": 15,
        "thanks": 5,
        "ownership": 10,
        "next_step": 20,
        "signoff": 10,
        "readability": 10,
        "channel_fit": 5,
        "brevity": 30,  # only for do_not_feed cases (trolls): one brief line
    }


def _penalties() -> dict[str, float]:
    return {
        "familiarity": 25,
        "blame": 30,
        "condescension": 30,
        "undertone": 20,
        "curt": 10,
        "no_delete_advice": 15,
        "no_block_advice": 20,
        "sarcasm": 25,
        "jargon": 10,
        "shouting": 15,
        "insult": 50,
        "other_language": 35,
        "over_limit": 15,
        "far_over_limit": 40,
        "repeated_apology": 15,
        "stuffing": 20,
        "copy_of_post": 40,
        "too_short": 20,
        "tiny": 20,
        "sales_pitch": 20,
        "feeding_troll": 20,
        "politeness": 15,
        "contradiction": 45,
        "wrong_value": 45,
        "unverified": 10,
        "promise": 40,
        "soft_promise": 15,
        "no_source": 20,
        "personal_data": 60,
        "identity_data": 100,  # a card, account or personal identity number repeated in public
        "personal_data_request": 55,
        "secret_request": 70,
        "not_private": 50,
    }


def _speed_targets() -> dict[str, float]:
    # First public answer within the hour: the published industry expectation.
    return {"twitter": 3600.0, "facebook": 3600.0, "instagram": 3600.0}


def _speed_curve() -> list[tuple[float, float]]:
    # (seconds, score), interpolated on a log-time axis; the target itself scores 100.
    return [(3600.0, 100.0), (4 * 3600.0, 75.0), (24 * 3600.0, 40.0), (72 * 3600.0, 0.0)]


@dataclass(frozen=True)
class Rubric:
    """Weights, credits, penalties and thresholds; all overridable."""

    weights: dict[str, float] = field(default_factory=_weights)
    tone_credits: dict[str, float] = field(default_factory=_tone_credits)
    penalties: dict[str, float] = field(default_factory=_penalties)
    speed_targets: dict[str, float] = field(default_factory=_speed_targets)
    # The curve is given for a one-hour target and scaled to the channel's target.
    speed_curve: list[tuple[float, float]] = field(default_factory=_speed_curve)
    severe_factor: float = 0.6  # total multiplied by this per kind of severe fact/privacy finding
    conduct_factor: float = 0.4  # ... and by this per kind of public conduct fault or gaming
    # ... and by this (instead of severe_factor) when the leak is a card, account or personal
    # identity number: an incident, below a merely rude reply
    identity_factor: float = 0.35
    # ... and by this for an undertone (two or more words that talk down): a hint, not a verdict
    undertone_factor: float = 0.8
    # ... and by this for a bare answer: no greeting, name, thanks, acknowledgement or sign-off
    curt_factor: float = 0.85
    max_severe: int = 3  # ... at most this many times
    max_analysis_chars: int = 10_000  # a reply longer than this is analysed only this far
    min_words: int = 8  # fewer words than this cannot help anyone
    tiny_words: int = 4  # fewer than this is not a reply at all (a severe finding)
    stuffing_density: float = 0.34  # tone-marker hits per word above which it is stuffing
    stuffing_min_markers: int = 5
    repeated_apology: int = 3  # this many apologies is a script, not a person
    repeated_word: int = 3  # a word (or pair) this often back to back is stuffing
    salad_share: float = 0.6  # share of comma-fragments of <= 3 words that makes a word list
    copy_overlap: float = 0.6  # share of the reply's words that come from the post
    lix_easy: float = 40.0  # LIX at or below: full readability credit (sv, nb)
    lix_hard: float = 60.0  # LIX at or above: none
    flesch_easy: float = 60.0  # Flesch reading ease at or above: full credit (en)
    flesch_hard: float = 30.0
    brief_words: int = 25  # do_not_feed: full brevity credit up to this many words
    approx_tolerance: float = 0.15  # "about 70 min" may be off by this share
    # A drill: a post with a special need (a child, medication, a missed connection) is held to
    # this share of the channel's speed target, so answering it late costs speed (0: off).
    special_first: float = 0.0
    # The text is a proactive post (grading.grade_post): each of its parts earns facts credit.
    proactive_post: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Rubric:
        """Defaults updated with `data`; dict fields are merged key by key."""
        base = cls()
        if not data:
            return base
        known = {f.name for f in fields(cls)}
        changes: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                raise ValueError(f"rubric: unknown field '{key}'")
            current = getattr(base, key)
            if isinstance(current, dict):
                if not isinstance(value, dict):
                    raise ValueError(f"rubric: field '{key}' must be a mapping")
                unknown = sorted(str(k) for k in value if k not in current)
                if unknown:  # a typo would otherwise change nothing, silently
                    raise ValueError(
                        f"rubric: {key}: unknown key '{unknown[0]}' "
                        f"(known: {', '.join(sorted(current))})"
                    )
                changes[key] = {**current, **value}
            elif isinstance(current, bool) and not isinstance(value, bool):
                raise ValueError(f"rubric: field '{key}' must be true or false")
            elif key == "speed_curve":
                changes[key] = [(float(s), float(v)) for s, v in value]
            else:
                changes[key] = type(current)(value)
        return replace(base, **changes)

    @classmethod
    def coerce(cls, rubric: Rubric | dict[str, Any] | None) -> Rubric:
        if rubric is None:
            return DEFAULT
        if isinstance(rubric, Rubric):
            return rubric
        if isinstance(rubric, dict):
            return cls.from_dict(rubric)
        raise ValueError(f"rubric: expected a Rubric or a dict, got {type(rubric).__name__}")


DEFAULT = Rubric()
