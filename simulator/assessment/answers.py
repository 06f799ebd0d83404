"""The answers file: what the trainee typed into the widgets, the only record nbgrader keeps.

nbgrader re-executes the notebook to grade it, and widget state does not survive that (nbgrader
issue 1359), so every attempt is appended to `replylab_answers.jsonl` in the assignment folder;
`nbgrader submit`/`collect` carry the whole folder and autograde copies it beside the notebook.

The file holds what was written and when, never a grade. Each record carries its place (`seq`)
and a hash of the record before it (`prev`), so a record removed, moved or changed by hand
breaks the chain and shows in the feedback and in `replylab assessment verify`. (A kernel the
trainee controls cannot sign anything: someone who rewrites the whole chain can forge it; the
notes in docs/instructors.md say what that does and does not stop.)
Reading never raises: a missing, empty or damaged file becomes an AnswerSheet whose `problem`
says so in words a trainee understands, because it ends up in their feedback.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from simulator.assessment.messages import Message, msg

ANSWERS_FILENAME = "replylab_answers.jsonl"
# Where answers go when an instructor tries the notebook in the course's source/ folder: the
# course config tells nbgrader to ignore it, so it is never released to trainees.
PREVIEW_FILENAME = "replylab_answers.preview.jsonl"
TRAINEE_RECORD = "trainee"
ANSWER_RECORD = "answer"
MAX_ANSWERS_BYTES = 20_000_000  # far beyond any honest file; a bigger one is not read
CLOCK_SLACK_S = 5.0  # a machine clock may step back this far (NTP) without it meaning anything


def line_hash(line: bytes) -> str:
    return hashlib.sha256(line.strip()).hexdigest()[:16]


def parse_time(value: object) -> datetime | None:
    """An ISO time with offset, as the widgets write it; None if absent or not a time."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


@dataclass(frozen=True)
class Answer:
    """One attempt at one case, in the order it was written (`line` in the file)."""

    case_id: str
    reply: str
    action: str | None
    line: int
    saved_at: datetime | None = None


@dataclass
class AnswerSheet:
    """Everything readable in an answers file, and what was wrong with the rest."""

    path: Path
    answers: list[Answer] = field(default_factory=list)
    trainees: list[str] = field(default_factory=list)  # names recorded, oldest first
    codes: list[str] = field(default_factory=list)  # access codes recorded, oldest first
    started_at: datetime | None = None  # the first record's time: when the trainee began
    skipped: list[Message] = field(default_factory=list)  # one per unreadable record
    edits: list[Message] = field(default_factory=list)  # signs of editing by hand
    problem: Message | None = None  # set when nothing at all could be used

    @property
    def trainee(self) -> str | None:
        """The name the trainee last entered (None if the hub or nbgrader supplied it)."""
        return self.trainees[-1] if self.trainees else None

    @property
    def code(self) -> str | None:
        return self.codes[-1] if self.codes else None


def answers_path_for(folder: Path) -> Path:
    """The answers file of a notebook folder; the preview file inside an nbgrader source/."""
    in_source = folder.parent.name == "source" and (
        folder.parent.parent / "nbgrader_config.py"
    ).exists()
    return folder / (PREVIEW_FILENAME if in_source else ANSWERS_FILENAME)


def _answer(record: dict[str, Any], number: int) -> Answer | Message:
    """An Answer, or why the record is not one."""
    case_id = record.get("case_id")
    if not isinstance(case_id, str) or not case_id:
        return msg("line_no_case", line=number)
    reply = record.get("reply", "")
    if reply is None:
        reply = ""
    if not isinstance(reply, str):
        return msg("line_reply_not_text", line=number)
    action = record.get("action")
    if action is not None and not isinstance(action, str):
        return msg("line_action_not_text", line=number)
    if not reply.strip() and not action:
        return msg("line_empty", line=number)
    saved_at = parse_time(record.get("wall_time", record.get("sent_at")))
    return Answer(case_id=case_id, reply=reply, action=action, line=number, saved_at=saved_at)


