"""Who is acting (issue 11): the login's person, delegation on the record, the audit log.

The tests run as one OS login (root in CI). Other logins are played by setting the
session's login to a system account that exists on every Linux machine (``daemon``,
``bin``, ``sys``): the rules read the login from the session, never from the process
again. tests/logins runs the same rules as real, separate OS logins.
"""

from __future__ import annotations

import json
import os
import pwd
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from db import areas, audit, check, decisions, meetings, people, tasks
from db.audit import GENESIS, entry_hash, write
from db.audit_log import list_entries
from db.connection import APPLICATION_ID, open_db
from db.errors import Invalid, PermissionDenied, TandemError
from db.identity import (
    DelegationRefused,
    LoginTaken,
    LoginUnknown,
    Unbound,
    current_login,
    file_owner_login,
    session_of,
)
from db.migrations import STEPS, migrations
from db.minutes import get_minutes, minutes_document
from db.seal import seal_of
from tests.cli.support import Tandem, has_keys
from tests.conftest import Team

# Logins other than the one running the tests: system accounts present on any Linux.
MAYAS, OTHER, THIRD = "daemon", "bin", "sys"


@pytest.fixture(autouse=True)
def _logins_exist() -> None:
    for login in (MAYAS, OTHER, THIRD):
        try:
            pwd.getpwnam(login)
        except KeyError:
            pytest.skip(f"the system account {login!r} is missing on this machine")


@contextmanager
def login(db: Database, name: str) -> Iterator[None]:
    """Run as ``name`` for a while (what another OS login running Tandem would be)."""
    session = session_of(db)
    before = session.login
    session.login = name
    try:
        yield
    finally:
        session.login = before


def dump(path: Path) -> list[str]:
    """Every table's every row and the schema, read through a connection of its own."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def audit_rows(db: Database) -> list[tuple[Any, ...]]:
    return db.execute(
        "SELECT id, login, actor_id, actor, delegated_by_id, delegated_by, action, subject, "
        "payload FROM audit_log ORDER BY id"
    ).fetchall()


def last_entry(db: Database) -> dict[str, Any]:
    row = db.execute(
        "SELECT id, login, actor, delegated_by, action, subject, payload FROM audit_log "
        "ORDER BY id DESC LIMIT 1"
    ).fetchone()
    keys = ("id", "login", "actor", "delegated_by", "action", "subject", "payload")
    entry = dict(zip(keys, row, strict=True))
    entry["payload"] = json.loads(entry["payload"])
    return entry


def unchanged(path: Path, attempt: Callable[[], object], error: type[Exception]) -> Exception:
    """``attempt`` raises ``error`` and the file holds exactly what it held before."""
    before = dump(path)
    with pytest.raises(error) as caught:
        attempt()
    assert dump(path) == before
    return caught.value


@pytest.fixture
def maya_login(team: Team) -> Team:
    """Maya bound to her own login (the admin did it); the session is still the admin's."""
    people.bind_login(team.db, team.admin, "Maya Chen", MAYAS)
    team.refresh()
    return team


# --- the acting person is the login's ----------------------------------------------------


def test_init_binds_the_admin_to_the_login_running_it(db: Database) -> None:
    me = current_login()
    assert session_of(db).login == me
    assert people.get_person(db, "Ada Admin").login == me
    assert people.login_person(db) == people.get_person(db, "Ada Admin")
    assert people.acting_person(db, None).name == "Ada Admin"
    # An empty --as is no --as.
    assert people.acting_person(db, "  ").name == "Ada Admin"
    assert last_entry(db)["action"] == "init"
    assert last_entry(db)["login"] == me


def test_the_acting_person_follows_the_login(maya_login: Team) -> None:
    db = maya_login.db
    with login(db, MAYAS):
        assert people.acting_person(db, None).name == "Maya Chen"
        assert people.acting_person(db, "maya chen").name == "Maya Chen"
        assert people.acting_person(db, maya_login.maya.id).name == "Maya Chen"
        for other in ("Omar Haddad", "Ada Admin", maya_login.admin.id):
            with pytest.raises(DelegationRefused) as caught:
                people.acting_person(db, other)
            assert caught.value.login == MAYAS and caught.value.me == "Maya Chen"
    with login(db, OTHER):
        with pytest.raises(Unbound) as unbound:
            people.acting_person(db, None)
        assert unbound.value.login == OTHER
        with pytest.raises(Unbound):
            people.acting_person(db, "Maya Chen")
    # Back as the admin: anyone, through delegation.
    assert people.acting_person(db, "Omar Haddad").name == "Omar Haddad"


