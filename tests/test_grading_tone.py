"""Tone: credits for what good replies do, penalties with evidence, and gaming earns nothing."""

from __future__ import annotations

import pytest
from test_grading_support import GOOD, make_case, one, quoted

from grading import Grade, grade
from grading.reading.politeness import politeness_score

BASE = {
    "sv": "Hej Anna! Tåg 705 är 70 min försenat på grund av ett signalfel, ny ankomst kl 14.35.",
    "nb": "Hei Anna! Tog 705 er 70 minutter forsinket på grunn av en signalfeil, ny ankomst "
          "klokka 14.35.",
    "en": "Hi Anna, train 705 is 70 minutes late because of a signal failure; new arrival 14:35.",
}


@pytest.mark.parametrize(("locale", "extra", "criterion", "phrase"), [
    ("sv", " Kram!", "tone.familiarity", "Kram"),
    ("sv", " Puss och kram ❤️", "tone.familiarity", "Puss och kram"),
    ("nb", " Klem fra oss!", "tone.familiarity", "Klem"),
    ("en", " Hugs xoxo", "tone.familiarity", "Hugs"),
    ("en", " Lots of love 😘", "tone.familiarity", "😘"),
    ("sv", " Enligt våra villkor får du ingen ersättning.", "tone.blame", "Enligt våra villkor"),
    ("sv", " Du borde ha kollat appen.", "tone.blame", "Du borde ha"),
    ("nb", " Du burde ha sjekket appen.", "tone.blame", "Du burde ha"),
    ("nb", " Det står i vilkårene.", "tone.blame", "Det står i vilkårene"),
    ("en", " As stated in our terms, this is normal.", "tone.blame", "As stated in our terms"),
    ("en", " You should have checked the app.", "tone.blame", "You should have"),
    ("en", " Good luck with that.", "tone.sarcasm", "Good luck with that"),
    ("sv", " Lycka till med det 🙄", "tone.sarcasm", "Lycka till med det"),
    ("en", " Going forward, your feedback is important to the relevant department.",
     "tone.jargon", "Going forward"),
    ("sv", " Vi värdesätter din feedback.", "tone.jargon", "Vi värdesätter din feedback"),
    ("nb", " Vedrørende forsinkelsen viser vi til trafikkmeldingene.", "tone.jargon",
     "Vedrørende"),
    ("en", " Don't be an idiot.", "tone.insult", "idiot"),
    ("sv", " Sluta gnälla, pucko.", "tone.insult", "pucko"),
    ("nb", " Hold kjeft.", "tone.insult", "Hold kjeft"),
])
def test_penalty_fires_with_evidence(locale: str, extra: str, criterion: str,
                                     phrase: str) -> None:
    case = make_case(locale)
    reply = BASE[locale] + extra
    g = grade(reply, case)
    f = one(g, criterion)
    assert f.points < 0
    assert phrase in quoted(reply, f)
    assert g.total < grade(BASE[locale], case).total


def test_shouting_points_at_capitals_and_bangs() -> None:
    reply = "WE ARE AWARE OF THE DELAY!!! Train 705 arrives 14:35."
    f = one(grade(reply, make_case("en")), "tone.shouting")
    words = quoted(reply, f)
    assert "AWARE" in words and "!!!" in words
    assert "DM" not in words
    calm = grade("Hi Anna, send us a DM and I'll check train 705 for you. /Erik", make_case("en"))
    assert not calm.find("tone.shouting")  # an acronym is not shouting


@pytest.mark.parametrize("locale", ["sv", "nb", "en"])
def test_good_reply_earns_the_tone_credits(locale: str) -> None:
    g = grade(GOOD[locale], make_case(locale))
    for criterion in ("greeting", "acknowledge", "apology", "next_step", "signoff"):
        f = one(g, f"tone.{criterion}")
        assert f.points == f.max_points > 0, criterion
        assert f.spans
    assert quoted(GOOD[locale], one(g, "tone.signoff")) == ["Erik"]


def test_greeting_by_name_beats_a_bare_greeting() -> None:
    case = make_case("sv")
    named = one(grade("Hej Anna! " + BASE["sv"][10:], case), "tone.greeting")
    bare = one(grade("Hej! " + BASE["sv"][10:], case), "tone.greeting")
    assert named.points > bare.points > 0


