"""Writes that never freeze the app: a busy database is waited for off the event loop.

Every write the app makes goes through ``WriteLane.write`` (screens and
dialogs call ``self.write(...)``, see ``tui/refusals.py``)::

    self.write(
        lambda db: complete_task(db, app.writer, task.id, now=app.now()),
        then=lambda done: self.notify(...),   # the write committed: its result
        after=self.reload,                    # runs either way, like code after ``with``
    )

How it runs:

- When the write lock is free (nearly always), the write runs at once on the
  app's connection with no busy wait (``busy_timeout = 0``): a few
  milliseconds, committed before ``write`` returns, exactly as before.
- When another connection holds the write lock, ``BEGIN IMMEDIATE`` is
  refused at once having changed nothing, and the write moves to the writer
  thread (one thread, its own connection, writes in the order they were
  made). The event loop keeps answering keys and running timers; after a
  moment a banner says "Waiting for the database" and names the lock (and its
  holder when the OS says who, ``db/locks.py``); F4 cancels it. The
  write commits as soon as the lock is released, then ``then`` and ``after``
  run on the app's loop and a refusal is shown the usual way
  (``Refusals.refused``).
- While any write waits, later writes queue behind it (never overtaking).
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from textual.content import Content
from textual.widgets import Static

from db.connection import BUSY_TIMEOUT_MS, open_db
from db.errors import DatabaseUnusable, TandemError
from db.lazyclass import dataclass
from db.locks import wait_for_lock, write_lock_holder

if TYPE_CHECKING:
    from sqlite_utils import Database

    from tui.app import TandemApp
    from tui.refusals import Refusals

T = TypeVar("T")

# The writer thread's own busy wait per attempt: cancelling takes at most this long.
ATTEMPT_WAIT_MS = 200
# A write waiting longer than this shows the banner (shorter waits would only flicker).
BANNER_AFTER = 0.25
POLL = 0.1


def is_lock_wait(exc: BaseException) -> bool:
    """The refusal of ``BEGIN IMMEDIATE`` while another connection holds the write lock."""
    return isinstance(exc, DatabaseUnusable) and exc.reason == "locked"


class Cancelled(Exception):
    """A waiting write the person cancelled (nothing was written)."""


@dataclass
class Job(Generic[T]):
    work: Callable[[Database], T]
    then: Callable[[T], None] | None
    after: Callable[[], None] | None
    owner: Refusals
    lost: Callable[[TandemError | None], None] | None = None
    cancel: threading.Event = field(default_factory=threading.Event)
    waiting: bool = False  # the thread found the lock held at least once


class WaitingBanner(Static):
    """Shown at the top of the screen while a write waits for the database's write lock."""

    DEFAULT_CSS = """
    WaitingBanner {
        dock: top; height: auto; padding: 0 1;
        background: $warning; color: $text; text-style: bold;
    }
    """


