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


def _validated(path: Path, model: Any, what: str, error: type[ValueError]) -> tuple[Any, str]:
    """The file's mapping validated as `model`, and its text; any problem is one `error`
    naming the file, the line and the field."""
    try:
        text = _read_text(path)
        data = _parse(path, text)
    except FamilyError as exc:
        raise error(str(exc)) from None
    if not isinstance(data, dict):
        raise error(f"{path}: line 1: a {what} file must be a mapping of fields")
    try:
        return model.model_validate(data), text
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
        field = ".".join(str(p) for p in loc) or "(top level)"
        more = f" (and {len(exc.errors()) - 1} more)" if len(exc.errors()) > 1 else ""
        msg = err["msg"].removeprefix("Value error, ")
        raise error(f"{path}: line {_line_of(text, loc)}: field '{field}': {msg}{more}") from None


def _line_of(text: str, loc: tuple[Any, ...]) -> int:
    """The line of a field; the node tree (with line numbers) is built only when there is a
    line to name."""
    node = yaml.compose(text, Loader=_Loader)
    return _node_at(node, loc).start_mark.line + 1 if node is not None else 1


def load_family(path: str | Path) -> Family:
    """Load one family file; raise FamilyError naming file, line and field on any problem."""
    path = Path(path)
    family, _text = _validated(path, Family, "family", FamilyError)
    if family.id != path.stem:
        raise FamilyError(f"{path}: line 1: field 'id': '{family.id}' must match the file name")
    return family  # type: ignore[no-any-return]


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


# --- drills (scenarios/drills/*.yaml, schema in scenarios/drill.py) ---------------------------

DRILL_DIR = Path(__file__).with_name("drills")


class DrillError(ValueError):
    """A drill file that cannot be used; the message names the file, line and field."""


def load_drill(path: str | Path) -> Any:
    """Load one drill file and check it against its family; raise DrillError naming the file,
    line and field on any problem."""
    from scenarios.drill import Drill

    path = Path(path)
    drill, text = _validated(path, Drill, "drill", DrillError)
    problem = _drill_problem(drill, path)
    if problem is not None:
        loc, msg = problem
        field = ".".join(str(p) for p in loc)
        raise DrillError(f"{path}: line {_line_of(text, loc)}: field '{field}': {msg}") from None
    return drill


def _drill_problem(drill: Any, path: Path) -> tuple[tuple[Any, ...], str] | None:
    """What the schema cannot see: the family, and the facts the drill names."""
    if drill.id != path.stem:
        return ("id",), f"'{drill.id}' must match the file name"
    if drill.family not in family_paths():
        return ("family",), f"unknown family '{drill.family}'"
    family = get_family(drill.family)
    if not family.incident:
        return ("family",), f"'{drill.family}' has no incident: it cannot stage a drill"
    for name, value in drill.pin.items():
        if name not in family.incident:
            return ("pin", name), f"'{name}' is not one of '{drill.family}''s incident variables"
        spec = family.variables[name]
        if spec.type == "pick":
            for locale, text in family.locales.items():
                items = text.vocab.get(spec.from_, [])  # type: ignore[union-attr]
                if not isinstance(value, int) or not 0 <= value < len(items):
                    return (("pin", name), f"a position in {locale}'s list '{spec.from_}' "  # type: ignore[union-attr]
                            f"(0 to {len(items) - 1}), got {value!r}")
    for i, fact_id in enumerate(drill.drop_facts):
        fact_spec = next((f for f in family.facts if f.id == fact_id), None)
        if fact_spec is None:
            return ("drop_facts", i), f"'{fact_id}' is not a fact of '{drill.family}'"
        if fact_spec.var in family.incident:
            return ("drop_facts", i), f"'{fact_id}' is the incident's own fact: it cannot go"
    known = {f.id for f in family.facts if f.id not in drill.drop_facts} | {
        f.id for f in drill.facts}
    for i, fact in enumerate(drill.facts):
        if fact.id in {f.id for f in family.facts}:
            return ("facts", i, "id"), f"'{fact.id}' is already a fact of '{drill.family}'"
    for part, ids in drill.parts.items():
        for i, fact_id in enumerate(ids):
            if fact_id not in known:
                return ("parts", part, i), f"unknown fact '{fact_id}'"
    if drill.others is not None:
        for i, family_id in enumerate(drill.others.families):
            if family_id not in family_paths():
                return ("others", "families", i), f"unknown family '{family_id}'"
            kind = get_family(family_id).brand_kind
            if kind != family.brand_kind:
                return (("others", "families", i),
                        f"'{family_id}' is for a {kind} brand, the drill for {family.brand_kind}")
    for n, inject in enumerate(drill.timeline):
        for i, fact in enumerate(inject.facts):
            if fact.id not in known and (fact.kind is None or fact.label is None):
                return (("timeline", n, "facts", i, "id"),
                        f"'{fact.id}' is a new fact: it needs a 'kind' and a 'label'")
            known.add(fact.id)
    return None


def drill_paths() -> dict[str, Path]:
    return {p.stem: p for p in sorted(DRILL_DIR.glob("*.yaml"))}


@cache
def _drill_cached(path: Path) -> Any:
    return load_drill(path)


def get_drill(drill_id: str) -> Any:
    """One shipped drill by id (the file name)."""
    paths = drill_paths()
    if drill_id not in paths:
        raise DrillError(f"unknown drill '{drill_id}' (known: {', '.join(sorted(paths))})")
    return _drill_cached(paths[drill_id])


def drills() -> dict[str, Any]:
    """Every shipped drill, by id."""
    return {drill_id: _drill_cached(path) for drill_id, path in drill_paths().items()}
