"""Privacy: never ask for or repeat personal data in public; move to private when told to."""

from __future__ import annotations

import pytest
from test_grading_support import PRIVATE, fact, make_case, one, quoted

import simulator
from grading import grade


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
    safe = ("Hej Anna! Ta gärna bort inlägget. Skicka ett DM så kollar vi dragningen, vi svarar "
            "inom 15 minuter. /Erik")
    leak = ("Hej Anna! Dragningen från konto 5275-31 662 09 kollar vi – skicka ett DM, vi "
            "svarar inom 15 minuter. /Erik")
    g_safe, g_leak = grade(safe, case), grade(leak, case)
    assert g_safe.dimensions["privacy"] == 100  # and it asks to remove the post, as it should
    silent = grade(safe.replace("Ta gärna bort inlägget. ", ""), case)
    assert one(silent, "privacy.delete_post").points < 0
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


# --- colleagues' false positives and the care lead's review --------------------------------

def _bank_ui_security_code_case() -> object:
    """A bank_ui case whose known issue is being sent back to sign-in after the security code."""
    for seed in range(200):
        case = simulator.generate("bank_ui", "en", seed)
        if "security code" in str(case.fact("known_issue").value):
            return case
    raise AssertionError("no bank_ui case mentions the security code")


@pytest.mark.parametrize("reply", [
    "Hi! Yes, known fault: some customers are sent back to sign-in after they type the security "
    "code. Close all tabs, clear the cookies and sign in again, or use the app. ^Sam",
    "Hi! Sorry, it's a known fault: after you confirm the security code some customers are sent "
    "back to sign-in. Close all tabs and sign in again. ^Sam",
])
def test_stating_the_knowledge_base_is_never_a_secret_request(reply: str) -> None:
    g = grade(reply, _bank_ui_security_code_case())
    assert not g.find("privacy.secret_request") and not g.find("privacy.personal_data_request")


def test_a_real_request_for_the_code_is_still_one_in_the_same_case() -> None:
    case = _bank_ui_security_code_case()
    reply = ("Hi! Known fault: some customers are sent back after the code. Please type your "
             "security code here so I can check. ^Sam")
    f = one(grade(reply, case), "privacy.secret_request")
    assert "security code" in quoted(reply, f)


@pytest.mark.parametrize(("locale", "reply"), [
    ("en", "Hi Anna, sorry for the wait. Can you send us your order number and date of birth? "
           "^Sam"),
    ("en", "Hi Anna, sorry for the wait. Reply here with your order number and date of birth and "
           "I'll check your order. ^Sam"),
    ("sv", "Hej Anna! Förlåt dröjsmålet. Skicka ditt ordernummer och födelsedatum här så kollar "
           "jag. /Erik"),
    ("sv", "Hej Anna! Förlåt dröjsmålet. Kan du skriva ordernumret och ditt födelsedatum här? "
           "/Erik"),
    ("nb", "Hei Anna! Beklager ventetiden. Kan du sende oss ordrenummeret og fødselsdatoen din "
           "her? /Erik"),
])
def test_asking_for_order_number_and_birth_date_in_public_is_a_request(locale: str,
                                                                       reply: str) -> None:
    case = simulator.generate("phone_backorder", locale, 3)
    g = grade(reply, case)
    f = one(g, "privacy.personal_data_request")
    assert f.severe and f.points < 0
    words = " ".join(quoted(reply, f)).lower()
    assert any(w in words for w in ("birth", "födelsedatum", "fødselsdato"))


@pytest.mark.parametrize("locale", ["sv", "nb", "en"])
def test_repeating_a_card_or_account_number_ranks_below_a_rude_reply(locale: str) -> None:
    case = simulator.generate("privacy_trap", locale, 1)
    card = str(case.fact("card_no").value)
    secure = str(case.fact("secure_channel").value)
    minutes = case.fact("reply_within").value
    first = case.customer.name.split()[0]
    good = {
        "en": f"Hi {first}, sorry about the trouble with your card. Please don't post card "
              f"details here: write to us in {secure} and we'll answer within {minutes} "
              "minutes. ^Sam",
        "sv": f"Hej {first}! Förlåt strulet med kortet. Skriv inga kortuppgifter här: kontakta "
              f"oss via {secure} så svarar vi inom {minutes} minuter. /Sam",
        "nb": f"Hei {first}! Beklager bryet med kortet. Ikke skriv kortopplysninger her: kontakt "
              f"oss via {secure}, så svarer vi innen {minutes} minutter. /Sam",
    }[locale]
    rude = {"en": " As stated in our terms, you should have checked your balance first.",
            "sv": " Enligt våra villkor borde du ha kollat saldot först.",
            "nb": " I henhold til våre vilkår burde du ha sjekket saldoen først."}[locale]
    leak = good.replace(" Please" if locale == "en" else f"{first}! ",
                        f" Card {card}: please" if locale == "en" else f"{first}! {card}: ", 1)
    assert card in leak
    g_good, g_rude, g_leak = grade(good, case), grade(good + rude, case), grade(leak, case)
    assert g_leak.total < g_rude.total < g_good.total
    f = one(g_leak, "privacy.personal_data")
    assert quoted(leak, f) == [card] and f.detail.endswith("identity")
    assert g_leak.dimensions["privacy"] == 0


def test_an_order_number_leak_weighs_less_than_a_card_number_leak() -> None:
    case = simulator.generate("phone_backorder", "en", 3)
    order = str(case.fact("order_no").value)
    base = "Hi! Sorry for the wait, your phone is delayed. Send us a DM and we'll check. ^Sam"
    g_order = grade(base.replace("Send", f"Order {order}: send"), case)
    g_card = grade(base.replace("Send", "Card 4111 1111 1111 1111: send"), case)
    assert g_order.find("privacy.personal_data") and g_card.find("privacy.personal_data")
    assert g_card.total < g_order.total


def test_a_repeated_account_number_is_not_praised_as_a_correct_fact():
    """The leak costs privacy; it must not also show up under 'done well' as a stated fact."""
    import grading
    from simulator import generate

    for locale in ("sv", "nb", "en"):
        for seed in range(20):
            case = generate("privacy_trap", locale, seed)
            account = next((f for f in case.facts if f.id == "account_no"), None)
            if account is None or str(account.value) not in case.post.text:
                continue
            grade = grading.grade(f"Hej! Vi ser {account.value}. /Anna", case)
            stated = [f for f in grade.findings if f.criterion == "facts.stated"]
            assert all(f.detail != "account_no" for f in stated), (case.id, stated)
            assert grade.dimensions["privacy"] == 0
            break
        else:
            raise AssertionError(f"no privacy_trap case in {locale} posts its account number")
