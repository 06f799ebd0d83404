"""The exercise widget and the triage drill, driven as a trainee would, without a browser."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

import grading
from simulator import generate
from simulator.clock import first_seen_age_s, reading_seconds, typing_seconds
from simulator.widgets import exercise, grader, progress, triage_drill

GOOD_REPLY = (
    "Hi Robert, I'm so sorry you're stuck in the cold. Train 989 is delayed about 120 min "
    "because of a signal failure; new arrival 22:35. You can claim 50 % of the fare via our "
    "web form. /Anna"
)


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.fixture
def replies(tmp_path: Path) -> Path:
    return tmp_path / "replies.jsonl"


def test_counter_follows_the_reply_live(replies: Path) -> None:
    widget = exercise("train_delay", "en", 0, replies_path=str(replies))
    assert widget.case.channel == "twitter"
    assert "0 / 280 characters" in widget.counter.value
    widget.set_reply("x" * 260)
    assert 'data-state="near"' in widget.counter.value
    widget.set_reply("x" * 300)
    assert 'data-state="over"' in widget.counter.value
    assert "20 characters over" in widget.counter.value


def test_send_grades_saves_and_shows_feedback(replies: Path) -> None:
    widget = exercise("train_delay", "en", 0, replies_path=str(replies))
    widget.set_reply(GOOD_REPLY)
    grade = widget.send()
    assert grade is widget.last_grade and grade.total > 50
    expected_latency = (
        first_seen_age_s(widget.case) + reading_seconds(widget.case) + typing_seconds(GOOD_REPLY)
    )
    [record] = lines(replies)
    assert record["case_id"] == "train_delay-en-0" and record["reply"] == GOOD_REPLY
    assert record["mode"] == "exercise" and record["attempt"] == 1 and record["action"] is None
    assert record["latency_s"] == pytest.approx(expected_latency, abs=0.1)
    assert record["sim_shown_s"] == first_seen_age_s(widget.case)
    assert record["grade"] == json.loads(json.dumps(grade.to_dict()))
    assert grade.dimensions["speed"] is not None
    assert f'data-total="{grade.total:.1f}"' in widget.feedback.value
    assert widget.send_button.disabled and not widget.try_button.disabled
    assert widget.send() is grade and len(lines(replies)) == 1  # a second Send is not a new attempt


def test_clicking_send_is_the_same_as_calling_send(replies: Path) -> None:
    widget = exercise("train_delay", "en", 0, replies_path=str(replies))
    widget.set_reply(GOOD_REPLY)
    widget.send_button.click()
    assert widget.last_grade is not None and len(lines(replies)) == 1


def test_an_empty_reply_asks_for_a_reply_and_saves_nothing(replies: Path) -> None:
    widget = exercise("train_delay", "en", 0, replies_path=str(replies))
    widget.set_reply("   ")
    assert widget.send() is None
    assert "Write a reply before you send." in widget.feedback.value
    assert not replies.exists()


def test_try_again_is_a_new_attempt_on_the_same_case(replies: Path) -> None:
    widget = exercise("train_delay", "en", 0, replies_path=str(replies))
    widget.set_reply("Hi Robert, sorry. /Anna")
    first = widget.send()
    widget.try_again()
    assert widget.feedback.value == "" and not widget.send_button.disabled
    assert widget.reply == "Hi Robert, sorry. /Anna"  # kept, to improve on
    widget.set_reply(GOOD_REPLY)
    second = widget.send()
    assert second.total > first.total
    assert [(r["case_id"], r["attempt"]) for r in lines(replies)] == [
        ("train_delay-en-0", 1),
        ("train_delay-en-0", 2),
    ]


def test_next_case_moves_to_the_next_seed(replies: Path) -> None:
    widget = exercise("train_delay", "nb", 5, replies_path=str(replies))
    widget.set_reply("Hei!")
    widget.next_case()
    assert widget.case.id == "train_delay-nb-6" and widget.reply == ""
    assert widget.attempt == 1 and widget.case.customer.name in widget.card.value


def test_attempt_numbers_survive_a_kernel_restart(replies: Path) -> None:
    first = exercise("train_delay", "en", 0, replies_path=str(replies))
    first.set_reply(GOOD_REPLY)
    first.send()
    restarted = exercise("train_delay", "en", 0, replies_path=str(replies))  # a new kernel
    restarted.set_reply(GOOD_REPLY)
    restarted.send()
    assert [r["attempt"] for r in lines(replies)] == [1, 2]


def test_an_exercise_can_be_built_from_a_case(replies: Path) -> None:
    case = generate("train_delay", "sv", 7)
    case = case.replace(post=case.post.replace(text="<b>hej</b>"))
    widget = exercise(case, replies_path=str(replies))
    assert "&lt;b&gt;hej&lt;/b&gt;" in widget.card.value
    assert widget.send_button.description == "Skicka"
    widget.next_case()
    assert widget.case.id == "train_delay-sv-8"


def test_triage_needs_a_decision_then_grades_it_with_the_reply(replies: Path) -> None:
    widget = exercise("train_delay", "en", 0, triage=True, replies_path=str(replies))
    widget.set_reply(GOOD_REPLY)
    assert widget.send() is None and "Choose what to do" in widget.feedback.value
    widget.choose("respond")
    grade = widget.send()
    assert grade is widget.last_grade
    assert widget.last_action_grade.correct and widget.last_action_grade.score == 100
    [record] = lines(replies)
    assert record["action"] == "respond" and record["action_grade"]["correct"] is True
    assert record["grade"]["total"] == grade.to_dict()["total"]
    assert "Right call: Respond in public." in widget.feedback.value


def test_triage_monitor_needs_no_reply(replies: Path) -> None:
    widget = exercise("train_delay", "en", 0, triage=True, replies_path=str(replies))
    widget.choose("monitor")
    decision = widget.send()
    assert decision.expected == "respond" and not decision.correct
    [record] = lines(replies)
    assert record["reply"] is None and record["grade"] is None
    assert record["action_grade"]["score"] == 0


def test_triage_drill_grades_on_choice_and_moves_across_families(replies: Path) -> None:
    drill = triage_drill("en", 0, family_ids=["train_delay", "privacy_trap"], replies_path=replies)
    assert drill.case.family == "privacy_trap"  # sorted pool, seed 0 + 0 -> index 0
    drill.choose(drill.case.expected_action)
    assert drill.last_action_grade.correct
    drill.next_case()
    assert drill.case.family == "train_delay" and drill.case.seed == 1
    drill.choose("escalate")
    records = lines(replies)
    assert [r["mode"] for r in records] == ["triage", "triage"]
    assert [r["action"] for r in records] == [records[0]["action_grade"]["expected"], "escalate"]


def test_unknown_or_unwanted_decisions_are_refused(replies: Path) -> None:
    with pytest.raises(ValueError, match="unknown action"):
        exercise("train_delay", triage=True, replies_path=str(replies)).choose("ignore")
    with pytest.raises(ValueError, match="triage=True"):
        exercise("train_delay", replies_path=str(replies)).choose("monitor")


def test_a_grader_failure_on_click_is_shown_not_swallowed(replies: Path, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("grader <down>")

    monkeypatch.setattr(grader, "grade_reply", broken)
    widget = exercise("train_delay", "en", 0, replies_path=str(replies))
    widget.set_reply("Hi")
    widget.send_button.click()
    assert "RuntimeError: grader &lt;down&gt;" in widget.feedback.value
    assert not replies.exists()


def test_the_widget_displays_as_a_jupyter_widget(replies: Path) -> None:
    bundle = exercise("train_delay", replies_path=str(replies))._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_swedish_case_gets_swedish_interface(replies: Path) -> None:
    widget = exercise("train_delay", "sv", 1, triage=True, replies_path=str(replies))
    assert widget.try_button.description == "Försök igen"
    assert [label for label, _ in widget.triage_buttons.options] == [
        "Svara öppet", "Svara och ta det i DM", "Eskalera", "Bevaka",
    ]  # fmt: skip


def test_progress_plots_attempts_from_the_file(replies: Path) -> None:
    case = generate("train_delay", "en", 0)
    grade = grading.grade(GOOD_REPLY, case, latency_s=300).to_dict()
    with open(replies, "w", encoding="utf-8") as handle:
        handle.write(json.dumps({"case_id": "a", "grade": grade}) + "\n")
        handle.write(json.dumps({"case_id": "old", "grade": {"total": "n/a"}, "x": 1}) + "\n")
        handle.write(json.dumps({"case_id": "drill", "grade": None}) + "\n")
        handle.write('{"case_id": "torn", "gra')
    with pytest.warns(UserWarning, match="line 4"):
        view = progress(str(replies), locale="nb")
    assert bytes(view.image.value).startswith(b"\x89PNG")
    assert "1 svar, totalpoeng" in view.summary.value


def test_progress_without_attempts_says_so(replies: Path) -> None:
    view = progress(str(replies))
    assert "No attempts yet" in view.summary.value and bytes(view.image.value) == b""


def test_importing_the_widgets_leaves_heavy_modules_for_later() -> None:
    code = (
        "import sys, simulator.widgets; "
        "print(sorted(m for m in ('matplotlib', 'grading', 'textstat') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# -- a pre-filled reply ----------------------------------------------------------------------


def test_initial_reply_prefills_the_first_case_to_rewrite(replies: Path) -> None:
    draft = "Dear customer. Please be advised <b>that</b> it was tested. Hugs ❤️"
    widget = exercise("bank_ui", "en", 2, initial_reply=draft, replies_path=str(replies))
    assert widget.reply == draft and widget.reply_box.value == draft
    assert f"{len(draft)} / " in widget.counter.value  # the counter follows the draft
    widget.set_reply(draft.replace("Hugs ❤️", "/Anna"))
    widget.send()
    assert lines(replies)[0]["reply"].endswith("/Anna")
    widget.try_again()
    assert widget.reply.endswith("/Anna")  # a new attempt keeps the trainee's version
    widget.next_case()
    assert widget.reply == ""  # the draft belongs to the first case only
    # The trainee's own version is kept as the draft of that case, not the colleague's.
    assert exercise("bank_ui", "en", 2, replies_path=str(replies)).reply.endswith("/Anna")


# -- the progress view redraws itself --------------------------------------------------------


def test_progress_redraws_after_each_send_to_its_file(replies: Path, tmp_path: Path) -> None:
    view = progress(str(replies))
    elsewhere = progress(str(tmp_path / "other.jsonl"))
    assert "No attempts yet" in view.summary.value
    widget = exercise("train_delay", "en", 0, replies_path=str(replies))
    widget.set_reply(GOOD_REPLY)
    widget.send()
    assert len(view.records) == 1 and "1 reply, total" in view.summary.value
    assert bytes(view.image.value).startswith(b"\x89PNG") and view.image.layout.display is None
    drill = triage_drill("en", 0, family_ids=["troll_or_rager"], replies_path=str(replies))
    drill.choose("respond")
    assert len(view.records) == 2 and "decisions: 1, 0 right" in view.summary.value
    assert elsewhere.records == [] and "No attempts yet" in elsewhere.summary.value


def test_progress_redraws_after_a_shift_desk_send(replies: Path) -> None:
    from simulator import Arrival
    from simulator.widgets import SimulatedClock, shift_desk

    view = progress(str(replies), locale="sv")
    case = generate("troll_or_rager", "sv", 3)
    desk = shift_desk("sv", arrivals=[Arrival(0.0, case)], clock=SimulatedClock(30.0),
                      replies_path=str(replies))  # fmt: skip
    desk.open_next()
    desk.choose("monitor")
    desk.send()
    assert "Beslut: 1, varav 1 rätt" in view.summary.value
    assert bytes(view.image.value).startswith(b"\x89PNG")


def test_a_rerun_progress_cell_takes_over_from_the_view_it_replaced(replies: Path) -> None:
    from simulator.widgets.store import ReplyStore

    old, new = progress(str(replies)), progress(str(replies))
    ReplyStore(replies).append({"case_id": "x", "grade": {"total": 5.0}})
    assert len(new.records) == 1 and old.records == []  # only the newest view redraws
    old.refresh_button.click()
    assert len(old.records) == 1  # the older one still refreshes on request


def test_the_store_keeps_no_listener_alive() -> None:
    import gc

    from simulator.widgets import store

    class Listener:
        def heard(self, record: dict) -> None:
            raise AssertionError("a dead listener was called")

    listener = Listener()
    store.on_append("/nonexistent/replies.jsonl", listener.heard)
    del listener
    gc.collect()
    store._notify(Path("/nonexistent/replies.jsonl"), {})
    assert all(ref() is not None for _, _, ref in store._listeners)


def test_a_failing_listener_does_not_fail_the_send(replies: Path, monkeypatch) -> None:
    progress_module = importlib.import_module("simulator.widgets.progress")

    view = progress(str(replies))

    def broken(*args, **kwargs):
        raise RuntimeError("matplotlib <gone>")

    monkeypatch.setattr(progress_module, "draw_png", broken)
    widget = exercise("train_delay", "en", 0, replies_path=str(replies))
    widget.set_reply(GOOD_REPLY)
    assert widget.send() is not None and len(lines(replies)) == 1
    assert "Attempt 1" in widget.feedback.value
    assert view._pending is False  # the next Send tries again


def test_in_a_running_kernel_the_redraw_waits_until_the_send_is_done(replies: Path) -> None:
    import asyncio

    view = progress(str(replies))
    widget = exercise("train_delay", "en", 0, replies_path=str(replies))
    widget.set_reply(GOOD_REPLY)

    async def click_send() -> tuple[int, int]:
        widget.send()  # as in a comm handler: the event loop is running
        during = len(view.records)
        await asyncio.sleep(0)  # the handler returns; the loop runs what was scheduled
        return during, len(view.records)

    assert asyncio.run(click_send()) == (0, 1)


def test_progress_reads_replies_and_decisions_and_skips_the_rest() -> None:
    from simulator.widgets.progress import progress_png
    from simulator.widgets.progress_data import attempts_of

    right = {"action": "monitor", "expected": "monitor", "score": 100.0, "correct": True}
    wrong = {"action": "respond", "expected": "monitor", "score": 10.0}  # no 'correct': derived
    records = [
        {"grade": {"total": 60.0, "dimensions": {"tone": 50.0}}},
        {"grade": None, "action_grade": right},
        {"grade": {"total": 70.0, "dimensions": {}}, "action_grade": wrong},
        {"kind": "trainee", "student_id": "x"},  # other records: skipped
        {"action_grade": {"score": "n/a"}},
    ]
    read = attempts_of(records)
    assert [a.total for a in read] == [60.0, None, 70.0]
    assert [a.decision_right for a in read] == [None, True, False]
    assert read[0].dimensions == {"tone": 50.0}
    assert progress_png(records).startswith(b"\x89PNG")
