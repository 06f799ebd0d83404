"""Pure markup: the card, the knowledge base, the counter, feedback; escaping everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from scenarios import Case
from simulator import generate
from simulator.widgets.cards import (
    card_html,
    counter_html,
    counter_state,
    initials,
    knowledge_html,
    relative_age,
)
from simulator.widgets.feedback import (
    WHOLE_REPLY_CHARS,
    criterion_label,
    excerpt,
    feedback_html,
    highlight,
    merge_spans,
)
from simulator.widgets.strings import LOCALE_DIR, text
from simulator.widgets.style import STYLESHEET

EVIL = '<img src=x onerror="window.__pwned=1">&amp;\'"'
EVIL_ESCAPED = "&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;&amp;amp;&#x27;&quot;"


def hostile_case() -> Case:
    """A valid case in which every text a customer or a scenario author wrote is markup."""
    data = generate("train_delay", "en", 0).to_dict()
    data["id"] = EVIL
    data["customer"].update(name=EVIL, handle=EVIL)
    data["post"]["text"] = EVIL
    data["brand"].update(name=EVIL, handle=EVIL)
    data["thread"] = [{"author": EVIL, "text": EVIL, "posted_at": data["post"]["posted_at"]}]
    for fact in data["facts"]:
        fact.update(label=EVIL, value=EVIL, id=EVIL)
    for policy in data["policies"]:
        policy.update(text=EVIL, id=EVIL)
    return Case.from_dict(data)


def assert_no_live_markup(markup: str) -> None:
    assert "<img" not in markup
    assert "onerror=\"" not in markup
    assert "<script" not in markup


def test_card_and_knowledge_base_escape_everything_authored() -> None:
    case = hostile_case()
    for markup in (card_html(case, 600), knowledge_html(case)):
        assert_no_live_markup(markup)
        assert EVIL_ESCAPED in markup


def test_card_shows_who_when_and_the_channel_look() -> None:
    case = generate("train_delay", "en", 0)
    twitter = card_html(case.replace(channel="twitter"), 12 * 60 + 30)
    facebook = card_html(case.replace(channel="facebook"), 12 * 60)
    assert "rl-twitter" in twitter and "rl-facebook" in facebook
    assert "12 min ago" in twitter
    assert f"@{case.customer.handle}" in twitter
    assert f"{case.customer.followers} followers" in twitter
    assert f">{initials(case.customer.name)}<" in twitter


def test_knowledge_base_marks_required_facts_and_lists_policies() -> None:
    case = generate("train_delay", "sv", 2)
    markup = knowledge_html(case)
    required = [f.id for f in case.facts if f.required]
    optional = [f.id for f in case.facts if not f.required]
    for fact_id in required:
        assert re.search(rf'class="rl-required" data-fact-id="{fact_id}"', markup)
    for fact_id in optional:
        assert re.search(rf'class="rl-optional" data-fact-id="{fact_id}"', markup)
    assert "Kunskapsbank" in markup and "Riktlinjer" in markup
    for policy in case.policies:
        assert policy.text.replace("'", "&#x27;") in markup


@pytest.mark.parametrize(
    ("age_s", "locale", "expected"),
    [
        (20, "en", "just now"),
        (12 * 60 + 59, "en", "12 min ago"),
        (12 * 60, "sv", "för 12 min sedan"),
        (12 * 60, "nb", "for 12 min siden"),
        (3 * 3600 + 5, "en", "3 h ago"),
        (2 * 86400, "nb", "for 2 døgn siden"),
    ],
)
def test_relative_age_in_each_locale(age_s: float, locale: str, expected: str) -> None:
    assert relative_age(age_s, locale) == expected


def test_initials() -> None:
    assert initials("Anna-Karin Öberg") == "AÖ"
    assert initials("Madonna") == "M"
    assert initials("<<< >>>") == "?"


@pytest.mark.parametrize(
    ("length", "state"), [(0, "ok"), (251, "ok"), (252, "near"), (280, "near"), (281, "over")]
)
def test_counter_turns_amber_near_and_red_over_the_limit(length: int, state: str) -> None:
    assert counter_state(length, 280) == state
    markup = counter_html("x" * length, 280, "en")
    assert f'data-state="{state}"' in markup
    assert f"{length} / 280 characters" in markup


def test_counter_says_how_far_over_and_escapes() -> None:
    assert "5 characters over the limit" in counter_html("<" * 285, 280, "en")
    assert "285 / 280 tegn" in counter_html("<" * 285, 280, "nb")


def test_highlight_escapes_text_and_marks_spans() -> None:
    reply = "Hi <b>Anna</b> & sorry"
    marked = highlight(reply, [[0, 2], [15, 16], [17, 22]])
    assert marked == "<mark>Hi</mark> &lt;b&gt;Anna&lt;/b&gt; <mark>&amp;</mark> <mark>sorry</mark>"


def test_spans_are_clamped_sorted_and_merged() -> None:
    assert merge_spans([[5, 9], [0, 3], [2, 4], [8, 50], [-4, 0], [7, 7]], 20) == [
        (0, 4),
        (5, 20),
    ]


def grade_dict(reply: str) -> dict:
    return {
        "total": 61.0,
        "dimensions": {"tone": 40.0, "speed": None, "facts": 80.0, "privacy": 100.0},
        "findings": [
            {"criterion": "tone.greeting", "dimension": "tone", "points": 10, "max_points": 10,
             "spans": [[0, 2]], "tip": "Good: you greet <them>."},
            {"criterion": "privacy.personal_data", "dimension": "privacy", "points": -60,
             "max_points": 0, "spans": [[reply.index("<img"), len(reply)]], "tip": EVIL},
        ],
    }  # fmt: skip


def test_feedback_shows_total_bars_findings_and_tips_escaped() -> None:
    reply = "Hi there <img src=x onerror=window.__pwned=3>"
    markup = feedback_html(grade_dict(reply), reply, "en", attempt=3, latency_s=600)
    assert_no_live_markup(markup)
    assert 'data-attempt="3"' in markup and 'data-total="61.0"' in markup
    assert '<span style="width:40%' in markup  # the tone bar
    assert "not scored" in markup  # speed without latency
    assert "<mark>&lt;img src=x onerror=window.__pwned=3&gt;</mark>" in markup
    assert EVIL_ESCAPED in markup and "Good: you greet &lt;them&gt;." in markup
    # What needs work comes before what went well.
    assert markup.index("privacy.personal_data") < markup.index("tone.greeting")


def finding(criterion: str, points: float, max_points: float = 0, spans=(), **extra) -> dict:
    return {"criterion": criterion, "points": points, "max_points": max_points,
            "spans": [list(s) for s in spans], "tip": f"tip for {criterion}", **extra}  # fmt: skip


def test_feedback_lists_problems_first_and_collapses_what_went_well() -> None:
    reply = "Hi Robert, the synergy <b>team</b> is on it. Send your PIN here. /Anna"
    pin = (reply.index("PIN"), reply.index("PIN") + 3)
    grade = {
        "total": 40.0,
        "dimensions": {"tone": 70.0, "speed": 100.0, "facts": 50.0, "privacy": 0.0},
        "findings": [
            finding("tone.greeting", 10, 10, [(0, 9)]),
            finding("tone.jargon", -10, 0, [(15, 22)]),
            finding("tone.apology", 15, 15),
            finding("facts.stated", 33.3, 33.3, [(11, 14)], tip=EVIL),
            finding("facts.missing", 0, 33.3),
            finding("tone.signoff", 10, 10, [(65, 70)]),
            finding("facts.stated", 0, 0, [(11, 14)]),
            finding("privacy.secret_request", -60, 0, [pin], severe=True),
            finding("tone.ownership", 4, 10, [(23, 34)]),
        ],
    }
    markup = feedback_html(grade, reply, "en")
    assert_no_live_markup(markup)
    # The total and a bar per dimension stay.
    assert 'data-total="40.0"' in markup and markup.count('class="rl-bar-row"') == 4
    # Problems, in full: severe first, then by points lost; each with evidence and tip.
    problems = re.findall(r'<div class="rl-finding" data-criterion="([\w.]+)">', markup)
    assert problems == [
        "privacy.secret_request", "facts.missing", "tone.jargon", "tone.ownership",
    ]  # fmt: skip
    assert "<mark>PIN</mark>" in markup and "<mark>synergy</mark>" in markup
    assert "&lt;b&gt;team&lt;/b&gt;</mark>" in markup  # the evidence, escaped
    assert "tip for privacy.secret_request" in markup and "4 / 10 points" in markup
    assert "−60 points" in markup
    # What went well: one collapsed line of names, its tips (escaped) behind a click.
    assert markup.count("<details") == 1 and "rl-finding rl-good" not in markup
    summary = re.search(r"<summary>(.*?)</summary>", markup).group(1)
    assert summary == "<b>Done well:</b> greeting, apology, correct facts (2), sign-off"
    assert EVIL_ESCAPED in markup and "tip for tone.apology" in markup
    assert markup.index("tone.ownership") < markup.index("<details")


def test_feedback_with_nothing_to_fix_says_so() -> None:
    grade = {"total": 100.0, "dimensions": {"tone": 100.0},
             "findings": [finding("tone.greeting", 10, 10)]}  # fmt: skip
    markup = feedback_html(grade, "Hi", "sv")
    assert "Inget att förbättra. Snyggt jobbat!" in markup
    assert "<b>Det här var bra:</b> hälsning</summary>" in markup


def test_criterion_labels_follow_the_locale_and_fall_back_to_the_name() -> None:
    assert criterion_label("nb", "tone.signoff") == "signatur"
    assert criterion_label("en", "tone.next_step") == "next step"
    assert criterion_label("sv", "tone.brand_new_check") == "brand new check"


def test_evidence_in_a_long_reply_is_an_excerpt_around_the_marks() -> None:
    reply = "Hello there. " * 30 + "<script>alert(1)</script> Kram! " + "More words. " * 30
    start = reply.index("Kram!")
    quoted = excerpt(reply, [(start, start + 5)])
    assert len(reply) > WHOLE_REPLY_CHARS and "<mark>Kram!</mark>" in quoted
    assert quoted.startswith("…") and quoted.endswith("…") and len(quoted) < 260
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in quoted and "<script" not in quoted
    short = "Hi <b>x</b>, sorry"
    assert excerpt(short, [(0, 2)]) == highlight(short, [(0, 2)])  # a short reply stays whole
    far_apart = excerpt(reply, [(0, 5), (len(reply) - 6, len(reply) - 1)])
    assert far_apart.count("<mark>") == 2 and "… …" in far_apart


def test_a_long_mark_shows_its_ends_and_a_reply_over_its_limit_is_cut() -> None:
    reply = "Hi, sorry about the wait. " + "We are looking into every delay today. " * 50 + "/Anna"
    over = [(280, len(reply))]  # what is over a tweet's limit: nearly 2,000 characters
    quoted = excerpt(reply, over, 280)
    assert quoted.count("<mark>") == 2 and "/Anna</mark>" in quoted and len(quoted) < 400
    assert "</mark>… …<mark>" in quoted  # the middle of the long mark is cut
    tweet = reply[:290]  # under WHOLE_REPLY_CHARS, but over the channel's limit
    assert excerpt(tweet, [(0, 2)]) == highlight(tweet, [(0, 2)])
    assert excerpt(tweet, [(0, 2)], 280).endswith("…")
    assert excerpt(tweet, [(0, 2)], 8000) == highlight(tweet, [(0, 2)])


def test_every_quote_of_a_long_reply_is_an_excerpt() -> None:
    reply = "Hi, sorry about the wait. " + "We are looking into every delay today. " * 50 + "/Anna"
    grade = {
        "total": 20.0,
        "dimensions": {"tone": 20.0},
        "findings": [
            finding("tone.over_limit", -40, 0, [(280, len(reply))], severe=True),
            finding("tone.greeting", 6, 10, [(0, 2)]),
            finding("tone.signoff", 5, 10, [(len(reply) - 5, len(reply))]),
        ],
    }
    markup = feedback_html(grade, reply, "en", char_limit=280)
    quotes = re.findall(r'<div class="rl-quote">(.*?)</div>', markup)
    assert len(quotes) == 3 and all(len(q) < 400 for q in quotes)


def test_minutes_use_the_locale_decimal_mark() -> None:
    grade = {"total": 50.0, "dimensions": {"speed": 50.0}, "findings": []}
    assert "Du svarade 14,1 min efter inlägget." in feedback_html(grade, "", "sv", latency_s=846)
    assert "Du svarte 13,1 min etter innlegget." in feedback_html(grade, "", "nb", latency_s=786)
    assert "You answered 14.1 min after the post." in feedback_html(grade, "", "en", latency_s=846)


def test_knowledge_base_wraps_between_words() -> None:
    rule = STYLESHEET[STYLESHEET.index(".rl-kb th, .rl-kb td") :].split("}", 1)[0]
    assert "overflow-wrap: break-word" in rule and "word-break: normal" in rule
    assert "anywhere" not in rule and "table-layout: fixed" in STYLESHEET
    assert 'class="rl-value"' in knowledge_html(generate("train_delay", "sv", 0))


def test_feedback_note_is_escaped() -> None:
    markup = feedback_html({"total": 1.0}, "", "en", note="<b>shift</b> points")
    assert '<div class="rl-note">&lt;b&gt;shift&lt;/b&gt; points</div>' in markup


def test_feedback_for_a_decision_only() -> None:
    decision = {"action": "monitor", "expected": "respond", "score": 0.0, "correct": False,
                "tip": "Answer <in public>."}  # fmt: skip
    markup = feedback_html(None, "", "sv", action_grade=decision)
    assert "Du valde Bevaka, men Svara öppet hade varit bättre." in markup
    assert "Answer &lt;in public&gt;." in markup
    assert 'data-total="0.0"' in markup


def test_every_locale_has_every_interface_string() -> None:
    catalogs = {
        path.stem: yaml.safe_load(path.read_text("utf-8")) for path in LOCALE_DIR.glob("*.yaml")
    }
    assert set(catalogs) == {"sv", "nb", "en"}
    keys = set(catalogs["en"])
    for locale, catalog in catalogs.items():
        assert set(catalog) == keys, locale
        for key, value in catalog.items():
            placeholders = set(re.findall(r"{(\w+)}", str(value)))
            assert placeholders == set(re.findall(r"{(\w+)}", str(catalogs["en"][key]))), key


def test_unknown_locale_and_key_fall_back_to_english() -> None:
    assert text("de", "send") == "Send"
    assert text("sv", "no_such_key") == "no_such_key"


def test_locale_files_ship_with_the_package() -> None:
    assert LOCALE_DIR == Path(__file__).resolve().parent.parent / "simulator" / "locales"


def test_knowledge_base_units_follow_the_locale() -> None:
    from simulator import generate
    from simulator.widgets.cards import fact_value

    trial = {loc: generate("pricing_question", loc, 2).fact("trial") for loc in ("sv", "nb", "en")}
    assert fact_value(trial["sv"], "sv").endswith(" dagar")
    assert fact_value(trial["nb"], "nb").endswith(" dager")
    assert fact_value(trial["en"], "en").endswith(" days")
    price = generate("pricing_question", "sv", 2).fact("price")
    assert fact_value(price, "sv").endswith(" SEK")  # currency codes are not translated
