"""A bare answer: no greeting, no name, no thanks, no acknowledgement, no apology and no sign-off
reads as a brush-off to a customer who is not pleased (2026-12-04, from the natural gold set's
tuning half: no good reply is so bare, two rude replies in three are)."""

from __future__ import annotations

import pytest
from test_grading_support import make_case, one

from grading import Rubric, grade, grade_post

BARE = {
    "en": "Train 705 is 70 minutes late because of a signal failure. New arrival 14:35.",
    "sv": "Tåg 705 är 70 minuter försenat på grund av ett signalfel. Ny ankomst 14.35.",
    "nb": "Tog 705 er 70 minutter forsinket på grunn av en signalfeil. Ny ankomst 14.35.",
}
WARM = {  # each one warm move, put in front of (or after) the bare answer
    "en": ["Hi there! {}", "Anna, {}", "Thanks for telling us. {}", "Sorry! {}",
           "I know how annoying this is. {}", "{} /Erik"],
    "sv": ["Hej! {}", "Anna, {}", "Tack för att du hör av dig. {}", "Förlåt! {}",
           "Jag förstår att det är jobbigt. {}", "{} /Erik"],
    "nb": ["Hei! {}", "Anna, {}", "Takk for at du sier ifra. {}", "Beklager! {}",
           "Jeg skjønner at dette er kjipt. {}", "{} /Erik"],
}


@pytest.mark.parametrize("locale", ["en", "sv", "nb"])
def test_a_bare_answer_to_an_angry_customer_is_curt(locale: str) -> None:
    case = make_case(locale)
    bare = grade(BARE[locale], case, latency_s=300)
    f = one(bare, "tone.curt")
    assert f.severe and f.points < 0 and f.tip
    as_if_mild = grade(BARE[locale], case, latency_s=300, rubric={"curt_factor": 1.0})
    assert bare.total == pytest.approx(as_if_mild.total * Rubric().curt_factor, abs=0.02)


@pytest.mark.parametrize(("locale", "form"), [(loc, form) for loc, forms in WARM.items()
                                              for form in forms])
def test_one_warm_move_is_enough(locale: str, form: str) -> None:
    g = grade(form.format(BARE[locale]), make_case(locale), latency_s=300)
    assert not g.find("tone.curt")


@pytest.mark.parametrize("locale", ["en", "sv", "nb"])
def test_a_bare_answer_to_praise_or_a_proactive_post_is_not_curt(locale: str) -> None:
    praise = make_case(locale, family="praise", at_fault=False)
    assert not grade(BARE[locale], praise, latency_s=300).find("tone.curt")
    assert not grade_post(BARE[locale], make_case(locale)).find("tone.curt")
