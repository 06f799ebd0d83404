"""grading's on-disk cache: a grade is the same whether its lexicon was built in this process
or loaded from what an earlier one built, and a missing, stale, corrupt or unwritable cache
never changes or fails a grade."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from grading.cache import source_hash

# Each run is a fresh interpreter (as every autograded notebook is) with the cache's folders
# moved to the test's own: it grades replies in every locale and prints the grades.
GRADE_ALL = """
import json, pathlib, sys
import grading, grading.cache
from simulator.generate import generate
pkg, user = map(pathlib.Path, sys.argv[1:3])
grading.cache.CACHE_DIR, grading.cache.USER_CACHE_DIR = pkg, user
replies = {
    "sv": "Hej! Förlåt, tåget är 25 minuter försenat. Skriv ditt kortnummer här så kollar jag.",
    "nb": "Hei! Beklager, toget er 25 minutter forsinket. Send meg et DM, så ser jeg på det.",
    "en": "Hi, sorry about this. Your train is 25 minutes late due to a signal failure. /Erik",
}
out = {}
for locale, text in replies.items():
    case = generate("train_delay", locale, 3)
    out[locale] = grading.grade(text, case).to_dict()
print(json.dumps(out, sort_keys=True))
"""


def _grade_all(tmp_path: Path, pkg: Path, *, write: bool = True) -> dict[str, object]:
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not write:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    out = subprocess.run([sys.executable, "-c", GRADE_ALL, str(pkg), str(tmp_path / "user")],
                         capture_output=True, text=True, env=env, check=True, timeout=120)
    grades: dict[str, object] = json.loads(out.stdout)
    return grades


def _built(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.glob("*.pickle")) if folder.is_dir() else []


def test_a_grade_is_the_same_built_loaded_or_rebuilt(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    unkept = _grade_all(tmp_path, pkg, write=False)  # PYTHONDONTWRITEBYTECODE: keeps nothing
    assert _built(pkg) == [] and _built(tmp_path / "user") == []

    built = _grade_all(tmp_path, pkg)  # builds and keeps every locale's lexicon
    names = _built(pkg)
    assert {n.split(".")[0] for n in names} >= {"lexicon-sv", "lexicon-nb", "lexicon-en",
                                                "stopwords", "alternatives-train_delay-sv"}
    loaded = _grade_all(tmp_path, pkg)  # loads them
    assert _built(pkg) == names
    assert unkept == built == loaded
    sv = loaded["sv"]
    assert isinstance(sv, dict)  # the card-number request is caught, from the cache too
    assert any(f["criterion"].startswith("privacy") and f["points"] < f["max_points"]
               for f in sv["findings"])

    for path in pkg.glob("*.pickle"):  # a half-written or foreign file: built again
        path.write_bytes(b"not a pickle")
    assert _grade_all(tmp_path, pkg) == built
    assert _built(pkg) == names
    assert all(path.stat().st_size > 100 for path in pkg.glob("*.pickle"))


def test_an_unwritable_package_folder_falls_back_to_the_users_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "read-only-install"
    blocker.write_text("a file, so no folder can be made under it (even as root)")
    built = _grade_all(tmp_path, blocker / "__pycache__")
    user = _built(tmp_path / "user")
    assert any(n.startswith("lexicon-sv.") for n in user)
    assert _grade_all(tmp_path, blocker / "__pycache__") == built
    assert _built(tmp_path / "user") == user
    assert not (tmp_path / "home").exists()  # the user folder given, nothing else in home


def test_an_edited_source_gets_a_new_key(tmp_path: Path) -> None:
    a, b = tmp_path / "sv.yaml", tmp_path / "code.py"
    a.write_text("tone:\n  apology: [förlåt]\n")
    b.write_text("x = 1\n")
    key = source_hash([a, b])
    assert source_hash([a, b]) == key
    a.write_text("tone:\n  apology: [förlåt, ursäkta]\n")
    assert source_hash([a, b]) != key
    a.write_text("tone:\n  apology: [förlåt]\n")
    assert source_hash([a, b]) == key  # the bytes decide, not the time the file was written
    b.unlink()
    assert source_hash([a, b]) != key  # a missing source is not an empty one


PREBUILD = """
import pathlib, sys
import grading.cache
from simulator.cli import main
grading.cache.CACHE_DIR, grading.cache.USER_CACHE_DIR = map(pathlib.Path, sys.argv[1:3])
sys.exit(main(["prebuild"]))
"""


def test_prebuild_builds_every_locale_and_family_for_a_hub_admin(tmp_path: Path) -> None:
    from scenarios import families

    pkg, user = tmp_path / "pkg", tmp_path / "user"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    done = subprocess.run([sys.executable, "-c", PREBUILD, str(pkg), str(user)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    names = {n.split(".")[0] for n in _built(pkg)}
    assert {f"lexicon-{loc}" for loc in ("sv", "nb", "en")} <= names
    assert {f"alternatives-{fam}-sv" for fam in families()} <= names
    assert f"{len(_built(pkg))} files in {pkg}" in done.stdout

    env["PYTHONDONTWRITEBYTECODE"] = "1"  # nothing would be kept: said, not silently done
    done = subprocess.run([sys.executable, "-c", PREBUILD, str(tmp_path / "b"), str(user)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "PYTHONDONTWRITEBYTECODE is set" in done.stderr and "Traceback" not in done.stderr
