"""Plain sentences a native reviewer found today's patterns (2026-12-04) taking for put-downs,
irony, a bare answer or a request for data; each is a test now, and the patterns were narrowed
for them: typing a code in capitals, re-sending our own broken link, "however much you travel",
"just for the record", shared joy with a pleased customer, an error message or a screen name
quoted back, a grin at our own slip, applause for good news, a warm closing without a name,
and our own next step in the present tense. A second review (of gold batch 6's patterns) added
the reassurances, the rules our own staff keep, "not our job to judge", the nonsense the customer
suffered, our own spam, a queue number and ID shown at the gate."""

from __future__ import annotations

from typing import Any

import pytest
from test_grading_support import asked_for, by_locale, make_case, quoted, with_sentence

from grading import grade

TALKING_DOWN = {"tone.condescension", "tone.insult", "tone.sarcasm", "tone.curt"}


def _talk_down(reply: str, case: dict[str, Any]) -> list[tuple[str, list[str]]]:
    g = grade(reply, case, latency_s=300)
    return [(f.criterion, quoted(reply, f)) for f in g.findings if f.criterion in TALKING_DOWN
            or (f.criterion == "tone.undertone" and f.severe)]


def _calm(locale: str, **kw: Any) -> dict[str, Any]:
    case = make_case(locale, **kw)
    case["customer"]["emotion"] = "calm"
    return case


# A second native review (of gold batch 6's patterns): plain sentences, to an angry customer ...
PLAIN_2 = {
    "sv": ["Inget dramatiskt har hänt med din bokning, den gäller som vanligt.",
           "Vår personal ska alltid hålla en vänlig ton mot resenärerna, så det du beskriver är "
           "inte okej.",
           "Det är inte vår uppgift att döma någon, vi är här för att hjälpa dig hem.",
           "Sånt trams ska du inte behöva råka ut för när du reser med oss.",
           "Förlåt! Vi ska sluta spamma din inkorg, du är nu avregistrerad.",
           "Anslutningsbussen väntar in tåget, så den kommer när det kommer fram."],
    "nb": ["Det er ikke noe dramatisk galt med bestillingen din, den gjelder som vanlig.",
           "Personalen vår skal alltid holde en vennlig tone overfor de reisende, så dette er "
           "ikke greit.",
           "Det er ikke vår jobb å dømme noen, vi er her for å hjelpe deg hjem.",
           "Beklager at du måtte finne deg i slikt tull ved billettautomaten.",
           "Refusjonen kan utbetales til hvilken som helst konto, så du kan velge bank helt "
           "fritt."],
    "en": ["Relax in our lounge while you wait, the coffee is on us.",
           "Nothing dramatic has happened to your booking, it's still valid as normal.",
           "Our staff are trained to remain respectful and calm at all times, so I'm sorry that "
           "wasn't your experience.",
           "It's not our job to judge, we're here to help.",
           "I'm so sorry you had to put up with such nonsense at the barriers.",
           "Sorry about that, we'll stop spamming you, you're now unsubscribed.",
           "There's no point asking at the ticket office as they can't see online bookings.",
           "Your voucher is worth £12 and can be used next time you travel with us."],
}


PLEASED_2 = {  # ... and to a pleased customer
    "sv": ["Tack Anna! Lugnt, det var så lite! /Erik",
           "Tack Anna! Vi försöker alltid hålla en trevlig ton här. /Erik"],
    "nb": ["Takk, Anna! Rolig, det går helt fint! /Erik",
           "Takk, Anna! Slapp av, det var bare hyggelig! /Erik",
           "Takk, Anna! Vi prøver alltid å holde en hyggelig tone her. /Erik"],
    "en": ["Thank you, Anna! Relax and enjoy the rest of your journey! /Erik",
           "Thanks Anna! York is well worth a visit next time you're up north! /Erik"],
}


