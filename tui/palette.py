"""What the command palette and the help screen offer: every screen by name, the actions.

Screens are opened as instances (``TandemApp.open_screen``): a palette entry
opens its screen's default view; screens that open another on something
(Home on a meeting, Tasks on a filter) build that screen themselves, typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

from db.lazyclass import dataclass

if TYPE_CHECKING:
    from tui.screens.base import TandemScreen


@dataclass(frozen=True)
class ScreenEntry:
    """A screen reachable from the command palette by its name.

    ``load`` imports the screen's module when the screen is first wanted (opened, or its
    keys listed), not when the app starts: Home's first frame pays only for Home. It is a
    typed function, not a "module:Class" string, so a renamed screen fails type-checking.
    """

    name: str
    help: str
    load: Callable[[], type[TandemScreen]]  # opened with no arguments: its default view

    @property
    def screen(self) -> type[TandemScreen]:
        return self.load()


def _home() -> type[TandemScreen]:
    from tui.screens.home import HomeScreen

    return HomeScreen


def _agenda() -> type[TandemScreen]:
    from tui.screens.agenda import AgendaScreen

    return AgendaScreen


def _live() -> type[TandemScreen]:
    from tui.screens.live import LiveScreen

    return LiveScreen


def _tasks() -> type[TandemScreen]:
    from tui.screens.tasks import TasksScreen

    return TasksScreen


def _responsibilities() -> type[TandemScreen]:
    from tui.screens.responsibilities import ResponsibilitiesScreen

    return ResponsibilitiesScreen


def _decisions() -> type[TandemScreen]:
    from tui.screens.decisions import DecisionsScreen

    return DecisionsScreen


def _task_forces() -> type[TandemScreen]:
    from tui.screens.taskforces import TaskForcesScreen

    return TaskForcesScreen


def _people() -> type[TandemScreen]:
    from tui.screens.people import PeopleScreen

    return PeopleScreen


def _ideas() -> type[TandemScreen]:
    from tui.screens.ideas import IdeasScreen

    return IdeasScreen


def _agreements() -> type[TandemScreen]:
    from tui.screens.agreements import AgreementsScreen

    return AgreementsScreen


# Every screen of DESIGN.md "The TUI", by the name the palette shows.
SCREENS: tuple[ScreenEntry, ...] = (
    ScreenEntry("Home", "Upcoming meetings, my tasks, overdue, workload, decisions", _home),
    ScreenEntry("Agenda", "Build a meeting's agenda", _agenda),
    ScreenEntry("Live meeting", "Run the current meeting", _live),
    ScreenEntry("Tasks", "Every task: filter, complete, reassign", _tasks),
    ScreenEntry("Responsibilities", "Areas of responsibility per department", _responsibilities),
    ScreenEntry("Decisions", "Search the decision log", _decisions),
    ScreenEntry("Task forces", "Cross-department task forces", _task_forces),
    ScreenEntry("People", "Departments, heads and who owns what", _people),
    ScreenEntry("Ideas", "Ideas from the field: triage, plan, credit", _ideas),
    ScreenEntry(
        "Agreements", "Proposals both heads approve, the lead definition, the SLAs", _agreements
    ),
)


@dataclass(frozen=True)
class ActionEntry:
    """A palette action: run on the current screen when it has it, else on ``screen``."""

    name: str
    help: str
    screen: str  # the SCREENS name that has the action
    action: str  # the screen's action name (``action_<name>``)
    # Offered on any screen (it opens its own screen first). Otherwise only where the
    # screen it belongs to is open and can do it now (no "End meeting" on Home).
    anywhere: bool = False


ACTIONS: tuple[ActionEntry, ...] = (
    ActionEntry(
        "New meeting", "Create a meeting and build its agenda", "Agenda", "new_meeting", True
    ),
    ActionEntry(
        "Add task", "A task with one owner, outside any meeting", "Tasks", "add_task", True
    ),
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
        "Add from backlog",
        "Add a parked item or an accepted idea to the selected meeting's agenda",
        "Agenda",
        "from_backlog",
    ),
    ActionEntry(
        "New idea", "Anyone: an idea from the field, credited to its author", "Ideas", "add", True
    ),
    ActionEntry("Park item", "Park the current item in the backlog", "Live meeting", "park_item"),
    ActionEntry(
        "Start meeting",
        "Start the meeting and its first item",
        "Live meeting",
        "start_meeting",
        True,
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
        "Record two-key decision",
        "A decision in force once the head of every bound department approves",
        "Live meeting",
        "record_two_key",
    ),
    ActionEntry(
        "Record consent",
        "Record the consent of heads present to an open proposal",
        "Live meeting",
        "record_consent",
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
        True,
    ),
    ActionEntry(
        "Amend minutes", "Add an amendment to a closed meeting's minutes", "Live meeting", "amend"
    ),
    # Every screen has it (TandemScreen), so it runs where it is asked for.
    ActionEntry(
        "Export calendar",
        "Meetings and due dates as an iCalendar (.ics) file",
        "Agenda",
        "export_calendar",
        True,
    ),
    ActionEntry(
        "Meeting invite file",
        "Write the selected meeting's invite (.ics) to attach to an email",
        "Agenda",
        "write_invite",
    ),
)


def offered(action: ActionEntry, screen: Any) -> bool:
    """Whether the palette offers ``action`` on ``screen``: one that works from anywhere,
    or one ``screen`` has and can do now (its ``check_action`` allows it)."""
    if action.anywhere:
        return True
    if not hasattr(screen, f"action_{action.action}"):
        return False
    return bool(screen.check_action(action.action, ()))


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


def key_rows(app: Any, current: str | None = None) -> list[tuple[str, str, str]]:
    """(where, keys, what): the keys of the screen called ``current`` first, then the
    app's, every other screen's, and the palette's actions."""
    rows: list[tuple[str, str, str]] = []

    def screen_rows(entry: ScreenEntry) -> list[tuple[str, str, str]]:
        return [
            (
                entry.name,
                _key(app, binding),
                binding.tooltip or binding.description or binding.action,
            )
            for binding in entry.screen.BINDINGS
            if isinstance(binding, Binding)
        ]

    here = [entry for entry in SCREENS if entry.name == current]
    for entry in here:
        rows += screen_rows(entry)
    for binding in app.BINDINGS:
        if isinstance(binding, Binding):
            rows.append(("Everywhere", _key(app, binding), binding.description or binding.action))
    palette = app.get_key_display(Binding("ctrl+p", "command_palette"))
    rows.append(("Everywhere", palette, "Command palette: every screen and action"))
    for entry in SCREENS:
        if entry.name != current:
            rows += screen_rows(entry)
    for action in ACTIONS:
        rows.append(("Palette", action.name, action.help))
    return rows


def current_screen_name(screen: Any) -> str | None:
    """The palette name of ``screen``'s kind (None for a dialog)."""
    for entry in SCREENS:
        if type(screen) is entry.screen:
            return entry.name
    return None