@pytest.mark.parametrize("ending", ["/Anna", "— Anna", "- Anna", "^AB", "Hälsningar Sara"])
def test_personal_sign_offs(ending: str) -> None:
    reply = BASE["sv"] + " " + ending
    f = one(grade(reply, make_case("sv")), "tone.signoff")
    assert f.points == f.max_points
    assert quoted(reply, f)[0] in ending


def test_team_sign_off_earns_half() -> None:
    team = one(grade(BASE["en"] + " /Customer Service", make_case("en")), "tone.signoff")
    assert 0 < team.points < team.max_points


def test_apology_is_scored_only_when_the_company_is_at_fault() -> None:
    at_fault = grade(GOOD["en"], make_case("en"))
    not_at_fault = grade(GOOD["en"], make_case("en", at_fault=False))
    assert at_fault.find("tone.apology") and not not_at_fault.find("tone.apology")


def test_over_the_twitter_limit_costs() -> None:
    case = make_case("en")
    long = GOOD["en"] + " " + "We really do appreciate your patience today. " * 4
    assert 280 < len(long) < 560
    f = one(grade(long, case), "tone.over_limit")
    assert f.points < 0 and f.spans == ((280, len(long)),)
    fine = grade(long, make_case("en", channel="facebook"))
    assert not fine.find("tone.over_limit")


def test_hard_to_read_reply_earns_less_readability() -> None:
    easy = one(grade(GOOD["en"], make_case("en")), "tone.readability")
    hard_text = ("Notwithstanding the aforementioned operational irregularities, considerable "
                 "infrastructural complications necessitated comprehensive precautionary "
                 "interventions affecting train 705, consequently postponing arrival until 14:35.")
    hard = one(grade(hard_text, make_case("en")), "tone.readability")
    assert easy.points > hard.points
    sv_hard = ("Beträffande ovannämnda trafikstörningsproblematik konstaterades omfattande "
               "infrastrukturella komplikationer, varför ankomsttidpunkten förskjutits till 14.35.")
    sv_easy = one(grade(GOOD["sv"], make_case("sv")), "tone.readability")
    assert sv_easy.points > one(grade(sv_hard, make_case("sv")), "tone.readability").points


# --- gaming earns no tone ------------------------------------------------------------------

def _tone_credit(g: Grade) -> float:
    return sum(f.points for f in g.by_dimension("tone") if f.max_points > 0)


@pytest.mark.parametrize(("locale", "reply"), [
    ("en", "Hi Anna, sorry, sorry, we understand, we hear you, thanks, thank you, we apologise, "
           "we understand, sorry, thanks, update, update, /Erik"),
    ("sv", "Hej Anna, förlåt, ursäkta, tack, tack, vi förstår, vi beklagar, tack, förlåt, "
           "tack så mycket, vi förstår, /Erik"),
    ("nb", "Hei Anna! Takk! Tusen takk! Så hyggelig! Takk! Vi beklager! Takk! Unnskyld! Takk! "
           "Tusen hjertelig takk! /Erik"),
])
def test_keyword_stuffing_earns_no_tone(locale: str, reply: str) -> None:
    g = grade(reply, make_case(locale))
    assert _tone_credit(g) == 0
    assert one(g, "tone.stuffing").points < 0
    assert g.total < grade(GOOD[locale], make_case(locale)).total


@pytest.mark.parametrize("reply", [
    "Hi, sorry to hear that. I'll look into it. I'll check the card. I'll reply in secure "
    "messages in online banking within 10 minutes. ^Sam",
    "Hi Jo, sorry the card was declined. Make a note of the card line, make sure the card is "
    "with you, and make a DM to us via secure messages in online banking; we reply within 10 "
    "minutes. ^Sam",
    "Hi Jo, sorry! Your card, your card number and your card PIN should never be posted here. "
    "Please write to us in secure messages in online banking; we reply within 10 minutes. ^Sam",
])
def test_repeated_ordinary_words_are_not_stuffing(reply: str) -> None:
    """'card', 'make' or 'I'll' three times is a reply about a card, not a pile of politeness."""
    import simulator

    g = grade(reply, simulator.generate("privacy_trap", "en", 1))
    assert not g.find("tone.stuffing")
    assert _tone_credit(g) > 0


