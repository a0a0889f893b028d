"""A write that can't complete (full disk) fails cleanly and changes nothing."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from db.errors import DatabaseUnusable
from db.tasks import add_task


def _counts(db: Database) -> dict[str, int]:
    return {
        t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("tasks", "task_history", "tasks_fts")
    }


def test_full_disk_is_a_clear_error_and_changes_nothing(db: Database, team: object) -> None:
    maya = team.maya  # type: ignore[attr-defined]
    add_task(db, maya, "Prepare the pipeline review", "Omar Haddad")
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages + 2}")
    committed = 0
    snapshot = _counts(db)
    with pytest.raises(DatabaseUnusable, match="full") as refused:
        for n in range(500):
            snapshot = _counts(db)
            add_task(db, maya, f"Long task {n} " + "x" * 3000, "Omar Haddad", allow_duplicate=True)
            committed += 1
    assert "nothing was changed" in str(refused.value)
    assert not db.conn.in_transaction
    # The refused write left no trace: counts are exactly those before it.
    assert _counts(db) == snapshot
    db.execute("PRAGMA max_page_count = 1073741823")
    add_task(db, maya, "After the disk was freed", "Omar Haddad")
    assert _counts(db)["tasks"] == snapshot["tasks"] + 1