NOT_ASKING_2 = {
    "sv": ["Vad är ditt nummer i kön just nu?",
           "Vi kommer att skicka ett sms till ditt nummer så fort tåget har en ny tid.",
           "Släng iväg ett mejl till kundservice så tittar vi på det direkt.",
           "Vi ber om att du har din legitimation redo vid biljettkontrollen."],
    "nb": ["Hva er nummeret ditt i køen nå?",
           "Vi kommer til å sende en SMS til nummeret ditt så snart toget har ny avgangstid.",
           "Vi ber om at du har passet ditt klart ved grensekontrollen.",
           "Hva er adressen til hotellet dere ble sendt til?"],
    "en": ["For a child's Railcard you'll need to provide a copy of the child's passport on the "
           "Railcard website."],
}


PLAIN = {
    "sv": ["Skriv in rabattkoden med stora bokstäver, TACK25, så dras rabatten direkt.",
           "Förlåt, länken blev fel i mitt förra svar! Här kommer den igen: "
           "https://sparlinjen.example/ersattning",
           "Med månadskortet betalar du samma pris hur mycket du än reser.",
           "Det är välkänt att signalsystemet på sträckan är gammalt, och det ska inte drabba dig.",
           "Det dummaste jag kunde göra var att skicka fel länk, förlåt!"],
    "nb": ["Koden fungerer både med og uten store bokstaver.",
           "Beklager, lenken ble feil i forrige svar! Her er den igjen: "
           "https://fjordbanen.example/refusjon",
           "Med månedskortet betaler du det samme, hvor mye du enn reiser.",
           "Bare for ordens skyld: vi spør aldri om passord her."],
    "en": ["The promo code works with or without capitals, so don't worry about how you type it.",
           "Sorry, that link was broken! Here it is again: https://northline.example/refund",
           "Just for the record, we will never ask for your PIN here.",
           "You're not moaning at all, this is exactly the kind of thing we need to hear.",
           "You can claim online, by phone or whatever suits you best."],
}


@pytest.mark.parametrize(("locale", "sentence"), by_locale(PLAIN) + by_locale(PLAIN_2))
def test_plain_sentences_are_no_put_down(locale: str, sentence: str) -> None:
    assert not _talk_down(with_sentence(locale, sentence), make_case(locale))


PLEASED = {
    "en": ["Thank you, Anna! Plenty of customers are enjoying the new quiet coach too. /Erik",
           "Thank you, Anna! You just made our day 😉 /Erik"],
    "sv": ["Tack Anna! De allra flesta resenärer uppskattar den tysta vagnen, så kul att du också "
           "gör det. /Erik", "Tack Anna! Vi ses väl ombord igen snart 😉 /Erik"],
    "nb": ["Tusen takk, Anna! De aller fleste kundene setter pris på stillevogna, så gøy at du "
           "også gjør det. /Erik", "Tusen takk, Anna! Vi ses vel om bord igjen snart 😉 /Erik"],
}


@pytest.mark.parametrize(("locale", "reply"), by_locale(PLEASED) + by_locale(PLEASED_2))
def test_shared_joy_and_a_wink_with_a_pleased_customer_are_friendly(locale: str,
                                                                   reply: str) -> None:
    assert not _talk_down(reply, make_case(locale, family="praise", at_fault=False))


QUOTED_BACK = [  # (locale, the customer's post, the reply's sentence)
    ("en", "@NorthlineRail The app just says Payment failed every time!!",
     "'Payment failed' usually means your bank wants to approve the purchase in its app."),
    ("sv", "@Sparlinjen Appen säger bara Betalningen misslyckades varje gång!!",
     "”Betalningen misslyckades” betyder oftast att banken vill godkänna köpet i sin app."),
    ("nb", "@Fjordbanen Appen sier bare Betalingen mislyktes hver gang!!",
     "«Betalingen mislyktes» betyr som regel at banken vil godkjenne kjøpet i appen sin."),
    ("en", "@NorthlineRail Can't find My tickets anywhere in the app",
     "Tap 'My tickets' at the bottom of the start screen."),
    ("sv", "@Sparlinjen Hittar inte Mina resor någonstans i appen",
     "Tryck på ”Mina resor” längst ner på startsidan."),
    ("nb", "@Fjordbanen Finner ikke Mine reiser noe sted i appen",
     "Trykk på «Mine reiser» nederst på startsiden."),
]


