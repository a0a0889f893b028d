"""Reads off the event loop: one reader thread with its own connection.

``await app.reads.run(fn)`` runs ``fn(db)`` on the reader thread (its own
``sqlite3`` connection, opened there on first use) and returns the result on
the app's loop, so a slow query (Home's panels on a million tasks, the rows
around a scrolled viewport) never holds up a key or a timer. Reads go one
after another in the order asked; in WAL mode they never wait for a writer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, TypeVar

from db.connection import open_db

if TYPE_CHECKING:
    from sqlite_utils import Database

T = TypeVar("T")


class ReaderClosed(RuntimeError):
    """A read asked for after the app closed its reader (a panel still filling at quit)."""


class ReadLane:
    """The app's reader thread."""

    def __init__(self, db_path: str) -> None:
        self.db_path = db_path
        self._executor: ThreadPoolExecutor | None = None
        self._db: Database | None = None
        self._closed = False

    async def run(self, fn: Callable[[Database], T]) -> T:
        """``fn(db)`` on the reader thread's connection; its result (or error) here.

        Raises:
            ReaderClosed: the app is closing (no thread is started again for it).
        """
        if self._closed:
            raise ReaderClosed("the app is closing")
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tandem-reader")
        return await asyncio.wrap_future(self._executor.submit(self._call, fn))

    def _call(self, fn: Callable[[Database], T]) -> T:
        if self._db is None:
            self._db = open_db(self.db_path)
        return fn(self._db)

    def close(self) -> None:
        self._closed = True
        if self._executor is not None:
            self._executor.submit(self._close_db)
            self._executor.shutdown(wait=True)
            self._executor = None

    def _close_db(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
