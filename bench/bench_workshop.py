"""Load on a fresh workshop server: N trainees each sending 5 replies within 10 s, then a
burst of N replies within 1 s (a timer's end). Prints the reply requests' latency
percentiles, how far behind the control page's live feed (SSE) was, and replies lost.

Targets on the 2-core box, server and load on the same machine (issue 12): steady p95 <= 100 ms
and p99 <= 250 ms, burst p95 <= 250 ms, feed p95 <= 250 ms, lost 0.

With --hub the same load goes through a real JupyterHub (issue 14): the workshop is the hub's
service, every trainee is a hub user with a hub token, and every request passes the hub's
proxy (configurable-http-proxy) and the hub's token check (cached by HubAuth). Same targets.

    .venv/bin/python bench/bench_workshop.py [--trainees 200] [--db URL] [--hub]

Ends with exactly one line:
    workshop load: <answers> answers, p50 <x> ms, p95 <y> ms, p99 <z> ms, feed p95 <w> ms, lost <n>
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection as Connection_
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.workshop import hub_launch, launch  # noqa: E402 - needs the path above

REPLY = ("Hi {n}, I'm so sorry about the wait. Your train is delayed by about 20 minutes "
         "because of a signal failure; I'll update you here as soon as I know more. /Anna")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q / 100 * len(ordered) + 0.5)) - 1))]


class Connection:
    """A minimal keep-alive HTTP/1.1 client on asyncio streams: the load generator shares the
    server's two cores, and requests' per-call cost in threads would crowd the server out."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: dict, headers: dict[str, str]) -> tuple[int, dict]:
        reused = self.writer is not None
        try:
            return await self._post(path, body, headers)
        except (ConnectionError, IndexError):
            if not reused:
                raise
        self.close()  # the server closed an idle keep-alive connection: open a new one
        self.writer = None
        return await self._post(path, body, headers)

    async def _post(self, path: str, body: dict, headers: dict[str, str]) -> tuple[int, dict]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        data = json.dumps(body).encode()
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        self.writer.write(f"POST {path} HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: "
                          f"application/json\r\nContent-Length: {len(data)}\r\n{head}\r\n"
                          .encode() + data)  # fmt: skip
        await self.writer.drain()
        status_line = await self.reader.readline()
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        payload = await self.reader.readexactly(length)
        return int(status_line.split()[1]), json.loads(payload or b"{}")

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def follow_feed(host: str, port: int, key: str, lags_ms: dict[str, float],
                      ready: asyncio.Event, prefix: str = "") -> None:  # fmt: skip
    """The control page's live feed: when each reply's event arrived, against its receipt."""
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET {prefix}/api/control/events HTTP/1.1\r\nHost: {host}\r\n"
                 f"X-Workshop-Key: {key}"
                 "\r\nAccept: text/event-stream\r\n\r\n".encode())  # fmt: skip
    await writer.drain()
    try:
        while True:
            line = await reader.readline()
            if not line:
                return
            text = line.decode("utf-8", "replace").strip()
            if text.startswith("event: hello"):
                ready.set()
            elif text.startswith("data:") and '"reply"' in text:
                now = time.time()
                event = json.loads(text[5:])
                for one in event.get("events", [event]):  # a "batch" holds several
                    if one["type"] == "reply":
                        lags_ms[one["reply"]] = (now - one["received_at"]) * 1000
    finally:
        writer.close()


def feed_process(host: str, port: int, key: str, pipe: Connection_, prefix: str) -> None:
    """The live feed in its own process, as a browser tab is: the load generator's busy event
    loop must not delay reading it. Sends the lags back when told to stop."""

    async def main() -> None:
        lags_ms: dict[str, float] = {}
        ready = asyncio.Event()
        task = asyncio.ensure_future(follow_feed(host, port, key, lags_ms, ready, prefix))
        await asyncio.wait_for(ready.wait(), 10)
        pipe.send("ready")
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(None, pipe.recv)
        task.cancel()
        pipe.send(lags_ms)

    asyncio.run(main())


