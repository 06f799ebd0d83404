"""Memo: a dict that computes a missing entry the first time it is asked for.

Grading looks up something about every word of a reply (its language, what kind of word it
is); the words of a class's replies repeat, so the answers are kept, and `map(memo.__getitem__,
words)` then runs in C. A memo starts again when it holds more than `limit` entries, so the
words of very many replies cannot grow it without end.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(dict[K, V], Generic[K, V]):
    """key -> compute(key), filled as keys are met."""

    def __init__(self, compute: Callable[[K], V], limit: int) -> None:
        super().__init__()
        self.compute = compute
        self.limit = limit

    def __missing__(self, key: K) -> V:
        value = self.compute(key)
        if len(self) > self.limit:
            self.clear()
        self[key] = value
        return value
