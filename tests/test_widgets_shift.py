"""The shift desk: arrivals over an injected simulated clock, queue order, timers, speed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scenarios import Case
from simulator import Arrival, generate
from simulator.clock import DECIDE_S, reading_seconds, typing_seconds
from simulator.widgets import ShiftDesk, SimulatedClock, shift_desk
from simulator.widgets.queue import (
    SLA_S,
    importance,
    sla_minutes,
    sla_state,
    ticket_score,
    urgency,
)

REPLY = (
    "Hi, I'm so sorry about the wait. The train is delayed about {delay} min because of "
    "{cause}; new arrival {arrival}. You can claim compensation via our web form. /Anna"
)
PEOPLE = [  # (emotion, followers): from calm nobodies to a furious voice with a big audience
    ("annoyed", 20), ("calm", 40), ("furious", 90_000), ("annoyed", 150), ("angry", 12_000),
    ("calm", 10), ("furious", 3_000), ("angry", 400), ("annoyed", 60), ("furious", 250_000),
]  # fmt: skip


def case_for(seed: int, emotion: str, followers: int, channel: str = "twitter") -> Case:
    data = generate("train_delay", "en", seed).to_dict()
    data["customer"].update(emotion=emotion, followers=followers)
    data["channel"] = channel
    return Case.from_dict(data)


def reply_for(case: Case) -> str:
    return REPLY.format(
        delay=case.fact("delay").value,
        cause=case.fact("cause").value,
        arrival=case.fact("new_arrival").value,
    )


def backlog(at_s: float = 0.0) -> list[Arrival]:
    """Ten train-delay posts landing within a minute: more than one person can answer in time."""
    return [
        Arrival(at_s + i * 5.0, case_for(i, emotion, followers))
        for i, (emotion, followers) in enumerate(PEOPLE)
    ]


def desk(tmp_path: Path, arrivals: list[Arrival], start_s: float = 0.0) -> ShiftDesk:
    return shift_desk(
        "en",
        seed=3,
        minutes=60,
        arrivals=arrivals,
        clock=SimulatedClock(start_s),
        replies_path=str(tmp_path / "replies.jsonl"),
    )


def answer(the_desk: ShiftDesk, case_id: str) -> None:
    ticket = the_desk.open(case_id)
    the_desk.choose("respond")
    the_desk.set_reply(reply_for(ticket.case))
    the_desk.send()


def test_only_arrived_posts_are_queued_and_waiting_jumps_to_the_next(tmp_path: Path) -> None:
    arrivals = [Arrival(120.0, case_for(0, "calm", 5)), Arrival(900.0, case_for(1, "angry", 5))]
    the_desk = desk(tmp_path, arrivals)
    assert the_desk.queue() == [] and the_desk.open_next() is None
    assert the_desk.wait() == 120.0 and [t.id for t in the_desk.queue()] == ["train_delay-en-0"]
    assert the_desk.wait() == 900.0 and len(the_desk.queue()) == 2
    assert the_desk.wait() == 3600.0  # nothing more arrives: the end of the shift
    assert the_desk.over and "The shift is over." in the_desk.header.value
    with pytest.raises(ValueError, match="shift is over"):  # the two go to the next shift
        the_desk.open("train_delay-en-0")
    review = the_desk.review()
    assert [row.handled for row in review.rows] == [False, False] and review.handed_over == 2
    assert "2 posts handed over to the next shift" in the_desk.review_box.value


def test_queue_orders_by_arrival_urgency_or_lets_the_trainee_pick(tmp_path: Path) -> None:
    the_desk = desk(tmp_path, backlog(), start_s=60.0)
    by_arrival = [t.id for t in the_desk.queue()]
    assert by_arrival == [f"train_delay-en-{i}" for i in range(10)]
    the_desk.sort_by("urgency")
    by_urgency = [t.case.customer for t in the_desk.queue()]
    # all within 45 s of each other: the tie-break puts the furious with a big audience first
    assert (by_urgency[0].emotion, by_urgency[0].followers) == ("furious", 90_000)
    assert {c.emotion for c in by_urgency[:3]} == {"furious"}
    assert (by_urgency[-1].emotion, by_urgency[-1].followers) == ("calm", 10)
    assert the_desk.order_picker.value == "urgency"
    the_desk.order_picker.value = "manual"  # the dropdown, as a trainee uses it
    assert the_desk.order == "manual"
    picked = the_desk.open("train_delay-en-5")
    assert the_desk.current is picked
    with pytest.raises(ValueError, match="not waiting"):
        the_desk.open("no-such-case")
    with pytest.raises(ValueError, match="unknown order"):
        the_desk.sort_by("loudest")


def test_urgency_rises_with_waiting_time() -> None:
    case = case_for(0, "calm", 10)
    assert urgency(case, 14 * 60) > urgency(case, 60)
    assert importance(case_for(0, "angry", 500)) > importance(case_for(0, "happy", 200_000))


@pytest.mark.parametrize(
    ("channel", "waited_min", "state", "shown"),
    [("twitter", 4, "ok", "11 min left"), ("twitter", 5, "amber", "10 min left"),
     ("twitter", 14.5, "amber", "1 min left"), ("twitter", 15, "red", "1 min late"),
     ("facebook", 19, "ok", "11 min left"), ("facebook", 20, "amber", "10 min left"),
     ("facebook", 30, "red", "1 min late"), ("instagram", 32.5, "red", "3 min late")],
)  # fmt: skip
def test_service_level_timers_turn_amber_then_red(
    tmp_path: Path, channel: str, waited_min: float, state: str, shown: str
) -> None:
    arrivals = [Arrival(0.0, case_for(0, "angry", 50, channel))]
    the_desk = desk(tmp_path, arrivals, start_s=waited_min * 60)
    [ticket] = the_desk.queue()
    assert ticket.sla_state(the_desk.now()) == state
    [row] = the_desk.queue_box.children
    button = row.children[0]
    assert button.description.startswith(shown)
    assert button.button_style == {"ok": "", "amber": "warning", "red": "danger"}[state]
    assert f"rl-sla-{state}" in button._dom_classes


def test_sla_state_thresholds() -> None:
    assert [sla_state(s, 900) for s in (0, 299, 300, 899, 900)] == [
        "ok", "ok", "amber", "amber", "red",
    ]  # fmt: skip
    assert [sla_state(s, 1800) for s in (0, 1199, 1200, 1799, 1800)] == [
        "ok", "ok", "amber", "amber", "red",
    ]  # fmt: skip


def test_timer_colour_follows_the_minutes_shown_on_every_channel() -> None:
    for sla_s in (SLA_S["twitter"], SLA_S["facebook"], SLA_S["instagram"]):
        for waited_s in range(0, int(sla_s) + 120, 7):
            left = sla_s - waited_s
            state = sla_state(waited_s, sla_s)
            if left <= 0:
                assert state == "red"
            else:
                assert state == ("amber" if sla_minutes(left) <= 10 else "ok"), (sla_s, waited_s)


def test_speed_is_scored_from_the_simulated_clock(tmp_path: Path) -> None:
    arrivals = [Arrival(30.0, case_for(0, "angry", 50))]
    the_desk = desk(tmp_path, arrivals, start_s=30.0 + 20 * 60)  # 20 minutes late
    ticket = the_desk.open_next()
    case = ticket.case
    assert the_desk.now() == pytest.approx(30.0 + 20 * 60 + reading_seconds(case))
    reply = reply_for(case)
    the_desk.choose("respond")
    the_desk.set_reply(reply)
    grade = the_desk.send()
    latency = 20 * 60 + reading_seconds(case) + typing_seconds(reply)
    assert ticket.answered_s - ticket.at_s == pytest.approx(latency)
    assert 0 < grade.dimensions["speed"] < 100  # past the desk's 15-minute service level
    [record] = [json.loads(line) for line in the_desk.store.path.read_text("utf-8").splitlines()]
    assert record["mode"] == "shift" and record["sim_clock"] == "shift"
    assert record["latency_s"] == pytest.approx(latency, abs=0.1)
    assert record["sim_shown_s"] == pytest.approx(30.0 + 20 * 60)
    assert record["action"] == "respond" and record["action_grade"]["correct"] is True
    assert record["shift"] == {
        "seed": 3, "minutes": 60, "arrived_s": 30.0, "points": round(grade.total, 1),
    }  # fmt: skip
    assert the_desk.current is None and the_desk.queue() == []
    assert "1 handled, 1 over the service level" in the_desk.header.value


def test_answering_urgent_posts_first_scores_better(tmp_path: Path) -> None:
    scores, loudest_speed = {}, {}
    for order in ("urgency", "arrival"):
        the_desk = desk(tmp_path / order, backlog(), start_s=10 * 60)  # back from a break
        the_desk.sort_by(order)
        while the_desk.queue():
            answer(the_desk, the_desk.queue()[0].id)
        scores[order] = the_desk.score()
        loudest = max(the_desk.tickets, key=lambda t: importance(t.case))
        loudest_speed[order] = loudest.grade.dimensions["speed"]
        assert the_desk.store.path.read_text("utf-8").count("\n") == len(PEOPLE)
    assert loudest_speed["urgency"] == 100 > loudest_speed["arrival"]
    assert scores["urgency"] > scores["arrival"] + 1


def test_switching_posts_keeps_drafts_and_reads_each_post_once(tmp_path: Path) -> None:
    the_desk = desk(tmp_path, backlog(), start_s=60.0)
    first = the_desk.open("train_delay-en-0")
    the_desk.set_reply("Hi, half a thought")
    after_reading = the_desk.now()
    the_desk.open("train_delay-en-1")
    assert the_desk.reply_box.value == ""
    the_desk.open(first.id)
    assert the_desk.reply_box.value == "Hi, half a thought"
    second_read = reading_seconds(the_desk.tickets[1].case)
    assert the_desk.now() == pytest.approx(after_reading + second_read)


def test_queue_card_and_feedback_show_markup_as_text(tmp_path: Path) -> None:
    data = case_for(0, "angry", 10).to_dict()
    data["post"]["text"] = "<img src=x onerror=alert(1)>"
    data["customer"]["name"] = "<script>x()</script>"
    the_desk = desk(tmp_path, [Arrival(0.0, Case.from_dict(data))], start_s=1.0)
    the_desk.open_next()
    [row] = the_desk.queue_box.children
    assert "&lt;img src=x onerror=alert(1)&gt;" in row.children[1].value
    assert "&lt;script&gt;x()&lt;/script&gt;" in the_desk.card.value
    assert "<img" not in the_desk.card.value + row.children[1].value
    the_desk.choose("respond")
    the_desk.set_reply("Hi <b>there</b>, we are on it. /Anna")
    the_desk.send()
    assert "&lt;b&gt;there&lt;/b&gt;" in the_desk.feedback.value
    assert "<b>there" not in the_desk.feedback.value


def test_send_needs_an_open_post_and_a_reply(tmp_path: Path) -> None:
    the_desk = desk(tmp_path, backlog())
    assert the_desk.send() is None and "Pick a post" in the_desk.feedback.value
    with pytest.raises(ValueError, match="no post is open"):
        the_desk.choose("respond")
    the_desk.open_next()
    assert the_desk.send() is None and "Choose what to do" in the_desk.feedback.value
    the_desk.choose("respond_private")
    assert the_desk.send() is None and "Write a reply" in the_desk.feedback.value
    with pytest.raises(ValueError, match="unknown action"):
        the_desk.choose("ignore")
    assert not the_desk.store.path.exists()


def test_a_second_send_keeps_the_grade_on_screen(tmp_path: Path) -> None:
    the_desk = desk(tmp_path, backlog(), start_s=60.0)
    answer(the_desk, "train_delay-en-0")
    shown = the_desk.feedback.value
    assert "rl-feedback" in shown and "Score for this post" in shown
    assert the_desk.send() is None  # a quick double click: nothing is open any more
    assert the_desk.feedback.value == shown and "Pick a post" not in the_desk.feedback.value
    assert len(the_desk.store.read()) == 1


def test_queue_rows_speak_the_desk_language(tmp_path: Path) -> None:
    english = {"happy", "calm", "annoyed", "angry", "furious"}
    for locale in ("sv", "nb"):
        arrivals = [
            Arrival(i * 5.0, case_for(i, emotion, 10, channel))
            for i, (emotion, channel) in enumerate(
                [("happy", "twitter"), ("calm", "facebook"), ("annoyed", "instagram"),
                 ("angry", "twitter"), ("furious", "facebook")]
            )
        ]  # fmt: skip
        the_desk = shift_desk(
            locale,
            arrivals=arrivals,
            clock=SimulatedClock(60.0),
            replies_path=str(tmp_path / f"{locale}.jsonl"),
        )
        metas = [row.children[1].value for row in the_desk.queue_box.children]
        moods = [meta.split('">', 1)[1].split(" · ")[0] for meta in metas]
        assert not english & set(moods), (locale, moods)
        assert {"Twitter", "Facebook", "Instagram"} <= {m.split(" · ")[1] for m in metas}
    assert moods == ["glad", "rolig", "irritert", "sint", "rasende"]  # nb, the last one


def test_handled_count_agrees_with_its_number(tmp_path: Path) -> None:
    the_desk = shift_desk(
        "sv", arrivals=backlog(), clock=SimulatedClock(60.0), replies_path=str(tmp_path / "r")
    )
    answer(the_desk, "train_delay-en-0")
    assert "· 1 hanterat<" in the_desk.header.value and "(1 hanterat," in the_desk.header.value
    answer(the_desk, "train_delay-en-1")
    assert "· 2 hanterade<" in the_desk.header.value and "(2 hanterade," in the_desk.header.value


def test_any_clock_with_now_and_advance_can_drive_the_desk(tmp_path: Path) -> None:
    class CoarseClock:
        """Rounds every action up to whole minutes."""

        def __init__(self) -> None:
            self.t = 0.0

        def now(self) -> float:
            return self.t

        def advance(self, seconds: float) -> float:
            self.t += -(-seconds // 60) * 60
            return self.t

    the_desk = shift_desk(
        "sv", arrivals=backlog(), clock=CoarseClock(), replies_path=str(tmp_path / "r.jsonl")
    )
    the_desk.open_next()
    assert the_desk.now() == 60.0
    assert "Tid på passet 01:00 av 30:00" in the_desk.header.value


def test_generated_shift_in_each_locale(tmp_path: Path) -> None:
    for locale in ("sv", "nb", "en"):
        the_desk = shift_desk(locale, seed=2, minutes=20, replies_path=str(tmp_path / "r.jsonl"))
        assert the_desk.tickets and all(t.case.locale == locale for t in the_desk.tickets)
        the_desk.wait()
        assert the_desk.queue()


# -- triage on the desk: respond, respond privately, escalate, monitor -----------------------


def triage_arrivals() -> list[Arrival]:
    """A troll, an influencer's request and an ordinary delay, all waiting from the start."""
    return [
        Arrival(0.0, generate("troll_or_rager", "en", 3)),
        Arrival(5.0, generate("influencer_request", "en", 5)),
        Arrival(10.0, case_for(0, "angry", 300)),
    ]


