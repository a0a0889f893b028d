"""The Tasks screen: filters as you type, complete, reassign, open its meeting, history, refusals."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlite_utils import Database
from textual.widgets import Input

from db.connection import open_db
from db.errors import PermissionDenied, TandemError
from db.meetings import create_meeting
from db.tasks import add_task, count_tasks, get_task, task_history
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, messages, paste, wait_until
from tui.app import TandemApp
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.tasks import HistoryDialog, ReassignDialog
from tui.screens.tasks import TaskFilter, TasksScreen
from tui.widgets.task_table import TaskTable

TODAY = FIXED_NOW.date()


class Tasks:
    """A small, fixed set of tasks across both departments."""

    def __init__(self, db: Database, team: Team) -> None:
        at = FIXED_NOW - timedelta(days=3)
        self.meeting = create_meeting(
            db, team.maya, "Sales weekly", at=FIXED_NOW + timedelta(days=1), now=at
        )
        self.pricing = add_task(
            db, team.maya, "Draft Q3 pricing", team.omar.id, due=TODAY - timedelta(days=2), now=at
        )
        self.globex = add_task(
            db,
            team.maya,
            "Call Globex about renewal",
            team.sara.id,
            due=TODAY + timedelta(days=2),
            meeting_id=self.meeting.id,
            now=at,
        )
        self.webinar = add_task(
            db, team.lena, "Launch webinar page", team.tom.id, due=TODAY + timedelta(days=5), now=at
        )
        self.brief = add_task(db, team.lena, "Write brand brief", team.nina.id, now=at)


@pytest.fixture
def tasks(db: Database, team: Team) -> Tasks:
    return Tasks(db, team)


def screen(app: TandemApp) -> TasksScreen:
    assert isinstance(app.screen, TasksScreen)
    return app.screen


def table(app: TandemApp) -> TaskTable:
    return app.screen.query_one(TaskTable)


def shown(app: TandemApp) -> list[int]:
    return list(table(app).ids)


async def open_tasks(pilot, app: TandemApp, **kwargs: object) -> None:  # type: ignore[no-untyped-def]
    app.open_screen(TasksScreen(TaskFilter(**kwargs)))
    await wait_until(pilot, lambda: isinstance(app.screen, TasksScreen))
    await pilot.pause()


def errors_of(app: TandemApp) -> list[TandemError]:
    """Record refusals instead of showing them, so a test can read them."""
    seen: list[TandemError] = []
    app.show_refusal = seen.append  # type: ignore[method-assign]
    return seen


async def test_lists_open_tasks_by_due_date_and_opens_a_tasks_meeting(
    app_factory: Callable[..., TandemApp], tasks: Tasks
) -> None:
    """The list, then m: on a task from no meeting it stays and says so; on one from a
    meeting it opens that meeting's agenda."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot, app)
        assert shown(app) == [tasks.pricing.id, tasks.globex.id, tasks.webinar.id, tasks.brief.id]
        assert table(app).cursor_task_id == tasks.pricing.id
        assert count_tasks(app.db) == 4

        await pilot.press("m")  # the pricing task came from no meeting
        await pilot.pause()
        assert isinstance(app.screen, TasksScreen)
        assert any("no meeting" in m for m in messages(app))

        await pilot.press("down")  # Globex came from the Sales weekly
        await pilot.press("m")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AgendaScreen")
        assert app.screen.meeting_id == tasks.meeting.id  # type: ignore[attr-defined]


async def test_search_filters_as_you_type(
    app_factory: Callable[..., TandemApp], tasks: Tasks
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot, app)
        await pilot.press("slash", *"glob")
        await wait_until(pilot, lambda: shown(app) == [tasks.globex.id])
        app.screen.query_one("#search", Input).value = ""
        await wait_until(pilot, lambda: len(shown(app)) == 4)


async def test_owner_department_status_and_overdue_filters(
    app_factory: Callable[..., TandemApp], tasks: Tasks, team: Team, db: Database
) -> None:
    from textual.widgets import Checkbox, Select

    from tui.widgets.person_picker import PersonPicker

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot, app)
        app.screen.query_one(PersonPicker).focus()
        await pilot.press(*"sara", "enter")
        await wait_until(pilot, lambda: shown(app) == [tasks.globex.id])
        app.screen.query_one(PersonPicker).pick(None)
        await wait_until(pilot, lambda: len(shown(app)) == 4)

        app.screen.query_one("#department", Select).value = team.tom.department_id
        await wait_until(pilot, lambda: shown(app) == [tasks.webinar.id, tasks.brief.id])
        app.screen.query_one("#department", Select).clear()
        await wait_until(pilot, lambda: len(shown(app)) == 4)

        app.screen.query_one("#overdue", Checkbox).value = True
        await wait_until(pilot, lambda: shown(app) == [tasks.pricing.id])
        app.screen.query_one("#overdue", Checkbox).value = False

        done = add_task(db, team.admin, "Old finished thing", team.omar.id, now=FIXED_NOW)
        from db.tasks import complete_task

        complete_task(db, team.admin, done.id, now=FIXED_NOW)
        app.screen.query_one("#status", Select).value = "done"
        await wait_until(pilot, lambda: shown(app) == [done.id])
        app.screen.query_one("#status", Select).value = "all"
        await wait_until(pilot, lambda: len(shown(app)) == 5)


async def test_complete_marks_the_task_done(
    app_factory: Callable[..., TandemApp], tasks: Tasks
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot, app)
        await pilot.press("down")  # Globex
        assert table(app).cursor_task_id == tasks.globex.id
        await pilot.press("c")
        await wait_until(pilot, lambda: tasks.globex.id not in shown(app))
        assert get_task(app.db, tasks.globex.id).status == "done"
        assert get_task(app.db, tasks.globex.id).done_at == FIXED_NOW.isoformat()
        # The cursor stays on the same row, now the next task.
        assert table(app).cursor_task_id == tasks.webinar.id


