"""The reading layer, through what a trainee sees in a grade: negation kept to its clause, who a
clause addresses, rhetorical questions, conditional apologies, clock times in words, stems.
The sentences here are written for these tests, not taken from the gold set."""

from __future__ import annotations

import pytest
from test_grading_support import fact, make_case

import grading
from grading.reading.stems import stem
from grading.surface import extractor


def _finding(reply: str, locale: str, criterion: str, **case: object) -> grading.Finding | None:
    g = grading.grade(reply, make_case(locale, **case), latency_s=300)  # type: ignore[arg-type]
    return next((f for f in g.findings if f.criterion == criterion), None)


def _points(reply: str, locale: str, criterion: str, **case: object) -> float:
    f = _finding(reply, locale, criterion, **case)
    assert f is not None, f"no {criterion} for {reply!r}"
    return f.points


@pytest.mark.parametrize(("locale", "denied", "owned"), [
    ("en", "Hi Anna, the delay is not our mistake, the signal failed on the line today. /Erik",
     "Hi Anna, no worries at all, I'll check the connection for you right now today. /Erik"),
    ("sv", "Hej Anna, förseningen är inte vårt fel, signalen slutade fungera på linjen. /Erik",
     "Hej Anna, det är inte roligt alls, men jag kollar din anslutning direkt nu. /Erik"),
    ("nb", "Hei Anna, forsinkelsen er ikke vår feil, signalet sluttet å virke på linja. /Erik",
     "Hei Anna, det er ikke greit, men jeg sjekker forbindelsen din med en gang nå. /Erik"),
])
def test_ownership_denied_in_its_clause_earns_nothing(locale: str, denied: str,
                                                      owned: str) -> None:
    assert _points(denied, locale, "tone.ownership") == 0
    assert _points(owned, locale, "tone.ownership") > 0  # the negation is in another clause


@pytest.mark.parametrize(("locale", "reply"), [
    ("en", "Hi Anna. Did you even look at the departure board? Train 705 is 70 min late."),
    ("en", "Hi Anna. Didn't you see the notice at the station? Train 705 is 70 min late."),
    ("sv", "Hej Anna. Har du ens tittat på tavlan? Tåg 705 är 70 min sent."),
    ("sv", "Hej Anna. Såg du inte skylten på perrongen? Tåg 705 är 70 min sent."),
    ("nb", "Hei Anna. Har du ikke lest skiltet på perrongen? Tog 705 er 70 min forsinket."),
])
def test_a_rhetorical_question_at_the_customer_is_condescension(locale: str, reply: str) -> None:
    f = _finding(reply, locale, "tone.condescension")
    assert f is not None and f.severe, reply


@pytest.mark.parametrize(("locale", "reply"), [
    ("en", "Hi Anna. Have you tried the app's live map? Train 705 is 70 min late. /Erik"),
    ("sv", "Hej Anna. Har du fått vårt sms? Tåg 705 är 70 min sent. /Erik"),
    ("nb", "Hei Anna. Har du fått SMS-en fra oss? Tog 705 er 70 min forsinket. /Erik"),
])
def test_a_real_question_is_not_a_put_down(locale: str, reply: str) -> None:
    assert _finding(reply, locale, "tone.condescension") is None


@pytest.mark.parametrize(("locale", "reply"), [
    ("en", "Hi Anna, we apologise if you felt the wait was long. Train 705 is 70 min late."),
    ("sv", "Hej Anna, om du har upplevt väntan som lång ber vi om ursäkt. Tåg 705 är 70 min sent."),
    ("nb", "Hei Anna, hvis du har opplevd ventetiden som lang, beklager vi det. Tog 705 er 70 min "
           "forsinket."),
])
def test_a_conditional_apology_is_no_apology(locale: str, reply: str) -> None:
    assert _points(reply, locale, "tone.apology") == 0
    assert _finding(reply, locale, "tone.condescension") is not None


@pytest.mark.parametrize(("locale", "text", "hours", "minutes"), [
    ("sv", "Tåget kommer kvart över sex", 6, 15),
    ("sv", "Vi är framme halv åtta", 7, 30),
    ("sv", "Nytt tåg tio i sju", 6, 50),
    ("sv", "Avgång fem över halv tre", 2, 35),
    ("nb", "Toget kommer kvart over seks", 6, 15),
    ("nb", "Vi er fremme halv åtte", 7, 30),
    ("nb", "Nytt tog ti på sju", 6, 50),
    ("en", "It arrives at quarter past six", 6, 15),
    ("en", "We'll be there at half seven", 7, 30),
    ("en", "The next one leaves at ten to seven", 6, 50),
    ("sv", "Nästa tåg går klockan tio i sju", 6, 50),
    ("nb", "Neste tog går klokka ti på sju", 6, 50),
])
def test_clock_times_in_words_are_times(locale: str, text: str, hours: int, minutes: int) -> None:
    times = [m.value for m in extractor(locale).extract(text) if m.kind == "time"]
    assert times == [hours * 60 + minutes], text


