"""Authored scenario families (data), their schema, and the Case model.

Names are loaded when first used (PEP 562), so `from scenarios.case import Case`, all a grade
of a case given as JSON needs, does not also build the family schema and read the families."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scenarios.case import CHANNEL_LIMITS, LOCALES, Case, CaseError, Fact, Policy
    from scenarios.drill import Drill
    from scenarios.family import Family
    from scenarios.loader import (
        DrillError,
        FamilyError,
        brands,
        drills,
        families,
        get_drill,
        get_family,
        load_drill,
        load_family,
    )

_WHERE = {
    "CHANNEL_LIMITS": "scenarios.case", "LOCALES": "scenarios.case", "Case": "scenarios.case",
    "CaseError": "scenarios.case", "Fact": "scenarios.case", "Policy": "scenarios.case",
    "Family": "scenarios.family", "FamilyError": "scenarios.loader", "brands": "scenarios.loader",
    "families": "scenarios.loader", "get_family": "scenarios.loader",
    "load_family": "scenarios.loader", "Drill": "scenarios.drill", "DrillError": "scenarios.loader",
    "drills": "scenarios.loader", "get_drill": "scenarios.loader", "load_drill": "scenarios.loader",
}
__all__ = [  # noqa: F822 - loaded on first use by __getattr__
    "CHANNEL_LIMITS", "LOCALES", "Case", "CaseError", "Fact", "Family", "FamilyError", "Policy",
    "brands", "families", "get_family", "load_family", "Drill", "DrillError", "drills", "get_drill",
    "load_drill",
]


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module 'scenarios' has no attribute {name!r}")
    value = getattr(import_module(where), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])
