"""A write while another connection holds the write lock: the app never freezes.

Another connection takes the lock with ``BEGIN IMMEDIATE`` and keeps it. The
write waits on the writer thread: the app keeps answering keys, its timers keep
ticking, a banner says it waits for the database (naming the lock's holder),
and the write lands once the lock is released. F4 cancels a waiting write.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlite_utils import Database

from db.tasks import get_task
from tests.conftest import Team
from tests.tui.conftest import SIZE, messages, screen_text, wait_until
from tests.tui.test_tasks_screen import Tasks, open_tasks, table
from tui.app import TandemApp
from tui.writes import WaitingBanner


@pytest.fixture
def tasks(db: Database, team: Team) -> Tasks:
    return Tasks(db, team)


@contextmanager
def write_lock(path: Path) -> Iterator[sqlite3.Connection]:
    """Hold the database's write lock from a connection of our own until the block ends."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()


def banners(app: TandemApp) -> list[WaitingBanner]:
    return list(app.screen.query(WaitingBanner))


async def test_a_write_waits_for_the_lock_without_freezing_the_app(
    app_factory: Callable[..., TandemApp], tasks: Tasks, db_path: Path
) -> None:
    app = app_factory()
    ticks: list[int] = []
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot, app)
        app.set_interval(0.02, lambda: ticks.append(1))
        await pilot.press("down")
        assert table(app).cursor_task_id == tasks.globex.id
        with write_lock(db_path) as holder:
            await pilot.press("c")  # complete Globex: the lock is taken, so it waits
            assert app.writes.waiting == 1
            await wait_until(pilot, lambda: "Waiting for the database" in screen_text(app))
            text = screen_text(app)
            assert "another connection of this process" in text  # the holder, named
            # The app answers keys and its timers tick while the write waits.
            ticked = len(ticks)
            await pilot.press("down")
            assert table(app).cursor_task_id == tasks.webinar.id
            await pilot.press("up")
            await wait_until(pilot, lambda: len(ticks) > ticked + 3)
            assert get_task(app.db, tasks.globex.id).status == "open"
            holder.execute("ROLLBACK")  # the other connection lets go
        await wait_until(pilot, lambda: app.writes.waiting == 0)
        assert get_task(app.db, tasks.globex.id).status == "done"
        await wait_until(pilot, lambda: not banners(app))
        await wait_until(pilot, lambda: tasks.globex.id not in table(app).ids)


async def test_a_waiting_write_can_be_cancelled(
    app_factory: Callable[..., TandemApp], tasks: Tasks, db_path: Path
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot, app)
        await pilot.press("down")
        with write_lock(db_path):
            await pilot.press("c")
            await wait_until(pilot, lambda: banners(app))
            await pilot.press("f4")
            await wait_until(pilot, lambda: app.writes.waiting == 0)
        assert not banners(app)
        assert get_task(app.db, tasks.globex.id).status == "open"
        assert any("cancelled" in message for message in messages(app))


