"""Governance records on the demo for the Agreements tests: a lead definition at version 2
(version 1 superseded), three SLAs with six months of results (misses and a correction),
one proposal blocked by an objection and one waiting for both heads.

Played through ``db/`` as the CLI would, each head approving under their own login
(system accounts stand in: Maya ``daemon``, Lena ``bin``). ``bind_root`` then makes
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
from db.governance import approve, object_to, propose
from db.identity import session_of
from db.lead import propose_lead
from db.people import bind_login, get_person
from db.sla import propose_sla, record_result

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
    blocked: int  # a proposal Lena objected to (Maya approved it)
    waiting: int  # a proposal waiting for both heads
    slas: tuple[int, ...]
    lead_versions: tuple[int, ...]


def both_heads_approve(db: Database, decision_id: int, at: datetime) -> None:
    with login(db, MAYAS):
        approve(db, get_person(db, "Maya Chen"), decision_id, now=at)
    with login(db, LENAS):
        approve(db, get_person(db, "Lena Park"), decision_id, now=at + timedelta(hours=2))


def seed(path: Path, now: datetime) -> Seeded:
    """Add the governance records to the demo database at ``path`` (built for ``now``)."""
    db = open_db(path)
    try:
        alex = get_person(db, "Alex Morgan")
        bind_login(db, alex, "Maya Chen", MAYAS)
        bind_login(db, alex, "Lena Park", LENAS)
        ago = lambda days: now - timedelta(days=days)  # noqa: E731

        v1 = propose_lead(
            db,
            alex,
            "A lead is sales-ready when it asked for a demo.",
            ["Asked for a demo"],
            now=ago(200),
        )
        both_heads_approve(db, v1.decision_id, ago(199))
        v2 = propose_lead(
            db,
            alex,
            "A lead is sales-ready when it fits our customer profile and showed buying intent.",
            ["Company of 50 to 5,000 people", "Visited pricing twice in 14 days", "Has a budget"],
            now=ago(45),
        )
        both_heads_approve(db, v2.decision_id, ago(44))

        slas = []
        for spec, figures in (
            (
                dict(
                    text="Marketing hands over sales-ready leads every month",
                    from_department="Marketing",
                    to_department="Sales",
                    owner="Kofi Mensah",
                    metric="sales-ready leads",
                    target=40,
                    unit="leads",
                    per="month",
                ),
                [44, 41, 36, 45, 38, 47],
            ),
            (
                dict(
                    text="Sales follows up every handed-over lead quickly",
                    from_department="Sales",
                    to_department="Marketing",
                    owner="Sara Ito",
                    metric="median follow-up time",
                    target=24,
                    unit="hours",
                    at_most=True,
                    per="month",
                ),
                [20, 26, 22, 18, 30, 21],
            ),
            (
                dict(
                    text="Sales reports why each lost deal was lost",
                    from_department="Sales",
                    to_department="Marketing",
                    owner="Priya Nair",
                    metric="loss reports",
                    target=10,
                    unit="reports",
                    per="month",
                ),
                [12, 9, 11, 10, 13, 8],
            ),
        ):
            sla = propose_sla(db, alex, now=ago(210), **spec)  # type: ignore[arg-type]
            both_heads_approve(db, sla.decision_id, ago(209))
            for month, figure in zip(range(5, 11), figures, strict=True):
                record_result(
                    db, alex, sla.id, f"2026-{month:02d}", figure, now=ago(180 - 30 * (month - 5))
                )
            slas.append(sla.id)
        # One period corrected: shown as a correction.
        record_result(
            db,
            alex,
            slas[0],
            "2026-07",
            39,
            note="two duplicates removed",
            correct=True,
            now=ago(60),
        )

        tom, omar = get_person(db, "Tom Berg"), get_person(db, "Omar Haddad")
        blocked = propose(
            db,
            tom,
            "Move half of the webinar budget to field events in Q1",
            rationale="Field events brought three times the pipeline per euro",
            now=ago(6),
        )
        with login(db, MAYAS):
            approve(db, get_person(db, "Maya Chen"), blocked.id, now=ago(5))
        with login(db, LENAS):
            object_to(
                db,
                get_person(db, "Lena Park"),
                blocked.id,
                "Webinars feed the nurture track; cut them after Q1 results",
                now=ago(4),
            )
        waiting = propose(
            db, omar, "Share the pipeline dashboard with all of Marketing", now=ago(2)
        )
        return Seeded(blocked.id, waiting.id, tuple(slas), (v1.version, v2.version))
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
