"""``dataclass``, made on first use: a command pays only for the classes it builds.

The standard decorator compiles each class's ``__init__``, ``__repr__``, ``__eq__``,
``__hash__`` (and, frozen, ``__setattr__`` and ``__delattr__``) when its module is
imported: about a millisecond a class. db/ returns some sixty dataclasses, and a short
command such as ``tandem log`` imported most of them to use two or three: 20-40 ms of a
start of about 200 ms, the largest cost after click and sqlite-utils (issue 16).

A class decorated with this ``dataclass`` becomes a dataclass, by the standard decorator
with the same options, the first time one of them is constructed; until then its module
only holds the plain class. Everything done with an instance (equality, hashing,
``repr``, ``dataclasses.replace``, ``fields``) works as with the standard decorator, since
an instance exists only once its class is made. Asking a class that was never
constructed for its ``fields`` fails: ``make_all`` makes every class declared so far, which
the tests use to check that each declaration is valid (an error that the standard
decorator raises at import, such as a field without a default after one with a default,
shows here at first construction instead).
"""

from __future__ import annotations

import dataclasses
import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar, dataclass_transform, overload

_C = TypeVar("_C", bound=type)

_LOCK = threading.RLock()  # the app builds records on reader threads too
# Each class waiting to be made: the options of its decorator, and its own __init__ if any.
_WAITING: dict[type, tuple[dict[str, Any], Any]] = {}
_DECLARED: weakref.WeakSet[type] = weakref.WeakSet()


@overload
def dataclass(cls: _C, /) -> _C: ...


@overload
def dataclass(
    *,
    init: bool = True,
    repr: bool = True,
    eq: bool = True,
    order: bool = False,
    unsafe_hash: bool = False,
    frozen: bool = False,
    kw_only: bool = False,
) -> Callable[[_C], _C]: ...


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def dataclass(cls: Any = None, /, **options: Any) -> Any:
    """``dataclasses.dataclass`` (any of its options but ``slots``), applied at first use."""
    if "slots" in options or "match_args" in options or "weakref_slot" in options:
        raise TypeError("lazyclass.dataclass takes the options that change a class in place")

    def defer(target: _C) -> _C:
        _WAITING[target] = (options, target.__dict__.get("__init__"))
        _DECLARED.add(target)

        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            make(target)
            target.__init__(self, *args, **kwargs)  # type: ignore[misc]

        target.__init__ = __init__  # type: ignore[misc]
        return target

    return defer if cls is None else defer(cls)


def make(cls: type) -> None:
    """Make ``cls`` a dataclass now (nothing if it already is one)."""
    with _LOCK:
        if cls not in _WAITING:
            return
        # A dataclass takes its bases' fields from the bases made before it.
        for base in reversed(cls.__mro__[1:]):
            make(base)
        options, own_init = _WAITING.pop(cls)
        if own_init is None:
            del cls.__init__  # type: ignore[misc]
        else:
            cls.__init__ = own_init  # type: ignore[misc]
        dataclasses.dataclass(cls, **options)


def declared(cls: type) -> bool:
    """Whether ``cls`` was declared with this ``dataclass`` (made yet or not)."""
    return cls in _DECLARED


def make_all() -> list[type]:
    """Make every class declared so far; returns them."""
    with _LOCK:
        classes = list(_WAITING)
        for cls in classes:
            make(cls)
    return classes
