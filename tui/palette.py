"""What the command palette and the help screen offer: every screen by name, the actions.

Screens are opened as instances (``TandemApp.open_screen``): a palette entry
opens its screen's default view; screens that open another on something
(Home on a meeting, Tasks on a filter) build that screen themselves, typed.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

if TYPE_CHECKING:
    from tui.screens.base import TandemScreen


@dataclass(frozen=True)
class ScreenEntry:
    """A screen reachable from the command palette by its name.

    The screen's module is imported when the screen is first wanted (opened, or
    its keys listed), not when the app starts: Home's first frame pays only for Home.
    """

    name: str
    help: str
    where: str  # "module:Class" of the screen, opened with no arguments: its default view

    @property
    def screen(self) -> type[TandemScreen]:
        module, _, cls = self.where.partition(":")
        found: type[TandemScreen] = getattr(importlib.import_module(module), cls)
        return found


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


def screen_entry(name: str) -> ScreenEntry:
    """The palette's screen called ``name`` (KeyError when there is none)."""
    for entry in SCREENS:
        if entry.name == name:
            return entry
    raise KeyError(name)


def _key(app: Any, binding: Binding) -> str:
    return ", ".join(
        app.get_key_display(Binding(k.strip(), binding.action)) for k in binding.key.split(",")
    )


def key_rows(app: Any) -> list[tuple[str, str, str]]:
    """(where, keys, what) for the app, every screen, and the palette's actions."""
    rows: list[tuple[str, str, str]] = []
    for binding in app.BINDINGS:
        if isinstance(binding, Binding):
            rows.append(("Everywhere", _key(app, binding), binding.description or binding.action))
    palette = app.get_key_display(Binding("ctrl+p", "command_palette"))
    rows.append(("Everywhere", palette, "Command palette: every screen and action"))
    for entry in SCREENS:
        for binding in entry.screen.BINDINGS:
            if isinstance(binding, Binding):
                what = binding.tooltip or binding.description or binding.action
                rows.append((entry.name, _key(app, binding), what))
    for action in ACTIONS:
        rows.append(("Palette", action.name, action.help))
    return rows
