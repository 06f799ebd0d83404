"""What the trainee sees after Send and beside the card: the number that counts comes first,
every problem is listed once, nothing is rounded into a contradiction, long replies stay short
on screen, the knowledge base speaks like a reply, and a kernel restart loses no draft.

These assert what is on screen, not the grader's points, which change as the grader does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from simulator import generate
from simulator.shift import Arrival
from simulator.widgets import exercise, shift_desk
from simulator.widgets.cards import knowledge_html, masked
from simulator.widgets.drafts import drafts_path
from simulator.widgets.excerpts import MAX_EXCERPTS
from simulator.widgets.feedback import bars_html, feedback_html, points_text
from simulator.widgets.shift_desk import ShiftDesk
from simulator.widgets.style import STYLESHEET, style_html

POLITE = (
    "Hi, thanks for getting in touch, and I'm sorry you feel that way. We're here whenever "
    "you have a question about your trip. /Anna"
)
LONG = "Hi Robert, so sorry about the wait, we are checking it now and will update you here. "


@pytest.fixture
def replies(tmp_path: Path) -> Path:
    return tmp_path / "replies.jsonl"


def headline(markup: str) -> float:
    """The first number on the feedback: the big one."""
    return float(re.search(r'<span class="rl-total"[^>]*>(\d+)</span>', markup).group(1))


def test_a_polite_reply_to_a_troll_shows_the_decision_s_small_score_first(
    replies: Path,
) -> None:
    widget = exercise("troll_or_rager", "en", 3, triage=True, replies_path=str(replies))
    widget.choose("respond")
    widget.set_reply(POLITE)
    grade = widget.send()
    shown = widget.feedback.value
    decision = widget.last_action_grade.score
    assert not widget.last_action_grade.correct
    assert headline(shown) == pytest.approx(round(widget.last_points))
    assert widget.last_points == pytest.approx(grade.total * decision / 100, abs=0.1)
    assert headline(shown) < grade.total  # the fine reply does not look like a win
    assert shown.index("rl-decision") < shown.index("rl-bar-row")  # the decision before bars
    assert f'data-total="{widget.last_points:.1f}"' in shown
    assert f'data-reply-total="{grade.total:.1f}"' in shown
    assert "#2e7d32" not in shown[: shown.index("</div>")]  # the first number is not green
    record = json.loads(replies.read_text("utf-8"))
    assert record["points"] == pytest.approx(widget.last_points, abs=0.06)


def test_the_shift_desk_shows_the_post_s_points_first(tmp_path: Path) -> None:
    case = generate("troll_or_rager", "en", 3)
    desk = ShiftDesk([Arrival(0.0, case)], locale="en", minutes=30,
                     replies_path=str(tmp_path / "r.jsonl"))  # fmt: skip
    desk.open(case.id)
    desk.choose("respond")
    desk.set_reply(POLITE)
    grade = desk.send()
    shown = desk.feedback.value
    assert headline(shown) == pytest.approx(round(desk.tickets[0].points))
    assert headline(shown) < grade.total
    assert "Score for this post" in shown[: shown.index("rl-decision")]


def test_a_right_call_is_said_once() -> None:
    for locale, verdict, again in (("nb", "Riktig valg", "Riktig avgjørelse"),
                                   ("en", "Right call", "Right call.")):  # fmt: skip
        import grading

        case = generate("troll_or_rager", locale, 3)
        decision = grading.grade_action("monitor", case)
        markup = feedback_html(None, "", locale, action_grade=decision)
        assert markup.count(verdict) == 1 and (again == verdict or again not in markup)


@pytest.mark.parametrize(
    ("points", "max_points", "locale", "expected"),
    [(11.5, 12, "en", "11.5 / 12.0"), (11.8, 12, "sv", "11,8 / 12,0"), (4, 10, "en", "4 / 10"),
     (-40, 0, "en", "−40"), (12, 12, "en", "12 / 12")],
)  # fmt: skip
def test_points_never_read_full_on_a_problem(points, max_points, locale, expected) -> None:
    problem = points < max_points * 0.99 or points < 0
    shown = points_text(points, max_points, locale, problem)
    assert shown == expected
    if problem and max_points:
        left, right = shown.split(" / ")
        assert left != right


def test_a_reply_over_the_limit_is_reported_once(replies: Path) -> None:
    widget = exercise("train_delay", "en", 0, replies_path=str(replies))
    widget.set_reply(LONG * 60 + "/Anna")
    widget.send()
    shown = widget.feedback.value
    listed = re.findall(r'<div class="rl-finding" data-criterion="([\w.]+)"', shown)
    over = [c for c in listed if "over_limit" in c]
    assert len(over) == 1 and "tone.channel_fit" not in listed
    assert 'data-also="tone.channel_fit' in shown or "tone.channel_fit" not in json.dumps(
        widget.last_grade.to_dict()
    )
    tips = re.findall(r'<div class="rl-tip">([^<]*)</div>', shown)
    assert len(tips) == len(set(tips))  # no tip listed twice


def test_a_5000_character_reply_quotes_a_few_places_per_finding(replies: Path) -> None:
    widget = exercise("train_delay", "en", 0, replies_path=str(replies))
    reply = LONG * 60 + "/Anna"
    assert len(reply) > 5000
    widget.set_reply(reply)
    widget.send()
    quotes = re.findall(r'<div class="rl-quote">(.*?)</div>', widget.feedback.value)
    assert quotes
    for quote in quotes:
        assert quote.count("<mark>") <= 3 * MAX_EXCERPTS and len(quote) < 1500
    assert len(widget.feedback.value) < 15_000  # a few screens at most, not dozens


def test_a_bar_is_never_green_beside_a_problem_of_its_own() -> None:
    green = "#2e7d32"
    assert green in bars_html({"speed": 78.0}, "en")
    assert green not in bars_html({"speed": 78.0}, "en", problems={"speed"})
    grade = {"total": 80.0, "dimensions": {"speed": 78.0},
             "findings": [{"criterion": "speed.latency", "points": 78, "max_points": 100,
                           "tip": "Too slow: 20 min"}]}  # fmt: skip
    row = re.search(r'data-dimension="speed">.*?</div>', feedback_html(grade, "x", "en")).group()
    assert green not in row


def test_the_knowledge_base_shows_dates_as_a_reply_says_them() -> None:
    for locale, month in (("sv", " juli"), ("nb", ". juli"), ("en", " July")):
        case = generate("bank_ui", locale, 0)
        markup = knowledge_html(case.replace(facts=[
            f.replace(value="2026-07-13") if f.id == "fix_date" else f
            for f in case.facts]))  # fmt: skip
        assert "2026-07-13" not in markup and f"13{month}" in markup, locale


def test_required_facts_are_marked_once() -> None:
    case = generate("train_delay", "en", 2)
    markup = knowledge_html(case)
    assert markup.count('class="rl-badge"') == sum(f.required for f in case.facts)
    assert "::after" not in STYLESHEET.split(".rl-required", 1)[-1].split("}", 1)[0]


def test_the_customer_s_numbers_are_masked_in_the_knowledge_base() -> None:
    case = generate("privacy_trap", "sv", 0)
    markup = knowledge_html(case)
    for fact_id in ("card_no", "id_no", "account_no"):
        value = str(case.fact(fact_id).value)
        digits = re.sub(r"\D", "", value)
        assert value not in markup and masked(value) in markup
        assert re.sub(r"\D", "", masked(value)) == digits[-4:]
        assert masked(value).count("•") == len(digits) - 4
    assert masked("4680 7089 3241 4300") == "•••• •••• •••• 4300"


def test_choosing_a_decision_explains_it(replies: Path) -> None:
    widget = exercise("privacy_trap", "en", 11, triage=True, replies_path=str(replies))
    assert widget.panel.decision_help.value == ""
    widget.choose("respond_private")
    assert "short public reply" in widget.panel.decision_help.value
    assert widget.triage_buttons.tooltips[1].startswith("A short public reply")


# -- layout ----------------------------------------------------------------------------------


def test_nothing_has_a_fixed_width_wider_than_a_narrow_notebook(replies: Path) -> None:
    widget = exercise("train_delay", "en", 0, replies_path=str(replies))
    assert widget.reply_box.layout.width == "100%"
    assert widget.knowledge.layout.min_width == "300px"
    widths = [int(w) for w in re.findall(r"(?<![-\w])width:\s*(\d+)px", STYLESHEET)]
    assert max(widths) <= 240


# -- a kernel restart --------------------------------------------------------------------------


def test_an_unsent_draft_survives_a_restart_and_goes_once_sent(replies: Path) -> None:
    first = exercise("train_delay", "sv", 0, replies_path=str(replies))
    first.set_reply("Hej Robert, förlåt väntan")
    kept = json.loads(drafts_path(replies).read_text("utf-8"))
    assert kept == {"reply:train_delay-sv-0": "Hej Robert, förlåt väntan"}
    again = exercise("train_delay", "sv", 0, replies_path=str(replies))  # the cell run again
    assert again.reply == "Hej Robert, förlåt väntan"
    assert "Utkastet du inte hann skicka" in again.notice.value
    again.set_reply(again.reply + ". /Anna")
    again.send()
    assert not drafts_path(replies).exists()
    assert exercise("train_delay", "sv", 1, replies_path=str(replies)).reply == ""


def test_a_shift_desk_keeps_each_post_s_draft_over_a_restart(replies: Path) -> None:
    desk = shift_desk("en", seed=1, minutes=30, replies_path=str(replies))
    desk.wait()
    ticket = desk.open_next()
    desk.set_reply("Hi, sorry, checking")
    again = shift_desk("en", seed=1, minutes=30, replies_path=str(replies))
    again.wait()
    again.open(ticket.id)
    assert again.reply_box.value == "Hi, sorry, checking"


def test_a_dead_widget_says_run_this_cell_again_in_the_trainee_s_language() -> None:
    assert "run this cell again" in style_html("en")
    assert "kör cellen igen" in style_html("sv") and "kjør cellen igjen" in style_html("nb")
    assert ".rl-root.jupyter-widgets-disconnected .rl-restarted" in STYLESHEET
    assert ".rl-root .jupyter-widgets-disconnected::before" in STYLESHEET  # no broken links
