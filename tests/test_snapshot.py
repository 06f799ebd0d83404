"""The same seed gives the same case on any machine: generated cases match a stored snapshot.

The snapshot was written on one machine; a different Faker, Python or platform that changed a
single name or number fails here. After an intended change to a family file, rewrite it with
    REPLYLAB_WRITE_SNAPSHOT=1 .venv/bin/pytest tests/test_snapshot.py
and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scenarios import LOCALES, families
from simulator import generate

SNAPSHOT = Path(__file__).with_name("data") / "generated_cases.jsonl"
SEEDS = (0, 123456789)


def _current() -> list[dict]:
    return [
        generate(family, locale, seed).to_dict()
        for family in sorted(families())
        for locale in LOCALES
        for seed in SEEDS
    ]


def test_generated_cases_match_the_snapshot():
    current = _current()
    if os.environ.get("REPLYLAB_WRITE_SNAPSHOT"):
        SNAPSHOT.write_text(
            "".join(json.dumps(c, ensure_ascii=False, sort_keys=True) + "\n" for c in current),
            encoding="utf-8",
        )
        pytest.skip("snapshot rewritten")
    stored = [json.loads(line) for line in SNAPSHOT.read_text(encoding="utf-8").splitlines()]
    stored_by_id = {c["id"]: c for c in stored}
    assert sorted(stored_by_id) == sorted(c["id"] for c in current), "families or seeds changed"
    for case in current:
        assert case == stored_by_id[case["id"]], f"{case['id']} differs from the snapshot"