async def test_a_free_lock_writes_at_once(
    app_factory: Callable[..., TandemApp], tasks: Tasks
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_tasks(pilot, app)
        await pilot.press("down", "c")
        # Committed before the key's handler returned: nothing queued, nothing waiting.
        assert app.writes.waiting == 0
        assert get_task(app.db, tasks.globex.id).status == "done"


async def test_an_agenda_move_waits_for_the_lock_without_freezing_the_app(
    app_factory: Callable[..., TandemApp], db: Database, team: Team, db_path: Path
) -> None:
    """The Agenda screen's writes go through the same lane: moving an item while another
    connection holds the lock waits off the event loop, then lands (the cursor follows)."""
    from textual.widgets import DataTable

    from db.meetings import add_item, create_meeting, get_meeting
    from tui.screens.agenda import AgendaScreen

    meeting = create_meeting(db, team.admin, "Weekly sync", minutes=30)
    for title in ("Intro", "Pipeline", "Close"):
        add_item(db, team.admin, meeting.id, title, minutes=5)

    def titles() -> list[str]:
        return [i.title for i in get_meeting(db, meeting.id).agenda]

    app = app_factory()
    ticks: list[int] = []
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(AgendaScreen(meeting_id=meeting.id))
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        await wait_until(pilot, lambda: bool(app.screen.query("#items")))
        items = app.screen.query_one("#items", DataTable)
        await wait_until(pilot, lambda: items.row_count == 3)
        items.focus()
        await pilot.press("down")  # Pipeline
        app.set_interval(0.02, lambda: ticks.append(1))
        with write_lock(db_path) as holder:
            await pilot.press("J")  # down one: the lock is taken, so it waits
            assert app.writes.waiting == 1
            await wait_until(pilot, lambda: "Waiting for the database" in screen_text(app))
            ticked = len(ticks)
            await pilot.press("up")  # the app still answers keys
            assert items.cursor_row == 0
            await wait_until(pilot, lambda: len(ticks) > ticked + 3)
            assert titles() == ["Intro", "Pipeline", "Close"]
            holder.execute("ROLLBACK")
        await wait_until(pilot, lambda: app.writes.waiting == 0)
        assert titles() == ["Intro", "Close", "Pipeline"]
        await wait_until(pilot, lambda: items.cursor_row == 2)  # on the moved item
        await wait_until(pilot, lambda: not banners(app))


async def test_a_form_saved_while_locked_waits_open_then_closes(
    app_factory: Callable[..., TandemApp], db: Database, team: Team, db_path: Path
) -> None:
    """A form's save (here an agenda item) waits off the event loop with the form still
    open; saving again meanwhile makes no second item; it lands and closes once free."""
    from db.meetings import create_meeting, get_meeting
    from tui.dialogs.meeting import ItemForm
    from tui.screens.agenda import AgendaScreen

    meeting = create_meeting(db, team.admin, "Weekly sync", minutes=30)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(AgendaScreen(meeting_id=meeting.id))
        await wait_until(pilot, lambda: bool(app.screen.query("#items")))
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemForm))
        await pilot.press(*"Budget")
        with write_lock(db_path) as holder:
            await pilot.press("ctrl+s")
            assert app.writes.waiting == 1
            await wait_until(pilot, lambda: "Waiting for the database" in screen_text(app))
            assert isinstance(app.screen, ItemForm)  # open, what was typed still there
            await pilot.press("ctrl+s")  # again: the first save is still waiting
            assert app.writes.waiting == 1
            holder.execute("ROLLBACK")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        assert [i.title for i in get_meeting(db, meeting.id).agenda] == ["Budget"]
        await wait_until(pilot, lambda: not banners(app))


@pytest.mark.parametrize("form", ["decision", "action item"])
async def test_the_live_meetings_forms_wait_for_the_lock_without_freezing_the_app(
    app_factory: Callable[..., TandemApp], db: Database, team: Team, db_path: Path, form: str
) -> None:
    """The facilitator records a decision or an action item while another connection holds
    the write lock: the form stays open with what was typed, the meeting's clock keeps
    ticking, and the record lands (the form closing) once the lock is released."""
    from db.decisions import list_decisions
    from db.meetings import add_item, create_meeting, start_item
    from db.tasks import list_tasks
    from tests.tui.conftest import FIXED_NOW
    from tui.dialogs.live import ActionItemForm, DecisionForm
    from tui.screens.live import LiveScreen

    meeting = create_meeting(
        db, team.admin, "Sync", at=FIXED_NOW, facilitator="Maya Chen", now=FIXED_NOW
    )
    item = add_item(db, team.admin, meeting.id, "Pipeline", minutes=10)
    start_item(db, team.maya, item.id, now=FIXED_NOW)
    dialog, key = (DecisionForm, "ctrl+r") if form == "decision" else (ActionItemForm, "ctrl+t")
    app = app_factory("Maya Chen")
    ticks: list[int] = []
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(LiveScreen(meeting_id=meeting.id))
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        await pilot.press(key)
        await wait_until(pilot, lambda: isinstance(app.screen, dialog))
        await pilot.press(*"Budget")
        if form == "action item":
            await pilot.press("enter", *"omar", "tab")
        app.set_interval(0.02, lambda: ticks.append(1))
        with write_lock(db_path) as holder:
            await pilot.press("enter")
            assert app.writes.waiting == 1
            await wait_until(pilot, lambda: "Waiting for the database" in screen_text(app))
            assert isinstance(app.screen, dialog)  # open, what was typed still there
            before = len(ticks)
            await wait_until(pilot, lambda: len(ticks) > before + 3)  # the loop runs on
            holder.execute("ROLLBACK")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        if form == "decision":
            assert [d.text for d in list_decisions(db, meeting_id=meeting.id)] == ["Budget"]
        else:
            assert [(t.title, t.owner) for t in list_tasks(db, meeting_id=meeting.id)] == [
                ("Budget", "Omar Haddad")
            ]
        await wait_until(pilot, lambda: not banners(app))
