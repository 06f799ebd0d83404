"""The workshop server's life: kill -9 in the middle of a burst loses no acknowledged reply,
a restart goes on with the same workshop, SIGINT/SIGTERM stop it cleanly, joins are limited.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from simulator.workshop import launch

REPO = Path(__file__).resolve().parent.parent


def database_url(folder: Path) -> str:
    return os.environ.get("REPLYLAB_TEST_DATABASE_URL") or f"sqlite:///{folder / 'ws.sqlite'}"


def _join(server: launch.Running, name: str) -> str:
    response = requests.post(server.url + "/api/join", json={"code": server.code, "name": name},
                             timeout=30)  # fmt: skip
    assert response.status_code == 201, response.text
    return str(response.json()["token"])


def _control(server: launch.Running, path: str, body: dict | None = None) -> dict:
    response = requests.post(server.url + "/api/control" + path, json=body or {},
                             headers={"X-Workshop-Key": server.key}, timeout=30)  # fmt: skip
    assert response.status_code < 300, response.text
    return dict(response.json())


def test_kill_9_in_a_burst_loses_no_acknowledged_reply(tmp_path: Path) -> None:
    server = launch.start(database_url(tmp_path), tmp_path)
    try:
        tokens = [_join(server, f"T{i}") for i in range(20)]
        rnd = _control(server, "/rounds", {"family": "train_delay", "locale": "sv", "seed": 4,
                                            "timer_s": 0, "mode": "variant"})  # fmt: skip
        _control(server, f"/rounds/{rnd['id']}/start")
        acknowledged: dict[str, str] = {}  # client_id -> reply_id
        lock = threading.Lock()
        killed = threading.Event()

        def send(worker: int) -> None:
            http = requests.Session()
            for i in range(40):
                client_id = f"w{worker}-{i}"
                body = {"round_id": rnd["id"], "client_id": client_id,
                        "text": f"Hej! Vi beklagar förseningen, jag kollar nu ({i}). /Anna"}
                try:
                    response = http.post(server.url + "/api/replies", json=body, timeout=10,
                                         headers={"Authorization": f"Bearer {tokens[worker]}"})
                except requests.RequestException:
                    return  # the server is gone: this reply was never acknowledged
                if response.status_code == 201:
                    with lock:
                        acknowledged[client_id] = response.json()["reply_id"]
                if killed.is_set():
                    return

        threads = [threading.Thread(target=send, args=(w,)) for w in range(len(tokens))]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 30
        while len(acknowledged) < 150 and time.monotonic() < deadline:
            time.sleep(0.005)
        launch.kill_hard(server.process)
        killed.set()
        for thread in threads:
            thread.join(timeout=30)
        assert 150 <= len(acknowledged) < 20 * 40, "the kill must land in the middle of the burst"
    finally:
        launch.kill_hard(server.process)

    again = launch.start(server.db_url, tmp_path, new=False)
    try:
        assert again.code == server.code, "the restarted server goes on with the same workshop"
        assert again.key != server.key, "a new instructor key each start"
        stored = requests.get(again.url + f"/api/control/rounds/{rnd['id']}/replies",
                              headers={"X-Workshop-Key": again.key}, timeout=30).json()["replies"]
        stored_ids = {r["reply_id"] for r in stored}
        lost = set(acknowledged.values()) - stored_ids
        assert not lost, f"{len(lost)} acknowledged replies lost"
        assert all(r["total"] is not None for r in stored)
        # the trainees' tokens still work and the round goes on: a resend is stored once
        some = next(iter(acknowledged))
        worker = int(some[1:].split("-")[0])
        headers = {"Authorization": f"Bearer {tokens[worker]}"}
        resend = requests.post(again.url + "/api/replies", headers=headers, timeout=30, json={
            "round_id": rnd["id"], "client_id": some, "text": "Hej! Jag kollar. /Anna"})
        assert resend.status_code == 200 and resend.json()["reply_id"] == acknowledged[some]
        fresh = requests.post(again.url + "/api/replies", headers=headers, timeout=30, json={
            "round_id": rnd["id"], "client_id": "after-restart", "text": "Hej! Jag kollar. /A"})
        assert fresh.status_code == 201, fresh.text
    finally:
        assert launch.stop(again.process) == 0, again.log()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_prints_the_addresses_and_stops_cleanly(tmp_path: Path, sig: int) -> None:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    process = subprocess.Popen(
        [sys.executable, "-m", "simulator.cli", "workshop", "serve", "--port", "0"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(5)]
        text = "".join(lines)
        assert "join code:" in text and "/control#key=" in text and "/projector#key=" in text
        control = next(line for line in lines if "control:" in line).split()[-1]
        base, key = control.split("/control#key=")
        assert requests.get(base + "/api/control/state", headers={"X-Workshop-Key": key},
                            timeout=30).status_code == 200  # fmt: skip
        events = requests.get(base + f"/api/control/events?key={key}", stream=True, timeout=30)
        assert next(events.iter_lines()) == b"event: hello"
        started = time.monotonic()
        os.kill(process.pid, sig)
        assert process.wait(timeout=20) == 0
        assert time.monotonic() - started < 10
        rest = b"".join(events.iter_content(None))  # the live feed was ended, not cut off
        events.close()
        assert b"hello" not in rest
        errors = process.stderr.read() if process.stderr else ""
        assert "Traceback" not in errors and "ERROR" not in errors, errors
        assert (tmp_path / "replylab_workshop.sqlite").exists(), "default: SQLite file here"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_wrong_join_codes_are_rate_limited(tmp_path: Path) -> None:
    server = launch.start(database_url(tmp_path), tmp_path)
    try:
        statuses = []
        for _ in range(12):
            response = requests.post(server.url + "/api/join", timeout=30,
                                     json={"code": "ZZZZ-ZZZZ", "name": "Guesser"})
            statuses.append(response.status_code)
        assert statuses[:10] == [403] * 10 and statuses[10:] == [429, 429]
        assert int(response.headers["Retry-After"]) >= 1
        assert response.json()["error"] == "too_many_wrong_codes"
    finally:
        assert launch.stop(server.process) == 0


def test_a_round_file_is_loaded_once(tmp_path: Path) -> None:
    rounds = tmp_path / "rounds.yaml"
    rounds.write_text("- {family: train_delay, locale: nb, seed: 5, timer_s: 120}\n"
                      "- {family: praise, locale: sv, mode: variant}\n")
    server = launch.start(database_url(tmp_path), tmp_path, extra_args=("--rounds", str(rounds)))
    launch.kill_hard(server.process)
    again = launch.start(server.db_url, tmp_path, new=False, extra_args=("--rounds", str(rounds)))
    try:
        state = requests.get(again.url + "/api/control/state", timeout=30,
                             headers={"X-Workshop-Key": again.key}).json()
        assert [(r["number"], r["family"], r["locale"]) for r in state["rounds"]] == [
            (1, "train_delay", "nb"), (2, "praise", "sv")]
        assert state["current_round"] == state["rounds"][0]["id"]
    finally:
        assert launch.stop(again.process) == 0
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {family: nope}\n")
    result = subprocess.run([sys.executable, "-m", "simulator.cli", "workshop", "serve",
                             "--rounds", str(bad), "--db", "sqlite:///" + str(tmp_path / "x.db")],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, PYTHONPATH=str(REPO)))  # fmt: skip
    assert result.returncode == 2 and "round 1: unknown family 'nope'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--port", "99999"], "--port must be 0 to 65535"),
    (["--db", "nosuch://x"], "--db: no driver for nosuch://x"),
    (["--db", "not a url"], "--db: not a database URL"),
    (["--db", "sqlite:////nonexistent-dir/x.sqlite"], "--db: cannot open sqlite:////nonexist"),
    (["--db", "postgresql+psycopg://u:secret@127.0.0.1:9/db"], "--db: cannot open"),
])  # fmt: skip
def test_serve_mistakes_are_one_line_and_exit_2(tmp_path: Path, args: list[str],
                                                message: str) -> None:  # fmt: skip
    result = subprocess.run([sys.executable, "-m", "simulator.cli", "workshop", "serve", *args],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, PYTHONPATH=str(REPO)))  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr and "secret" not in result.stderr


def test_a_busy_port_is_one_line_and_exit_2(tmp_path: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "simulator.cli", "workshop", "serve", "--port", str(port)],
            cwd=tmp_path, capture_output=True, text=True, timeout=60,
            env=dict(os.environ, PYTHONPATH=str(REPO)))  # fmt: skip
    assert result.returncode == 2 and "Address already in use" in result.stderr
