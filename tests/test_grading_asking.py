"""How a request for personal data is worded (2026-12-04, from batch 5's tuning half): the
present tense and the conditional ("hvis du skriver fødselsdatoen din her", "om du skriver"),
a question with a slot ("kan du svare her med ..."), "slenger du ... her", a question word
right before the data noun at the start of a question ("Vilket mobilnummer gäller det?"), a
PIN with a qualifier. Checked on new sentences; and what a native reviewer found these forms
must not take for a request: our own next step in the present tense ("Vi skickar en ny biljett
till din e-postadress"), a relative "vilket", a form where the customer enters their number."""

from __future__ import annotations

import pytest
from test_grading_support import PRIVATE, asked_for, make_case, one, quoted, with_sentence

from grading import grade

ASKS = [
    ("nb", "Hei Anna! Kan du svare her med fødselsnummeret ditt? /Erik", "fødselsnummeret"),
    ("nb", "Hei Anna! Slenger du mobilnummeret ditt her, så ringer vi deg. /Erik",
     "mobilnummeret"),
    ("nb", "Hei Anna! Hvis du skriver fødselsdatoen din under her, ordner vi det. /Erik",
     "fødselsdatoen"),
    ("nb", "Hei Anna! Svarer du her under med e-posten din, sender vi skjemaet. /Erik",
     "e-posten"),
    ("sv", "Hej Anna! Om du skriver ditt mobilnummer här så ringer vi upp. /Erik",
     "mobilnummer"),
    ("sv", "Hej Anna! Vilket mobilnummer gäller det? Vi kollar direkt. /Erik", "mobilnummer"),
    ("sv", "Hej Anna! Svarar du här med din e-postadress så skickar vi blanketten. /Erik",
     "e-postadress"),
    ("en", "Hi Anna, sorry! In the DM, please write your account PIN so I can open the order. "
           "/Erik", "account PIN"),
    ("en", "Hi Anna, sorry! Please reply in the DM with your account PIN and I'll check. /Erik",
     "account PIN"),
]


@pytest.mark.parametrize(("locale", "reply", "noun"), ASKS)
def test_a_request_for_data_is_read_in_its_other_forms(locale: str, reply: str,
                                                       noun: str) -> None:
    g = grade(reply, make_case(locale, policies=PRIVATE), latency_s=300)
    asked = [f for f in g.findings if f.criterion.startswith("privacy.")
             and f.criterion.endswith("_request")]
    assert asked, [f.criterion for f in g.findings]
    assert any(noun in q for f in asked for q in quoted(reply, f))
    assert g.dimensions["privacy"] is not None and g.dimensions["privacy"] < 50


PLAIN = [
    ("sv", "Tåget är sent, vilket innebär att du kan söka ersättning med ditt bokningsnummer i "
           "formuläret på webben."),
    ("sv", "Vilket tåg gäller det? Då kollar jag direkt."),
    ("nb", "Hvilket tog gjelder det? Da sjekker jeg med en gang."),
    ("nb", "Du sender skjemaet selv, og vi spør aldri om fødselsnummeret ditt."),
]


@pytest.mark.parametrize(("locale", "sentence"), PLAIN)
def test_a_question_word_or_a_present_tense_alone_asks_for_nothing(locale: str,
                                                                   sentence: str) -> None:
    assert not asked_for(with_sentence(locale, sentence), locale)


def test_the_finding_names_what_was_asked() -> None:
    reply = ASKS[5][1]
    f = one(grade(reply, make_case("sv", policies=PRIVATE), latency_s=300),
            "privacy.personal_data_request")
    assert "Vilket" in quoted(reply, f)


BATCH_6 = [  # gold batch 6's tuning half (2026-12-04), in new sentences
    ("nb", "Hei Anna! For å hjelpe deg ber vi om at du oppgir fødselsdato og adresse her. /Erik",
     "fødselsdato"),
    ("nb", "Hei Anna! Hva er fødselsdatoen din? Da finner vi billetten. /Erik", "fødselsdatoen"),
    ("sv", "Hej Anna! Vi ber om att du uppger ditt personnummer här så kollar vi. /Erik",
     "personnummer"),
    ("sv", "Hej Anna! Släng iväg ditt personnummer i DM så fixar vi resten. /Erik",
     "personnummer"),
    ("en", "Hi Anna! Could you DM us a scan of your daughter's passport, please? /Erik",
     "passport"),
]


BATCH_8 = [  # gold batch 8's tuning half (2026-12-04), in new sentences
    ("en", "Hi Anna! We'll text you a one-time code, just DM it back and we'll sort it. /Erik",
     "one-time code"),
    ("en", "Hi Anna! If you DM your passport number we can confirm the booking. /Erik", "passport"),
    ("en", "Hi Anna! If you let us have your email address here, we'll send the form. /Erik",
     "email address"),
    ("nb", "Hei Anna, hva er e-postadressen din? Så sender vi skjemaet. /Erik", "e-postadressen"),
    ("nb", "Hei Anna! Hva er kundenummeret og fødselsdatoen din? /Erik", "fødselsdatoen"),
    ("nb", "Hei Anna! For å starte må vi ha kortnummer og CVC – send det i en melding. /Erik",
     "kortnummer"),
    ("nb", "Hei Anna! Slang inn e-posten din her, så sender vi et tilbud. /Erik", "e-posten"),
    ("sv", "Hej Anna! Skicka oss den kod som visas i din säkerhetsdosa, så fixar vi det. /Erik",
     "kod som visas"),
    ("sv", "Hej Anna! Lägg ditt mobilnummer här i tråden, så ringer vi. /Erik", "mobilnummer"),
    ("sv", "Hej Anna! Om du bara bekräftar ditt kontonummer här kan vi börja. /Erik",
     "kontonummer"),
    ("sv", "Hej Anna! Släng in din jobbmejl här så skickar jag en offert. /Erik", "jobbmejl"),
    ("sv", "Hej Anna! Går det inte att avboka – skicka då kortnumret och utgångsdatumet i DM. "
           "/Erik", "kortnumret"),
]


@pytest.mark.parametrize(("locale", "reply", "noun"), BATCH_6 + BATCH_8)
def test_a_request_after_the_noun_a_slot_or_a_dash(locale: str, reply: str, noun: str) -> None:
    asked = asked_for(reply, locale)
    assert any(noun in q for q in asked), asked


@pytest.mark.parametrize(("locale", "sentence"), [
    ("en", "Your new card number is in the letter, please keep it safe."),
    ("en", "We'll email you the booking reference, please don't share it."),
    ("sv", "Ditt bokningsnummer står i mejlet, spara det gärna."),
    ("nb", "Bestillingsnummeret står i e-posten, ta vare på det."),
])
def test_a_noun_we_tell_them_to_keep_is_no_request(locale: str, sentence: str) -> None:
    assert not asked_for(with_sentence(locale, sentence), locale)
