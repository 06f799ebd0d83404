"""Instructions per grade, counted by valgrind's callgrind: the same number on a busy or an idle
machine, so a change to the grader can be compared exactly where timings drift by several per
cent (bench_grade.py gives the times; this gives the work).

    .venv/bin/python bench/bench_grade_instructions.py [--locales sv nb en]

Each locale runs in its own python under `valgrind --tool=callgrind --instr-atstart=no`: the
replies of bench_grade.py are graded once to warm up (lexicons, per-case values), then
instrumentation is switched on (callgrind_control) for one grade of each of the 100 timed
replies. Needs Debian's valgrind (`apt-get install valgrind`); prints a note and exits 0
without it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 5


def inner(locale: str) -> None:
    """Run under callgrind: warm up, then count the timed grades only."""
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import bench_grade

    import grading

    warm = bench_grade.replies(locale, 20)
    cases = [case for _text, case in warm]
    for text, case in warm:
        grading.grade(text, case)
    items = [x for r in range(1, ROUNDS + 1) for x in bench_grade.replies(locale, 20, r, cases)]
    pid = str(os.getpid())
    subprocess.run(["callgrind_control", "-i", "on", pid], capture_output=True, check=False)
    for text, case in items:
        grading.grade(text, case)
    subprocess.run(["callgrind_control", "-i", "off", pid], capture_output=True, check=False)
    print(len(items))


def count(locale: str) -> tuple[int, int]:
    """(instructions, grades) for one locale."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        run = subprocess.run(
            ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
             sys.executable, __file__, "--inner", locale],
            capture_output=True, text=True, check=True, cwd=ROOT)
        grades = int(run.stdout.split()[-1])
        totals = re.search(r"^totals: (\d+)", out.read_text(), re.MULTILINE)
        if totals is None:
            raise SystemExit(f"{out}: no totals line from callgrind")
        return int(totals.group(1)), grades


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locales", nargs="+", default=["sv", "nb", "en"])
    parser.add_argument("--inner", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inner:
        inner(args.inner)
        return 0
    if not (shutil.which("valgrind") and shutil.which("callgrind_control")):
        print("valgrind is not installed (apt-get install valgrind): nothing counted")
        return 0
    for locale in args.locales:
        instructions, grades = count(locale)
        print(f"{locale}: {instructions / grades / 1e6:.3f} M instructions per grade "
              f"(callgrind, {grades} grades of 280-char replies)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
