"""Classes the natural gold set's tuning half showed the grader missing, each checked here on
new sentences, not the gold replies. 2026-12-03: card details are never asked for even in a DM,
hindsight advice and "you may have missed it" talk down, two words of undertone cost the total,
a knowledge base's number in words backs the digits, "without a demo" sells nothing.
2026-12-04 (the Swedish batch 3): nor is an identity number asked for in a DM; "a strong word",
scare quotes and "you would have seen it" talk down; plain information that shares their words
(a native reviewer's list) does not."""

from __future__ import annotations

from typing import Any

import pytest
from test_grading_support import (
    GOOD,
    PRIVATE,
    by_locale,
    fact,
    make_case,
    one,
    policy,
    quoted,
    with_sentence,
)

from grading import grade


@pytest.mark.parametrize(("locale", "reply", "asked"), [
    ("en", "Hi Anna, so sorry! Please DM us the long number on your card and the expiry date "
           "and we'll sort the refund. ^Sam", "the long number on your card"),
    ("en", "Hi Anna, message us your card details and the three digits on the back, "
           "we'll take it from there. /Erik", "card details"),
    ("sv", "Hej Anna! Skicka ett DM med hela kortnumret och utgångsdatumet så fixar jag "
           "återbetalningen. /Erik", "hela kortnumret"),
    ("nb", "Hei Anna! Send oss en PM med kortnummeret og de tre sifrene på baksiden av kortet, så "
           "ordner jeg refusjonen. /Erik", "kortnummeret"),
])
def test_card_details_are_never_asked_for_even_in_a_dm(locale: str, reply: str,
                                                        asked: str) -> None:
    g = grade(reply, make_case(locale, policies=PRIVATE, expected_action="respond_private"))
    f = one(g, "privacy.secret_request")
    assert f.severe and asked in quoted(reply, f)
    assert g.dimensions["privacy"] is not None and g.dimensions["privacy"] < 50


@pytest.mark.parametrize(("locale", "reply", "asked"), [
    ("sv", "Hej Anna, tråkigt! Skicka ditt personnummer och ordernumret i DM så kollar jag. /Erik",
     "personnummer"),
    ("nb", "Hei Anna, så leit! Send fødselsnummeret ditt på PM, så sjekker jeg saken. /Erik",
     "fødselsnummeret"),
    ("en", "Hi Anna, sorry! DM us your passport number and booking reference and I'll check. "
           "^Sam", "passport"),
    ("sv", "Hej Anna! Skicka gärna en bild på ditt körkort i DM så hjälper vi dig. /Erik",
     "körkort"),
    ("sv", "Hej Anna! Skicka gärna ditt samordningsnummer i DM så hjälper vi dig. /Erik",
     "samordningsnummer"),
    ("nb", "Hei Anna! Send oss gjerne et bilde av førerkortet ditt på DM. /Erik", "førerkortet"),
    ("nb", "Hei Anna! Send oss gjerne D-nummeret ditt på DM, så hjelper vi deg. /Erik",
     "D-nummeret"),
    ("sv", "Hej Anna! Skicka ditt fullständiga namn, din leveransadress, ditt födelsedatum och "
           "sedan ditt personnummer i ett DM. /Erik", "personnummer"),  # the end of a list
    ("nb", "Hei Anna! For å registrere rosen i systemet vårt trenger vi fødselsnummeret ditt; "
           "send det på PM. /Erik", "fødselsnummeret"),
])
def test_an_identity_number_is_never_asked_for_even_in_a_dm(locale: str, reply: str,
                                                             asked: str) -> None:
    g = grade(reply, make_case(locale, policies=PRIVATE, expected_action="respond_private"))
    f = one(g, "privacy.identity_request")
    assert f.severe and any(asked in q for q in quoted(reply, f))
    assert g.dimensions["privacy"] is not None and g.dimensions["privacy"] < 50


