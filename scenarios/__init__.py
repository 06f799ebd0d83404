"""Authored scenario families (data), their schema, and the Case model."""

from scenarios.case import CHANNEL_LIMITS, LOCALES, Case, CaseError, Fact, Policy
from scenarios.family import Family
from scenarios.loader import FamilyError, brands, families, get_family, load_family

__all__ = [
    "CHANNEL_LIMITS",
    "LOCALES",
    "Case",
    "CaseError",
    "Fact",
    "Family",
    "FamilyError",
    "Policy",
    "brands",
    "families",
    "get_family",
    "load_family",
]
