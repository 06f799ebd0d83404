"""The shift desk as a new trainee meets it: "Most urgent first" never lets a post run out its
time behind posts with more left, queue rows show whole handles and wrap, the clock stops at
the end of the shift, and the end-of-shift review walks through every post, in sv, nb and en.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import ipywidgets as widgets
import pytest

from scenarios import Case
from simulator import Arrival, generate
from simulator.shift import shift
from simulator.widgets import ShiftDesk, SimulatedClock, shift_desk
from simulator.widgets.excerpts import preview
from simulator.widgets.queue import (
    URGENCY_BONUS_MAX_S,
    Ticket,
    order_queue,
    special_needs,
    urgency_bonus_s,
)
from simulator.widgets.queue_rows import queue_label, queue_summary_html
from simulator.widgets.shift_review import review_html
from simulator.widgets.style import STYLESHEET

LOCALES = ("sv", "nb", "en")
# Posts from customers who wait for help; trolls and praise must never pass them by urgency.
COMPLAINTS = {"bank_ui", "misguided", "phone_backorder", "pricing_question", "privacy_trap",
              "train_delay", "travel_disruption"}  # fmt: skip
NO_HELP_NEEDED = {"troll_or_rager", "praise"}
TOLERANCE_S = URGENCY_BONUS_MAX_S  # 3 minutes: the most a tie-break may move a post ahead
REPLY = {
    "sv": "Hej! Förlåt att du fått vänta. Vi kollar på det nu och återkommer här. /Anna",
    "nb": "Hei! Beklager at du har måttet vente. Vi ser på det nå og kommer tilbake her. /Anna",
    "en": "Hi! Sorry you've had to wait. We're looking into it now and will get back here. /Anna",
}
SHOWN = {  # what the trainee reads at the end, per locale
    "sv": ("Genomgång av passet", "Svarstid", "Det här kostade mest poäng",
           "Tid på passet {t} av {t}", "Passet är slut."),
    "nb": ("Gjennomgang av vakten", "Svarfrist", "Dette kostet mest poeng",
           "Tid på vakten {t} av {t}", "Vakten er over."),
    "en": ("Shift review", "Response time", "What cost the most points",
           "Shift time {t} of {t}", "The shift is over."),
}  # fmt: skip
CLOCK = re.compile(r"(\d+):(\d\d) (?:of|av) (\d+):(\d\d)")


def case_for(family: str, seed: int, *, emotion: str | None = None, followers: int | None = None,
             channel: str | None = None, text: str | None = None, locale: str = "en") -> Case:
    data = generate(family, locale, seed).to_dict()
    if emotion is not None:
        data["customer"]["emotion"] = emotion
    if followers is not None:
        data["customer"]["followers"] = followers
    if channel is not None:
        data["channel"] = channel
    if text is not None:
        data["post"]["text"] = text
    return Case.from_dict(data)


def desk_of(tmp_path: Path, arrivals: list[Arrival], *, start_s: float = 0.0, minutes: int = 60,
            locale: str = "en") -> ShiftDesk:
    return shift_desk(locale, seed=5, minutes=minutes, arrivals=arrivals,
                      clock=SimulatedClock(start_s),
                      replies_path=str(tmp_path / f"{locale}.jsonl"))  # fmt: skip


def close(desk: ShiftDesk, action: str, reply: str = "") -> None:
    desk.choose(action)
    if action in ("respond", "respond_private"):
        desk.set_reply(reply or REPLY[desk.locale])
    assert desk.send() is not None


# -- 1. "Most urgent first" --------------------------------------------------------------------


def test_the_post_about_to_breach_comes_first_and_the_troll_does_not_jump_the_queue(
    tmp_path: Path,
) -> None:
    """What the first user saw, rebuilt: a calm post with few followers and 2 minutes left
    waited behind posts with 17 minutes left, and an angry troll ranked third of six."""
    arrivals = [
        Arrival(0.0, case_for("train_delay", 1, emotion="calm", followers=12, channel="twitter")),
        Arrival(0.0, case_for("train_delay", 2, emotion="annoyed", followers=300,
                              channel="facebook")),  # fmt: skip
        Arrival(0.0, case_for("train_delay", 3, emotion="angry", followers=2_000,
                              channel="facebook")),  # fmt: skip
        Arrival(0.0, case_for("troll_or_rager", 3, emotion="angry", channel="facebook")),
        Arrival(0.0, case_for("praise", 4, followers=2_000, channel="facebook")),
        Arrival(0.0, case_for("phone_backorder", 5, emotion="furious", followers=40,
                              channel="facebook")),  # fmt: skip
    ]
    desk = desk_of(tmp_path, arrivals, start_s=13 * 60)
    desk.sort_by("urgency")
    order = [t.case for t in desk.queue()]
    assert order[0].customer.followers == 12  # 2 min left beats 17 min left, whoever shouts
    assert desk.queue_box.children[0].children[0].description.startswith("2 min left")
    assert {c.family for c in order[-2:]} == {"troll_or_rager", "praise"}
    assert {c.family for c in order[1:4]} <= COMPLAINTS  # the complaints with 17 min left next


def left_s(ticket: Ticket, now_s: float) -> float:
    return ticket.sla_left_s(now_s)


@pytest.mark.parametrize("locale", LOCALES)
def test_no_post_waits_behind_one_with_clearly_more_time_left(locale: str) -> None:
    """Over 30 generated shifts and 40 clock times each: a post is never ordered behind one
    with more than TOLERANCE_S (3 min) more time left, and a troll or praise post never ahead
    of a complaint with less time left."""
    rng = random.Random(f"urgency:{locale}")
    checked = 0
    for seed in range(30):
        arrivals = shift(locale, seed, minutes=60, per_hour=20)
        tickets = [Ticket(a) for a in arrivals]
        for now_s in sorted(rng.uniform(0, 90 * 60) for _ in range(40)):
            queue = order_queue(tickets, now_s, "urgency")
            lefts = [left_s(t, now_s) for t in queue]
            for i, ahead in enumerate(queue):
                behind_lefts = lefts[i + 1 :]
                if behind_lefts:
                    assert lefts[i] <= min(behind_lefts) + TOLERANCE_S, (seed, now_s, ahead.id)
                if ahead.case.family in NO_HELP_NEEDED:
                    for later, later_left in zip(queue[i + 1 :], behind_lefts, strict=True):
                        if later.case.family in COMPLAINTS:
                            assert lefts[i] <= later_left, (seed, now_s, ahead.id, later.id)
            checked += len(queue)
    assert checked > 5_000  # the property was really exercised


def test_emotion_reach_and_special_needs_only_break_near_ties() -> None:
    calm = case_for("train_delay", 1, emotion="calm", followers=10, channel="twitter",
                    text="@SJ Stuck at the platform and no news about the train.")
    furious = case_for("train_delay", 2, emotion="furious", followers=250_000, channel="twitter")
    with_child = case_for("train_delay", 3, emotion="calm", followers=10, channel="twitter",
                          text="@SJ Stuck at the platform with a crying baby and no news.")
    medication = case_for("travel_disruption", 4, emotion="calm", followers=10,
                          text="@Sky My insulin is in the checked bag. Where is it?")
    connection = case_for("travel_disruption", 5, emotion="calm", followers=10,
                          text="@Sky I missed my connection in Oslo because of you.")
    assert special_needs(with_child) == ("child",) and special_needs(calm) == ()
    assert special_needs(medication) == ("medication",)
    assert special_needs(connection) == ("connection",)
    assert urgency_bonus_s(calm) < urgency_bonus_s(with_child) <= URGENCY_BONUS_MAX_S
    assert urgency_bonus_s(calm) < urgency_bonus_s(furious) <= URGENCY_BONUS_MAX_S
    assert urgency_bonus_s(generate("troll_or_rager", "en", 3)) == 0  # a known repeat poster
    assert urgency_bonus_s(generate("praise", "en", 3)) == 0  # nobody waits for help
    tied = [Ticket(Arrival(0.0, calm)), Ticket(Arrival(0.0, furious)),
            Ticket(Arrival(0.0, with_child))]  # fmt: skip
    assert order_queue(tied, 60.0, "urgency")[-1].case is calm
    # ... but a calm post 4 minutes closer to its service level goes first
    early = [Ticket(Arrival(0.0, calm)), Ticket(Arrival(240.0, furious))]
    assert order_queue(early, 300.0, "urgency")[0].case is calm
    for locale in LOCALES:
        for family in sorted(COMPLAINTS | NO_HELP_NEEDED | {"influencer_request"}):
            for seed in range(15):
                assert 0 <= urgency_bonus_s(generate(family, locale, seed)) <= TOLERANCE_S


def test_the_desk_reads_the_minutes_left_in_order(tmp_path: Path) -> None:
    """On screen: by urgency, the timers read (within the tolerance) from least time left."""
    desk = shift_desk("en", seed=53, minutes=60, per_hour=30,
                      clock=SimulatedClock(25 * 60),
                      replies_path=str(tmp_path / "r.jsonl"))  # fmt: skip
    desk.sort_by("urgency")
    shown = []
    for row in desk.queue_box.children:
        minutes, kind = re.match(r"(\d+) min (left|late)", row.children[0].description).groups()
        shown.append(int(minutes) * (1 if kind == "left" else -1))
    assert len(shown) >= 5
    assert all(a <= b + TOLERANCE_S / 60 + 1 for i, a in enumerate(shown) for b in shown[i:])


# -- 2. queue rows: whole handles, previews cut at a word, rows that wrap -----------------------


def test_preview_cuts_at_a_word_boundary_with_an_ellipsis() -> None:
    post = "@SJ Snart en timme i kylan i Sundsvall med ett skrikande barn. Ingen säger ett ord."
    assert preview(post, 200) == post
    cut = preview(post, 40)
    assert cut.endswith("…") and len(cut) <= 40
    assert post.startswith(cut[:-1]) and post[len(cut) - 1] in " ,."  # a whole word was kept
    assert preview("line one\n\nline   two", 50) == "line one line two"
    assert preview("https://example.com/a/very/long/link/without/spaces", 20).endswith("…")
    assert len(preview("x" * 300, 20)) == 20


def test_queue_buttons_show_the_whole_handle_and_rows_wrap(tmp_path: Path) -> None:
    long = "BrandonStevensonOfficial"
    data = case_for("train_delay", 1).to_dict()
    data["customer"]["handle"] = long
    data["post"]["text"] = (
        "@SJ Snart en timme i kylan med ett skrikande barn, ingen säger ett ord "
        "om tåg 42 och appen visar fortfarande att allt går enligt tidtabell."
    )
    case = Case.from_dict(data)
    desk = desk_of(tmp_path, [Arrival(0.0, case)], start_s=60.0)
    [row] = desk.queue_box.children
    button, summary = row.children
    assert button.description.endswith(f"@{long}") and "…" not in button.description
    assert queue_label(desk.tickets[0], 600, "sv") == f"10 min kvar · @{long}"
    shown = re.search(r">(.*)</span>", summary.value).group(1)
    assert shown.endswith("…") and "tidtabell" not in shown
    assert shown.split(" · ")[-1][:-1] == preview(case.post.text, 90)[:-1]
    assert row.layout.width == "100%" and row.layout.flex_flow == "row wrap"
    assert button.layout.max_width == "100%" and button.layout.height == "auto"
    assert button.layout.width == "auto" and "rl-queue-button" in button._dom_classes
    assert summary.layout.min_width == "0"
    rule = STYLESHEET[STYLESHEET.index(".jupyter-button.rl-queue-button") :].split("}", 1)[0]
    assert "white-space: normal" in rule and "height: auto" in rule
    assert "text-overflow: clip" in rule


def fixed_widths(widget: widgets.Widget) -> list[str]:
    """Every width, max or min width in pixels in the widget and its children."""
    found = []
    for name in ("width", "max_width", "min_width"):
        value = str(getattr(widget.layout, name, "") or "")
        if value.endswith("px") and value != "0px":
            found.append(f"{type(widget).__name__}.{name}={value}")
    for child in getattr(widget, "children", ()):
        found += fixed_widths(child)
    return found


def test_no_queue_row_or_review_has_a_fixed_pixel_width(tmp_path: Path) -> None:
    desk = desk_of(tmp_path, [Arrival(0.0, case_for("train_delay", i)) for i in range(4)],
                   start_s=60.0, minutes=5)  # fmt: skip
    assert fixed_widths(desk.queue_box) == [] and fixed_widths(desk.controls) == []
    desk.wait()
    assert desk.over and desk.review_box.value
    assert fixed_widths(desk.review_box) == [] and desk.review_box.layout.width == "100%"


def test_a_queue_row_shows_markup_as_text() -> None:
    data = case_for("train_delay", 1).to_dict()
    data["post"]["text"] = "<img src=x onerror=alert(1)> " + "ord " * 40
    ticket = Ticket(Arrival(0.0, Case.from_dict(data)))
    shown = queue_summary_html(ticket, "nb")
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown and "<img" not in shown


# -- 3. the clock stops at the end of the shift ------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_the_clock_stops_at_the_end_and_the_desk_says_the_shift_is_over(
    tmp_path: Path, locale: str
) -> None:
    arrivals = [Arrival(60.0, case_for("train_delay", 1, locale=locale)),
                Arrival(19 * 60 + 58, case_for("phone_backorder", 2, locale=locale))]  # fmt: skip
    desk = desk_of(tmp_path, arrivals, minutes=20, locale=locale)
    *_, clock_text, over_text = SHOWN[locale]
    desk.wait()
    desk.open_next()
    close(desk, "respond")
    desk.wait()
    desk.open_next()  # reading it takes the clock past 20:00
    assert desk.now() > 20 * 60 and desk.ended and not desk.over
    assert clock_text.format(t="20:00") in desk.header.value
    assert over_text not in desk.header.value  # the open post may still be finished
    close(desk, "respond_private")
    assert desk.over and over_text in desk.header.value
    assert clock_text.format(t="20:00") in desk.header.value  # never "20:42 of 20:00"
    assert desk.work_area.layout.display == "none" and desk.review_box.value
    assert desk.wait() == desk.now() and desk.open_next() is None
    assert desk.next_button.disabled and desk.wait_button.disabled


def play(desk: ShiftDesk, *, wrong_every: int = 3) -> list[str]:
    """A whole shift as a trainee might work it, some decisions wrong; every header shown."""
    headers = [desk.header.value]
    handled = 0
    while not desk.over:
        if desk.queue() and not desk.ended:
            ticket = desk.open_next()
            assert ticket is not None
            handled += 1
            action = "respond" if handled % wrong_every == 0 else ticket.case.expected_action
            close(desk, action)
        else:
            desk.wait()
        headers.append(desk.header.value)
    return headers


@pytest.mark.parametrize("locale", LOCALES)
def test_the_clock_never_reads_past_the_shift_s_length(tmp_path: Path, locale: str) -> None:
    desk = shift_desk(locale, seed=53, minutes=20, per_hour=40,
                      replies_path=str(tmp_path / "r.jsonl"))  # fmt: skip
    headers = play(desk)
    for header in headers:
        m = CLOCK.search(header)
        assert m is not None, header
        shown, total = int(m[1]) * 60 + int(m[2]), int(m[3]) * 60 + int(m[4])
        assert total == 20 * 60 and shown <= total, header
    assert SHOWN[locale][4] in headers[-1]


# -- 4. the end-of-shift review ----------------------------------------------------------------


@pytest.mark.parametrize("locale", LOCALES)
def test_the_review_lists_every_post_and_adds_up_to_the_shift_score(
    tmp_path: Path, locale: str
) -> None:
    desk = shift_desk(locale, seed=53, minutes=30, per_hour=30,
                      replies_path=str(tmp_path / "r.jsonl"))  # fmt: skip
    play(desk)
    review = desk.review()
    arrived = [t for t in desk.tickets if t.at_s <= desk.end_s]
    assert [row.case_id for row in review.rows] == [t.id for t in arrived]
    for row, ticket in zip(review.rows, arrived, strict=True):
        assert row.handle == ticket.case.customer.handle
        assert row.preview == preview(ticket.case.post.text, 90)
        assert row.action == ticket.action and row.reply == ticket.reply
        assert row.points == (ticket.points if ticket.answered else None)
        if ticket.answered:
            waited = ticket.answered_s - ticket.at_s
            assert row.over_sla == (waited >= {"twitter": 900}.get(ticket.case.channel, 1800))
    assert review.handled == sum(t.answered for t in desk.tickets) > 3
    assert review.score == pytest.approx(desk.score())
    assert review.weighted_points() == pytest.approx(desk.score())
    # every point lost is accounted for, and the three that cost most come first
    assert sum(c.points for c in review.costs) == pytest.approx(100 - desk.score(), abs=0.01)
    top = review.costly
    assert 1 <= len(top) <= 3 and top == review.costs[: len(top)]
    assert [c.points for c in top] == sorted((c.points for c in top), reverse=True)
    assert "decision" in {c.criterion for c in review.costs}  # some calls were wrong
    shown = desk.review_box.value
    title, over_sla, costly, *_ = SHOWN[locale]
    assert title in shown and over_sla in shown and costly in shown
    for cost in top:
        assert cost.label in shown
    assert f'data-score="{desk.score():.1f}"' in shown
    assert shown.count('class="rl-review-post') == len(review.rows)
    breaches = re.search(r"(\d+) (?:over the service level|över svarstiden|over svarfristen)",
                         desk.header.value)  # fmt: skip
    assert breaches is not None and int(breaches[1]) == review.over_sla


def test_a_late_answer_shows_by_how_much_and_a_wrong_call_the_better_one(tmp_path: Path) -> None:
    late = case_for("train_delay", 1, locale="sv", channel="twitter")  # 15 minutes
    troll = case_for("troll_or_rager", 3, locale="sv")
    desk = desk_of(tmp_path, [Arrival(0.0, late), Arrival(0.0, troll)], start_s=20 * 60,
                   minutes=30, locale="sv")  # fmt: skip
    desk.open(late.id)
    close(desk, "respond")
    desk.open(troll.id)
    close(desk, "respond", "Hej! Tråkigt att du tycker så. Hör av dig om vi kan hjälpa till. /Anna")
    rows = {row.case_id: row for row in desk.review().rows}
    waited = desk.tickets[0].answered_s - desk.tickets[0].at_s
    assert rows[late.id].over_sla and rows[late.id].over_minutes == -(-(waited - 900) // 60)
    assert rows[troll.id].right is False
    desk.wait()
    shown = desk.review_box.value
    assert f"{rows[late.id].over_minutes} min för sent" in shown
    assert "(bättre: Bevaka)" in shown and "fel beslut" in shown
    assert desk.review().costly[0].criterion == "decision"  # answering the troll cost most


def test_the_review_shows_what_everyone_wrote_as_text(tmp_path: Path) -> None:
    data = case_for("train_delay", 1).to_dict()
    data["customer"]["handle"] = "<script>alert(1)</script>"
    data["post"]["text"] = "<img src=x onerror=alert(2)> the train is late"
    case = Case.from_dict(data)
    desk = desk_of(tmp_path, [Arrival(0.0, case)], start_s=60.0, minutes=10)
    desk.open(case.id)
    close(desk, "respond", "Hi <b>there</b> & <img src=y onerror=alert(3)>, we're on it. /Anna")
    desk.wait()
    shown = desk.review_box.value
    assert "<script" not in shown and "<img" not in shown and "<b>there" not in shown
    assert "@&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "Hi &lt;b&gt;there&lt;/b&gt; &amp; &lt;img src=y" in shown
    assert "&lt;img src=x onerror=alert(2)&gt;" in shown


@pytest.mark.parametrize("locale", LOCALES)
def test_posts_left_at_the_end_go_to_the_next_shift(tmp_path: Path, locale: str) -> None:
    arrivals = [Arrival(30.0, case_for("train_delay", i, locale=locale)) for i in range(3)]
    desk = desk_of(tmp_path, arrivals, minutes=10, locale=locale)
    desk.wait()
    desk.open_next()
    close(desk, "respond")
    middle = desk.review()  # the review is there before the end, too: two still wait
    assert middle.handed_over == 2 and not middle.ended and desk.review_box.value == ""
    desk.wait()  # nothing more arrives: the end
    review = desk.review()
    assert review.ended and review.handled == 1 and review.handed_over == 2
    assert [r.points is None for r in review.rows] == [False, True, True]
    handed = {"sv": "2 inlägg lämnas över till nästa pass",
              "nb": "2 innlegg går videre til neste vakt",
              "en": "2 posts handed over to the next shift"}[locale]  # fmt: skip
    assert handed in desk.review_box.value
    assert review.score == pytest.approx(desk.tickets[0].points)  # left posts are not scored


def test_an_empty_shift_has_a_review_too(tmp_path: Path) -> None:
    desk = desk_of(tmp_path, [], minutes=5, locale="nb")
    desk.wait()
    assert desk.over and desk.review().rows == ()
    assert "Det kom ingen innlegg" in review_html(desk.review())