# --- delegation is on every record -------------------------------------------------------


def test_delegation_names_the_admin_on_every_record(team: Team) -> None:
    """The admin's login acting as Maya (``--as "Maya Chen"``)."""
    db, maya, admin = team.db, team.maya, team.admin
    t = tasks.add_task(db, maya, "Prepare the offer", "Omar Haddad")
    tasks.reassign_task(db, maya, t.id, "Sara Ito", reason="Omar is away")
    history = tasks.task_history(db, t.id)
    assert [(h.actor, h.delegated_by) for h in history] == [("Maya Chen", "Ada Admin")] * 2
    assert history[0].to_json()["delegated_by"] == "Ada Admin"

    areas.assign_area(db, maya, "Webinars", "Omar Haddad")
    areas.assign_area(db, maya, "Webinars", "Sara Ito", reason="Omar moves to events")
    moves = areas.area_history(db, "Webinars")
    assert [(h.actor, h.delegated_by) for h in moves] == [("Maya Chen", "Ada Admin")] * 2

    m = meetings.create_meeting(db, maya, "Pipeline review")
    d = decisions.record_decision(db, maya, "MQL = 50 points", meeting_id=m.id)
    assert (d.recorded_by, d.delegated_by) == ("Maya Chen", "Ada Admin")
    assert d.to_json()["delegated_by"] == "Ada Admin"
    meetings.close_meeting(db, maya, m.id)
    a = meetings.amend(db, maya, m.id, "Omar joined late")
    assert db.execute(
        "SELECT author_id, delegated_by FROM amendments WHERE id = ?", [a.id]
    ).fetchone() == (maya.id, admin.id)

    entries = list_entries(db)[-8:]
    assert {(e.actor, e.delegated_by) for e in entries} == {("Maya Chen", "Ada Admin")}
    assert {e.login for e in entries} == {current_login()}
    ids = db.execute(
        "SELECT DISTINCT actor_id, delegated_by_id FROM audit_log WHERE actor = 'Maya Chen'"
    ).fetchall()
    assert ids == [(maya.id, admin.id)]


def test_acting_as_oneself_records_no_delegation(maya_login: Team) -> None:
    db, maya = maya_login.db, maya_login.maya
    mine = tasks.add_task(db, maya_login.admin, "Renew the contract", "Omar Haddad")
    with login(db, MAYAS):
        t = tasks.add_task(db, maya, "Prepare the offer", "Omar Haddad")
        tasks.reassign_task(db, maya, t.id, "Sara Ito")
        areas.assign_area(db, maya, "Webinars", "Omar Haddad")
        m = meetings.create_meeting(db, maya, "Pipeline review")
        d = decisions.record_decision(db, maya, "MQL = 50 points", meeting_id=m.id)
        meetings.close_meeting(db, maya, m.id)
        a = meetings.amend(db, maya, m.id, "Omar joined late")
    for task_id in (mine.id, t.id):
        assert {h.delegated_by for h in tasks.task_history(db, task_id)} == {None}
    assert {h.delegated_by for h in areas.area_history(db, "Webinars")} == {None}
    assert d.delegated_by is None
    assert db.execute("SELECT delegated_by FROM amendments WHERE id = ?", [a.id]).fetchone() == (
        None,
    )
    by_maya = [e for e in list_entries(db) if e.actor == "Maya Chen"]
    assert len(by_maya) == 7
    assert {(e.login, e.delegated_by) for e in by_maya} == {(MAYAS, None)}


def test_a_login_that_is_not_the_admins_cant_delegate(maya_login: Team, db_path: Path) -> None:
    db, team = maya_login.db, maya_login
    m = meetings.create_meeting(db, team.admin, "Board")
    with login(db, MAYAS):
        for attempt in (
            lambda: tasks.add_task(db, team.omar, "Prepare the offer", "Omar Haddad"),
            lambda: tasks.add_task(db, team.admin, "Prepare the offer", "Omar Haddad"),
            lambda: meetings.create_meeting(db, team.lena, "Content plan"),
            lambda: decisions.record_decision(db, team.admin, "Anything", meeting_id=m.id),
            lambda: people.add_person(db, team.admin, "Eve Intruder", department="Sales"),
            lambda: people.bind_login(db, team.admin, "Omar Haddad", OTHER),
        ):
            refused = unchanged(db_path, attempt, DelegationRefused)
            assert isinstance(refused, PermissionDenied)
            assert refused.login == MAYAS and refused.me == "Maya Chen"  # type: ignore[attr-defined]
        # As herself, the same login writes.
        tasks.add_task(db, team.maya, "Prepare the offer", "Omar Haddad")