@pytest.mark.parametrize(("locale", "reply"), [
    ("sv", "Hej Anna! Skicka ett DM så hjälper vi dig, och ta gärna bort inlägget med ditt "
           "personnummer. /Erik"),
    ("nb", "Hei Anna! Send oss en PM, så hjelper vi deg, og slett gjerne innlegget med "
           "fødselsnummeret ditt. /Erik"),
])
def test_advice_to_delete_a_post_with_the_identity_number_asks_for_nothing(locale: str,
                                                                          reply: str) -> None:
    g = grade(reply, make_case(locale, policies=PRIVATE, expected_action="respond_private"))
    assert not g.find("privacy.identity_request") and not g.find("privacy.personal_data_request")


@pytest.mark.parametrize(("locale", "reply"), [
    ("en", "Please DM us the last four digits of your card number and we'll look it up. ^Sam"),
    ("en", "Never post your card number in public: please delete the tweet and DM us. ^Sam"),
    ("sv", "Skicka gärna ditt bokningsnummer i ett DM så kollar jag. /Erik"),
    ("sv", "Skicka ett DM med ditt namn och din mejladress, men kortnumret behöver vi inte. /Erik"),
    ("sv", "Skicka bokningsnumret i ett DM, personnummer behövs inte. /Erik"),
    ("sv", "Om vi behöver kortnumret frågar vi aldrig efter det här, så skriv till oss i DM. "
           "/Erik"),
    ("nb", "Send gjerne bestillingsnummeret ditt på PM, så sjekker jeg. /Erik"),
])
def test_asking_for_an_order_number_or_the_last_digits_in_a_dm_is_fine(locale: str,
                                                                      reply: str) -> None:
    g = grade(reply, make_case(locale, policies=PRIVATE, expected_action="respond_private"))
    assert not g.find("privacy.secret_request")
    assert not g.find("privacy.personal_data_request")
    step = one(g, "tone.next_step")  # an allowed ask in a DM is a next step, in full
    assert step.points == step.max_points


PUT_DOWNS = {
    "en": [
        "Train 705 is 70 min late, due 14:35. Next time, please check the app before you tweet.",
        "Train 705 is 70 min late, due 14:35. You might have missed the announcement, it was "
        "on every screen.",
        "Train 705 is 70 min late, due 14:35. The delay has always been right there in the app.",
        "Train 705 is 70 min late, due 14:35. Everyone else on board seems to be coping fine.",
        "Train 705 is 70 min late, due 14:35. Try to be a bit more patient.",
    ],
    "sv": [
        "Tåg 705 är 70 min försenat, ny ankomst 14.35. Nästa gång kan du kolla appen först.",
        "Tåg 705 är 70 min försenat, ny ankomst 14.35. Du har kanske inte sett skyltarna.",
        "Tåg 705 är 70 min försenat, ny ankomst 14.35. Det har hela tiden stått i appen.",
        "Tåg 705 är 70 min försenat, ny ankomst 14.35. Alla andra ombord verkar klara sig fint.",
        "Tåg 705 är 70 min försenat, ny ankomst 14.35. Försök vara lite mer tålmodig.",
    ],
    "nb": [
        "Tog 705 er 70 min forsinket, ny ankomst 14.35. Neste gang kan du sjekke appen først.",
        "Tog 705 er 70 min forsinket, ny ankomst 14.35. Du har kanskje ikke sett "
        "informasjonsskjermene.",
        "Tog 705 er 70 min forsinket, ny ankomst 14.35. Det har hele tiden stått i appen.",
        "Tog 705 er 70 min forsinket, ny ankomst 14.35. De fleste om bord klarer seg fint.",
        "Tog 705 er 70 min forsinket, ny ankomst 14.35. Prøv å være litt mer tålmodig.",
    ],
}


@pytest.mark.parametrize(("locale", "reply"), by_locale(PUT_DOWNS))
def test_hindsight_advice_and_you_missed_it_are_put_downs(locale: str, reply: str) -> None:
    g = grade(reply, make_case(locale), latency_s=300)
    assert g.find("tone.condescension"), [f.criterion for f in g.findings]
    assert g.total < 60


