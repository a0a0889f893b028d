"""db.lazyclass: a dataclass made on first construction behaves as the standard one."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import sys
import threading
from dataclasses import field

import pytest

import db
import tui
from db import lazyclass
from db.lazyclass import dataclass


def test_a_class_is_a_dataclass_only_once_one_is_built() -> None:
    @dataclass(frozen=True)
    class Point:
        x: int
        y: int = 0
        tags: tuple[str, ...] = field(default_factory=tuple)

    assert not dataclasses.is_dataclass(Point)
    p = Point(1)
    assert dataclasses.is_dataclass(Point)
    assert p == Point(1, 0, ()) and p != Point(2)
    assert hash(Point(1, 2)) == hash(Point(1, 2))
    assert (
        repr(p)
        == "test_a_class_is_a_dataclass_only_once_one_is_built.<locals>.Point(x=1, y=0, tags=())"
    )
    assert [f.name for f in dataclasses.fields(p)] == ["x", "y", "tags"]
    assert dataclasses.replace(p, y=5) == Point(1, 5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        Point()  # type: ignore[call-arg]


def test_a_plain_decorator_and_a_mutable_class() -> None:
    @dataclass
    class Counter:
        n: int = 0

    c = Counter()
    c.n += 1
    assert c == Counter(1)


def test_a_class_with_its_own_init_keeps_it() -> None:
    @dataclass(init=False)
    class Named:
        name: str

        def __init__(self, raw: str) -> None:
            self.name = raw.strip()

    assert Named("  Ada ").name == "Ada"
    assert dataclasses.is_dataclass(Named)


def test_a_subclass_built_first_has_its_bases_fields() -> None:
    @dataclass(frozen=True)
    class Base:
        id: int

    @dataclass(frozen=True)
    class Child(Base):
        name: str = ""

    child = Child(7, "x")
    assert [f.name for f in dataclasses.fields(child)] == ["id", "name"]
    assert Base(7) == Base(7) and dataclasses.is_dataclass(Base)


def test_first_construction_on_many_threads_at_once() -> None:
    @dataclass(frozen=True)
    class Row:
        id: int

    start = threading.Barrier(8)
    built: list[object] = []
    errors: list[BaseException] = []

    def build(n: int) -> None:
        start.wait()
        try:
            built.append(Row(n))
        except BaseException as exc:  # noqa: BLE001 - any failure is the test's finding
            errors.append(exc)

    threads = [threading.Thread(target=build, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(r.id for r in built) == list(range(8))  # type: ignore[attr-defined]


def test_slots_are_refused() -> None:
    with pytest.raises(TypeError):
        dataclass(slots=True)  # type: ignore[call-overload]


def test_every_declared_class_of_tandem_is_a_valid_dataclass() -> None:
    """Every dataclass of db/ and tui/ is declared through lazyclass (no module pays for
    the standard decorator at import), and every one of them is made without error: the
    checks the standard decorator runs at import run here."""
    for package in (db, tui):
        for module in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if module.name.startswith("tui.__main__"):
                continue
            importlib.import_module(module.name)
    standard = [
        cls
        for module in list(sys.modules.values())
        if getattr(module, "__name__", "").startswith(("db.", "tui."))
        for cls in vars(module).values()
        if isinstance(cls, type)
        and cls.__module__ == module.__name__
        and dataclasses.is_dataclass(cls)
        and not lazyclass.declared(cls)
    ]
    assert standard == [], "made by the standard decorator at import"
    made = lazyclass.make_all()
    assert made, "some of Tandem's classes are still waiting to be made after the imports"
    for cls in made:
        assert dataclasses.is_dataclass(cls), cls
