"""A crisis drill run live in a workshop (issue 13): the room's clock as pure functions, then a
real `replylab workshop serve` on a free port (SQLite, or REPLYLAB_TEST_DATABASE_URL), driven
over HTTP by the instructor and trainees in two languages, and the trainee's drill desk in the
kernel on the room's clock, through a kill -9 of the server.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
import requests

import grading
from simulator.drill import drill_run
from simulator.widgets.drill_desk import DRILL_RUBRIC
from simulator.workshop import client, drill_client, launch
from simulator.workshop import drill_clock as clock
from simulator.workshop.drill_clock import LiveDrill
from simulator.workshop.drill_feed import desk_stats, inject_times
from simulator.workshop.errors import ApiError

POST = ("Ash from the volcanic eruption in Iceland has closed the airspace, and all our "
        "departures are cancelled up to and including tomorrow, 16 April. This affects every "
        "Skylark Air departure, from every airport we serve, today and tomorrow. Please don't "
        "go to the airport. You can rebook or get a refund online at "
        "https://skylarkair.example/rebook. You're entitled to a new flight or a refund of your "
        "ticket, and while you wait we cover meals, a hotel and transport to the hotel under "
        "UK261. Our next update is at 07:45, here. We know this upends a lot of plans, and we "
        "understand how frustrating it is. /Emma, Skylark Air")  # fmt: skip
POINTING = ("Hi {name}, I understand how frustrating it is to wait for news. Everything about "
            "rebooking, refunds and hotels is in our pinned post, and we'll update it at 07:45. "
            "/Emma")  # fmt: skip


def database_url(folder: Path) -> str:
    return os.environ.get("REPLYLAB_TEST_DATABASE_URL") or f"sqlite:///{folder / 'ws.sqlite'}"


# ---- the room's clock, without a server ----------------------------------------------------


def _drill(**changes: Any) -> LiveDrill:
    base = clock.start("ash_cloud", 2, 30, 1, "d1", now=1000.0)
    return LiveDrill(**{**base.row(), **changes})


def test_the_clock_runs_from_the_start_and_stops_at_the_end() -> None:
    drill = _drill()
    assert clock.sim_time(drill, 1000.0) == 0.0 and clock.sim_time(drill, 1100.5) == 100.5
    assert clock.sim_time(drill, 900.0) == 0.0, "never before 0:00"
    assert clock.sim_time(drill, 1000.0 + 3 * 3600) == 1800.0, "it stops at the end"
    assert clock.phase(drill, 1500.0) == "running" and clock.phase(drill, 2800.0) == "over"
    assert clock.running(drill, 1500.0) and not clock.running(drill, 2800.0)
    assert not clock.running(None, 1500.0)
    with pytest.raises(ApiError, match="it is over"):
        clock.transition(drill, "hold", 2800.0)


def test_a_hold_freezes_the_clock_and_resume_goes_on_from_there() -> None:
    held = clock.transition(_drill(), "hold", 1100.0)
    assert held.held and clock.phase(held, 1150.0) == "held"
    assert clock.sim_time(held, 1100.0) == clock.sim_time(held, 1500.0) == 100.0
    with pytest.raises(ApiError, match="already held") as twice:
        clock.transition(held, "hold", 1200.0)
    assert twice.value.status == 409
    resumed = clock.transition(held, "resume", 1400.0)  # held for 300 s
    assert not resumed.held and clock.sim_time(resumed, 1400.0) == 100.0
    assert clock.sim_time(resumed, 1410.0) == 110.0
    with pytest.raises(ApiError, match="not held"):
        clock.transition(resumed, "resume", 1420.0)


def test_fire_next_jumps_to_the_next_inject_held_or_not() -> None:
    times = inject_times("ash_cloud")
    assert times[0] == 0.0 and times == sorted(times) and len(times) >= 5
    drill = _drill()
    assert clock.next_inject(drill, 1010.0, times) == times[1]
    jumped = clock.transition(drill, "next", 1010.0, times)
    assert clock.sim_time(jumped, 1010.0) == times[1]
    assert clock.sim_time(jumped, 1020.0) == times[1] + 10, "and runs on from there"
    held = clock.transition(clock.transition(jumped, "hold", 1020.0), "next", 1030.0, times)
    assert clock.sim_time(held, 1030.0) == clock.sim_time(held, 1090.0) == times[2]
    last = held
    for _ in times[3:]:
        last = clock.transition(last, "next", 1100.0, times)
    assert clock.sim_time(last, 1100.0) == times[-1]
    with pytest.raises(ApiError) as none_left:
        clock.transition(last, "next", 1100.0, times)
    assert none_left.value.code == "no_next_inject"


def test_stop_keeps_the_clock_where_it_was() -> None:
    stopped = clock.transition(_drill(), "stop", 1200.0)
    assert clock.phase(stopped, 1300.0) == "stopped" and not clock.running(stopped, 1300.0)
    assert clock.sim_time(stopped, 5000.0) == 200.0
    held_then_stopped = clock.transition(clock.transition(_drill(), "hold", 1050.0), "stop",
                                         1200.0)  # fmt: skip
    assert clock.sim_time(held_then_stopped, 5000.0) == 50.0
    for action in ("hold", "resume", "next", "stop"):
        with pytest.raises(ApiError, match="stopped"):
            clock.transition(stopped, action, 1300.0, [0.0, 900.0])
    with pytest.raises(ApiError) as unknown:
        clock.transition(_drill(), "rewind", 1100.0)
    assert unknown.value.status == 404


def test_drill_settings_are_checked_field_by_field() -> None:
    assert clock.validate_drill({"drill": "winter_rail", "seed": 4}) == ("winter_rail", 4)
    assert clock.validate_drill({"drill": "ash_cloud"}) == ("ash_cloud", 0)
    for spec, name in (({"drill": "ash_clod"}, "drill"), ({}, "drill"), ({"drill": 3}, "drill"),
                       ({"drill": "ash_cloud", "seed": -1}, "seed"),
                       ({"drill": "ash_cloud", "seed": "x"}, "seed")):  # fmt: skip
        with pytest.raises(ApiError) as bad:
            clock.validate_drill(spec)
        assert bad.value.status == 400 and f"'{name}'" in bad.value.message


def test_backlog_and_breaches_follow_the_service_level() -> None:
    run = drill_run("ash_cloud", "en", 2)
    first = run.arrivals[0]  # on Twitter: 15 minutes
    assert first.case.channel == "twitter"
    early = desk_stats(run, {}, first.at_s + 60)
    assert early["backlog"] == early["arrived"] >= 1 and early["breaches"] == 0
    late = desk_stats(run, {}, first.at_s + 15 * 60)
    assert late["waiting_late"] >= 1 and late["breaches"] == late["waiting_late"]
    answered_late = desk_stats(run, {first.case.id: first.at_s + 16 * 60}, first.at_s + 17 * 60)
    assert answered_late["answered_late"] == 1 and answered_late["answered"] == 1
    assert answered_late["backlog"] == answered_late["arrived"] - 1
    special = next(a for a in run.arrivals if a.case.id.endswith("customer2"))  # the insulin
    answered = {a.case.id: a.at_s for a in run.arrivals if a is not special}
    at_8 = desk_stats(run, answered, special.at_s + 8 * 60)
    assert at_8["waiting_late"] == 1, "a special case breaches at half the level (7.5 min)"


def test_the_server_clock_counts_on_between_fetches_and_never_advances() -> None:
    now = [100.0]
    answers = [{"sim_s": 50.0, "phase": "running", "end_s": 1800.0}]
    server = drill_client.ServerClock(lambda: answers[-1], cache_s=2.0, monotonic=lambda: now[0])
    assert server.now() == 50.0
    now[0] += 1.5
    assert server.now() == 51.5 and server.advance(600) == 51.5
    answers.append({"sim_s": 400.0, "phase": "held", "end_s": 1800.0, "held": True})
    now[0] += 1.0  # past the cache: asks again
    assert server.now() == 400.0
    now[0] += 1.0
    assert server.now() == 400.0 and server.phase == "held"


def test_the_server_clock_stops_when_the_room_moves_on_and_backs_off_when_unreachable() -> None:
    now = [100.0]
    calls = [0]
    answers: list[Any] = [{"id": "d1", "sim_s": 50.0, "phase": "running", "end_s": 1800.0}]

    def fetch() -> dict[str, Any]:
        calls[0] += 1
        if isinstance(answers[-1], Exception):
            raise answers[-1]
        return dict(answers[-1])

    server = drill_client.ServerClock(fetch, cache_s=2.0, monotonic=lambda: now[0])
    assert server.now() == 50.0
    answers.append(requests.ConnectionError("down"))
    now[0] += 3.0
    assert server.now() == 53.0, "unreachable: it counts on from the last answer"
    asked = calls[0]
    for _ in range(20):  # every redraw asks for the time: not a request each
        server.now()
    assert calls[0] == asked
    answers.append({"id": "d2", "sim_s": 5.0, "phase": "running", "end_s": 1800.0})
    now[0] += 3.0
    assert server.now() == 56.0 and server.phase == "stopped", "another drill is not ours"
    now[0] += 10.0
    assert server.now() == 56.0


def test_revision_0003_adds_the_drill_tables_to_a_room_of_0002_and_goes_back(
        tmp_path: Path) -> None:  # fmt: skip
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import inspect, text

    from simulator.workshop import db

    engine = db.make_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    config = Config()
    config.set_main_option("script_location", str(db.MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        connection.execute(text("insert into workshops values ('w1', 'AAAA-BBBB', 'h', 1.0, "
                                "null, 0, '{}', null)"))
        connection.execute(text("insert into trainees values ('t1', 'w1', 1, 'Anna', 'th', 2.0, "
                                "null)"))
    db.upgrade(engine)
    drill_tables = {"drills", "drill_seats", "drill_replies", "drill_posts"}
    assert drill_tables <= set(inspect(engine).get_table_names())
    with engine.begin() as connection:
        assert connection.execute(text("select name from trainees")).scalar() == "Anna"
        connection.execute(db.drills.insert().values(
            id="d1", workshop_id="w1", number=1, drill="ash_cloud", seed=0, minutes=30,
            started_at=3.0, created_at=3.0, held=False, offset_s=0.0))
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    assert not drill_tables & set(inspect(engine).get_table_names())
    engine.dispose()


# ---- the real server -----------------------------------------------------------------------


class Room:
    """The instructor's and the trainees' calls to one server."""

    def __init__(self, server: launch.Running) -> None:
        self.server = server
        self.http = requests.Session()

    def call(self, method: str, path: str, *, token: str | None = None, key: bool = False,
             json: Any = None) -> requests.Response:  # fmt: skip
        headers = {}
        if key:
            headers["X-Workshop-Key"] = self.server.key
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return self.http.request(method, self.server.url + path, json=json, headers=headers,
                                 timeout=30)  # fmt: skip

    def control(self, action: str, body: Any = None, status: int = 200) -> dict[str, Any]:
        response = self.call("POST", f"/api/control/drill/{action}", key=True, json=body or {})
        assert response.status_code == status, response.text
        return dict(response.json())

    def feed(self) -> dict[str, Any]:
        response = self.call("GET", "/api/control/drill", key=True)
        assert response.status_code == 200, response.text
        return dict(response.json())

    def join(self, name: str) -> str:
        response = self.call("POST", "/api/join", json={"code": self.server.code, "name": name})
        assert response.status_code == 201, response.text
        return str(response.json()["token"])

    def state(self, token: str) -> dict[str, Any]:
        response = self.call("GET", "/api/drill", token=token)
        assert response.status_code == 200, response.text
        return dict(response.json())


def _row(feed: dict[str, Any], name: str) -> dict[str, Any]:
    return next(t for t in feed["trainees"] if t["name"] == name)


def _local_grade(state: dict[str, Any], case_id: str, text: str, pinned: str | None) -> Any:
    run = drill_run(state["drill"]["drill"], state["locale"], state["drill"]["seed"])
    arrival = next(a for a in run.arrivals if a.case.id == case_id)
    sim_s = state["drill"]["sim_s"]
    return grading.grade(text, run.case_at(arrival.case, sim_s), latency_s=round(
        sim_s - arrival.at_s, 1), rubric=DRILL_RUBRIC, pinned=pinned)


def test_a_live_drill_for_the_room(tmp_path: Path) -> None:
    server = launch.start(database_url(tmp_path), tmp_path)
    room = Room(server)
    try:
        assert room.feed()["drill"] is None
        anna, bob, cleo = room.join("Anna"), room.join("Bob"), room.join("<b>Cleo</b>")
        assert room.state(anna)["drill"] is None
        for body, name in (({"drill": "ash_clod"}, "drill"), ({"seed": 1}, "drill"),
                           ({"drill": "ash_cloud", "seed": -5}, "seed")):  # fmt: skip
            bad = room.control("start", body, status=400)
            assert f"'{name}'" in bad["message"] and bad["field"] == name
        assert room.control("hold", status=404)["error"] == "no_drill"

        started = room.control("start", {"drill": "ash_cloud", "seed": 2}, status=201)
        assert started["phase"] == "running" and started["clock"] == "07:30"
        assert room.control("start", {"drill": "winter_rail"}, status=409)["error"] == \
            "drill_running"
        room.control("hold")
        assert room.state(anna)["seated"] is False
        sv = room.call("POST", "/api/drill/join", token=anna, json={"locale": "sv"}).json()
        en = room.call("POST", "/api/drill/join", token=bob, json={"locale": "en"}).json()
        assert (sv["locale"], en["locale"]) == ("sv", "en")
        again = room.call("POST", "/api/drill/join", token=bob, json={"locale": "sv"}).json()
        assert again["locale"] == "en", "the first language stays"
        bad = room.call("POST", "/api/drill/join", token=cleo, json={"locale": "fi"})
        assert bad.status_code == 400 and bad.json()["field"] == "locale"
        room.call("POST", "/api/drill/join", token=cleo, json={"locale": "en"})

        # the same injects at the same simulated moment, in each trainee's language
        def seen(token: str) -> tuple[float, list[tuple[float, str]]]:
            state = room.state(token)
            return state["drill"]["sim_s"], [(e["at_s"], e["kind"]) for e in state["events"]]

        assert seen(anna) == seen(bob) and seen(anna)[1] == [(0.0, "start")]
        assert room.state(anna)["events"][0]["headline"] != room.state(bob)["events"][0][
            "headline"], "each in their own language"
        time.sleep(1.1)
        assert seen(anna) == seen(bob), "held: the clock does not move"
        times = inject_times("ash_cloud")
        for expected in times[1:3]:
            jumped = room.control("next")
            assert jumped["sim_s"] == expected and jumped["held"]
            assert seen(anna) == seen(bob) and seen(anna)[0] == expected
        assert [k for _t, k in seen(bob)[1]] == ["start", "wave", "post"]

        # Bob pins a post and answers with a reply pointing to it; Cleo the same reply, no post
        bob_state = room.state(bob)
        cases = {a["case"]["id"]: a["case"] for a in bob_state["arrivals"]}
        assert len(cases) >= 3 and all(a["at_s"] <= bob_state["drill"]["sim_s"]
                                       for a in bob_state["arrivals"])
        before = _row(room.feed(), "Bob")
        assert before["backlog"] == len(cases) and before["answered"] == 0
        assert before["pinned_score"] is None
        pinned = room.call("POST", "/api/drill/post", token=bob, json={"post": POST, "total": 0})
        assert pinned.status_code == 201, pinned.text
        run = drill_run("ash_cloud", "en", 2)
        expected_post = grading.grade_post(POST, run.post_case(bob_state["drill"]["sim_s"]))
        assert pinned.json()["total"] == round(expected_post.total, 1) > 50
        case_id, case = next(iter(cases.items()))
        text = POINTING.format(name=case["customer"]["name"].split()[0])
        forged = {"case_id": case_id, "action": "respond", "reply": text, "total": 100,
                  "points": 100, "latency_s": 0, "grade": {"total": 100}, "sim_s": 0,
                  "pinned": "", "case": {**case, "facts": []}}  # fmt: skip
        mine = room.call("POST", "/api/drill/replies", token=bob, json=forged)
        theirs = room.call("POST", "/api/drill/replies", token=cleo, json=forged)
        assert mine.status_code == theirs.status_code == 201, (mine.text, theirs.text)
        with_post, without = mine.json(), theirs.json()
        state_now = room.state(bob)
        assert with_post["grade"] == _local_grade(state_now, case_id, text, POST).to_dict()
        assert without["grade"] == _local_grade(state_now, case_id, text, None).to_dict()
        assert with_post["total"] > without["total"], "pointing to the pinned post counts"
        assert any(f["criterion"] == "facts.in_pinned" for f in with_post["grade"]["findings"])
        arrived = next(a["at_s"] for a in bob_state["arrivals"] if a["case"]["id"] == case_id)
        assert with_post["latency_s"] == round(state_now["drill"]["sim_s"] - arrived, 1) > 0
        assert with_post["points"] != 100 and with_post["sim_s"] == state_now["drill"]["sim_s"]

        # one answer per post; bad input is a 400 naming the field, never a 500
        twice = room.call("POST", "/api/drill/replies", token=bob, json=forged)
        assert twice.status_code == 409 and twice.json()["error"] == "already_answered"
        for body, name in (({"case_id": "nope", "action": "respond", "reply": "Hi"}, "case_id"),
                           ({"case_id": case_id, "action": "shout", "reply": "Hi"}, "action"),
                           ({"action": "respond", "reply": "Hi"}, "case_id"),
                           ({"case_id": case_id, "action": "respond", "reply": 3}, "reply")):
            response = room.call("POST", "/api/drill/replies", token=anna, json=body)
            assert 400 <= response.status_code < 500, response.text
            assert f"'{name}'" in response.json()["message"], response.text
        later = max(a.case.id for a in run.arrivals if a.at_s > state_now["drill"]["sim_s"])
        early = room.call("POST", "/api/drill/replies", token=bob,
                          json={"case_id": later, "action": "monitor"})  # fmt: skip
        assert early.status_code == 409 and early.json()["error"] == "not_arrived"
        assert room.call("POST", "/api/drill/post", token=bob, json={"post": " "}).json()[
            "error"] == "empty_post"

        # a trainee reaches only their own work
        assert [r["case_id"] for r in room.state(bob)["my_replies"]] == [case_id]
        assert room.state(anna)["my_replies"] == [] and room.state(anna)["pinned"] is None
        other = room.call("GET", f"/api/drill/replies/{with_post['reply_id']}", token=cleo)
        assert other.status_code == 404 and other.json()["error"] == "unknown_reply"
        own = room.call("GET", f"/api/drill/replies/{with_post['reply_id']}", token=bob)
        assert own.status_code == 200 and own.json()["total"] == with_post["total"]
        assert room.call("GET", "/api/drill").status_code == 401
        assert room.call("GET", "/api/control/drill").status_code == 401

        # the control feed: backlogs shrink with answers, breaches grow with the clock
        feed = room.feed()
        bob_row = _row(feed, "Bob")
        assert bob_row["answered"] == 1 and bob_row["backlog"] == before["backlog"] - 1
        assert bob_row["pinned_score"] == round(expected_post.total, 1) and _row(feed, "Anna")[
            "pinned_score"] is None
        assert {t["locale"] for t in feed["trainees"]} == {"sv", "en"}
        assert _row(feed, "Anna")["breaches"] == 0
        while room.feed()["drill"]["sim_s"] < 18 * 60:
            room.control("next")
        later_feed = room.feed()
        assert later_feed["drill"]["held"] and later_feed["drill"]["clock"] == "07:48"
        assert _row(later_feed, "Anna")["breaches"] > 0, "her first post waited > 15 min"
        bob_late = _row(later_feed, "Bob")
        assert bob_late["answered_late"] == 0, "he answered his first in time"
        assert bob_late["breaches"] == bob_late["waiting_late"], "only what still waits"
        room.control("next")
        late = room.feed()
        assert late["drill"]["clock"] == "07:50"
        for name in ("Anna", "Bob", "<b>Cleo</b>"):
            row = _row(late, name)
            assert row["breaches"] == row["waiting_late"] > 0, row
            assert row["backlog"] > _row(feed, name)["backlog"]
        assert len(late["drill"]["events"]) > len(feed["drill"]["events"])

        resumed = room.control("resume")
        time.sleep(1.2)
        assert room.state(anna)["drill"]["sim_s"] > resumed["sim_s"], "resumed: it runs"
        stopped = room.control("stop")
        assert stopped["phase"] == "stopped"
        after = room.call("POST", "/api/drill/replies", token=anna,
                          json={"case_id": case_id, "action": "monitor"})  # fmt: skip
        assert after.status_code == 409 and after.json()["error"] == "drill_stopped"
        # the debrief: every reply and pinned post in the exports, graded by the server
        results = room.call("GET", "/api/control/export.json", key=True).json()["drill_results"]
        mine = [r for r in results if r["name"] == "Bob"]
        assert {r["kind"] for r in mine} == {"reply", "pinned_post"}, mine
        assert all(r["drill"] == "ash_cloud" and r["findings"] for r in mine)
        csv_text = room.call("GET", "/api/control/export-drills.csv", key=True).text
        assert csv_text.startswith("drill,drill_number,seed,trainee,name,locale,kind")
        assert "<b>Cleo</b>" in csv_text and len(csv_text.splitlines()) == len(results) + 1
        assert room.call("GET", "/api/control/export-drills.csv", token=anna).status_code in (
            401, 403)
        room.control("start", {"drill": "bank_lockout", "seed": 1}, status=201)
        assert room.state(bob)["seated"] is False, "a new drill: everyone joins it again"
    finally:
        assert launch.stop(server.process) == 0, server.log()
        assert "Traceback" not in server.log(), server.log()


# ---- the trainee's desk in the kernel --------------------------------------------------------


def _records(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _port(server: launch.Running) -> int:
    return int(server.url.rsplit(":", 1)[1])


def test_the_drill_desk_follows_the_room_and_the_server_grades(tmp_path: Path) -> None:
    server = launch.start(database_url(tmp_path), tmp_path / "server")
    room = Room(server)
    try:
        session = client.join(server.code, name="Dora", url=server.url, folder=tmp_path)
        with pytest.raises(client.WorkshopError, match="drill"):
            session.drill("en")
        room.control("start", {"drill": "ash_cloud", "seed": 2}, status=201)
        room.control("hold")
        desk = session.drill("en")
        assert desk.run.locale == "en" and desk.run.drill.id == "ash_cloud"
        assert desk.now() == room.feed()["drill"]["sim_s"] < 5
        desk.wait()
        assert desk.now() < 5, "the room's clock: waiting does not move it"
        desk.server_clock.cache_s = 0.0
        assert desk.tick() is False, "nothing changed in the room: no redraw"
        room.control("next")
        room.control("next")
        assert desk.tick() is True, "the page's tick redraws the desk after the jump"
        assert desk.now() == 210.0 and desk.queue(), "it follows the instructor's jump"
        assert "The instructor has paused the clock" in desk.header.value
        assert desk.ticker.layout.display == "none"  # the page ticks; nothing to see
        grade = desk.pin(POST)
        assert grade is not None and grade.total == room.feed()["trainees"][0]["pinned_score"]
        ticket = desk.open_next()
        assert ticket is not None
        desk.choose("respond")
        desk.set_reply(POINTING.format(name=ticket.case.customer.name.split()[0]))
        graded = desk.send()
        [row] = room.feed()["trainees"]
        assert row["answered"] == 1 and row["name"] == "Dora"
        assert graded.total == ticket.grade.total and "rl-feedback" in desk.feedback.value
        assert ticket.answered and ticket.points is not None
        journal = _records(tmp_path / client.JOURNAL)
        assert [r["type"] for r in journal] == ["join", "drill_post", "ack", "drill_reply",
                                                "ack"]  # fmt: skip
        attempts = _records(tmp_path / "replylab_replies.jsonl")
        assert [a["mode"] for a in attempts] == ["workshop_drill_post", "workshop_drill"]
        assert attempts[1]["grade"]["total"] == graded.total

        # a kernel restart: the desk comes back with the server's records
        again = client.join(server.code, name="Dora", url=server.url, folder=tmp_path).drill()
        back = next(t for t in again.tickets if t.id == ticket.id)
        assert back.answered and back.grade.total == graded.total
        assert again.pinned == POST and again.post_grade.total == grade.total
        assert again.run.locale == "en"
    finally:
        launch.kill_hard(server.process)
    # the server is down: the reply is kept in the journal and sent once it is back
    nxt = again.open_next()
    assert nxt is not None
    again.choose("monitor")
    assert again.send() is None and "sent when the server is back" in again.feedback.value
    assert len(drill_client.pending(session)) == 1
    restarted = launch.start(server.db_url, tmp_path / "server", new=False, port=_port(server))
    try:
        assert again.sync() == 1 and drill_client.pending(session) == []
        row = Room(restarted).feed()["trainees"][0]
        assert row["answered"] == 2, row
        assert next(t for t in again.tickets if t.id == nxt.id).action_grade is not None
        assert drill_client.resend_pending(session) == 0
        assert Room(restarted).feed()["trainees"][0]["answered"] == 2, "stored once"
    finally:
        assert launch.stop(restarted.process) == 0, restarted.log()
