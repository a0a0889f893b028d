"""Home: upcoming meetings, my open tasks, overdue by department, workload, recent decisions.

Home's frame is painted first: its panels are filled when the dashboard,
read on the app's reader thread (``tui/reads.py``), comes back. The screens it
opens are imported when first opened, so starting the app pays only for Home.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.widget import MountError
from textual.widgets import DataTable, Header, Label, Static

from db.dates import local_today
from db.lazyclass import dataclass
from tui.dates import moment
from tui.reads import READ_GROUP
from tui.screens.base import TandemScreen
from tui.screens.task_filter import TaskFilter
from tui.text import mixed, safe, safe_text
from tui.widgets.footer import TandemFooter
from tui.widgets.formatting import bar
from tui.widgets.goal_bar import SHOWN as GOALS_SHOWN
from tui.widgets.goal_bar import GoalBars
from tui.widgets.ideas_panel import IdeasField, IdeasFieldPanel, read_ideas_field
from tui.widgets.tables import FittedTable, Refill, free_width

if TYPE_CHECKING:
    from sqlite_utils import Database
    from textual.app import ComposeResult

    from db.dashboard import Dashboard
    from db.goals import Goal
    from db.models import Decision, Person
    from tui.app import Who

BAR_WIDTH = 12
# From this terminal width Home's right column takes a share of the width (home.tcss).
WIDE = 100
# Each panel's table: (panel, table id, columns, zebra stripes).
TABLES = (
    ("upcoming-panel", "upcoming", ("When", "Meeting", "Agenda"), True),
    ("my-tasks-panel", "my-tasks", ("Due", "Task", "Meeting"), True),
    ("decisions-panel", "decisions", ("#", "Decision", "By"), True),
    ("waiting-panel", "waiting", ("#", "Proposal", "Status"), False),
    ("overdue-panel", "overdue", ("Department", "Overdue"), False),
    ("workload-panel", "workload", ("Person", "Open", "Load"), False),
)


@dataclass(frozen=True)
class MeetingRow:
    """A row that opens a meeting (Live while it runs, else its agenda)."""

    meeting_id: int


@dataclass(frozen=True)
class DecisionRow:
    """A row that opens the decision log on a decision."""

    decision_id: int


@dataclass(frozen=True)
class ProposalRow:
    """A row that opens Agreements on a proposal waiting for the head's approval."""

    decision_id: int


# What a row of Home opens: Tasks on a filter, a meeting, a decision, or a proposal.
Opens = TaskFilter | MeetingRow | DecisionRow | ProposalRow


@dataclass(frozen=True)
class HomeData:
    """Everything Home shows, read in one go on the reader thread."""

    me: Person | None  # who acts: the login's person, and whom the admin acts for
    acting: Person | None
    dashboard: Dashboard
    goals: list[Goal]  # the first few in force (GoalBars.shown)
    goals_in_force: int
    waiting: list[Decision] | None  # None: the actor heads no department
    ideas_field: IdeasField


def _read_home(db: Database, who: Who, now: Any) -> HomeData:
    """Who acts and Home's panels for them (on the reader thread: reads only; the modules
    reading them are imported here, so Home's first frame does not wait for them)."""
    from db.dashboard import dashboard
    from db.goals import goals_in_force
    from db.governance import waiting_for

    # The login's binding may have changed in another terminal.
    me, acting = who(db)
    actor = acting or me
    today = local_today(now)
    goals, in_force = goals_in_force(db, limit=GOALS_SHOWN, today=today)
    return HomeData(
        me=me,
        acting=acting,
        # Read only: nobody's tasks are "mine" (ids start at 1).
        dashboard=dashboard(db, actor.id if actor else 0, now),
        goals=goals,
        goals_in_force=in_force,
        waiting=waiting_for(db, actor) if actor is not None and actor.is_head else None,
        ideas_field=read_ideas_field(db, actor, today),
    )


