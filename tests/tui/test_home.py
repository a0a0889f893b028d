"""Home: upcoming meetings, my open tasks (overdue first), overdue by department, workload,
recent decisions; enter opens the selected thing."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from textual.widgets import DataTable

from db.decisions import record_decision
from db.meetings import add_item, close_meeting, create_meeting, start_item
from db.tasks import add_task, complete_task
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, FixedClock, screen_text, wait_until
from tui.screens.agenda import AgendaScreen
from tui.screens.home import BAR_WIDTH, HomeScreen
from tui.screens.live import LiveScreen
from tui.widgets.formatting import bar
from tui.widgets.person_picker import PersonPicker

TODAY = FIXED_NOW.astimezone().date()


def _day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def _rows(screen: Any, table_id: str) -> list[tuple[str, ...]]:
    table = screen.query_one(f"#{table_id}", DataTable)
    return [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


def _keys(screen: Any, table_id: str) -> list[str]:
    table = screen.query_one(f"#{table_id}", DataTable)
    return [str(row.key.value) for row in table.ordered_rows]


class World:
    """Meetings, tasks and decisions around FIXED_NOW, made through db/."""

    def __init__(self, team: Team) -> None:
        db, admin = team.db, team.admin
        self.closed = create_meeting(
            db, admin, "Last week's sync", at=FIXED_NOW - timedelta(days=7), now=FIXED_NOW
        )
        add_item(db, admin, self.closed.id, "Pipeline")
        self.stale = create_meeting(
            db, admin, "Never held", at=FIXED_NOW - timedelta(days=3), now=FIXED_NOW
        )
        self.running = create_meeting(
            db, admin, "Running sync", at=FIXED_NOW, minutes=30, now=FIXED_NOW
        )
        first = add_item(db, admin, self.running.id, "Forecast", minutes=20)
        add_item(db, admin, self.running.id, "Leads", minutes=20)  # 40 of 30: over
        start_item(db, admin, first.id, now=FIXED_NOW)
        self.planned = create_meeting(
            db, admin, "Campaign review", at=FIXED_NOW + timedelta(days=2), now=FIXED_NOW
        )
        add_item(db, admin, self.planned.id, "Budget", minutes=15)

        def task(title: str, owner: Any, due: int | None) -> int:
            return add_task(
                db,
                admin,
                title,
                owner.id,
                due=_day(due) if due is not None else None,
                allow_duplicate=True,
                now=FIXED_NOW,
            ).id

        self.mine = {
            "Someday maybe": task("Someday maybe", admin, None),
            "Renew contract": task("Renew contract", admin, 6),
            "Late report": task("Late report", admin, -2),
            "Very late invoice": task("Very late invoice", admin, -4),
        }
        done = task("Finished already", admin, -1)
        complete_task(db, admin, done, now=FIXED_NOW)
        task("Call Globex", team.omar, -1)
        task("Call Initech", team.omar, -3)
        task("Write the blog post", team.tom, -1)
        task("Plan the webinar", team.nina, 10)
        self.first = record_decision(
            db,
            admin,
            "Focus on enterprise",
            meeting_id=self.closed.id,
            item_position=1,
            now=FIXED_NOW - timedelta(days=7),
        )
        close_meeting(db, admin, self.closed.id, now=FIXED_NOW - timedelta(days=7))
        self.second = record_decision(
            db, admin, "Weekly pipeline call", meeting_id=self.running.id, now=FIXED_NOW
        )


async def test_home_shows_every_panel(team: Team, app_factory) -> None:  # type: ignore[no-untyped-def]
    world = World(team)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        await pilot.pause()  # panels fill from the reader thread; then a frame
        home = app.screen
        # Upcoming: the running meeting first, then planned ones from today; not closed
        # ones or planned ones from earlier days. Planned minutes against the length.
        assert _keys(home, "upcoming") == [
            f"meeting:{world.running.id}",
            f"meeting:{world.planned.id}",
        ]
        upcoming = _rows(home, "upcoming")
        assert upcoming[0] == ("▶ now", "Running sync", "40/30 min")
        assert upcoming[1][1:] == ("Campaign review", "15/60 min")
        in_two_days = (FIXED_NOW + timedelta(days=2)).astimezone()
        assert upcoming[1][0] == in_two_days.strftime("%a %d %b %H:%M")

        # My open tasks: overdue first (most overdue first), then by due date, none last.
        assert [r[1] for r in _rows(home, "my-tasks")] == [
            "Very late invoice",
            "Late report",
            "Renew contract",
            "Someday maybe",
        ]
        assert [r[0] for r in _rows(home, "my-tasks")] == [
            _day(-4).isoformat(),
            _day(-2).isoformat(),
            _day(6).isoformat(),
            "—",
        ]
        text = screen_text(app)
        assert "My open tasks (4)" in text
        assert "Finished already" not in text

        # Overdue by department: Sales has Omar's two, Marketing Tom's one; the admin's
        # two (no department) come last.
        assert _rows(home, "overdue") == [
            ("Sales", "2"),
            ("Marketing", "1"),
            ("(no department)", "2"),
        ]

        # Workload: most open first, a bar per person scaled to the largest.
        workload = _rows(home, "workload")
        assert [(r[0], r[1]) for r in workload] == [
            ("Ada Admin", "4 (2 late)"),
            ("Omar Haddad", "2 (2 late)"),
            ("Nina Roy", "1"),
            ("Tom Berg", "1 (1 late)"),
        ]
        bars = [r[2] for r in workload]
        # The widest bar takes what the panel leaves (BAR_WIDTH at most), the others scale.
        full = len(bars[0])
        assert 3 <= full <= BAR_WIDTH
        assert bars == ["█" * full, bar(2, 4, full), bar(1, 4, full), bar(1, 4, full)]
        # The overdue part of a bar is red, the rest not.
        load = home.query_one("#workload", DataTable).get_row_at(0)[2]
        styles = [(span.start, span.end, str(span.style)) for span in load.spans]
        assert (0, len(bar(2, 4, full)), "red") in styles

        # Recent decisions, newest first, with who recorded them.
        assert _rows(home, "decisions") == [
            (str(world.second.id), "Weekly pipeline call", "Ada Admin"),
            (str(world.first.id), "Focus on enterprise", "Ada Admin"),
        ]
        for shown in ("Running sync", "Campaign review", "Very late invoice", "Weekly pipeline"):
            assert shown in text


async def test_my_tasks_are_the_acting_persons(team: Team, app_factory) -> None:  # type: ignore[no-untyped-def]
    World(team)
    app = app_factory("Omar Haddad")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        await pilot.pause()  # panels fill from the reader thread; then a frame
        assert [r[1] for r in _rows(app.screen, "my-tasks")] == ["Call Initech", "Call Globex"]
        assert "My open tasks (2)" in screen_text(app)


async def test_empty_home_says_so(team: Team, app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        await pilot.pause()  # panels fill from the reader thread; then a frame
        text = screen_text(app)
        assert "No upcoming meetings — n creates one" in text
        assert "Nothing open — well done" in text
        await pilot.press("enter")  # on the placeholder row: nothing opens, nothing breaks
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and app.is_running


async def test_enter_opens_the_selected_thing(team: Team, app_factory) -> None:  # type: ignore[no-untyped-def]
    world = World(team)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        home = app.screen

        # The running meeting opens in Live, a planned one in the Agenda.
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        assert app.screen.meeting_id == world.running.id  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is home)
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        assert app.screen.meeting_id == world.planned.id  # type: ignore[attr-defined]
        await wait_until(pilot, lambda: "Campaign review" in screen_text(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is home)

        # My second task opens in Tasks, on that task.
        home.query_one("#my-tasks", DataTable).focus()
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TasksScreen")
        assert app.screen._initial_task == world.mine["Late report"]  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is home)

        # A person's workload opens Tasks filtered to that owner.
        home.query_one("#workload", DataTable).focus()
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TasksScreen")
        await wait_until(pilot, lambda: app.screen.query_one(PersonPicker).person is not None)
        assert app.screen.query_one(PersonPicker).person.name == "Omar Haddad"  # type: ignore[union-attr]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is home)

        # A decision opens the decision log on it.
        home.query_one("#decisions", DataTable).focus()
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DecisionsScreen")
        assert app.screen._initial_decision == world.first.id  # type: ignore[attr-defined]
        assert app.is_running


async def test_home_shows_changes_made_elsewhere_on_return(
    team: Team, app_factory, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        home = app.screen
        assert _keys(home, "upcoming") == ["none:0"]
        create_meeting(team.db, team.admin, "Fresh meeting", at=FIXED_NOW, now=FIXED_NOW)
        await pilot.press("f5")
        await wait_until(pilot, lambda: _keys(home, "upcoming") == ["meeting:1"])
        assert "Fresh meeting" in screen_text(app)
