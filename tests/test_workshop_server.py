"""The workshop server (issue 12) over real HTTP: a real `replylab workshop serve` process on a
free port, driven with requests and stopped by its pid.

The database comes from REPLYLAB_TEST_DATABASE_URL when it is set (the same tests against
PostgreSQL in CI), else a SQLite file in the test's temporary folder.
"""

from __future__ import annotations

import csv
import io
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

import grading
from simulator.generate import generate
from simulator.workshop import launch

GOOD = ("Hi {name}, I'm so sorry about the wait and the cold. Train {train} is delayed by "
        "{delay} minutes because of {cause}; it should now arrive at {arrival}. I'll post an "
        "update here as soon as I know more. /Anna")  # fmt: skip


def database_url(folder: Path) -> str:
    return os.environ.get("REPLYLAB_TEST_DATABASE_URL") or f"sqlite:///{folder / 'ws.sqlite'}"


class Client:
    """A thin requests wrapper: `key` for instructor calls, `token` for a trainee's."""

    def __init__(self, server: launch.Running) -> None:
        self.server = server
        self.http = requests.Session()

    def call(self, method: str, path: str, *, key: str | None = None, token: str | None = None,
             json: Any = None, data: Any = None, headers: dict[str, str] | None = None,
             ) -> requests.Response:  # fmt: skip
        all_headers = dict(headers or {})
        if key is not None:
            all_headers["X-Workshop-Key"] = key
        if token is not None:
            all_headers["Authorization"] = f"Bearer {token}"
        return self.http.request(method, self.server.url + path, json=json, data=data,
                                 headers=all_headers, timeout=30)  # fmt: skip

    def control(self, method: str, path: str, json: Any = None) -> Any:
        response = self.call(method, "/api/control" + path, key=self.server.key, json=json)
        assert response.status_code < 300, response.text
        return response.json()

    def join(self, name: str) -> dict[str, Any]:
        response = self.call("POST", "/api/join", json={"code": self.server.code, "name": name})
        assert response.status_code == 201, response.text
        return dict(response.json())

    def new_round(self, **spec: Any) -> dict[str, Any]:
        spec = {"family": "train_delay", "locale": "en", "seed": 1, "timer_s": 0, **spec}
        rnd = self.control("POST", "/rounds", spec)
        return dict(self.control("POST", f"/rounds/{rnd['id']}/start"))

    def reply(self, token: str, round_id: str, text: str, **extra: Any) -> requests.Response:
        return self.call("POST", "/api/replies", token=token,
                         json={"round_id": round_id, "text": text, **extra})  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[launch.Running]:
    folder = tmp_path_factory.mktemp("workshop")
    running = launch.start(database_url(folder), folder)
    try:
        yield running
    finally:
        assert launch.stop(running.process) == 0, running.log()
        assert "Traceback" not in running.log(), running.log()


@pytest.fixture
def client(server: launch.Running) -> Client:
    return Client(server)


def good_reply(case: Any) -> str:
    facts = {f.id: f.value for f in case.facts}
    return GOOD.format(name=case.customer.name.split()[0], train=facts.get("train", ""),
                       delay=facts.get("delay", ""), cause=facts.get("cause", ""),
                       arrival=facts.get("new_arrival", ""))  # fmt: skip


def test_join_normalises_the_code_and_refuses_a_wrong_one(client: Client) -> None:
    code = client.server.code
    typed = code.replace("-", " ").lower()
    response = client.call("POST", "/api/join", json={"code": typed, "name": "  Anna   Berg "})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["name"] == "Anna Berg" and len(body["token"]) >= 40
    me = client.call("GET", "/api/me", token=body["token"]).json()
    assert me["trainee"] == body["trainee"]
    wrong = client.call("POST", "/api/join", json={"code": "AAAA-AAAA", "name": "Eve"})
    assert wrong.status_code == 403 and wrong.json()["error"] == "bad_code"
    nameless = client.call("POST", "/api/join", json={"code": code, "name": "   "})
    assert nameless.status_code == 400 and nameless.json()["error"] == "bad_name"