def test_an_unbound_login_reads_but_never_writes(team: Team, db_path: Path) -> None:
    db = team.db
    t = tasks.add_task(db, team.admin, "Prepare the offer", "Omar Haddad")
    m = meetings.create_meeting(db, team.maya, "Pipeline review")
    with login(db, OTHER):
        for attempt in (
            lambda: tasks.add_task(db, team.admin, "Book the booth", "Tom Berg"),
            lambda: tasks.add_task(db, team.tom, "Book the booth", "Tom Berg"),
            lambda: tasks.complete_task(db, team.omar, t.id),
            lambda: tasks.reassign_task(db, team.admin, t.id, "Sara Ito"),
            lambda: meetings.create_meeting(db, team.tom, "Mine"),
            lambda: meetings.add_item(db, team.maya, m.id, "Pricing"),
            lambda: decisions.record_decision(db, team.maya, "Anything", meeting_id=m.id),
            lambda: meetings.close_meeting(db, team.maya, m.id),
            lambda: areas.assign_area(db, team.admin, "Webinars", "Tom Berg"),
            lambda: people.add_person(db, team.admin, "Eve Intruder", department="Sales"),
            lambda: people.appoint_head(db, team.admin, "Sales", "Omar Haddad"),
            lambda: people.bind_login(db, team.admin, "Tom Berg", OTHER),
            lambda: people.bind_login(db, None, "Tom Berg", OTHER),
        ):
            refused = unchanged(db_path, attempt, Unbound)
            assert refused.login == OTHER  # type: ignore[attr-defined]
        # Reading works.
        assert [x.id for x in tasks.list_tasks(db)] == [t.id]
        assert get_minutes(db, m.id).meeting.id == m.id
        assert list_entries(db)
        assert check.damage(db) == []


# --- binding logins ------------------------------------------------------------------------


def test_the_admin_binds_and_unbinds_logins(team: Team) -> None:
    db = team.db
    omar = people.bind_login(db, team.admin, "Omar Haddad", OTHER)
    assert omar.login == OTHER
    entry = last_entry(db)
    assert (entry["action"], entry["actor"], entry["subject"]) == (
        "person.login",
        "Ada Admin",
        f"person {team.omar.id}",
    )
    # Binding it again to the same person changes nothing and is fine.
    assert people.bind_login(db, team.admin, "Omar Haddad", OTHER).login == OTHER
    assert people.bind_login(db, team.admin, "Omar Haddad", None).login is None
    tom = people.add_person(db, team.admin, "Tina Lund", department="Marketing", login=THIRD)
    assert people.get_person(db, tom.id).login == THIRD


def test_only_the_admin_binds_logins(maya_login: Team, db_path: Path) -> None:
    db, team = maya_login.db, maya_login
    for attempt in (
        # A head through delegation, then under her own login.
        lambda: people.bind_login(db, team.maya, "Omar Haddad", OTHER),
        lambda: people.add_person(db, team.maya, "Tina Lund", department="Sales", login=OTHER),
    ):
        unchanged(db_path, attempt, PermissionDenied)
    with login(db, MAYAS):
        unchanged(
            db_path,
            lambda: people.bind_login(db, team.maya, "Omar Haddad", OTHER),
            PermissionDenied,
        )
        # Not even her own login: binding is the admin's.
        unchanged(
            db_path, lambda: people.bind_login(db, team.maya, "Maya Chen", THIRD), PermissionDenied
        )


