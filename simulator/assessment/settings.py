"""The instructor's copy of an assessment's settings, kept in the course, never released.

`<course>/replylab/<name>.json` holds the salt, the points per dimension, the real time limit and
any rubric override. Autograde reads it (the trainee's notebook holds no salt), `build --force`
keeps it, and `regrade` changes it. Only the course's owner may read it: the salt is what keeps
one trainee from working out another's cases.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from simulator.assessment.spec import AssessmentError, AssessmentSpec

SETTINGS_DIR = "replylab"
ENV_SETTINGS = "REPLYLAB_SETTINGS"  # set by the nbgrader hook for the autograde kernel
AUTOGRADED_STEP = "autograded"
DEFAULT_POINTS: dict[str, float] = {"tone": 2.5, "speed": 1.5, "facts": 3.5, "privacy": 2.5}


@dataclass
class AssessmentSettings:
    """Everything the grader needs that a trainee must not be able to change or read."""

    spec: AssessmentSpec
    points: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_POINTS))
    rubric: dict[str, Any] = field(default_factory=dict)  # grading.Rubric overrides

    def grading_rubric(self) -> dict[str, Any]:
        """The assessment's speed target, under the instructor's own overrides."""
        merged = self.spec.rubric()
        for key, value in self.rubric.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            else:
                merged[key] = value
        return merged

    def to_dict(self) -> dict[str, Any]:
        return {"spec": self.spec.to_dict(), "points": self.points, "rubric": self.rubric}

    @classmethod
    def from_dict(cls, data: Any, source: str) -> AssessmentSettings:
        if not isinstance(data, dict) or not isinstance(data.get("spec"), dict):
            raise AssessmentError(f"{source}: not replylab assessment settings")
        points = data.get("points") or DEFAULT_POINTS
        rubric = data.get("rubric") or {}
        if not isinstance(points, dict) or not isinstance(rubric, dict):
            raise AssessmentError(f"{source}: 'points' and 'rubric' must be mappings")
        try:
            numbers = {str(k): float(v) for k, v in points.items()}
        except (TypeError, ValueError):
            raise AssessmentError(f"{source}: points must be numbers") from None
        return cls(AssessmentSpec.from_dict(data["spec"]), numbers, dict(rubric))


def settings_path(root: str | Path, name: str) -> Path:
    return Path(root).expanduser().resolve() / SETTINGS_DIR / f"{name}.json"


def write_settings(root: str | Path, settings: AssessmentSettings) -> Path:
    """Write atomically, readable by the owner only."""
    path = settings_path(root, settings.spec.name)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(settings.to_dict(), handle, indent=1)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    return path


def read_settings_file(path: Path) -> AssessmentSettings:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AssessmentError(f"{path} not found; build the assessment first") from None
    except (OSError, ValueError) as exc:
        raise AssessmentError(f"{path} cannot be read: {exc}") from None
    return AssessmentSettings.from_dict(data, str(path))


def read_settings(root: str | Path, name: str) -> AssessmentSettings:
    """The settings of a built assessment (courses built before settings files: the notebook)."""
    path = settings_path(root, name)
    if path.exists():
        return read_settings_file(path)
    from simulator.assessment.course import read_notebook_settings

    return read_notebook_settings(root, name)


def settings_for_autograde(folder: Path) -> AssessmentSettings | None:
    """During autograde: the file the hook named, else the one beside `autograded/<id>/<name>`."""
    named = os.environ.get(ENV_SETTINGS)
    if named:
        return read_settings_file(Path(named))
    folder = folder.resolve()
    if folder.parent.parent.name != AUTOGRADED_STEP:
        return None
    path = folder.parent.parent.parent / SETTINGS_DIR / f"{folder.name}.json"
    return read_settings_file(path) if path.exists() else None
