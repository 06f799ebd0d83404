"""`replylab assessment regrade`: apply changed points, targets or rubric to every submission.

The salt never changes here, so every trainee keeps their cases and their answers keep counting.
The steps are nbgrader's own (generate_assignment so the gradebook learns new points, autograde
and generate_feedback for every submission), each with --force, then verify.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from simulator.assessment.settings import AssessmentSettings, read_settings, write_settings
from simulator.assessment.spec import AssessmentError


def load_rubric(path: str | Path) -> dict[str, Any]:
    """A rubric override from YAML or JSON, checked by the grader itself (names the file)."""
    import yaml

    from grading.rubric import Rubric

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise AssessmentError(f"{path}: cannot be read as YAML or JSON ({exc})") from None
    if not isinstance(data, dict):
        raise AssessmentError(f"{path}: a rubric is a mapping of settings")
    try:
        Rubric.from_dict(data)
    except (TypeError, ValueError, KeyError) as exc:
        raise AssessmentError(f"{path}: {exc}") from None
    return data


def updated_settings(
    settings: AssessmentSettings,
    *,
    points: dict[str, float] | None = None,
    rubric: dict[str, Any] | None = None,
    speed_target_s: float | None = None,
    time_limit_s: float | None = None,
) -> AssessmentSettings:
    from dataclasses import replace

    spec = settings.spec
    if speed_target_s is not None:
        spec = replace(spec, speed_target_s=float(speed_target_s))
    if time_limit_s is not None:
        spec = replace(spec, time_limit_s=float(time_limit_s))
    spec.validate()
    return AssessmentSettings(
        spec,
        dict(points) if points is not None else dict(settings.points),
        dict(rubric) if rubric is not None else dict(settings.rubric),
    )


FAILED_STUDENT = re.compile(r"error processing assignment '[^']*' for student '([^']*)'")


def _nbgrader(root: Path, *args: str, per_student: bool = False) -> list[str]:
    """Run one nbgrader command in the course; returns the trainees it failed for.

    With `per_student`, a failure that names trainees (a notebook that cannot be read, say)
    is theirs alone: the rest are graded, and verify says why those failed.
    """
    command = [sys.executable, "-m", "nbgrader", *args]
    print("$ nbgrader " + " ".join(args), flush=True)
    proc = subprocess.run(command, cwd=root, capture_output=True, text=True)
    output = proc.stdout + proc.stderr
    failed = sorted(set(FAILED_STUDENT.findall(output)))
    if proc.returncode != 0 and not (per_student and failed):
        tail = output.strip().splitlines()[-5:]
        raise AssessmentError(f"nbgrader {args[0]} failed:\n" + "\n".join(tail))
    return failed


def regrade(
    root: str | Path,
    name: str,
    *,
    points: dict[str, float] | None = None,
    rubric: dict[str, Any] | None = None,
    speed_target_s: float | None = None,
    time_limit_s: float | None = None,
) -> AssessmentSettings:
    """Store the new settings, rebuild the source if points changed, re-run nbgrader."""
    from simulator.assessment.course import build_course

    root = Path(root).expanduser().resolve()
    old = read_settings(root, name)
    new = updated_settings(
        old, points=points, rubric=rubric, speed_target_s=speed_target_s,
        time_limit_s=time_limit_s,
    )
    build_course(
        root, name, list(new.spec.families), new.spec.cases_per_trainee, new.spec.locale,
        points=new.points, speed_target_s=new.spec.speed_target_s,
        time_limit_s=new.spec.time_limit_s, force=True,
    )
    write_settings(root, new)  # the rubric too, which build_course keeps from before
    _nbgrader(root, "generate_assignment", name, "--force")
    failed = _nbgrader(root, "autograde", name, "--force", per_student=True)
    if failed:
        print(f"autograde failed for {', '.join(failed)}: see verify below", flush=True)
    _nbgrader(root, "generate_feedback", name, "--force")
    return new