@pytest.mark.parametrize("reply", [
    "Hi Jo, sorry, sorry, sorry! We apologise. DM us. ^Sam",
    "Hi Jo! Thanks, thanks, thanks. I understand, I understand, I understand. DM us. ^Sam",
])
def test_repeated_polite_formulas_are_still_stuffing(reply: str) -> None:
    import simulator

    g = grade(reply, simulator.generate("privacy_trap", "en", 1))
    assert one(g, "tone.stuffing").points < 0 and _tone_credit(g) == 0


@pytest.mark.parametrize(("locale", "reply", "ack", "step"), [
    ("en", "Hi Anna, I'm so sorry you've been left in the cold with no information. Train 705 is "
           "70 minutes late. I'll post here as soon as traffic control knows more. /Erik",
     "left in the cold", "as soon as"),
    ("sv", "Hej Anna! Förlåt att du har lämnats utan information i kylan. Tåg 705 är 70 minuter "
           "försenat. Jag skriver här så snart trafikledningen vet mer. /Erik",
     "lämnats utan", "Jag skriver här"),
    ("nb", "Hei Anna! Lei for at du står og fryser uten beskjed. Tog 705 er 70 minutter "
           "forsinket. Jeg skriver her så fort trafikkstyringen vet mer. /Erik",
     "uten beskjed", "Jeg skriver her"),
])
def test_natural_acknowledgements_and_next_steps_count(locale: str, reply: str, ack: str,
                                                       step: str) -> None:
    g = grade(reply, make_case(locale))
    f = one(g, "tone.acknowledge")
    assert f.points == f.max_points and any(ack in q for q in quoted(reply, f))
    assert one(g, "tone.apology").points > 0
    f = one(g, "tone.next_step")
    assert f.points == f.max_points and any(step in q for q in quoted(reply, f))


def test_repeated_apologies_earn_no_apology_credit() -> None:
    reply = ("Hi Anna, so sorry. We are very sorry, truly sorry and we apologise. Sorry again "
             "about train 705. /Erik")
    g = grade(reply, make_case("en"))
    assert one(g, "tone.apology").points == 0
    f = one(g, "tone.repeated_apology")
    assert f.points < 0 and quoted(reply, f).count("sorry") >= 2


def test_copy_of_the_post_earns_no_tone() -> None:
    case = make_case("en")
    post = case["post"]["text"]
    reply = "Hi Anna, " + post.replace("@NorthlineRail ", "") + " We hear you. /Erik"
    g = grade(reply, case)
    assert _tone_credit(g) == 0
    f = one(g, "tone.copy_of_post")
    assert any("train 705" in q for q in quoted(reply, f))
    assert g.total < grade(GOOD["en"], case).total


@pytest.mark.parametrize("reply", ["Ok.", "Hi Anna, please DM us. /Erik", "Sorry! /Erik"])
def test_too_short_earns_no_tone(reply: str) -> None:
    g = grade(reply, make_case("en"))
    assert _tone_credit(g) == 0
    assert one(g, "tone.too_short").points < 0


# --- the politeness signal -----------------------------------------------------------------

def test_politeness_score_orders_requests() -> None:
    polite = ("Hi! Thanks so much for your help earlier. Could you perhaps take a look at the "
              "article when you have a moment? I'd really appreciate it.")
    rude = "Why did you delete my edit? That's wrong. Stop it!"
    assert 0 <= politeness_score(rude) < 0.5 < politeness_score(polite) <= 1
    assert politeness_score("Tack så mycket, kanske kan du hjälpa mig?", "sv") > politeness_score(
        "Varför har ni inte fixat det? Helt fel!", "sv")
    assert politeness_score("Tusen takk for hjelpen!", "nb") > 0.5


def test_politeness_penalty_points_at_hostile_words() -> None:
    reply = "Why would you even ask that? You are wrong. Stop complaining! Seriously!"
    g = grade(reply, make_case("en"))
    f = one(g, "tone.politeness")
    assert f.points < 0
    assert any(q.lower().startswith(("why", "you", "wrong", "stop")) for q in quoted(reply, f))


