"""Noticing changes made by other connections, for live screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def data_version(db: Database) -> int:
    """SQLite's ``PRAGMA data_version`` for this connection.

    It changes when *another* connection (another process, or another
    ``open_db`` in this one) commits to the file, and never for this
    connection's own writes, so a poller sees only outside changes.
    """
    return int(db.execute("PRAGMA data_version").fetchone()[0])