def test_reply_is_graded_by_the_server_and_a_client_score_is_ignored(client: Client) -> None:
    anna = client.join("Anna")
    rnd = client.new_round(family="train_delay", locale="en", seed=7, minutes_since_post=12)
    seen = client.call("GET", "/api/round", token=anna["token"]).json()["round"]
    assert (seen["id"], seen["family"], seen["locale"], seen["seed"]) == (
        rnd["id"], "train_delay", "en", 7)
    case = generate(seen["family"], seen["locale"], seen["seed"])
    text = good_reply(case)
    fake = {"total": 100, "grade": {"total": 100}, "dimensions": {"tone": 100}}
    sent = client.reply(anna["token"], rnd["id"], text, client_id="r1", **fake)
    assert sent.status_code == 201, sent.text
    stored = client.control("GET", f"/rounds/{rnd['id']}/replies")["replies"]
    [mine] = [r for r in stored if r["reply_id"] == sent.json()["reply_id"]]
    assert mine["latency_s"] >= 12 * 60
    expected = grading.grade(text, case, latency_s=mine["latency_s"])
    assert mine["total"] == expected.total and mine["grade"] == expected.to_dict()
    assert mine["total"] < 100
    before = client.call("GET", f"/api/me/replies/{mine['reply_id']}", token=anna["token"])
    assert before.json()["grade"] is None, "no grade for the trainee before the reveal"
    client.control("POST", f"/rounds/{rnd['id']}/reveal")
    after = client.call("GET", f"/api/me/replies/{mine['reply_id']}", token=anna["token"]).json()
    assert after["total"] == expected.total and after["grade"]["findings"]


def test_same_case_for_everyone_or_each_their_own_variant(client: Client) -> None:
    a, b = client.join("A"), client.join("B")
    same = client.new_round(mode="same", seed=3)
    seeds = {client.call("GET", "/api/round", token=t["token"]).json()["round"]["seed"]
             for t in (a, b)}  # fmt: skip
    assert seeds == {3}
    client.control("POST", f"/rounds/{same['id']}/lock")
    client.new_round(mode="variant", seed=3)
    seeds = {client.call("GET", "/api/round", token=t["token"]).json()["round"]["seed"]
             for t in (a, b)}  # fmt: skip
    assert seeds == {3 + a["seq"], 3 + b["seq"]} and len(seeds) == 2


def test_lock_refuses_a_late_reply_and_the_timer_closes_the_round(client: Client) -> None:
    t = client.join("Late")
    rnd = client.new_round()
    assert client.reply(t["token"], rnd["id"], "Hi, checking now. /Anna").status_code == 201
    client.control("POST", f"/rounds/{rnd['id']}/lock")
    late = client.reply(t["token"], rnd["id"], "Hi again, one more thing. /Anna")
    assert late.status_code == 409
    assert late.json()["error"] == "round_closed" and "locked" in late.json()["message"]
    timed = client.new_round(timer_s=1)
    extended = client.control("POST", f"/rounds/{timed['id']}/extend", {"seconds": 1})
    assert extended["deadline"] == pytest.approx(timed["deadline"] + 1, abs=0.5)
    time.sleep(2.0 + 2.0 + 0.5)  # timer + extension + the grace for replies on their way
    over = client.reply(t["token"], timed["id"], "Hi, sorry, checking now. /Anna")
    assert over.status_code == 409 and over.json()["phase"] == "time_up"
    waiting = client.call("POST", f"/api/control/rounds/{timed['id']}/start", key=client.server.key)
    assert waiting.status_code == 409 and waiting.json()["error"] == "bad_state"