@pytest.mark.parametrize(("locale", "text"), [
    ("en", "five to six days"), ("sv", "fem i sex veckor"), ("sv", "en halv timme"),
    ("nb", "i sju dager"),
])
def test_ranges_and_durations_are_not_clock_times(locale: str, text: str) -> None:
    assert not [m for m in extractor(locale).extract(text) if m.kind == "time"], text


@pytest.mark.parametrize("locale", ["sv", "nb", "en"])
def test_a_time_in_words_states_the_arrival_fact(locale: str) -> None:
    said = {"sv": "Hej Anna! Tåget beräknas komma fram fem över halv tre. /Erik",
            "nb": "Hei Anna! Toget er beregnet fremme fem over halv tre. /Erik",
            "en": "Hi Anna! The train is now due at twenty-five to three. /Erik"}[locale]
    facts = [fact("new_arrival", "time", "14:35")]
    g = grading.grade(said, make_case(locale, facts=facts), latency_s=300)
    stated = [f for f in g.findings if f.criterion == "facts.stated"]
    assert stated and stated[0].points > 0, g.findings
    assert not [f for f in g.findings if f.criterion == "facts.contradiction"]


@pytest.mark.parametrize(("locale", "a", "b"), [
    ("sv", "förseningen", "försenad"), ("sv", "signalfelet", "signalfel"),
    ("nb", "forsinkelsen", "forsinket"), ("en", "delayed", "delays"), ("en", "happy", "happiness"),
])
def test_inflections_share_a_stem(locale: str, a: str, b: str) -> None:
    sa, sb = stem(a, locale), stem(b, locale)
    assert sa.startswith(sb) or sb.startswith(sa), (sa, sb)


@pytest.mark.parametrize("locale", ["sv", "nb", "en"])
def test_a_stem_is_always_a_prefix_of_its_word(locale: str) -> None:
    for word in ("happy", "studies", "förseningarna", "forsinkelsene", "cry", "signalfeil"):
        assert word.startswith(stem(word, locale))


@pytest.mark.parametrize(("locale", "reply"), [
    ("en", "Hi Anna! Train 705 is actually 70 min late, just so you know 🙂 /Erik"),
    ("sv", "Hej Anna! Tåg 705 är faktiskt 70 min sent, som du ju ser 🙂 /Erik"),
    ("nb", "Hei Anna! Tog 705 er faktisk 70 min forsinket, som du jo ser 🙂 /Erik"),
])
def test_an_undertone_of_talking_down_costs_less_than_a_put_down(locale: str, reply: str) -> None:
    """Two words that talk down cost the total a mild factor (0.8), not the put-down's 0.4."""
    f = _finding(reply, locale, "tone.undertone")
    assert f is not None and f.points < 0 and f.severe
    case = make_case(locale)
    rubric = grading.Rubric()
    hinted = grading.grade(reply, case, latency_s=300)
    as_if_mild = grading.grade(reply, case, latency_s=300, rubric={"undertone_factor": 1.0})
    assert hinted.total == pytest.approx(as_if_mild.total * rubric.undertone_factor, abs=0.02)
    put_down = grading.grade(reply.replace(" /Erik", " " + PUT_DOWN[locale] + " /Erik"), case,
                             latency_s=300)
    assert put_down.find("tone.condescension") and put_down.total < hinted.total


PUT_DOWN = {"en": "Next time, please check the app before you tweet.",
            "sv": "Nästa gång kan du kolla appen först.",
            "nb": "Neste gang kan du sjekke appen først."}


@pytest.mark.parametrize(("locale", "reply"), [
    ("en", "Hi Anna! Train 705 is 70 min late, new arrival 14:35 🙂😊 /Erik"),
    ("sv", "Hej Anna! Tåg 705 är 70 min sent, ny ankomst 14.35 🙂😊 /Erik"),
])
def test_smileys_alone_are_no_undertone(locale: str, reply: str) -> None:
    """Many agents sound friendly with a smiley or two; without a talking-down word that is no
    undertone, even to an angry customer."""
    assert _finding(reply, locale, "tone.undertone") is None


