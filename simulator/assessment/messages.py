"""Feedback messages as keys and values, put into words only when shown, in the trainee's language.

Scoring and reading the answers file decide *what* to say; feedback.yaml says it in sv, nb and
en. So a Swedish assessment's feedback is Swedish from the first line to the last, and verify
can print the same findings in English for the instructor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

FEEDBACK_FILE = Path(__file__).with_name("feedback.yaml")
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locales"  # the widgets' words


@cache
def _catalog() -> dict[str, dict[str, str]]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(FEEDBACK_FILE.read_text(encoding="utf-8"), Loader=loader)


@cache
def _interface(locale: str) -> dict[str, str]:
    """The interface catalog (simulator/locales), read without importing the widgets."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    path = LOCALE_DIR / f"{locale}.yaml"
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader) if path.exists() else {}


def label(locale: str, key: str) -> str:
    """An interface label such as 'dimension_tone' or 'action_monitor', as the widgets say it."""
    return str(_interface(locale).get(key) or _interface("en").get(key) or key)


def decimal(value: float, locale: str, digits: int = 1) -> str:
    """The locale's decimal mark: a comma in sv and nb."""
    shown = f"{value:.{digits}f}"
    return shown.replace(".", ",") if locale in ("sv", "nb") else shown


def say(locale: str, key: str, **values: Any) -> str:
    """The feedback text `key` in `locale` (English where a locale lacks it)."""
    catalog = _catalog()
    template = catalog.get(locale, {}).get(key) or catalog["en"][key]
    rendered = {k: v.render(locale) if isinstance(v, (Message, Minutes)) else v
                for k, v in values.items()}
    return template.format(**rendered)


@dataclass(frozen=True)
class Message:
    """One thing to tell the trainee: a key of feedback.yaml and the values it needs."""

    key: str
    values: dict[str, Any] = field(default_factory=dict, hash=False)

    def render(self, locale: str) -> str:
        return say(locale, self.key, **self.values)

    def __str__(self) -> str:
        return self.render("en")


def msg(key: str, **values: Any) -> Message:
    return Message(key, values)


def listing(locale: str, messages: list[Message], limit: int = 3) -> str:
    """'a; b; c and 2 more', in the locale's words."""
    shown = "; ".join(m.render(locale) for m in messages[:limit])
    if len(messages) > limit:
        shown += say(locale, "and_more", n=len(messages) - limit)
    return shown


class Several(Message):
    """Several messages shown as one ('a; b; c and 2 more'), in the reader's locale."""

    def render(self, locale: str) -> str:
        return listing(locale, self.values["items"], self.values["limit"])


def several(items: list[Message], limit: int = 3) -> Message:
    return Several("several", {"items": list(items), "limit": limit})


@dataclass(frozen=True)
class Minutes:
    """A number of minutes, written with the reader's decimal mark (7,5 in sv and nb)."""

    seconds: float

    def render(self, locale: str) -> str:
        return decimal(self.seconds / 60, locale, digits=1).removesuffix(",0").removesuffix(".0")
