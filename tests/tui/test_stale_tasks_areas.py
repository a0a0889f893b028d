"""Stale edits on Tasks and Responsibilities: another connection changed the task or area
after the screen read it; the edit is refused with "changed by NAME at TIME — reloaded",
nothing is overwritten, and the screen shows the other change."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from sqlite_utils import Database
from textual.widgets import DataTable

from db.areas import assign_area, get_area
from db.connection import open_db
from db.tasks import add_task, get_task, reassign_task, task_history
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, messages, wait_until
from tui.app import TandemApp
from tui.screens.responsibilities import AreaDialog, ResponsibilitiesScreen
from tui.screens.tasks import ReassignDialog, TasksScreen
from tui.widgets.task_table import TaskTable

BEFORE = FIXED_NOW - timedelta(days=2)
ELSEWHERE = FIXED_NOW - timedelta(minutes=5)


def notes(app: TandemApp) -> list[str]:
    return messages(app)


def elsewhere(db_path: Path, change: Callable[[Database], object]) -> None:
    """Make a change through another connection, as another process would."""
    other = open_db(db_path)
    try:
        change(other)
    finally:
        other.close()


def stale_message(app: TandemApp) -> str:
    return next(n for n in notes(app) if "— reloaded" in n)


async def test_complete_of_a_task_changed_elsewhere_is_refused(
    app_factory: Callable[..., TandemApp], db: Database, db_path: Path, team: Team
) -> None:
    task = add_task(db, team.maya, "Draft Q3 pricing", team.omar.id, now=BEFORE)
    app = app_factory("Omar Haddad")
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen("Tasks")
        await wait_until(pilot, lambda: isinstance(app.screen, TasksScreen))
        await pilot.pause()
        # The edit comes before the next poll would have reloaded the screen.
        app.watcher.stop()
        table = app.screen.query_one(TaskTable)
        assert table.cursor_task is not None and table.cursor_task.version == task.version
        elsewhere(
            db_path,
            lambda other: reassign_task(
                other, team.maya, task.id, team.sara.id, reason="workload", now=ELSEWHERE
            ),
        )
        await pilot.press("c")
        await wait_until(pilot, lambda: any("— reloaded" in n for n in notes(app)))
        message = stale_message(app)
        assert f"changed by Maya Chen at {ELSEWHERE.isoformat()} — reloaded" in message
        now = get_task(app.db, task.id)
        assert (now.status, now.owner) == ("open", "Sara Ito")  # nothing overwritten
        # The screen re-read the task: the row shows who owns it now.
        await wait_until(
            pilot, lambda: table.cursor_task is not None and table.cursor_task.owner == "Sara Ito"
        )


async def test_reassign_of_a_task_changed_elsewhere_is_refused(
    app_factory: Callable[..., TandemApp], db: Database, db_path: Path, team: Team
) -> None:
    task = add_task(db, team.maya, "Call Globex", team.omar.id, now=BEFORE)
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen("Tasks")
        await wait_until(pilot, lambda: isinstance(app.screen, TasksScreen))
        await pilot.pause()
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReassignDialog))
        # While the dialog is open, the admin gives the task to Maya herself elsewhere.
        elsewhere(
            db_path,
            lambda other: reassign_task(
                other, team.admin, task.id, team.maya.id, reason="I'll take it", now=ELSEWHERE
            ),
        )
        await pilot.press(*"sara", "tab", *"Omar is away", "enter")
        await wait_until(pilot, lambda: any("— reloaded" in n for n in notes(app)))
        assert f"changed by Ada Admin at {ELSEWHERE.isoformat()}" in stale_message(app)
        assert get_task(app.db, task.id).owner == "Maya Chen"
        reasons = [h.reason for h in task_history(app.db, task.id)]
        assert "Omar is away" not in reasons and "I'll take it" in reasons


async def test_reassign_of_an_area_changed_elsewhere_is_refused(
    app_factory: Callable[..., TandemApp], db: Database, db_path: Path, team: Team
) -> None:
    area = assign_area(db, team.maya, "Enterprise renewals", team.omar.id, now=BEFORE)
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen("Responsibilities")
        await wait_until(pilot, lambda: isinstance(app.screen, ResponsibilitiesScreen))
        await pilot.pause()
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, AreaDialog))
        elsewhere(
            db_path,
            lambda other: assign_area(
                other, team.admin, "Enterprise renewals", team.maya.id, now=ELSEWHERE
            ),
        )
        await pilot.press(*"sara", "tab")
        await pilot.click("#ok")
        await wait_until(pilot, lambda: any("— reloaded" in n for n in notes(app)))
        message = stale_message(app)
        assert "area 'Enterprise renewals'" in message
        assert f"changed by Ada Admin at {ELSEWHERE.isoformat()} — reloaded" in message
        now = get_area(app.db, area.id)
        assert (now.owner, now.assigned_by) == ("Maya Chen", "Ada Admin")
        # The table shows the other change.
        table = app.screen.query_one("#areas", DataTable)
        await wait_until(pilot, lambda: str(table.get_row_at(0)[2]) == "Maya Chen")


async def test_assign_after_a_reload_goes_through(
    app_factory: Callable[..., TandemApp], db: Database, db_path: Path, team: Team
) -> None:
    """The refusal is about stale data only: once reloaded, the same edit is accepted."""
    area = assign_area(db, team.maya, "Enterprise renewals", team.omar.id, now=BEFORE)
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen("Responsibilities")
        await wait_until(pilot, lambda: isinstance(app.screen, ResponsibilitiesScreen))
        await pilot.pause()
        app.watcher.stop()
        elsewhere(
            db_path,
            lambda other: assign_area(
                other, team.admin, "Enterprise renewals", team.maya.id, now=ELSEWHERE
            ),
        )
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, AreaDialog))
        await pilot.press(*"sara", "tab")
        await pilot.click("#ok")
        await wait_until(pilot, lambda: any("— reloaded" in n for n in notes(app)))
        assert get_area(app.db, area.id).owner == "Maya Chen"
        await wait_until(pilot, lambda: isinstance(app.screen, ResponsibilitiesScreen))
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, AreaDialog))
        await pilot.press(*"sara", "tab")
        await pilot.click("#ok")
        await wait_until(pilot, lambda: get_area(app.db, area.id).owner == "Sara Ito")
