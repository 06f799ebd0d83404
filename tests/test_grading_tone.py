"""Tone: credits for what good replies do, penalties with evidence, and gaming earns nothing."""

from __future__ import annotations

import pytest
from test_grading_support import GOOD, make_case, one, quoted

from grading import Grade, grade
from grading.tone import politeness_score

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
def test_readability_agrees_with_textstat(text: str) -> None:
    textstat = pytest.importorskip("textstat")
    from grading.readability import flesch, lix

    assert lix(text) == pytest.approx(textstat.lix(text), abs=0.01)
    assert flesch(text) == pytest.approx(textstat.flesch_reading_ease(text), abs=0.01)
