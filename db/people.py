"""People, departments and heads; initialising a database; the acting person."""

from __future__ import annotations

from datetime import datetime

from sqlite_utils import Database

from db import rows
from db.connection import immediate
from db.dates import stamp
from db.errors import DatabaseUnusable, Invalid, NotFound
from db.models import Department, Person
from db.names import find_id, refuse_taken
from db.permissions import require_add_person, require_admin
from db.text import as_id, name_key, name_skeleton, optional, required

DEFAULT_DEPARTMENTS = ("Sales", "Marketing")


def suggest(candidates: list[str], wanted: str, limit: int = 3) -> list[str]:
    """Close names for a "did you mean" hint (rapidfuzz imported only on a miss)."""
    from rapidfuzz import fuzz, process, utils

    found = process.extract(
        wanted,
        candidates,
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=limit,
        score_cutoff=60,
    )
    return [name for name, _score, _index in found]


def _did_you_mean(names: list[str]) -> str:
    if not names:
        return ""
    return " (did you mean " + " or ".join(names) + "?)"


def is_initialised(db: Database) -> bool:
    return db.execute("SELECT 1 FROM settings WHERE key = 'default_user_id'").fetchone() is not None


def init(
    db: Database, admin: str, company: str | None = None, *, now: datetime | None = None
) -> tuple[Person, bool]:
    """Create Sales and Marketing and the admin; on an initialised database change nothing.

    Returns:
        The default user (the admin) and whether anything was created.
    """
    admin_name = required(admin, "the admin's name", name=True, limit=200)
    with immediate(db):
        if is_initialised(db):
            return default_user(db), False
        at = stamp(now)
        for dept in DEFAULT_DEPARTMENTS:
            db.execute(
                "INSERT INTO departments (name, name_key, name_skeleton, created_at) VALUES (?, ?, ?, ?)",
                [dept, name_key(dept), name_skeleton(dept), at],
            )
        cur = db.execute(
            "INSERT INTO people (name, name_key, name_skeleton, is_admin, created_at) VALUES (?, ?, ?, 1, ?)",
            [admin_name, name_key(admin_name), name_skeleton(admin_name), at],
        )
        db.execute(
            "INSERT INTO settings (key, value) VALUES ('default_user_id', ?)", [str(cur.lastrowid)]
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
    value = setting(db, "default_user_id")
    if value is None:
        # CONTRACT.md: a database that is not initialised can't be used (exit 4).
        raise DatabaseUnusable("the database is not initialised; run `tandem init --admin NAME`")
    return get_person(db, int(value))


def acting_person(db: Database, ref: str | int | None) -> Person:
    """The acting person: the one named, else the database's default user."""
    if ref is None or (isinstance(ref, str) and not ref.strip()):
        return default_user(db)
    return get_person(db, ref)


def get_person(db: Database, ref: str | int) -> Person:
    """A person by id or by name (case-insensitive); ``NotFound`` suggests close names."""
    row = None
    ref_id = ref if isinstance(ref, int) else as_id(ref)
    if ref_id is not None:
        row = rows.one(db, rows.PERSON_SELECT + " WHERE p.id = ?", [ref_id])
    if row is None and isinstance(ref, str):
        row = rows.one(db, rows.PERSON_SELECT + " WHERE p.id = ?", [find_id(db, "people", ref)])
    if row is None:
        names = [r[0] for r in db.execute("SELECT name FROM people")]
        raise NotFound(f"no person named {str(ref)!r}{_did_you_mean(suggest(names, str(ref)))}")
    return rows.person(row)


def list_people(db: Database) -> list[Person]:
    return [
        rows.person(r)
        for r in rows.rows(db, rows.PERSON_SELECT + " ORDER BY d.name IS NULL, d.name, p.name")
    ]


def people_in(db: Database, department_id: int) -> list[Person]:
    return [
        rows.person(r)
        for r in rows.rows(
            db, rows.PERSON_SELECT + " WHERE p.department_id = ? ORDER BY p.name", [department_id]
        )
    ]


def get_department(db: Database, ref: str | int) -> Department:
    row = None
    ref_id = ref if isinstance(ref, int) else as_id(ref)
    if ref_id is not None:
        row = rows.one(db, _DEPT_SELECT + " WHERE d.id = ?", [ref_id])
    if row is None and isinstance(ref, str):
        row = rows.one(db, _DEPT_SELECT + " WHERE d.id = ?", [find_id(db, "departments", ref)])
    if row is None:
        names = [r[0] for r in db.execute("SELECT name FROM departments")]
        raise NotFound(f"no department named {str(ref)!r}{_did_you_mean(suggest(names, str(ref)))}")
    return Department(**row)


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
    now: datetime | None = None,
) -> Person:
    """Add a person; the admin or the head of their department may."""
    clean_name = required(name, "a person's name", name=True, limit=200)
    if clean_name.isdigit():
        raise Invalid("a person's name can't be only digits (digits name people by id)")
    clean_email = optional(email, "the email", limit=320)
    if clean_email and ("@" not in clean_email or any(c.isspace() for c in clean_email)):
        raise Invalid(f"invalid email {clean_email!r}: use name@example.com")
    with immediate(db):
        dept = get_department(db, department) if department is not None else None
        require_add_person(db, actor, dept.id if dept else None)
        key, skeleton = refuse_taken(db, "people", clean_name)
        cur = db.execute(
            "INSERT INTO people (name, name_key, name_skeleton, department_id, title, email, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                clean_name,
                key,
                skeleton,
                dept.id if dept else None,
                optional(title, "the title", limit=200),
                clean_email,
                stamp(now),
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
    with immediate(db):
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
    with immediate(db):
        dept = get_department(db, department)
        head = get_person(db, person)
        if head.department_id is None:
            db.execute("UPDATE people SET department_id = ? WHERE id = ?", [dept.id, head.id])
        elif head.department_id != dept.id:
            raise Invalid(
                f"{head.name} is in {head.department}, not {dept.name}; a head leads their own department"
            )
        db.execute("UPDATE departments SET head_id = ? WHERE id = ?", [head.id, dept.id])
        return get_department(db, dept.id)
