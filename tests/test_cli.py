"""The `replylab` command line: families, generate, and one-line errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scenarios import FamilyError, load_family
from simulator.cli import main

EXAMPLE = Path("scenarios/families/train_delay.yaml")


def test_families_lists_every_family_with_locales(capsys):
    assert main(["families"]) == 0
    out = capsys.readouterr().out
    assert "train_delay" in out and "sv,nb,en" in out


def test_generate_json_lines_with_consecutive_seeds(capsys):
    assert main(["generate", "--family", "train_delay", "--locale", "nb", "--n", "3",
                 "--seed", "10", "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [json.loads(line)["seed"] for line in lines] == [10, 11, 12]
    assert all(json.loads(line)["locale"] == "nb" for line in lines)


def test_generate_readable_shows_post_and_knowledge_base(capsys):
    assert main(["generate", "--family", "train_delay", "--locale", "sv", "--seed", "2"]) == 0
    out = capsys.readouterr().out
    assert "@Sparlinjen" in out and "Ny ankomsttid" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["generate", "--family", "nope"], "unknown family 'nope'"),
        (["generate", "--family", "train_delay", "--locale", "de"], "unknown locale 'de'"),
        (["generate", "--family", "train_delay", "--n", "0"], "--n must be at least 1"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, message):
    proc = subprocess.run([sys.executable, "-m", "simulator.cli", *args],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "train_delay.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_broken_yaml_names_file_and_line(tmp_path):
    path = _broken(tmp_path, "brand_kind: rail", "brand_kind: [rail")
    with pytest.raises(FamilyError) as err:
        load_family(path)
    assert str(path) in str(err.value) and "line" in str(err.value)


def test_wrong_field_value_names_file_line_and_field(tmp_path):
    path = _broken(tmp_path, "expected_action: respond", "expected_action: shout")
    with pytest.raises(FamilyError) as err:
        load_family(path)
    msg = str(err.value)
    assert str(path) in msg
    assert f"line {_line_of(path, 'expected_action: shout')}" in msg
    assert "expected_action" in msg


def test_nested_field_error_points_at_the_nested_line(tmp_path):
    path = _broken(tmp_path, "delay: {type: int, min: 25", "delay: {type: integer, min: 25")
    with pytest.raises(FamilyError) as err:
        load_family(path)
    msg = str(err.value)
    assert "variables.delay" in msg
    assert f"line {_line_of(path, 'type: integer')}" in msg


def test_unknown_placeholder_is_reported(tmp_path):
    path = _broken(tmp_path, "{{station}} och tåg", "{{platform}} och tåg")
    with pytest.raises(FamilyError, match="unknown placeholder"):
        load_family(path)


def test_broken_family_file_through_the_cli_exits_2(tmp_path, monkeypatch):
    """A broken shipped family file gives one line naming it, not a traceback."""
    import scenarios.loader as loader

    broken = _broken(tmp_path, "expected_action: respond", "expected_action: shout")
    monkeypatch.setattr(loader, "FAMILY_DIR", broken.parent)
    assert main(["families"]) == 2


def test_a_broken_family_file_does_not_stop_the_others(tmp_path, monkeypatch):
    import scenarios.loader as loader
    from simulator import generate

    (tmp_path / "praise.yaml").write_text("id: praise\ntitle: [unclosed\n", encoding="utf-8")
    (tmp_path / "train_delay.yaml").write_text(EXAMPLE.read_text(encoding="utf-8"))
    monkeypatch.setattr(loader, "FAMILY_DIR", tmp_path)
    assert generate("train_delay", "en", 1).family == "train_delay"
    with pytest.raises(FamilyError, match=r"praise.yaml: line \d+, column \d+: invalid YAML"):
        generate("praise", "en", 1)


def test_output_cut_short_by_the_reader_is_not_an_error():
    """`replylab generate ... | head -1`: exit 0 and no traceback when the pipe closes."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "simulator.cli", "generate", "--family", "praise", "--n", "3000"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"\xe2\x94\x80\xe2\x94\x80 praise-en-0")
    proc.stdout.close()
    proc.wait(timeout=60)
    assert proc.returncode == 0
    assert b"Traceback" not in proc.stderr.read()


def test_a_locale_variable_must_override_a_family_variable(tmp_path):
    override = "  en:\n    variables:\n      pris: {type: int, min: 1, max: 2}\n    vocab:"
    path = _broken(tmp_path, "  en:\n    vocab:", override)
    with pytest.raises(FamilyError, match="locales.en.variables.pris: not a family variable"):
        load_family(path)
