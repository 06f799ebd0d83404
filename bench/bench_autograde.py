"""Seconds to autograde one replylab assessment submission, against nbgrader's own floor.

Run: .venv/bin/python bench/bench_autograde.py [--repeats 5] [--locales sv,en]
Each measurement is one `nbgrader autograde ASSIGNMENT --student S --force` in a fresh process
(start-up, kernel, execution, gradebook), as an instructor or the formgrader runs it. The floor
is the same command on a minimal nbgrader notebook (one graded cell) in a plain nbgrader course
without replylab's config, measured interleaved in the same run so machine speed cancels out.
Target (issue): the assessment within 1.3x of that floor.
A submission is 3 cases answered with strong replies through the real exercise widget.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the reply templates and environment the tests use
from nbgrader_env import isolated_env  # noqa: E402

BIN = Path(sys.executable).parent
FAMILIES = ("train_delay", "privacy_trap", "pricing_question")
STUDENT = "bench"
TARGET = 1.3


def nbgrader(args: list[str], course: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=env,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0 or "Exception while loading config" in proc.stderr:
        sys.exit(f"nbgrader {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return elapsed


def minimal_course(course: Path) -> None:
    """One graded code cell that returns partial credit: the least nbgrader can autograde."""
    import nbformat.v4 as nbf

    cell = nbf.new_code_cell("### BEGIN HIDDEN TESTS\n1.0\n### END HIDDEN TESTS")
    cell.metadata["nbgrader"] = {"grade": True, "grade_id": "only", "locked": True,
                                 "points": 1.0, "schema_version": 3, "solution": False,
                                 "task": False}
    nb = nbf.new_notebook(cells=[cell])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    folder = course / "source" / "minimal"
    folder.mkdir(parents=True)
    import nbformat

    nbformat.write(nb, folder / "minimal.ipynb")
    config = "c = get_config()\nc.CourseDirectory.course_id = 'plain'\n"
    (course / "nbgrader_config.py").write_text(config)


def submit_directly(course: Path, assignment: str) -> Path:
    """Put the released notebook in submitted/STUDENT/ as `nbgrader collect` would."""
    import shutil

    folder = course / "submitted" / STUDENT / assignment
    shutil.copytree(course / "release" / assignment, folder)
    (folder / "timestamp.txt").write_text("2026-01-05 10:00:00.000000 UTC")
    return folder


def answer(folder: Path, course: Path, name: str) -> None:
    from test_assessment_replies import strong_reply

    from simulator.assessment.answers import ANSWERS_FILENAME
    from simulator.assessment.course import read_spec
    from simulator.assessment.practice import AssessmentExercise

    spec, _ = read_spec(course, name)
    for case in spec.cases(STUDENT):
        exercise = AssessmentExercise(case, replies_path=str(folder / ANSWERS_FILENAME))
        exercise.set_reply(strong_reply(case))
        exercise.send()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--locales", default="sv,en")
    args = parser.parse_args()
    locales = [loc for loc in args.locales.split(",") if loc]

    from simulator.assessment.course import build_course

    with tempfile.TemporaryDirectory(prefix="replylab-bench-") as tmp:
        plain, course = Path(tmp) / "plain", Path(tmp) / "course"
        env = isolated_env(Path(tmp) / "home")
        minimal_course(plain)
        for loc in locales:
            build_course(course, f"cert_{loc}", list(FAMILIES), 3, loc, salt="bench")
        where = {"minimal": plain, **{f"cert_{loc}": course for loc in locales}}
        for name, root in where.items():
            nbgrader(["generate_assignment", name], root, env)
            folder = submit_directly(root, name)
            if name != "minimal":
                answer(folder, root, name)
            nbgrader(["autograde", name, "--student", STUDENT], root, env)  # warm-up
        times: dict[str, list[float]] = {name: [] for name in where}
        for _ in range(args.repeats):  # interleaved, so drift hits every assignment alike
            for name, root in where.items():
                times[name].append(
                    nbgrader(["autograde", name, "--student", STUDENT, "--force"], root, env)
                )
        floor = statistics.median(times["minimal"])
        print(f"autograde one submission, median of {args.repeats} fresh `nbgrader autograde` "
              f"runs ({os.cpu_count()} cores):")
        print(f"  minimal nbgrader notebook (floor): {floor:.2f} s")
        for loc in locales:
            median = statistics.median(times[f"cert_{loc}"])
            verdict = "ok" if median <= TARGET * floor else "over target"
            print(f"  replylab assessment, 3 cases, {loc}: {median:.2f} s = "
                  f"{median / floor:.2f}x floor (target <= {TARGET}x: {verdict})")


if __name__ == "__main__":
    main()
