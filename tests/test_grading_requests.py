"""Requests for personal data, as a class: after a sentence that ends in a determiner, across an
abbreviation, with optional words in the verb, in sv, nb and en (issue 10, item 1)."""

from __future__ import annotations

import pytest
from test_grading_support import by_locale

import grading
from grading.lexicon import expand_slots
from simulator.generate import generate

REQUESTS = {
    "en": [
        "Hi Ryan, sorry about this. Reply here with your card number and I'll check.",
        "Hi Ryan! Reply with your flight no. + card details and we'll sort it",
        "Sorry Ryan! Reply here with the expiry date and the three digits on the back.",
    ],
    "sv": [
        "Hej Ryan, förlåt för det här. Svara gärna här med ditt kortnummer så kollar jag.",
        "Hej Ryan! Förlåt för väntan. Svara gärna här med ditt fullständiga namn och din "
        "leveransadress så kollar jag.",
        "Hej Ryan. För att hjälpa dig behöver vi ditt personnummer, skriv det gärna här.",
    ],
    "nb": [
        "Hei Ryan, beklager dette. Svar gjerne her med kortnummeret ditt, så sjekker jeg.",
        "Hei Ryan! Legg inn kortnummeret ditt i en kommentar, så sjekker vi trekket.",
        "Hei Ryan! Slenger du inn fullt navn og mobilnr her, så ser vi på det.",
    ],
}
# card details are a secret request, an identity number an identity request, the rest personal
REQUEST_KINDS = ("privacy.personal_data_request", "privacy.secret_request",
                 "privacy.identity_request")
ADVICE = {
    "en": "Hi Ryan, please never post your card number here; send us a DM instead.",
    "sv": "Hej Ryan, posta aldrig ditt kortnummer här; skicka ett DM till oss i stället.",
    "nb": "Hei Ryan, legg aldri ut kortnummeret ditt her; send oss en DM i stedet.",
}


@pytest.mark.parametrize(("locale", "reply"),
                         by_locale(REQUESTS))
def test_a_public_request_for_personal_data_costs_privacy(locale, reply):
    case = generate("privacy_trap", locale, seed=3)
    grade = grading.grade(reply, case, latency_s=600)
    assert grade.dimensions["privacy"] < 50, [f.criterion for f in grade.findings]
    # evidence comes as (verb, noun) pairs; a noun counts once, as its worst kind
    nouns = [span for f in grade.findings if f.criterion in REQUEST_KINDS for span in f.spans[1::2]]
    assert nouns and len(nouns) == len(set(nouns)), nouns


@pytest.mark.parametrize("locale", sorted(ADVICE))
def test_advice_not_to_post_data_is_no_request(locale):
    grade = grading.grade(ADVICE[locale], generate("privacy_trap", locale, seed=3),
                          latency_s=600)
    assert not any(f.criterion in REQUEST_KINDS for f in grade.findings)


def test_secret_codes_are_never_asked_for_not_even_in_a_dm():
    case = generate("privacy_trap", "sv", seed=3)
    reply = "Hej! Skicka ett privat meddelande med koden som din säkerhetsdosa visar, tack."
    grade = grading.grade(reply, case, latency_s=600)
    assert any(f.criterion == "privacy.secret_request" for f in grade.findings)


def test_slots_expand_into_every_wording():
    assert expand_slots("as we (have) (already) (said|told you)") == [
        "as we have already said", "as we have already told you", "as we have said",
        "as we have told you", "as we already said", "as we already told you", "as we said",
        "as we told you",
    ]
    assert expand_slots("re:(kept) as it is") == ["re:(kept) as it is"]
    with pytest.raises(ValueError, match="unbalanced"):
        expand_slots("svara (gärna här med")


PUT_DOWNS = {
    "en": ["Hi Sam, the train is late. Please be patient like everyone else.",
           "There's no need to shout. The train is running late.",
           "Hi Sam, as we've already said many times, the price is on our website.",
           "Hi Sam, we can't work miracles. The train is running late.",
           "Thanks for taking the time to warn the other passengers. The train is late.",
           "Hi Sam, we're a train operator, not a taxi firm. The train is late."],
    "sv": ["Hej Sam, det står ju på skylten att tåget är försenat.",
           "Hej Sam, tåget är sent. Lite tålamod får man ha.",
           "Hej Sam, som vi redan har skrivit flera gånger: priset finns på webben.",
           "Hej Sam, vi kan inte trolla. Tåget är sent men det löser sig nog.",
           "Tåget är sent. Ärendet betraktas härmed som avslutat."],
    "nb": ["Hei Sam, det burde du skjønt selv. Toget er forsinket.",
           "Hei Sam, det får du ta med IT-avdelingen deres.",
           "Hei Sam, toget er forsinket, akkurat som for alle andre.",
           "Hei Sam, vi kan dessverre ikke trylle. Toget er forsinket.",
           "Toget er forsinket. Henvendelsen anses med dette som besvart."],
}


