"""The replies file: every attempt, one JSON object per line, beside the notebook.

Widget state dies with the kernel, so the file is the trainee's record. Each write is flushed
and fsynced before the widget shows feedback; reading forgives what a crash can leave behind
(a torn last line) and what an older or newer version wrote (unknown or missing fields).

Objects in the same kernel can ask to hear about appends (`on_append`): that is how a progress
view redraws after a Send in any exercise or shift desk writing to its file.
"""

from __future__ import annotations

import json
import logging
import os
import re
import warnings
import weakref
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scenarios import Case

DEFAULT_FILENAME = "replylab_replies.jsonl"
RECORD_FORMAT = 1

log = logging.getLogger(__name__)
Listener = Callable[[dict[str, Any]], Any]
# Who hears about appends in this process: (file, group, weak reference to a bound method).
# Weak, so the store never keeps an object alive on its own.
_listeners: list[tuple[Path, str | None, weakref.WeakMethod[Listener]]] = []


def on_append(
    path: str | os.PathLike[str], method: Listener, *, group: str | None = None
) -> None:
    """Call the bound `method(record)` after every append to `path` in this process, while its
    object lives. A listener in a `group` replaces the group's earlier one for the same file
    (a re-run progress cell takes over from the view it replaced on screen). A failing
    listener is logged, never the writer's problem."""
    target = Path(path).resolve()
    if group is not None:
        _listeners[:] = [e for e in _listeners if (e[0], e[1]) != (target, group)]
    _listeners.append((target, group, weakref.WeakMethod(method)))  # type: ignore[arg-type]


def _notify(path: Path, record: dict[str, Any]) -> None:
    target = path.resolve()
    for entry in list(_listeners):
        listener_path, _group, ref = entry
        method = ref()
        if method is None:
            _listeners.remove(entry)
        elif listener_path == target:
            try:
                method(record)
            except Exception:  # noqa: BLE001 - the attempt is saved; a view may lag behind
                log.exception("replylab: a replies-file listener failed")


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class ReplyFileWarning(UserWarning):
    """A line of the replies file could not be read and was skipped."""


def default_replies_path() -> Path:
    """`replylab_replies.jsonl` in the current directory: the notebook's folder in Jupyter."""
    return Path.cwd() / DEFAULT_FILENAME


def current_lesson() -> str | None:
    """The notebook this kernel runs ("03_tone"), from the session name Jupyter gives its
    kernels (JPY_SESSION_NAME); None outside Jupyter. The progress view filters by it."""
    session = os.environ.get("JPY_SESSION_NAME", "").strip()
    if not session:
        return None
    name = Path(session).name
    return name[: -len(".ipynb")] if name.endswith(".ipynb") else name


def wall_clock_now() -> str:
    """The real time as an ISO string with offset, so files from different machines compare."""
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="milliseconds")


class ReplyStore:
    """Append-only JSON Lines file of attempts."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        # Resolved once: a later os.chdir in the notebook must not move the trainee's answers.
        self.path = Path(path).expanduser().resolve() if path else default_replies_path()

    def append(self, record: Mapping[str, Any]) -> None:
        """Write one record and make it durable (flush + fsync), then tell the listeners."""
        full = {"format": RECORD_FORMAT, **record}
        # A lone surrogate (half an emoji from a broken paste) cannot be written as UTF-8; it
        # becomes U+FFFD rather than costing the trainee the whole attempt.
        line = LONE_SURROGATE.sub("\ufffd", json.dumps(full, ensure_ascii=False))
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
        _notify(self.path, full)

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
        "lesson": current_lesson(),
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
