"""What the app lacked: a task from Tasks and Home, attendance with absent and a filter,
amending closed minutes, per-screen help, a palette and footer that offer only what the
screen can do, and exports that default to the documents directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, SelectionList

from db.meetings import add_item, amendments, close_meeting, create_meeting, get_meeting, start_item
from db.tasks import list_tasks
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, paste, wait_until
from tui.dialogs.amend import AmendForm
from tui.dialogs.export import ExportDialog
from tui.dialogs.live import AttendanceDialog, TaskForm
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.live import LiveScreen
from tui.screens.tasks import TaskFilter, TasksScreen


async def _type(pilot: Any, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


@pytest.mark.parametrize("where", ["Tasks", "Home"])
async def test_add_a_task_outside_a_meeting(team: Team, app_factory: Any, where: str) -> None:
    """From Tasks (a) or Home (+), by a head: the form, whom she may not pick and why, saved."""
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        if where == "Tasks":
            app.open_screen(TasksScreen(TaskFilter()))
            await wait_until(pilot, lambda: isinstance(app.screen, TasksScreen))
            await pilot.pause()
            await pilot.press("a")
        else:
            await pilot.press("plus")
        await wait_until(pilot, lambda: isinstance(app.screen, TaskForm))
        # A head sees why she may not give another department's person a task.
        picker = app.screen.query_one("#owner")
        tom = next(p for p in picker.people if p.name == "Tom Berg")  # type: ignore[attr-defined]
        assert "the head of Marketing" in picker.refusal(tom)  # type: ignore[attr-defined]
        if where == "Home":
            await _type(pilot, "Update the forecast")
        else:  # typed key by key from Home; pasted here
            await paste(pilot, "Update the forecast")
        await pilot.press("enter")
        await _type(pilot, "omar")
        await pilot.press("tab")
        await _type(pilot, "fri")
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, TaskForm))
        tasks = list_tasks(team.db)
        assert [(t.title, t.owner, t.due, t.meeting_id) for t in tasks] == [
            ("Update the forecast", "Omar Haddad", "2026-11-27", None)
        ]


async def test_attendance_marks_absent_and_filters_by_typing(team: Team, app_factory: Any) -> None:
    meeting = create_meeting(team.db, team.admin, "Sync", now=FIXED_NOW)
    add_item(team.db, team.admin, meeting.id, "Intro")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(LiveScreen(meeting_id=meeting.id))
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, AttendanceDialog))
        listing = app.screen.query_one(SelectionList)
        everyone = listing.option_count
        await _type(pilot, "om")  # type to filter: Omar and Tom
        await wait_until(pilot, lambda: listing.option_count < everyone)
        names = [str(listing.get_option_at_index(n).prompt) for n in range(listing.option_count)]
        assert names and all("om" in n.lower() for n in names)
        await pilot.press("space")  # the first match is present
        await pilot.press("down", "minus")  # the next one is marked absent
        await wait_until(pilot, lambda: len(get_meeting(team.db, meeting.id).attendees) == 2)
        marks = {a.name: a.present for a in get_meeting(team.db, meeting.id).attendees}
        assert sorted(marks.values()) == [False, True]
        await pilot.press("backspace", "backspace")  # the whole list again
        await wait_until(pilot, lambda: listing.option_count == everyone)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))


async def test_closed_minutes_are_amended_from_the_app(team: Team, app_factory: Any) -> None:
    meeting = create_meeting(team.db, team.admin, "Sync", now=FIXED_NOW)
    item = add_item(team.db, team.admin, meeting.id, "Intro")
    start_item(team.db, team.admin, item.id, now=FIXED_NOW)
    close_meeting(team.db, team.admin, meeting.id, now=FIXED_NOW)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()
        app.open_screen(LiveScreen(meeting_id=meeting.id))
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        live = app.screen
        await wait_until(pilot, lambda: live.meeting is not None)  # type: ignore[attr-defined]
        # A closed meeting offers amending, and no longer the keys that change it.
        assert live.check_action("amend", ()) and not live.check_action("record_decision", ())
        await pilot.press("f2")
        await wait_until(pilot, lambda: isinstance(app.screen, AmendForm))
        await paste(pilot, "Item 1: the budget is 12k")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        assert [a.text for a in amendments(team.db, meeting.id)] == ["Item 1: the budget is 12k"]


async def test_help_lists_the_keys_of_this_screen_first_and_end_goes_down(
    team: Team, app_factory: Any
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(TasksScreen(TaskFilter()))
        await wait_until(pilot, lambda: isinstance(app.screen, TasksScreen))
        await pilot.pause()
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        table = app.screen.query_one(DataTable)
        first = [str(table.get_row_at(n)[0]) for n in range(len(TasksScreen.BINDINGS))]
        assert set(first) == {"Tasks"}
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
        assert table.scroll_x == 0  # down, never sideways
        await pilot.press("home")
        assert table.cursor_row == 0


async def test_the_palette_offers_only_what_the_screen_can_do(team: Team, app_factory: Any) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        names = {c.title for c in app.get_system_commands(app.screen)}
        assert "End meeting" not in names and "Record decision" not in names
        assert {"New meeting", "Add task", "Live meeting"} <= names
        # Live with no meeting open: nothing that needs one, in the palette or the footer.
        app.open_screen(LiveScreen())
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        live = app.screen
        await wait_until(pilot, lambda: live.query("#live-agenda"))
        await pilot.pause()
        assert live.meeting is None  # type: ignore[attr-defined]
        names = {c.title for c in app.get_system_commands(live)}
        assert "End meeting" not in names and "Record decision" not in names
        assert not live.check_action("record_decision", ())
        assert not live.check_action("add_action_item", ())
    meeting = create_meeting(team.db, team.admin, "Sync", now=FIXED_NOW)
    add_item(team.db, team.admin, meeting.id, "Intro")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(LiveScreen(meeting_id=meeting.id))
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        await wait_until(pilot, lambda: app.screen.meeting is not None)  # type: ignore[attr-defined]
        names = {c.title for c in app.get_system_commands(app.screen)}
        assert {"End meeting", "Record decision", "Add action item"} <= names


async def test_export_defaults_to_the_documents_directory(
    team: Team, app_factory: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    documents = tmp_path / "Documents"
    documents.mkdir()
    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(documents))
    meeting = create_meeting(team.db, team.admin, "Sync", now=FIXED_NOW)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(ExportDialog(meeting.id))
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog))
        await wait_until(pilot, lambda: app.screen.query("#path"))
        shown = app.screen.query_one("#path", Input).value
        assert shown == str(documents / f"minutes-{meeting.id}.md")
