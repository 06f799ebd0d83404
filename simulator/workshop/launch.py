"""Start `replylab workshop serve` as a child process and wait until it takes requests.

Shared by the tests and bench/bench_workshop.py, which must drive a real server over real
HTTP (and kill it with -9 to prove that nothing acknowledged is lost).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Running:
    """A server started by `start`: its process, addresses and secrets."""

    process: subprocess.Popen[bytes]
    url: str
    code: str
    key: str
    db_url: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def start(
    db_url: str, folder: Path, *, new: bool = True, port: int = 0, timeout_s: float = 60.0,
    extra_args: tuple[str, ...] = (),
) -> Running:
    """Start a server on 127.0.0.1 with its files in `folder`; return once it answers."""
    folder.mkdir(parents=True, exist_ok=True)
    out_path = folder / f"serve-{time.monotonic_ns()}.out"
    log_path = out_path.with_suffix(".log")
    command = [sys.executable, "-m", "simulator.cli", "workshop", "serve", "--json",
               "--port", str(port), "--db", db_url]  # fmt: skip
    if new:
        command.append("--new")
    command.extend(extra_args)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    with open(out_path, "wb") as out, open(log_path, "wb") as err:
        process = subprocess.Popen(command, cwd=folder, env=env, stdout=out, stderr=err,
                                   stdin=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        text = out_path.read_text(encoding="utf-8", errors="replace")
        if text.endswith("\n"):
            info = json.loads(text.splitlines()[0])
            base = info["trainee_url"].rstrip("/")
            running = Running(process, base, info["code"], info["key"], db_url, log_path)
            _wait_healthy(running, deadline)
            return running
        if process.poll() is not None:
            raise RuntimeError(f"the workshop server exited early:\n{log_path.read_text()}")
        time.sleep(0.05)
    stop(process)
    raise TimeoutError(f"the workshop server did not start in {timeout_s:.0f} s")


def _wait_healthy(running: Running, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(running.url + "/api/health", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError("the workshop server printed its addresses but does not answer")


def stop(process: subprocess.Popen[bytes], timeout_s: float = 15.0) -> int:
    """SIGTERM, then SIGKILL if it has not ended in time; returns the exit status."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout_s)
    return int(process.returncode)


def kill_hard(process: subprocess.Popen[bytes]) -> None:
    """kill -9: no shutdown code runs, as when a laptop's lid closes on a crash."""
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=15)
