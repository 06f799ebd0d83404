"""Irony that needs no stock phrase (2026-12-04, from the natural gold set's tuning half): a
wink or a nervous grin at a customer who is not pleased, and the customer's own words handed
back in scare quotes. Checked on new sentences, not on the gold replies."""

from __future__ import annotations

import pytest
from test_grading_support import GOOD, make_case, one, quoted, with_sentence

from grading import Rubric, grade

WINKS = {
    "en": "Hi Anna, train 705 is 70 minutes late because of a signal failure, new arrival 14:35 "
          "😉 I'll post updates here. /Erik",
    "sv": "Hej Anna, tåg 705 är 70 min försenat på grund av ett signalfel, ny ankomst 14.35 😅 "
          "Jag uppdaterar här. /Erik",
    "nb": "Hei Anna, tog 705 er 70 minutter forsinket på grunn av en signalfeil, ny ankomst "
          "14.35 😉 Jeg oppdaterer her. /Erik",
}


@pytest.mark.parametrize("locale", ["en", "sv", "nb"])
def test_a_wink_at_an_angry_customer_is_a_severe_undertone(locale: str) -> None:
    reply = WINKS[locale]
    g = grade(reply, make_case(locale), latency_s=300)
    f = one(g, "tone.undertone")
    assert f.severe and f.points < 0 and any(q in ("😉", "😅") for q in quoted(reply, f))
    plain = grade(reply.replace(" 😉", "").replace(" 😅", ""), make_case(locale), latency_s=300)
    assert not plain.find("tone.undertone")
    assert g.total < plain.total * Rubric().undertone_factor + 0.5


@pytest.mark.parametrize("locale", ["en", "sv", "nb"])
def test_a_wink_back_to_praise_is_friendly(locale: str) -> None:
    case = make_case(locale, family="praise", at_fault=False, facts=[])
    g = grade(WINKS[locale], case, latency_s=300)
    assert not g.find("tone.undertone")


ECHOES = {
    "en": 'As for "no info": the departure board is updated every five minutes.',
    "sv": "Angående ”ingen info alls”: tavlan uppdateras var femte minut.",
    "nb": "Når det gjelder «ingen info»: tavla oppdateres hvert femte minutt.",
}


@pytest.mark.parametrize("locale", ["en", "sv", "nb"])
def test_the_customers_own_words_in_scare_quotes_talk_down(locale: str) -> None:
    reply = with_sentence(locale, ECHOES[locale])
    g = grade(reply, make_case(locale), latency_s=300)
    f = one(g, "tone.condescension")
    assert f.severe and any("info" in q for q in quoted(reply, f))
    unquoted = with_sentence(locale, ECHOES[locale].replace('"', "").replace("”", "")
                             .replace("«", "").replace("»", ""))
    assert not grade(unquoted, make_case(locale), latency_s=300).find("tone.condescension")


LABELS = {  # a post that names a screen, the fact that names it too, a reply that quotes it
    "en": ("@NorthlineRail Where is “My journeys” in the app?? Can't find it", "My journeys",
           "Hi Anna, tap “My journeys” at the bottom of the app's start screen. /Erik"),
    "sv": ("@Sparlinjen Var finns ”Mina resor” i appen?? Hittar inte", "Mina resor",
           "Hej Anna, tryck på ”Mina resor” längst ner på appens startsida. /Erik"),
    "nb": ("@Fjordbanen Hvor er «Mine reiser» i appen?? Finner det ikke", "Mine reiser",
           "Hei Anna, trykk på «Mine reiser» nederst på startsiden i appen. /Erik"),
}


def test_an_echo_is_an_echo_though_the_knowledge_base_restates_the_post() -> None:
    """A fact that says what the customer describes holds their words, not a label."""
    post = "@Sparlinjen Överföringen tar en evighet att klicka sig igenom!"
    case = make_case("sv", post=post, family="bank_ui", facts=[
        {"id": "symptom", "kind": "text", "value": "överföringen tar en evighet att klicka sig "
         "igenom", "required": False, "label": "vad kunden beskriver", "unit": None}])
    reply = "Hej Anna! Vi förstår att det tar ”en evighet”. Spara den som favorit. /Erik"
    f = one(grade(reply, case, latency_s=300), "tone.condescension")
    assert "”en evighet”" in quoted(reply, f)


