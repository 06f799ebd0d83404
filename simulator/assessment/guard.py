"""What in a submission could stand in for replylab's code, and whether it did.

The autograde kernel runs in the trainee's folder, and Python imports from the current folder
first unless told not to. The course's hook tells it not to (PYTHONSAFEPATH, IPython's
ignore_cwd) and the setup cell drops the folder from sys.path; this module is the check after
the fact: it names what was planted, and whether any of replylab's modules came from there.
"""

from __future__ import annotations

import sys
from pathlib import Path

OWN_PACKAGES = ("grading", "scenarios", "simulator")
CODE_SUFFIXES = (".py", ".pyc", ".pyo", ".pth", ".so", ".pyd")


def planted_files(folder: Path) -> list[str]:
    """Top-level entries of a submission that Python could import or run: code, not answers."""
    found = []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return []
    for entry in entries:
        name = entry.name
        if entry.is_dir():
            if name == "__pycache__" or name in OWN_PACKAGES or any(
                child.suffix in CODE_SUFFIXES for child in _children(entry)
            ):
                found.append(name + "/")
        elif entry.suffix in CODE_SUFFIXES:
            found.append(name)
    return found


def _children(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def shadowed_modules(folder: Path) -> list[str]:
    """replylab modules already imported from inside `folder` instead of the installation."""
    folder = folder.resolve()
    bad = []
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] not in OWN_PACKAGES:
            continue
        origin = getattr(module, "__file__", None)
        paths = [origin] if origin else list(getattr(module, "__path__", []) or [])
        for path in paths:
            try:
                inside = Path(path).resolve().is_relative_to(folder)
            except (OSError, ValueError):
                inside = False
            if inside:
                bad.append(name)
                break
    return sorted(bad)
