"""The Tandem app, built by one factory used by the CLI and the tests.

The app receives its dependencies (database path, clock, and optionally whom
the admin acts as) through ``make_app``; it resolves the acting person from
the OS login itself. Screens read the database on the reader thread
(``self.read``, ``tui/reads.py``) and write through the write lane
(``self.write``, ``tui/writes.py``), use ``self.app.actor`` (None when the
login is bound to nobody: read only) and ``self.app.now()``, pass
``self.app.writer`` to every ``db/`` function that writes, and never write SQL.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from textual.app import App, SystemCommand
from textual.binding import Binding

from db.connection import check_usable
from db.errors import TandemError
from db.identity import Unbound, current_login, session_of
from tui.palette import (
    ACTIONS,
    SCREENS,
    ActionEntry,
    current_screen_name,
    key_rows,
    offered,
    screen_entry,
)

if TYPE_CHECKING:
    # Imported when the database is opened, after Home's first frame.
    from sqlite_utils import Database
    from textual.screen import Screen

    from db.models import Person


# Reads who acts, on the reader thread: the login's person and whom the admin acts for.
Who = Callable[["Database"], "tuple[Person | None, Person | None]"]


def read_who(db: Database, acting_id: int | None) -> tuple[Person | None, Person | None]:
    """Who acts, read afresh (on the reader thread): the login's person, and the person
    the admin acts for (``acting_id``), for ``TandemApp.set_who``."""
    from db.people import get_person, login_person

    me = login_person(db)
    if me is None or acting_id is None or acting_id == me.id:
        return me, None
    return me, get_person(db, acting_id)


class TandemApp(App[None]):
    """Tandem: sales and marketing, one team."""

    TITLE = "Tandem"
    # Home is the default screen, whose own CSS_PATH Textual doesn't load: the app does.
    CSS_PATH = ["app.tcss", "screens/home.tcss"]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("question_mark,f1", "help", "Help"),
        Binding(
            "f4", "cancel_waiting_write", "Cancel a write waiting for the database", show=False
        ),
    ]

    def __init__(
        self,
        db_path: str,
        actor: str | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        db: Database | None = None,
        checked: bool = False,
    ) -> None:
        """The app on ``db_path``, as the person bound to this OS login.

        ``db``: that database, already opened (and checked) by the caller, which closes it.
        Without it the file is checked now (unless ``checked``: the caller just did, with
        ``check_usable``) and opened once Home's first frame is out (or at the first use
        of ``db`` or ``actor``, whichever comes first).

        ``actor``: act as that person instead (delegation: the admin only; checked now).
        A login bound to nobody opens the app read only (``actor`` is None).

        Raises:
            DatabaseUnusable: the file is missing, not an initialised Tandem database,
                or written by a newer Tandem (as ``open_db``).
            Unbound: ``actor`` is given and the login is bound to nobody.
            DelegationRefused: ``actor`` is someone else and the login's person is not the admin.
        """
        super().__init__()
        self.db_path = db_path
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self._db: Database | None = None
        self._actor: Person | None = None
        self._delegated_by: Person | None = None
        self._acting_id: int | None = None
        # Why the database could not be opened after the first frame (the app then ends).
        self.open_error: TandemError | None = None
        if db is not None:
            self.login: str = session_of(db).login
            self._bind(db, actor)
        elif actor is not None:
            self.login = current_login()
            self._open(actor)
        else:
            self.login = current_login()
            # What opening would refuse is refused now, before any frame; the opening
            # itself (sqlite-utils, the schema check, the actor) waits for the first frame.
            if not checked:
                check_usable(db_path)
        from tui.reads import ReadLane
        from tui.writes import WriteLane

        self.writes = WriteLane(self)
        self.reads = ReadLane(db_path)

    @property
    def db(self) -> Database:
        """The app's connection, opened on first use."""
        if self._db is None:
            self._open(None)
        assert self._db is not None
        return self._db

    @property
    def actor(self) -> Person | None:
        """Who acts: the login's person, or whom the admin acts for (None: read only)."""
        if self._db is None:
            self._open(None)
        return self._actor

    @property
    def delegated_by(self) -> Person | None:
        """The admin acting for ``actor``, when delegated."""
        if self._db is None:
            self._open(None)
        return self._delegated_by

    def _open(self, acting: str | None) -> None:
        from db.connection import open_db

        if self.open_error is not None:
            raise self.open_error
        try:
            db = open_db(self.db_path)
        except TandemError as exc:
            self.open_error = exc
            raise
        try:
            self._bind(db, acting)
        except BaseException:
            db.close()
            raise

    def _bind(self, db: Database, acting: str | None) -> None:
        """Use ``db`` and resolve who acts on it (``acting``: the admin's delegation)."""
        from db.people import acting_person, login_person

        me = login_person(db)
        if me is None:
            if acting is not None and acting.strip():
                raise Unbound(self.login)
        else:
            self._actor = acting_person(db, acting)
            self._delegated_by = me if self._actor.id != me.id else None
        self._db = db
        self._acting_id = self._actor.id if self._delegated_by and self._actor else None
        self._show_who()
        watcher = getattr(self, "watcher", None)
        if watcher is not None:  # opened after the app mounted: watch from now on
            watcher.start()

    def _show_who(self) -> None:
        from tui.words import header

        self.sub_title = header(self.db_path, self.actor, self.delegated_by, self.login)

    @property
    def writer(self) -> Person:
        """The acting person, for a write: refused (``Unbound``) when the login is bound to
        nobody, like ``db/`` refuses it, so the refusal is shown the usual way."""
        if self.actor is None:
            raise Unbound(self.login)
        return self.actor

    @property
    def read_only(self) -> bool:
        """The login is bound to nobody: the app shows everything and changes nothing."""
        return self.actor is None

    def now(self) -> datetime:
        """The app's clock (injectable, so tests are deterministic)."""
        return self._clock()

    def refresh_actor(self, then: Callable[[], None] | None = None) -> None:
        """Re-read who is acting (on the reader thread): a role may have changed, or the
        login's binding. ``then()`` runs once the app acts as the person read.

        A login that lost its person turns the app read only; one that gained
        one acts as that person. The person delegated to stays (never a silent
        switch of whose name goes on the record): if the login's person is no
        longer the admin, ``db/`` refuses those writes.
        """
        from tui.reads import READ_GROUP

        who = self.who_read()

        async def refresh() -> None:
            from tui.reads import ReaderClosed

            try:
                me, acting = await self.reads.run(who)
            except ReaderClosed:
                return  # the app is quitting
            except TandemError as exc:
                self.show_refusal(exc)
                return
            self.set_who(me, acting)
            if then is not None:
                then()

        # (Textual's stubs take a function worker for one returning Never.)
        self.run_worker(refresh, group=f"{READ_GROUP}:who", exclusive=True, exit_on_error=True)  # type: ignore[arg-type]

    def who_read(self) -> Who:
        """The read of who acts now, for the reader thread (its result: ``set_who``)."""
        if self._db is None:
            self._open(None)  # the first read opens the database (after the first frame)
        acting_id = self._acting_id
        return lambda db: read_who(db, acting_id)

    def set_who(self, me: Person | None, acting: Person | None) -> None:
        """Act as read by ``read_who``: ``me`` the login's person, ``acting`` whom the
        admin acts for (None: the login's own person)."""
        before = self._who_key()
        if me is None:
            self._actor = self._delegated_by = None
        elif acting is not None and acting.id != me.id:
            self._actor, self._delegated_by = acting, me
        else:
            self._actor, self._delegated_by = me, None
        if self._who_key() != before:
            self._show_who()

    def _who_key(self) -> tuple[int | None, str | None, int | None, str | None]:
        actor, by = self.actor, self.delegated_by
        return (
            actor.id if actor else None,
            actor.name if actor else None,
            by.id if by else None,
            by.name if by else None,
        )

    def on_mount(self) -> None:
        # Live updates: when another connection (the CLI, another app) commits,
        # the visible screen's reload() runs within about half a second.
        from tui.watch import DatabaseWatcher

        self.watcher = DatabaseWatcher(self)
        if self._db is not None:
            self.watcher.start()
        else:
            # Opened once the first frame is out (the watcher starts when it is).
            self.call_after_refresh(self._opened)

    def _opened(self) -> bool:
        """Open the database unless it is open; False when it can't be, and the app ends.

        The file was checked before the app started: it went away or changed since (or
        this login can't bring it up to date). Whoever started the app reports
        ``open_error``.
        """
        if self._db is not None:
            return True
        try:
            self._open(None)
        except TandemError:
            self.exit(return_code=1)
            return False
        return True

    def on_unmount(self) -> None:
        self.writes.close()
        self.reads.close()

    def action_cancel_waiting_write(self) -> None:
        """F4: give up the writes waiting for the database's write lock."""
        from textual.content import Content

        if not self.writes.cancel_waiting():
            self.notify(Content("No change is waiting for the database."))  # type: ignore[arg-type]

    def get_default_screen(self) -> Screen:
        from tui.screens.home import HomeScreen

        return HomeScreen()

    def _handle_exception(self, error: Exception) -> None:
        """The app's one crash hook: an error no handler expected (a bug).

        Textual calls this with any error that escaped a handler, action, timer
        or worker, and then ends the app. Refusals from ``db/`` never get here
        (screens show them, ``tui/refusals.py``). The error is logged to a
        private file and the app ends with one readable line instead of a
        traceback (``tui/crashlog.py``); tests see the same ``Crashed`` raised.
        """
        from tui.crashlog import Crashed, crashed

        super()._handle_exception(error if isinstance(error, Crashed) else crashed(error))

    def show_refusal(self, exc: TandemError) -> None:
        """A refusal from ``db/`` as a notification that says why, under a plain title."""
        from tui.text import safe
        from tui.words import for_screen, refusal_title

        self.notify(safe(for_screen(exc)), title=refusal_title(exc), severity="error", timeout=8)  # type: ignore[arg-type]

    def open_screen(self, screen: Screen[Any] | str) -> None:
        """Open ``screen``: an instance, or a palette name for that screen's default view.

        Home stays at the bottom of the stack (its name pops back to it); any
        other screen replaces the one on top, so escape always leads back to Home.
        """
        # Opened (when a key is faster than Home's first reading) before another screen
        # is built: its header shows who acts from the start.
        if not self._opened():
            return
        if isinstance(screen, str):
            entry = screen_entry(screen)
            if entry.name == "Home":
                while len(self.screen_stack) > 1:
                    self.pop_screen()
                return
            screen = entry.screen()
        if len(self.screen_stack) > 1 and not self.screen.is_modal:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def run_screen_action(self, entry: ActionEntry) -> None:
        """Run a palette action on this screen if it has it, else open its screen first."""
        if hasattr(self.screen, f"action_{entry.action}"):
            self.call_later(self.run_action, f"screen.{entry.action}")
            return
        self.open_screen(entry.screen)
        self.call_after_refresh(self._run_on_new_screen, entry)

    async def _run_on_new_screen(self, entry: ActionEntry) -> None:
        if hasattr(self.screen, f"action_{entry.action}"):
            await self.run_action(f"screen.{entry.action}")

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            # The keys of the screen you are on come first.
            here = current_screen_name(self.screen)
            self.push_screen(HelpScreen(key_rows(self, here), here))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for entry in SCREENS:
            yield SystemCommand(entry.name, entry.help, lambda e=entry: self.open_screen(e.name))
        for action in ACTIONS:
            if offered(action, screen):
                yield SystemCommand(
                    action.name, action.help, lambda a=action: self.run_screen_action(a)
                )
        yield SystemCommand("Help", "Every key of every screen", self.action_help)
        yield SystemCommand("Reload", "Re-read this screen from the database", self.reload_screen)

    def reload_screen(self) -> None:
        """Every screen has ``reload()``: re-read its data, keeping the cursor."""
        reload = getattr(self.screen, "reload", None)
        if callable(reload):
            reload()


def make_app(
    db_path: str,
    actor: str | None = None,
    *,
    clock: Callable[[], datetime] | None = None,
    db: Database | None = None,
    checked: bool = False,
) -> TandemApp:
    """The one factory for the app, used by ``tandem`` and by the tests.

    The acting person is the one bound to the OS login; ``actor`` names whom
    the admin acts as instead (``--as``). A login bound to nobody gets a read-only app.
    ``db``: the database at ``db_path`` already opened by the caller (the CLI opens
    it at once for ``--as``); otherwise the app opens it after its first frame.
    ``checked``: the caller has just checked the file (``check_usable``): not twice.
    """
    app = TandemApp(db_path, actor, clock=clock, db=db, checked=checked)
    # What was imported and built so far lives as long as the process: out of the
    # collector's sight, each later collection (while Home is styled and painted) is cheaper.
    gc.freeze()
    return app