@pytest.mark.parametrize("locale", ["en", "sv", "nb"])
def test_quoting_a_label_the_knowledge_base_names_is_an_instruction(locale: str) -> None:
    post, screen, reply = LABELS[locale]
    case = make_case(locale, post=post, family="bank_ui", facts=[
        {"id": "where", "kind": "text", "value": screen, "required": True,
         "label": "where to find it", "unit": None}])
    assert not grade(reply, case, latency_s=300).find("tone.condescension")


@pytest.mark.parametrize("locale", ["en", "sv", "nb"])
def test_words_the_customer_never_wrote_are_no_echo(locale: str) -> None:
    reply = with_sentence(locale, {"en": "Look for “Live departures” in the app.",
                                   "sv": "Titta under ”Aktuella avgångar” i appen.",
                                   "nb": "Se under «Sanntid» i appen."}[locale])
    assert GOOD[locale] != reply
    assert not grade(reply, make_case(locale), latency_s=300).find("tone.condescension")


OTHERS_COPE = {  # comparing the customer with the customers who cope, enjoy it, got used to it
    "en": ["Plenty of customers are enjoying the new design.",
           "A lot of passengers have been very understanding about it."],
    "sv": ["De allra flesta av våra kunder har vant sig vid den nya banken.",
           "De flesta kunderna har varit väldigt förstående."],
    "nb": ["De aller fleste kundene har vent seg til den nye banken.",
           "De fleste reisende har vært veldig forståelsesfulle."],
}
LECTURES = {  # about capitals, and handing the same information over "again"
    "en": ["Please write without the caps next time.",
           "It was on the board, but here it is again: 70 minutes."],
    "sv": ["Vi ber dig skriva utan versaler.", "Det stod på tavlan, men här kommer den igen."],
    "nb": ["Vi ber deg skrive uten store bokstaver.",
           "Det sto på tavla, men her kommer den igjen."],
}


@pytest.mark.parametrize(("locale", "sentence"),
                         [(loc, s) for table in (OTHERS_COPE, LECTURES)
                          for loc, sentences in table.items() for s in sentences])
def test_others_who_cope_capitals_and_again_talk_down(locale: str, sentence: str) -> None:
    reply = with_sentence(locale, sentence)
    f = one(grade(reply, make_case(locale), latency_s=300), "tone.condescension")
    assert f.severe


SOLIDARITY = {  # the customer is one of many who see the same fault: no put-down
    "en": "Lots of customers have told us the same, so you're not alone.",
    "sv": "Många kunder har sagt samma sak, så du är inte ensam.",
    "nb": "Mange kunder har sagt det samme, så du er ikke alene.",
}


@pytest.mark.parametrize("locale", ["en", "sv", "nb"])
def test_many_customers_saying_the_same_is_solidarity(locale: str) -> None:
    g = grade(with_sentence(locale, SOLIDARITY[locale]), make_case(locale), latency_s=300)
    assert not g.find("tone.condescension") and not g.find("tone.undertone")


@pytest.mark.parametrize(("locale", "sentence"), [
    ("en", "Apparently the board did show it, and it's actually on the app too."),
    ("sv", "Det stod tydligen på tavlan, och det finns faktiskt i appen också."),
    ("nb", "Det sto tydeligvis på tavla, og det ligger faktisk i appen også."),
])
def test_apparently_is_a_word_of_undertone(locale: str, sentence: str) -> None:
    reply = with_sentence(locale, sentence)
    f = one(grade(reply, make_case(locale), latency_s=300), "tone.undertone")
    assert f.severe and len(quoted(reply, f)) >= 2
