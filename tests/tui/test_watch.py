"""Live updates: a change committed by another connection shows up on the open screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from sqlite_utils import Database

from db.connection import open_db
from db.tasks import add_task
from db.watch import data_version
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, wait_until
from tui.app import TandemApp
from tui.screens.people import PeopleScreen
from tui.screens.tasks import TasksScreen
from tui.watch import DatabaseWatcher
from tui.widgets.task_table import TaskTable


def test_data_version_moves_only_for_other_connections(
    db: Database, db_path: Path, team: Team
) -> None:
    before = data_version(db)
    add_task(db, team.admin, "Own write", team.omar.id, now=FIXED_NOW)
    assert data_version(db) == before  # this connection's own commit
    other = open_db(db_path)
    try:
        add_task(other, team.admin, "Someone else's write", team.sara.id, now=FIXED_NOW)
    finally:
        other.close()
    assert data_version(db) != before


async def test_a_task_added_elsewhere_appears_with_the_cursor_kept(
    app_factory: Callable[..., TandemApp], db: Database, db_path: Path, team: Team
) -> None:
    first = add_task(
        db, team.admin, "Prepare QBR deck", team.omar.id, due=date(2026, 12, 1), now=FIXED_NOW
    )
    second = add_task(
        db, team.admin, "Book trade show", team.tom.id, due=date(2026, 12, 9), now=FIXED_NOW
    )
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.watcher, DatabaseWatcher)  # started by the app itself
        app.open_screen("Tasks")
        await wait_until(pilot, lambda: isinstance(app.screen, TasksScreen))
        await pilot.pause()
        table = app.screen.query_one(TaskTable)
        await pilot.press("down")
        assert table.cursor_task_id == second.id

        # A head adds a task from the CLI: another process, another connection.
        other = open_db(db_path)
        try:
            added = add_task(
                other,
                team.maya,
                "Call Initech",
                team.sara.id,
                due=FIXED_NOW.date() - timedelta(days=1),
                now=FIXED_NOW,
            )
        finally:
            other.close()

        await wait_until(pilot, lambda: added.id in list(table.ids))
        assert list(table.ids) == [added.id, first.id, second.id]
        assert table.cursor_task_id == second.id  # the cursor stayed on its task
        assert app.watcher.reloads >= 1


async def test_the_people_screen_refreshes_too(
    app_factory: Callable[..., TandemApp], db_path: Path, team: Team
) -> None:
    from textual.widgets import DataTable

    from db.people import add_person

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen("People")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await pilot.pause()
        people = app.screen.query_one("#people", DataTable)
        count = people.row_count
        other = open_db(db_path)
        try:
            add_person(other, team.admin, "Zoe Quinn", department="Sales", now=FIXED_NOW)
        finally:
            other.close()
        await wait_until(pilot, lambda: people.row_count == count + 1)


async def test_own_writes_do_not_trigger_a_reload(
    app_factory: Callable[..., TandemApp], team: Team
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen("Tasks")
        await wait_until(pilot, lambda: isinstance(app.screen, TasksScreen))
        add_task(
            app.db,
            app.actor,
            "Written through the app's own connection",
            team.omar.id,
            now=FIXED_NOW,
        )
        assert app.watcher.check() is False
        assert app.watcher.reloads == 0
        await pilot.pause()  # let the screen finish mounting before the app exits
