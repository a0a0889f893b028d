"""Shared fixtures: an isolated environment and a migrated database per test.

Migrating, initialising and adding the standard cast costs dozens of synced
commits, so each worker builds those databases once (``templates``) and every
test gets its own copy of the file: as built, audit log and all.
"""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from db.connection import open_db
from db.models import Person
from db.people import add_person, appoint_head, get_person, init


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto`` starts two workers per core: the TUI tests spend much of their time in
    the short idle waits Textual's pilot takes after each key, and another worker uses
    the core meanwhile."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return 2 * (cores or 1)


ROOMY_SHM = 2 * 1024**3


def pytest_configure(config: pytest.Config) -> None:
    """``tmp_path`` and friends on a memory-backed file system when the machine has one.

    Tandem commits with ``synchronous = FULL``: on a disk every test's writes wait for
    fsync (a third of the wall time of the database and CLI tests), which proves nothing
    a test asserts. Set ``PYTEST_DEBUG_TEMPROOT`` (or ``--basetemp``) to choose another place;
    xdist workers inherit the choice from the environment.
    """
    if config.option.basetemp or "PYTEST_DEBUG_TEMPROOT" in os.environ:
        return
    shm = Path("/dev/shm")
    # A whole run keeps a few hundred MB of databases there at once; a container's small
    # default /dev/shm (64 MB) would fill up, so only a roomy one is used.
    if (
        shm.is_dir()
        and os.access(shm, os.W_OK | os.X_OK)
        and shutil.disk_usage(shm).free >= ROOMY_SHM
    ):
        os.environ["PYTEST_DEBUG_TEMPROOT"] = str(shm)


# The folders whose tests take longest (apps driven key by key, real logins, processes
# killed and fuzzed) run first: xdist hands each worker a slice of the collected order and
# idle workers take from the others' queues, so a run that ends on the quick database and
# CLI tests ends with every worker busy instead of one finishing a long TUI test alone.
HEAVY_FIRST = ("tests/tui/", "tests/logins/", "tests/reliability/")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def weight(item: pytest.Item) -> int:
        path = item.nodeid
        for rank, folder in enumerate(HEAVY_FIRST):
            if path.startswith(folder):
                return rank
        return len(HEAVY_FIRST)

    items.sort(key=weight)  # stable: each folder keeps its own order


# Python's cyclic garbage collector, tuned for a test run: by default it walks every young
# object each 700 allocations and, now and then, the whole heap, which here holds every test
# module, pytest's plugins and the libraries: a fifth of the TUI tests' CPU went to it. After
# collection that heap is frozen (never walked again), and young collections come every
# 50,000 allocations. The apps a TUI test leaves behind are collected when it ends
# (tests/tui/conftest.py), so memory stays flat. No test depends on when garbage goes.
GC_THRESHOLDS = (50_000, 50, 1_000)


def pytest_collection_finish(session: pytest.Session) -> None:
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's TANDEM_* variables or real data directory."""
    for var in ("TANDEM_DB", "TANDEM_USER", "TANDEM_DEBUG", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "tandem.db"


@pytest.fixture(scope="session")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Closed database files to copy: ``"db"`` initialised, ``"team"`` with the standard cast."""
    base = tmp_path_factory.mktemp("templates")
    built = {"db": base / "initialised.db", "team": base / "team.db"}
    database = open_db(built["db"], create=True)
    init(database, "Ada Admin")
    database.close()
    shutil.copy(built["db"], built["team"])
    database = open_db(built["team"])
    Team(database)
    database.close()
    for path in built.values():  # closed cleanly: the whole database is in the one file
        assert not Path(f"{path}-wal").exists()
    return built


@pytest.fixture
def db(
    db_path: Path, templates: dict[str, Path], request: pytest.FixtureRequest
) -> Iterator[Database]:
    """A fresh, initialised database with Ada Admin as its admin.

    A copy of a template file (with the standard cast already in it when the test
    also uses ``team``), opened the way Tandem opens any existing database.
    """
    shutil.copy(templates["team" if "team" in request.fixturenames else "db"], db_path)
    database = open_db(db_path)
    yield database
    database.close()


class Team:
    """The standard cast: an admin, both heads, members of each department, a stranger."""

    def __init__(self, db: Database, *, add: bool = True) -> None:
        """The cast in ``db``: added now, or (``add=False``) already there."""
        self.db = db
        if not add:
            self.refresh()
            return
        admin = get_person(db, "Ada Admin")
        add_person(
            db,
            admin,
            "Maya Chen",
            department="Sales",
            title="Head of Sales",
            email="maya@example.com",
        )
        appoint_head(db, admin, "Sales", "Maya Chen")
        add_person(db, admin, "Lena Park", department="Marketing", title="Head of Marketing")
        appoint_head(db, admin, "Marketing", "Lena Park")
        add_person(db, admin, "Omar Haddad", department="Sales", title="Account Executive")
        add_person(db, admin, "Sara Ito", department="Sales", title="SDR")
        add_person(db, admin, "Tom Berg", department="Marketing", title="Content Lead")
        add_person(db, admin, "Nina Roy", department="Marketing", title="Campaign Manager")
        self.refresh()

    def refresh(self) -> None:
        self.admin: Person = get_person(self.db, "Ada Admin")
        self.maya: Person = get_person(self.db, "Maya Chen")  # head of Sales
        self.lena: Person = get_person(self.db, "Lena Park")  # head of Marketing
        self.omar: Person = get_person(self.db, "Omar Haddad")  # Sales
        self.sara: Person = get_person(self.db, "Sara Ito")  # Sales
        self.tom: Person = get_person(self.db, "Tom Berg")  # Marketing
        self.nina: Person = get_person(self.db, "Nina Roy")  # Marketing


@pytest.fixture
def team(db: Database) -> Team:
    return Team(db, add=False)  # ``db`` copied the template that has the cast
