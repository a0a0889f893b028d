"""The Live screen, its dialogs and the backlog picker read off the event loop (issue 16).

A running meeting is read on the app's reader thread: opening Live (with a meeting,
or picking the one to run), its reloads after a write or another terminal's commit,
the lists its forms offer, the action item's owner check, the clocks ticking. The
app's own connection runs nothing on the loop but writes (a job of the write lane,
``tui/writes.py``) and the watcher's ``PRAGMA data_version``: anything else there is
a read on the loop.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database
from textual.widgets import DataTable, Input

import tui.screens.live as live_module
from db.backlog import park_item
from db.connection import open_db
from db.decisions import record_decision
from db.meetings import (
    add_item,
    create_meeting,
    edit_item,
    get_meeting,
    mark_attendance,
    set_notes,
    start_item,
)
from db.people import get_person
from db.tasks import add_task
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, FixedClock, messages, screen_text, wait_until
from tests.tui.reads_probe import LoopReads
from tui.app import TandemApp
from tui.dialogs.agreements import ConsentDialog, TwoKeyDecisionForm
from tui.dialogs.ideas import PickDialog
from tui.dialogs.live import ActionItemForm, AttendanceDialog, TaskForm, open_task_form
from tui.dialogs.meeting import ItemForm
from tui.screens.agenda import AgendaScreen
from tui.screens.live import LiveScreen


@pytest.fixture
def running(team: Team) -> int:
    """A running meeting Maya facilitates: item 1 running with notes, a decision and an
    action item on it, item 2 waiting; Omar marked present."""
    db = team.db
    meeting = create_meeting(
        db, team.admin, "Weekly sync", at=FIXED_NOW, facilitator="Maya Chen", now=FIXED_NOW
    )
    item = add_item(db, team.admin, meeting.id, "Pipeline review", minutes=10)
    add_item(db, team.admin, meeting.id, "Campaign plan", minutes=15)
    start_item(db, team.maya, item.id, now=FIXED_NOW)
    set_notes(db, team.maya, item.id, "agreed:", now=FIXED_NOW)
    mark_attendance(db, team.maya, meeting.id, ["Omar Haddad"])
    record_decision(
        db, team.maya, "Focus on enterprise", meeting_id=meeting.id, item_position=1, now=FIXED_NOW
    )
    add_task(
        db,
        team.maya,
        "Send the enterprise deck",
        "Omar Haddad",
        meeting_id=meeting.id,
        agenda_item_id=item.id,
        now=FIXED_NOW,
    )
    return meeting.id


async def _home(pilot: Any, app: TandemApp) -> None:
    await wait_until(pilot, lambda: getattr(app.screen, "loaded", False))


async def _live(pilot: Any, app: TandemApp, screen: LiveScreen) -> LiveScreen:
    app.open_screen(screen)
    await wait_until(pilot, lambda: app.screen is screen and screen.meeting is not None)
    return screen


async def _dialog(pilot: Any, app: TandemApp, key: str, kind: type) -> Any:
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(app.screen, kind))
    return app.screen


async def test_live_runs_a_meeting_without_reading_on_the_loop(
    team: Team, running: int, app_factory: Callable[..., TandemApp], clock: FixedClock
) -> None:
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await _home(pilot, app)
        with LoopReads(app).watching() as reads:
            # No meeting given: the running one Maya facilitates is picked, in the read.
            live = await _live(pilot, app, LiveScreen())
            assert live.meeting is not None and live.meeting.id == running
            await wait_until(pilot, lambda: live.notes.text == "agreed:")
            shown = (
                "Weekly sync",
                "Pipeline review",
                "Campaign plan",
                "Omar Haddad",
                "Focus on enterprise",
                "Send the enterprise deck",
            )
            # (On screen once the frame after the fill is painted.)
            await wait_until(pilot, lambda: all(s in screen_text(app) for s in shown))

            # The clocks tick from what the read brought.
            clock.advance(minutes=2)
            live.tick()
            await wait_until(pilot, lambda: "Item 2:00 / 10:00" in screen_text(app))

            # Each form opens with what it offers, read off the loop.
            form = await _dialog(pilot, app, "ctrl+t", ActionItemForm)
            assert {p.name for p in form.people} >= {"Omar Haddad", "Tom Berg", "Ada Admin"}
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is live)
            dialog = await _dialog(pilot, app, "ctrl+o", AttendanceDialog)
            assert "Sara Ito" in {p.name for p in dialog.people}
            assert dialog.present == {team.omar.id}
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is live)
            two_key = await _dialog(pilot, app, "ctrl+g", TwoKeyDecisionForm)
            assert two_key.item_title == "Pipeline review"
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is live)
            consent = await _dialog(pilot, app, "ctrl+l", ConsentDialog)
            assert consent.proposals == []
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is live)

            # A write (the next item), then the reload it asks for.
            await pilot.press("ctrl+n")
            await wait_until(pilot, lambda: live.current() is not None)
            await wait_until(pilot, lambda: live.current().title == "Campaign plan")  # type: ignore[union-attr]
            assert get_meeting(team.db, running).agenda[1].status == "running"

            # Another terminal records a decision: the watcher's reload shows it.
            other = open_db(app.db_path)
            try:
                record_decision(
                    other,
                    get_person(other, "Ada Admin"),
                    "Budget frozen until Q1",
                    meeting_id=running,
                    item_position=2,
                    now=FIXED_NOW,
                )
            finally:
                other.close()
            await wait_until(pilot, lambda: "Budget frozen until Q1" in screen_text(app))

            await pilot.press("f5")
            await pilot.pause()
            assert live.meeting is not None and live.meeting.status == "running"
        assert not reads.found, "\n".join(reads.found)


async def test_live_opens_on_the_meeting_given_and_starts_it(
    team: Team, app_factory: Callable[..., TandemApp]
) -> None:
    """The Agenda's s: Live opens to start a planned meeting, once it was read."""
    meeting = create_meeting(
        team.db, team.admin, "Kick-off", at=FIXED_NOW, facilitator="Maya Chen", now=FIXED_NOW
    )
    add_item(team.db, team.admin, meeting.id, "Goals", minutes=5)
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await _home(pilot, app)
        with LoopReads(app).watching() as reads:
            live = LiveScreen(meeting.id, start=True)
            app.open_screen(live)
            await wait_until(pilot, lambda: get_meeting(team.db, meeting.id).status == "running")
            await wait_until(pilot, lambda: live.meeting is not None)
            await wait_until(pilot, lambda: live.meeting.status == "running")  # type: ignore[union-attr]
            assert get_meeting(team.db, meeting.id).agenda[0].status == "running"
            await wait_until(pilot, lambda: "Goals" in screen_text(app))
        assert not reads.found, "\n".join(reads.found)


