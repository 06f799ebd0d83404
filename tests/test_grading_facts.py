"""Facts: required facts in any common surface form, contradictions and forbidden promises."""

from __future__ import annotations

import pytest
from test_grading_support import GOOD, fact, make_case, one, policy, quoted

import simulator
from grading import grade
from grading.surface import extractor, parse_number


def _facts_score(reply: str, case: dict) -> float:
    value = grade(reply, case).dimensions["facts"]
    assert value is not None
    return value


def _stated(reply: str, case: dict, fact_id: str) -> bool:
    return any(f.detail == fact_id for f in grade(reply, case).find("facts.stated"))


@pytest.mark.parametrize(("locale", "reply"), [
    ("sv", "14.35 är den nya ankomsttiden."), ("nb", "14:35 er ny ankomsttid."),
    ("en", "14:35 is the new arrival time."),
])
def test_a_reply_that_opens_with_the_value_states_it(locale: str, reply: str) -> None:
    """A value as the reply's first characters is read like any other (it used to be taken
    for an amount with no currency, at offset -1)."""
    case = make_case(locale)
    graded = grade(reply, case)
    assert _stated(reply, case, "new_arrival")
    assert not graded.find("facts.contradiction")
    assert all(s >= 0 for f in graded.findings for s, _e in f.spans)
    assert [(m.kind, m.span) for m in extractor(locale).extract(reply)][:1] == [("time", (0, 5))]


@pytest.mark.parametrize(("locale", "surface"), [
    ("sv", "14.35"), ("sv", "kl 14:35"), ("sv", "kl. 14.35"), ("sv", "klockan 14.35"),
    ("nb", "14:35"), ("nb", "klokka 14.35"), ("en", "14:35"), ("en", "2:35 pm"), ("en", "2.35pm"),
])
def test_time_surface_forms(locale: str, surface: str) -> None:
    case = make_case(locale)
    assert _stated(f"Ny ankomst {surface}.", case, "new_arrival")


@pytest.mark.parametrize(("locale", "surface"), [
    ("sv", "vecka 48"), ("sv", "v. 48"), ("sv", "v48"), ("sv", "leveransvecka 48"),
    ("nb", "uke 48"), ("nb", "leveringsuke er 48"), ("en", "week 48"), ("en", "wk 48"),
])
def test_week_surface_forms(locale: str, surface: str) -> None:
    case = make_case(locale, facts=[fact("new_week", "week", 48)])
    reply = f"Telefonen kommer {surface}."
    assert _stated(reply, case, "new_week")
    f = one(grade(reply, case), "facts.stated")
    assert quoted(reply, f) == [surface]


@pytest.mark.parametrize(("locale", "unit", "surface"), [
    ("sv", "SEK", "1 299 kr"), ("sv", "SEK", "1299 SEK"), ("sv", "SEK", "1 299:-"),
    ("sv", "SEK", "SEK 1299"), ("nb", "NOK", "1299 kroner"), ("nb", "NOK", "kr 1 299,-"),
    ("en", "GBP", "£1,299"), ("en", "GBP", "1299 pounds"), ("en", "GBP", "£1299.00"),
])
def test_money_surface_forms(locale: str, unit: str, surface: str) -> None:
    case = make_case(locale, facts=[fact("price", "money", 1299, unit=unit)])
    assert _stated(f"Det kostar {surface} i månaden.", case, "price")


def test_money_in_pounds_and_pence() -> None:
    case = make_case("en", facts=[fact("price", "money", 12, unit="GBP")])
    assert _stated("It is £12 a month.", case, "price")
    assert not _stated("It is 12 euros a month.", case, "price")  # another currency


@pytest.mark.parametrize(("locale", "surface"), [
    ("sv", "25 %"), ("sv", "25%"), ("sv", "25 procent"), ("nb", "25 prosent"),
    ("en", "25 percent"), ("en", "25 per cent"),
])
def test_percent_surface_forms(locale: str, surface: str) -> None:
    assert _stated(f"Du får {surface} tillbaka.", make_case(locale), "compensation")


