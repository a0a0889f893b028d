"""The app shell: header, footer, command palette, help, quit, refusals as notifications."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import DataTable, OptionList

from db.meetings import add_item, close_meeting, create_meeting, get_meeting
from tests.conftest import Team
from tests.tui.conftest import (
    FIXED_NOW,
    SIZE,
    forget_notifications,
    messages,
    notifications,
    paste,
    screen_text,
    wait_until,
)
from tui.dialogs.export import ExportDialog
from tui.palette import ACTIONS, SCREENS
from tui.screens.agenda import AgendaScreen
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.live import LiveScreen


def _messages(app) -> list[str]:  # type: ignore[no-untyped-def]
    return messages(app)


def _footer(app) -> str:  # type: ignore[no-untyped-def]
    return screen_text(app).rstrip().splitlines()[-1]


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def _palette_names(app) -> list[str]:  # type: ignore[no-untyped-def]
    """The command names the open palette lists (first line of each option)."""
    options = app.screen.query_one(OptionList)
    return [
        str(options.get_option_at_index(i).prompt).split("\n")[0]
        for i in range(options.option_count)
    ]


async def _run_command(pilot, app, name: str, *, typed: bool = False) -> None:  # type: ignore[no-untyped-def]
    """ctrl+p, the name (pasted, or ``typed`` key by key), enter on the highlighted command
    (checked to be ``name``)."""
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
    if typed:
        await _type(pilot, name)
    else:
        await paste(pilot, name)
    options = app.screen.query_one(OptionList)

    def highlighted() -> str:
        index = options.highlighted
        if index is None or index >= options.option_count:
            return ""
        return str(options.get_option_at_index(index).prompt).split("\n")[0]

    await wait_until(pilot, lambda: highlighted() == name)
    await pilot.press("enter")
    await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette))


async def test_header_shows_tandem_the_database_and_the_acting_person(
    team: Team, app_factory, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = app_factory("Maya Chen")
    async with app.run_test(size=(200, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        header = screen_text(app).splitlines()[0]
        assert "Tandem" in header
        assert str(db_path) in header
        # The admin (this login) acting as Maya: the header names both.
        assert "Maya Chen (delegated by Ada Admin)" in header


async def test_footer_shows_the_keys_of_the_current_screen(team: Team, app_factory) -> None:  # type: ignore[no-untyped-def]
    create_meeting(team.db, team.admin, "Pipeline sync", at=FIXED_NOW, now=FIXED_NOW)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "New meeting" in _footer(app))
        footer = _footer(app)
        for key in ("n New meeting", "a Agenda", "l Live meeting", "t Tasks", "^q Quit", "? Help"):
            assert key in footer
        assert "palette" in footer
        await pilot.press("a")
        await wait_until(pilot, lambda: "Add item" in _footer(app))
        footer = _footer(app)
        # Every key of the screen fits in 120 columns, the app's own last.
        for key in ("a Add item", "e Edit", "del Delete", "Move", "s Start", "x Export"):
            assert key in footer
        assert "^q Quit" in footer and "? Help" in footer
        assert "l Live meeting" not in footer  # Home's keys are not Agenda's
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("l")
        await wait_until(pilot, lambda: "Action item" in _footer(app))
        footer = _footer(app)
        for key in ("^n Next", "^r Decision", "^t Action item", "^o Attendance", "f9 End"):
            assert key in footer
        assert "f8 Export" in footer and "? Help" in footer


async def test_palette_lists_every_screen_and_action(team: Team, app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        anywhere = [a for a in ACTIONS if a.anywhere]
        await wait_until(pilot, lambda: len(_palette_names(app)) > len(SCREENS) + len(anywhere))
        names = _palette_names(app)
        for entry in SCREENS:
            assert entry.name in names
        # On Home: the actions that work from anywhere; not those of a meeting being run.
        for action in ACTIONS:
            assert (action.name in names) == action.anywhere, action.name
        for required in ("Tasks", "Start meeting", "Export minutes", "Add task", "Help", "Quit"):
            assert required in names
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_palette_opens_a_screen(team: Team, app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        # Typed key by key, as a person does: the palette narrows on each key.
        await _run_command(pilot, app, "Tasks", typed=True)
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TasksScreen")
        await _run_command(pilot, app, "Decisions", typed=True)
        await wait_until(pilot, lambda: type(app.screen).__name__ == "DecisionsScreen")
        # Screens replace each other; escape-to-Home keeps Home at the bottom.
        assert len(app.screen_stack) == 2
        await _run_command(pilot, app, "Home")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert len(app.screen_stack) == 1


async def test_palette_start_meeting_and_export_minutes(
    team: Team, app_factory, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    db = team.db
    meeting = create_meeting(db, team.admin, "Pipeline sync", at=FIXED_NOW, now=FIXED_NOW)
    add_item(db, team.admin, meeting.id, "Forecast", minutes=15)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await _run_command(pilot, app, "Start meeting")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        await wait_until(pilot, lambda: get_meeting(db, meeting.id).status == "running")
        assert get_meeting(db, meeting.id).agenda[0].status == "running"
        await wait_until(pilot, lambda: "Forecast" in screen_text(app))

        await _run_command(pilot, app, "Export minutes")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog))
        target = tmp_path / "minutes.md"
        path = app.screen.query_one("#path")
        path.value = str(target)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: target.exists())
        text = target.read_text()
        assert "Pipeline sync" in text and "Forecast" in text
        await wait_until(pilot, lambda: f"Minutes written to {target}" in _messages(app))

        # Again to the same file: refused in the form's own words, the file untouched.
        await _run_command(pilot, app, "Export minutes")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog))
        app.screen.query_one("#path").value = str(target)  # type: ignore[attr-defined]
        target.write_text("keep me")
        await pilot.press("ctrl+s")
        refusal = f"{target} exists; tick 'Overwrite' to replace it"
        await wait_until(pilot, lambda: refusal in _messages(app))
        assert target.read_text() == "keep me"
        app.screen.query_one("#force").value = True  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "Pipeline sync" in target.read_text())


async def test_export_dialog_refuses_the_database_even_when_ticked(
    team: Team, app_factory, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    db = team.db
    create_meeting(db, team.admin, "Pipeline sync", at=FIXED_NOW, now=FIXED_NOW)
    before = db_path.read_bytes()
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        for target in (db_path, Path(f"{db_path}-wal")):
            await _run_command(pilot, app, "Export minutes")
            await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog))
            # Let the dialog settle first: its format picker, once mounted, puts the
            # format's suffix on the path, and must not do that to the path typed here.
            await pilot.pause()
            app.screen.query_one("#path").value = str(target)  # type: ignore[attr-defined]
            app.screen.query_one("#force").value = True  # type: ignore[attr-defined]
            await pilot.pause()
            assert app.screen.query_one("#path").value == str(target)  # type: ignore[attr-defined]
            await pilot.press("ctrl+s")
            await wait_until(
                pilot, lambda: any("writing there would destroy it" in m for m in _messages(app))
            )
            assert isinstance(app.screen, ExportDialog)
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, ExportDialog))
            forget_notifications(app)
    assert db_path.read_bytes()[:16] == b"SQLite format 3\x00"
    assert len(db_path.read_bytes()) >= len(before)
    assert get_meeting(db, 1).title == "Pipeline sync"


async def test_question_mark_and_f1_show_help(team: Team, app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        table = app.screen.query_one(DataTable)
        rows = [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        where = {r[0] for r in rows}
        assert {"Everywhere", "Home", "Agenda", "Live meeting", "Palette"} <= where
        assert ("Live meeting", "^t", "Add an action item") in rows
        assert ("Agenda", "shift+↑, K", "Move up") in rows
        assert ("Everywhere", "^q", "Quit") in rows
        assert ("Everywhere", "^p", "Command palette: every screen and action") in rows
        assert "Tandem keys" in screen_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("f1")  # the same key closes it
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))


async def test_ctrl_q_quits_from_any_screen(team: Team, app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        await pilot.press("n")  # a modal form open: ctrl+q still quits
        await wait_until(pilot, lambda: type(app.screen).__name__ == "MeetingForm")
        assert app.is_running
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_code == 0


async def test_a_permission_refusal_is_a_notification(team: Team, app_factory) -> None:  # type: ignore[no-untyped-def]
    db = team.db
    meeting = create_meeting(db, team.admin, "Admin's sync", at=FIXED_NOW, now=FIXED_NOW)
    add_item(db, team.admin, meeting.id, "Intro")
    app = app_factory("Tom Berg")  # not the facilitator
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(AgendaScreen(meeting_id=meeting.id))
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        await pilot.press("d")  # delete the item: refused by db/
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ConfirmDialog")
        await pilot.press("y")
        expected = "only its facilitator (Ada Admin) or the admin can edit the agenda of meeting 1"
        await wait_until(pilot, lambda: expected in _messages(app))
        assert [n.severity for n in notifications(app)] == ["error"]
        assert [i.title for i in get_meeting(db, meeting.id).agenda] == ["Intro"]
        assert app.is_running and isinstance(app.screen, AgendaScreen)


async def test_a_closed_meeting_refusal_is_a_notification(team: Team, app_factory) -> None:  # type: ignore[no-untyped-def]
    db = team.db
    meeting = create_meeting(db, team.admin, "Last week", at=FIXED_NOW, now=FIXED_NOW)
    add_item(db, team.admin, meeting.id, "Intro")
    close_meeting(db, team.admin, meeting.id, now=FIXED_NOW)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(AgendaScreen(meeting_id=meeting.id))
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        await pilot.press("J")  # move the item: the minutes are frozen
        await wait_until(pilot, lambda: any("is closed" in m for m in _messages(app)))
        assert "meeting 1 is closed: its minutes are frozen" in _messages(app)
        await pilot.press("a")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ItemForm")
        await _type(pilot, "Late addition")
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(notifications(app)) == 2)
        assert "is closed" in screen_text(app)  # shown in the form, which stays open
        assert type(app.screen).__name__ == "ItemForm"
        assert [i.title for i in get_meeting(db, meeting.id).agenda] == ["Intro"]
        assert app.is_running
