"""Live meeting: the facilitator's screen — current item, notes, timers, decisions, action items.

Every change is committed as it happens (notes debounced by half a second and
saved again on leaving the item or the screen), and the timers are computed
from stored start times, so a killed terminal resumes where it was.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Header, Static, TextArea

from db.dates import local_today
from db.errors import Conflict, TandemError
from db.lazyclass import dataclass
from db.models import AgendaItem, Decision, Meeting, Person, Task
from tui.dates import moment
from tui.screens.base import TandemScreen
from tui.text import mixed, one_line, safe_text
from tui.timebox import behind_plan, bell_on, plan_words, signed, timebox, totals
from tui.widgets.footer import TandemFooter
from tui.widgets.formatting import clock
from tui.widgets.tables import Refill, free_width

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlite_utils import Database
    from textual.app import ComposeResult
    from textual.screen import Screen
    from textual.timer import Timer

NOTES_DEBOUNCE = 0.5
MARK = {"pending": " ", "running": "▶", "ended": "■", "done": "✓"}
# The agenda's fixed columns, padded by hand: "▶12 ", " 10m", " 12:22", " +2:22".
AGENDA_FIXED = 4 + 5 + 6 + 7


def pick_meeting(db: Database, actor: Person | None, now: datetime) -> int | None:
    """The meeting to run: a running one ``actor`` may run, else the next planned one.

    On the reader thread (``db`` is its connection); ``actor`` None is a login bound
    to nobody, who follows any running meeting."""
    from db.dashboard import upcoming_meetings
    from db.meetings import list_meetings
    from db.permissions import can_run_meeting

    for meeting in list_meetings(db, status="running", limit=50):
        # Read only (a login bound to nobody): any running meeting, to follow it.
        if actor is None or can_run_meeting(db, actor, meeting):
            return meeting.id
    start = now.astimezone().replace(hour=0, minute=0, second=0, microsecond=0)
    upcoming = [m for m in upcoming_meetings(db, start, limit=20) if m.status == "planned"]
    return upcoming[0].id if upcoming else None


@dataclass(frozen=True)
class LiveRead:
    """What one fill of the Live screen shows, read in one trip to the reader thread.

    ``meeting`` None: no meeting to run (none was picked); ``refused``: picking one
    was refused (shown, and the screen says there is no meeting to run)."""

    meeting_id: int | None
    meeting: Meeting | None = None
    decisions: tuple[Decision, ...] = ()
    tasks: tuple[Task, ...] = ()
    refused: TandemError | None = None


def _read_live(
    db: Database, meeting_id: int | None, pick: tuple[Person | None, datetime] | None = None
) -> LiveRead:
    """The meeting ``meeting_id`` with its agenda, decisions and action items; with
    ``pick`` (the actor and the time) and no meeting, the one to run is chosen first."""
    from db.decisions import list_decisions
    from db.meetings import get_meeting
    from db.tasks import list_tasks

    if meeting_id is None and pick is not None:
        try:
            meeting_id = pick_meeting(db, *pick)
        except TandemError as exc:
            return LiveRead(None, refused=exc)
    if meeting_id is None:
        return LiveRead(None)
    return LiveRead(
        meeting_id,
        get_meeting(db, meeting_id),
        tuple(list_decisions(db, meeting_id=meeting_id)),
        tuple(list_tasks(db, meeting_id=meeting_id, status="all")),
    )


class ChangedMeanwhile(TandemError):
    """A notes save found someone else's notes stored meanwhile (never shown itself:
    the screen shows ``conflict`` and loads ``stored``)."""

    def __init__(self, conflict: Conflict, stored: AgendaItem) -> None:
        super().__init__(str(conflict))
        self.conflict, self.stored = conflict, stored


class LiveScreen(TandemScreen):
    """Run a meeting: agenda with planned vs spent, the current item's notes, clocks."""

    CSS_PATH = "live.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    # Short footer words so every key fits in 120 columns; the tooltips say more
    # (and are what the help screen lists).
    # The keys the footer keeps at any width (tui/widgets/footer.py).
    PRIMARY_KEYS = ("ctrl+n", "ctrl+r", "ctrl+t", "ctrl+o", "ctrl+f", "f9", "f8")
    BINDINGS = [
        Binding("ctrl+n", "next_item", "Next", tooltip="Next item (starts the meeting)"),
        Binding("ctrl+b", "previous_item", "Prev", tooltip="Previous item"),
        Binding("ctrl+r", "record_decision", "Decision", tooltip="Record a decision"),
        Binding("ctrl+t", "add_action_item", "Action item", tooltip="Add an action item"),
        # In the footer while it has room (tui/widgets/footer.py drops them first at 80
        # columns); the help screen and the palette always list them.
        Binding(
            "ctrl+g",
            "record_two_key",
            "Two-key",
            tooltip="Record a two-key decision (both heads approve)",
        ),
        Binding(
            "ctrl+l",
            "record_consent",
            "Consent",
            tooltip="Record the consent of heads present",
        ),
        Binding("ctrl+o", "attendance", "Attendance", tooltip="Mark who is present"),
        Binding("ctrl+f", "item_done", "Done", tooltip="Mark the current item done"),
        Binding("ctrl+s", "park_item", "Park", tooltip="Park the item in the backlog", show=False),
        Binding("f9", "end_meeting", "End", tooltip="End the meeting and freeze its minutes"),
        Binding("f8", "export_minutes", "Export", tooltip="Export the minutes"),
        Binding("f2", "amend", "Amend", tooltip="Amend the minutes of the closed meeting"),
        Binding("f5", "reload", "Reload", show=False),
        Binding("escape", "back", "Back", show=False, tooltip="Back to Home"),
    ]

    def __init__(self, meeting_id: int | None = None, start: bool = False) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.meeting: Meeting | None = None
        self.items: list[AgendaItem] = []
        self.item_id: int | None = None  # the item whose notes are shown
        self.decisions: list[Decision] = []
        self.tasks: list[Task] = []
        self._start = start
        self._dirty = False
        self._save_timer: Timer | None = None
        self._loading = False
        # What the notes area was loaded from: the stored text and the item's version.
        # A save passes that version, so notes someone else changed meanwhile are
        # never overwritten silently (a reload while typing keeps the old version).
        self._notes_base = ""
        self._notes_version: int | None = None
        # A save was refused: what was typed stays in the editor (and went to the
        # clipboard), so re-reading the item must not replace it.
        self._kept = False
        # (item id, "warn" or "over") already announced: each is said once per item.
        self._announced: set[tuple[int, str]] = set()
        # Held, not queried: the last save runs while the screen is being taken down.
        self.notes = TextArea(id="notes", soft_wrap=True, show_line_numbers=False)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="live-columns"):
            with Vertical(id="live-side"):
                yield Static(Content(""), id="live-meeting")
                yield DataTable(id="live-agenda", cursor_type="row")
                yield Static(Content(""), id="live-total")
                yield Static(Content(""), id="live-attendance")
            with Vertical(id="live-main"):
                with Vertical(id="live-clocks"):
                    yield Static(Content(""), id="meeting-clock")
                    yield Static(Content(""), id="item-timer")
                yield Static(Content(""), id="live-item")
                yield self.notes
                yield Static(Content(""), id="live-outcomes")
        yield TandemFooter()

    def on_mount(self) -> None:
        table = self.query_one("#live-agenda", DataTable)
        table.cell_padding = 0  # each fixed column pads its own text (AGENDA_FIXED)
        table.add_column(" #", key="pos")
        table.add_column("Item", key="title")
        table.add_column(" Plan", key="plan")
        table.add_column(" Spent", key="spent")
        table.add_column("     ±", key="over")
        self.query_one("#notes", TextArea).focus()
        # The clocks only redraw from what the last read brought: never any SQL.
        self.set_interval(1.0, self.tick)
        if self.meeting_id is not None:
            self.reload()
            return
        # No meeting given: the one to run is picked in the same read that loads it.
        pick = (self.tandem.actor, self._now())
        self.read(lambda db: _read_live(db, None, pick), self._show_read, key="live")

    # What needs a meeting open, and what a closed meeting no longer offers.
    NEEDS_MEETING = frozenset(
        {
            "next_item",
            "previous_item",
            "record_decision",
            "add_action_item",
            "attendance",
            "item_done",
            "end_meeting",
            "export_minutes",
        }
    )
    NOT_WHEN_CLOSED = frozenset(
        {
            "next_item",
            "previous_item",
            "record_decision",
            "add_action_item",
            "item_done",
            "end_meeting",
        }
    )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer and the palette offer only what this meeting can take now."""
        if action in self.NEEDS_MEETING and self.meeting is None:
            return False
        closed = self.meeting is not None and self.meeting.status == "closed"
        if action == "amend":
            return closed
        return not (closed and action in self.NOT_WHEN_CLOSED)

    def on_resize(self) -> None:
        # Titles take the width the agenda has now.
        self.call_after_refresh(self._fill)

    # -- reading ----------------------------------------------------------

    def current(self) -> AgendaItem | None:
        return next((i for i in self.items if i.id == self.item_id), None)

    def reload(self) -> None:
        """Re-read the meeting; keep the shown item unless the running item changed.

        Read on the reader thread (``Refusals.read``): the screen changes when the
        meeting comes back (``_show_read``). A newer reload replaces one on its way.
        """
        if self.meeting_id is None:
            self.meeting = None
            self.items = []
            self._fill()
            self.refresh_bindings()
            return
        meeting_id = self.meeting_id
        self.read(lambda db: _read_live(db, meeting_id), self._show_read, key="live")

    def _show_read(self, found: LiveRead) -> None:
        """Show what a read brought: the meeting, its agenda, decisions and action items."""
        if found.refused is not None:
            self.refused(found.refused)
        self.meeting_id = found.meeting_id
        meeting = found.meeting
        if meeting is None:
            self.meeting = None
            self.items = []
        else:
            before = next((i.id for i in self.items if i.status == "running"), None)
            # An item this screen saved (its notes) after the read was made stays as saved:
            # an older copy would put the notes area back on text and a version it left.
            held = {i.id: i for i in self.items}
            self.meeting = meeting
            self.items = [
                held[i.id] if i.id in held and held[i.id].version > i.version else i
                for i in meeting.agenda
            ]
            self.decisions = list(found.decisions)
            self.tasks = list(found.tasks)
            running = next((i.id for i in self.items if i.status == "running"), None)
            if running is not None and (running != before or self.item_id is None):
                self._show_item(running)
            elif self.current() is None:
                self._show_item(self.items[0].id if self.items else None)
            else:
                self._refresh_notes()
        self._fill()
        self.refresh_bindings()
        if self._start:
            # Opened to start (the Agenda's s): once, when the meeting first came in.
            self._start = False
            if self.meeting is not None and self.meeting.status == "planned":
                self.action_start_meeting()

    def _refresh_notes(self) -> None:
        """Show notes another session stored for the shown item, unless we are typing."""
        item = self.current()
        if item is None or self._dirty or self._kept or item.version == self._notes_version:
            return
        if item.notes != self.notes.text:
            self._load_notes(item)
        self._notes_base, self._notes_version = item.notes, item.version

    def _load_notes(self, item: AgendaItem | None) -> None:
        self._loading = True
        self.notes.load_text(item.notes if item else "")
        # Typing carries on after what is there (a resumed item's notes).
        self.notes.move_cursor(self.notes.document.end)
        self._loading = False
        self._dirty = False
        self._kept = False
        self._notes_base = item.notes if item else ""
        self._notes_version = item.version if item else None

    def _show_item(self, item_id: int | None) -> None:
        """Switch the notes area to ``item_id`` (saving what was typed for the last one).

        When that save is refused, the notes area stays on the item with what was
        typed (also on the clipboard); moving again goes on, the text on the clipboard.
        """
        if item_id == self.item_id:
            return
        if not self.save_notes():
            return
        self.item_id = item_id
        self._load_notes(self.current())

    def _fill(self) -> None:
        meeting = self.meeting
        notes = self.query_one("#notes", TextArea)
        with Refill(self.query_one("#live-agenda", DataTable)) as table:
            width = free_width(table, AGENDA_FIXED)
            for item in self.items:
                table.add_row(
                    Text(f"{MARK.get(item.status, ' ')}{item.position:>2} "),
                    safe_text(item.title, width),
                    Text(f"{item.minutes:>4}m"),
                    Text(f"{clock(item.spent(self._now())):>6}"),
                    self._overrun_cell(item),
                    key=str(item.id),
                )
        if self.item_id is not None:
            index = next((n for n, i in enumerate(self.items) if i.id == self.item_id), None)
            if index is not None:
                table.move_cursor(row=index, animate=False)
        if meeting is None:
            self.query_one("#live-meeting", Static).update(
                Content("No meeting to run. Build one in the Agenda (escape, then a).")
            )
            notes.read_only = True
            self._fill_item()
            return
        self.query_one("#live-meeting", Static).update(
            mixed(
                "[b]$title[/]\n$when · $status",
                title=one_line(meeting.title, 80),
                when=moment(meeting.at, as_stored=True, today=local_today(self._now())),
                status={
                    "planned": "not started — ctrl+n starts",
                    "running": "running",
                    "closed": "closed",
                }[meeting.status],
            )
        )
        app: Any = self.app
        notes.read_only = meeting.status == "closed" or self.current() is None or app.actor is None
        present = [a.name for a in meeting.attendees if a.present]
        absent = [a.name for a in meeting.attendees if not a.present]
        self.query_one("#live-attendance", Static).update(
            mixed(
                "[b]Present ($n)[/] $present\n[b]Absent ($m)[/] $absent",
                n=len(present),
                present=one_line(", ".join(present), 300) or "—",
                m=len(absent),
                absent=one_line(", ".join(absent), 200) or "—",
            )
        )
        self._fill_item()
        self.tick()

    def _fill_item(self) -> None:
        item = self.current()
        header = self.query_one("#live-item", Static)
        outcomes = self.query_one("#live-outcomes", Static)
        if item is None:
            header.update(Content("No agenda items."))
            outcomes.update(Content(""))
            return
        header.update(
            mixed(
                "[b]$pos. $title[/]\n[dim]presenter[/] $presenter  [dim]department[/] $dept  [dim]status[/] $status",
                pos=item.position,
                title=one_line(item.title, 130),
                presenter=one_line(item.presenter, 40) or "—",
                dept=one_line(item.department, 30) or "—",
                status=item.status,
            )
        )
        decided = [d for d in self.decisions if d.agenda_item_id == item.id]
        actions = [t for t in self.tasks if t.agenda_item_id == item.id]
        lines = [mixed("[b]Decisions ($n)[/]", n=len(decided))]
        lines += [
            mixed(
                " $id. $text$sup$state",
                id=d.id,
                text=one_line(d.text, 90),
                sup=f" (supersedes {d.supersedes})" if d.supersedes else "",
                state=f" [two-key: {d.status}]" if d.two_key else "",
            )
            for d in decided[-4:]
        ]
        lines.append(mixed("[b]Action items ($n)[/]", n=len(actions)))
        lines += [
            mixed(
                " $id. $title [dim]→[/] $owner$due",
                id=t.id,
                title=one_line(t.title, 70),
                owner=one_line(t.owner, 40),
                due=f" (due {t.due})" if t.due else "",
            )
            for t in actions[-4:]
        ]
        outcomes.update(Content("\n").join(lines))

    # -- clocks -----------------------------------------------------------

    def _now(self) -> datetime:
        return self.app.now()  # type: ignore[attr-defined,no-any-return]

    def tick(self) -> None:
        """Refresh both clocks and the running item's spent time from stored times.

        The item timer keeps its timebox in view and says ``m:ss left`` once the item
        is nearly up and ``+m:ss over`` once past it; crossing either is announced once
        per item (a notification, and the terminal bell when the item runs over).
        Each clock is redrawn only when its text changes: a meeting not started, a closed
        one or a stopped item would otherwise re-lay out the screen every second.
        """
        meeting = self.meeting
        meeting_clock = self.query_one("#meeting-clock", Static)
        timer = self.query_one("#item-timer", Static)
        now = self._now()
        if meeting is None or meeting.started_at is None:
            _show(meeting_clock, "Meeting not started")
            meeting_clock.remove_class("-over")
        else:
            end = datetime.fromisoformat(meeting.closed_at) if meeting.closed_at else now
            elapsed = int((end - datetime.fromisoformat(meeting.started_at)).total_seconds())
            behind = behind_plan(self.items, now)
            _show(
                meeting_clock,
                f"Meeting {clock(elapsed)} / {meeting.minutes}m · {plan_words(behind)}",
            )
            meeting_clock.set_class(elapsed > meeting.minutes * 60 or behind > 0, "-over")
        self._fill_total()
        item = self.current()
        if item is None:
            _show(timer, "")
            timer.set_classes("")
            return
        box = timebox(item, now)
        words = f"Item {clock(box.spent)} / {clock(box.planned)}"
        if box.label():
            words += f" · {box.label()}"
        _show(timer, words)
        timer.set_class(box.state == "over", "-over")
        timer.set_class(box.state == "warn", "-warn")
        running = next((i for i in self.items if i.status == "running"), None)
        if running is not None:
            table = self.query_one("#live-agenda", DataTable)
            if str(running.id) in table.rows:
                table.update_cell(str(running.id), "spent", Text(f"{clock(running.spent(now)):>6}"))
                table.update_cell(str(running.id), "over", self._overrun_cell(running))
            if meeting is not None and meeting.status == "running":
                self._announce(running)

    def _overrun_cell(self, item: AgendaItem) -> Text:
        """The agenda's flag: ``+m:ss`` for an item over its timebox, ``-m:ss`` under it
        once left early; nothing for an item not reached or running within its time."""
        box = timebox(item, self._now())
        if box.state == "over":
            return Text(f"{'+' + clock(box.over):>7}", style="bold red")
        if item.status in ("ended", "done") and box.spent < box.planned:
            return Text(f"{'-' + clock(box.planned - box.spent):>7}", style="dim")
        return Text(" " * 7)

    def _fill_total(self) -> None:
        """Under the agenda: its plan, the time spent so far, and the meeting's total over
        or under (``behind_plan``: items left, and the running one once over)."""
        total = self.query_one("#live-total", Static)
        now = self._now()
        planned, spent = totals(self.items, now)
        if not planned:
            total.update(Content(""))
            total.remove_class("-over")
            return
        difference = behind_plan(self.items, now)
        if difference > 0:
            verdict = f"{signed(difference)} over"
        elif difference < 0:
            verdict = f"{clock(-difference)} under"
        else:
            verdict = "on time"
        total.update(Content(f"Total {clock(spent)} / {clock(planned)} · {verdict}"))
        total.set_class(difference > 0, "-over")

    def _announce(self, item: AgendaItem) -> None:
        """Say once that the running item is nearly up, and once that it ran over."""
        box = timebox(item, self._now())
        if box.state == "ok" or (item.id, box.state) in self._announced:
            return
        self._announced.add((item.id, box.state))
        title = one_line(item.title, 60)
        if box.state == "warn":
            self.app.notify(
                mixed("$left left on [b]$title[/]", left=clock(box.left), title=title),  # type: ignore[arg-type]
                title="Timebox nearly up",
                severity="warning",
            )
            return
        self._announced.add((item.id, "warn"))
        self.app.notify(
            mixed(
                "[b]$title[/] is over its $planned timebox",
                title=title,
                planned=clock(box.planned),
            ),  # type: ignore[arg-type]
            title="Over time",
            severity="error",
            timeout=10,
        )
        if bell_on():
            self.app.bell()

    # -- notes ------------------------------------------------------------

    @on(TextArea.Changed, "#notes")
    def _notes_changed(self) -> None:
        item = self.current()
        # load_text() posts Changed after _loading is reset: compare with what is
        # stored so showing an item never counts as typing (nor tries to save).
        if self._loading or item is None or self.notes.text == item.notes:
            return
        self._dirty = True
        if self._save_timer is not None:
            self._save_timer.reset()  # cheaper per key than a new timer
        else:
            self._save_timer = self.set_timer(NOTES_DEBOUNCE, self.save_notes)

    def save_notes(self, *, leaving: bool = False) -> bool:
        """Write the typed notes of the shown item now (a no-op when nothing changed).

        The save carries the version the notes were loaded at. When the item
        changed since, but its notes did not (its status or title moved on),
        the save is made again on the new version; when someone else changed
        the notes, nothing is overwritten: the refusal is shown, the stored
        notes are loaded, and what was typed goes to the clipboard. Any other
        refusal (the meeting closed meanwhile, no permission, a login bound to
        nobody) keeps what was typed in the editor and puts it on the clipboard.
        ``leaving``: the screen is going away (the clipboard is all that keeps it).

        Returns:
            False when the save was refused.
        """
        from db.meetings import get_item, set_notes

        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if not self._dirty or self.item_id is None:
            return True
        app: Any = self.app
        self._dirty = False
        typed = self.notes.text
        item_id, base, version = self.item_id, self._notes_base, self._notes_version
        refused: list[bool] = []
        with self.refusals():
            writer = app.writer

            def work(db: Any) -> AgendaItem:
                try:
                    return set_notes(
                        db, writer, item_id, typed, expected_version=version, now=app.now()
                    )
                except Conflict as conflict:
                    # Someone else saved the item: only their notes matter (a moved status
                    # doesn't).
                    stored = get_item(db, item_id)
                    if stored.notes not in (base, typed):
                        raise ChangedMeanwhile(conflict, stored) from conflict
                    return set_notes(
                        db, writer, item_id, typed, expected_version=stored.version, now=app.now()
                    )

            def saved(item: AgendaItem) -> None:
                self._kept = False
                self._notes_base, self._notes_version = item.notes, item.version
                self.items = [item if i.id == item.id else i for i in self.items]

            def lost(error: TandemError | None) -> None:
                refused.append(True)
                if isinstance(error, ChangedMeanwhile):
                    self._changed_meanwhile(error.conflict, error.stored, typed)
                    return
                if error is not None:
                    app.show_refusal(error)
                self._keep(typed, leaving=leaving or not self.is_attached)

            # While the database is locked by someone else the save waits on the writer
            # thread (later writes queue behind it): nothing typed is lost meanwhile.
            self.write(work, saved, lost=lost)
            return not refused
        # Refused for another reason (shown by refusals()): the typing stays here.
        self._keep(typed, leaving=leaving)
        return False

    def _keep(self, typed: str, *, leaving: bool) -> None:
        """A save refused: the typing stays in the notes area and goes to the clipboard."""
        app: Any = self.app
        self._kept = True
        app.copy_to_clipboard(typed)
        app.notify(
            Content(
                "Your notes were not saved; they are on the clipboard"
                + ("." if leaving else " and still in the notes area.")
            ),  # type: ignore[arg-type]
            severity="warning",
            timeout=12,
        )

    def _changed_meanwhile(self, conflict: Conflict, stored: AgendaItem, typed: str) -> None:
        """Someone else changed the notes: show theirs, keep ours on the clipboard."""
        app: Any = self.app
        app.show_refusal(conflict)
        app.copy_to_clipboard(typed)
        app.notify(
            Content("Your notes were not saved; they are on the clipboard."),  # type: ignore[arg-type]
            severity="warning",
            timeout=8,
        )
        if not self.is_attached:
            return
        self.items = [stored if i.id == stored.id else i for i in self.items]
        if stored.id == self.item_id:
            self._load_notes(stored)

    def on_unmount(self) -> None:
        self.save_notes(leaving=True)

    def on_screen_suspend(self) -> None:
        self.save_notes(leaving=True)

    def on_screen_resume(self) -> None:
        if self.meeting is not None:
            self.reload()

    @on(DataTable.RowSelected, "#live-agenda")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        """Enter on an agenda row: jump there (starting it when the meeting runs)."""
        from db.meetings import start_item

        item_id = int(str(event.row_key.value))
        app: Any = self.app
        if not self.save_notes():
            self._fill()  # what was typed stays in view (and is on the clipboard)
            return
        if self.meeting is not None and self.meeting.status == "running":
            with self.refusals():
                writer = app.writer
                self.write(lambda db: start_item(db, writer, item_id, now=app.now()))
        self._show_item(item_id)
        self.reload()
        self.query_one("#notes", TextArea).focus()

    # -- actions ----------------------------------------------------------

    def _open(self, dialog: Screen[Any], answered: Callable[[Any], None]) -> None:
        """Open ``dialog`` once what it offers was read (``answered`` gets its result)."""
        self.app.push_screen(dialog, answered)

    def _need_meeting(self) -> Meeting | None:
        if self.meeting is None:
            self.app.notify(
                Content("No meeting to run — build one in the Agenda"),  # type: ignore[arg-type]
                severity="warning",
            )
        return self.meeting

    def _step(self, direction: int) -> None:
        from db.meetings import step

        if self._need_meeting() is None or self.meeting_id is None:
            return
        app: Any = self.app
        if not self.save_notes():
            return  # what was typed stays in view (and is on the clipboard)
        meeting_id = self.meeting_id
        with self.refusals():
            writer = app.writer
            self.write(
                lambda db: step(db, writer, meeting_id, direction, now=app.now()),
                lambda landed: self._stepped(landed, direction),
            )

    def _stepped(self, landed: AgendaItem | None, direction: int) -> None:
        app: Any = self.app
        if landed is None:
            app.notify(
                Content(
                    "End of the agenda — F9 ends the meeting"
                    if direction > 0
                    else "Already at the first item"
                )
            )
        else:
            self._show_item(landed.id)
        self.reload()

    def action_start_meeting(self) -> None:
        """Start the meeting on its first item (or carry on with the running one)."""
        if (
            self.meeting is not None
            and self.meeting.status == "running"
            and any(i.status == "running" for i in self.items)
        ):
            return
        self._step(1)

    def action_next_item(self) -> None:
        self._step(1)

    def action_previous_item(self) -> None:
        self._step(-1)

    def action_item_done(self) -> None:
        from db.meetings import end_item

        item = self.current()
        if self._need_meeting() is None or item is None:
            return
        app: Any = self.app
        self.save_notes()
        with self.refusals():
            writer = app.writer
            done = item.status != "done"
            self.write(
                lambda db: end_item(db, writer, item.id, done=done, now=app.now()),
                after=self.reload,
            )
            return
        self.reload()

    def action_park_item(self) -> None:
        from tui.backlog import park_current

        park_current(self)

    def action_record_decision(self) -> None:
        from tui.dialogs.live import DecisionForm

        meeting = self._need_meeting()
        if meeting is None:
            return
        item = self.current()
        self.save_notes()
        self.app.push_screen(
            DecisionForm(meeting.id, item.position if item else None, item.title if item else ""),
            self._recorded,
        )

    def _recorded(self, decision: Decision | None) -> None:
        if decision is not None:
            self.app.notify(mixed("Decision $id recorded", id=decision.id))  # type: ignore[arg-type]  # Content renders as is
        self.reload()

    def action_record_two_key(self) -> None:
        from db.people import list_departments
        from tui.dialogs.agreements import TwoKeyDecisionForm

        meeting = self._need_meeting()
        if meeting is None:
            return
        item = self.current()
        self.save_notes()
        position, title = (item.position, item.title) if item else (None, "")
        self.read(
            list_departments,
            lambda departments: self._open(
                TwoKeyDecisionForm(meeting.id, position, title, departments), self._proposed
            ),
            key="form",
        )

    def _proposed(self, decision: Decision | None) -> None:
        if decision is not None:
            self.app.notify(
                mixed(
                    "Decision $id proposed: in force once $who approve (ctrl+l records consent)",
                    id=decision.id,
                    who=" and ".join(decision.waiting_for),
                )  # type: ignore[arg-type]  # Content renders as is
            )
        self.reload()

    def action_record_consent(self) -> None:
        from db.governance import open_proposals
        from tui.dialogs.agreements import ConsentDialog, Consented

        meeting = self._need_meeting()
        if meeting is None:
            return
        self.save_notes()

        def recorded(done: Consented | None) -> None:
            if done is not None:
                self.app.notify(
                    mixed(
                        "Consent of $heads recorded on decision $id: $state",
                        heads=" and ".join(done.heads),
                        id=done.decision.id,
                        state="in force"
                        if done.decision.status == "in-force"
                        else "waiting for " + ", ".join(done.decision.waiting_for),
                    )  # type: ignore[arg-type]  # Content renders as is
                )
            self.reload()

        def chosen(proposals: list[Decision]) -> None:
            # This meeting's proposals first, its latest on top: the one just recorded.
            ours = [d for d in proposals if d.meeting_id == meeting.id]
            proposals = list(reversed(ours)) + [d for d in proposals if d.meeting_id != meeting.id]
            self._open(
                ConsentDialog(meeting.id, proposals, proposals[0].id if proposals else None),
                recorded,
            )

        self.read(open_proposals, chosen, key="form")

    def action_add_action_item(self) -> None:
        from db.people import list_people
        from tui.dialogs.live import ActionItemForm

        meeting = self._need_meeting()
        if meeting is None:
            return
        item = self.current()
        self.save_notes()
        item_id = item.id if item else None
        self.read(
            list_people,
            lambda people: self._open(ActionItemForm(meeting.id, item_id, people), self._added),
            key="form",
        )

    def _added(self, task: Task | None) -> None:
        if task is not None:
            self.app.notify(mixed("Action item $id for $owner", id=task.id, owner=task.owner))  # type: ignore[arg-type]  # Content renders as is
        self.reload()

    def action_attendance(self) -> None:
        from db.people import list_people
        from tui.dialogs.live import AttendanceDialog

        meeting = self._need_meeting()
        if meeting is None:
            return
        self.save_notes()
        self.read(
            list_people,
            lambda people: self._open(
                AttendanceDialog(meeting.id, people, meeting.attendees), lambda _: self.reload()
            ),
            key="form",
        )

    def action_end_meeting(self) -> None:
        from tui.dialogs.confirm import ConfirmDialog

        meeting = self._need_meeting()
        if meeting is None:
            return
        self.save_notes()

        def answered(yes: bool | None) -> None:
            from db.meetings import close_meeting

            if not yes:
                return
            app: Any = self.app
            with self.refusals():
                writer = app.writer

                def closed(_: object) -> None:
                    app.notify(Content("Meeting closed; its minutes are frozen. F8 exports them."))
                    self.reload()

                self.write(lambda db: close_meeting(db, writer, meeting.id, now=app.now()), closed)

        self.app.push_screen(
            ConfirmDialog(
                mixed(
                    "End [b]$title[/] and freeze its minutes?", title=one_line(meeting.title, 200)
                )
            ),
            answered,
        )

    def action_export_minutes(self) -> None:
        from tui.dialogs.export import ExportDialog

        meeting = self._need_meeting()
        if meeting is None:
            return
        self.save_notes()

        def written(path: Any) -> None:
            if path is not None:
                self.app.notify(mixed("Minutes written to $path", path=str(path)))  # type: ignore[arg-type]  # Content renders as is

        self.app.push_screen(ExportDialog(meeting.id), written)

    def action_amend(self) -> None:
        from tui.dialogs.amend import AmendForm

        meeting = self._need_meeting()
        if meeting is None:
            return

        def added(amendment: Any) -> None:
            if amendment is not None:
                self.app.notify(
                    mixed("Amendment $id added to the minutes", id=amendment.id)  # type: ignore[arg-type]
                )

        self.app.push_screen(AmendForm(meeting.id, meeting.title), added)

    def action_reload(self) -> None:
        self.save_notes()
        self.reload()

    def action_back(self) -> None:
        self.save_notes(leaving=True)
        self.tandem.open_screen("Home")


def _show(static: Static, text: str) -> None:
    """Show ``text`` (a clock: no markup) in ``static`` unless it shows it already."""
    if static.content != text:
        static.update(Content(text))
