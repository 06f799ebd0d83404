"""The replies file: every attempt, one JSON object per line, beside the notebook.

Widget state dies with the kernel, so the file is the trainee's record. Each write is flushed
and fsynced before the widget shows feedback; reading forgives what a crash can leave behind
(a torn last line) and what an older or newer version wrote (unknown or missing fields).
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scenarios import Case

DEFAULT_FILENAME = "replylab_replies.jsonl"
RECORD_FORMAT = 1


class ReplyFileWarning(UserWarning):
    """A line of the replies file could not be read and was skipped."""


def default_replies_path() -> Path:
    """`replylab_replies.jsonl` in the current directory: the notebook's folder in Jupyter."""
    return Path.cwd() / DEFAULT_FILENAME


def wall_clock_now() -> str:
    """The real time as an ISO string with offset, so files from different machines compare."""
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="milliseconds")


class ReplyStore:
    """Append-only JSON Lines file of attempts."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        # Resolved once: a later os.chdir in the notebook must not move the trainee's answers.
        self.path = Path(path).expanduser().resolve() if path else default_replies_path()

    def append(self, record: Mapping[str, Any]) -> None:
        """Write one record and make it durable (flush + fsync) before returning."""
        line = json.dumps({"format": RECORD_FORMAT, **record}, ensure_ascii=False)
        if "\n" in line:  # json.dumps never emits raw newlines; this guards the format
            raise ValueError("a record must serialise to one line")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        created = not self.path.exists()
        with open(self.path, "a+b") as handle:
            prefix = b""
            size = handle.seek(0, os.SEEK_END)
            if size:
                handle.seek(size - 1)
                if handle.read(1) != b"\n":  # a torn line from a crash: start a fresh one
                    prefix = b"\n"
            handle.write(prefix + line.encode("utf-8") + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
        if created:
            _fsync_directory(self.path.parent)

    def read(self) -> list[dict[str, Any]]:
        """Every readable record in file order; unreadable lines are skipped with a warning."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        records: list[dict[str, Any]] = []
        for number, line in enumerate(raw.split(b"\n"), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                warnings.warn(
                    f"{self.path}: line {number}: skipped an unreadable line "
                    "(probably cut off by a crash)",
                    ReplyFileWarning,
                    stacklevel=2,
                )
                continue
            if not isinstance(record, dict):
                warnings.warn(
                    f"{self.path}: line {number}: skipped a line that is not a JSON object",
                    ReplyFileWarning,
                    stacklevel=2,
                )
                continue
            records.append(record)
        return records


def _fsync_directory(directory: Path) -> None:
    """Make a newly created file's directory entry durable too (no-op where unsupported)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def attempt_record(
    case: Case,
    *,
    mode: str,
    attempt: int,
    reply: str | None,
    action: str | None,
    shown_at: str,
    sim_clock: str,
    sim_shown_s: float,
    sim_sent_s: float,
    latency_s: float | None,
    grade: Any = None,
    action_grade: Any = None,
    **extra: Any,
) -> dict[str, Any]:
    """One line of the replies file. `sim_clock` names the simulated clock's origin:
    'post' (seconds since the post was written) or 'shift' (since the shift started)."""
    return {
        "mode": mode,
        "case_id": case.id,
        "family": case.family,
        "locale": case.locale,
        "seed": case.seed,
        "channel": case.channel,
        "attempt": attempt,
        "reply": reply,
        "action": action,
        "shown_at": shown_at,
        "sent_at": wall_clock_now(),
        "sim_clock": sim_clock,
        "sim_shown_s": round(sim_shown_s, 1),
        "sim_sent_s": round(sim_sent_s, 1),
        "latency_s": None if latency_s is None else round(latency_s, 1),
        "grade": None if grade is None else _to_dict(grade),
        "action_grade": None if action_grade is None else _to_dict(action_grade),
        **extra,
    }


def _to_dict(value: Any) -> Any:
    return value if isinstance(value, Mapping) else value.to_dict()
