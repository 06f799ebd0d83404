"""The interface's words: sv and nb written, not left in English; plurals; the calques and
double statements the course's first users stumbled over stay out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from simulator.widgets.cards import counter_html
from simulator.widgets.strings import LOCALE_DIR, plural, text

# Keys whose value is a name (a channel, a language in its own words) or a unit symbol, the
# same in every language; everything else must be written in the trainee's language.
NAMES = re.compile(r"^(channel_\w+|language_\w+|unit_min)$")


def catalog(locale: str) -> dict[str, str]:
    data = yaml.safe_load((LOCALE_DIR / f"{locale}.yaml").read_text("utf-8"))
    return {str(k): str(v) for k, v in data.items()}


@pytest.mark.parametrize("locale", ["sv", "nb"])
def test_no_swedish_or_norwegian_string_is_left_in_english(locale: str) -> None:
    english, own = catalog("en"), catalog(locale)
    same = [k for k, v in own.items() if v.strip().lower() == english[k].strip().lower()]
    assert [k for k in same if not NAMES.match(k)] == []


@pytest.mark.parametrize("locale", ["sv", "nb"])
def test_names_are_the_only_shared_strings_and_they_are_names(locale: str) -> None:
    english, own = catalog("en"), catalog(locale)
    for key in filter(NAMES.match, english):
        assert own[key], key  # present, and allowed to be the same
    assert catalog(locale)["language_sv"] == "Svenska"


CALQUES = {
    "sv": ["måltid", "Skiftdesk", "Skiftklocka", "bekräftar känslan", "angelägenhet",
           "Bedömningen säger", "Skiftpoäng"],
    "nb": ["måltid", "Vaktdesk", "Vaktklokke", "anerkjenner følelsen", "svarmodus",
           "varmt takk", "Vaktpoeng"],
}  # fmt: skip


@pytest.mark.parametrize("locale", ["sv", "nb"])
def test_calques_reported_by_the_first_trainees_are_gone(locale: str) -> None:
    values = "\n".join(catalog(locale).values()).lower()
    assert [c for c in CALQUES[locale] if c.lower() in values] == []


def test_care_teams_say_they_show_understanding() -> None:
    assert text("sv", "criterion_acknowledge") == "visar förståelse"
    assert text("nb", "criterion_acknowledge") == "viser forståelse"
    assert text("sv", "sort_urgency") == "Mest brådskande först"


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "1 character over the limit"), (2, "2 characters over the limit")],
)
def test_english_counts_are_singular_for_one(n: int, expected: str) -> None:
    assert expected in counter_html("x" * (280 + n), 280, "en")


def test_one_reply_and_one_more_place_read_as_singular() -> None:
    assert plural("en", "progress_attempts", 1, total="80") == "1 reply, total 80"
    assert plural("en", "progress_attempts", 2, total="80").startswith("2 replies")
    assert plural("en", "more_places", 1) == "… and 1 more place"
    assert plural("sv", "more_places", 1) == "… och ett ställe till"


def test_reply_and_move_to_dm_says_what_it_is_in_every_language() -> None:
    for locale in ("sv", "nb", "en"):
        label = text(locale, "action_respond_private")
        assert "DM" in label and label != text(locale, "action_respond"), locale
        explained = text(locale, "help_respond_private").lower()
        assert "dm" in explained and ("offentlig" in explained or "public" in explained
                                      or "åpent" in explained), locale  # fmt: skip


def test_every_key_ending_in_one_has_its_plural() -> None:
    for path in LOCALE_DIR.glob("*.yaml"):
        keys = set(catalog(path.stem))
        assert {k[: -len("_one")] for k in keys if k.endswith("_one")} <= keys, path.name


def test_interface_strings_are_plain_text() -> None:
    for path in Path(LOCALE_DIR).glob("*.yaml"):
        for key, value in catalog(path.stem).items():
            assert "<" not in value and ">" not in value, (path.name, key)