@pytest.mark.parametrize(("locale", "reply"), [
    ("en", "Hi Anna! I've just checked: train 705 is 70 min late. /Erik"),
    ("sv", "Hej Anna! Jag har just kollat: tåg 705 är 70 min sent. /Erik"),
    ("nb", "Hei Anna! Jeg har akkurat sjekket: tog 705 er 70 min forsinket. /Erik"),
])
def test_one_such_word_alone_is_no_undertone(locale: str, reply: str) -> None:
    assert _finding(reply, locale, "tone.undertone") is None


@pytest.mark.parametrize(("locale", "reply", "criterion"), [
    ("sv", "Hej Anna! Självklart hjälper vi dig. Vi har redan bokat om dig till tåg 705. /Erik",
     "tone.undertone"),
    ("nb", "Hei Anna! Trykk på «Mine reiser» i appen, så ser du den nye billetten. /Erik",
     "tone.undertone"),
    ("sv", "Hej Anna! Ser du inte biljetten i appen? Prova att logga ut och in igen. /Erik",
     "tone.condescension"),
    ("nb", "Hei Anna! Ser du ikke billetten i appen? Prøv å logge ut og inn igjen. /Erik",
     "tone.condescension"),
    ("sv", "Hej Anna! Förlåt för förseningen, om du tycker att appen krånglar kan jag boka om "
           "åt dig. /Erik", "tone.condescension"),
    ("nb", "Hei Anna! Beklager, jeg sjekker om det er eventuell mangel på plasser på neste "
           "avgang. /Erik", "tone.condescension"),
])
def test_innocent_replies_raise_no_alarm(locale: str, reply: str, criterion: str) -> None:
    """Ordinary replies a native reader checked: no put-down found in them."""
    assert _finding(reply, locale, criterion) is None, reply


@pytest.mark.parametrize(("locale", "reply"), [
    ("sv", "Hej Anna! Tåget beräknas komma 14:35. Jag hör av mig igen kl 18. /Erik"),
    ("nb", "Hei Anna! Toget er beregnet fremme 14:35. Jeg gir beskjed her igjen kl 18. /Erik"),
    ("en", "Hi Anna! The train is now due at 14:35. Next update at 18:00, here. /Erik"),
])
def test_the_time_of_the_next_update_is_no_contradiction(locale: str, reply: str) -> None:
    facts = [fact("new_arrival", "time", "14:35")]
    g = grading.grade(reply, make_case(locale, facts=facts), latency_s=300)
    assert not [f for f in g.findings if f.criterion == "facts.contradiction"], g.findings


def _exposed_case(locale: str) -> dict[str, object]:
    card = "4596 1151 3963 6117"
    posts = {"sv": f"@Sparlinjen Mitt kort {card} drogs två gånger!",
             "nb": f"@Fjordbanen Kortet mitt {card} ble trukket to ganger!",
             "en": f"@NorthlineRail My card {card} was charged twice!"}
    label = {"sv": "Kundens kortnummer", "nb": "Kundens kortnummer",
             "en": "Customer's card number"}[locale]
    facts = [fact("card_no", "identifier", card, required=False,
                  label=f"{label} (personal) – never repeat in public"),
             fact("block_line", "identifier", "0800 917 4420", required=False)]
    return make_case(locale, facts=facts, post=posts[locale], family="privacy_trap",
                     at_fault=False, policies=[{"id": "no_personal_data",
                                                "kind": "no_personal_data", "text": "x"}])


@pytest.mark.parametrize(("locale", "silent", "advised"), [
    ("en", "Hi Anna, sorry about the double charge. Send us a DM and we'll sort it. /Erik",
     "Hi Anna, please delete the post and block the card on 0800 917 4420. Send us a DM and "
     "we'll sort it. /Erik"),
    ("sv", "Hej Anna, förlåt för dubbeldragningen. Skicka ett DM så ordnar vi det. /Erik",
     "Hej Anna, ta gärna bort inlägget och spärra kortet. Skicka ett DM så ordnar vi det. /Erik"),
    ("nb", "Hei Anna, beklager dobbelttrekket. Send oss en DM, så ordner vi det. /Erik",
     "Hei Anna, slett gjerne innlegget og sperr kortet. Send oss en DM, så ordner vi det. /Erik"),
])
def test_a_posted_card_number_needs_delete_and_block_advice(locale: str, silent: str,
                                                           advised: str) -> None:
    case = grading.grade(silent, _exposed_case(locale), latency_s=300)
    assert {"privacy.delete_post", "privacy.block_card"} <= {f.criterion for f in case.findings}
    good = grading.grade(advised, _exposed_case(locale), latency_s=300)
    assert not {"privacy.delete_post", "privacy.block_card"} & {f.criterion for f in good.findings}
    assert good.dimensions["privacy"] > case.dimensions["privacy"]
