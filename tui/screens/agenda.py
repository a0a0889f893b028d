"""Agenda builder: pick or create a meeting, then add, edit, delete, reorder its items."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from db.dates import as_typed, local_today
from db.models import AgendaItem, Meeting, Person
from tui.dates import moment
from tui.screens.base import TandemScreen
from tui.screens.live import LiveScreen
from tui.text import mixed, one_line, safe_text
from tui.widgets.footer import TandemFooter
from tui.widgets.tables import FittedTable, Refill, fit, rows_width

if TYPE_CHECKING:
    from sqlite_utils import Database
    from textual.app import ComposeResult

ITEM_STATUS = {"pending": "", "running": "▶ running", "ended": "ended", "done": "✓ done"}
# Up and down share one footer entry, so every key of the screen fits in 120 columns.
MOVE = Binding.Group("Move")


def _read_agenda(db: Database, meeting_id: int | None) -> tuple[list[Meeting], Meeting | None]:
    """The meetings to pick from (running, planned, the latest closed) and the chosen one
    (``meeting_id``, else the first) with its agenda; on the reader thread."""
    from db.errors import NotFound
    from db.meetings import get_meeting, list_meetings

    active = list_meetings(db, status="running") + list_meetings(db, status="planned", limit=200)
    meetings = active + list_meetings(db, status="closed", newest_first=True, limit=30)
    if meeting_id is None and meetings:
        meeting_id = meetings[0].id
    try:
        meeting = get_meeting(db, meeting_id) if meeting_id is not None else None
    except NotFound:  # gone meanwhile: the first listed instead
        meeting = get_meeting(db, meetings[0].id) if meetings else None
    return meetings, meeting


def _choices(db: Database) -> tuple[list[Person], list[tuple[int, str]], list[tuple[int, str]]]:
    """What the meeting and item forms offer: people, departments, task forces."""
    from db.people import list_departments, list_people
    from db.taskforces import list_task_forces

    return (
        list_people(db),
        [(d.id, d.name) for d in list_departments(db)],
        [(t.id, t.name) for t in list_task_forces(db)],
    )


def meeting_screen(meeting: Meeting) -> TandemScreen:
    """Where a meeting opens: Live while it runs, else its agenda."""
    if meeting.status == "running":
        return LiveScreen(meeting.id)
    return AgendaScreen(meeting.id)


class AgendaScreen(TandemScreen):
    """Build a meeting's agenda: items, timeboxes, presenters, departments, order."""

    CSS_PATH = "agenda.tcss"
    # The keys the footer keeps at any width (tui/widgets/footer.py).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    PRIMARY_KEYS = ("n", "a", "e", "s", "x")
    BINDINGS = [
        Binding("n", "new_meeting", "New meeting"),
        Binding(
            "N", "next_in_series", "Series", tooltip="Next meeting in the series (carries over)"
        ),
        Binding("a", "add_item", "Add item"),
        Binding("b", "from_backlog", "Backlog", tooltip="Add an item from the backlog", show=False),
        Binding("e", "edit_item", "Edit"),
        Binding("delete,d", "delete_item", "Delete"),
        Binding("shift+up,K", "move_item(-1)", "Move up", key_display="⇧↑", group=MOVE),
        Binding("shift+down,J", "move_item(1)", "Move down", key_display="⇧↓", group=MOVE),
        Binding("s", "start_meeting", "Start", tooltip="Start the meeting (Live)"),
        Binding("x", "export_minutes", "Export", tooltip="Export the minutes"),
        Binding(
            "i", "write_invite", "Invite", show=False, tooltip="Write the meeting's invite (.ics)"
        ),
        Binding("f5", "reload", "Reload", show=False),
        Binding("escape", "back", "Back", show=False, tooltip="Back to Home"),
    ]

    def __init__(self, meeting_id: int | None = None, new: bool = False) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.meeting: Meeting | None = None
        self.items: list[AgendaItem] = []
        self._open_new_form = new

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="agenda-columns"):
            with Vertical(id="agenda-meetings"):
                yield Label(Content("Meetings"), classes="panel-title")
                yield OptionList(id="meetings")
            with Vertical(id="agenda-main"):
                yield Static(Content(""), id="meeting-info")
                yield FittedTable(id="items", cursor_type="row", zebra_stripes=True)
                yield Static(Content(""), id="totals")
        yield TandemFooter()

    @on(FittedTable.WidthChanged)
    def _refit(self) -> None:
        # Titles take the width the agenda has now (a terminal resized, a column re-laid).
        self._fill_agenda()

    def on_mount(self) -> None:
        self.query_one("#items", DataTable).add_columns(
            "#", "Item", "Presenter", "Dept", "Min", "Status"
        )
        self.reload()
        self.query_one("#items", DataTable).focus()
        if self._open_new_form:
            self.call_after_refresh(self.action_new_meeting)

    # -- data -------------------------------------------------------------

    def reload(self, select_item: int | None = None) -> None:
        """Re-read the meetings and the selected meeting's agenda, keeping both cursors.

        Read on the reader thread (``Refusals.read``); the lists fill when it comes
        back, with the cursor on ``select_item`` when given (an item just saved).
        """
        wanted = self.meeting_id
        self.read(
            lambda db: _read_agenda(db, wanted),
            lambda found: self._show(*found, select_item=select_item),
            key="agenda",
        )

    def _show(
        self, meetings: list[Meeting], meeting: Meeting | None, *, select_item: int | None
    ) -> None:
        # (Another meeting highlighted meanwhile started a newer read, which replaced this.)
        self.meeting = meeting
        self.meeting_id = meeting.id if meeting else None
        self.items = list(meeting.agenda) if meeting else []
        self._fill_meetings(meetings)
        self._fill_agenda()
        if select_item is not None:
            self._select_item(select_item)

    def _today(self) -> date:
        return local_today(self.app.now())  # type: ignore[attr-defined]

    def _fill_meetings(self, meetings: list[Meeting]) -> None:
        options = self.query_one("#meetings", OptionList)
        if self.meeting and all(m.id != self.meeting.id for m in meetings):
            meetings = [self.meeting, *meetings]
        with options.prevent(OptionList.OptionHighlighted):
            options.set_options(
                Option(
                    mixed(
                        "[dim]$when[/] $title [dim]$status[/]",
                        when=moment(m.at, as_stored=True, today=self._today()),
                        title=one_line(m.title, 60),
                        status="" if m.status == "planned" else m.status,
                    ),
                    id=str(m.id),
                )
                for m in meetings
            )
            if self.meeting is not None:
                options.highlighted = options.get_option_index(str(self.meeting.id))

    def _fill_agenda(self) -> None:
        info = self.query_one("#meeting-info", Static)
        totals = self.query_one("#totals", Static)
        meeting = self.meeting
        with Refill(self.query_one("#items", DataTable)) as table:
            # Titles take the free width; presenter and department shrink first.
            status = max([len(ITEM_STATUS.get(i.status, i.status)) for i in self.items] + [6])
            room = rows_width(table, len(self.items)) - 12 - 2 - 3 - status - 1
            presenters = max([len(one_line(i.presenter or "—")) for i in self.items] + [9])
            depts = max([len(one_line(i.department or "—")) for i in self.items] + [4])
            width, (presenter, dept) = fit(
                room, [(min(16, presenters), 8), (min(12, depts), 5)], title=24
            )
            if room <= 0:  # not laid out yet: the screen refills on resize
                width, presenter, dept = 32, 14, 9
            for item in self.items:
                label = ("↻ " if item.is_review else "") + ("↪ " if item.carried_from_id else "")
                table.add_row(
                    Text(str(item.position)),
                    Text(label) + safe_text(item.title, width - len(label)),
                    safe_text(item.presenter or "—", presenter),
                    safe_text(item.department or "—", dept),
                    Text(str(item.minutes), justify="right"),
                    Text(ITEM_STATUS.get(item.status, item.status)),
                    key=str(item.id),
                )
        if meeting is None:
            info.update(Content("No meeting yet — press n to create one."))
            totals.update(Content(""))
            return
        info.update(
            mixed(
                "[b]$title[/]\n$when · $length min · facilitator $chair$tf · [b]$status[/]",
                title=one_line(meeting.title, 160),
                when=moment(meeting.at, as_stored=True, today=self._today()),
                length=meeting.minutes,
                chair=one_line(meeting.facilitator, 60),
                tf=f" · task force {one_line(meeting.task_force, 60)}"
                if meeting.task_force
                else "",
                status=meeting.status,
            )
        )
        planned = sum(i.minutes for i in self.items)
        if planned > meeting.minutes:
            totals.update(
                mixed(
                    "[b $warning]Planned $planned of $length min — over by $over min[/]",
                    planned=planned,
                    length=meeting.minutes,
                    over=planned - meeting.minutes,
                )
            )
            totals.add_class("-over")
        else:
            totals.update(
                mixed(
                    "Planned $planned of $length min ($left min free)",
                    planned=planned,
                    length=meeting.minutes,
                    left=meeting.minutes - planned,
                )
            )
            totals.remove_class("-over")

    def selected_item(self) -> AgendaItem | None:
        table = self.query_one("#items", DataTable)
        if not self.items or not 0 <= table.cursor_row < len(self.items):
            return None
        return self.items[table.cursor_row]

    def _select_item(self, item_id: int) -> None:
        table = self.query_one("#items", DataTable)
        for index, item in enumerate(self.items):
            if item.id == item_id:
                table.move_cursor(row=index, animate=False)

    @on(OptionList.OptionHighlighted, "#meetings")
    def _meeting_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and int(event.option.id) != self.meeting_id:
            self.meeting_id = int(event.option.id)
            self.query_one("#items", DataTable).move_cursor(row=0, animate=False)
            self.reload()

    @on(OptionList.OptionSelected, "#meetings")
    def _meeting_chosen(self) -> None:
        self.query_one("#items", DataTable).focus()

    @on(DataTable.RowSelected, "#items")
    def _row_chosen(self) -> None:
        self.action_edit_item()

    # -- actions ----------------------------------------------------------

    def _after_meeting_form(self, meeting: Meeting | None) -> None:
        if meeting is None:
            return
        self.meeting_id = meeting.id
        self.reload()
        self.app.notify(
            mixed("Meeting $id created: $title", id=meeting.id, title=one_line(meeting.title, 80))  # type: ignore[arg-type]  # Content renders as is
        )

    def action_new_meeting(self) -> None:
        from tui.dialogs.meeting import MeetingForm

        app: Any = self.app
        start = (app.now().astimezone() + timedelta(days=1)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
        self.read(
            _choices,
            lambda found: self.app.push_screen(
                MeetingForm(found[0], found[2], default_at=as_typed(start)),
                self._after_meeting_form,
            ),
            key="form",
        )

    def action_next_in_series(self) -> None:
        from datetime import datetime

        from tui.dialogs.meeting import MeetingForm

        if self.meeting is None:
            self.app.notify(Content("Pick a meeting first"), severity="warning")  # type: ignore[arg-type]  # Content renders as is
            return
        after = self.meeting
        nxt = datetime.fromisoformat(after.at) + timedelta(days=7)
        self.read(
            _choices,
            lambda found: self.app.push_screen(
                MeetingForm(found[0], found[2], after=after, default_at=as_typed(nxt)),
                self._after_meeting_form,
            ),
            key="form",
        )

    def _after_item_form(self, item: AgendaItem | None) -> None:
        if item is not None:
            self.reload(select_item=item.id)

    def action_add_item(self) -> None:
        from tui.dialogs.meeting import ItemForm

        if self.meeting is None:
            self.app.notify(Content("Create a meeting first (n)"), severity="warning")  # type: ignore[arg-type]  # Content renders as is
            return
        meeting_id = self.meeting.id
        self.read(
            _choices,
            lambda found: self.app.push_screen(
                ItemForm(meeting_id, found[0], found[1]), self._after_item_form
            ),
            key="form",
        )

    def action_from_backlog(self) -> None:
        from tui.backlog import pull_from_backlog

        pull_from_backlog(self)

    def action_edit_item(self) -> None:
        from tui.dialogs.meeting import ItemForm

        item = self.selected_item()
        if self.meeting is None or item is None:
            return
        meeting_id = self.meeting.id
        self.read(
            _choices,
            lambda found: self.app.push_screen(
                ItemForm(meeting_id, found[0], found[1], item=item), self._after_item_form
            ),
            key="form",
        )

    def action_delete_item(self) -> None:
        from tui.dialogs.confirm import ConfirmDialog

        item = self.selected_item()
        if item is None:
            return

        def answered(yes: bool | None) -> None:
            from db.meetings import delete_item

            if not yes:
                return
            app = self.tandem
            with self.refusals():
                writer = app.writer
                # Off the event loop when another connection holds the lock (tui/writes.py).
                self.write(
                    lambda db: delete_item(db, writer, item.id, now=app.now()), after=self.reload
                )
                return
            self.reload()

        self.app.push_screen(
            ConfirmDialog(
                mixed(
                    "Delete item $pos, [b]$title[/]?",
                    pos=item.position,
                    title=one_line(item.title, 200),
                )
            ),
            answered,
        )

    def action_move_item(self, offset: int) -> None:
        from db.meetings import move_item

        item = self.selected_item()
        if item is None:
            return
        app = self.tandem

        def moved(done: AgendaItem) -> None:
            self.reload(select_item=done.id)

        with self.refusals():
            writer = app.writer
            self.write(lambda db: move_item(db, writer, item.id, offset, now=app.now()), moved)

    def action_start_meeting(self) -> None:
        if self.meeting is None:
            self.app.notify(Content("Pick a meeting first"), severity="warning")  # type: ignore[arg-type]  # Content renders as is
            return
        self.tandem.open_screen(LiveScreen(self.meeting.id, start=True))

    def action_export_minutes(self) -> None:
        from tui.dialogs.export import ExportDialog

        if self.meeting is None:
            return

        def written(path: Any) -> None:
            if path is not None:
                self.app.notify(mixed("Minutes written to $path", path=str(path)))  # type: ignore[arg-type]  # Content renders as is

        self.app.push_screen(ExportDialog(self.meeting.id), written)

    def action_write_invite(self) -> None:
        from tui.dialogs.calendar import write_invite

        if self.meeting is None:
            self.app.notify(Content("Pick a meeting first"), severity="warning")  # type: ignore[arg-type]  # Content renders as is
            return
        write_invite(self, self.meeting.id)

    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        self.tandem.open_screen("Home")
