"""Cases generated per second (one core, after warm-up) and start-up cost of the packages.

Run: .venv/bin/python bench/bench_generate.py
Targets (issue 2): >= 2,000 cases/s; `import scenarios` + `import simulator` < 300 ms.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

N = 2000


def import_ms(stmt: str, repeats: int = 7) -> float:
    """Median wall time of a fresh interpreter importing `stmt`, minus a bare interpreter."""
    def run(code: str) -> float:
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        return time.perf_counter() - t

    bare = statistics.median(run("pass") for _ in range(repeats))
    full = statistics.median(run(stmt) for _ in range(repeats))
    return (full - bare) * 1000


def main() -> None:
    import simulator
    from scenarios import LOCALES, families

    ids = sorted(families())
    for fam in ids:  # warm-up: load families, Faker per locale
        for loc in LOCALES:
            simulator.generate(fam, loc, 0)
    rates = []
    for _ in range(5):
        t = time.perf_counter()
        for i in range(N):
            simulator.generate(ids[i % len(ids)], LOCALES[i % 3], i)
        rates.append(N / (time.perf_counter() - t))
    print(f"families: {len(ids)}; cases per round: {N}")
    print(f"generate: median {statistics.median(rates):,.0f} cases/s (target >= 2,000)")
    ms = import_ms("import scenarios, simulator")
    print(f"import scenarios + simulator: median {ms:.0f} ms over a bare interpreter "
          f"(target < 300 ms)")
    ms = import_ms("import simulator; simulator.generate('train_delay', 'sv', 1)")
    print(f"import + first case (loads families and Faker): median {ms:.0f} ms")


if __name__ == "__main__":
    main()