def test_monitor_and_escalate_close_a_post_without_a_reply(tmp_path: Path) -> None:
    the_desk = desk(tmp_path, triage_arrivals(), start_s=60.0)
    troll = the_desk.open("troll_or_rager-en-3")
    assert troll.case.expected_action == "monitor"
    the_desk.set_reply("Hi, please calm down!")  # a draft, then a better decision
    the_desk.choose("monitor")
    assert "No public reply" in the_desk.hint.value
    before = the_desk.now()
    decision = the_desk.send()
    assert decision is the_desk.last_action_grade and decision.correct
    assert the_desk.last_grade is None and troll.grade is None and troll.reply is None
    assert the_desk.now() == pytest.approx(before + DECIDE_S)  # a decision, no typing
    assert troll.answered and troll.action == "monitor" and troll not in the_desk.queue()
    record = the_desk.last_record
    assert record["reply"] is None and record["grade"] is None and record["action"] == "monitor"
    assert record["action_grade"]["correct"] is True
    assert record["latency_s"] == pytest.approx(before + DECIDE_S, abs=0.1)
    assert troll.points == pytest.approx(100.0)  # right call, well within the service level
    assert record["shift"]["points"] == 100.0
    assert "Right call: Monitor." in the_desk.feedback.value
    assert 'data-total="100.0"' in the_desk.feedback.value  # the post's points come first
    assert the_desk.reply_box.value == "" and the_desk.decision_buttons.value is None

    the_desk.open("influencer_request-en-5")
    the_desk.choose("escalate")
    assert the_desk.send().correct
    assert "1 waiting · 2 handled" in the_desk.header.value
    assert [r["action"] for r in the_desk.store.read()] == ["monitor", "escalate"]


