"""The Tandem app, built by one factory used by the CLI and the tests.

The app receives its dependencies (database path, acting person, clock)
through ``make_app``; screens read ``self.app.db``, ``self.app.actor`` and
``self.app.now()`` and call ``db/`` functions; nothing here writes SQL.
"""

from __future__ import annotations

import importlib
import inspect
from asyncio import CancelledError
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlite_utils import Database
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from db.connection import open_db
from db.errors import TandemError
from db.models import Person
from db.people import acting_person
from tui.guard import Guarded

# Unexpected errors tolerated (each a notification) before the app gives up.
MAX_UNEXPECTED_ERRORS = 20


@dataclass(frozen=True)
class ScreenEntry:
    """A screen reachable from the command palette by its name."""

    name: str
    help: str
    target: str  # "module:ClassName", imported when first opened


# Every screen of DESIGN.md "The TUI", by the name the palette shows.
SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry(
        "Home",
        "Upcoming meetings, my tasks, overdue, workload, decisions",
        "tui.screens.home:HomeScreen",
    ),
    ScreenEntry("Agenda", "Build a meeting's agenda", "tui.screens.agenda:AgendaScreen"),
    ScreenEntry("Live meeting", "Run the current meeting", "tui.screens.live:LiveScreen"),
    ScreenEntry("Tasks", "Every task: filter, complete, reassign", "tui.screens.tasks:TasksScreen"),
    ScreenEntry(
        "Responsibilities",
        "Areas of responsibility per department",
        "tui.screens.responsibilities:ResponsibilitiesScreen",
    ),
    ScreenEntry("Decisions", "Search the decision log", "tui.screens.decisions:DecisionsScreen"),
    ScreenEntry(
        "Task forces", "Cross-department task forces", "tui.screens.taskforces:TaskForcesScreen"
    ),
    ScreenEntry(
        "People", "Departments, heads and who owns what", "tui.screens.people:PeopleScreen"
    ),
)


@dataclass(frozen=True)
class ActionEntry:
    """A palette action: run on the current screen when it has it, else on ``screen``."""

    name: str
    help: str
    screen: str  # the SCREENS name that has the action
    action: str  # the screen's action name (``action_<name>``)


ACTIONS: tuple[ActionEntry, ...] = (
    ActionEntry("New meeting", "Create a meeting and build its agenda", "Agenda", "new_meeting"),
    ActionEntry(
        "Next meeting in series",
        "The next meeting after the selected one (carries items over)",
        "Agenda",
        "next_in_series",
    ),
    ActionEntry(
        "Add agenda item", "Add an item to the selected meeting's agenda", "Agenda", "add_item"
    ),
    ActionEntry(
        "Start meeting", "Start the meeting and its first item", "Live meeting", "start_meeting"
    ),
    ActionEntry("Next item", "Go to the next agenda item", "Live meeting", "next_item"),
    ActionEntry(
        "Previous item", "Go back to the previous agenda item", "Live meeting", "previous_item"
    ),
    ActionEntry(
        "Record decision",
        "Record a decision on the current item",
        "Live meeting",
        "record_decision",
    ),
    ActionEntry(
        "Add action item",
        "An action item with one owner and a due date",
        "Live meeting",
        "add_action_item",
    ),
    ActionEntry("Attendance", "Mark who is present", "Live meeting", "attendance"),
    ActionEntry("Mark item done", "The current item has its outcome", "Live meeting", "item_done"),
    ActionEntry(
        "End meeting", "Close the meeting and freeze its minutes", "Live meeting", "end_meeting"
    ),
    ActionEntry(
        "Export minutes",
        "Write the minutes as Markdown, HTML, JSON or text",
        "Live meeting",
        "export_minutes",
    ),
)


def load_screen_class(entry: ScreenEntry) -> type[Screen]:
    module, _, cls = entry.target.partition(":")
    return getattr(importlib.import_module(module), cls)  # type: ignore[no-any-return]


def _accepted(cls: type, kwargs: dict[str, object]) -> dict[str, object]:
    """The keyword arguments ``cls`` takes (screens differ in what they can be opened on)."""
    params = inspect.signature(cls.__init__).parameters  # type: ignore[misc]
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        return kwargs
    return {k: v for k, v in kwargs.items() if k in params}


