"""Dismissals from gold batches 6-8's tuning halves (2026-12-04), checked on new sentences:
"it comes when it comes", "such nonsense", "not our job", "no point complaining", "keep it
respectful", a tag question at the customer ("can we?"), "nothing to get worked up about",
"regardless of followers", and "Relax,", "thanks for the history lesson" and "such dedication"
to a customer who is not pleased. Their ways of asking for data are in test_grading_asking.py,
a second native review's plain sentences in test_grading_review.py."""

from __future__ import annotations

import pytest
from test_grading_support import PRIVATE, by_locale, make_case, one, with_sentence

from grading import grade

TALKING_DOWN = {"tone.condescension", "tone.insult", "tone.sarcasm", "tone.blame"}

DISMISSALS = {
    "en": ["The train comes when it comes.", "We won't reply to such nonsense.",
           "It's not our job to update the screens at the station.",
           "There's little point complaining about the weather.",
           "Please be a little patient with us.", "Please keep it respectful.",
           "We can't exactly move the storm, can we?", "Relax, it's only a short delay.",
           "It's nothing to get worked up about, just a signal fault.", "Please stop spamming."],
    "sv": ["Tåget kommer när det kommer.", "Vi svarar inte på sånt trams.",
           "Det är inte vårt jobb att uppdatera skärmarna.",
           "Det är ingen idé att klaga på vädret.", "Håll en trevlig ton, tack.",
           "Vi kan ju inte flytta stormen, kan vi?", "Lugn, det är bara en kort försening.",
           "Det är inget att hetsa upp sig över, bara ett signalfel.",
           "Vi behandlar alla lika, oavsett antal följare."],
    "nb": ["Toget kommer når det kommer.", "Vi svarer ikke på sånt tull.",
           "Det er ikke vår jobb å oppdatere skjermene.",
           "Det er ingen vits å klage på været.", "Hold en hyggelig tone, takk.",
           "Vi kan jo ikke flytte stormen, kan vi vel?", "Rolig, det er bare en kort forsinkelse.",
           "Det er ikke noe å hisse seg opp over, bare en signalfeil.",
           "Som vi har påpekt flere ganger tidligere, er dette vår offisielle konto."],
}


MOCK_PRAISE = {"en": "Such dedication, Anna, posting every single day!",
               "sv": "Vilket engagemang, Anna, att skriva varje dag!",
               "nb": "For et engasjement, Anna, å skrive hver eneste dag!"}


@pytest.mark.parametrize("locale", ["en", "sv", "nb"])
def test_praise_of_a_displeased_customers_zeal_mocks_them(locale: str) -> None:
    angry = grade(with_sentence(locale, MOCK_PRAISE[locale]), make_case(locale), latency_s=300)
    assert one(angry, "tone.condescension").severe
    pleased = make_case(locale, family="praise", at_fault=False)
    kind = grade(with_sentence(locale, MOCK_PRAISE[locale]), pleased, latency_s=300)
    assert not kind.find("tone.condescension")


@pytest.mark.parametrize(("locale", "sentence"), [
    ("sv", "Vi ber dig radera inlägget, eftersom kortnumret syns för alla."),
    ("nb", "Vi ber deg slette innlegget, siden kortnummeret er synlig for alle."),
    ("en", "Would you like a refund or a voucher, Anna?"),
])
def test_asking_for_an_action_or_offering_a_choice_is_plain(locale: str, sentence: str) -> None:
    reply = with_sentence(locale, sentence)
    g = grade(reply, make_case(locale, policies=PRIVATE), latency_s=300)
    bad = [f.criterion for f in g.findings
           if f.criterion.endswith("_request") or (f.criterion in TALKING_DOWN and f.severe)]
    assert not bad


