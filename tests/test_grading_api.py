"""grading.grade / grade_action: the API, the data model and behaviour a trainee notices."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_grading_support import BAD, GOOD, make_case, one

import grading
import simulator
from grading import ActionGrade, Finding, Grade, Rubric, grade, grade_action
from grading.reading.politeness import politeness_score
from scenarios import Case, CaseError

LOCALES = ("sv", "nb", "en")
ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("locale", LOCALES)
def test_good_reply_beats_bad_reply(locale: str) -> None:
    case = make_case(locale)
    good, bad = grade(GOOD[locale], case), grade(BAD[locale], case)
    assert good.total > 80
    assert bad.total < 25
    for dim in ("tone", "facts"):
        assert good.dimensions[dim] > bad.dimensions[dim]


@pytest.mark.parametrize("locale", LOCALES)
def test_grade_shape(locale: str) -> None:
    g = grade(GOOD[locale], make_case(locale))
    assert isinstance(g, Grade)
    assert 0 <= g.total <= 100
    assert set(g.dimensions) >= {"tone", "speed", "facts", "privacy"}
    assert g.dimensions["speed"] is None  # no latency given: left out of the total
    for value in (v for v in g.dimensions.values() if v is not None):
        assert 0 <= value <= 100
    assert g.case_id == "train_delay-" + locale + "-test" and g.locale == locale
    for f in g.findings:
        assert isinstance(f, Finding)
        assert f.dimension in ("tone", "speed", "facts", "privacy", "reply")
        assert f.tip, f"{f.criterion} has no tip"
        for start, end in f.spans:
            assert 0 <= start < end <= len(GOOD[locale])


def test_speed_counts_when_latency_given() -> None:
    case = make_case("en")
    fast = grade(GOOD["en"], case, latency_s=600)
    slow = grade(GOOD["en"], case, latency_s=3 * 24 * 3600)
    assert fast.dimensions["speed"] == 100
    assert slow.dimensions["speed"] == 0
    assert fast.total > slow.total
    day = grade(GOOD["en"], case, latency_s=24 * 3600).dimensions["speed"]
    assert day is not None and 0 < day < 60  # a day is the customers' floor, not a target


def test_accepts_case_object_dict_and_json() -> None:
    case = simulator.generate("train_delay", "sv", 4)
    by_obj = grade(GOOD["sv"], case)
    assert grade(GOOD["sv"], case.to_dict()).to_dict() == by_obj.to_dict()
    assert grade(GOOD["sv"], case.to_json()).to_dict() == by_obj.to_dict()


def test_malformed_case_names_the_field() -> None:
    bad = make_case("sv")
    bad["facts"][1]["kind"] = "weight"
    with pytest.raises(CaseError, match=r"facts\.1\.kind"):
        grade("Hej", bad)
    missing = make_case("sv")
    del missing["locale"]
    with pytest.raises(CaseError, match="locale"):
        grade("Hej", missing)


def test_bad_arguments_raise_value_error() -> None:
    case = make_case("en")
    with pytest.raises(ValueError, match="reply"):
        grade(None, case)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="latency_s"):
        grade("Hi", case, latency_s=-5)
    with pytest.raises(ValueError, match="latency_s"):
        grade("Hi", case, latency_s="soon")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown field 'weight'"):
        grade("Hi", case, rubric={"weight": 1})


def test_to_dict_is_json_and_round_trips() -> None:
    g = grade(BAD["sv"], make_case("sv"), latency_s=5000)
    data = g.to_dict()
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text) == data
    again = Grade.from_dict(json.loads(text))
    assert again.to_dict() == data
    f = data["findings"][0]
    assert set(f) >= {"criterion", "points", "spans", "tip", "dimension"}


def test_same_input_same_grade_even_in_a_fresh_process() -> None:
    case = make_case("nb")
    first = grade(BAD["nb"] + " Hilsen Kari", case).to_dict()
    assert grade(BAD["nb"] + " Hilsen Kari", case).to_dict() == first
    code = (
        "import json, sys; sys.path.insert(0, 'tests');"
        "from test_grading_support import BAD, make_case; import grading;"
        "print(json.dumps(grading.grade(BAD['nb'] + ' Hilsen Kari', make_case('nb')).to_dict()))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         env=env, check=True)
    assert json.loads(out.stdout) == json.loads(json.dumps(first))


@pytest.mark.parametrize("reply", ["", "   \n\t "])
def test_empty_reply_is_zero_with_a_finding(reply: str) -> None:
    g = grade(reply, make_case("sv"), latency_s=60)
    assert g.total == 0
    assert all(v == 0 for v in g.dimensions.values())
    empty = one(g, "reply.empty")
    assert "svar" in empty.tip  # in the case's language


def test_one_megabyte_reply_is_graded_quickly() -> None:
    reply = GOOD["en"] + " " + ("more words here and there " * 40_000)
    assert len(reply) > 1_000_000
    start = time.perf_counter()
    g = grade(reply, make_case("en"))
    assert time.perf_counter() - start < 2.0
    over = one(g, "tone.over_limit")
    assert over.points < 0 and over.detail == "far_over_limit"
    assert over.spans == ((280, len(reply)),)
    assert one(g, "reply.truncated").spans[0][1] == len(reply)
    assert g.total < grade(GOOD["en"], make_case("en")).total


@pytest.mark.parametrize("shape", [
    "1" * 1_000_000,  # one number of a million digits (it used to end in a ValueError)
    "Hej " + " " * 1_000_000,  # white space to the end
    "!" * 1_000_000, "ABC " * 250_000, "ok, " * 250_000, "a." * 500_000, "@a" * 500_000,
    "x.se/" * 200_000, "😀 14:35 " * 100_000, "Anna " * 200_000, "a-" * 500_000,
])
def test_hostile_replies_are_graded_in_bounded_time(shape: str) -> None:
    """Replies made to break a tokenizer or a regex are graded, not crashed or hung on."""
    for locale in LOCALES:
        start = time.perf_counter()
        g = grade(shape, make_case(locale))
        score = politeness_score(shape[:20_000], locale)  # the tone signal on its own
        assert time.perf_counter() - start < 2.0
        assert 0 <= g.total <= 100 and 0 < score < 1
        assert one(g, "reply.truncated").spans[0][1] == len(shape)


@pytest.mark.parametrize("locale", LOCALES)
def test_an_emoji_changes_nothing_but_the_text(locale: str) -> None:
    """Text beyond Latin-1 takes another path to its digits, capitals and names; a reply with
    an emoji must be read the same (values stated, the name, shouting)."""
    case = make_case(locale)
    for reply in (GOOD[locale], BAD[locale], GOOD[locale] + " TOTALLY UNACCEPTABLE DELAY!!"):
        plain, emoji = grade(reply, case), grade(reply + " 🙂", case)
        assert emoji.dimensions == plain.dimensions
        assert [(f.criterion, f.points, f.spans) for f in emoji.findings] == [
            (f.criterion, f.points, f.spans) for f in plain.findings]


@pytest.mark.parametrize(("locale", "reply"), [
    ("sv", "Hi Anna, we are sorry about the delay. The train is running about an hour late and "
           "we will keep you posted here. /Erik"),
    ("en", "Hej Anna! Vi beklagar förseningen. Tåget är ungefär en timme sent och vi "
           "uppdaterar dig här. /Erik"),
    ("nb", "Hi Anna, we are sorry about the delay and we will update you here as soon as we "
           "know more. /Erik"),
    ("nb", "Hej Anna! Jag förstår att det är jobbigt. Tåget är försenat och vi uppdaterar här "
           "så fort vi vet mer. /Erik"),
])
def test_reply_in_another_language_gets_a_finding(locale: str, reply: str) -> None:
    g = grade(reply, make_case(locale))
    f = one(g, "tone.other_language")
    assert f.points < 0
    assert all(reply[s:e].isalpha() for s, e in f.spans)


@pytest.mark.parametrize("locale", LOCALES)
def test_reply_in_the_right_language_has_no_language_finding(locale: str) -> None:
    assert not grade(GOOD[locale], make_case(locale)).find("tone.other_language")


def test_tips_are_in_the_case_language() -> None:
    sv = one(grade("Ok tack", make_case("sv")), "facts.missing").tip
    nb = one(grade("Ok takk", make_case("nb")), "facts.missing").tip
    en = one(grade("Ok thanks", make_case("en")), "facts.missing").tip
    assert sv.startswith("Saknas") and nb.startswith("Mangler") and en.startswith("Missing")


def test_rubric_overrides() -> None:
    case = make_case("en")
    default = grade(BAD["en"], case)
    tone_heavy = grade(BAD["en"], case, rubric={"weights": {"tone": 5.0}})
    assert tone_heavy.total < default.total  # tone is 0 here, so weighting it more costs
    assert Rubric.from_dict({"weights": {"tone": 5.0}}).weights["facts"] == 0.35
    lenient = grade(BAD["en"], case, rubric=Rubric.from_dict({"conduct_factor": 1.0}))
    assert lenient.total > default.total


def test_import_is_light() -> None:
    code = "import sys, grading; print(sorted(m for m in ('textstat', 'vaderSentiment', 'yaml',"
    code += " 'pydantic') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True)
    assert out.stdout.strip() == "[]"


# --- grade_action --------------------------------------------------------------------------

@pytest.mark.parametrize(("family", "expected"), [
    ("train_delay", "respond"),
    ("troll_or_rager", "monitor"),
    ("misguided", "respond"),
    ("praise", "respond"),
    ("privacy_trap", "respond_private"),
    ("influencer_request", "escalate"),
])
def test_grade_action_follows_the_response_assessment(family: str, expected: str) -> None:
    case = simulator.generate(family, "en", 1)
    assert case.expected_action == expected
    right = grade_action(expected, case)
    assert isinstance(right, ActionGrade) and right.score == 100 and right.correct
    for other in grading.ACTIONS:
        if other != expected:
            wrong = grade_action(other, case)
            assert wrong.score < 100 and not wrong.correct and wrong.tip


def test_grade_action_gives_partial_credit_for_near_misses() -> None:
    private = simulator.generate("privacy_trap", "sv", 2)
    near = grade_action("respond", private)
    far = grade_action("monitor", private)
    assert 0 < near.score < 100 and far.score == 0
    assert near.tip and "privat" in near.tip.lower()
    respond_case = make_case("en")
    assert grade_action("respond_private", respond_case).score > grade_action(
        "monitor", respond_case).score
    data = near.to_dict()
    assert json.loads(json.dumps(data)) == data and data["expected"] == "respond_private"


def test_grade_action_rejects_unknown_actions() -> None:
    with pytest.raises(ValueError, match="unknown 'reply'"):
        grade_action("reply", make_case("en"))


def test_case_from_generator_round_trip_still_grades() -> None:
    case = Case.from_json(simulator.generate("phone_backorder", "nb", 3).to_json())
    g = grade("Hei! Send oss en DM, så ser vi på bestillingen din. /Kari", case)
    assert g.dimensions["privacy"] == 100


def test_lexicons_cover_the_same_criteria_and_lists() -> None:
    from grading.lexicon import lexicon

    lexes = [lexicon(loc) for loc in LOCALES]
    tips = [set(lex.tips) for lex in lexes]
    assert tips[0] == tips[1] == tips[2]
    lists = [{k for k, v in lex.data.items() if isinstance(v, list)} for lex in lexes]
    assert lists[0] == lists[1] == lists[2]
    for lex in lexes:
        assert lex.stopwords and lex.data["units"]["minute"] and len(lex.data["months"]) >= 12


def test_grading_many_replies_is_fast() -> None:
    case = make_case("sv")
    grade(GOOD["sv"], case)
    start = time.perf_counter()
    for i in range(200):
        grade(GOOD["sv"].replace("Erik", f"Erik {i}"), case)
    assert time.perf_counter() - start < 2.0  # about 0.5 ms each; generous for slow machines


@pytest.mark.parametrize(("seconds", "locale", "text"), [
    (600, "en", "10 min"), (3600, "en", "1 h"), (4800, "sv", "1 h 20 min"),
    (4800, "nb", "1 t 20 min"), (45, "en", "45 s"), (26 * 3600, "sv", "26 h"),
    (90 * 3600, "en", "3.8 days"), (90 * 3600, "sv", "3,8 dygn"), (72 * 3600, "nb", "3 døgn"),
])
def test_durations_are_written_for_people(seconds: float, locale: str, text: str) -> None:
    from grading.speed import format_duration

    assert format_duration(seconds, locale) == text


def test_speed_tip_writes_sub_hour_targets_in_minutes() -> None:
    targets = {"twitter": 600, "facebook": 600, "instagram": 600}
    for locale, waited in (("en", "2 h"), ("sv", "2 h"), ("nb", "2 t")):
        g = grade(GOOD[locale], make_case(locale), latency_s=7200,
                  rubric={"speed_targets": targets})
        tip = one(g, "speed.latency").tip
        assert "10 min" in tip and waited in tip and "0.16" not in tip and "0,16" not in tip


def test_first_grade_loads_one_lexicon_and_no_pronunciation_dictionary() -> None:
    """A first grade reads only the case's lexicon (plus the small stopword file), with
    libyaml's loader when PyYAML has it, and never CMUdict (syllables are counted, not looked
    up): the first grade of an autograded notebook stays quick."""
    code = (
        "import sys, json, grading, simulator\n"
        "from grading.lexicon import lexicon, _loader\n"
        "case = simulator.generate('train_delay', 'en', 1)\n"
        "grading.grade('Hi! Sorry, the train is late: new arrival 14:35. /Erik', case)\n"
        "import yaml\n"
        "print(json.dumps({'lexicons': lexicon.cache_info().currsize,\n"
        "                  'cmudict': 'cmudict' in sys.modules,\n"
        "                  'textstat': 'textstat' in sys.modules,\n"
        "                  'c_loader': issubclass(_loader(), getattr(yaml, 'CSafeLoader', ())),\n"
        "                  'libyaml': bool(getattr(yaml, '__with_libyaml__', False))}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                         check=True)
    info = json.loads(out.stdout)
    assert info["lexicons"] == 1
    assert not info["cmudict"] and not info["textstat"]
    assert info["c_loader"] == info["libyaml"]


def test_lexicons_read_the_same_with_either_yaml_loader() -> None:
    import yaml

    from grading.lexicon import LEXICON_DIR, _loader

    if not getattr(yaml, "__with_libyaml__", False):
        pytest.skip("PyYAML without libyaml")

    class Pure(yaml.SafeLoader):
        pass

    Pure.yaml_implicit_resolvers = _loader().yaml_implicit_resolvers
    for path in sorted(LEXICON_DIR.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert yaml.load(text, Loader=_loader()) == yaml.load(text, Loader=Pure), path.name
