"""The one way a screen or dialog shows an expected refusal from ``db/``.

A ``db/`` function refuses with a typed error (``db/errors.py``); the screen
that called it shows the refusal where the person is, worded for the app
(``tui/words.py``), and carries on. Code that calls ``db/`` writes::

    with self.refusals():
        task = complete_task(...)
        self.notify(...)  # runs only when nothing was refused

Anything else that escapes a handler is a bug: it reaches the app's one crash
hook (``TandemApp._handle_exception``, see ``tui/crashlog.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar, cast

from db.errors import TandemError

if TYPE_CHECKING:
    from sqlite_utils import Database
    from textual.app import App

    from tui.app import TandemApp

T = TypeVar("T")


class Refusals:
    """Mixin for our screens and dialogs: the typed app, and refusals shown the one way."""

    app: App[object]

    @property
    def tandem(self) -> TandemApp:
        """The app, typed: its database, acting person and clock."""
        return cast("TandemApp", self.app)

    def refused(self, exc: TandemError) -> None:
        """Show a refusal: a notification with a plain title. Forms also show it inline."""
        self.tandem.show_refusal(exc)

    @contextmanager
    def refusals(self) -> Iterator[None]:
        """Run the block; a ``db/`` refusal raised in it is shown (``refused``) and the
        rest of the block is skipped. Code after the block runs either way."""
        try:
            yield
        except TandemError as exc:
            self.refused(exc)

    def write(
        self,
        work: Callable[[Database], T],
        then: Callable[[T], None] | None = None,
        *,
        after: Callable[[], None] | None = None,
        lost: Callable[[TandemError | None], None] | None = None,
    ) -> None:
        """Make one write without ever freezing the app (``tui/writes.py``).

        ``work(db)`` calls ``db/`` write functions on the ``db`` it is given (not
        ``self.tandem.db``: while the lock is held by someone else it runs on the
        writer thread's connection). ``then(result)`` runs once it committed, and a
        refusal is shown like ``with self.refusals()`` would; ``after()`` runs
        either way, like code after that block (and after a cancelled wait). When the
        lock is free, all of it has run before ``write`` returns. ``lost(error)``: see
        ``WriteLane.write``.
        """
        self.tandem.writes.write(self, work, then, after, lost)

    def read(self, work: Callable[[Database], T], then: Callable[[T], object], key: str) -> None:
        """Read without freezing the app (``tui/reads.py``).

        ``work(db)`` calls ``db/`` read functions on the ``db`` it is given (the
        reader thread's connection, never ``self.tandem.db``); ``then(result)`` shows
        what came back, on the app's loop, if this screen or dialog is still open. A
        refusal from either is shown like ``with self.refusals()`` would. A newer
        read with the same ``key`` replaces one still on its way.
        """
        from tui.reads import read_then

        read_then(self, work, then, key)
