"""`lazy`: a property computed on first use and then kept on the instance, like
functools.cached_property but without the lock Python 3.10 and 3.11 take on every first access
(a grade asks for a dozen of these once each; the lock cost more than most of them)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

T = TypeVar("T")

if TYPE_CHECKING:
    from functools import cached_property as lazy
else:

    class lazy(Generic[T]):  # noqa: N801 - used like the built-in decorators
        def __init__(self, func: Callable[[Any], T]) -> None:
            self.func = func
            self.name = func.__name__
            self.__doc__ = func.__doc__

        def __set_name__(self, owner: type, name: str) -> None:
            self.name = name

        @overload
        def __get__(self, obj: None, owner: type | None = None) -> lazy[T]: ...

        @overload
        def __get__(self, obj: object, owner: type | None = None) -> T: ...

        def __get__(self, obj: object | None, owner: type | None = None) -> Any:
            if obj is None:
                return self
            value = obj.__dict__[self.name] = self.func(obj)  # later reads find it there
            return value

__all__ = ["lazy"]