def test_a_reply_is_graded_only_for_respond_and_respond_private(tmp_path: Path) -> None:
    the_desk = desk(tmp_path, triage_arrivals(), start_s=60.0)
    ticket = the_desk.open("train_delay-en-0")
    the_desk.choose("respond_private")
    the_desk.set_reply(reply_for(ticket.case))
    grade = the_desk.send()
    assert grade is the_desk.last_grade and grade.total > 0
    assert the_desk.last_action_grade.expected == "respond"
    assert the_desk.last_action_grade.score == 60  # a near miss: partial credit
    assert ticket.points == pytest.approx(grade.total * 0.6)
    assert the_desk.last_record["reply"] == reply_for(ticket.case)


def test_the_shift_score_accounts_for_the_decision(tmp_path: Path) -> None:
    scores, troll_points = {}, {}
    for style in ("triage", "answer_all"):
        the_desk = desk(tmp_path / style, triage_arrivals(), start_s=60.0)
        for ticket in list(the_desk.queue()):
            the_desk.open(ticket.id)
            if style == "triage":
                the_desk.choose(ticket.case.expected_action)
            else:
                the_desk.choose("respond")
            if the_desk.current.chosen == "respond":
                the_desk.set_reply(reply_for(ticket.case) if ticket.case.family == "train_delay"
                                   else "Hi, thanks for your post, we hear you. /Anna")
            the_desk.send()
        scores[style] = the_desk.score()
        troll_points[style] = the_desk.tickets[0].points
    assert troll_points["answer_all"] < 15 < 99 < troll_points["triage"]  # don't feed the troll
    assert scores["triage"] > scores["answer_all"] + 20