async def test_with_no_meeting_to_run_live_says_so(
    team: Team, app_factory: Callable[..., TandemApp]
) -> None:
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await _home(pilot, app)
        with LoopReads(app).watching() as reads:
            live = LiveScreen()
            app.open_screen(live)
            await wait_until(pilot, lambda: "No meeting to run" in screen_text(app))
            await pilot.press("ctrl+t")  # needs a meeting: nothing opens
            await pilot.pause()
            assert app.screen is live
        assert not reads.found, "\n".join(reads.found)


async def test_a_late_read_never_takes_back_notes_just_saved(
    team: Team,
    running: int,
    app_factory: Callable[..., TandemApp],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A reload's read made before a notes save, coming back after it: the notes area keeps
    what was saved, and the next save is made on the saved version (no false conflict)."""
    app = app_factory("Maya Chen")
    read = live_module._read_live
    hold = threading.Event()
    taken = threading.Event()

    def slow_read(db: Database, *args: Any) -> Any:
        found = read(db, *args)
        if hold.is_set():
            taken.set()
            hold.clear()
            # Back to the loop only once the save below has been made.
            assert release.wait(10)
        return found

    release = threading.Event()
    async with app.run_test(size=SIZE) as pilot:
        await _home(pilot, app)
        live = await _live(pilot, app, LiveScreen(running))
        await wait_until(pilot, lambda: live.notes.text == "agreed:")
        item_id = live.item_id
        assert item_id is not None

        monkeypatch.setattr(live_module, "_read_live", slow_read)
        hold.set()
        live.reload()  # as the watcher would
        # (No pilot.pause while the read is held: the Pilot waits for reads on their way.)
        while not taken.is_set():
            await asyncio.sleep(0.01)
        live.notes.insert(" ship it", live.notes.document.end)
        # Saved as typed (debounced), while the read is still on its way.
        for _ in range(1000):
            if get_meeting(team.db, running).agenda[0].notes == "agreed: ship it":
                break
            await asyncio.sleep(0.02)
        assert get_meeting(team.db, running).agenda[0].notes == "agreed: ship it"
        release.set()
        await pilot.pause()
        assert live.notes.text == "agreed: ship it"

        live.notes.insert(", Tuesday", live.notes.document.end)
        await pilot.pause(0.01)
        assert live.save_notes()
        await pilot.pause()
        assert get_meeting(team.db, running).agenda[0].notes == "agreed: ship it, Tuesday"
        assert not [m for m in messages(app) if "changed by" in m]


async def test_a_greyed_owner_is_refused_by_a_read_off_the_loop(
    team: Team, running: int, app_factory: Callable[..., TandemApp]
) -> None:
    """Add a task as Maya (head of Sales): Lena's people are greyed; saving one of them is
    refused the way db/ words it, on the owner field, and nothing is added."""
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await _home(pilot, app)
        live = await _live(pilot, app, LiveScreen(running))
        with LoopReads(app).watching() as reads:
            added: list[Any] = []
            open_task_form(live, added.append)
            await wait_until(pilot, lambda: isinstance(app.screen, TaskForm))
            form = app.screen
            assert isinstance(form, TaskForm)
            assert team.tom.id in form.not_theirs and team.omar.id not in form.not_theirs
            form.query_one("#title", Input).value = "Write the launch post"
            form.query_one("#owner Input", Input).value = "Tom Berg"
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: any("give Tom Berg a task" in m for m in messages(app)))
            assert app.screen is form
            assert form.focused is form.query_one("#owner Input", Input)
        assert not reads.found, "\n".join(reads.found)
        from db.tasks import list_tasks

        assert [t.title for t in list_tasks(team.db, status="all")] == ["Send the enterprise deck"]


async def test_the_backlog_picker_and_an_items_reread_come_off_the_loop(
    team: Team, app_factory: Callable[..., TandemApp], db_path: Path
) -> None:
    db = team.db
    earlier = create_meeting(db, team.admin, "Last week", at=FIXED_NOW, now=FIXED_NOW)
    add_item(db, team.admin, earlier.id, "Hiring plan", minutes=20)
    park_item(db, team.admin, earlier.id, 1, now=FIXED_NOW)
    meeting = create_meeting(
        db, team.admin, "This week", at=FIXED_NOW + timedelta(days=7), now=FIXED_NOW
    )
    add_item(db, team.admin, meeting.id, "Pipeline review", minutes=10)
    add_item(db, team.admin, meeting.id, "Campaign plan", minutes=10)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await _home(pilot, app)
        agenda = AgendaScreen(meeting.id)
        app.open_screen(agenda)
        await wait_until(pilot, lambda: agenda.meeting is not None)
        table = agenda.query_one("#items", DataTable)
        with LoopReads(app).watching() as reads:
            picker = await _dialog(pilot, app, "b", PickDialog)
            assert "Hiring plan" in str(
                picker.query_one("#pick-list").get_option_at_index(0).prompt
            )
            await pilot.press("enter")
            # The item taken from the backlog is added last, and the cursor is on it.
            await wait_until(pilot, lambda: table.row_count == 3)
            assert str(table.get_row_at(table.cursor_row)[1]) == "Hiring plan"
            assert table.cursor_row == 2

            # Edit item 1 while another terminal changes it: the form shows what is stored.
            table.move_cursor(row=0)
            form = await _dialog(pilot, app, "e", ItemForm)
            other = open_db(db_path)
            try:
                edit_item(
                    other,
                    get_person(other, "Ada Admin"),
                    form.item.id,
                    title="Pipeline, by region",
                    minutes=25,
                    now=FIXED_NOW + timedelta(minutes=5),
                )
            finally:
                other.close()
            await pilot.press("ctrl+s")
            await wait_until(
                pilot, lambda: form.query_one("#title", Input).value == "Pipeline, by region"
            )
            assert form.query_one("#minutes", Input).value == "25"
            assert app.screen is form
        assert not reads.found, "\n".join(reads.found)
