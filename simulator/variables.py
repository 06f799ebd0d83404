"""Small typed generators for a family's variables, one tiny function per type (like Faker's)."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from scenarios.family import Variable

Values = dict[str, Any]


def _minutes(hhmm: str) -> int:
    hh, mm = hhmm.split(":")
    return int(hh) * 60 + int(mm)


def _clock(minutes: int) -> str:
    minutes %= 24 * 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _int(spec, vocab, day, values, rng):
    return rng.randrange(spec.min, spec.max + 1, spec.step)


def _pick(spec, vocab, day, values, rng):
    return rng.choice(vocab[spec.from_])


def _same_index(spec, vocab, day, values, rng):
    # the position of `of` in its own list, applied to a parallel list
    for items in vocab.values():
        if values[spec.of] in items:
            return vocab[spec.from_][items.index(values[spec.of]) % len(vocab[spec.from_])]
    return vocab[spec.from_][0]


def _time(spec, vocab, day, values, rng):
    return _clock(rng.randrange(_minutes(spec.min), _minutes(spec.max) + 1, spec.step))


def _time_plus(spec, vocab, day, values, rng):
    return _clock(_minutes(values[spec.base]) + sum(int(values[m]) for m in spec.minutes))


def _days_ago(spec, vocab, day, values, rng):
    return day - timedelta(days=rng.randint(spec.min, spec.max))


def _days_from_now(spec, vocab, day, values, rng):
    return day + timedelta(days=rng.randint(spec.min, spec.max))


def _week_from_now(spec, vocab, day, values, rng):
    return (day + timedelta(weeks=rng.randint(spec.min, spec.max))).isocalendar()[1]


def _week_plus(spec, vocab, day, values, rng):
    base = values[spec.base]
    if isinstance(base, date):
        start = base
    else:  # a week number: the Monday of that week in the post's ISO year
        start = date.fromisocalendar(day.isocalendar()[0], int(base), 1)
    weeks = spec.add + sum(int(values[w]) for w in spec.weeks)
    return (start + timedelta(weeks=weeks)).isocalendar()[1]


def _band(spec, vocab, day, values, rng):
    x = values[spec.of]
    for upper, value in spec.table:
        if x <= upper:
            return value
    return spec.table[-1][1]


def _pattern(spec, vocab, day, values, rng):
    out = []
    for ch in spec.pattern:
        if ch == "#":
            out.append(str(rng.randrange(10)))
        elif ch == "?":
            out.append(chr(ord("A") + rng.randrange(26)))
        else:
            out.append(ch)
    return "".join(out)


GENERATORS: dict[str, Callable[..., Any]] = {
    "int": _int,
    "pick": _pick,
    "same_index": _same_index,
    "time": _time,
    "time_plus": _time_plus,
    "days_ago": _days_ago,
    "days_from_now": _days_from_now,
    "week_from_now": _week_from_now,
    "week_plus": _week_plus,
    "band": _band,
    "pattern": _pattern,
}


def draw(
    specs: dict[str, Variable], vocab: dict[str, list[str]], day: date, rng: random.Random,
    shared: tuple[set[str], random.Random] | None = None,
    pinned: dict[str, int | str] | None = None,
) -> Values:
    """Draw every variable in declaration order; later ones may refer to earlier ones.

    `shared` (names, rng): those variables come from the second generator, the incident's,
    so every case drawn with the same one gets the same values for them. `pinned` (a drill's
    choice) fixes some: a `pick` by its position in the list (the same event in every
    language), a `days_from_now` by its days, anything else by its value. The generators
    still draw for a pinned variable, so the others come out as they would.
    """
    values: Values = {}
    names, shared_rng = shared if shared else (set(), rng)
    for name, spec in specs.items():
        source = shared_rng if name in names else rng
        values[name] = GENERATORS[spec.type](spec, vocab, day, values, source)
        if pinned and name in pinned:
            values[name] = pinned_value(spec, vocab, day, pinned[name])
    return values


def pinned_value(spec: Variable, vocab: dict[str, list[str]], day: date, value: int | str) -> Any:
    """A pinned variable's value (see draw)."""
    if spec.type == "pick":
        return vocab[spec.from_][int(value)]  # type: ignore[union-attr]
    if spec.type == "days_from_now":
        return day + timedelta(days=int(value))
    if spec.type == "int":
        return int(value)
    return value
