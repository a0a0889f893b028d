"""Areas of responsibility: one owner each, assigned by the head of the owner's department."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from db import rows
from db.audit import delegated_by, write
from db.dates import stamp
from db.errors import Duplicate, NotFound
from db.models import Area, HistoryEntry, Person
from db.names import refuse_taken
from db.people import get_person, require_active
from db.permissions import require_assign_area
from db.text import name_key, optional, required, title_key
from db.versioning import check_version

if TYPE_CHECKING:
    from sqlite_utils import Database

DUPLICATE_SCORE = 88

_AREA_SELECT = """
SELECT a.id, a.name AS area, a.owner_id, o.name AS owner, a.department_id, d.name AS department,
       b.name AS assigned_by, a.assigned_at, a.version
FROM areas a JOIN people o ON o.id = a.owner_id JOIN people b ON b.id = a.assigned_by
JOIN departments d ON d.id = a.department_id
"""


def get_area(db: Database, area_id: int) -> Area:
    row = rows.one(db, _AREA_SELECT + " WHERE a.id = ?", [area_id])
    if row is None:
        raise NotFound("area", area_id)
    return Area(**row)


def _area_by_name(db: Database, name: str) -> Area:
    from db.names import find_id
    from db.text import as_id

    ref_id = as_id(name)
    if ref_id is not None:
        return get_area(db, ref_id)
    found = find_id(db, "areas", name)
    if found is None:
        raise NotFound("area", name)
    return get_area(db, found)


def list_areas(
    db: Database, *, department_id: int | None = None, owner_id: int | None = None
) -> list[Area]:
    where: list[str] = []
    params: list[object] = []
    if department_id is not None:
        where.append("a.department_id = ?")
        params.append(department_id)
    if owner_id is not None:
        where.append("a.owner_id = ?")
        params.append(owner_id)
    sql = (
        _AREA_SELECT
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY d.name, a.name"
    )
    return [Area(**r) for r in rows.rows(db, sql, params)]


def find_similar(db: Database, name: str) -> Area | None:
    """An area whose name closely matches ``name`` but isn't the same name."""
    from rapidfuzz import fuzz

    key = title_key(name)
    best: tuple[float, int] | None = None
    for area_id, area_name in db.execute("SELECT id, name FROM areas"):
        score = (
            100.0
            if title_key(area_name) == key
            else fuzz.token_sort_ratio(key, title_key(area_name))
        )
        if score >= DUPLICATE_SCORE and (best is None or score > best[0]):
            best = (score, area_id)
    return get_area(db, best[1]) if best else None


def assign_area(
    db: Database,
    actor: Person,
    area: str,
    owner: str | int,
    *,
    allow_duplicate: bool = False,
    expected_version: int | None = None,
    reason: str | None = None,
    now: datetime | None = None,
) -> Area:
    """Give an area (new or existing, by exact name) to one owner; moves are kept in history."""
    clean = required(area, "an area's name", name=True, limit=500)
    why = optional(reason, "the reason", limit=2_000)
    with write(db, actor, "role.assign"):
        person = get_person(db, owner)
        require_active(person, "receive new work")
        if person.department_id is None:
            raise NotFound(
                "department",
                person.name,
                message=f"{person.name} has no department; an area belongs to the owner's department",
            )
        row = db.execute(
            "SELECT id, department_id, owner_id FROM areas WHERE name_key = ?", [name_key(clean)]
        ).fetchone()
        require_assign_area(db, actor, person, row[1] if row else None)
        at = stamp(now)
        if row is None:
            # A name that looks like an existing area's is refused, even with allow_duplicate.
            key, skeleton = refuse_taken(db, "areas", clean)
            if not allow_duplicate:
                similar = find_similar(db, clean)
                if similar is not None:
                    raise Duplicate(
                        f"area {similar.id} {similar.area!r} (owner {similar.owner}, {similar.department}) "
                        "is close",
                        similar.id,
                        similar.area,
                        similar.owner,
                        kind="area",
                    )
            cur = db.execute(
                """INSERT INTO areas (name, name_key, name_skeleton, department_id, owner_id, assigned_by, assigned_at, updated_at, updated_by)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    clean,
                    key,
                    skeleton,
                    person.department_id,
                    person.id,
                    actor.id,
                    at,
                    at,
                    actor.id,
                ],
            )
            area_id = cur.lastrowid
            assert area_id is not None
            previous = None
        else:
            area_id, previous = row[0], row[2]
            check_version(db, "areas", area_id, expected_version, f"area {clean!r}")
            if previous == person.id:
                return get_area(db, area_id)
            db.execute(
                """UPDATE areas SET owner_id = ?, department_id = ?, assigned_by = ?, assigned_at = ?,
                   version = version + 1, updated_at = ?, updated_by = ? WHERE id = ?""",
                [person.id, person.department_id, actor.id, at, at, actor.id, area_id],
            )
        db.execute(
            "INSERT INTO area_history (area_id, at, actor_id, from_id, to_id, delegated_by, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [area_id, at, actor.id, previous, person.id, delegated_by(db), why],
        )
        return get_area(db, area_id)


def area_history(db: Database, area: str | int) -> list[HistoryEntry]:
    """Every owner an area had, oldest first (``tandem role history``)."""
    found = get_area(db, area) if isinstance(area, int) else _area_by_name(db, area)
    return rows.history(db, "area_history", found.id)
