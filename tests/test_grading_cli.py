"""`replylab grade`: one reply or a whole CSV of them; bad input is one line and exit status 2."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_grading_support import BAD, GOOD, make_case

import simulator
from simulator.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(make_case("sv"), ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture()
def batch(tmp_path: Path) -> tuple[Path, Path]:
    cases = [make_case("sv"), make_case("en"), simulator.generate("praise", "nb", 1).to_dict()]
    cases_path = tmp_path / "cases.jsonl"
    cases_path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases),
                          encoding="utf-8")
    replies = tmp_path / "replies.csv"
    with replies.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["case_id", "reply", "latency_s"])
        w.writerow(["train_delay-sv-test", GOOD["sv"], "600"])
        w.writerow(["train_delay-sv-test", BAD["sv"], ""])
        w.writerow(["train_delay-en-test", GOOD["en"], "7200"])
        w.writerow([cases[2]["id"], "Tusen takk for de fine ordene!\nVi gir beskjed. /Kari", ""])
    return cases_path, replies


def test_one_reply_as_json(case_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["grade", "--case", str(case_file), "--reply", GOOD["sv"], "--latency", "600",
               "--json"])
    assert rc == 0
    data = json.loads(capsys.readouterr().out)
    assert data["case_id"] == "train_delay-sv-test"
    assert data["dimensions"]["speed"] == 100
    assert data["total"] > 80 and data["findings"]


def test_one_reply_readable_summary(case_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["grade", "--case", str(case_file), "--reply", BAD["sv"]]) == 0
    out = capsys.readouterr().out
    assert "total" in out and "tone.blame" in out and "'Enligt våra villkor'" in out
    assert "speed" in out  # shown as '-' when no latency was given


def test_batch_writes_csv_and_prints_a_summary(batch: tuple[Path, Path], tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    cases, replies = batch
    out = tmp_path / "grades.csv"
    assert main(["grade", "--cases", str(cases), "--replies", str(replies), "--out",
                 str(out)]) == 0
    captured = capsys.readouterr()
    assert "4 replies graded" in captured.out
    for dim in ("total", "tone", "speed", "facts", "privacy"):
        assert dim in captured.out
    assert "grading" in captured.err  # the tqdm progress bar
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["line"] for r in rows] == ["2", "3", "4", "5"]  # the quoted newline spans lines
    assert float(rows[0]["total"]) > float(rows[1]["total"])
    assert rows[0]["speed"] == "100.0" and rows[1]["speed"] == ""
    assert "tone.blame" in rows[1]["severe"]


def test_batch_jsonl_output(batch: tuple[Path, Path], tmp_path: Path) -> None:
    cases, replies = batch
    out = tmp_path / "grades.jsonl"
    assert main(["grade", "--cases", str(cases), "--replies", str(replies), "--out",
                 str(out)]) == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 4 and lines[0]["line"] == 2 and lines[0]["findings"]


def _error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    assert err.startswith("replylab grade: error: ")
    return err


def test_unknown_case_id_names_the_line(batch: tuple[Path, Path], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    cases, replies = batch
    with replies.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(["no-such-case", "hello", ""])
    err = _error(["grade", "--cases", str(cases), "--replies", str(replies), "--out",
                  str(tmp_path / "g.csv")], capsys)
    assert "replies.csv: line 7" in err and "unknown case 'no-such-case'" in err
    assert not (tmp_path / "g.csv").exists()


def test_bad_inputs_exit_2_with_one_line(batch: tuple[Path, Path], tmp_path: Path,
                                         case_file: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    cases, replies = batch
    out = str(tmp_path / "g.csv")
    err = _error(["grade", "--case", str(tmp_path / "nope.json"), "--reply", "x"], capsys)
    assert "nope.json" in err
    broken = tmp_path / "broken.json"
    bad_case = make_case("sv")
    bad_case["facts"][0]["kind"] = "colour"
    broken.write_text(json.dumps(bad_case), encoding="utf-8")
    assert "facts.0.kind" in _error(["grade", "--case", str(broken), "--reply", "x"], capsys)
    bad_cases = tmp_path / "bad.jsonl"
    bad_cases.write_text(cases.read_text(encoding="utf-8") + '{"id": "x"}\n', encoding="utf-8")
    err = _error(["grade", "--cases", str(bad_cases), "--replies", str(replies), "--out", out],
                 capsys)
    assert "bad.jsonl: line 4" in err and "field" in err
    no_col = tmp_path / "nocol.csv"
    no_col.write_text("case,text\nx,y\n", encoding="utf-8")
    err = _error(["grade", "--cases", str(cases), "--replies", str(no_col), "--out", out], capsys)
    assert "line 1: missing column 'case_id'" in err
    bad_lat = tmp_path / "lat.csv"
    bad_lat.write_text("case_id,reply,latency_s\ntrain_delay-sv-test,hej,soon\n", encoding="utf-8")
    err = _error(["grade", "--cases", str(cases), "--replies", str(bad_lat), "--out", out], capsys)
    assert "lat.csv: line 2: latency_s" in err
    err = _error(["grade", "--case", str(case_file)], capsys)
    assert "--reply" in err
    err = _error(["grade", "--cases", str(cases), "--replies", str(replies)], capsys)
    assert "--out" in err


def test_rubric_file(case_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rubric = tmp_path / "rubric.yaml"
    rubric.write_text("weights: {tone: 0.0, facts: 1.0, privacy: 0.0}\n", encoding="utf-8")
    assert main(["grade", "--case", str(case_file), "--reply", GOOD["sv"], "--rubric",
                 str(rubric), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 100
    rubric.write_text("weight: 1\n", encoding="utf-8")
    assert "unknown field 'weight'" in _error(
        ["grade", "--case", str(case_file), "--reply", "x", "--rubric", str(rubric)], capsys)


def test_console_script_end_to_end(case_file: Path) -> None:
    exe = Path(sys.executable).with_name("replylab")
    out = subprocess.run([str(exe), "grade", "--case", str(case_file), "--reply", GOOD["sv"],
                          "--json"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["locale"] == "sv"