def test_second_try_shows_the_first_feedback_and_how_the_room_moved(client: Client) -> None:
    t = client.join("Retry")
    rnd = client.new_round(seed=11)
    case = generate("train_delay", "en", 11)
    assert client.reply(t["token"], rnd["id"], "ok").status_code == 201
    client.control("POST", f"/rounds/{rnd['id']}/lock")
    reopened = client.control("POST", f"/rounds/{rnd['id']}/retry")
    assert reopened["attempt"] == 2 and reopened["state"] == "open"
    seen = client.call("GET", "/api/round", token=t["token"]).json()["round"]
    [first] = seen["my_replies"]
    assert first["attempt"] == 1 and first["grade"] is not None, "first try's feedback shown"
    second = client.reply(t["token"], rnd["id"], good_reply(case))
    assert second.status_code == 201 and second.json()["attempt"] == 2
    summary = client.control("GET", f"/rounds/{rnd['id']}/summary")
    assert [a["attempt"] for a in summary["attempts"]] == [1, 2]
    moved = summary["moved"]
    assert moved["mean_after"] > moved["mean_before"]
    assert any(g["criterion"] == "tone.too_short" for g in moved["gone"])


def test_starting_a_round_locks_the_one_still_open(client: Client) -> None:
    t = client.join("Slow")
    old = client.new_round()
    client.new_round(family="praise")
    late = client.reply(t["token"], old["id"], "Hi, checking now. /Slow")
    assert late.status_code == 409 and late.json()["phase"] == "locked"


def test_next_makes_the_following_round_current(client: Client) -> None:
    first = client.new_round()
    queued = client.control("POST", "/rounds", {"family": "praise", "locale": "sv", "seed": 2})
    assert client.control("GET", "/state")["current_round"] == first["id"]
    nxt = client.control("POST", "/next")
    assert nxt["id"] == queued["id"] and nxt["state"] == "ready"
    t = client.join("Waiter")
    assert client.call("GET", "/api/round", token=t["token"]).json()["round"] is None
    client.control("POST", f"/rounds/{queued['id']}/start")
    assert client.call("GET", "/api/round", token=t["token"]).json()["round"]["locale"] == "sv"
    again = client.call("POST", "/api/control/next", key=client.server.key)
    assert again.status_code == 409 and again.json()["error"] == "no_next_round"