class HomeScreen(TandemScreen):
    """The first screen: what needs attention now."""

    CSS_PATH = "home.tcss"
    # The keys the footer keeps at any width (tui/widgets/footer.py).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    PRIMARY_KEYS = ("n", "plus", "a", "l", "t", "d")
    BINDINGS = [
        Binding("n", "new_meeting", "New meeting"),
        Binding("plus", "add_task", "Add task", tooltip="Add a task outside any meeting"),
        Binding("a", "open('Agenda')", "Agenda"),
        Binding("l", "open('Live meeting')", "Live meeting"),
        Binding("t", "open('Tasks')", "Tasks"),
        Binding("d", "open('Decisions')", "Decisions"),
        Binding("r", "open('Responsibilities')", "Responsibilities", show=False),
        Binding("f", "open('Task forces')", "Task forces", show=False),
        Binding("p", "open('People')", "People", show=False),
        Binding("g", "open('Agreements')", "Agreements", show=False),
        Binding("i", "open('Ideas')", "Ideas", show=False),
        Binding("f5", "reload", "Reload"),
    ]
    # The panels hold the dashboard: the first read came back (tests wait for it).
    loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        # Shown only when the login running the app is bound to nobody (read only).
        yield Static(Content(""), id="unbound-banner")
        # Two columns of framed panels: what is mine and what comes (meetings, my tasks,
        # the decisions log) on the left, the department's picture on the right. Each
        # panel's table is mounted once the first frame is out (``_mount_tables``).
        with Horizontal(id="home-columns"):
            with Vertical(id="home-left"):
                with Vertical(classes="panel", id="upcoming-panel"):
                    yield Label(Content("Upcoming meetings"), classes="panel-title")
                with Vertical(classes="panel", id="goals-panel"):
                    yield GoalBars(id="goal-bars")
                    yield IdeasFieldPanel(id="ideas-field")
                with Vertical(classes="panel", id="my-tasks-panel"):
                    yield Label(
                        Content("My open tasks"), id="my-tasks-title", classes="panel-title"
                    )
                with Vertical(classes="panel", id="decisions-panel"):
                    yield Label(Content("Recent decisions"), classes="panel-title")
            with Vertical(id="home-right"):
                # Shown to a head only (once read): proposals binding their department,
                # not yet approved.
                with Vertical(classes="panel", id="waiting-panel"):
                    yield Label(
                        Content("Waiting for your approval"),
                        id="waiting-title",
                        classes="panel-title",
                    )
                with Vertical(classes="panel", id="overdue-panel"):
                    yield Label(Content("Overdue by department"), classes="panel-title")
                with Vertical(classes="panel", id="workload-panel"):
                    yield Label(Content("Workload (open tasks)"), classes="panel-title")
        yield TandemFooter()

    def on_mount(self) -> None:
        self._fresh = True
        self._refit_pending = False
        self._opens: dict[str, Opens] = {}
        self._tables_mounted = asyncio.Event()
        self._mounting = False
        # The first frame (the framed panels and their titles) goes out before any
        # reading starts and before the tables are styled: the reader thread would
        # compete with it for the interpreter, and six tables are most of Home's styling.
        self.call_after_refresh(self._after_first_frame)

    async def _after_first_frame(self) -> None:
        self.reload()
        await self._mount_tables()

    async def _mount_tables(self) -> None:
        """Mount each panel's table (once, while Home is shown: a screen opened on top
        before then saves the cost until Home comes back)."""
        if self._mounting or not self.is_current:
            return
        self._mounting = True
        tables: list[tuple[DataTable[Any], tuple[str, ...]]] = [
            (FittedTable(id=table_id, cursor_type="row", zebra_stripes=zebra), columns)
            for _panel, table_id, columns, zebra in TABLES
        ]
        try:
            mounts = [
                self.query_one(f"#{panel}").mount(table)
                for (panel, *_), (table, _columns) in zip(TABLES, tables, strict=True)
            ]
        except (MountError, NoMatches):
            return  # the app is quitting (its database went away): the panels are going
        for mounted in mounts:
            await mounted
        if not self.is_attached:
            return  # the app is quitting: the panels are being taken down
        for table, columns in tables:
            table.add_columns(*columns)
        if self.focused is None:
            tables[0][0].focus()
        self._tables_mounted.set()

    def reload(self) -> None:
        """Re-read every panel, keeping each cursor where it was.

        The dashboard is read on the reader thread; the panels are filled when it
        comes back (a newer reload supersedes one still on its way).
        """
        app = self.tandem
        with self.refusals():
            # The first reload opens the database: the app's first frame is out.
            self._load(app.who_read(), app.now())

    # A worker made by ``work`` starts from a function, not a coroutine object: one
    # cancelled before it starts (a newer reload, the app quitting) leaves no coroutine
    # that was never awaited.
    @work(group=f"{READ_GROUP}:home-panels", exclusive=True)
    async def _load(self, who: Who, now: Any) -> None:
        from tui.reads import ReaderClosed

        with self.refusals():
            try:
                data = await self.tandem.reads.run(lambda db: _read_home(db, who, now))
            except ReaderClosed:
                return  # the app quit while Home was still filling: nothing to show
            self.tandem.set_who(data.me, data.acting)
            if not self.is_attached or not self.is_current:
                # Another screen (or a dialog) is in front: filling panels nobody sees
                # costs a layout for nothing, and coming back reads them afresh anyway.
                return
            await self._tables_mounted.wait()
            if not self.is_attached or not self.is_current:
                return
            try:
                self._show_banner()
                self._show(data, now)
            except NoMatches:
                return  # the app is quitting: the panels are already being taken down

    def _show(self, data: HomeData, now: Any) -> None:
        self._last = data.dashboard
        # Rows that come before their table has its width are cut to a guess; the table
        # says when its width is set or changes (``_refit``), and they are cut again. Once
        # more after the next layout: a scrollbar the new rows bring narrows a table's
        # rows, not the table.
        self._fill(data.dashboard)
        self._refit()
        self.query_one(GoalBars).show(data.goals, in_force=data.goals_in_force)
        self._fill_waiting(data.waiting)
        self.query_one(IdeasFieldPanel).show(data.ideas_field)
        self.loaded = True

    def _show_banner(self) -> None:
        from tui.words import unbound_banner

        app: Any = self.app
        banner = self.query_one("#unbound-banner", Static)
        banner.display = app.actor is None
        banner.update(safe(unbound_banner(app.login)) if app.actor is None else Content(""))

    def _fill(self, data: Dashboard) -> None:
        from db.tasks import is_overdue

        app: Any = self.app
        today = local_today(app.now())
        # What each row opens (the row keys only keep the cursors on the same rows).
        opens: dict[str, Opens] = {}

        with self._keeping("#upcoming") as table:
            for m in data.upcoming:
                over = m.planned_minutes > m.minutes
                table.add_row(
                    Text("▶ now", style="bold green")
                    if m.status == "running"
                    else Text(moment(m.at, as_stored=True, today=today)),
                    safe_text(m.title, free_width(table, 31, before=26)),
                    Text(
                        f"{m.planned_minutes}/{m.minutes} min",
                        style="bold yellow" if over else "",
                    ),
                    key=f"meeting:{m.id}",
                )
                opens[f"meeting:{m.id}"] = MeetingRow(m.id)
            if not data.upcoming:
                table.add_row("—", "No upcoming meetings — n creates one", "", key="none:0")

        self.query_one("#my-tasks-title", Label).update(
            mixed("My open tasks ($count)", count=data.my_task_count)
        )
        with self._keeping("#my-tasks") as table:
            for t in data.my_tasks:
                table.add_row(
                    Text(t.due or "—", style="bold red" if is_overdue(t, today) else ""),
                    safe_text(t.title, free_width(table, 20, before=44)),
                    Text(f"#{t.meeting_id}" if t.meeting_id else ""),
                    key=f"task:{t.id}",
                )
                opens[f"task:{t.id}"] = TaskFilter(task_id=t.id)
            if app.actor is None:
                table.add_row("", "None: your login is bound to no person", "", key="none:1")
            elif not data.my_tasks:
                table.add_row("", "Nothing open — well done", "", key="none:1")

        with self._keeping("#overdue") as table:
            for d in data.overdue_by_department:
                table.add_row(
                    safe_text(d.department or "(no department)", 24),
                    Text(str(d.overdue), style="bold red" if d.overdue else ""),
                    key=f"dept:{d.department_id or ''}",
                )
                opens[f"dept:{d.department_id or ''}"] = TaskFilter(
                    department_id=d.department_id, overdue=True
                )

        largest = max((w.open_tasks for w in data.workload), default=0)
        with self._keeping("#workload") as table:
            width = min(BAR_WIDTH, free_width(table, 34, floor=3, before=BAR_WIDTH))
            for w in data.workload:
                late_bar = bar(w.overdue, largest, width) if w.overdue else ""
                rest = bar(w.open_tasks, largest, width)[len(late_bar) :]
                table.add_row(
                    safe_text(w.name, 16),
                    Text(str(w.open_tasks) + (f" ({w.overdue} late)" if w.overdue else "")),
                    Text.assemble((late_bar, "red"), (rest, "cyan")),
                    key=f"person:{w.person_id}",
                )
                opens[f"person:{w.person_id}"] = TaskFilter(owner_id=w.person_id)

        with self._keeping("#decisions") as table:
            for x in data.recent_decisions:
                table.add_row(
                    Text(str(x.id)),
                    safe_text(x.text, free_width(table, 22, before=28)),
                    safe_text(x.recorded_by, 12),
                    key=f"decision:{x.id}",
                )
                opens[f"decision:{x.id}"] = DecisionRow(x.id)
        # The approvals panel is filled on its own (_fill_waiting): its rows stay.
        opens.update({k: v for k, v in self._opens.items() if k.startswith("proposal:")})
        self._opens = opens

    def _fill_waiting(self, waiting: list[Decision] | None) -> None:
        """Proposals waiting for the acting head's approval (a head only: else None)."""
        self.query_one("#waiting-panel").display = waiting is not None
        if waiting is None:
            return
        self.query_one("#waiting-title", Label).update(
            mixed("Waiting for your approval ($n) — g opens Agreements", n=len(waiting))
        )
        with self._keeping("#waiting") as table:
            for d in waiting:
                table.add_row(
                    Text(str(d.id)),
                    safe_text(d.text, 30),
                    Text(d.status, style="bold red" if d.status == "blocked" else "yellow"),
                    key=f"proposal:{d.id}",
                )
                self._opens[f"proposal:{d.id}"] = ProposalRow(d.id)
            if not waiting:
                table.add_row("", "Nothing waits for you", "", key="none:2")

    def _keeping(self, selector: str) -> Refill:
        return Refill(self.query_one(selector, DataTable))

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        opens = self._opens.get(str(event.row_key.value))
        app = self.tandem
        if isinstance(opens, MeetingRow):
            from db.meetings import get_meeting
            from tui.screens.agenda import meeting_screen

            meeting_id = opens.meeting_id
            self.read(
                lambda db: get_meeting(db, meeting_id, full=False),
                lambda meeting: app.open_screen(meeting_screen(meeting)),
                key="open",
            )
        elif isinstance(opens, TaskFilter):
            from tui.screens.tasks import TasksScreen

            app.open_screen(TasksScreen(opens))
        elif isinstance(opens, DecisionRow):
            from tui.screens.decisions import DecisionsScreen

            app.open_screen(DecisionsScreen(decision_id=opens.decision_id))
        elif isinstance(opens, ProposalRow):
            from tui.screens.agreements import AgreementsScreen

            app.open_screen(AgreementsScreen(decision_id=opens.decision_id))

    def action_open(self, name: str) -> None:
        self.tandem.open_screen(name)

    def action_add_task(self) -> None:
        from tui.dialogs.live import open_task_form

        def added(task: Any) -> None:
            if task is not None:
                self.notify(mixed("Task $id for $owner", id=task.id, owner=task.owner))  # type: ignore[arg-type]
            self.reload()

        open_task_form(self, added)

    def action_new_meeting(self) -> None:
        from tui.screens.agenda import AgendaScreen

        self.tandem.open_screen(AgendaScreen(new=True))

    def action_reload(self) -> None:
        self.reload()

    @on(FittedTable.WidthChanged)
    def _refit(self) -> None:
        # Titles take the width their table has now (the data as last read): once for
        # all the tables whose width a layout changed.
        if not self._refit_pending:
            self._refit_pending = True
            self.call_after_refresh(self._refill)

    def _refill(self) -> None:
        self._refit_pending = False
        data = getattr(self, "_last", None)
        if data is not None and self.is_current:
            self._fill(data)

    async def on_screen_resume(self) -> None:
        # Back from another screen: what was done there shows here at once.
        if self._fresh:
            self._fresh = False
            return
        self.reload()
        await self._mount_tables()
