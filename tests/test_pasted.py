"""A reply pasted to several customers in one shift is noticed (lesson 7: post once for all,
then answer each person with their own details): the second copy costs points, says so at
once, and shows in the end-of-shift review, in sv, nb and en."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator import Arrival, generate
from simulator.pasted import PENALTY, pasted_from, shingles, similarity
from simulator.widgets import SimulatedClock, shift_desk
from simulator.widgets.shift_review import review_html

LOCALES = ("sv", "nb", "en")
TEMPLATE = {
    "sv": "Hej {first}! Förlåt, det är stökigt i dag. Alla avgångar är inställda till och med "
          "onsdag på grund av askmolnet. Du bokar om på vår sida, så hör vi av oss. /Anna",
    "nb": "Hei {first}! Beklager, det er kaos i dag. Alle avganger er innstilt til og med "
          "onsdag på grunn av askeskyen. Du booker om på siden vår, så hører du fra oss. /Anna",
    "en": "Hi {first}! Sorry, it's a mess today. All departures are cancelled up to and "
          "including Wednesday because of the ash cloud. Rebook on our site and we'll be in "
          "touch. /Anna",
}
OWN = {  # two replies written to two people: each their own words, the same pinned post
    "sv": ("Hej {first}, ditt flyg {flight} går inte i dag. Välj en ny avgång på länken i vårt "
           "fästa inlägg, där står också vad vi står för. /Anna",
           "Hej {first}! Tråkigt att resan stoppas, särskilt med barn. Hotell och mat står vi "
           "för tills du kommer i väg, se vårt fästa inlägg. /Anna"),
    "nb": ("Hei {first}, flyet ditt {flight} går ikke i dag. Velg en ny avgang via lenken i det "
           "festede innlegget vårt, der står også hva vi dekker. /Anna",
           "Hei {first}! Leit at reisen stopper opp, særlig med barn. Hotell og mat dekker vi "
           "til du kommer deg av gårde, se det festede innlegget. /Anna"),
    "en": ("Hi {first}, your flight {flight} won't leave today. Pick a new departure from the "
           "link in our pinned post, which also says what we cover. /Anna",
           "Hi {first}! Sorry your trip is stuck, and with the kids too. We cover your hotel "
           "and meals until you can fly, see our pinned post. /Anna"),
}


def cases(locale: str, n: int = 3):
    return [generate("travel_disruption", locale, 900 + i, incident=4) for i in range(n)]


def reply(kind: dict, case, which: int = 0) -> str:
    template = kind[case.locale] if isinstance(kind[case.locale], str) else \
        kind[case.locale][which]
    return template.format(first=case.customer.name.split()[0], flight=case.fact("flight").value)


@pytest.mark.parametrize("locale", LOCALES)
def test_the_same_reply_with_only_the_name_changed_is_pasted(locale):
    first, second, _ = cases(locale)
    assert pasted_from(reply(TEMPLATE, second), second, [(reply(TEMPLATE, first), first)]) \
        == first


@pytest.mark.parametrize("locale", LOCALES)
def test_replies_written_to_each_person_are_not_pasted(locale):
    """Two personal replies that point to the same pinned post share a phrase, not the reply;
    and a personal reply does not repeat a pasted template either."""
    first, second, third = cases(locale)
    earlier = [(reply(OWN, first, 0), first), (reply(TEMPLATE, third), third)]
    assert pasted_from(reply(OWN, second, 1), second, earlier) is None
    assert similarity(shingles(reply(OWN, second, 1), second),
                      shingles(reply(OWN, first, 0), first)) < 0.3


def test_short_thanks_are_not_pasting():
    fan = generate("praise", "en", 1)
    other = generate("praise", "en", 2)
    assert pasted_from("Thank you, that made our day!", fan,
                       [("Thank you, that made our day!", other)]) is None


@pytest.mark.parametrize("locale", LOCALES)
def test_the_desk_takes_points_for_a_pasted_reply_and_says_so(tmp_path: Path, locale: str):
    posts = cases(locale)
    arrivals = [Arrival(60.0 * i, case) for i, case in enumerate(posts)]

    def run(writer, todo=posts) -> list:
        desk = shift_desk(locale, seed=8, minutes=30, arrivals=arrivals,
                          clock=SimulatedClock(200.0), replies_path=str(tmp_path / "r.jsonl"))
        tickets = []
        for case in todo:
            ticket = desk.open(case.id)
            desk.choose("respond")
            desk.set_reply(writer(case))
            desk.send()
            tickets.append((ticket, desk.feedback.value))
        return [desk, tickets]

    desk, tickets = run(lambda case: reply(TEMPLATE, case))
    (first, first_html), (second, second_html), (third, _) = tickets
    assert first.pasted_from is None and "@" + posts[0].customer.handle not in first_html
    assert second.pasted_from == third.pasted_from == posts[0].customer.handle
    assert second.pasted_penalty == pytest.approx(min(PENALTY, second.points + PENALTY))
    assert "@" + posts[0].customer.handle in second_html  # the notice names whom it repeats
    review = desk.review()
    pasted = [c for c in review.costs if c.criterion == "pasted"]
    assert pasted and pasted[0].posts == 2
    assert sum(c.points for c in review.costs) == pytest.approx(100 - desk.score(), abs=0.01)
    assert review_html(review).count("rl-review-pasted") == 2
    # the same shift with a reply written to each person: nothing is pasted
    desk, tickets = run(lambda case: reply(OWN, case, posts.index(case)), posts[:2])
    assert all(ticket.pasted_from is None for ticket, _ in tickets)