@pytest.mark.parametrize(("locale", "reply"), [
    ("en", "Hi Anna, I'm sorry. Train 705 is 70 min late, due 14:35. I'll make sure we post "
           "updates sooner in future. /Erik"),
    ("sv", "Hej Anna, förlåt! Tåg 705 är 70 min försenat, ny ankomst 14.35. Undrar du något "
           "mer är det bara att skriva, så hjälper jag till 🙂 /Erik"),
    ("nb", "Hei Anna, beklager! Tog 705 er 70 min forsinket, ny ankomst 14.35. Lurer du på "
           "noe mer, er det bare å si fra 🙂 /Erik"),
])
def test_friendly_help_is_not_talking_down(locale: str, reply: str) -> None:
    g = grade(reply, make_case(locale), latency_s=300)
    assert not g.find("tone.condescension") and not g.find("tone.undertone")


@pytest.mark.parametrize(("locale", "words"), [
    ("en", "Maybe you could just check the app, of course."),
    ("sv", "Du kan ju faktiskt kolla appen själv."),
    ("nb", "Du kan jo faktisk sjekke appen selv."),
])
def test_two_words_of_undertone_cost_the_total(locale: str, words: str) -> None:
    case = make_case(locale)
    plain = grade(GOOD[locale], case, latency_s=300)
    hinted = grade(with_sentence(locale, words), case, latency_s=300)
    f = one(hinted, "tone.undertone")
    assert f.severe and hinted.total < plain.total * 0.85


def _pricing(locale: str, discount: str) -> dict[str, Any]:
    facts = [fact("price", "money", 79, unit="NOK" if locale == "nb" else "SEK"),
             fact("trial", "duration", 21, unit="days"),
             fact("discount", "text", discount, required=False, label="Discounts")]
    return make_case(locale, facts=facts, policies=[policy("no_sales_pitch")],
                     family="pricing_question", at_fault=False, post="What does it cost?")


@pytest.mark.parametrize(("locale", "discount", "reply"), [
    ("nb", "Mengderabatt fra femti brukere",
     "Hei Anna! Det koster 79 kr per bruker i måneden, med mengderabatt fra 50 brukere. "
     "Prøv gratis i 21 dager. /Erik"),
    ("sv", "Mängdrabatt från femtio användare",
     "Hej Anna! Det kostar 79 kr per användare och månad, med mängdrabatt från 50 användare. "
     "Testa gratis i 21 dagar. /Erik"),
    ("en", "Volume discount from fifty users",
     "Hi Anna! It's 79 kr per user a month, with a volume discount from 50 users. Try it free "
     "for 21 days. /Erik"),
])
def test_a_number_the_knowledge_base_writes_in_words_is_no_contradiction(
        locale: str, discount: str, reply: str) -> None:
    g = grade(reply, _pricing(locale, discount))
    assert not g.find("facts.contradiction"), [f.detail for f in g.find("facts.contradiction")]


@pytest.mark.parametrize(("locale", "reply", "pitch"), [
    ("en", "Hi Anna! It's 79 kr a month and you can try it free for 21 days without a demo. "
           "/Erik", "Hi Anna! It's 79 kr a month. Not sure? Book a demo with us! /Erik"),
    ("sv", "Hej Anna! Det kostar 79 kr i månaden och du kan testa gratis i 21 dagar utan demo. "
           "/Erik",
     "Hej Anna! Det kostar 79 kr i månaden. Inte säker? Boka en demo med oss! /Erik"),
    ("nb", "Hei Anna! Det koster 79 kr i måneden, og du kan prøve gratis i 21 dager uten demo. "
           "/Erik",
     "Hei Anna! Det koster 79 kr i måneden. Ikke sikker? Book en demo med oss! /Erik"),
])
def test_without_a_demo_sells_nothing(locale: str, reply: str, pitch: str) -> None:
    """"Without a demo" sells nothing; a sentence that ends in a negation before the pitch
    ("Not sure? Book a demo") does not excuse it."""
    case = _pricing(locale, "-")
    assert not grade(reply, case).find("tone.sales_pitch")
    assert grade(pitch, case).find("tone.sales_pitch")


