"""Calendars from the app: "Export calendar" from the palette (a file in the documents
directory, the path shown, no overwrite unless ticked) and the Agenda screen's invite file
(key i: the selected meeting's .ics, asking before replacing one)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from textual.command import CommandPalette
from textual.widgets import Checkbox, Input, OptionList

from db.meetings import add_item, create_meeting
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, messages, notifications, paste, wait_until
from tui.dialogs.calendar import CALENDAR_FILE, CalendarExportDialog, invite_name
from tui.dialogs.confirm import ConfirmDialog
from tui.screens.agenda import AgendaScreen
from tui.screens.home import HomeScreen
from tui.widgets.person_picker import PersonPicker


@pytest.fixture
def docs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The documents directory, not there yet (the app creates it)."""
    where = tmp_path / "Documents"
    monkeypatch.setattr("tui.dialogs.calendar.documents_dir", lambda: where)
    return where


@pytest.fixture
def meeting_id(team: Team) -> int:
    meeting = create_meeting(
        team.db,
        team.maya,
        "Pipeline review",
        at=FIXED_NOW + timedelta(days=1),
        now=FIXED_NOW,
    )
    add_item(team.db, team.maya, meeting.id, "Forecast", minutes=20, now=FIXED_NOW)
    return meeting.id


def events(path: Path) -> dict[str, Any]:
    """UID -> VEVENT of an iCalendar file (parsing it is part of the check)."""
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


async def run_command(pilot: Any, app: Any, name: str) -> None:
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
    await paste(pilot, name)  # the name, not its typing, is the point here
    options = app.screen.query_one(OptionList)

    def highlighted() -> str:
        index = options.highlighted
        if index is None or index >= options.option_count:
            return ""
        return str(options.get_option_at_index(index).prompt).split("\n")[0]

    await wait_until(pilot, lambda: highlighted() == name)
    await pilot.press("enter")
    await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette))


async def test_export_calendar_from_the_palette_into_documents(
    team: Team, app_factory: Any, docs: Path, meeting_id: int
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await run_command(pilot, app, "Export calendar")
        await wait_until(pilot, lambda: isinstance(app.screen, CalendarExportDialog))
        target = docs / CALENDAR_FILE
        assert app.screen.query_one("#path", Input).value == str(target)
        await pilot.press("enter")  # in the path field, everything needed is there
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        found = events(target)
        assert any(uid.startswith(f"meeting-{meeting_id}@") for uid in found)
        assert f"Calendar written to {target}" in messages(app)


async def test_an_existing_file_is_kept_unless_overwrite_is_ticked(
    team: Team, app_factory: Any, docs: Path, meeting_id: int
) -> None:
    docs.mkdir()
    target = docs / CALENDAR_FILE
    target.write_text("mine\n")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await run_command(pilot, app, "Export calendar")
        await wait_until(pilot, lambda: isinstance(app.screen, CalendarExportDialog))
        app.screen.query_one(PersonPicker).focus()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: len(notifications(app)) > 0)
        note = notifications(app)[-1]
        assert note.title == "File exists" and "tick Overwrite" in note.message
        assert "--force" not in note.message
        assert isinstance(app.screen, CalendarExportDialog)
        assert app.focused is app.screen.query_one("#path", Input)  # the field at fault
        assert target.read_text() == "mine\n"
        app.screen.query_one("#force", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert any(uid.startswith(f"meeting-{meeting_id}@") for uid in events(target))


async def test_one_persons_calendar_and_a_name_that_matches_nobody(
    team: Team, app_factory: Any, docs: Path, meeting_id: int
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await run_command(pilot, app, "Export calendar")
        await wait_until(pilot, lambda: isinstance(app.screen, CalendarExportDialog))
        dialog = app.screen
        dialog.query_one(PersonPicker).input.value = "Zed Nobody"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any("Zed Nobody" in m for m in messages(app)))
        assert notifications(app)[-1].title == "Not found"
        assert not (docs / CALENDAR_FILE).exists()
        assert app.focused is dialog.query_one(PersonPicker).input
        dialog.query_one(PersonPicker).pick(team.sara)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        cal = Calendar.from_ical((docs / CALENDAR_FILE).read_bytes())
        assert "Sara Ito" in str(cal["x-wr-calname"])
        assert not cal.walk("VEVENT")  # Sara facilitates and attends nothing, owns no task


async def test_the_agenda_writes_the_meetings_invite(
    team: Team, app_factory: Any, docs: Path, meeting_id: int
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(AgendaScreen(meeting_id=meeting_id))
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        await wait_until(pilot, lambda: app.screen.meeting is not None)
        await pilot.press("i")
        target = docs / invite_name(meeting_id)
        await wait_until(pilot, target.exists)
        (event,) = events(target).values()
        assert str(event["summary"]) == "Pipeline review"
        assert str(event["uid"]).startswith(f"meeting-{meeting_id}@")
        assert any(str(target) in m and "Invite for meeting" in m for m in messages(app))

        # A second time: asked first; no keeps the file as it is.
        target.write_text("mine\n")
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        assert target.read_text() == "mine\n"
        await run_command(pilot, app, "Meeting invite file")  # the palette's way
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: target.read_text() != "mine\n")
        assert len(events(target)) == 1
