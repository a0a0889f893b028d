"""Stale-edit detection: an edit based on an old read is refused, not applied."""

from __future__ import annotations

from typing import TYPE_CHECKING

from db.errors import Conflict

if TYPE_CHECKING:
    from sqlite_utils import Database

_TABLES = {"tasks", "agenda_items", "meetings", "areas"}


def check_version(db: Database, table: str, row_id: int, expected: int | None, what: str) -> None:
    """Raise ``Conflict`` naming who changed the row since version ``expected`` was read."""
    if expected is None:
        return
    assert table in _TABLES
    row = db.execute(
        f"SELECT r.version, r.updated_at, p.name FROM {table} r LEFT JOIN people p ON p.id = r.updated_by WHERE r.id = ?",
        [row_id],
    ).fetchone()
    if row is None or row[0] == expected:
        return
    who = row[2] or "someone"
    when = row[1] or "just now"
    raise Conflict(
        f"{what} was changed by {who} at {when} — reloaded; make your edit again",
        what=what,
        who=row[2] or "",
        when=row[1] or "",
    )
