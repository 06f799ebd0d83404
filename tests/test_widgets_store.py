"""The replies file: durable appends, forgiving reads (torn lines, other versions' fields)."""

from __future__ import annotations

import json
import os
import warnings
from datetime import datetime
from pathlib import Path

import pytest

from simulator import generate
from simulator.widgets.store import (
    DEFAULT_FILENAME,
    ReplyFileWarning,
    ReplyStore,
    attempt_record,
    default_replies_path,
)


def test_default_path_is_in_the_current_directory(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert default_replies_path() == tmp_path / DEFAULT_FILENAME
    store = ReplyStore()
    monkeypatch.chdir("/")
    assert store.path == tmp_path / DEFAULT_FILENAME  # resolved once, a chdir does not move it


def test_append_writes_one_json_object_per_line_and_fsyncs(tmp_path: Path, monkeypatch) -> None:
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd)))
    store = ReplyStore(tmp_path / "sub" / "replies.jsonl")
    store.append({"case_id": "a", "reply": "line one\nline two"})
    store.append({"case_id": "b", "reply": "ÅÄÖ æøå"})
    lines = store.path.read_text("utf-8").splitlines()
    assert [json.loads(line)["case_id"] for line in lines] == ["a", "b"]
    assert json.loads(lines[0])["reply"] == "line one\nline two"
    assert json.loads(lines[0])["format"] == 1
    assert len(synced) >= 2  # every write, plus the new directory entry
    assert store.read()[1]["reply"] == "ÅÄÖ æøå"


def test_missing_file_reads_as_no_attempts(tmp_path: Path) -> None:
    assert ReplyStore(tmp_path / "nothing.jsonl").read() == []


def test_torn_last_line_is_skipped_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "replies.jsonl"
    good = json.dumps({"case_id": "a", "grade": {"total": 50}})
    path.write_text(good + "\n" + '{"case_id": "b", "rep', encoding="utf-8")
    store = ReplyStore(path)
    with pytest.warns(ReplyFileWarning, match="line 2"):
        records = store.read()
    assert [r["case_id"] for r in records] == ["a"]


def test_append_after_a_torn_line_starts_a_fresh_line(tmp_path: Path) -> None:
    path = tmp_path / "replies.jsonl"
    path.write_bytes(b'{"case_id": "a"}\n{"case_id": "tor')
    store = ReplyStore(path)
    store.append({"case_id": "c"})
    with pytest.warns(ReplyFileWarning):
        records = store.read()
    assert [r["case_id"] for r in records] == ["a", "c"]


def test_lines_that_are_not_objects_or_not_utf8_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "replies.jsonl"
    path.write_bytes(b'[1, 2]\n\xff\xfe\n\n{"case_id": "ok"}\n')
    with pytest.warns(ReplyFileWarning):
        records = ReplyStore(path).read()
    assert records == [{"case_id": "ok"}]


def test_unknown_and_missing_fields_from_other_versions_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "replies.jsonl"
    old = {"case_id": "x", "score": 3, "future_field": {"nested": True}}
    path.write_text(json.dumps(old) + "\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ReplyStore(path).read() == [old]


def test_attempt_record_has_the_documented_fields() -> None:
    case = generate("train_delay", "nb", 4)
    record = attempt_record(
        case,
        mode="exercise",
        attempt=2,
        reply="Hei",
        action=None,
        shown_at="2026-01-01T10:00:00.000+00:00",
        sim_clock="post",
        sim_shown_s=300.0,
        sim_sent_s=360.04,
        latency_s=360.04,
        grade={"total": 10.0, "dimensions": {}, "findings": []},
    )
    expected = {
        "mode", "case_id", "family", "locale", "seed", "channel", "attempt", "reply", "action",
        "shown_at", "sent_at", "sim_clock", "sim_shown_s", "sim_sent_s", "latency_s", "grade",
        "action_grade", "lesson",
    }  # fmt: skip
    assert set(record) == expected
    assert (record["case_id"], record["family"], record["locale"], record["seed"]) == (
        "train_delay-nb-4", "train_delay", "nb", 4,
    )  # fmt: skip
    assert record["latency_s"] == 360.0
    assert datetime.fromisoformat(record["sent_at"]).tzinfo is not None  # wall clock, offset
    json.dumps(record)  # JSON-ready