@pytest.mark.parametrize(("locale", "reply"),
                         by_locale(PUT_DOWNS))
def test_talking_down_to_the_customer_is_a_conduct_fault(locale, reply):
    """The issue's examples: polite words, a put-down all the same (tone.condescension)."""
    case = generate("train_delay", locale, seed=4)
    grade = grading.grade(reply, case, latency_s=600)
    assert any(f.criterion == "tone.condescension" for f in grade.findings), reply
    assert grade.total < 60


BAD_NEWS = {
    "en": "Hi Sam, sorry, the train is cancelled. We can't get you there tonight; "
          "a bus leaves at 20:10. /Jo",
    "sv": "Hej Sam, förlåt, tåget är inställt. Vi kan tyvärr inte lösa det i kväll; "
          "en buss går 20:10. /Jo",
    "nb": "Hei Sam, beklager, toget er innstilt. Vi kan dessverre ikke ordne det i kveld; "
          "en buss går 20:10. /Jo",
}


@pytest.mark.parametrize("locale", sorted(BAD_NEWS))
def test_bad_news_said_plainly_is_not_a_put_down(locale):
    """'We can't ... unfortunately' about the situation is bad news, not talking down."""
    grade = grading.grade(BAD_NEWS[locale], generate("train_delay", locale, seed=4), latency_s=600)
    assert not any(f.criterion.startswith(("tone.condescension", "tone.sarcasm"))
                   for f in grade.findings)


POINTS_FAILURE = {"en": "a points failure", "sv": "ett växelfel", "nb": "en sporvekselfeil"}
SIGNAL_FAILURE = {"en": "a signal failure", "sv": "signalfel", "nb": "signalfeil"}
REPLY = {
    "en": "Hi {first}, sorry for the wait. Train {train} is held by {cause}. More here soon. /Sam",
    "sv": "Hej {first}, förlåt för väntan. Tåg {train} står på grund av {cause}. Mer här snart.",
    "nb": "Hei {first}, beklager ventingen. Tog {train} står på grunn av {cause}. Mer her snart.",
}


def _points_failure_case(locale: str):
    for seed in range(300):
        case = generate("train_delay", locale, seed=seed)
        if str(case.fact("cause").value) == POINTS_FAILURE[locale]:
            return case
    raise AssertionError("no points-failure case in 300 seeds")


@pytest.mark.parametrize("locale", sorted(POINTS_FAILURE))
def test_another_value_from_the_familys_list_is_a_wrong_fact(locale):
    """Issue 10, item 3: "a signal failure" is not "a points failure" (shared word "failure"),
    and it is wrong, with a tip that names the right one; the right cause is credited."""
    case = _points_failure_case(locale)
    first, train = case.customer.name.split()[0], case.fact("train").value

    def grade(cause):
        return grading.grade(REPLY[locale].format(first=first, train=train, cause=cause), case,
                             latency_s=600)

    right, wrong = grade(POINTS_FAILURE[locale]), grade(SIGNAL_FAILURE[locale])
    assert any(f.criterion == "facts.stated" and f.detail == "cause" for f in right.findings)
    assert not any(f.criterion == "facts.stated" and f.detail == "cause" for f in wrong.findings)
    flagged = [f for f in wrong.findings if f.criterion == "facts.wrong_value"]
    assert flagged and POINTS_FAILURE[locale] in flagged[0].tip
    assert wrong.dimensions["facts"] < right.dimensions["facts"] and wrong.total < right.total


@pytest.mark.parametrize(("locale", "reply"), [
    ("sv", "Hej Sam! Det löser sig, vi ordnar en buss från stationen 20:10. /Jo"),
    ("sv", "Hej Sam! Skriv till oss i DM så ska du få ett ordentligt svar. /Jo"),
    ("nb", "Hei Sam! Det ordner seg, vi setter opp buss fra stasjonen 20:10. /Jo"),
])
def test_kind_reassurance_is_not_a_put_down(locale, reply):
    """A native reader's false positives: 'det löser sig' alone reassures; 'it'll surely sort
    itself out' brushes off."""
    grade = grading.grade(reply, generate("train_delay", locale, seed=4), latency_s=600)
    assert not any(f.criterion == "tone.condescension" for f in grade.findings)