@pytest.mark.parametrize(("locale", "offer", "reply"), [
    ("nb", "Forhåndsbestilt henting i restauranten",
     "Hei Anna! Du kan forhåndsbestille og hente maten hos oss i restauranten. /Erik"),
    ("sv", "Förhandsbeställd hämtning i restaurangen",
     "Hej Anna! Du kan förhandsbeställa och hämta maten hos oss i restaurangen. /Erik"),
])
def test_a_verb_states_what_the_knowledge_base_says_with_a_noun(locale: str, offer: str,
                                                                reply: str) -> None:
    case = make_case(locale, facts=[fact("offer", "text", offer, label="Offer")],
                     policies=[], family="influencer_request", at_fault=False,
                     post="Would love a burger at the airport!")
    g = grade(reply, case)
    assert [f.criterion for f in g.findings if f.criterion.startswith("facts.")] == [
        "facts.stated"]
    assert g.dimensions["facts"] == 100


MORE_PUT_DOWNS = {
    "en": [
        "Hate is a pretty strong word for a new logo, isn't it?",
        "We treat every guest the same, no matter how many followers they have.",
        "Thanks for your “patience”. The app has the times.",
        "It's all in the app, so you would have seen it there straight away.",
        "These things happen on the railway.",
        "At least you're not stuck on the train.",
        "A quick search would have shown you the times.",
        "You're not the first to ask, and the times are in the app.",
    ],
    "sv": [
        "Hata är ganska starkt ord för en ny logga, eller hur?",
        "Vi behandlar alla gäster lika, oavsett hur många följare de har.",
        "Tack för ditt ”tålamod”. Tiderna finns i appen.",
        "Allt står i appen, så där hade du sett det direkt.",
        "Det är ju inte direkt någon hemlighet var vi finns.",
        "Sånt händer på järnvägen.",
        "Du kan väl vara glad att du inte sitter fast på tåget.",
        "En snabb sökning hade visat tiderna.",
        "Ni är inte de första som frågar, tiderna finns i appen.",
    ],
    "nb": [
        "Hater er vel et litt sterkt ord om en ny logo?",
        "Vi behandler alle gjester likt, uansett hvor mange følgere de har.",
        "Takk for din «tålmodighet». Tidene står i appen.",
        "Alt står i appen, så der hadde du sett det med en gang.",
        "Det er jo ikke akkurat noen hemmelighet hvor vi er.",
        "Sånt skjer på jernbanen.",
        "Du kan jo være glad for at du ikke sitter fast på toget.",
        "Et raskt søk hadde vist deg tidene.",
        "Dere er ikke de første som spør, tidene står i appen.",
    ],
}


@pytest.mark.parametrize(("locale", "reply"), by_locale(MORE_PUT_DOWNS))
def test_a_strong_word_scare_quotes_and_you_would_have_seen_it_talk_down(locale: str,
                                                                        reply: str) -> None:
    g = grade(reply, make_case(locale), latency_s=300)
    assert g.find("tone.condescension") or g.find("tone.sarcasm"), [
        f.criterion for f in g.findings]


