"""Governance records for the Agreements tests, on the demo (which has a lead definition
at version 2, three SLAs with six months of results, and a proposal blocked by an
objection): a proposal waiting for both heads, a corrected SLA period, a meeting today.

Played through ``db/`` as the CLI would; the heads get their own logins (system
accounts stand in: Maya ``daemon``, Lena ``bin``). ``bind_root`` then makes
the login running the tests (root) someone else, so the app acts as that person
without delegation (a head's approval is never given through delegation).
"""

from __future__ import annotations

import pwd
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from db.connection import open_db
from db.governance import propose
from db.identity import session_of
from db.people import bind_login, get_person
from db.sla import record_result

MAYAS, LENAS, ALEXS = "daemon", "bin", "nobody"

# Hostile proposal text: markup, an emoji code, escapes, right-to-left, control characters.
HOSTILE = "[b]bold?[/b] [@click=app.quit]quit[/] :fire: \x1b[31mred\x1b[0m שלום עולם \\n end"


@pytest.fixture(scope="module", name="seeded_template")
def seeded_template_fixture(
    tmp_path_factory: pytest.TempPathFactory, demo_template: Path
) -> tuple[Path, Seeded]:
    """The demo with the governance records, built once per module."""
    from tests.tui.conftest import FIXED_NOW, local_time

    need_logins()
    path = tmp_path_factory.mktemp("agreements") / "agreements.db"
    shutil.copy(demo_template, path)
    with local_time("UTC"):
        seeded = seed(path, FIXED_NOW)
    return path, seeded


@pytest.fixture(name="records")
def records_fixture(
    tmp_path: Path, seeded_template: tuple[Path, Seeded]
) -> Iterator[tuple[Path, Seeded]]:
    """A copy of those records for one test, local time UTC."""
    from tests.tui.conftest import local_time

    path = tmp_path / "agreements.db"
    shutil.copy(seeded_template[0], path)
    with local_time("UTC"):
        yield path, seeded_template[1]


def need_logins() -> None:
    for name in (MAYAS, LENAS, ALEXS):
        try:
            pwd.getpwnam(name)
        except KeyError:
            pytest.skip(f"the system account {name!r} is missing on this machine")


@contextmanager
def login(db: Database, name: str) -> Iterator[None]:
    """This connection runs as OS login ``name`` for a while (another person's terminal)."""
    session = session_of(db)
    before = session.login
    session.login = name
    try:
        yield
    finally:
        session.login = before


@dataclass(frozen=True)
class Seeded:
    blocked: int  # the demo's proposal Maya objected to (Lena approved it)
    waiting: int  # a proposal waiting for both heads
    meeting: int  # a joint meeting today, run by Priya Nair (no head), everyone present


def seed(path: Path, now: datetime) -> Seeded:
    """Add to the demo at ``path`` (built for ``now``, with its lead definition, SLAs and
    blocked proposal): the heads' own logins, a proposal waiting for both heads, a
    corrected SLA period, and a meeting today that Priya facilitates."""
    from db.governance import open_proposals
    from db.meetings import add_item, create_meeting, mark_attendance
    from db.sla import list_slas

    db = open_db(path)
    try:
        alex = get_person(db, "Alex Morgan")
        bind_login(db, alex, "Maya Chen", MAYAS)
        bind_login(db, alex, "Lena Park", LENAS)
        (blocked,) = open_proposals(db)
        omar = get_person(db, "Omar Haddad")
        waiting = propose(
            db,
            omar,
            "Share the pipeline dashboard with all of Marketing",
            now=now - timedelta(days=2),
        )
        leads = list_slas(db)[0]
        record_result(
            db,
            alex,
            leads.id,
            leads.results[1].period,
            39,
            note="two duplicates removed",
            correct=True,
            now=now - timedelta(days=1),
        )
        priya = get_person(db, "Priya Nair")
        meeting = create_meeting(
            db,
            priya,
            "Budget check-in",
            at=now + timedelta(hours=2),
            minutes=30,
            now=now - timedelta(hours=1),
        )
        add_item(db, priya, meeting.id, "Events budget", minutes=15, now=now - timedelta(hours=1))
        mark_attendance(
            db, priya, meeting.id, ["Maya Chen", "Lena Park", "Priya Nair", "Hana Sato"]
        )
        return Seeded(blocked.id, waiting.id, meeting.id)
    finally:
        db.close()


def bind_root(path: Path, name: str) -> None:
    """The login running the tests (root) becomes ``name``'s own; the admin moves to nobody."""
    db = open_db(path)
    try:
        alex = get_person(db, "Alex Morgan")
        if name == alex.name:
            return
        bind_login(db, alex, "Alex Morgan", ALEXS)
        with login(db, ALEXS):
            bind_login(db, get_person(db, "Alex Morgan"), name, "root")
    finally:
        db.close()


def add_hostile_proposal(path: Path, now: datetime) -> int:
    """A proposal whose text is hostile, and a 10,000-character one; returns the first."""
    db = open_db(path)
    try:
        alex = get_person(db, "Alex Morgan")
        hostile = propose(db, alex, HOSTILE, rationale=HOSTILE, now=now - timedelta(hours=2))
        propose(db, alex, "long " + "x" * 10_000, now=now - timedelta(hours=1))
        return hostile.id
    finally:
        db.close()
