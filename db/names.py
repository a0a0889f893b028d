"""Names that can't impersonate (rule 8).

Every table of named records (people, departments, task forces, areas) keeps two keys:
``name_key`` (the cleaned name without case, unique: finds exact names in any case) and
``name_skeleton`` (the look-alike key, unique where set: equal for names that look the
same). A new name is refused when either key is taken; a name that finds nothing by its key
finds the record it looks like. ``name_collisions`` lists the names that collide anyway
(made before these keys existed, or written behind Tandem's back).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from db import rows
from db.errors import NameTaken, NotFound
from db.text import as_id, name_key, name_skeleton

if TYPE_CHECKING:
    from sqlite_utils import Database

# Table -> what one of its records is called.
KINDS = {
    "people": "person",
    "departments": "department",
    "task_forces": "task force",
    "areas": "area",
}
_PLURAL = {"people": "people", "departments": "departments", "task_forces": "task forces"}


def _odd_characters(name: str, other: str, limit: int = 3) -> str:
    """The characters of ``name`` that ``other`` lacks and that aren't plain ASCII, spelled
    out ("U+0430 CYRILLIC SMALL LETTER A"): what makes two look-alikes differ."""
    odd: list[str] = []
    other = unicodedata.normalize("NFD", other)
    for ch in unicodedata.normalize("NFD", name):
        if ch.isascii() or ch in other or ch in odd:
            continue
        odd.append(ch)
    spelled = [f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}" for ch in odd]
    return ", ".join(spelled[:limit]) + (", ..." if len(spelled) > limit else "")


def refuse_taken(
    db: Database, table: str, name: str, *, exclude_id: int | None = None
) -> tuple[str, str]:
    """``name``'s (name_key, name_skeleton), or ``NameTaken`` when a record of ``table``
    (other than ``exclude_id``, for a rename) has that name in any case or one that looks
    the same. ``name`` is already cleaned (``required(..., name=True)``)."""
    kind = KINDS[table]
    key, skeleton = name_key(name), name_skeleton(name)
    other = -1 if exclude_id is None else exclude_id
    row = db.execute(
        f"SELECT id, name FROM {table} WHERE name_key = ? AND id != ? ORDER BY id LIMIT 1",
        [key, other],
    ).fetchone()
    look_alike = row is None
    if row is None:
        row = db.execute(
            f"SELECT id, name FROM {table} WHERE name_skeleton = ? AND id != ? ORDER BY id LIMIT 1",
            [skeleton, other],
        ).fetchone()
    if row is None:
        return key, skeleton
    existing_id, existing = row
    if look_alike:
        odd = _odd_characters(name, existing) or _odd_characters(existing, name)
        message = (
            f"a {kind} named {existing!r} (id {existing_id}) already exists and {name!r} "
            f"looks the same{f' ({odd})' if odd else ''}; names must look different"
        )
    elif table == "people":
        message = f"a person named {existing!r} already exists; names are unique"
    else:
        message = f"a {kind} named {existing!r} already exists"
    raise NameTaken(
        message,
        kind=kind,
        existing_id=existing_id,
        existing_name=existing,
        name=name,
        look_alike=look_alike,
    )


def find_id(db: Database, table: str, ref: str) -> int | None:
    """The id of the record of ``table`` named ``ref`` (any case, spacing, invisible
    characters), else of the one whose name looks like ``ref``, else None."""
    row = db.execute(f"SELECT id FROM {table} WHERE name_key = ?", [name_key(ref)]).fetchone()
    if row is None and ref.strip():
        row = db.execute(
            f"SELECT id FROM {table} WHERE name_skeleton = ?", [name_skeleton(ref)]
        ).fetchone()
    return row[0] if row else None


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


def find_row(
    db: Database, select: str, id_column: str, table: str, kind: str, ref: str | int
) -> dict[str, Any]:
    """The row ``select`` gives for the record of ``table`` that ``ref`` names: its id (a
    number, or text that is one), else its name as ``find_id`` reads it. Else ``NotFound``
    (``kind``: "person", "task force") with close names as suggestions."""
    row = None
    ref_id = ref if isinstance(ref, int) else as_id(ref)
    if ref_id is not None:
        row = rows.one(db, f"{select} WHERE {id_column} = ?", [ref_id])
    if row is None and isinstance(ref, str):
        row = rows.one(db, f"{select} WHERE {id_column} = ?", [find_id(db, table, ref)])
    if row is None:
        names = [r[0] for r in db.execute(f"SELECT name FROM {table}")]
        raise NotFound(kind, str(ref), suggestions=suggest(names, str(ref)))
    return row


def name_collisions(db: Database) -> list[str]:
    """Names of one table that look the same (equal look-alike keys), one line per group."""
    problems: list[str] = []
    for table, kind in KINDS.items():
        groups: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for record_id, name in db.execute(f"SELECT id, name FROM {table} ORDER BY id"):
            groups[name_skeleton(name)].append((record_id, name))
        for found in groups.values():
            if len(found) < 2:
                continue
            first = found[0][1]
            shown = []
            for record_id, name in found:
                odd = _odd_characters(name, first) if name != first else ""
                shown.append(f"{record_id} {name!r}" + (f" ({odd})" if odd else ""))
            problems.append(
                f"{_PLURAL.get(table, kind + 's')} {' and '.join(shown)} look alike; "
                "names must look different"
            )
    return problems
