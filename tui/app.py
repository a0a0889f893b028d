"""The Tandem app, built by one factory used by the CLI and the tests.

The app receives its dependencies (database path, acting person, clock)
through ``make_app``; screens read ``self.app.db``, ``self.app.actor`` and
``self.app.now()`` and call ``db/`` functions; nothing here writes SQL.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlite_utils import Database
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from db.connection import open_db
from db.errors import TandemError
from db.models import Person
from db.people import acting_person


@dataclass(frozen=True)
class ScreenEntry:
    """A screen reachable from the command palette by its name."""

    name: str
    help: str
    target: str  # "module:ClassName", imported when first opened


# Every screen of DESIGN.md "The TUI", by the name the palette shows.
SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("Home", "Upcoming meetings, my tasks, overdue, workload, decisions", "tui.screens.home:HomeScreen"),
    ScreenEntry("Agenda", "Build a meeting's agenda", "tui.screens.agenda:AgendaScreen"),
    ScreenEntry("Live meeting", "Run the current meeting", "tui.screens.live:LiveScreen"),
    ScreenEntry("Tasks", "Every task: filter, complete, reassign", "tui.screens.tasks:TasksScreen"),
    ScreenEntry("Responsibilities", "Areas of responsibility per department", "tui.screens.responsibilities:ResponsibilitiesScreen"),
    ScreenEntry("Decisions", "Search the decision log", "tui.screens.decisions:DecisionsScreen"),
    ScreenEntry("Task forces", "Cross-department task forces", "tui.screens.taskforces:TaskForcesScreen"),
    ScreenEntry("People", "Departments, heads and who owns what", "tui.screens.people:PeopleScreen"),
)


def load_screen_class(entry: ScreenEntry) -> type[Screen]:
    module, _, cls = entry.target.partition(":")
    return getattr(importlib.import_module(module), cls)  # type: ignore[no-any-return]


class TandemApp(App[None]):
    """Tandem: sales and marketing, one team."""

    TITLE = "Tandem"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("question_mark,f1", "help", "Help"),
    ]

    def __init__(self, db_path: str, actor: str | None = None, *, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.db_path = db_path
        self._acting = actor
        self._clock = clock or (lambda: datetime.now(timezone.utc))
        self.db: Database = open_db(db_path)
        self.actor: Person = acting_person(self.db, actor)
        self.sub_title = f"{db_path} · {self.actor.name}"

    def now(self) -> datetime:
        """The app's clock (injectable, so tests are deterministic)."""
        return self._clock()

    def refresh_actor(self) -> None:
        self.actor = acting_person(self.db, self.actor.id)

    def show_error(self, exc: TandemError) -> None:
        """A refusal from ``db/`` as a notification that says why (never a traceback)."""
        from tui.text import safe

        self.notify(safe(str(exc)), title=type(exc).__name__, severity="error", timeout=8)

    def open_screen(self, name: str, **kwargs: object) -> None:
        entry = next(e for e in SCREENS if e.name == name)
        self.push_screen(load_screen_class(entry)(**kwargs))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        for entry in SCREENS:
            yield SystemCommand(entry.name, entry.help, lambda e=entry: self.open_screen(e.name))


def make_app(db_path: str, actor: str | None = None, *, clock: Callable[[], datetime] | None = None) -> TandemApp:
    """The one factory for the app, used by ``tandem`` and by the tests."""
    return TandemApp(db_path, actor, clock=clock)