def test_a_login_must_exist_and_belongs_to_one_person(team: Team, db_path: Path) -> None:
    db = team.db
    missing = unchanged(
        db_path,
        lambda: people.bind_login(db, team.admin, "Omar Haddad", "no-such-login-tandem"),
        LoginUnknown,
    )
    assert missing.login == "no-such-login-tandem"  # type: ignore[attr-defined]
    unchanged(db_path, lambda: people.bind_login(db, team.admin, "Omar Haddad", "  "), Invalid)
    unchanged(
        db_path,
        lambda: people.add_person(db, team.admin, "Tina Lund", login="no-such-login-tandem"),
        LoginUnknown,
    )
    people.bind_login(db, team.admin, "Omar Haddad", OTHER)
    taken = unchanged(
        db_path, lambda: people.bind_login(db, team.admin, "Tom Berg", OTHER), LoginTaken
    )
    assert taken.holder == "Omar Haddad"  # type: ignore[attr-defined]
    # The admin's own login can't be handed to someone else either.
    taken = unchanged(
        db_path, lambda: people.bind_login(db, team.admin, "Tom Berg", current_login()), LoginTaken
    )
    assert taken.holder == "Ada Admin"  # type: ignore[attr-defined]
    unchanged(
        db_path,
        lambda: people.add_person(db, team.admin, "Tina Lund", department="Sales", login=OTHER),
        LoginTaken,
    )


def test_the_admins_login_can_be_changed_not_removed(team: Team, db_path: Path) -> None:
    db = team.db
    unchanged(db_path, lambda: people.bind_login(db, team.admin, "Ada Admin", None), Invalid)
    assert people.get_person(db, "Ada Admin").login == current_login()
    # Changed: from now on the admin is whoever runs as that login.
    people.bind_login(db, team.admin, "Ada Admin", MAYAS)
    with pytest.raises(Unbound):
        people.acting_person(db, None)
    with login(db, MAYAS):
        assert people.acting_person(db, None).name == "Ada Admin"


def test_the_files_owner_may_always_rebind_the_admin(team: Team, db_path: Path) -> None:
    """Recovery: whoever owns the file could rewrite it anyway."""
    db = team.db
    me = current_login()
    assert file_owner_login(db_path) == me
    people.bind_login(db, team.admin, "Ada Admin", MAYAS)  # the admin moved away from us
    assert people.login_person(db) is None
    # Someone else, unbound, is refused; and so is a bound person who is not the admin.
    with login(db, OTHER):
        unchanged(db_path, lambda: people.bind_login(db, None, "Ada Admin", OTHER), Unbound)
    with login(db, MAYAS):  # the admin's login now
        people.bind_login(db, team.admin, "Omar Haddad", THIRD)
    with login(db, THIRD):
        unchanged(
            db_path,
            lambda: people.bind_login(db, team.omar, "Ada Admin", THIRD),
            PermissionDenied,
        )
    # The owner, bound to nobody, may not bind anyone else...
    unchanged(db_path, lambda: people.bind_login(db, None, "Tom Berg", OTHER), Unbound)
    # ...but takes the admin back.
    assert people.bind_login(db, None, "Ada Admin", me).login == me
    assert people.acting_person(db, None).name == "Ada Admin"
    entry = last_entry(db)
    assert (entry["action"], entry["login"], entry["actor"]) == ("person.login", me, None)
    assert check.damage(db) == []


# --- the CLI: whoami and log -----------------------------------------------------------------


def test_whoami_json(team: Team, db_path: Path) -> None:
    tandem = Tandem(db_path)
    me = tandem.json("whoami")
    has_keys(me, "name, login, department, is_head, is_admin, delegated_by")
    assert (me["name"], me["login"], me["is_admin"], me["delegated_by"]) == (
        "Ada Admin",
        current_login(),
        True,
        None,
    )
    maya = tandem.json("whoami", as_="Maya Chen")
    assert {k: maya[k] for k in ("name", "login", "department", "is_head", "is_admin")} == {
        "name": "Maya Chen",
        "login": current_login(),
        "department": "Sales",
        "is_head": True,
        "is_admin": False,
    }
    assert maya["delegated_by"] == "Ada Admin"
    omar = tandem.json("whoami", as_="Omar Haddad")
    assert (omar["name"], omar["is_head"], omar["delegated_by"]) == (
        "Omar Haddad",
        False,
        "Ada Admin",
    )