@pytest.mark.parametrize(("locale", "surface"), [
    ("sv", "14 mars"), ("sv", "14/3"), ("sv", "2026-03-14"), ("nb", "14. mars"),
    ("nb", "14.3."), ("en", "March 14"), ("en", "14 March"), ("en", "March 14th"),
])
def test_date_surface_forms(locale: str, surface: str) -> None:
    case = make_case(locale, facts=[fact("fix_date", "date", "2026-03-14")])
    assert _stated(f"Uppdateringen kommer {surface}.", case, "fix_date")


@pytest.mark.parametrize(("locale", "surface"), [
    ("sv", "70 min"), ("sv", "70 minuter"), ("sv", "1 h 10 min"), ("nb", "70 minutter"),
    ("nb", "1 t 10 min"), ("en", "70 minutes"), ("en", "about 70 mins"),
])
def test_duration_surface_forms(locale: str, surface: str) -> None:
    assert _stated(f"Förseningen är {surface}.", make_case(locale), "delay")


def test_durations_in_days_and_words() -> None:
    case = make_case("en", facts=[fact("trial", "duration", 14, unit="days")])
    for reply in ("A free 14-day trial.", "Try it free for 14 days.", "Two weeks free."):
        assert _stated(reply, case, "trial"), reply


def test_text_facts_by_meaningful_words_any_case() -> None:
    case = make_case("en")
    assert _stated("The delay is due to A SIGNAL FAILURE near Crewe.", case, "cause")
    assert _stated("Signal failures are causing this.", case, "cause")
    assert not _stated("There is a problem with the train.", case, "cause")
    sv = make_case("sv")
    assert _stated("Det beror på signalfelet vid Hallsberg.", sv, "cause")


def test_identifiers_and_urls() -> None:
    case = make_case("en", facts=[
        fact("train", "identifier", "IC705"),
        fact("url", "url", "https://northline.example/claims"),
    ])
    assert _stated("Train IC705 is late.", case, "train")
    assert not _stated("Train IC7055 is late.", case, "train")
    for url in ("https://northline.example/claims", "northline.example/claims",
                "www.northline.example/claims/"):
        assert _stated(f"Claim here: {url} thanks", case, "url"), url
    assert not _stated("Claim here: northline.example/claimsx", case, "url")


def test_all_required_facts_give_full_facts_score() -> None:
    for locale in ("sv", "nb", "en"):
        assert _facts_score(GOOD[locale], make_case(locale)) == 100


@pytest.mark.parametrize(("locale", "good", "wrong", "offending"), [
    ("sv", "ny ankomst kl 14.35", "ny ankomst kl 15.35", "15.35"),
    ("sv", "70 min försenat", "40 min försenat", "40 min"),
    ("nb", "ny ankomst klokka 14.35", "ny ankomst klokka 14.55", "14.55"),
    ("en", "new arrival 14:35", "new arrival 3:35 pm", "3:35 pm"),
    ("en", "Train 705", "Train 706", "706"),
])
def test_wrong_facts_lower_facts_and_point_at_the_value(locale: str, good: str, wrong: str,
                                                        offending: str) -> None:
    case = make_case(locale)
    assert good in GOOD[locale]
    bad_reply = GOOD[locale].replace(good, wrong)
    right, bad = grade(GOOD[locale], case), grade(bad_reply, case)
    assert bad.dimensions["facts"] < right.dimensions["facts"]
    assert bad.total < right.total - 20  # clearly below a correct reply
    f = one(bad, "facts.contradiction")
    assert f.severe and quoted(bad_reply, f) == [offending]


def test_wrong_week_and_percent_and_amount_are_contradictions() -> None:
    case = make_case("sv", facts=[fact("new_week", "week", 48), fact("price", "money", 49,
                                                                       unit="SEK")])
    for wrong in ("vecka 47", "49 procent", "59 kr"):
        reply = f"Leverans vecka 48, pris 49 kr. Obs: {wrong}."
        g = grade(reply, case)
        assert wrong in [q for f in g.find("facts.contradiction") for q in quoted(reply, f)]


def test_values_from_the_post_may_be_repeated() -> None:
    case = make_case("en", post="@NorthlineRail my 13:05 train 705 from Crewe is not here!")
    g = grade("Hi Anna, your 13:05 train 705 now arrives 14:35. /Erik", case)
    assert not g.find("facts.contradiction")


