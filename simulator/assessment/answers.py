"""The answers file: what the trainee typed into the widgets, the only record nbgrader keeps.

nbgrader re-executes the notebook to grade it, and widget state does not survive that (nbgrader
issue 1359), so every attempt is appended to `replylab_answers.jsonl` in the assignment folder;
`nbgrader submit`/`collect` carry the whole folder and autograde copies it beside the notebook.
Reading never raises: a missing, empty or damaged file becomes an AnswerSheet whose `problem`
says so in words a trainee understands, because it ends up in their feedback.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ANSWERS_FILENAME = "replylab_answers.jsonl"
# Where answers go when an instructor tries the notebook in the course's source/ folder: the
# course config tells nbgrader to ignore it, so it is never released to trainees.
PREVIEW_FILENAME = "replylab_answers.preview.jsonl"
TRAINEE_RECORD = "trainee"
MAX_ANSWERS_BYTES = 20_000_000  # far beyond any honest file; a bigger one is not read


@dataclass(frozen=True)
class Answer:
    """One attempt at one case, in the order it was written (`line` in the file)."""

    case_id: str
    reply: str
    action: str | None
    line: int


@dataclass
class AnswerSheet:
    """Everything readable in an answers file, and what was wrong with the rest."""

    path: Path
    answers: list[Answer] = field(default_factory=list)
    trainees: list[str] = field(default_factory=list)  # names recorded, oldest first
    skipped: list[str] = field(default_factory=list)  # one line per unreadable record
    problem: str | None = None  # set when nothing at all could be used

    @property
    def trainee(self) -> str | None:
        """The name the trainee last entered (None if the hub or nbgrader supplied it)."""
        return self.trainees[-1] if self.trainees else None


def answers_path_for(folder: Path) -> Path:
    """The answers file of a notebook folder; the preview file inside an nbgrader source/."""
    in_source = folder.parent.name == "source" and (
        folder.parent.parent / "nbgrader_config.py"
    ).exists()
    return folder / (PREVIEW_FILENAME if in_source else ANSWERS_FILENAME)


def _answer(record: dict[str, Any], number: int) -> Answer | str:
    """An Answer, or why the record is not one."""
    case_id = record.get("case_id")
    if not isinstance(case_id, str) or not case_id:
        return f"line {number}: no case id"
    reply = record.get("reply", "")
    if reply is None:
        reply = ""
    if not isinstance(reply, str):
        return f"line {number}: the reply is not text"
    action = record.get("action")
    if action is not None and not isinstance(action, str):
        return f"line {number}: the decision is not text"
    if not reply.strip() and not action:
        return f"line {number}: an empty answer"
    return Answer(case_id=case_id, reply=reply, action=action, line=number)


def read_answers(path: str | Path) -> AnswerSheet:
    """Parse the answers file; never raises, whatever is (or is not) at `path`."""
    sheet = AnswerSheet(path=Path(path))
    name = sheet.path.name
    try:
        if sheet.path.stat().st_size > MAX_ANSWERS_BYTES:
            sheet.problem = f"{name} is larger than {MAX_ANSWERS_BYTES // 1_000_000} MB"
            return sheet
        raw = sheet.path.read_bytes()
    except FileNotFoundError:
        sheet.problem = f"there is no {name}: no answer was saved in this assignment folder"
        return sheet
    except OSError as exc:
        sheet.problem = f"{name} cannot be read ({exc.strerror or exc})"
        return sheet
    lines = raw.split(b"\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            sheet.skipped.append(f"line {number}: not a JSON record")
            continue
        if not isinstance(record, dict):
            sheet.skipped.append(f"line {number}: not a JSON object")
            continue
        if record.get("kind") == TRAINEE_RECORD:
            student = record.get("student_id")
            if isinstance(student, str) and student.strip():
                sheet.trainees.append(student.strip())
            continue
        found = _answer(record, number)
        if isinstance(found, Answer):
            sheet.answers.append(found)
        else:
            sheet.skipped.append(found)
    if not sheet.answers:
        if not raw.strip():
            sheet.problem = f"{name} is empty: no answer was saved"
        elif sheet.skipped:
            sheet.problem = f"{name} holds no readable answer ({sheet.skipped[0]})"
        else:
            sheet.problem = f"{name} holds no answer"
    return sheet


def remember_trainee(path: str | Path, student_id: str, assessment: str) -> None:
    """Record the name a trainee entered, so a restarted kernel shows them the same cases."""
    from simulator.widgets.store import ReplyStore, wall_clock_now

    ReplyStore(path).append(
        {
            "kind": TRAINEE_RECORD,
            "student_id": student_id,
            "assessment": assessment,
            "wall_time": wall_clock_now(),
        }
    )