async def run_phase(host: str, port: int, tokens: list[str], round_id: str,
                    sends: list[tuple[float, int]], prefix: str = "",
                    ) -> tuple[list[float], dict[str, str], int]:  # fmt: skip
    """Send (at offset s, from trainee i) as scheduled; latencies, acked ids, failures."""
    latencies: list[float] = []
    acked: dict[str, str] = {}
    failures = 0
    connections: dict[int, list[Connection]] = {}
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.2

    async def one(index: int, offset: float, trainee: int) -> None:
        nonlocal failures
        await asyncio.sleep(max(0.0, start + offset - loop.time()))
        idle = connections.setdefault(trainee, [])
        conn = idle.pop() if idle else Connection(host, port)
        client_id = f"{round_id}-{trainee}-{index}-{offset:.4f}"
        began = time.perf_counter()
        try:
            status, body = await conn.post(prefix + "/api/replies", {
                "round_id": round_id, "client_id": client_id, "text": REPLY.format(n=trainee)},
                {"Authorization": f"Bearer {tokens[trainee]}"})  # fmt: skip
        except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
            failures += 1
            conn.close()
            return
        idle.append(conn)
        if status == 201:
            latencies.append((time.perf_counter() - began) * 1000)
            acked[client_id] = body["reply_id"]
        else:
            failures += 1

    await asyncio.gather(*(one(i, offset, t) for i, (offset, t) in enumerate(sends)))
    for pool in connections.values():
        for conn in pool:
            conn.close()
    return latencies, acked, failures