class TandemApp(Guarded, App[None]):
    """Tandem: sales and marketing, one team."""

    TITLE = "Tandem"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("question_mark,f1", "help", "Help"),
    ]

    def __init__(
        self,
        db_path: str,
        actor: str | None = None,
        *,
        clock: Callable[[], datetime] | None = None,
        catch_errors: bool = False,
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.catch_errors = catch_errors
        self.unexpected_errors = 0
        self.stopped_because = ""
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self.db: Database = open_db(db_path)
        self.actor: Person = acting_person(self.db, actor)
        self.sub_title = f"{db_path} · {self.actor.name}"

    def now(self) -> datetime:
        """The app's clock (injectable, so tests are deterministic)."""
        return self._clock()

    def refresh_actor(self) -> None:
        self.actor = acting_person(self.db, self.actor.id)

    def on_mount(self) -> None:
        # Live updates: when another connection (the CLI, another app) commits,
        # the visible screen's reload() runs within about half a second.
        from tui.watch import watch

        self.watcher = watch(self)

    def get_default_screen(self) -> Screen:
        from tui.screens.home import HomeScreen

        return HomeScreen()

    async def _dispatch_action(self, namespace: Any, action_name: str, params: Any) -> bool:
        # Actions run in whichever widget's loop handled the key (a DataTable's,
        # say): catch here so an error in one never stops that widget.
        try:
            return await super()._dispatch_action(namespace, action_name, params)
        except CancelledError:
            raise
        except Exception as error:
            if not self.catch_errors:
                raise
            self.report_unexpected(error)
            return True

    def _handle_exception(self, error: Exception) -> None:
        """An error that escaped every guard: reported like the rest, the app goes on."""
        if not self.catch_errors:
            super()._handle_exception(error)
            return
        self.report_unexpected(error)

    def report_unexpected(self, error: Exception) -> None:
        """A notification and a log file, never a traceback on screen.

        A refusal from ``db/`` is shown as such. A burst of errors (a screen
        that fails on every refresh) ends the app with one line rather than a
        flood of toasts.
        """
        if isinstance(error, TandemError):
            self.show_error(error)
            return
        from tui.crashlog import write_crash_log
        from tui.text import mixed

        try:
            where = str(write_crash_log(error))
        except OSError as exc:
            where = f"nowhere (the log could not be written: {exc.strerror})"
        self.unexpected_errors += 1
        if self.unexpected_errors > MAX_UNEXPECTED_ERRORS:
            self.stopped_because = (
                f"Tandem stopped after repeated unexpected errors; details in {where}"
            )
            self.exit(return_code=1, message=self.stopped_because)
            return
        self.notify(
            mixed(  # type: ignore[arg-type]
                "Something went wrong ($kind). Your data is safe: every edit is saved as "
                "it is made. Details: $where",
                kind=type(error).__name__,
                where=where,
            ),
            title="Unexpected error",
            severity="error",
            timeout=15,
        )

    def show_error(self, exc: TandemError) -> None:
        """A refusal from ``db/`` as a notification that says why (never a traceback)."""
        from tui.text import safe

        self.notify(safe(str(exc)), title=type(exc).__name__, severity="error", timeout=8)  # type: ignore[arg-type]

    def open_screen(self, name: str, **kwargs: object) -> None:
        """Open a screen by its palette name, on what ``kwargs`` name if it takes them.

        Home stays at the bottom of the stack; any other screen replaces the
        one on top, so escape always leads back to Home.
        """
        entry = next(e for e in SCREENS if e.name == name)
        try:
            cls = load_screen_class(entry)
        except (ImportError, AttributeError):
            from tui.text import mixed

            self.notify(mixed("The $name screen is not available.", name=name), severity="warning")  # type: ignore[arg-type]
            return
        if name == "Home":
            while len(self.screen_stack) > 1:
                self.pop_screen()
            return
        screen: Screen[object] = cls(**_accepted(cls, kwargs))  # type: ignore[arg-type]
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
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for entry in SCREENS:
            yield SystemCommand(entry.name, entry.help, lambda e=entry: self.open_screen(e.name))
        for action in ACTIONS:
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
    catch_errors: bool = False,
) -> TandemApp:
    """The one factory for the app, used by ``tandem`` and by the tests.

    ``catch_errors``: turn unexpected errors into a notification and a log file
    (the real app; tests leave it off so a bug fails the test).
    """
    return TandemApp(db_path, actor, clock=clock, catch_errors=catch_errors)