@pytest.mark.parametrize(("locale", "post", "sentence"), QUOTED_BACK)
def test_an_error_message_or_a_screen_quoted_back_is_help(locale: str, post: str,
                                                          sentence: str) -> None:
    assert not _talk_down(with_sentence(locale, sentence), make_case(locale, post=post))


def test_praise_quoted_back_to_a_pleased_customer_is_thanks() -> None:
    case = make_case("en", family="praise", at_fault=False,
                     post="@NorthlineRail Best crew on the line, thank you!")
    assert not _talk_down("Hi Anna! 'Best crew on the line' – we'll pass that on! /Erik", case)


CALM = {  # to a calm customer: a grin at our own slip, applause for good news, a warm closing
    "en": ["Hi Anna! Oops, wrong link from us there 😅 Here's the right one: https://northline.example/x",
           "Hi Anna, brilliant news that you found your bag 👏 /Erik",
           "Train 705 leaves from platform 3 at 14:35. Safe travels!",
           "Morning! Train 705 leaves from platform 3 at 14:35.",
           "Train 705 leaves from platform 3 at 14:35. Cheers!"],
    "sv": ["Hej Anna! Oj, där blev det fel länk från oss 😅 Här är rätt: https://sparlinjen.example/x",
           "Hej Anna, vad härligt att du fick tillbaka väskan 👏 /Erik",
           "Tåg 705 går från spår 3 kl 14.35. Trevlig resa!"],
    "nb": ["Hei Anna! Oi, der ble det feil lenke fra oss 😅 Her er riktig: https://fjordbanen.example/x",
           "Hei Anna, så flott at du fikk igjen bagen 👏 /Erik",
           "Tog 705 går fra spor 3 klokka 14.35. God tur!",
           "Morn! Tog 705 går fra spor 3 klokka 14.35."],
}


@pytest.mark.parametrize(("locale", "reply"), by_locale(CALM))
def test_a_calm_customer_gets_no_irony_from_our_own_grin_or_a_warm_closing(locale: str,
                                                                          reply: str) -> None:
    assert not _talk_down(reply, _calm(locale))


OUR_NEXT_STEP = {  # what we will do, and where the customer enters their own data
    "sv": ["Vi skickar en ny biljett till din e-postadress inom en timme.",
           "Vi bekräftar ombokningen via e-post inom en timme.",
           "Vi lämnar besked till ditt telefonnummer när vi vet mer.",
           "Jag berättar gärna hur du hittar ditt bokningsnummer i appen.",
           "Jag slänger in ett mejl till dig med kvittot direkt.",
           "I formuläret, där du anger ditt bokningsnummer, ser du direkt om du får ersättning.",
           "Oavsett vilken e-postadress du bokade med gäller biljetten ombord.",
           "I appen ser du vilket bokningsnummer resan har, under Mina resor."],
    "nb": ["Jeg sender deg en e-post med kvitteringen med en gang.",
           "Vi bekrefter ombookingen på e-post innen en time.",
           "Jeg forteller gjerne hvordan du finner bestillingsnummeret i appen.",
           "Jeg slenger inn en e-post til deg med kvitteringen.",
           "I skjemaet, der du oppgir bestillingsnummeret, ser du med en gang om du får refusjon.",
           "Uansett hvilken e-postadresse du bestilte med, gjelder billetten.",
           "I appen ser du hvilket bestillingsnummer reisen har, under Mine reiser."],
    "en": ["In the app, type the code we text you to confirm the rebooking.",
           "Confirm the change with the code we text you, in the app only."],
}


@pytest.mark.parametrize(("locale", "sentence"),
                         by_locale(OUR_NEXT_STEP) + by_locale(NOT_ASKING_2))
def test_our_own_next_step_asks_for_nothing(locale: str, sentence: str) -> None:
    assert not asked_for(with_sentence(locale, sentence), locale)
