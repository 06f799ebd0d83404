"""The assessment notebook's texts in the trainee's language, read from texts.yaml beside it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

TEXTS_FILE = Path(__file__).with_name("texts.yaml")


@cache
def _texts() -> dict[str, dict[str, str]]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(TEXTS_FILE.read_text(encoding="utf-8"), Loader=loader)


def text(locale: str, key: str, **values: object) -> str:
    texts = _texts()
    return texts.get(locale, texts["en"])[key].format(**values)