class _Chain:
    """Checks seq, prev and time order record by record; collects what does not fit."""

    def __init__(self, edits: list[Message]) -> None:
        self.edits = edits
        self.seq = 0
        self.prev = ""
        self.last_time: datetime | None = None

    def check(self, record: dict[str, Any], raw: bytes, number: int) -> None:
        seq = record.get("seq")
        if not isinstance(seq, int) or isinstance(seq, bool):
            self.edits.append(msg("edit_no_seq", line=number))
        elif seq != self.seq + 1:
            if seq > self.seq + 1:
                self.edits.append(msg("edit_missing", line=number, n=seq - self.seq - 1))
            else:
                self.edits.append(msg("edit_order", line=number))
        elif record.get("prev") != self.prev:
            self.edits.append(msg("edit_chain", line=number))
        if isinstance(seq, int) and not isinstance(seq, bool):
            self.seq = seq
        self.prev = line_hash(raw)
        when = parse_time(record.get("wall_time", record.get("sent_at")))
        if when is None:
            self.edits.append(msg("edit_no_time", line=number))
            return
        if self.last_time and (self.last_time - when).total_seconds() > CLOCK_SLACK_S:
            self.edits.append(
                msg("edit_time_back", line=number, when=f"{when:%H:%M:%S}",
                    before=f"{self.last_time:%H:%M:%S}")
            )
        self.last_time = max(when, self.last_time) if self.last_time else when


def read_answers(path: str | Path) -> AnswerSheet:
    """Parse the answers file; never raises, whatever is (or is not) at `path`."""
    sheet = AnswerSheet(path=Path(path))
    name = sheet.path.name
    try:
        if sheet.path.stat().st_size > MAX_ANSWERS_BYTES:
            sheet.problem = msg("answers_too_large", name=name, mb=MAX_ANSWERS_BYTES // 1_000_000)
            return sheet
        raw = sheet.path.read_bytes()
    except FileNotFoundError:
        sheet.problem = msg("answers_missing", name=name)
        return sheet
    except OSError as exc:
        sheet.problem = msg("answers_unreadable", name=name, error=str(exc.strerror or exc))
        return sheet
    chain = _Chain(sheet.edits)
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            sheet.skipped.append(msg("line_not_json", line=number))
            continue
        if not isinstance(record, dict):
            sheet.skipped.append(msg("line_not_object", line=number))
            continue
        chain.check(record, line, number)
        if sheet.started_at is None:
            sheet.started_at = parse_time(record.get("wall_time", record.get("sent_at")))
        if record.get("kind") == TRAINEE_RECORD:
            student = record.get("student_id")
            if isinstance(student, str) and student.strip():
                sheet.trainees.append(student.strip())
            code = record.get("code")
            if isinstance(code, str) and code.strip():
                sheet.codes.append(code.strip())
            continue
        found = _answer(record, number)
        if isinstance(found, Answer):
            sheet.answers.append(found)
        else:
            sheet.skipped.append(found)
    if not sheet.answers:
        if not raw.strip():
            sheet.problem = msg("answers_empty", name=name)
        elif sheet.skipped:
            sheet.problem = msg("answers_no_readable", name=name, first=sheet.skipped[0])
        else:
            sheet.problem = msg("answers_none", name=name)
    return sheet


def _last_record(path: Path) -> tuple[int, str]:
    """(seq, hash) of the last readable record, the link the next record continues."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return 0, ""
    for line in reversed(raw.split(b"\n")):
        if not line.strip():
            continue
        try:
            record = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            continue  # a torn line from a crash: the chain continues from the record before
        if isinstance(record, dict):
            seq = record.get("seq")
            return (seq if isinstance(seq, int) else 0), line_hash(line)
    return 0, ""


def append_record(path: str | Path, record: dict[str, Any]) -> dict[str, Any]:
    """Append one chained record, durably (fsync), with the wall time; returns what was saved."""
    from simulator.widgets.store import ReplyStore, wall_clock_now

    store = ReplyStore(path)
    seq, prev = _last_record(store.path)
    full = {**record, "wall_time": wall_clock_now(), "seq": seq + 1, "prev": prev}
    store.append(full)
    return full


def remember_trainee(path: str | Path, student_id: str, assessment: str, code: str) -> None:
    """Record who the trainee is, so a restarted kernel shows them the same cases."""
    append_record(
        path,
        {"kind": TRAINEE_RECORD, "student_id": student_id, "code": code, "assessment": assessment},
    )


def save_answer(
    path: str | Path, case_id: str, reply: str, action: str | None, shown_at: str
) -> dict[str, Any]:
    """One attempt: what was written and when. Never a grade (it would give the score away)."""
    return append_record(
        path,
        {
            "kind": ANSWER_RECORD,
            "case_id": case_id,
            "reply": reply,
            "action": action,
            "shown_at": shown_at,
        },
    )
