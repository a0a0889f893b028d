"""People, departments and heads; initialising a database; the acting person."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from db import rows
from db.audit import write
from db.connection import INITIALISED_SETTING, is_initialised
from db.dates import stamp
from db.errors import DatabaseUnusable, Invalid
from db.identity import (
    DelegationRefused,
    LoginTaken,
    Unbound,
    check_login_value,
    file_owner_login,
    login_person_id,
    session_of,
)
from db.models import Department, Person
from db.names import find_row, refuse_taken
from db.permissions import require_add_person, require_admin
from db.text import name_key, name_skeleton, optional, required

if TYPE_CHECKING:
    from sqlite_utils import Database

DEFAULT_DEPARTMENTS = ("Sales", "Marketing")


def init(
    db: Database, admin: str, company: str | None = None, *, now: datetime | None = None
) -> tuple[Person, bool]:
    """Create Sales and Marketing and the admin, bound to the login running this.

    On an initialised database nothing changes.

    Returns:
        The admin and whether anything was created.
    """
    admin_name = required(admin, "the admin's name", name=True, limit=200)
    login = session_of(db).login
    with write(db, None, "init", subject="database"):
        if is_initialised(db):
            return default_user(db), False
        holder = db.execute("SELECT name FROM people WHERE login = ?", [login]).fetchone()
        if holder is not None:
            raise LoginTaken(login, holder[0])
        at = stamp(now)
        for dept in DEFAULT_DEPARTMENTS:
            db.execute(
                "INSERT INTO departments (name, name_key, name_skeleton, created_at) VALUES (?, ?, ?, ?)",
                [dept, name_key(dept), name_skeleton(dept), at],
            )
        cur = db.execute(
            "INSERT INTO people (name, name_key, name_skeleton, is_admin, created_at, login) VALUES (?, ?, ?, 1, ?, ?)",
            [admin_name, name_key(admin_name), name_skeleton(admin_name), at, login],
        )
        db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)",
            [INITIALISED_SETTING, str(cur.lastrowid)],
        )
        db.execute(
            "INSERT INTO settings (key, value) VALUES ('company', ?)",
            [optional(company, "the company name", limit=200) or "Tandem"],
        )
    return default_user(db), True


def setting(db: Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def default_user(db: Database) -> Person:
    """The admin named at init."""
    value = setting(db, INITIALISED_SETTING)
    if value is None:
        # A database that is not initialised can't be used (exit 4).
        raise DatabaseUnusable("the database is not initialised", reason="not-initialised")
    return get_person(db, int(value))


def login_person(db: Database) -> Person | None:
    """The person bound to the login running this process, or None."""
    person_id = login_person_id(db)
    return get_person(db, person_id) if person_id is not None else None


def acting_person(db: Database, ref: str | int | None) -> Person:
    """The acting person: the login's own person, or ``ref`` when the login's person may
    act for them (themselves, or anyone when the login is the admin's).

    Raises:
        Unbound: the login is bound to nobody.
        DelegationRefused: ``ref`` is someone else and the login's person is not the admin.
    """
    me = login_person(db)
    if me is None:
        raise Unbound(session_of(db).login)
    if ref is None or (isinstance(ref, str) and not ref.strip()):
        return me
    other = get_person(db, ref)
    if other.id != me.id and not me.is_admin:
        raise DelegationRefused(session_of(db).login, me.name, other.name)
    return other


def bind_login(db: Database, actor: Person | None, person: str | int, login: str | None) -> Person:
    """Bind ``login`` to ``person`` (None unbinds). The admin may; so may the database file's
    OS owner for the admin (recovery: they could rewrite the file anyway).

    Raises:
        PermissionDenied: not the admin (nor the file's owner rebinding the admin).
        LoginUnknown / LoginTaken: no such login here / already someone else's.
        Invalid: the admin unbinding their own login.
    """
    value = check_login_value(login) if login is not None else None
    target = get_person(db, person)
    session = session_of(db)
    path = db.execute("PRAGMA main.database_list").fetchone()[2]
    recovery = target.is_admin and path and file_owner_login(path) == session.login
    if actor is None and not recovery:
        raise Unbound(session.login)
    if actor is not None and not recovery:
        require_admin(actor, "bind logins to people")
    with write(
        db,
        None if recovery and (actor is None or not actor.is_admin) else actor,
        "person.login",
        subject=f"person {target.id}",
    ):
        if value is not None:
            holder = db.execute("SELECT id, name FROM people WHERE login = ?", [value]).fetchone()
            if holder is not None and holder[0] != target.id:
                raise LoginTaken(value, holder[1])
        elif target.is_admin:
            # Someone must always be able to act as the admin; rebinding is the way to move it.
            raise Invalid(f"{target.name} is the admin: their login can be changed, not removed")
        db.execute("UPDATE people SET login = ? WHERE id = ?", [value, target.id])
    return get_person(db, target.id)


def get_person(db: Database, ref: str | int) -> Person:
    """A person by id or by name (case-insensitive); ``NotFound`` suggests close names."""
    return rows.person(find_row(db, rows.PERSON_SELECT, "p.id", "people", "person", ref))


def require_active(person: Person, what: str) -> None:
    """Refuse a person who left for new work (``what``: "receive new work", "head a department")."""
    if person.left_at is not None:
        from db.errors import PersonLeft

        raise PersonLeft(person.name, person.left_at, what)


def list_people(db: Database) -> list[Person]:
    return [
        rows.person(r)
        for r in rows.rows(db, rows.PERSON_SELECT + " ORDER BY d.name IS NULL, d.name, p.name")
    ]


def get_department(db: Database, ref: str | int) -> Department:
    """A department by id or by name; ``NotFound`` suggests close names."""
    return Department(**find_row(db, _DEPT_SELECT, "d.id", "departments", "department", ref))


_DEPT_SELECT = """
SELECT d.id, d.name, d.head_id, h.name AS head,
       (SELECT COUNT(*) FROM people p WHERE p.department_id = d.id) AS people
FROM departments d LEFT JOIN people h ON h.id = d.head_id
"""


def list_departments(db: Database) -> list[Department]:
    return [Department(**r) for r in rows.rows(db, _DEPT_SELECT + " ORDER BY d.name")]


def add_person(
    db: Database,
    actor: Person,
    name: str,
    *,
    department: str | int | None = None,
    title: str | None = None,
    email: str | None = None,
    login: str | None = None,
    now: datetime | None = None,
) -> Person:
    """Add a person; the admin or the head of their department may (a login: the admin)."""
    clean_name = required(name, "a person's name", name=True, limit=200)
    if clean_name.isdigit():
        raise Invalid("a person's name can't be only digits (digits name people by id)")
    clean_email = optional(email, "the email", limit=320)
    if clean_email and ("@" not in clean_email or any(c.isspace() for c in clean_email)):
        raise Invalid(f"invalid email {clean_email!r}: use name@example.com")
    clean_login = check_login_value(login) if login is not None else None
    if clean_login is not None:
        require_admin(actor, "bind logins to people")
    with write(db, actor, "person.add"):
        dept = get_department(db, department) if department is not None else None
        require_add_person(db, actor, dept.id if dept else None)
        if clean_login is not None:
            holder = db.execute("SELECT name FROM people WHERE login = ?", [clean_login]).fetchone()
            if holder is not None:
                raise LoginTaken(clean_login, holder[0])
        key, skeleton = refuse_taken(db, "people", clean_name)
        cur = db.execute(
            "INSERT INTO people (name, name_key, name_skeleton, department_id, title, email, created_at, login) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                clean_name,
                key,
                skeleton,
                dept.id if dept else None,
                optional(title, "the title", limit=200),
                clean_email,
                stamp(now),
                clean_login,
            ],
        )
        assert cur.lastrowid is not None
        return get_person(db, cur.lastrowid)


def add_department(
    db: Database, actor: Person, name: str, *, now: datetime | None = None
) -> Department:
    """Add a department (admin only)."""
    clean_name = required(name, "a department's name", name=True, limit=200)
    require_admin(actor, "add a department")
    with write(db, actor, "department.add"):
        key, skeleton = refuse_taken(db, "departments", clean_name)
        cur = db.execute(
            "INSERT INTO departments (name, name_key, name_skeleton, created_at) VALUES (?, ?, ?, ?)",
            [clean_name, key, skeleton, stamp(now)],
        )
        assert cur.lastrowid is not None
        return get_department(db, cur.lastrowid)


def appoint_head(
    db: Database, actor: Person, department: str | int, person: str | int
) -> Department:
    """Appoint the head of a department (admin only).

    A person with no department joins it; a person of another department is
    refused, since a head has authority over their own department only.
    """
    require_admin(actor, "appoint a department head")
    with write(db, actor, "department.head"):
        dept = get_department(db, department)
        head = get_person(db, person)
        require_active(head, "head a department")
        if head.department_id is None:
            db.execute("UPDATE people SET department_id = ? WHERE id = ?", [dept.id, head.id])
        elif head.department_id != dept.id:
            raise Invalid(
                f"{head.name} is in {head.department}, not {dept.name}; a head leads their own department"
            )
        db.execute("UPDATE departments SET head_id = ? WHERE id = ?", [head.id, dept.id])
        return get_department(db, dept.id)
