"""The notebook client against a real workshop server: join, the widget, the trainee's own
journal, and replies resent after the server was down (kill -9) without being stored twice."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import requests

from simulator import workshop
from simulator.workshop import client, launch


def database_url(folder: Path) -> str:
    return os.environ.get("REPLYLAB_TEST_DATABASE_URL") or f"sqlite:///{folder / 'ws.sqlite'}"


def _control(server: launch.Running, path: str, body: dict | None = None) -> dict:
    response = requests.post(server.url + "/api/control" + path, json=body or {},
                             headers={"X-Workshop-Key": server.key}, timeout=30)  # fmt: skip
    assert response.status_code < 300, response.text
    return dict(response.json())


def _stored(server: launch.Running, round_id: str) -> list[dict]:
    response = requests.get(server.url + f"/api/control/rounds/{round_id}/replies",
                            headers={"X-Workshop-Key": server.key}, timeout=30)  # fmt: skip
    return list(response.json()["replies"])


def test_join_widget_send_and_feedback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = launch.start(database_url(tmp_path), tmp_path / "server")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("REPLYLAB_WORKSHOP_URL", server.url)
    try:
        session = workshop.join(server.code, name="<b>Anna</b>")
        ui = session.widget()
        assert ui.send_button.disabled and "Waiting" in ui.title.value
        rnd = _control(server, "/rounds", {"family": "train_delay", "locale": "nb", "seed": 2,
                                            "timer_s": 120})  # fmt: skip
        _control(server, f"/rounds/{rnd['id']}/start")
        ui.check_button.click()
        # the round's case in the course's own card and knowledge base, in the round's language
        assert "Runde 1, forsøk 1 · åpen" in ui.title.value and "s igjen" in ui.title.value
        assert "rl-card" in ui.panel.card.value and "@" in ui.panel.card.value
        assert ui.panel.knowledge.value and "expected" not in ui.panel.knowledge.value
        assert ui.check_button.description == "Hent runden"
        ui.reply_box.value = "Hei! Beklager forsinkelsen, jeg sjekker nå. /Anna"
        assert f"{len(ui.reply_box.value)} / " in ui.panel.counter.value
        ui.send_button.click()
        assert "Sendt." in ui.status.value, ui.status.value
        [attempt] = [json.loads(line) for line in (tmp_path / "replylab_replies.jsonl")
                     .read_text().splitlines()]  # fmt: skip
        assert attempt["mode"] == "workshop" and attempt["reply"].startswith("Hei! Beklager")
        records = [json.loads(line) for line in (tmp_path / client.JOURNAL).read_text()
                   .splitlines()]  # fmt: skip
        assert [r["type"] for r in records] == ["join", "reply", "ack"]
        _control(server, f"/rounds/{rnd['id']}/reveal")
        ui.check_button.click()
        assert "rl-feedback" in ui.feedback.value and "Tonefall" in ui.feedback.value
        [mine] = session.results()
        assert mine["grade"]["total"] == _stored(server, rnd["id"])[0]["total"]
        summary = session.summary()
        assert summary["best"]["total"] == summary["worst"]["total"] == mine["total"]
        ui.summary_button.click()
        assert "Vurderte runder: 1." in ui.feedback.value and "poeng" in ui.feedback.value
        again = workshop.join(server.code, name="<b>Anna</b>")
        assert again.trainee == session.trainee, "joining again is the same trainee"
    finally:
        assert launch.stop(server.process) == 0, server.log()


def test_a_reply_sent_while_the_server_is_down_is_resent_once(tmp_path: Path) -> None:
    server = launch.start(database_url(tmp_path), tmp_path / "server")
    try:
        session = client.join(server.code, name="Bo", url=server.url, folder=tmp_path)
        rnd = _control(server, "/rounds", {"family": "praise", "locale": "sv", "timer_s": 0})
        _control(server, f"/rounds/{rnd['id']}/start")
        first = session.send(rnd["id"], "Hej! Tack så mycket för de fina orden. /Bo")
        assert first["reply_id"]
    finally:
        launch.kill_hard(server.process)
    queued = session.send(rnd["id"], "Hej igen! Vi blir så glada. /Bo")
    assert queued["queued"] and len(session.pending()) == 1
    again = launch.start(server.db_url, tmp_path / "server", new=False, port=_port(server))
    try:
        rejoined = client.join(server.code, name="Bo", url=server.url, folder=tmp_path)
        assert rejoined.trainee == session.trainee and rejoined.pending() == []
        texts = [r["text"] for r in _stored(again, rnd["id"])]
        assert texts == ["Hej! Tack så mycket för de fina orden. /Bo",
                         "Hej igen! Vi blir så glada. /Bo"]  # fmt: skip
        assert rejoined.resend_pending() == 0 and len(_stored(again, rnd["id"])) == 2
    finally:
        assert launch.stop(again.process) == 0, again.log()


def _port(server: launch.Running) -> int:
    return int(server.url.rsplit(":", 1)[1])


def test_join_errors_are_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPLYLAB_WORKSHOP_URL", raising=False)
    with pytest.raises(client.WorkshopError, match="REPLYLAB_WORKSHOP_URL"):
        client.join("AAAA-AAAA", name="X", folder=tmp_path)
    with pytest.raises(client.WorkshopError, match="cannot reach"):
        client.join("AAAA-AAAA", name="X", url="http://127.0.0.1:9", folder=tmp_path)