def test_a_late_decision_costs_speed_points(tmp_path: Path) -> None:
    arrivals = [Arrival(0.0, generate("influencer_request", "en", 5))]
    the_desk = desk(tmp_path, arrivals, start_s=45 * 60)  # three times the 15-minute level
    the_desk.open_next()
    the_desk.choose("escalate")
    the_desk.send()
    [ticket] = the_desk.tickets
    assert 70 <= ticket.points < 100
    assert "1 over the service level" in the_desk.header.value


def test_the_decision_is_kept_per_post_when_switching(tmp_path: Path) -> None:
    the_desk = desk(tmp_path, triage_arrivals(), start_s=60.0)
    assert the_desk.decision_buttons.disabled  # nothing open yet
    the_desk.open("troll_or_rager-en-3")
    the_desk.decision_buttons.value = "monitor"  # the toggle, as a trainee clicks it
    the_desk.open("influencer_request-en-5")
    assert the_desk.decision_buttons.value is None and the_desk.hint.value == ""
    the_desk.choose("escalate")
    the_desk.open("troll_or_rager-en-3")
    assert the_desk.decision_buttons.value == "monitor" and the_desk.current.chosen == "monitor"
    assert [label for label, _ in the_desk.decision_buttons.options] == [
        "Respond in public", "Respond and move to DM", "Escalate", "Monitor",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("grade", "decision", "speed", "points"),
    [
        ({"total": 80.0}, None, None, 80.0),  # no decision (older callers): the reply counts
        ({"total": 80.0}, {"score": 100.0}, None, 80.0),
        ({"total": 80.0}, {"score": 10.0}, None, 8.0),  # a fine reply to a troll
        (None, {"score": 100.0}, 100.0, 100.0),
        (None, {"score": 100.0}, 0.0, 70.0),  # right, but far too late
        (None, {"score": 40.0}, 100.0, 40.0),
        (None, None, None, 0.0),
    ],
)
def test_ticket_score(grade, decision, speed, points) -> None:
    assert ticket_score(grade, decision, speed) == pytest.approx(points)
