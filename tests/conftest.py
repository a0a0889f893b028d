"""Shared fixtures: an isolated environment and a migrated database per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from db.connection import open_db
from db.models import Person
from db.people import add_person, appoint_head, get_person, init


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


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A fresh, initialised database with Ada Admin as its admin."""
    database = open_db(db_path, create=True)
    init(database, "Ada Admin")
    yield database
    database.close()


class Team:
    """The standard cast: an admin, both heads, members of each department, a stranger."""

    def __init__(self, db: Database) -> None:
        self.db = db
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
    return Team(db)
