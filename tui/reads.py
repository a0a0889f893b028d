"""Reads off the event loop: one reader thread with its own connection.

``await app.reads.run(fn)`` runs ``fn(db)`` on the reader thread (its own
``sqlite3`` connection, opened there on first use) and returns the result on
the app's loop, so a slow query (Home's panels on a million tasks, the rows
around a scrolled viewport) never holds up a key or a timer. Reads go one
after another in the order asked; in WAL mode they never wait for a writer.

Screens and dialogs read through ``self.read(work, then)`` (``tui/refusals.py``,
``read_then`` here): ``work(db)`` on the reader thread inside a Textual worker,
``then(result)`` back on the loop while the screen is still there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, TypeVar

from db.connection import open_db
from db.errors import TandemError

if TYPE_CHECKING:
    from sqlite_utils import Database

    from tui.refusals import Refusals

T = TypeVar("T")

# Every worker made by ``read_then`` is in a group named so: the tests' Pilot waits for
# them after each key (tests/tui/conftest.py), the way a person waits for the screen.
READ_GROUP = "tandem-read"


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


def read_then(
    node: Refusals, work: Callable[[Database], T], then: Callable[[T], object], key: str
) -> None:
    """``work(db)`` on the app's reader thread, then ``then(result)`` on the loop.

    ``node`` is the screen or dialog asking. ``then`` runs only while it is still
    attached (a screen closed meanwhile shows nothing), and a refusal from either
    is shown on it the usual way. A newer read with the same ``key`` on the same
    screen replaces one still on its way (a second reload wins, the first is
    dropped unseen).
    """
    widget: Any = node
    lane = node.tandem.reads

    async def fetch() -> None:
        try:
            result = await lane.run(work)
        except ReaderClosed:
            return  # the app is quitting: nobody will see it
        except TandemError as exc:
            if widget.is_attached:
                node.refused(exc)
            return
        if widget.is_attached:
            with node.refusals():
                then(result)

    # A worker made from the function, not a coroutine object: one replaced before it
    # starts leaves no coroutine that was never awaited.
    widget.run_worker(fetch, group=f"{READ_GROUP}:{key}", exclusive=True, exit_on_error=True)
