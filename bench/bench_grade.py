"""Grading speed: µs per grade of a 280-character reply, replies/s, the ratio to one VADER call,
and the time to `import grading` in a fresh interpreter.

    .venv/bin/python bench/bench_grade.py [--rounds 5]

Replies are realistic good replies to generated train_delay cases (20 seeds per locale), padded
or cut to exactly 280 characters. Every reply is graded once to warm up (lexicons, regexes,
syllable cache), then each is timed `rounds` times; the median is reported. VADER is timed on
the same texts in the same run. Targets: median <= 1000 µs, ratio <= 5, import < 200 ms.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = {
    "en": "Hi {first}, I'm really sorry, I understand how frustrating this is. Train {train} is "
          "delayed about {delay} minutes because of {cause}; new arrival {arrival}. I'll post "
          "updates here as soon as traffic control knows more. Thanks for your patience! /Erik",
    "sv": "Hej {first}! Jag förstår att det är jobbigt och ber verkligen om ursäkt. Tåg {train} "
          "är ca {delay} minuter försenat på grund av {cause}, ny ankomsttid kl {arrival}. Jag "
          "uppdaterar här så fort trafikledningen vet mer. Tack för ditt tålamod! /Erik",
    "nb": "Hei {first}! Jeg forstår at dette er kjipt, og beklager så mye. Tog {train} er rundt "
          "{delay} minutter forsinket på grunn av {cause}, ny ankomsttid klokka {arrival}. Jeg "
          "oppdaterer her så snart trafikkstyringen vet mer. Takk for tålmodigheten! /Erik",
}


def replies(locale: str, n: int) -> list[tuple[str, object]]:
    from simulator import generate

    out = []
    for seed in range(n):
        case = generate("train_delay", locale, seed)
        f = {x.id: x.value for x in case.facts}
        text = TEMPLATES[locale].format(first=case.customer.name.split()[0], train=f["train"],
                                        delay=f["delay"], cause=f["cause"],
                                        arrival=f["new_arrival"])
        text = (text + " " + "Vi ses. " * 40)[:280] if len(text) < 280 else text[:280]
        out.append((text, case))
    return out


def import_time(runs: int = 7) -> float:
    """Median wall time of `import grading` in a fresh interpreter, in ms."""
    code = "import time; t = time.perf_counter(); import grading; print(time.perf_counter() - t)"
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             cwd=ROOT, check=True)
        times.append(float(out.stdout.strip()) * 1000)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cases", type=int, default=20)
    args = parser.parse_args()

    ms = import_time()
    print(f"import grading (fresh interpreter, median of 7): {ms:.1f} ms")

    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    import grading

    vader = SentimentIntensityAnalyzer()
    all_grade: list[float] = []
    for locale in ("sv", "nb", "en"):
        items = replies(locale, args.cases)
        for text, case in items:  # warm-up
            grading.grade(text, case)
            vader.polarity_scores(text)
        g_times, v_times = [], []
        for _ in range(args.rounds):
            for text, case in items:
                t = time.perf_counter()
                grading.grade(text, case)
                g_times.append(time.perf_counter() - t)
                t = time.perf_counter()
                vader.polarity_scores(text)
                v_times.append(time.perf_counter() - t)
        g, v = statistics.median(g_times) * 1e6, statistics.median(v_times) * 1e6
        all_grade.extend(g_times)
        print(f"{locale}: grade median {g:7.1f} µs ({1e6 / g:6.0f} replies/s on one core); "
              f"VADER polarity_scores median {v:6.1f} µs; ratio {g / v:4.2f}x "
              f"(n={len(g_times)}, 280-char replies)")
    overall = statistics.median(all_grade) * 1e6
    print(f"all locales: grade median {overall:.1f} µs, {1e6 / overall:.0f} replies/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
