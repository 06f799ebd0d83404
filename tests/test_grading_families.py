"""Every scenario family: a good reply beats a mediocre one, which beats a poor one.

The replies are written from the generated case's facts (seed 7), in the family's locale
below, so the test follows the families as their wording changes. They are not the gold set
(tests/gold), which is written independently; these guard the same ordering with other words.
"""

from __future__ import annotations

from typing import Any

import pytest

import simulator
from grading import grade
from simulator.formatting import format_date

REPLIES: dict[tuple[str, str], tuple[str, str, str]] = {
    ("bank_ui", "sv"): (
        "Hej {first}! Förlåt, jag förstår att det är irriterande. {known_issue}. Tills vidare: "
        "{workaround}. En uppdatering som fixar det kommer {fix_date}. /Sara",
        "Hej. Vi har noterat synpunkten. {workaround}.",
        "Du borde ha läst instruktionerna. Enligt våra villkor är menyn som den är. Kram!",
    ),
    ("influencer_request", "nb"): (
        "Hei {first}, for en morsom idé! {offer}. Siste bestilling er klokka {order_cutoff}. "
        "Jeg har spurt skiftlederen om ønsket ditt og kommer tilbake til deg. /Lars",
        "Hei. Vi kjører dessverre ikke ut mat til flyplasser.",
        "JA!!! Vi garanterer en biff ved gaten, helt gratis til deg ❤️ Klem!",
    ),
    ("misguided", "en"): (
        "Hi {first}, thanks for asking! We've answered passengers on Twitter since {since_year}; "
        "all our channels are listed here: {source_url} Ask us anything here. /Jonas",
        "We have been on Twitter since {since_year}.",
        "Obviously you haven't checked. Everyone knows we're here. Do your research! 🙄",
    ),
    ("phone_backorder", "sv"): (
        "Hej {first}, förlåt för väntan! Telefonen beräknas nu komma vecka {new_week}: "
        "{cause}. Skicka ett DM så tittar jag på din order. /Lina",
        "Hej! Leveransen är försenad till vecka {new_week}. Skicka ett DM.",
        "Hej {first}, din order {order_no} kommer säkert nästa vecka, jag lovar!",
    ),
    ("praise", "nb"): (
        "Hei {first}, så hyggelig å høre, tusen takk! Jeg skal sørge for at {staff} får rosen "
        "din. God tur videre! /Marte",
        "Takk for tilbakemeldingen din. Den er videreformidlet til rette instans.",
        "Takk!! Visste du at du får 20 % rabatt på Komfort med koden TAKK20? Klem 😘",
    ),
    ("pricing_question", "en"): (
        "Hi {first}, no salesperson needed! It's £{price} per user per month, with a free "
        "{trial}-day trial. Full pricing: {pricing_url} Happy to help with any questions. /Ali",
        "Pricing is on our website: {pricing_url}",
        "Great question! Book a demo with our sales team and get our special offer: upgrade to "
        "premium today and save big! Send us your work email.",
    ),
    ("privacy_trap", "nb"): (
        "Hei {first}, jeg forstår at dette er stressende. Innlegget ditt viser kortnummeret, så "
        "slett det gjerne. Skriv til oss i {secure_channel}, vi svarer innen {reply_within} "
        "minutter. /Kari",
        "Hei. Ta kontakt via {secure_channel}.",
        "Hei {first}! Kortet {card_no} er sperret. Oppgi fødselsnummeret ditt her, så sjekker vi.",
    ),
    ("travel_disruption", "sv"): (
        "Hej {first}, vad tråkigt! Orsaken är {cause}, så alla avgångar är inställda till och "
        "med {cancelled_until}. Omboka här: {rebook_url} {covered}. /Ola",
        "Hej. Flygen är inställda på grund av vädret. Se vår webbplats.",
        "Vi kan inte styra vädret. Enligt våra villkor får du ingen ersättning. Du borde ha "
        "kollat trafikinfo innan du åkte.",
    ),
    ("troll_or_rager", "en"): (
        "{first}, if something specific isn't working for you, send us a DM and we'll look at "
        "it. /Sam",
        "Hi {first}, we're sorry to hear you're unhappy with us. We're always working to improve "
        "our network, our shops and our service, and we value all your feedback. Is there "
        "anything at all we can help you with today?",
        "Wow, posting about us again? Don't you have anything better to do? 😂 Feel free to "
        "switch, nobody is forcing you to stay.",
    ),
    ("train_delay", "nb"): (
        "Hei {first}! Jeg forstår at dette er frustrerende, og beklager så mye. Toget er "
        "{delay} minutter forsinket på grunn av {cause}, ny ankomst klokka {new_arrival}. Jeg "
        "oppdaterer her så snart vi vet mer. /Erik",
        "Hei. Toget er forsinket på grunn av {cause}.",
        "DET ER IKKE VÅR FEIL!!! Du får skylde deg selv som ikke sjekket appen.",
    ),
}


def _fill(template: str, case: Any) -> str:
    values: dict[str, Any] = {"first": case.customer.name.split()[0]}
    for f in case.facts:
        value = f.value
        if f.kind == "date":
            from datetime import date

            value = format_date(date.fromisoformat(str(value)), case.locale)
        values[f.id] = value
    return template.format(**values)


@pytest.mark.parametrize(("family", "locale"), sorted(REPLIES))
def test_good_beats_mediocre_beats_poor(family: str, locale: str) -> None:
    case = simulator.generate(family, locale, 7)
    good, mediocre, poor = (_fill(t, case) for t in REPLIES[(family, locale)])
    g, m, p = grade(good, case), grade(mediocre, case), grade(poor, case)
    assert g.total > m.total > p.total, (g.total, m.total, p.total)
    if case.channel == "twitter":
        assert len(good) <= 280, len(good)
    assert g.total >= 60
    assert not [f.criterion for f in g.findings if f.severe]


@pytest.mark.parametrize(("family", "locale"), sorted(REPLIES))
def test_every_finding_points_inside_the_reply(family: str, locale: str) -> None:
    case = simulator.generate(family, locale, 7)
    for template in REPLIES[(family, locale)]:
        reply = _fill(template, case)
        for f in grade(reply, case).findings:
            for start, end in f.spans:
                assert 0 <= start < end <= len(reply), f
