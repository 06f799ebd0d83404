"""Inputs that used to crash or mislead the grader (issue 10, item 10)."""

from __future__ import annotations

import json

import pytest

import grading
from grading.model import needs_work
from grading.rubric import Rubric
from scenarios import LOCALES
from simulator.generate import generate
from simulator.widgets.store import ReplyStore


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(
    "reply", ["The train is 2² minutes late", "ETA 1⁵:30", "½ hour, ① then ②", "٣٠ min, ١٢:٤٠"]
)
def test_digits_that_are_not_decimal_do_not_crash(locale, reply):
    grade = grading.grade(reply, generate("train_delay", locale, seed=4), latency_s=60)
    assert 0 <= grade.total <= 100


def test_a_lone_surrogate_is_saved_as_a_replacement_character(tmp_path):
    store = ReplyStore(tmp_path / "replies.jsonl")
    store.append({"reply": "half an emoji \ud83d here"})
    saved = json.loads((tmp_path / "replies.jsonl").read_text(encoding="utf-8"))
    assert saved["reply"] == "half an emoji \ufffd here"


def test_a_rubric_with_an_unknown_nested_key_is_refused():
    with pytest.raises(ValueError, match="penalties: unknown key 'move_to_private'"):
        Rubric.from_dict({"penalties": {"move_to_private": 30}})
    assert Rubric.from_dict({"penalties": {"not_private": 30}}).penalties["not_private"] == 30


def test_the_severe_cap_keeps_the_harshest_kinds():
    """Rude, shouted and blaming, with a contradiction: with room for one severe kind, the
    conduct factor (0.4) applies, not the contradiction's 0.6 that sorts first by name."""
    case = generate("train_delay", "en", seed=4)
    reply = "THIS IS NOT OUR FAULT, STOP WHINING. THE TRAIN IS 95 MINUTES LATE."
    none = grading.grade(reply, case, rubric={"max_severe": 0})
    one = grading.grade(reply, case, rubric={"max_severe": 1})
    kinds = {f.criterion for f in one.findings if f.severe}
    assert "facts.contradiction" in kinds and any(k.startswith("tone.") for k in kinds)
    assert one.total == pytest.approx(none.total * Rubric().conduct_factor, abs=0.01)


@pytest.mark.parametrize(
    ("points", "max_points", "expected"),
    [(11.7, 11.76, False), (10.0, 11.76, True), (0.0, 5.0, True), (-3.0, 0.0, True),
     (5.0, 5.0, False), (0.0, 0.0, False)],
)
def test_one_rule_for_what_needs_work(points, max_points, expected):
    from simulator.widgets.feedback import needs_work as widget_rule

    assert needs_work(points, max_points) is expected
    assert widget_rule({"points": points, "max_points": max_points}) is expected