@pytest.mark.parametrize(("locale", "reply", "word"), [
    ("sv", "Tåget kommer 14.35, det garanterar jag.", "garanterar"),
    ("sv", "Jag lovar att tåget kommer 14.35.", "Jag lovar"),
    ("nb", "Toget kommer 14.35, det er garantert.", "garantert"),
    ("nb", "Jeg lover at toget kommer 14.35.", "Jeg lover"),
    ("en", "The train will be there at 14:35, guaranteed.", "guaranteed"),
    ("en", "I promise the train arrives at 14:35.", "I promise"),
])
def test_guarantees_break_the_no_guarantee_policy(locale: str, reply: str, word: str) -> None:
    g = grade(reply, make_case(locale))
    f = one(g, "facts.promise")
    assert f.severe and f.points < 0 and any(word in q for q in quoted(reply, f))


@pytest.mark.parametrize(("locale", "reply"), [
    ("en", "Hi Anna, I'm sorry you've been waiting weeks past the promised date. Train 705 is 70 "
           "minutes late because of a signal failure; new arrival 14:35. /Erik"),
    ("en", "Hi Anna, you were promised better, and that is definitely not good enough. Train 705 "
           "is 70 minutes late; new arrival 14:35. /Erik"),
    ("sv", "Hej Anna! Förlåt att du har väntat veckor efter det utlovade datumet, ni lovade mer. "
           "Tåg 705 är 70 minuter försenat, ny ankomst kl 14.35. /Erik"),
    ("nb", "Hei Anna! Beklager at du har ventet uker etter den lovede datoen, dere har lovet mer. "
           "Tog 705 er 70 minutter forsinket, ny ankomst klokka 14.35. /Erik"),
])
def test_acknowledging_a_broken_promise_is_not_a_promise(locale: str, reply: str) -> None:
    g = grade(reply, make_case(locale))
    assert not g.find("facts.promise") and not g.find("facts.soft_promise")


@pytest.mark.parametrize(("locale", "reply", "word"), [
    ("en", "We promise the train arrives at 14:35.", "We promise"),
    ("en", "I guarantee it will be there at 14:35.", "I guarantee"),
    ("en", "You will definitely get your money back.", "will definitely"),
    ("sv", "Du får garanterat pengarna tillbaka.", "får garanterat"),
    ("nb", "Vi garanterer at toget kommer 14.35.", "Vi garanterer"),
])
def test_first_person_commitments_are_promises(locale: str, reply: str, word: str) -> None:
    f = one(grade(reply, make_case(locale)), "facts.promise")
    assert f.severe and any(word in q for q in quoted(reply, f))


def _reply_time_case(locale: str, minutes: int = 25) -> dict:
    label = {"en": "We answer in the secure channel within (minutes)",
             "sv": "Vi svarar i den säkra kanalen inom (minuter)",
             "nb": "Vi svarer i den sikre kanalen innen (minutter)"}[locale]
    facts = [fact("reply_within", "duration", minutes, label=label, unit="min"),
             fact("secure_channel", "text", {"en": "a private message (DM)",
                                             "sv": "ett privat meddelande (DM)",
                                             "nb": "en privat melding (DM)"}[locale],
                  label="Secure channel")]
    return make_case(locale, facts=facts, policies=[policy("move_to_private")], at_fault=False,
                     family="privacy_trap", expected_action="respond_private")


@pytest.mark.parametrize(("locale", "reply", "wrong"), [
    ("en", "Hi Anna, send us a DM and we answer within 15 minutes. /Erik", "15 minutes"),
    ("en", "Hi Anna, please DM us; you'll hear from us within 30 minutes. /Erik", "30 minutes"),
    ("sv", "Hej Anna! Skicka ett DM så svarar vi inom 15 minuter. /Erik", "15 minuter"),
    ("nb", "Hei Anna! Send oss en DM, så svarer vi innen 15 minutter. /Erik", "15 minutter"),
])
def test_a_wrong_service_time_is_a_contradiction(locale: str, reply: str, wrong: str) -> None:
    g = grade(reply, _reply_time_case(locale))
    f = one(g, "facts.contradiction")
    assert f.severe and quoted(reply, f) == [wrong]
    right = reply.replace(wrong.split()[0], "25")
    assert not grade(right, _reply_time_case(locale)).find("facts.contradiction")


