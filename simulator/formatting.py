"""How a drawn value reads in a post, per locale: numbers and dates as people write them."""

from __future__ import annotations

from datetime import date
from functools import cache

MONTHS = {
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "nb": "januar februar mars april mai juni juli august september oktober november desember",
    "en": "January February March April May June July August September October November December",
}


@cache
def _months(locale: str) -> list[str]:
    return MONTHS[locale].split()


def format_date(value: date, locale: str) -> str:
    month = _months(locale)[value.month - 1]
    if locale == "en":
        return f"{month} {value.day}"
    if locale == "nb":
        return f"{value.day}. {month}"
    return f"{value.day} {month}"


def display_date(value: date, locale: str) -> str:
    """A date as a care agent writes it in a reply and the knowledge base shows it: "13 March"
    (en), "13 mars" (sv), "13. mars" (nb). Posts keep `format_date`'s forms."""
    month = _months(locale)[value.month - 1]
    return f"{value.day}. {month}" if locale == "nb" else f"{value.day} {month}"


def format_int(value: int, locale: str) -> str:
    """Thousands grouped the local way: '12 400' in sv and nb, '12,400' in en; 4 digits kept."""
    if abs(value) < 10000:
        return str(value)
    grouped = f"{value:,}"
    return grouped if locale == "en" else grouped.replace(",", "\u00a0")


def format_value(value: object, locale: str) -> str:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return format_int(value, locale)
    if isinstance(value, date):
        return format_date(value, locale)
    return str(value)
