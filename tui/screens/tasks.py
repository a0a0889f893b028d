"""Tasks: every task, filtered as you type; complete, reassign, open its meeting, see its history."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from textual import on, work
from textual.binding import Binding
from textual.containers import Horizontal
from textual.css.query import NoMatches
from textual.widgets import Checkbox, Header, Input, Select, Static

from db.dates import local_today
from db.lazyclass import dataclass
from db.meetings import get_meeting
from db.models import Department, Person, Task
from db.people import list_departments, list_people
from db.task_index import task_ids, tasks_by_ids
from db.tasks import complete_task, count_tasks, get_task, reassign_task, task_history
from tui.dialogs.tasks import HistoryDialog, ReassignDialog
from tui.reads import READ_GROUP
from tui.screens.agenda import meeting_screen
from tui.screens.base import TandemScreen
from tui.screens.task_filter import TaskFilter
from tui.text import mixed, safe, safe_line
from tui.widgets.footer import TandemFooter
from tui.widgets.person_picker import PersonPicker
from tui.widgets.task_table import PAGE, TaskTable

if TYPE_CHECKING:
    from sqlite_utils import Database
    from textual.app import ComposeResult
    from textual.timer import Timer

FILTER_DELAY = 0.15  # seconds of quiet typing before the filter runs
# Ids read at once when the filters change: the first screens (the rest come from the reader).
FIRST_IDS = 500
# Rows read with the top of the list, for the first frame (a screenful at 40 rows).
FIRST_ROWS = 2 * PAGE
STATUS_OPTIONS = [("Open", "open"), ("Done", "done"), ("All", "all")]


class TasksScreen(TandemScreen):
    """Every task: filter by owner, department, status, overdue or text; act on the one under the cursor."""

    CSS_PATH = "tasks.tcss"
    # The keys the footer keeps at any width (tui/widgets/footer.py).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    PRIMARY_KEYS = ("a", "c", "r", "m", "slash")
    BINDINGS = [
        Binding("a", "add_task", "Add task", tooltip="Add a task outside any meeting"),
        Binding("c", "complete", "Complete"),
        Binding("r", "reassign", "Reassign"),
        Binding("m", "open_meeting", "Meeting"),
        Binding("h", "history", "History"),
        Binding("slash", "focus_search", "Search"),
        Binding("t", "focus_table", "Table", show=False),
        Binding("escape", "back", "Back", show=False),
    ]

    def __init__(self, opened_on: TaskFilter | None = None) -> None:
        super().__init__()
        start = opened_on or TaskFilter()
        self._initial_owner = start.owner_id
        self._initial_department = start.department_id
        # A task asked for by id may be done: show every status so it is there.
        self._status = "all" if start.task_id is not None else start.status
        self._overdue = start.overdue
        self._initial_task = start.task_id
        self._filter_timer: Timer | None = None
        self._people: list[Person] = []
        self._applied: dict[str, object] = {}
        self._keep_task: int | None = None  # the task to put the cursor on once read
        self._total: int | None = None  # every task (counted off the event loop)
        self._started = False  # the first read is in: the list follows the filters

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Input(placeholder="Search titles…", id="search")
            yield PersonPicker([], placeholder="Owner — anyone", id="owner")
            yield Select[int]([], prompt="Any department", id="department")
            yield Select[str](STATUS_OPTIONS, allow_blank=False, value=self._status, id="status")
            yield Checkbox("Overdue", value=self._overdue, id="overdue")
        reads = self.tandem.reads
        yield TaskTable(lambda ids: reads.run(lambda db: tasks_by_ids(db, ids)), id="tasks")
        yield Static(id="detail")
        yield Static(id="summary")
        yield TandemFooter()

    def on_mount(self) -> None:
        # One trip to the reader thread for the first frame: the filters' choices, the top
        # of the list they ask for and its first rows. Only the owner asked for: everyone
        # (10,000 people with a million tasks cost ~0.1 s) comes after the list.
        owner_id, today = self._initial_owner, self._today()
        asked: dict[str, object] = {
            "department_id": self._initial_department,
            "status": self._status,
            "overdue": self._overdue,
            "text": "",
        }

        def opening(db: Database) -> Opening:
            owner = _person_or_none(db, owner_id) if owner_id is not None else None
            filters: dict[str, object] = {"owner_id": owner.id if owner else None, **asked}
            top = task_ids(db, today=today, limit=FIRST_IDS + 1, **filters)  # type: ignore[arg-type]
            rows = tasks_by_ids(db, list(top[:FIRST_ROWS]))
            return Opening(owner, list_departments(db), filters, top, rows)

        self.read(opening, lambda found: self._start(found, today), key="filters")
        self.query_one(TaskTable).focus()

    def _start(self, opening: Opening, today: date) -> None:
        """The filters asked for in place, and the top of their list: the list follows the
        filters from now on."""
        owner, departments = opening.owner, opening.departments
        self._started = True
        picker = self.query_one(PersonPicker)
        if owner is not None:
            picker.pick(owner)
        department = self.query_one("#department", Select)
        with department.prevent(Select.Changed):
            department.set_options((safe_line(d.name, 40), d.id) for d in departments)
            if self._initial_department is not None:
                department.value = self._initial_department
        # The owner field filters as you type, like the search field (its own
        # Changed messages stop inside the picker, so watch the value instead).
        self.watch(picker.input, "value", lambda _value: self._schedule(), init=False)
        self._keep_task = self._initial_task
        self._applied = self._filters()
        if self._applied == opening.filters:
            self._show_top(opening.filters, today, opening.top, opening.rows)
        else:  # a department asked for that is not there (any more): the list it shows
            self._apply()
        self.call_after_refresh(self._read_people)

    @work(group=f"{READ_GROUP}:task-people", exclusive=True)
    async def _read_people(self) -> None:
        """Everyone, for the owner field and the reassign dialog, on the reader thread."""
        from tui.reads import ReaderClosed

        with self.refusals():
            try:
                people = await self.tandem.reads.run(list_people)
            except ReaderClosed:
                return  # the app quit meanwhile
            self._people = people
            try:
                picker = self.query_one(PersonPicker)
            except NoMatches:
                return  # the screen is being taken down (the app quits)
            picker.set_people(people)
            # A name typed before everyone was read names someone now.
            if picker.input.value.strip() and self._filters() != self._applied:
                self._schedule()

    # -- filters ------------------------------------------------------------

    def _today(self) -> date:
        return local_today(self.tandem.now())

    def _filters(self) -> dict[str, object]:
        department = self.query_one("#department", Select).value
        owner = self.query_one(PersonPicker).person
        return {
            "owner_id": owner.id if owner else None,
            "department_id": department if isinstance(department, int) else None,
            "status": self.query_one("#status", Select).value,
            "overdue": self.query_one("#overdue", Checkbox).value,
            "text": self.query_one("#search", Input).value,
        }

    def _schedule(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, self._apply)

    @on(Input.Changed, "#search")
    def _search_changed(self) -> None:
        self._schedule()

    @on(PersonPicker.Picked)
    @on(Select.Changed)
    @on(Checkbox.Changed)
    def _filter_changed(self) -> None:
        # Widgets also post Changed when they are first given their values: only
        # a real change of the filters re-reads (100,000 ids are not free).
        if self._filters() != self._applied:
            self._apply()

    @on(Input.Submitted, "#search")
    def _search_submitted(self) -> None:
        self._keep_task = self._initial_task
        self._apply()
        self.query_one(TaskTable).focus()

    def _apply(self, *, keep_row: bool = False) -> None:
        """Show the tasks of the current filters (their rows come a page at a time).

        Both come from the reader thread: first the top of the list (FIRST_IDS), a
        limited query as quick with a million tasks as with a hundred, then the whole
        list of ids and the counts, which extend it, the cursor staying where it is. A
        reload (``keep_row``) keeps the list shown until the new one has been read."""
        self._filter_timer = None
        if not self._started:
            return  # a widget given its first value: ``_start`` shows the filters as they are
        filters = self._applied = self._filters()
        today = self._today()
        if keep_row:
            self._read_ids(filters, today, keep_row)
            return

        def top_and_rows(db: Database) -> tuple[Sequence[int], list[Task]]:
            top = task_ids(db, today=today, limit=FIRST_IDS + 1, **filters)  # type: ignore[arg-type]
            return top, tasks_by_ids(db, list(top[:FIRST_ROWS]))

        self.read(
            top_and_rows,
            lambda found: self._show_top(filters, today, *found),
            key="task-top",
        )

    def _show_top(
        self, filters: dict[str, object], today: date, top: Sequence[int], rows: list[Task]
    ) -> None:
        """The top of the list of ``filters`` (its first rows read with it); the rest of
        the ids are read next."""
        if filters != self._applied:
            return  # the filters changed meanwhile: a newer read is on its way
        table = self.query_one(TaskTable)
        whole = len(top) <= FIRST_IDS
        table.set_ids(top[:FIRST_IDS], today=today, keep_task=self._keep_task, rows=rows)
        self._show_summary(len(top) if whole else None)
        self._show_detail(table)
        # After the frame with the top is out: the rest would compete with it.
        self.call_after_refresh(self._read_ids, filters, today, False)

    @work(group=f"{READ_GROUP}:task-ids", exclusive=True)
    async def _read_ids(self, filters: dict[str, object], today: date, keep_row: bool) -> None:
        """Every id of ``filters`` and the count of all tasks, on the reader thread."""
        from tui.reads import ReaderClosed

        def read(db: Database) -> tuple[Sequence[int], int]:
            return task_ids(db, today=today, **filters), count_tasks(db, status="all")  # type: ignore[arg-type]

        with self.refusals():
            try:
                ids, self._total = await self.tandem.reads.run(read)
            except ReaderClosed:
                return  # the app quit meanwhile
            if not self.is_attached or filters != self._applied:
                return  # the filters changed meanwhile: a newer read is on its way
            try:
                table = self.query_one(TaskTable)
            except NoMatches:
                return  # the screen is being taken down (the app quits)
            keep = self._keep_task if self._keep_task is not None else table.cursor_task_id
            self._keep_task = None
            table.set_ids(ids, today=today, keep_task=keep, keep_row=True, more=not keep_row)
            self._show_summary(len(ids))
            self._show_detail(table)

    def _show_summary(self, shown: int | None) -> None:
        """ "N of M tasks shown" (what is not counted yet says so)."""
        self.query_one("#summary", Static).update(
            mixed(
                "[b]$shown[/] of $total tasks shown",
                shown=f"{shown:,}" if shown is not None else f"{FIRST_IDS:,}+",
                total=f"{self._total:,}" if self._total is not None else "…",
            )
        )

    def reload(self) -> None:
        """Re-read from the database, keeping the cursor on the same task (or row)."""
        self._read_people()
        self._apply(keep_row=True)

    # -- the task under the cursor -----------------------------------------

    @on(TaskTable.CursorMoved)
    def _cursor_moved(self) -> None:
        self._show_detail(self.query_one(TaskTable))

    def _show_detail(self, table: TaskTable) -> None:
        """The task under the cursor, in full (once its row has been read)."""
        detail = self.query_one("#detail", Static)
        task = table.cursor_task
        # Its height is fixed (tasks.tcss): no layout pass per cursor move.
        if task is None:
            reading = table.cursor_task_id is not None  # its row is on its way
            detail.update(safe("…" if reading else "No task matches these filters."), layout=False)
            return
        where = f"meeting {task.meeting_id}" if task.meeting_id is not None else "no meeting"
        detail.update(
            mixed(
                "[b]$title[/]\n$owner · assigned by $by · $where · due $due · $status",
                title=task.title[:500],
                owner=task.owner,
                by=task.assigned_by,
                where=where,
                due=task.due or "—",
                status=task.status,
            ),
            layout=False,
        )

    def _current(self) -> Task | None:
        task = self.query_one(TaskTable).cursor_task
        if task is None:
            self.notify("No task selected", severity="warning")
        return task

    def action_complete(self) -> None:
        task = self._current()
        if task is None:
            return
        app = self.tandem
        with self.refusals():
            writer = app.writer
            self.write(
                lambda db: complete_task(
                    db, writer, task.id, expected_version=task.version, now=app.now()
                ),
                lambda done: self.notify(
                    mixed("Task $id done: $title", id=done.id, title=done.title[:80])  # type: ignore[arg-type]
                ),
                after=self.reload,
            )
            return
        self.reload()

    def action_add_task(self) -> None:
        from tui.dialogs.live import open_task_form

        def added(task: Task | None) -> None:
            if task is not None:
                self.notify(mixed("Task $id for $owner", id=task.id, owner=task.owner))  # type: ignore[arg-type]
            self.reload()

        open_task_form(self, added)

    def action_reassign(self) -> None:
        task = self._current()
        if task is None:
            return
        with self.refusals():
            writer = self.tandem.writer
            people = self._people  # [] when asked for before the reader thread brought them
            self.read(
                lambda db: _reassign_choices(db, writer, task, people),
                lambda found: self._ask_reassign(task, *found),
                key="reassign",
            )

    def _ask_reassign(self, task: Task, people: list[Person], refused: dict[int, str]) -> None:

        def chosen(result: tuple[Person, str] | None) -> None:
            if result is None:
                return
            person, reason = result
            app = self.tandem
            with self.refusals():
                writer = app.writer
                self.write(
                    lambda db: reassign_task(
                        db,
                        writer,
                        task.id,
                        person.id,
                        reason=reason,
                        expected_version=task.version,
                        now=app.now(),
                    ),
                    lambda moved: self.notify(
                        mixed("Task $id now owned by $owner", id=moved.id, owner=moved.owner)  # type: ignore[arg-type]
                    ),
                    after=self.reload,
                )
                return
            self.reload()

        self._people = people
        self.app.push_screen(ReassignDialog(task, people, refused=refused), chosen)

    def action_open_meeting(self) -> None:
        task = self._current()
        if task is None:
            return
        if task.meeting_id is None:
            self.notify(mixed("Task $id came from no meeting", id=task.id), severity="warning")  # type: ignore[arg-type]
            return
        meeting_id = task.meeting_id
        self.read(
            lambda db: get_meeting(db, meeting_id, full=False),
            lambda meeting: self.tandem.open_screen(meeting_screen(meeting)),
            key="open",
        )

    def action_history(self) -> None:
        task = self._current()
        if task is None:
            return
        self.read(
            lambda db: (get_task(db, task.id), task_history(db, task.id)),
            lambda found: self.app.push_screen(HistoryDialog(*found)),
            key="history",
        )

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one(TaskTable).focus()

    def action_back(self) -> None:
        """Escape in a filter (text, select, checkbox) returns to the list; on the list, back."""
        table = self.query_one(TaskTable)
        if self.focused is not None and self.focused is not table:
            table.focus()
        else:
            super().action_back()


@dataclass(frozen=True)
class Opening:
    """What the screen's first frame shows, read in one trip to the reader thread."""

    owner: Person | None  # the owner asked for (None: anyone, or nobody by that id)
    departments: list[Department]
    filters: dict[str, object]  # the filters asked for, as ``TasksScreen._filters`` says them
    top: Sequence[int]  # the first FIRST_IDS (+1: are there more?) ids of their list
    rows: list[Task]  # the tasks of its first FIRST_ROWS ids


def _reassign_choices(
    db: Database, writer: Person, task: Task, people: list[Person]
) -> tuple[list[Person], dict[int, str]]:
    """Whom ``writer`` may give ``task`` to: everyone, and why each one they may not is
    refused (listed greyed, with the reason); on the reader thread.

    Raises:
        PermissionDenied: ``writer`` may not move ``task`` at all (no dialog opens: the
            refusal says who may).
    """
    from db.permissions import require_may_reassign_task, require_reassign
    from tui.words import refused_people

    people = people or list_people(db)
    require_may_reassign_task(db, writer, task)
    return people, refused_people(people, lambda p: require_reassign(db, writer, task, p))


def _person_or_none(db: Database, person_id: int) -> Person | None:
    """The person with this id (None when there is none: the field stays empty)."""
    from db.errors import NotFound
    from db.people import get_person

    try:
        return get_person(db, person_id)
    except NotFound:
        return None