TALKING_DOWN = ("tone.condescension", "tone.sarcasm", "tone.blame", "tone.insult")
PLAIN = {  # with a native reviewer's list of what the patterns must not take for a put-down
    "sv": [
        "Priset har hela tiden legat på 79 kr i månaden.",
        "Vi har nog missat ditt mejl, förlåt för det.",
        "I framtiden kan du se förseningar direkt i appen.",
        "Det är inte varje dag vi får så fina ord, tack!",
        "Det är mycket enklare om du skickar ett DM, så tittar jag på det.",
        "Om du verkligen vill avsluta abonnemanget gör du det på Mina sidor.",
        "Läs gärna villkoren innan du skriver under avtalet.",
        "De flesta får pengarna inom tre dagar utan problem.",
        "Svara bara på mejlet, så hjälper jag dig vidare.",
        "Det tar bara en minut att boka om i appen.",
        "Det ordnar jag själv, du behöver inte göra något.",
        "Tack för ditt tips, vi tar med det till nästa gång.",
        "Vi ska kolla hur vi kan informera bättre nästa gång.",
        "Ha gärna bokningsnumret till hands innan du hör av dig till kundtjänst.",
        "Vi står hela tiden i kontakt med Trafikverket.",
        "De flesta avgångar hittar du i appen under Trafikinfo.",
        "Om vi hade skickat ut sms:et i tid så hade du fått veta det direkt.",
        "Du kan ta det lugnt, ersättningen betalas ut automatiskt.",
        "Ditt \"Flex\"-abonnemang kan du byta när du vill i appen.",
        "Du kan själv spärra kortet i appen, det är bara att logga in.",
        "Du är inte den första som drabbats av det här efter uppdateringen, och det är vårt fel.",
        "Sånt händer lyckligtvis sällan, och vi ska bli bättre på att informera.",
        "Vi förstår att det väcker många frågetecken, så här är det vi vet.",
        "För den som har missat sin anslutning ordnar vi buss.",
        "Jag var glad att läsa det här.",
        "Det här är ett verkligt problem, och vi ber om ursäkt för det.",
    ],
    "nb": [
        "Prisen har hele tiden ligget på 79 kr i måneden.",
        "Vi har nok oversett e-posten din, beklager det.",
        "Hvis det er et problem med billetten, sender du oss en melding.",
        "Det er litt forsinkelse, kanskje 10 minutter.",
        "Bare hyggelig! Vi gir beskjed til sjåføren.",
        "Det tar bare et minutt å booke om i appen.",
        "Selvfølgelig hjelper vi deg, det er litt kø i dag.",
        "Vi skal sjekke hva som gikk galt, så det går bedre neste gang.",
        "Hvis du søker refusjon, bør du også legge ved kvitteringen.",
        "De fleste refusjonssaker klarer vi å behandle innen en uke.",
        "Du kan ta det med ro, refusjonen blir utbetalt automatisk.",
        "Vi kan sende deg en ny billett som er gyldig til søndag.",
        "Du er ikke den første som sliter med dette etter oppdateringen, og det er vår feil.",
        "Vi får dessverre ikke flyene i lufta før vinden har løyet.",
        "Den nye ankomsttiden, som allerede står i appen, oppdateres fortløpende.",
        "Det er ikke bare deg, flere har slitt med å finne regningene.",
        "Vi kan ringe deg i morgen og vise deg det, hva tror du?",
        "Bedre sent enn aldri, beklager at vi svarer så sent!",
        "Dette er et reelt problem, og vi beklager at det har tatt tid.",
    ],
    "en": [
        "Most customers get their refund within three days without any problems.",
        "We will try to make sure this doesn't happen in the future.",
        "We probably missed your earlier message, sorry about that.",
        "Of course we'll refund the ticket, it may take a little longer than usual.",
        "So... good news: the train has just left Crewe.",
        "Your \"Flex\" plan can be changed at any time in the app.",
        "I know saying sorry won't make the train come any sooner, but we're on it.",
        "These things happen rarely, but when they do we should keep you informed.",
        "Staff are bringing hot drinks to the platform so at least you have something warm.",
        "Good news: this is something we can actually fix today.",
        "Try logging out and back in first, this usually works for most people.",
        "If there's a genuine issue with the delivery we'll refund you in full.",
        "This is a real problem and we're sorry it took so long.",
    ],
}


@pytest.mark.parametrize(("locale", "words"), by_locale(PLAIN))
def test_plain_information_and_ordinary_words_are_no_put_down(locale: str, words: str) -> None:
    case = make_case(locale)
    reply = with_sentence(locale, words)
    g = grade(reply, case, latency_s=300)
    talk_down = [f for f in g.findings if f.criterion in TALKING_DOWN
                 or (f.criterion == "tone.undertone" and f.severe)]
    assert not talk_down, [(f.criterion, quoted(reply, f)) for f in talk_down]
