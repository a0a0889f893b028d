"""Home: upcoming meetings, my open tasks, overdue by department, workload, recent decisions.

Home's frame is painted first: its panels are filled when the dashboard,
read on the app's reader thread (``tui/reads.py``), comes back. The screens it
opens are imported when first opened, so starting the app pays only for Home.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Label, Static

from db.dashboard import Dashboard, dashboard
from db.dates import local_today
from db.tasks import is_overdue
from tui.dates import moment
from tui.screens.base import TandemScreen
from tui.screens.task_filter import TaskFilter
from tui.text import mixed, safe, safe_text
from tui.widgets.formatting import bar
from tui.widgets.tables import Refill

BAR_WIDTH = 12


@dataclass(frozen=True)
class MeetingRow:
    """A row that opens a meeting (Live while it runs, else its agenda)."""

    meeting_id: int


@dataclass(frozen=True)
class DecisionRow:
    """A row that opens the decision log on a decision."""

    decision_id: int


# What a row of Home opens: Tasks on a filter, a meeting, or a decision.
Opens = TaskFilter | MeetingRow | DecisionRow


class HomeScreen(TandemScreen):
    """The first screen: what needs attention now."""

    CSS_PATH = "home.tcss"
    BINDINGS = [
        Binding("n", "new_meeting", "New meeting"),
        Binding("a", "open('Agenda')", "Agenda"),
        Binding("l", "open('Live meeting')", "Live meeting"),
        Binding("t", "open('Tasks')", "Tasks"),
        Binding("d", "open('Decisions')", "Decisions"),
        Binding("r", "open('Responsibilities')", "Responsibilities", show=False),
        Binding("f", "open('Task forces')", "Task forces", show=False),
        Binding("p", "open('People')", "People", show=False),
        Binding("f5", "reload", "Reload"),
    ]
    # The panels hold the dashboard: the first read came back (tests wait for it).
    loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        # Shown only when the login running the app is bound to nobody (read only).
        yield Static(Content(""), id="unbound-banner")
        with Horizontal(id="home-columns"):
            with Vertical(id="home-left"):
                yield Label(Content("Upcoming meetings"), classes="panel-title")
                yield DataTable(id="upcoming", cursor_type="row", zebra_stripes=True)
                yield Label(Content("My open tasks"), id="my-tasks-title", classes="panel-title")
                yield DataTable(id="my-tasks", cursor_type="row", zebra_stripes=True)
            with Vertical(id="home-right"):
                yield Label(Content("Overdue by department"), classes="panel-title")
                yield DataTable(id="overdue", cursor_type="row")
                yield Label(Content("Workload (open tasks)"), classes="panel-title")
                yield DataTable(id="workload", cursor_type="row")
                yield Label(Content("Recent decisions"), classes="panel-title")
                yield DataTable(id="decisions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#upcoming", DataTable).add_columns("When", "Meeting", "Agenda")
        self.query_one("#my-tasks", DataTable).add_columns("Due", "Task", "Meeting")
        self.query_one("#overdue", DataTable).add_columns("Department", "Overdue")
        self.query_one("#workload", DataTable).add_columns("Person", "Open", "Load")
        self.query_one("#decisions", DataTable).add_columns("#", "Decision", "By")
        self._fresh = True
        self._opens: dict[str, Opens] = {}
        # The first frame goes out before any reading starts: the reader thread would
        # compete with it for the interpreter while Home is being composed and styled.
        self.call_after_refresh(self.reload)
        self.query_one("#upcoming", DataTable).focus()

    def reload(self) -> None:
        """Re-read every panel, keeping each cursor where it was.

        The dashboard is read on the reader thread; the panels are filled when it
        comes back (a newer reload supersedes one still on its way).
        """
        app = self.tandem
        with self.refusals():
            # The login's binding may have changed in another terminal.
            app.refresh_actor()
            self._show_banner()
        # Read only: nobody's tasks are "mine" (ids start at 1).
        actor_id, now = (app.actor.id if app.actor else 0), app.now()
        self.run_worker(self._load(actor_id, now), group="home-panels", exclusive=True)

    async def _load(self, actor_id: int, now: Any) -> None:
        with self.refusals():
            data = await self.tandem.reads.run(lambda db: dashboard(db, actor_id, now))
            self._fill(data)
            self.loaded = True

    def _show_banner(self) -> None:
        from tui.words import unbound_banner

        app: Any = self.app
        banner = self.query_one("#unbound-banner", Static)
        banner.display = app.actor is None
        banner.update(safe(unbound_banner(app.login)) if app.actor is None else Content(""))

    def _fill(self, data: Dashboard) -> None:
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
                    safe_text(m.title, 26),
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
                    safe_text(t.title, 44),
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
            for w in data.workload:
                late_bar = bar(w.overdue, largest, BAR_WIDTH) if w.overdue else ""
                rest = bar(w.open_tasks, largest, BAR_WIDTH)[len(late_bar) :]
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
                    safe_text(x.text, 28),
                    safe_text(x.recorded_by, 12),
                    key=f"decision:{x.id}",
                )
                opens[f"decision:{x.id}"] = DecisionRow(x.id)
        self._opens = opens

    def _keeping(self, selector: str) -> Refill:
        return Refill(self.query_one(selector, DataTable))

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        opens = self._opens.get(str(event.row_key.value))
        app = self.tandem
        if isinstance(opens, MeetingRow):
            from db.meetings import get_meeting
            from tui.screens.agenda import meeting_screen

            with self.refusals():
                app.open_screen(meeting_screen(get_meeting(app.db, opens.meeting_id, full=False)))
        elif isinstance(opens, TaskFilter):
            from tui.screens.tasks import TasksScreen

            app.open_screen(TasksScreen(opens))
        elif isinstance(opens, DecisionRow):
            from tui.screens.decisions import DecisionsScreen

            app.open_screen(DecisionsScreen(decision_id=opens.decision_id))

    def action_open(self, name: str) -> None:
        self.tandem.open_screen(name)

    def action_new_meeting(self) -> None:
        from tui.screens.agenda import AgendaScreen

        self.tandem.open_screen(AgendaScreen(new=True))

    def action_reload(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        # Back from another screen: what was done there shows here at once.
        if self._fresh:
            self._fresh = False
            return
        self.reload()
