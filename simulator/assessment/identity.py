"""Who the trainee is: the key to their cases, found the same way while practising and grading.

During `nbgrader autograde` the student id is the truth. nbgrader does not hand it to the
kernel (it only sets NBGRADER_EXECUTION=autograde), so the course's nbgrader_config.py installs
`ExposeStudentId`, which puts it in REPLYLAB_STUDENT_ID; without that hook the id is read from
the autograded folder, `autograded/<student_id>/<assignment>/`. While practising: an explicit
REPLYLAB_STUDENT_ID, the JupyterHub user (what nbgrader's exchange records on a hub), or a
name the trainee typed earlier and that the answers file remembers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from simulator.assessment.spec import AssessmentError, check_student_id

ENV_STUDENT_ID = "REPLYLAB_STUDENT_ID"
AUTOGRADED_STEP = "autograded"


@dataclass(frozen=True)
class Identity:
    """A student id and where it came from, so messages can say why these are your cases."""

    student_id: str
    source: str


def is_autograding() -> bool:
    return os.environ.get("NBGRADER_EXECUTION") == "autograde"


def _checked(value: str | None, source: str) -> Identity | None:
    if not value or not value.strip():
        return None
    try:
        return Identity(check_student_id(value), source)
    except AssessmentError:
        return None


def identity_from_autograde_folder(folder: Path) -> Identity | None:
    """`.../autograded/<student_id>/<assignment>`: nbgrader's default directory structure."""
    folder = folder.resolve()
    if folder.parent.parent.name != AUTOGRADED_STEP:
        return None
    return _checked(folder.parent.name, "the nbgrader autograde folder")


def grading_identity(folder: Path | None = None) -> Identity | None:
    """The nbgrader student id of the submission being autograded, or None if unknown."""
    found = _checked(os.environ.get(ENV_STUDENT_ID), "nbgrader autograde")
    return found or identity_from_autograde_folder(folder or Path.cwd())


def practice_identity(remembered: str | None = None) -> Identity | None:
    """The trainee's id while answering; None means ask them for it."""
    return (
        _checked(os.environ.get(ENV_STUDENT_ID), ENV_STUDENT_ID)
        or _checked(os.environ.get("JUPYTERHUB_USER"), "your JupyterHub user")
        or _checked(remembered, "the name you entered")
    )


def suggested_student_id() -> str:
    """What `nbgrader submit` would record on this machine: a starting point for the prompt."""
    try:
        import pwd

        name = pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError, OSError):
        name = os.environ.get("USER", "") or os.environ.get("USERNAME", "")
    if name == "jovyan":  # nbgrader's own rule for docker-stacks images
        name = os.environ.get("JUPYTERHUB_USER", "")
    return "" if name in {"root", "jovyan"} else name
