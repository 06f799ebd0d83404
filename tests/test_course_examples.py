"""The course and the grader agree: every example a lesson presents as good or bad is graded as
the lesson says, on the lesson's own case, in every language the lesson shows it in
(tests/course_examples.yaml). Each example must still stand in its lesson, so the list cannot
drift from the course."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

import grading
from simulator.generate import generate

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "course"
EXAMPLES = yaml.safe_load((Path(__file__).with_name("course_examples.yaml")).read_text("utf-8"))
KEYS = {"lesson", "family", "seed", "verdict", "text", "cell", "reply", "post", "locales", "earns",
        "partial", "no_credit", "flags", "not_flags", "below", "at_least"}


@cache
def _lesson(name: str) -> dict[str, Any]:
    return json.loads((COURSE / f"{name}.ipynb").read_text("utf-8"))  # type: ignore[no-any-return]


def _plain(text: str) -> str:
    return " ".join(text.split())


def _cell_value(lesson: str, name: str) -> dict[str, str]:
    """A code cell's data, as the lesson defines it (`BAD_REPLY = {...}`): run on its own."""
    for cell in _lesson(lesson)["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and re.match(rf"{name}\s*=", source):
            scope: dict[str, Any] = {}
            exec(source, scope)  # noqa: S102 - the course's own data cell
            return scope[name]  # type: ignore[no-any-return]
    raise AssertionError(f"{lesson}: no code cell defines {name}")


def _cases() -> list[tuple[str, dict[str, Any], str]]:
    out = []
    for i, example in enumerate(EXAMPLES):
        for locale in example.get("locales", ["en"]):
            label = example.get("text") or example.get("cell")
            out.append((f"{i:02d}-{example['lesson'][:2]}-{locale}-{label[:40]}", example, locale))
    return out


def _case(example: dict[str, Any], locale: str) -> Any:
    case = generate(example["family"], locale, example["seed"])
    if "post" in example:
        case = case.replace(post=case.post.replace(text=example["post"]))
    return case


def _reply(example: dict[str, Any], locale: str) -> str:
    if "cell" in example:
        return _cell_value(example["lesson"], example["cell"])[locale]
    return str(example.get("reply", "{text}")).replace("{text}", example["text"])


def test_the_examples_are_well_formed() -> None:
    for example in EXAMPLES:
        assert set(example) <= KEYS, f"unknown keys {set(example) - KEYS} in {example}"
        assert example["verdict"] in ("good", "bad"), example
        assert ("text" in example) != ("cell" in example), example


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: (e.get("text") or e["cell"])[:40])
def test_each_example_still_stands_in_its_lesson(example: dict[str, Any]) -> None:
    if "cell" in example:
        assert _cell_value(example["lesson"], example["cell"])
        return
    text = "".join("".join(c["source"]) for c in _lesson(example["lesson"])["cells"])
    assert _plain(example["text"]) in _plain(text), (
        f"{example['lesson']}: the example {example['text']!r} is no longer in the lesson; "
        f"update tests/course_examples.yaml")


@pytest.mark.parametrize(("example", "locale"), [(e, loc) for _id, e, loc in _cases()],
                         ids=[i for i, _e, _l in _cases()])
def test_the_grader_grades_the_example_as_the_course_says(example: dict[str, Any],
                                                           locale: str) -> None:
    reply = _reply(example, locale)
    grade = grading.grade(reply, _case(example, locale), latency_s=300)
    found = {}
    for f in grade.findings:
        found.setdefault(f.criterion, []).append(f)

    def credit(criterion: str) -> Any:
        assert criterion in found, f"no {criterion} finding for {reply!r}: {grade.findings}"
        return found[criterion][0]

    problems = []
    for criterion in example.get("earns", []):
        f = credit(criterion)
        if not (f.max_points > 0 and f.points >= f.max_points - 1e-9):
            problems.append(f"{criterion}: {f.points:.1f}/{f.max_points:.1f}, want full credit")
    for criterion in example.get("partial", []):
        f = credit(criterion)
        if not (0 < f.points < f.max_points):
            problems.append(f"{criterion}: {f.points:.1f}/{f.max_points:.1f}, want part credit")
    for criterion in example.get("no_credit", []):
        f = credit(criterion)
        if f.points != 0:
            problems.append(f"{criterion}: {f.points:.1f}, want no credit")
    for criterion in example.get("flags", []):
        if not any(f.points < 0 for f in found.get(criterion, [])):
            problems.append(f"{criterion}: not flagged")
    for criterion in example.get("not_flags", []):
        if any(f.points < 0 for f in found.get(criterion, [])):
            problems.append(f"{criterion}: flagged ({found[criterion][0].tip})")
    if "below" in example and grade.total >= example["below"]:
        problems.append(f"total {grade.total}, want below {example['below']}")
    if "at_least" in example and grade.total < example["at_least"]:
        problems.append(f"total {grade.total}, want at least {example['at_least']}")
    assert not problems, (f"{example['lesson']} presents {reply!r} as {example['verdict']}, but "
                          + "; ".join(problems))
