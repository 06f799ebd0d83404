"""A live drill under load: N trainees (sv, nb and en in turn) join the room's ash-cloud drill,
pin a post and answer every post on their desk, 32 requests at a time, while the instructor's
control feed is read every 0.5 s. Every reply is graded by the server (its case, its clock, the
trainee's pinned post), so this measures the grading path as a room meets it.

    .venv/bin/python bench/bench_workshop_drill.py [--trainees 200] [--db URL]

Prints the latency percentiles of the pins, the replies and the control feed, and the replies
the feed counts against the replies sent (lost must be 0). Targets on the 2-core box, server and
load on one machine, as for rounds (bench_workshop.py): reply p95 <= 250 ms, feed p95 <= 250 ms,
lost 0.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from simulator.drill import drill_run  # noqa: E402 - needs the path above
from simulator.workshop import launch  # noqa: E402

LOCALES = ("sv", "nb", "en")
POST = {
    "en": "Ash from the eruption in Iceland has closed the airspace: all our departures are "
          "cancelled up to and including 16 April. This affects every departure from the "
          "airports we fly from. Don't go to the airport; rebook or get a refund at "
          "https://skylarkair.example/rebook. We cover meals, a hotel and transport to it "
          "(UK261). Next update at 07:45, here. /Kari, Skylark Air",
    "sv": "Aska från utbrottet på Island har stängt luftrummet: alla avgångar är inställda till "
          "och med 16 april. Det gäller alla avgångar från våra flygplatser. Åk inte till "
          "flygplatsen; boka om på https://nordvinge.example/ombokning. Vi står för måltider, "
          "hotell och transport dit (EU 261). Nästa uppdatering kl. 07:45, här. /Kari, Nordvinge",
    "nb": "Aske fra utbruddet på Island har stengt luftrommet: alle avganger er innstilt til og "
          "med 16. april. Det gjelder alle avganger fra flyplassene våre. Ikke dra til "
          "flyplassen; book om på https://fjordfly.example/ombooking. Vi dekker måltider, hotell "
          "og transport dit (EU261). Neste oppdatering kl. 07:45, her. /Kari, Fjordfly",
}  # fmt: skip
REPLY = {"en": "Hi {n}, I'm so sorry. Yes, your flight is cancelled too; everything about "
               "rebooking and hotels is in our pinned post. /Kari",
         "sv": "Hej {n}, jag beklagar verkligen. Ja, ditt flyg är också inställt; allt om "
               "ombokning och hotell står i vårt fästa inlägg. /Kari",
         "nb": "Hei {n}, så leit. Ja, flyet ditt er også innstilt; alt om ombooking og hotell "
               "står i det festede innlegget vårt. /Kari"}  # fmt: skip


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def line(name: str, values: list[float]) -> str:
    return (f"{name}: {len(values)} requests, p50 {statistics.median(values):.1f} ms, "
            f"p95 {pct(values, 95):.1f} ms, p99 {pct(values, 99):.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=200)
    parser.add_argument("--db", default=None, help="database URL (default: fresh SQLite file)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="replylab-drill-bench-"))
    server = launch.start(args.db or f"sqlite:///{folder / 'ws.sqlite'}", folder)
    key = {"X-Workshop-Key": server.key}
    http = requests.Session()
    try:
        url = server.url
        assert http.post(f"{url}/api/control/drill/start", json={"drill": "ash_cloud",
                         "seed": 1}, headers=key, timeout=60).status_code == 201
        for _ in range(4):  # 0:00 -> 1:00 -> 3:30 -> 8:00 -> 12:00: the first wave is in
            http.post(f"{url}/api/control/drill/next", json={}, headers=key, timeout=30)
        trainees = []
        for i in range(args.trainees):
            locale = LOCALES[i % 3]
            token = http.post(f"{url}/api/join", json={"code": server.code, "name": f"T{i}"},
                              timeout=30).json()["token"]
            auth = {"Authorization": f"Bearer {token}"}
            http.post(f"{url}/api/drill/join", json={"locale": locale}, headers=auth, timeout=30)
            trainees.append((locale, auth))
        sim_s = http.get(f"{url}/api/control/drill", headers=key, timeout=30).json()["drill"][
            "sim_s"]
        runs = {loc: drill_run("ash_cloud", loc, 1) for loc in LOCALES}
        jobs = []
        for locale, auth in trainees:
            jobs.append(("pin", auth, {"post": POST[locale]}))
            for arrival in runs[locale].arrivals:
                if arrival.at_s <= sim_s:
                    first = arrival.case.customer.name.split()[0]
                    jobs.append(("reply", auth, {"case_id": arrival.case.id, "action": "respond",
                                                 "reply": REPLY[locale].format(n=first)}))
        times: dict[str, list[float]] = {"pin": [], "reply": [], "feed": []}
        failed: list[int] = []
        done = threading.Event()

        def feed() -> None:
            watcher = requests.Session()
            while not done.is_set():
                start = time.perf_counter()
                watcher.get(f"{url}/api/control/drill", headers=key, timeout=30).raise_for_status()
                times["feed"].append((time.perf_counter() - start) * 1000)
                done.wait(0.5)

        def send(job: tuple[str, dict[str, str], dict[str, str]]) -> None:
            kind, auth, body = job
            path = "/api/drill/post" if kind == "pin" else "/api/drill/replies"
            start = time.perf_counter()
            status = requests.post(url + path, json=body, headers=auth, timeout=60).status_code
            times[kind].append((time.perf_counter() - start) * 1000)
            if status != 201:
                failed.append(status)

        watcher = threading.Thread(target=feed)
        watcher.start()
        pins = [j for j in jobs if j[0] == "pin"]
        replies = [j for j in jobs if j[0] == "reply"]
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=32) as pool:
            list(pool.map(send, pins))
            list(pool.map(send, replies))
        elapsed = time.perf_counter() - started
        done.set()
        watcher.join()
        rows = http.get(f"{url}/api/control/drill", headers=key, timeout=30).json()["trainees"]
        counted = sum(row["answered"] for row in rows)
        print(line("pins", times["pin"]))
        print(line("replies", times["reply"]))
        print(line("control feed under load", times["feed"]))
        print(f"drill load: {len(trainees)} trainees, {len(replies)} replies in {elapsed:.1f} s "
              f"({len(replies) / elapsed:.0f}/s), refused {len(failed)}, "
              f"lost {len(replies) - counted}")
        return 0 if not failed and counted == len(replies) else 1
    finally:
        launch.stop(server.process)


if __name__ == "__main__":
    sys.exit(main())
