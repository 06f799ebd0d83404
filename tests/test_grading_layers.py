"""The direction of imports: scenarios <- grading <- simulator, and inside grading the
criteria sit on the shared reading and never on each other. Read from the source (every
import, including the lazy ones inside functions), so a new shortcut fails here at once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _module(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every module `path` imports, as dotted names (`from a import b` gives a and a.b)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_the_layers_import_downwards_only() -> None:
    above = {"scenarios": ("grading", "simulator", "course"), "grading": ("simulator", "course")}
    wrong = [f"{_module(path)} imports {name}"
             for package, higher in above.items() for path in _modules(package)
             for name in _imports(path) if any(_within(name, h) for h in higher)]
    assert not wrong, "\n".join(wrong)


def test_no_criterion_imports_another() -> None:
    criteria = {_module(p) for p in _modules("grading/criteria")} - {"grading.criteria"}
    assert len(criteria) >= 8, criteria  # tone, gaming, style, facts, ... are all there
    wrong = []
    for path in _modules("grading/criteria"):
        me = _module(path)
        for name in _imports(path):
            other = next((c for c in criteria if _within(name, c)), None)
            if other and other != me:
                wrong.append(f"{me} imports {other}")
            if _within(name, "grading.engine"):
                wrong.append(f"{me} imports grading.engine")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("package", ["grading/reading", "grading"])
def test_the_reading_and_shared_modules_know_no_criterion(package: str) -> None:
    """The reading is built before any criterion runs: it may not depend on one."""
    shared = [p for p in _modules(package) if "criteria" not in p.parts
              and p.name not in ("engine.py", "__init__.py") or p.parent.name == "reading"]
    wrong = [f"{_module(path)} imports {name}" for path in shared for name in _imports(path)
             if _within(name, "grading.criteria") or _within(name, "grading.engine")]
    assert not wrong, "\n".join(wrong)


def test_the_check_sees_lazy_imports(tmp_path: Path) -> None:
    """An import inside a function counts, so the test cannot be dodged by a lazy import."""
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from grading.criteria.tone import greeting\n")
    assert "grading.criteria.tone" in _imports(sample)