class WriteLane:
    """The app's writes: at once when the lock is free, else on the writer thread."""

    def __init__(self, app: TandemApp) -> None:
        self.app = app
        self._executor: ThreadPoolExecutor | None = None
        self._thread_db: Database | None = None
        self._queued: list[Job[Any]] = []
        self._banner: WaitingBanner | None = None

    # -- the public door --------------------------------------------------------

    @property
    def waiting(self) -> int:
        """Writes queued behind a held write lock (0: the app writes at once)."""
        return len(self._queued)

    def write(
        self,
        owner: Refusals,
        work: Callable[[Database], T],
        then: Callable[[T], None] | None = None,
        after: Callable[[], None] | None = None,
        lost: Callable[[TandemError | None], None] | None = None,
    ) -> None:
        """Run ``work(db)`` as one write (it calls ``db/`` write functions on ``db``).

        ``lost(error)``: when given, called instead of showing the refusal when the
        write did not happen (refused, or cancelled: None), even if the screen that
        made it has gone; it must only use the app.
        """
        job: Job[T] = Job(work, then, after, owner, lost)
        if not self._queued:
            try:
                result = self._attempt_here(job)
            except TandemError as exc:
                if not (is_lock_wait(exc) and self._nothing_done):
                    self._finish(job, error=exc)
                    return
            else:
                self._finish(job, result=result)
                return
        self._queued.append(job)
        self.app.run_worker(self._wait(job), group="tandem-writes", exit_on_error=True)

    def cancel_waiting(self) -> int:
        """Cancel every write still waiting for the lock; how many were waiting."""
        for job in self._queued:
            job.cancel.set()
        return len(self._queued)

    def close(self) -> None:
        if self._executor is not None:
            for job in self._queued:
                job.cancel.set()
            self._executor.submit(self._close_thread_db)
            self._executor.shutdown(wait=True)
            self._executor = None

    # -- at once, on the app's connection ---------------------------------------

    def _attempt_here(self, job: Job[T]) -> T:
        db = self.app.db
        conn = db.conn
        if conn.in_transaction:  # inside another write: it holds the lock already
            self._nothing_done = False
            return job.work(db)
        before = conn.total_changes
        wait_for_lock(db, 0)
        try:
            return job.work(db)
        finally:
            self._nothing_done = conn.total_changes == before and not conn.in_transaction
            wait_for_lock(db, BUSY_TIMEOUT_MS)

    _nothing_done = True

    # -- waiting, on the writer thread ------------------------------------------

    async def _wait(self, job: Job[T]) -> None:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tandem-writer")
        future = asyncio.wrap_future(self._executor.submit(self._attempt_there, job))
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            while True:
                done, _ = await asyncio.wait({future}, timeout=POLL)
                if done:
                    break
                if job.waiting and loop.time() - started >= BANNER_AFTER:
                    self._show_banner()
            try:
                result = future.result()
            except Cancelled:
                self.app.notify(
                    Content("The write was cancelled: nothing was changed."),  # type: ignore[arg-type]
                    title="Cancelled",
                    severity="warning",
                )
                if job.lost is not None:
                    job.lost(None)
                if job.after is not None and _alive(job.owner):
                    job.after()
            except TandemError as exc:
                self._finish(job, error=exc)
            else:
                self._finish(job, result=result)
        finally:
            self._queued.remove(job)
            if not self._queued:
                self._hide_banner()

    def _attempt_there(self, job: Job[T]) -> T:
        """On the writer thread: retry until the lock is free, the write refused or cancelled."""
        if self._thread_db is None:
            self._thread_db = open_db(self.app.db_path)
            wait_for_lock(self._thread_db, ATTEMPT_WAIT_MS)
        db = self._thread_db
        conn = db.conn
        while True:
            if job.cancel.is_set():
                raise Cancelled
            before = conn.total_changes
            try:
                return job.work(db)
            except TandemError as exc:
                if not is_lock_wait(exc) or conn.total_changes != before or conn.in_transaction:
                    raise
                job.waiting = True

    def _close_thread_db(self) -> None:
        if self._thread_db is not None:
            self._thread_db.close()
            self._thread_db = None

    # -- back on the app's loop ---------------------------------------------------

    def _finish(
        self, job: Job[T], *, result: T | None = None, error: TandemError | None = None
    ) -> None:
        owner = job.owner
        if error is not None and job.lost is not None:
            job.lost(error)
            if job.after is not None and _alive(owner):
                job.after()
            return
        if not _alive(owner):  # its screen was closed meanwhile: the app says what happened
            if error is not None:
                self.app.show_refusal(error)
            return
        with owner.refusals():
            if error is not None:
                raise error
            if job.then is not None:
                job.then(result)  # type: ignore[arg-type]
        if job.after is not None and _alive(owner):
            job.after()

    def _show_banner(self) -> None:
        holder = write_lock_holder(self.app.db_path)
        who = f", held by {holder.describe()}" if holder else ""
        waiting = len(self._queued)
        text = Content.assemble(
            "Waiting for the database: its write lock is taken",
            who,
            f" ({waiting} changes waiting)" if waiting > 1 else "",
            ". Your change is saved as soon as it is free; F4 cancels it.",
        )
        screen = self.app.screen
        if self._banner is not None and self._banner.screen is not screen:
            self._hide_banner()
        if self._banner is None:
            self._banner = WaitingBanner(text, id="waiting-for-database")
            screen.mount(self._banner)
        else:
            self._banner.update(text)

    def _hide_banner(self) -> None:
        if self._banner is not None:
            banner, self._banner = self._banner, None
            if banner.is_attached:
                banner.remove()


def _alive(owner: object) -> bool:
    """The screen or dialog that asked for the write is still there to update."""
    return bool(getattr(owner, "is_attached", True))