async def test_complete_refused_says_who_may(
    app_factory: Callable[..., TandemApp], tasks: Tasks
) -> None:
    app = app_factory("Tom Berg")  # Marketing; the pricing task is Omar's (Sales)
    async with app.run_test(size=SIZE) as pilot:
        seen = errors_of(app)
        await open_tasks(pilot, app)
        assert table(app).cursor_task_id == tasks.pricing.id
        await pilot.press("c")
        await wait_until(pilot, lambda: bool(seen))
        assert isinstance(seen[0], PermissionDenied)
        assert "can complete task" in str(seen[0])
        assert get_task(app.db, tasks.pricing.id).status == "open"
        assert tasks.pricing.id in shown(app)


async def test_reassign_with_reason_by_type_ahead(
    app_factory: Callable[..., TandemApp], tasks: Tasks
) -> None:
    app = app_factory("Maya Chen")  # head of Sales
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot, app)
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReassignDialog))
        await pilot.press(*"sar", "tab")  # type-ahead: "sar" takes Sara Ito
        await paste(pilot, "Omar is on leave")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TasksScreen))
        await wait_until(pilot, lambda: get_task(app.db, tasks.pricing.id).owner == "Sara Ito")
        last = task_history(app.db, tasks.pricing.id)[-1]
        assert (last.from_, last.to, last.reason, last.actor) == (
            "Omar Haddad",
            "Sara Ito",
            "Omar is on leave",
            "Maya Chen",
        )
        assert table(app).cursor_task is not None
        assert table(app).cursor_task.owner == "Sara Ito"  # the row shows the new owner


async def test_reassign_refused_leaves_the_owner(
    app_factory: Callable[..., TandemApp], tasks: Tasks
) -> None:
    app = app_factory("Omar Haddad")  # not a head; the webinar task is Tom's (Marketing)
    async with app.run_test(size=SIZE) as pilot:
        seen = errors_of(app)
        await open_tasks(pilot, app)
        await pilot.press("down", "down")
        assert table(app).cursor_task_id == tasks.webinar.id
        await pilot.press("r")
        # A task Omar may not move opens no dialog: the refusal says who may.
        await wait_until(pilot, lambda: bool(seen))
        assert isinstance(seen[0], PermissionDenied)
        assert "the head of Marketing" in str(seen[0]) and "the admin" in str(seen[0])
        assert isinstance(app.screen, TasksScreen)
        assert get_task(app.db, tasks.webinar.id).owner == "Tom Berg"
        assert len(task_history(app.db, tasks.webinar.id)) == 1


async def test_reassign_cancelled_changes_nothing(
    app_factory: Callable[..., TandemApp], tasks: Tasks
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot, app)
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReassignDialog))
        await pilot.press(*"sara", "escape")
        # A name was typed: asked before it is discarded; n goes back to the dialog.
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ReassignDialog))
        assert app.screen.query_one("#owner Input", Input).value == "sara"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, TasksScreen))
        assert get_task(app.db, tasks.pricing.id).owner == "Omar Haddad"


async def test_history_shows_every_move(
    app_factory: Callable[..., TandemApp], tasks: Tasks, team: Team, db: Database
) -> None:
    from db.tasks import reassign_task

    reassign_task(db, team.maya, tasks.pricing.id, team.sara.id, reason="workload", now=FIXED_NOW)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot, app)
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryDialog))
        text = " ".join(str(s.render()) for s in app.screen.query(".entry, .reason"))
        assert "gave it to Omar Haddad" in text
        assert "Omar Haddad → Sara Ito" in text
        assert "workload" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, TasksScreen))


async def test_opened_on_a_task_or_owner(
    app_factory: Callable[..., TandemApp], tasks: Tasks, team: Team
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot, app, task_id=tasks.webinar.id)
        assert table(app).cursor_task_id == tasks.webinar.id
        await open_tasks(pilot, app, owner_id=team.nina.id)
        await wait_until(pilot, lambda: shown(app) == [tasks.brief.id])


async def test_reload_keeps_the_cursor_on_its_task(
    app_factory: Callable[..., TandemApp], tasks: Tasks, team: Team, db_path
) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot, app)
        await pilot.press("down", "down")
        assert table(app).cursor_task_id == tasks.webinar.id
        other = open_db(db_path)
        try:
            add_task(
                other,
                team.admin,
                "Urgent contract check",
                team.omar.id,
                due=date(2020, 1, 1),
                now=FIXED_NOW,
            )
        finally:
            other.close()
        screen(app).reload()  # the ids are read again off the event loop
        await wait_until(pilot, lambda: len(shown(app)) == 5)
        assert table(app).cursor_task_id == tasks.webinar.id


async def test_escape_in_any_filter_returns_to_the_list_then_home(
    app_factory: Callable[..., TandemApp], tasks: Tasks
) -> None:
    from textual.widgets import Checkbox, Select

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot, app)
        for selector in ("#status", "#department", "#search"):
            app.screen.query_one(selector).focus()
            await pilot.pause()
            await pilot.press("escape")
            assert isinstance(app.screen, TasksScreen), selector
            assert isinstance(app.screen.focused, TaskTable), selector
        overdue = app.screen.query(Checkbox)
        assert overdue, "the overdue filter is a checkbox"
        overdue.first().focus()
        await pilot.press("escape")
        assert isinstance(app.screen.focused, TaskTable)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, TasksScreen))
        assert not isinstance(app.screen.focused, Select)