@pytest.mark.parametrize(("locale", "reply"), [
    ("en", "Hi Anna, train 705 is 70 minutes late. Delays over 60 minutes give money back, and "
           "I'll update you on the delay within 30 minutes. /Erik"),
    ("sv", "Hej Anna! Tåg 705 är 70 minuter försenat. Förseningar över 60 minuter ger ersättning. "
           "/Erik"),
    ("nb", "Hei Anna! Tog 705 er 70 minutter forsinket. Forsinkelser over 60 minutter gir "
           "kompensasjon. /Erik"),
])
def test_thresholds_and_other_durations_are_not_contradictions(locale: str, reply: str) -> None:
    g = grade(reply, make_case(locale))
    assert not g.find("facts.contradiction")


def test_a_wrong_update_interval_is_a_contradiction() -> None:
    case = simulator.generate("travel_disruption", "en", 0)
    every = case.fact("update_every").value
    wrong = grade("Hi! We update the travel alerts page every 15 minutes. ^Sam", case)
    right = grade(f"Hi! We update the travel alerts page every {every} minutes. ^Sam", case)
    assert one(wrong, "facts.contradiction").severe
    assert not right.find("facts.contradiction")


def test_negated_guarantee_is_fine() -> None:
    for locale, reply in (("sv", "Vi kan inte garantera något, men just nu gäller 14.35."),
                          ("en", "We can't guarantee anything, but right now it's 14:35.")):
        assert not grade(reply, make_case(locale)).find("facts.promise")


def test_refund_promises_beyond_the_band() -> None:
    zero_band = make_case("en", facts=[fact("delay", "duration", 30, unit="min"),
                                       fact("compensation", "percent", 0, required=False)])
    g = grade("Train is 30 minutes late, so you'll get compensation.", zero_band)
    assert one(g, "facts.promise").severe
    half_band = make_case("en")  # 25 %
    full = grade("Train is 70 minutes late; you'll get a full refund.", half_band)
    assert "full refund" in [q for f in full.find("facts.promise") for q in
                             quoted("Train is 70 minutes late; you'll get a full refund.", f)]
    ok = grade("Train is 70 minutes late; you can claim 25 % compensation.", half_band)
    assert not ok.find("facts.promise")


def test_dates_not_in_the_knowledge_base_under_no_date_promise() -> None:
    case = make_case("sv", facts=[fact("new_week", "week", 48)],
                     policies=[policy("no_date_promise")])
    reply = "Telefonen kommer vecka 48, kanske redan imorgon!"
    f = one(grade(reply, case), "facts.promise")
    assert quoted(reply, f) == ["imorgon"]


def test_correction_needs_a_source_under_cite_source() -> None:
    case = make_case("en", facts=[fact("since", "number", 2011)],
                     policies=[policy("cite_source")], at_fault=False)
    assert grade("We've been on Twitter since 2011.", case).find("facts.no_source")
    assert not grade("We've been on Twitter since 2011: https://northline.example/social",
                     case).find("facts.no_source")


def test_parse_number_handles_grouping() -> None:
    assert parse_number("1 299") == 1299
    assert parse_number("1,299") == 1299
    assert parse_number("1.299") == 1299
    assert parse_number("12,50") == 12.5
    assert parse_number("12.5") == 12.5


def test_extractor_spans_point_at_the_values() -> None:
    text = "Tåg 705: ca 70 min, kl 14.35, vecka 48, 1 299 kr, 25 %, 14 mars."
    kinds = {(m.kind, text[m.span[0]:m.span[1]]) for m in extractor("sv").extract(text)}
    assert kinds >= {("number", "705"), ("duration", "70 min"), ("time", "14.35"),
                     ("week", "vecka 48"), ("money", "1 299 kr"), ("percent", "25 %"),
                     ("date", "14 mars")}
