"""The database handle Tandem's functions receive: a sqlite-utils ``Database`` with a session.

Kept apart from ``db.identity`` so that importing who acts (and the app's first
frame) does not import sqlite-utils; ``db.connection.open_db`` makes one.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from db.identity import Session
from db.sqlscript import statements


class TandemDatabase(Database):
    """A sqlite-utils ``Database`` that knows the login it runs under."""

    session: Session

    def executescript(self, sql: str) -> sqlite3.Cursor:
        """As sqlite-utils does it, with the statements of a script run inside a
        transaction found in linear time (``db.sqlscript``)."""
        if not self.conn.in_transaction:
            return super().executescript(sql)
        cursor = self.conn.cursor()
        for statement in statements(sql):
            cursor.execute(statement)
        return cursor