def test_a_resent_reply_is_stored_once(client: Client) -> None:
    t = client.join("Resender")
    rnd = client.new_round()
    first = client.reply(t["token"], rnd["id"], "Hi, checking it now. /Anna", client_id="x-1")
    again = client.reply(t["token"], rnd["id"], "Hi, checking it now. /Anna", client_id="x-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["duplicate"] and again.json()["reply_id"] == first.json()["reply_id"]
    mine = client.call("GET", "/api/me/replies", token=t["token"]).json()["replies"]
    assert [r["client_id"] for r in mine] == ["x-1"]


def test_export_per_trainee_and_round_as_csv_and_json(client: Client) -> None:
    t = client.join("=HYPERLINK(\"http://x\")")
    rnd = client.new_round(seed=21)
    sent = client.reply(t["token"], rnd["id"], "Hi, I'll check now. /Anna").json()
    exported = client.call("GET", "/api/control/export.csv", key=client.server.key)
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    [row] = [r for r in rows if r["reply_id"] == sent["reply_id"]]
    assert row["name"].startswith("'="), "a formula in a name is defused"
    assert row["round"] == str(rnd["number"]) and row["family"] == "train_delay"
    assert float(row["total"]) >= 0 and row["tone"] != ""
    data = client.call("GET", "/api/control/export.json", key=client.server.key).json()
    [result] = [r for r in data["results"] if r["reply_id"] == sent["reply_id"]]
    assert result["findings"] and {"criterion", "points", "spans", "tip"} <= set(
        result["findings"][0])
    assert result["name"].startswith("=HYPERLINK"), "JSON keeps the text as it is"


CONTROL_CALLS = [
    ("GET", "/api/control/state"), ("POST", "/api/control/rounds"),
    ("GET", "/api/control/rounds/R/replies"), ("GET", "/api/control/rounds/R/summary"),
    ("POST", "/api/control/rounds/R/start"), ("POST", "/api/control/rounds/R/lock"),
    ("POST", "/api/control/rounds/R/reveal"), ("POST", "/api/control/rounds/R/retry"),
    ("POST", "/api/control/rounds/R/extend"), ("POST", "/api/control/next"),
    ("POST", "/api/control/replies/X"), ("POST", "/api/control/projector"),
    ("GET", "/api/projector"), ("GET", "/api/control/export.csv"),
    ("GET", "/api/control/export.json"), ("GET", "/api/control/events"),
]  # fmt: skip


def test_key_and_token_rules(client: Client) -> None:
    a, b = client.join("A"), client.join("B")
    rnd = client.new_round()
    mine = client.reply(a["token"], rnd["id"], "Hi, I'll check. /A").json()
    for method, path in CONTROL_CALLS:
        path = path.replace("/R/", f"/{rnd['id']}/").replace("/X", f"/{mine['reply_id']}")
        assert client.call(method, path).status_code == 401, path
        for wrong in ("not-the-key", a["token"], client.server.key[:-1]):
            response = client.call(method, path, key=wrong)
            assert response.status_code == 403 and response.json()["error"] == "bad_key", path
            response = client.call(method, path, token=wrong)
            assert response.status_code == 403, path
    other = client.call("GET", f"/api/me/replies/{mine['reply_id']}", token=b["token"])
    assert other.status_code == 404, "another trainee's reply does not exist for B"
    assert client.call("GET", "/api/me/replies", token=b["token"]).json()["replies"] == []
    for token in (None, "forged"):
        response = client.reply(token, rnd["id"], "hi") if token else client.call(
            "POST", "/api/replies", json={"round_id": rnd["id"], "text": "hi"})
        assert response.status_code == 401, response.text
    ok = client.call("GET", "/api/control/state", headers={"Authorization":
                                                           f"Bearer {client.server.key}"})
    assert ok.status_code == 200


def test_bad_input_gets_a_clear_4xx_never_a_500(client: Client) -> None:
    t = client.join("Careless")
    rnd = client.new_round()
    key = client.server.key
    cases: list[tuple[requests.Response, int, str]] = [
        (client.call("POST", "/api/replies", token=t["token"], data=b"{not json"),
         400, "invalid_json"),
        (client.call("POST", "/api/replies", token=t["token"], data=b"[1, 2]"),
         400, "invalid_json"),
        (client.call("POST", "/api/replies", token=t["token"], data=b"\xff\xfe"),
         400, "invalid_json"),
        (client.reply(t["token"], "no-such-round", "hi"), 404, "unknown_round"),
        (client.reply(t["token"], rnd["id"], "x" * 5001), 413, "reply_too_long"),
        (client.call("POST", "/api/replies", token=t["token"], data=b"x" * 70_000),
         413, "too_large"),
        (client.call("POST", "/api/replies", token=t["token"], json={"round_id": rnd["id"]}),
         400, "missing_field"),
        (client.call("POST", "/api/replies", token=t["token"],
                     json={"round_id": rnd["id"], "text": 42}), 400, "bad_field"),
        (client.reply(t["token"], rnd["id"], "   "), 400, "empty_reply"),
        (client.call("POST", "/api/control/rounds", key=key, json={"family": "nope"}),
         400, "unknown_family"),
        (client.call("POST", "/api/control/rounds", key=key,
                     json={"family": "praise", "locale": "de"}), 400, "unknown_locale"),
        (client.call("POST", "/api/control/rounds", key=key,
                     json={"family": "praise", "timer_s": -5}), 400, "bad_field"),
        (client.call("POST", "/api/control/rounds", key=key,
                     json={"family": "praise", "seed": "seven"}), 400, "bad_field"),
        (client.call("POST", f"/api/control/rounds/{rnd['id']}/explode", key=key),
         404, "unknown_action"),
        (client.call("POST", "/api/control/rounds/nope/lock", key=key), 404, "unknown_round"),
        (client.call("POST", "/api/control/replies/nope", key=key, json={"starred": True}),
         404, "unknown_reply"),
        (client.call("POST", "/api/control/projector", key=key, json={"view": "<b>"}),
         400, "bad_field"),
        (client.call("GET", "/api/nothing-here"), 404, "not_found"),
        (client.call("DELETE", "/api/replies", token=t["token"]), 405, "method_not_allowed"),
        (client.call("POST", "/api/join", data=b"null"), 400, "invalid_json"),
        (client.reply(t["token"], rnd["id"], "Hi\x00 there"), 400, "bad_text"),
        (client.call("POST", "/api/replies", token=t["token"],
                     data=b'{"round_id": "%s", "text": "Hi \\ud800"}' % rnd["id"].encode()),
         400, "bad_text"),
        (client.call("POST", "/api/join", json={"code": client.server.code, "name": "A\x00"}),
         400, "bad_text"),
        (client.call("POST", "/api/join", json={"code": client.server.code, "name": "x" * 61}),
         400, "bad_name"),
    ]  # fmt: skip
    for response, status, error in cases:
        assert response.status_code == status, (response.request.url, response.text)
        body = response.json()
        assert body["error"] == error and body["message"], body
        assert "Traceback" not in response.text


def test_star_hide_verdict_and_the_anonymised_masked_projector(client: Client) -> None:
    a, b = client.join("Anna Secret"), client.join("Bo")
    rnd = client.new_round()
    text_a = "Hi, please never post 4111 1111 1111 1111 here; write to a@b.se. I'll check. /Anna"
    ra = client.reply(a["token"], rnd["id"], text_a).json()
    rb = client.reply(b["token"], rnd["id"], "Hi Bo here, I'll check it now. /Bo").json()
    starred = client.control("POST", f"/replies/{ra['reply_id']}",
                             {"starred": True, "verdict": "too_harsh", "comment": "fine"})
    assert starred["starred"] and starred["verdict"] == "too_harsh"
    client.control("POST", f"/replies/{rb['reply_id']}", {"starred": True, "hidden": True})
    client.control("POST", "/projector", {"view": "starred"})
    wall = client.call("GET", "/api/projector", key=client.server.key).json()
    assert "summary" not in wall and wall["answered"] >= 2, "nothing but counts before reveal"
    client.control("POST", f"/rounds/{rnd['id']}/reveal")
    wall = client.call("GET", "/api/projector", key=client.server.key).json()
    assert [r["reply_id"] for r in wall["starred"]] == [ra["reply_id"]], "hidden stays off"
    shown = "".join(s["text"] for s in wall["starred"][0]["segments"])
    assert "4111" not in shown and "a@b.se" not in shown and "••••" in shown
    assert wall["starred"][0]["who"] == f"Trainee {a['seq']}" and "Secret" not in str(wall)
    client.control("POST", "/projector", {"view": "starred", "names": True})
    wall = client.call("GET", "/api/projector", key=client.server.key).json()
    assert wall["starred"][0]["who"] == "Anna Secret"
    client.control("POST", "/projector", {"view": "summary", "names": False})


def test_live_events_announce_replies(client: Client) -> None:
    t = client.join("Live")
    rnd = client.new_round()
    seen: list[str] = []
    url = client.server.url + f"/api/control/events?key={client.server.key}"
    with requests.get(url, stream=True, timeout=30) as stream:
        assert stream.headers["content-type"].startswith("text/event-stream")
        lines = stream.iter_lines(decode_unicode=True)
        assert next(line for line in lines if line.startswith("event:")) == "event: hello"
        client.reply(t["token"], rnd["id"], "Hi, on it now. /Live")
        for line in lines:
            if line.startswith("data:") and '"reply"' in line:
                seen.append(line)
                break
    assert rnd["id"] in seen[0]


def test_the_schema_is_migrated_by_alembic(server: launch.Running) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(server.db_url)
    with engine.connect() as conn:
        assert conn.execute(text("select version_num from alembic_version")).scalar() == "0003"
    engine.dispose()


def test_the_projector_can_show_the_join_card_with_a_qr_code(client: Client) -> None:
    client.control("POST", "/projector", {"view": "join"})
    wall = client.call("GET", "/api/projector", key=client.server.key).json()
    card = wall["join"]
    assert card["code"] == client.server.code and card["url"] == client.server.url + "/"
    assert len(card["qr"]) >= 21 and set("".join(card["qr"])) == {"0", "1"}
    client.control("POST", "/projector", {"view": "summary"})