def test_an_unbound_login_on_the_cli(team: Team, db_path: Path) -> None:
    tandem = Tandem(db_path)
    tandem.ok("person", "login", "Ada Admin", MAYAS)
    me = tandem.json("whoami")
    assert (me["name"], me["login"], me["is_admin"]) == (None, current_login(), False)
    before = dump(db_path)
    error = tandem.fails(3, "task", "add", "Book the booth", "--owner", "Tom Berg")
    assert repr(current_login()) in error
    assert f"tandem person login NAME {current_login()}" in error
    tandem.fails(3, "task", "add", "Book the booth", "--owner", "Tom Berg", as_="Ada Admin")
    assert dump(db_path) == before
    tandem.ok("task", "list")
    tandem.ok("log")
    # Recovery: the file's owner takes the admin back.
    tandem.ok("person", "login", "Ada Admin", current_login())
    assert tandem.json("whoami")["name"] == "Ada Admin"


LOG_KEYS = ["id", "at", "login", "actor", "delegated_by", "action", "subject", "hash"]


def test_log_json_keys_and_order(team: Team, db_path: Path) -> None:
    tandem = Tandem(db_path)
    tandem.ok("task", "add", "Prepare the offer", "--owner", "Omar Haddad", as_="Maya Chen")
    entries = tandem.json("log")
    assert entries and all(list(e)[: len(LOG_KEYS)] == LOG_KEYS for e in entries)
    assert [e["id"] for e in entries] == sorted(e["id"] for e in entries)
    assert entries[0]["action"] == "init"
    newest = entries[-1]
    assert (newest["action"], newest["subject"]) == ("task.add", "task 1")
    assert (newest["actor"], newest["delegated_by"], newest["login"]) == (
        "Maya Chen",
        "Ada Admin",
        current_login(),
    )
    assert newest["hash"] == team.db.execute("SELECT MAX(id), hash FROM audit_log").fetchone()[1]
    assert len(newest["hash"]) == 64


