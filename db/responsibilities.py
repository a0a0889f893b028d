"""What the Responsibilities screen needs beyond ``db.areas``: near-duplicates and who may assign."""

from __future__ import annotations

from sqlite_utils import Database

from db.areas import DUPLICATE_SCORE
from db.errors import PermissionDenied
from db.models import Department, Person
from db.people import list_departments
from db.text import title_key


def near_duplicates(db: Database) -> dict[int, int]:
    """Each area whose name is close to another area's name -> that other area's id.

    The same measure ``assign_area`` refuses new areas by (``token_sort_ratio``
    on case-, punctuation- and order-free keys), so areas that came in with
    ``--allow-duplicate`` (or before a rename) are flagged for a second look.
    """
    from rapidfuzz import fuzz, process

    areas = [(r[0], title_key(r[1])) for r in db.execute("SELECT id, name FROM areas ORDER BY id")]
    if len(areas) < 2:
        return {}
    keys = [k for _, k in areas]
    found: dict[int, int] = {}
    for i, (area_id, key) in enumerate(areas):
        matches = process.extract(
            key, keys, scorer=fuzz.token_sort_ratio, score_cutoff=DUPLICATE_SCORE, limit=3
        )
        other = next((j for _, _, j in matches if j != i), None)
        if other is not None:
            found[area_id] = areas[other][0]
    return found


def assignable_departments(db: Database, actor: Person) -> list[Department]:
    """The departments whose areas ``actor`` may assign: all for the admin, their own for a head."""
    departments = list_departments(db)
    if actor.is_admin:
        return departments
    return [d for d in departments if d.head_id == actor.id]


def require_may_assign_areas(db: Database, actor: Person) -> list[Department]:
    """``assignable_departments``, refusing (with who may) when there are none.

    Raises:
        PermissionDenied: ``actor`` is neither a department head nor the admin.
    """
    departments = assignable_departments(db, actor)
    if not departments:
        raise PermissionDenied(
            f"only the head of a department (for its own areas) or the admin can assign areas; "
            f"{actor.name} is neither",
            rule="assign-area",
            action="assign areas",
            who_may=("the head of a department (for its own areas)", "the admin"),
            actor=actor.name,
        )
    return departments


def require_may_reassign_area(db: Database, actor: Person, area_department_id: int) -> None:
    """Refuse, before any form is filled in, a reassignment ``actor`` could never make.

    Only the head of the area's own department (within it) or the admin may
    reassign an area; the head of Marketing can't touch a Sales area.

    Raises:
        PermissionDenied: ``actor`` is not the admin and doesn't head the area's department.
    """
    if actor.is_admin or any(d.id == area_department_id for d in assignable_departments(db, actor)):
        return
    dept = next((d.name for d in list_departments(db) if d.id == area_department_id), "?")
    raise PermissionDenied(
        f"only the head of {dept} or the admin can reassign {dept} areas; {actor.name} can't",
        rule="assign-area",
        action=f"reassign {dept} areas",
        who_may=(f"the head of {dept}", "the admin"),
        actor=actor.name,
    )
