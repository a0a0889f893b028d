"""What the Responsibilities screen needs beyond ``db.areas``: near-duplicates and the
departments an actor may assign in (the rules themselves: ``db.permissions``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.areas import DUPLICATE_SCORE
from db.models import Department, Person
from db.people import list_departments
from db.permissions import may_assign_areas_of
from db.text import title_key

if TYPE_CHECKING:
    from sqlite_utils import Database


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
    """The departments whose areas ``actor`` may assign (``db.permissions.may_assign_areas_of``):
    all for the admin, their own for a head."""
    return [d for d in list_departments(db) if may_assign_areas_of(db, actor, d.id)]
