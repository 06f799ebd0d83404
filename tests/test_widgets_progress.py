"""The progress view: a picture that stays readable from 10 to 500 attempts, a trend per
dimension, what keeps coming back, filters by lesson and language, and a shift review."""

from __future__ import annotations

import json
import random
import struct
import time
from pathlib import Path

import pytest

from simulator.widgets import exercise, progress
from simulator.widgets.progress import progress_png, review_html, trend_text
from simulator.widgets.progress_data import ALL, attempts_of, recurring, select, shift_runs
from simulator.widgets.store import current_lesson

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LESSONS = ["01_why_social_care", "03_tone", "05_facts_and_knowledge", "08_practice_shift"]
CRITERIA = ["tone.acknowledge", "tone.signoff", "facts.missing", "tone.next_step"]


def course(n: int, seed: int = 1) -> list[dict]:
    """`n` attempts over a course: replies getting better, decisions, three languages."""
    rng = random.Random(seed)
    records = []
    for i in range(n):
        share = i / max(n - 1, 1)
        base = {"lesson": LESSONS[min(int(share * 4), 3)], "locale": ("sv", "nb", "en")[i % 3]}
        if i % 4 == 3:
            right = rng.random() < 0.5 + 0.4 * share
            records.append({**base, "mode": "triage", "action_grade": {
                "action": "respond", "expected": "respond" if right else "monitor",
                "score": 100.0 if right else 10.0, "correct": right}})  # fmt: skip
            continue
        dims = {d: max(0.0, min(100.0, 40 + 50 * share + rng.gauss(0, 15)))
                for d in ("tone", "speed", "facts")}  # fmt: skip
        dims["privacy"] = 100.0 if rng.random() < 0.9 else 0.0
        findings = [{"criterion": c, "points": 0, "max_points": 10, "tip": c}
                    for c in CRITERIA if rng.random() < 0.7 - 0.5 * share]  # fmt: skip
        records.append({**base, "mode": "exercise", "grade": {
            "total": sum(dims.values()) / 4, "dimensions": dims, "findings": findings}})
    return records


def png_size(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", png[16:24])


@pytest.mark.parametrize("n", [10, 500])
def test_the_picture_is_drawn_alike_at_10_and_500_attempts(n: int) -> None:
    started = time.perf_counter()
    png = progress_png(course(n), "sv", current="03_tone")
    assert time.perf_counter() - started < 5
    assert png_size(png) == (900, 660)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"progress_{n}.png").write_bytes(png)  # to look at (test-artifacts/)


def test_the_trend_compares_the_first_and_the_latest_replies() -> None:
    shown = trend_text(attempts_of(course(120)), "en")
    assert shown.startswith("Average of your first and latest")
    tone = shown.split("Tone ", 1)[1].split(" ·", 1)[0]
    before, after = (float(v) for v in tone.split(" → "))
    assert after > before  # the made-up trainee gets better
    assert trend_text(attempts_of(course(3)), "en") == ""  # too few to say


def test_what_keeps_coming_back_is_ranked_with_its_recent_share() -> None:
    rows = recurring([a for a in attempts_of(course(200)) if a.is_reply])
    assert {c for c, _, _ in rows} == set(CRITERIA)
    shares = [overall for _, overall, _ in rows]
    assert shares == sorted(shares, reverse=True)
    assert all(recent < overall for _, overall, recent in rows)  # fewer lately


def test_filters_by_lesson_and_language(tmp_path: Path) -> None:
    path = tmp_path / "replies.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in course(40)), "utf-8")
    view = progress(str(path), locale="nb")
    everything = len(view.selected)
    assert {v for _, v in view.lesson_picker.options} == {ALL, *LESSONS}
    assert [label for label, _ in view.language_picker.options][0] == "Alle språk"
    view.filter(lesson="03_tone", locale="sv")
    chosen = view.selected
    assert 0 < len(chosen) < everything
    assert {(a.lesson, a.locale) for a in chosen} == {("03_tone", "sv")}
    assert select(attempts_of(course(40)), "03_tone", "sv") == chosen
    assert bytes(view.image.value).startswith(b"\x89PNG")


def test_the_lesson_comes_from_the_notebook_the_kernel_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "course" / "03_tone.ipynb"))
    assert current_lesson() == "03_tone"
    path = tmp_path / "replies.jsonl"
    task = exercise("train_delay", "en", 0, replies_path=str(path))
    task.set_reply("Hi Robert, sorry about the wait. /Anna")
    task.send()
    assert json.loads(path.read_text("utf-8"))["lesson"] == "03_tone"
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "course" / "05_facts.ipynb"))
    view = progress(str(path))
    assert view.current_lesson == "05_facts" and view._highlight() is None  # none of its own
    monkeypatch.delenv("JPY_SESSION_NAME")
    assert current_lesson() is None


def shift_record(case_id: str, seed: int, points: float, action: str = "respond") -> dict:
    return {
        "mode": "shift", "case_id": case_id, "locale": "en", "action": action,
        "reply": "<b>Hi</b> there" if action == "respond" else None, "latency_s": 300.0,
        "shown_at": "2026-12-02T14:05:00.000+01:00",
        "grade": {"total": points, "dimensions": {}, "findings": []} if action == "respond"
        else None,
        "action_grade": {"action": action, "expected": "respond", "score": 100.0,
                         "correct": action == "respond"},
        "shift": {"seed": seed, "minutes": 30, "arrived_s": 60.0, "points": points},
    }  # fmt: skip


def test_each_shift_run_is_reviewed_post_by_post(tmp_path: Path) -> None:
    records = [shift_record("a", 1, 80.0), shift_record("b", 1, 10.0, "monitor"),
               shift_record("a", 1, 90.0), shift_record("c", 2, 50.0)]  # fmt: skip
    runs = shift_runs(records)
    assert [len(r.records) for r in runs] == [2, 1, 1]  # "a" again: the desk was run again
    assert runs[0].points == pytest.approx(45.0) and runs[0].when == "2026-12-02 14:05"
    markup = review_html(runs[0], "sv")
    assert markup.count("<tr>") == 3 and "&lt;b&gt;Hi&lt;/b&gt;" in markup
    assert 'class="rl-wrong">Bevaka → Svara öppet<' in markup
    path = tmp_path / "replies.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    view = progress(str(path), locale="sv")
    assert len(view.shift_picker.options) == 3 and view.shifts.layout.display is None
    view.show_review(0)
    assert "inlägg för inlägg" in view.review.value