def report(name: str, latencies: list[float]) -> None:
    print(f"  {name:7} {len(latencies):5} replies  p50 {percentile(latencies, 50):6.1f} ms  "
          f"p95 {percentile(latencies, 95):6.1f} ms  p99 {percentile(latencies, 99):6.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=200)
    parser.add_argument("--replies", type=int, default=5, help="per trainee in the steady phase")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the steady phase")
    parser.add_argument("--db", default=None, help="database URL (default: fresh SQLite file)")
    parser.add_argument("--hub", action="store_true",
                        help="through a real JupyterHub's proxy, with hub tokens")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-workshop-") as tmp:
        folder = Path(tmp)
        db_url = args.db or f"sqlite:///{folder / 'bench.sqlite'}"
        if args.hub:
            hub = hub_launch.start_hub(folder, [], admins=["bench-admin"], db_url=db_url,
                                       extra_config='_replylab_service["command"]'
                                                    '.append("--new")')  # fmt: skip
            try:
                result = asyncio.run(load(hub_target(hub, args.trainees), args))
            finally:
                hub.stop()
        else:
            server = launch.start(db_url, folder)
            try:
                result = asyncio.run(load(server_target(server, args.trainees), args))
            finally:
                launch.stop(server.process)
    steady, burst, lags, lost, missing_events = result
    both = steady + burst
    where = "through JupyterHub's proxy with hub tokens" if args.hub else "direct"
    print(f"workshop bench ({where}): {args.trainees} trainees, {args.replies} replies each in "
          f"{args.seconds:.0f} s, then a burst of {args.trainees} in 1 s")
    report("steady", steady)
    report("burst", burst)
    print(f"  feed    {len(lags):5} events   p50 {percentile(lags, 50):6.1f} ms  "
          f"p95 {percentile(lags, 95):6.1f} ms  (missing {missing_events})")
    print(f"workshop load: {len(both)} answers, p50 {percentile(both, 50):.0f} ms, "
          f"p95 {percentile(both, 95):.0f} ms, p99 {percentile(both, 99):.0f} ms, "
          f"feed p95 {percentile(lags, 95):.0f} ms, lost {lost}")
    return 0 if lost == 0 else 1


@dataclass
class Target:
    """Where the load goes: the address, the path prefix, the instructor's key and the trainees'
    tokens (the workshop's own, or the hub's)."""

    url: str  # http://host:port + prefix
    prefix: str
    key: str
    tokens: list[str]


def server_target(server: launch.Running, trainees: int) -> Target:
    http = requests.Session()
    tokens = []
    for i in range(trainees):
        response = http.post(server.url + "/api/join", timeout=30,
                             json={"code": server.code, "name": f"Trainee {i}"})
        response.raise_for_status()
        tokens.append(response.json()["token"])
    return Target(server.url, "", server.key, tokens)


def hub_target(hub, trainees: int) -> Target:  # noqa: ANN001 - hub_launch.RunningHub
    """Hub users made by the hub's admin, each with a token that may reach the service; each
    joins once (the workshop asks the hub who they are). The admin is the instructor."""
    admin = hub.token("bench-admin")
    headers = {"Authorization": f"token {admin}"}
    names = [f"trainee{i:03d}" for i in range(trainees)]
    requests.post(f"{hub.url}/hub/api/users", headers=headers, json={"usernames": names},
                  timeout=120).raise_for_status()  # fmt: skip
    tokens = []
    scope = f"access:services!service={hub_launch.SERVICE}"
    for name in names:
        response = requests.post(f"{hub.url}/hub/api/users/{name}/tokens", headers=headers,
                                 json={"scopes": [scope], "expires_in": 3600}, timeout=30)
        response.raise_for_status()
        tokens.append(response.json()["token"])
    prefix = f"/services/{hub_launch.SERVICE}"
    for token in tokens:
        requests.post(f"{hub.url}{prefix}/api/join", json={}, timeout=30,
                      headers={"Authorization": f"token {token}"}).raise_for_status()
    return Target(hub.url + prefix, prefix, admin, tokens)


async def load(target: Target, args: argparse.Namespace) -> tuple:
    rng = random.Random(12)
    host, port = target.url.split("//")[1].split("/")[0].split(":")
    key = {"X-Workshop-Key": target.key}
    http = requests.Session()
    tokens, prefix = target.tokens, target.prefix
    rnd = http.post(target.url + "/api/control/rounds", headers=key, timeout=30, json={
        "family": "train_delay", "locale": "en", "seed": 1, "mode": "variant",
        "timer_s": 0}).json()  # fmt: skip
    http.post(target.url + f"/api/control/rounds/{rnd['id']}/start", headers=key,
              timeout=30).raise_for_status()  # fmt: skip
    here, there = multiprocessing.get_context("spawn").Pipe()
    feed = multiprocessing.get_context("spawn").Process(
        target=feed_process, args=(host, int(port), target.key, there, prefix), daemon=True)
    feed.start()
    if not here.poll(30) or here.recv() != "ready":
        raise RuntimeError("the live feed did not connect")
    steady_sends = sorted((rng.uniform(0, args.seconds), t)
                          for t in range(args.trainees) for _ in range(args.replies))
    steady, acked, failed = await run_phase(host, int(port), tokens, rnd["id"], steady_sends,
                                            prefix)  # fmt: skip
    burst_sends = sorted((rng.uniform(0, 1.0), t) for t in range(args.trainees))
    burst, acked_burst, failed_burst = await run_phase(host, int(port), tokens, rnd["id"],
                                                       burst_sends, prefix)  # fmt: skip
    acked.update(acked_burst)
    await asyncio.sleep(1.0)  # the last events on their way
    here.send("stop")
    lags_ms: dict[str, float] = here.recv() if here.poll(30) else {}
    feed.join(10)
    stored = http.get(target.url + f"/api/control/rounds/{rnd['id']}/replies",
                      headers=key, timeout=60).json()["replies"]  # fmt: skip
    stored_ids = {r["reply_id"] for r in stored}
    lost = len(set(acked.values()) - stored_ids) + failed + failed_burst
    lags = [lags_ms[r] for r in acked.values() if r in lags_ms]
    return steady, burst, lags, lost, len(acked) - len(lags)


if __name__ == "__main__":
    sys.exit(main())
