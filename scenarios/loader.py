"""Read and validate family files; turn any problem into one line naming file, line and field."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from scenarios.family import Family

FAMILY_DIR = Path(__file__).with_name("families")
BRANDS_FILE = Path(__file__).with_name("brands.yaml")


class FamilyError(ValueError):
    """A family file that cannot be used; the message names the file, line and field."""


def _node_at(node: yaml.Node, path: tuple[Any, ...]) -> yaml.Node:
    """Walk a composed YAML node tree along a pydantic error location, as far as it goes."""
    for key in path:
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value == str(key) or (key == "from_" and k.value == "from"):
                    node = v
                    break
            else:
                return node
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
            if key >= len(node.value):
                return node
            node = node.value[key]
        else:
            return node
    return node


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ~5x faster


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise FamilyError(f"{path}: cannot read: {exc.strerror}") from None


def _parse(path: Path, text: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)  # a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise FamilyError(f"{path}: {where}invalid YAML: {problem}") from None


def _read_yaml(path: Path) -> Any:
    return _parse(path, _read_text(path))


def load_family(path: str | Path) -> Family:
    """Load one family file; raise FamilyError naming file, line and field on any problem."""
    path = Path(path)
    text = _read_text(path)
    data = _parse(path, text)
    if not isinstance(data, dict):
        raise FamilyError(f"{path}: line 1: a family file must be a mapping of fields")
    try:
        family = Family.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
        field = ".".join(str(p) for p in loc) or "(top level)"
        # the node tree (with line numbers) is built only now, when there is a line to name
        node = yaml.compose(text, Loader=_Loader)
        line = _node_at(node, loc).start_mark.line + 1 if node is not None else 1
        more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
        raise FamilyError(f"{path}: line {line}: field '{field}': {err['msg']}{more}") from None
    if family.id != path.stem:
        raise FamilyError(f"{path}: line 1: field 'id': '{family.id}' must match the file name")
    return family


def family_paths() -> dict[str, Path]:
    """The shipped family files by id (the file name); nothing is parsed yet."""
    return {p.stem: p for p in sorted(FAMILY_DIR.glob("*.yaml"))}


@cache
def _load_cached(path: Path) -> Family:
    return load_family(path)


def families() -> dict[str, Family]:
    """Every shipped family, by id; a broken file raises FamilyError naming it."""
    return {family_id: _load_cached(path) for family_id, path in family_paths().items()}


def get_family(family_id: str) -> Family:
    """One family, parsed on first use: a broken file elsewhere does not stop this one."""
    paths = family_paths()
    if family_id not in paths:
        raise FamilyError(f"unknown family '{family_id}' (known: {', '.join(sorted(paths))})")
    return _load_cached(paths[family_id])


@cache
def brands() -> dict[str, dict[str, dict[str, str]]]:
    """Fictional brands: kind -> locale -> {name, handle}."""
    return _read_yaml(BRANDS_FILE)