def test_log_filters(team: Team, db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = team.db
    tandem = Tandem(db_path)
    every = [e["id"] for e in tandem.json("log")]  # all stamped now

    # Three more writes stamped on three days of 2001 (the audit's clock, not the rows').
    for day, actor, title, owner in (
        ("2001-01-10", team.maya, "Prepare the offer", "Omar Haddad"),
        ("2001-02-10", team.lena, "Book the booth", "Tom Berg"),
        ("2001-03-10", team.admin, "Renew the contract", "Omar Haddad"),
    ):
        with monkeypatch.context() as patch:
            patch.setattr(audit, "stamp", lambda now=None, day=day: f"{day}T09:00:00+00:00")
            tasks.add_task(db, actor, title, owner)
    january, february, march = (e["id"] for e in tandem.json("log", "--limit", "3"))
    assert [e["at"][:10] for e in tandem.json("log", "--limit", "3")] == [
        "2001-01-10",
        "2001-02-10",
        "2001-03-10",
    ]

    # --since DATE: entries on or after that day.
    assert [e["id"] for e in tandem.json("log", "--since", "2001-02-10")] == [
        *every,
        february,
        march,
    ]
    assert [e["id"] for e in tandem.json("log", "--since", "2001-01-01")] == [
        *every,
        january,
        february,
        march,
    ]

    # --actor NAME: entries by that person, or written on their behalf.
    assert [e["id"] for e in tandem.json("log", "--actor", "Lena Park")] == [february]
    assert [e["id"] for e in tandem.json("log", "--actor", "Maya Chen")] == [january]
    by_admin = [e["id"] for e in tandem.json("log", "--actor", "ada admin")]
    assert {january, february, march} <= set(by_admin)  # Maya's and Lena's were delegated
    assert set(by_admin) < set(every) | {january, february, march}  # not init's (no actor)
    assert tandem.json("log", "--actor", "Sara Ito") == []
    tandem.fails(1, "log", "--actor", "Nobody Here")

    # --limit N: the newest N, still oldest first; combined with the others.
    assert [e["id"] for e in tandem.json("log", "--limit", "2")] == [february, march]
    assert [e["id"] for e in tandem.json("log", "--actor", "Ada Admin", "--limit", "2")] == [
        february,
        march,
    ]
    assert [
        e["id"] for e in tandem.json("log", "--since", "2001-01-01", "--actor", "Maya Chen")
    ] == [january]
    assert tandem("log", "--limit", "0").code == 2


# --- the entry is written with the write, in the same transaction ------------------------------


def test_each_write_appends_one_chained_entry_holding_what_it_wrote(team: Team) -> None:
    db = team.db
    t = tasks.add_task(db, team.maya, "Prepare the offer", "Omar Haddad")
    before = len(audit_rows(db))
    tasks.reassign_task(db, team.maya, t.id, "Sara Ito", reason="Omar is away")
    rows = audit_rows(db)
    assert len(rows) == before + 1
    entry = last_entry(db)
    assert (entry["action"], entry["subject"]) == ("task.reassign", f"task {t.id}")
    changes = entry["payload"]["changes"]
    task_change = next(c for c in changes if c["t"] == "tasks")
    assert task_change["op"] == "update"
    # Values are kept as SQLite's own json_object text, the form check compares.
    assert json.loads(task_change["old"])["owner_id"] == team.omar.id
    assert json.loads(task_change["new"])["owner_id"] == team.sara.id
    history = next(c for c in changes if c["t"] == "task_history")
    new = json.loads(history["new"])
    assert history["op"] == "insert" and new["reason"] == "Omar is away"
    assert new["delegated_by"] == team.admin.id
    # The chain: each hash covers the entry and the one before.
    prev = GENESIS
    for (
        entry_id,
        at,
        login_,
        actor_id,
        actor,
        dby_id,
        dby,
        action,
        subject,
        payload,
        p,
        h,
    ) in db.execute(
        "SELECT id, at, login, actor_id, actor, delegated_by_id, delegated_by, action, "
        "subject, payload, prev_hash, hash FROM audit_log ORDER BY id"
    ):
        fields = {
            "at": at,
            "login": login_,
            "actor_id": actor_id,
            "actor": actor,
            "delegated_by_id": dby_id,
            "delegated_by": dby,
            "action": action,
            "subject": subject,
        }
        assert p == prev, entry_id
        assert h == entry_hash(prev, fields, payload), entry_id
        prev = h


def test_a_refused_write_leaves_no_entry(team: Team, db_path: Path) -> None:
    db = team.db
    tasks.add_task(db, team.admin, "Prepare the offer", "Omar Haddad")
    m = meetings.create_meeting(db, team.maya, "Pipeline review")
    meetings.close_meeting(db, team.maya, m.id)
    for attempt, error in (
        (lambda: tasks.add_task(db, team.tom, "Book the booth", "Omar Haddad"), PermissionDenied),
        (lambda: tasks.add_task(db, team.admin, "Prepare the offer", "Sara Ito"), TandemError),
        (lambda: tasks.add_task(db, team.admin, "x", "Sara Ito", meeting_id=m.id), TandemError),
        (lambda: meetings.amend(db, team.tom, m.id, "Never happened"), PermissionDenied),
        (lambda: people.add_person(db, team.admin, "Maya Chen"), TandemError),
    ):
        unchanged(db_path, attempt, error)


def test_rows_written_and_their_entry_commit_or_roll_back_together(
    team: Team, db_path: Path
) -> None:
    db = team.db
    entries = len(audit_rows(db))

    class Boom(Exception):
        pass

    def half_done() -> None:
        with write(db, team.admin, "test.half"):
            db.execute(
                "INSERT INTO departments (name, name_key, created_at) VALUES ('Support', "
                "'support', '2026-01-01')"
            )
            raise Boom

    unchanged(db_path, half_done, Boom)
    # An entry that can't be appended takes the write with it.
    conn = sqlite3.connect(db_path)
    conn.execute(
        "CREATE TRIGGER refuse_entries BEFORE INSERT ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'no more entries'); END"
    )
    conn.commit()
    conn.close()
    before = dump(db_path)
    with pytest.raises(TandemError):
        tasks.add_task(db, team.admin, "Prepare the offer", "Omar Haddad")
    assert dump(db_path) == before
    assert len(audit_rows(db)) == entries
    assert db.execute("SELECT COUNT(*) FROM tasks").fetchone() == (0,)


# --- a database made before logins upgrades without a lock-out -------------------------------

OLD = {"m001_core_schema", "m002_full_text_search"}
AT = "2026-01-05T09:00:00+00:00"


def _old_database(path: Path) -> None:
    """A file as Tandem wrote it before issue 11: migrations m001 and m002 only."""
    db = Database(path)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations().apply(db, stop_before=[fn.__name__ for fn in STEPS if fn.__name__ not in OLD])
    assert "login" not in db["people"].columns_dict
    assert "audit_log" not in db.table_names()
    script = [
        ("INSERT INTO departments (id, name, name_key, created_at) VALUES (1, 'Sales', 'sales', ?)", [AT]),
        ("INSERT INTO departments (id, name, name_key, created_at) VALUES (2, 'Marketing', 'marketing', ?)", [AT]),
        ("INSERT INTO people (id, name, name_key, is_admin, created_at) VALUES (1, 'Ada Admin', 'ada admin', 1, ?)", [AT]),
        ("INSERT INTO people (id, name, name_key, department_id, created_at) VALUES (2, 'Maya Chen', 'maya chen', 1, ?)", [AT]),
        ("INSERT INTO people (id, name, name_key, department_id, created_at) VALUES (3, 'Omar Haddad', 'omar haddad', 1, ?)", [AT]),
        ("INSERT INTO people (id, name, name_key, department_id, created_at) VALUES (4, 'Tom Berg', 'tom berg', 2, ?)", [AT]),
        ("UPDATE departments SET head_id = 2 WHERE id = 1", []),
        ("INSERT INTO settings (key, value) VALUES ('default_user_id', '1'), ('company', 'Acme')", []),
        ("INSERT INTO meetings (id, title, at, facilitator_id, created_by, created_at) VALUES (1, 'Weekly', ?, 2, 2, ?)", [AT, AT]),
        ("INSERT INTO attendance (meeting_id, person_id, present) VALUES (1, 2, 1), (1, 3, 1)", []),
        ("INSERT INTO agenda_items (id, meeting_id, position, title) VALUES (1, 1, 1, 'Pricing')", []),
        ("INSERT INTO decisions (id, text, meeting_id, agenda_item_id, recorded_by, recorded_at) VALUES (1, 'Price up 5%', 1, 1, 2, ?)", [AT]),
        ("INSERT INTO tasks (id, title, title_key, owner_id, assigned_by, created_at, meeting_id) VALUES (1, 'Send the offer', 'send the offer', 3, 2, ?, 1)", [AT]),
        ("INSERT INTO task_history (task_id, at, actor_id, from_id, to_id, reason) VALUES (1, ?, 2, NULL, 3, 'assigned')", [AT]),
        ("INSERT INTO tasks (id, title, title_key, owner_id, assigned_by, created_at) VALUES (2, 'Book the booth', 'book the booth', 4, 1, ?)", [AT]),
        ("INSERT INTO task_history (task_id, at, actor_id, from_id, to_id, reason) VALUES (2, ?, 1, NULL, 3, 'assigned')", [AT]),
        ("INSERT INTO task_history (task_id, at, actor_id, from_id, to_id, reason) VALUES (2, ?, 1, 3, 4, 'moved')", [AT]),
        ("UPDATE meetings SET status = 'closed', started_at = ?, closed_at = ? WHERE id = 1", [AT, AT]),
        ("INSERT INTO amendments (meeting_id, text, author_id, at) VALUES (1, 'Omar joined late', 2, ?)", [AT]),
        ("INSERT INTO areas (id, name, name_key, department_id, owner_id, assigned_by, assigned_at) VALUES (1, 'Webinars', 'webinars', 1, 3, 2, ?)", [AT]),
        ("INSERT INTO area_history (area_id, at, actor_id, from_id, to_id) VALUES (1, ?, 2, NULL, 3)", [AT]),
    ]  # fmt: skip
    for sql, params in script:
        db.execute(sql, params)
    db.close()


@pytest.fixture
def upgraded(tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    path = tmp_path / "old.db"
    _old_database(path)
    db = open_db(path)  # migrates
    yield db, path
    db.close()


def test_an_old_database_upgrades_without_a_lock_out(upgraded: tuple[Database, Path]) -> None:
    db, path = upgraded
    owner = file_owner_login(path)
    assert owner == current_login()
    admin = people.get_person(db, "Ada Admin")
    assert admin.login == owner
    assert people.acting_person(db, None) == admin
    # The log starts with the upgrade: the binding, then a baseline of every row there was.
    entries = list_entries(db)
    assert [e.action for e in entries] == ["upgrade.bind_admin", "upgrade.baseline"]
    assert entries[0].actor is None and entries[0].subject == "person 1"
    bind = json.loads(db.execute("SELECT payload FROM audit_log WHERE id = 1").fetchone()[0])
    assert (bind["admin"], bind["login"]) == ("Ada Admin", owner)
    baseline = json.loads(db.execute("SELECT payload FROM audit_log WHERE id = 2").fetchone()[0])
    assert baseline["bulk"]["tasks"]["count"] == 2
    assert baseline["bulk"]["task_history"]["count"] == 3
    assert baseline["bulk"]["amendments"]["count"] == 1
    # Sound, and its old closed meeting simply has no seal (not damage).
    assert check.damage(db) == []
    assert seal_of(db, 1) is None
    assert minutes_document(get_minutes(db, 1))["seal"] is None
    ran = Tandem(path)("check")
    assert ran.code == 0, (ran.out, ran.err)
    # The admin writes at once; check stays clean, old rows Tandem changed included.
    tasks.reassign_task(db, admin, 2, "Omar Haddad", reason="back to Omar")
    tasks.add_task(db, admin, "Write the newsletter", "Tom Berg")
    meetings.amend(db, admin, 1, "A second amendment")
    assert check.damage(db) == []
    assert [e.action for e in list_entries(db)][:2] == ["upgrade.bind_admin", "upgrade.baseline"]


def test_the_admin_is_bound_to_the_files_owner_not_to_whoever_opens_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_database(path)
    owner = pwd.getpwnam(MAYAS)
    try:
        os.chown(path, owner.pw_uid, owner.pw_gid)
    except PermissionError:
        pytest.skip("giving the file to another login needs root")
    db = open_db(path)  # migrated by someone who is not the file's owner
    try:
        assert people.get_person(db, "Ada Admin").login == MAYAS
        assert people.login_person(db) is None  # the login that happened to open it
        with login(db, MAYAS):
            assert people.acting_person(db, None).name == "Ada Admin"
        assert check.damage(db) == []
    finally:
        db.close()


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("UPDATE tasks SET title = 'Send nothing' WHERE id = 1",
         "tasks: rows recorded in bulk by audit entry 2 were changed outside Tandem"),
        ("DROP TRIGGER decisions_immutable; DROP TRIGGER decisions_frozen_update;"
         "UPDATE decisions SET text = 'Price down 5%' WHERE id = 1",
         "decisions: rows recorded in bulk by audit entry 2 were changed outside Tandem"),
        ("UPDATE people SET is_admin = 1 WHERE id = 4",
         "people: rows recorded in bulk by audit entry 2 were changed outside Tandem"),
        ("DELETE FROM task_history WHERE id = 2", "task_history row 2 was deleted outside Tandem"),
        ("DROP TRIGGER amendments_no_delete; DELETE FROM amendments WHERE id = 1",
         "amendments row 1 was deleted outside Tandem"),
    ],
    ids=["task", "decision", "admin-flag", "history-row-deleted", "amendment-deleted"],
)  # fmt: skip
def test_a_hand_edit_of_a_row_from_before_the_upgrade_shows(
    upgraded: tuple[Database, Path], sql: str, words: str
) -> None:
    db, path = upgraded
    # A Tandem write on one old row first: the edit of another must still show.
    tasks.reassign_task(db, people.get_person(db, "Ada Admin"), 2, "Omar Haddad")
    assert check.damage(db) == []
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(sql)
    conn.close()
    found = check.damage(db)
    assert any(words in p for p in found), found
    assert Tandem(path)("check").code == 4


def test_an_old_task_tandem_changed_then_edited_by_hand_shows(
    upgraded: tuple[Database, Path],
) -> None:
    db, path = upgraded
    tasks.reassign_task(db, people.get_person(db, "Ada Admin"), 2, "Omar Haddad")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("UPDATE tasks SET due = ? WHERE id = 2", [date(2030, 1, 1).isoformat()])
    conn.close()
    found = check.damage(db)
    assert any("tasks row 2 was changed outside Tandem (due)" in p for p in found), found


def test_a_heads_approval_is_never_given_through_delegation(maya_login: Team) -> None:
    """The check two-key approvals will use: only the head's own login gives their approval."""
    from db.identity import ApprovalNotDelegable, require_undelegated

    db = maya_login.db
    # The process runs as the admin's login: the admin acting for Maya can't approve as her.
    with pytest.raises(ApprovalNotDelegable) as refused:
        require_undelegated(db, maya_login.maya.id)
    assert (refused.value.head, refused.value.login) == ("Maya Chen", current_login())
    assert isinstance(refused.value, PermissionDenied)  # exit 3
    # Under Maya's own login it passes.
    session_of(db).login = MAYAS
    require_undelegated(db, maya_login.maya.id)
