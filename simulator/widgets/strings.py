"""Interface strings per locale, read from simulator/locales/<locale>.yaml.

The widgets follow the case's locale, so a Swedish case gets Swedish buttons. Strings are plain
text: whoever puts them into HTML escapes them (see simulator.widgets.html).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locales"
FALLBACK_LOCALE = "en"
DECIMAL_COMMA = frozenset({"sv", "nb"})


@cache
def catalog(locale: str) -> dict[str, str]:
    """All strings of one locale; an unknown locale falls back to English."""
    path = LOCALE_DIR / f"{locale}.yaml"
    if not path.exists():
        path = LOCALE_DIR / f"{FALLBACK_LOCALE}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(key): str(value) for key, value in data.items()}


def text(locale: str, key: str, **values: object) -> str:
    """The string `key` in `locale` with {placeholders} filled; English if the key is missing."""
    template = catalog(locale).get(key) or catalog(FALLBACK_LOCALE).get(key, key)
    return template.format(**values) if values else template


def action_label(locale: str, action: str) -> str:
    return text(locale, f"action_{action}")


def dimension_label(locale: str, dimension: str) -> str:
    return text(locale, f"dimension_{dimension}")


def plural(locale: str, key: str, n: int, **values: object) -> str:
    """`key` filled with n=`n`, from `key_one` when n is 1 and the locale has it (Swedish
    "1 hanterad", "2 hanterade"); otherwise from `key`."""
    one = f"{key}_one"
    if n == 1 and (catalog(locale).get(one) or catalog(FALLBACK_LOCALE).get(one)):
        key = one
    return text(locale, key, n=n, **values)


def _label(locale: str, prefix: str, name: str) -> str:
    """A known name in the locale's words; an unknown one as it is."""
    key = f"{prefix}_{name}"
    label = text(locale, key)
    return name if label == key else label


def emotion_label(locale: str, emotion: str) -> str:
    return _label(locale, "emotion", emotion)


def channel_label(locale: str, channel: str) -> str:
    return _label(locale, "channel", channel)


def decimal(value: float, locale: str, digits: int = 1) -> str:
    """`value` with `digits` decimals and the locale's decimal mark (comma in sv and nb)."""
    shown = f"{value:.{digits}f}"
    return shown.replace(".", ",") if locale in DECIMAL_COMMA else shown