BATCH_7 = {  # gold batch 7's tuning half (2026-12-04): the classes, in new sentences
    "en": ["It's much easier to help when messages are kept civil.",
           "We treat everyone the same, whatever their follower count.",
           "As I'm sure you're aware, card numbers should never be posted.",
           "Remember there are real people behind this account.",
           "Should you ever have an actual question, we're here.",
           "Before you call, it's worth checking the travel page.",
           "Other passengers on the platform have been very patient."],
    "sv": ["Det går lika bra utan versaler.",
           "Kom ihåg att det sitter riktiga människor bakom det här kontot.",
           "Skulle du någon gång ha en riktig fråga finns vi här.",
           "Så svårt är det inte.",
           "Det här hade gått att kontrollera på vår webbplats.",
           "Innan man ringer kan det vara smart att kolla trafiksidan.",
           "De flesta resenärer har varit väldigt tålmodiga."],
    "nb": ["Det går like bra uten store bokstaver.",
           "Vi ønsker en saklig og respektfull tone her.",
           "Husk at det sitter mennesker bak denne kontoen.",
           "Skulle du en dag ha et faktisk spørsmål, vet du hvor vi er.",
           "Så vanskelig er det ikke.",
           "Før du ringer, kan det være lurt å sjekke trafikksiden.",
           "De fleste reisende er godt kjent med dette."],
}


@pytest.mark.parametrize(("locale", "sentence"), [
    ("en", "If you haven't checked the app yet, it shows live departures."),
    ("en", "It's not that hard a fix for us, it will be done by Friday."),
    ("sv", "Om du inte har kollat appen än visar den avgångarna live."),
    ("nb", "Hvis du ikke har sjekket appen ennå, viser den avgangene live."),
    ("en", "As we tell all our customers, we never ask for your PIN."),
])
def test_a_helpful_pointer_is_no_hindsight(locale: str, sentence: str) -> None:
    g = grade(with_sentence(locale, sentence), make_case(locale), latency_s=300)
    assert not [f for f in g.findings if f.criterion in TALKING_DOWN and f.severe]


@pytest.mark.parametrize(("locale", "reply"), [
    ("en", "Haha sure, the whole town is waiting 🤡"),
    ("sv", "Haha kör hårt, hela stan väntar säkert 🤡"),
    ("nb", "Haha kjør på, hele byen venter sikkert 🤡"),
])
def test_a_clown_emoji_is_an_insult(locale: str, reply: str) -> None:
    assert one(grade(reply, make_case(locale), latency_s=300), "tone.insult").severe


BATCH_8 = {  # gold batch 8's tuning half (2026-12-04): the classes, in new sentences
    "en": ["As most of our regular customers know, the app shows live times.",
           "A quick search on our site would have answered that.",
           "There's really no need for sarcasm.",
           "Expecting an answer within minutes is perhaps a little ambitious.",
           "A little forward planning goes a long way.",
           "And before you ask, there is no compensation."],
    "sv": ["En snabb titt i appen hade visat det.",
           "Lite tålamod skadar ingen.",
           "Så kanske du kollar inkorgen en gång till?",
           "Klä dig efter vädret när du reser i november.",
           "Och innan du frågar: nej, ingen ersättning.",
           "Totalen räknar du nog ut själv.",
           "Det har ropats ut, men vi tar det här också."],
    "nb": ["Et kjapt søk hadde vist det.",
           "Litt tålmodighet skader ingen.",
           "Så kanskje du sjekker innboksen en gang til?",
           "Kle deg etter været når du reiser i november.",
           "Og før du spør: nei, ingen kompensasjon.",
           "Totalen regner du nok ut selv.",
           "De fleste på perrongen ser ut til å ta det med ro."],
}


@pytest.mark.parametrize(("locale", "sentence"),
                         by_locale(DISMISSALS) + by_locale(BATCH_7) + by_locale(BATCH_8))
def test_a_dismissal_is_a_severe_put_down(locale: str, sentence: str) -> None:
    reply = with_sentence(locale, sentence)
    g = grade(reply, make_case(locale), latency_s=300)
    assert [f for f in g.findings if f.criterion in TALKING_DOWN and f.severe], \
        [f.criterion for f in g.findings]


@pytest.mark.parametrize("sentence", [
    "Try searching for our name next time.",
    "I'm not sure you should be the one choosing software for a team.",
    "Keep an eye on your bags instead of expecting the crew to babysit them.",
])
def test_hindsight_and_doubting_the_customer_in_english(sentence: str) -> None:
    reply = with_sentence("en", sentence)
    g = grade(reply, make_case("en"), latency_s=300)
    assert [f for f in g.findings if f.criterion in TALKING_DOWN and f.severe]


def test_trying_something_next_time_ourselves_is_plain() -> None:
    reply = with_sentence("en", "We'll try to post updates sooner next time, sorry.")
    g = grade(reply, make_case("en"), latency_s=300)
    assert not [f for f in g.findings if f.criterion in TALKING_DOWN and f.severe]
