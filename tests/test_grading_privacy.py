"""Privacy: never ask for or repeat personal data in public; move to private when told to."""

from __future__ import annotations

import pytest
from test_grading_support import fact, make_case, one, policy, quoted

import simulator
from grading import grade

PRIVATE = [policy("move_to_private"), policy("no_personal_data")]


def bank_case(locale: str, post: str) -> dict:
    facts = [
        fact("reply_within", "duration", 15, unit="min"),
        fact("account_no", "identifier", "5275-31 662 09", required=False,
             label="Kundens kontonummer – upprepa aldrig offentligt"),
        fact("block_line", "identifier", "020-55 12 12", required=False,
             label="Kortspärren, telefon"),
    ]
    return make_case(locale, facts=facts, policies=PRIVATE, post=post, at_fault=False,
                     family="privacy_trap", expected_action="respond_private")


def test_repeating_an_account_number_from_the_post_costs_privacy() -> None:
    case = bank_case("sv", "@Sparlinjen Ni har dragit 587 kr från konto 5275-31 662 09!")
    safe = "Hej Anna! Skicka ett DM så kollar vi dragningen, vi svarar inom 15 minuter. /Erik"
    leak = ("Hej Anna! Dragningen från konto 5275-31 662 09 kollar vi – skicka ett DM, vi "
            "svarar inom 15 minuter. /Erik")
    g_safe, g_leak = grade(safe, case), grade(leak, case)
    assert g_safe.dimensions["privacy"] == 100
    assert g_leak.dimensions["privacy"] < g_safe.dimensions["privacy"]
    f = one(g_leak, "privacy.personal_data")
    assert f.severe and quoted(leak, f) == ["5275-31 662 09"]
    assert g_leak.total < g_safe.total - 20


@pytest.mark.parametrize(("locale", "number"), [
    ("sv", "850709-9805"), ("sv", "19850709-9805"), ("nb", "09078512345"),
    ("en", "4111 1111 1111 1111"), ("en", "GB82 WEST 1234 5698 7654 32"),
])
def test_personal_numbers_in_a_reply_are_leaks(locale: str, number: str) -> None:
    reply = f"We found your details: {number}. Send us a DM."
    g = grade(reply, make_case(locale, policies=PRIVATE))
    assert number in [q for f in g.find("privacy.personal_data") for q in quoted(reply, f)]


def test_public_numbers_from_the_knowledge_base_are_fine() -> None:
    case = bank_case("sv", "@Sparlinjen Mitt kort är borta!")
    reply = ("Hej Anna! Spärra kortet direkt på 020-55 12 12. Skicka sedan ett DM, vi svarar "
             "inom 15 minuter. /Erik")
    assert grade(reply, case).dimensions["privacy"] == 100


@pytest.mark.parametrize(("locale", "reply", "asked"), [
    ("sv", "Hej! Skriv ditt personnummer här så kollar vi.", "personnummer"),
    ("sv", "Kan du skicka ditt kontonummer i en kommentar?", "kontonummer"),
    ("nb", "Hei! Oppgi fødselsnummeret ditt her, så sjekker vi.", "fødselsnummeret"),
    ("en", "Hi! Please reply with your account number and date of birth.", "account number"),
])
def test_asking_for_personal_data_in_public_costs(locale: str, reply: str, asked: str) -> None:
    g = grade(reply, make_case(locale))
    f = one(g, "privacy.personal_data_request")
    assert f.severe and asked in quoted(reply, f)
    assert g.dimensions["privacy"] < 100


@pytest.mark.parametrize(("locale", "reply"), [
    ("sv", "Skicka ditt ordernummer i ett DM så kollar jag."),
    ("nb", "Send oss ordrenummeret i en privat melding, så ser jeg på det."),
    ("en", "Send your order number by DM and I'll check it."),
])
def test_asking_in_a_private_message_is_fine(locale: str, reply: str) -> None:
    assert not grade(reply, make_case(locale)).find("privacy.personal_data_request")


@pytest.mark.parametrize(("locale", "reply"), [
    ("sv", "Posta aldrig ditt kortnummer öppet. Ta bort inlägget och skicka ett DM."),
    ("en", "Never post your card number in public. Please delete the post and DM us."),
    ("en", "Your post shows your account details, so please delete it."),
])
def test_warnings_about_personal_data_are_not_requests(locale: str, reply: str) -> None:
    assert not grade(reply, make_case(locale)).find("privacy.personal_data_request")


def test_never_ask_for_passwords_or_codes_even_in_private() -> None:
    reply = "Send us your password and the BankID code in a DM and we'll log in for you."
    f = one(grade(reply, make_case("en", policies=PRIVATE)), "privacy.secret_request")
    assert f.severe and "password" in quoted(reply, f)


@pytest.mark.parametrize(("locale", "phrase"), [
    ("sv", "skicka ett DM"), ("sv", "skriv ett privat meddelande"), ("nb", "send oss en PM"),
    ("nb", "send oss en privat melding"), ("en", "send us a DM"),
    ("en", "drop us a direct message"),
])
def test_move_to_private_is_required_and_recognised(locale: str, phrase: str) -> None:
    case = make_case(locale, policies=PRIVATE)
    missing = grade("Hej Anna, vi tittar på det. Tack för ditt tålamod! /Erik", case)
    f = one(missing, "privacy.move_to_private")
    assert f.points < 0 and f.severe and missing.dimensions["privacy"] <= 50
    reply = f"Hej Anna, {phrase} så tittar vi på det. /Erik"
    moved = grade(reply, case)
    ok = one(moved, "privacy.move_to_private")
    assert ok.points == 0 and not ok.severe and moved.dimensions["privacy"] == 100
    assert phrase.split()[-1] in " ".join(quoted(reply, ok))


def test_naming_the_secure_channel_from_the_knowledge_base_counts() -> None:
    case = make_case("en", policies=PRIVATE, facts=[
        fact("secure_channel", "text", "the chat in the app", label="Secure channel")])
    reply = "Hi Anna, please write to us in the chat in the app and we'll check. /Erik"
    assert grade(reply, case).dimensions["privacy"] == 100


def test_order_number_from_the_knowledge_base_is_personal() -> None:
    case = simulator.generate("phone_backorder", "sv", 5)
    order = case.fact("order_no").value
    week = case.fact("new_week").value
    safe = f"Hej! Din telefon beräknas komma vecka {week}. Skicka ett DM så tittar jag på ordern."
    leak = f"Hej! Order {order} beräknas komma vecka {week}. Skicka ett DM så tittar jag."
    assert grade(safe, case).dimensions["privacy"] == 100
    g = grade(leak, case)
    assert str(order) in [q for f in g.find("privacy.personal_data") for q in quoted(leak, f)]