@pytest.mark.parametrize("text", [
    GOOD["en"], GOOD["sv"], GOOD["nb"], "Ok.", "", "'Quoted' words, rock 'n' roll. It's ok!",
    "Pursuant to the aforementioned stipulations – remuneration is categorically unavailable.",
])
def test_lix_agrees_with_textstat(text: str) -> None:
    textstat = pytest.importorskip("textstat")
    from grading.readability import lix

    assert lix(text) == pytest.approx(textstat.lix(text), abs=0.01)


@pytest.mark.parametrize("text", [
    GOOD["en"], "", "'Quoted' words, rock 'n' roll. It's ok!",
    "Hi Sam, I'm so sorry you've been left in the cold with no information. The 08:12 is "
    "cancelled because of a signal failure; the next train leaves at 08:42. I'll post here as "
    "soon as traffic control knows more. ^Priya",
    "Hello Maria, thanks for letting us know. Your parcel was delayed at the depot, and it is "
    "now on its way. You can track it here: https://parcelco.example/track. Sorry again! – Jo",
])
def test_flesch_is_close_to_textstat(text: str) -> None:
    """Syllables come from a vowel-group count, not CMUdict: Flesch agrees within a few points."""
    textstat = pytest.importorskip("textstat")
    from grading.readability import flesch

    assert flesch(text) == pytest.approx(textstat.flesch_reading_ease(text), abs=5.0)


def test_flesch_of_hard_text_stays_hard() -> None:
    textstat = pytest.importorskip("textstat")
    from grading.readability import flesch

    # one syllable off in a nine-word sentence moves Flesch by 9 points
    hard = ("Pursuant to the aforementioned stipulations – remuneration is categorically "
            "unavailable.")
    assert flesch(hard) == pytest.approx(textstat.flesch_reading_ease(hard), abs=10.0)
    assert flesch(hard) < 0


def test_flesch_tracks_textstat_on_generated_english_text() -> None:
    """Over the English posts and KB texts of every family: small bias, few points on average."""
    textstat = pytest.importorskip("textstat")
    import statistics

    import simulator
    from grading.readability import flesch
    from scenarios.loader import families

    texts = []
    for family in sorted(families()):
        for seed in range(3):
            case = simulator.generate(family, "en", seed)
            texts += [case.post.text, " ".join(f"{f.label} is {f.value}." for f in case.facts)]
    diffs = [flesch(t) - textstat.flesch_reading_ease(t) for t in texts if len(t.split()) >= 12]
    assert len(diffs) >= 20
    assert abs(statistics.mean(diffs)) < 2.5
    assert statistics.mean(abs(d) for d in diffs) < 4.0


def test_syllable_counts() -> None:
    from grading.readability import syllables

    expected = {"the": 1, "make": 1, "pages": 2, "checked": 1, "added": 2, "table": 2,
                "frustrating": 3, "information": 4, "apologise": 4, "appreciate": 4,
                "someone": 2, "anything": 3, "didn't": 2, "you're": 1, "video": 3,
                "actually": 4, "business": 2, "update": 2, "updates": 2, "cancelled": 2,
                "café": 2, "705": 1}
    assert {w: syllables(w) for w in expected} == expected


def test_a_label_ending_in_a_question_mark_keeps_the_tip_punctuation_clean():
    import grading
    from simulator import generate

    case = generate("bank_ui", "sv", 1)
    tips = [f.tip for f in grading.grade("Hej!", case).findings]
    assert tips and not any("?." in tip for tip in tips), tips


def test_everyday_brand_voice_counts_as_ownership_and_acknowledgement():
    """'Vi tittar på det nu' / 'så hjelper vi deg' is how brands speak: it owns the problem."""
    import grading
    from simulator import generate

    replies = {
        "sv": "Hej! Förlåt, det ska inte vara så krångligt. Vi tittar på det nu. /Anna",
        "nb": "Hei! Sånn skal det ikke være. Vi ser på det nå, så hjelper vi deg. /Anna",
        "en": "Hi! It shouldn't be this hard. We're looking at it now. /Anna",
    }
    for locale, reply in replies.items():
        grade = grading.grade(reply, generate("bank_ui", locale, 2))
        credit = {f.criterion: f.points for f in grade.findings}
        assert credit["tone.ownership"] > 0 and credit["tone.acknowledge"] > 0, (locale, credit)
