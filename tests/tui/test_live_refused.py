"""Typed live notes survive any refusal (issue 11, item 7).

Someone else closes the meeting (or unbinds this login) while notes are being
typed: the save is refused, and what was typed stays in the notes area and goes
to the clipboard, with a notification saying so — also when the refusal comes
on leaving the item or the screen. (The version conflict, where someone else
changed the same notes, is covered by test_live_stale.py.)
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

import tui.screens.live as live_module
from db.connection import open_db
from db.meetings import add_item, close_meeting, create_meeting, get_meeting, set_notes, start_item
from db.people import bind_login, get_person
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, messages, wait_until
from tui.screens.home import HomeScreen
from tui.screens.live import LiveScreen

LATER = FIXED_NOW + timedelta(minutes=5)
KEPT = "Your notes were not saved; they are on the clipboard and still in the notes area."
GONE = "Your notes were not saved; they are on the clipboard."
CLOSED = "meeting 1 is closed"


@pytest.fixture(autouse=True)
def slow_debounce(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typed notes wait for a save key here, so the other writer lands while they wait."""
    monkeypatch.setattr(live_module, "NOTES_DEBOUNCE", 600)


@pytest.fixture
def running(team: Team) -> Iterator[int]:
    """A running meeting facilitated by Maya, its first item on the go with notes."""
    db = team.db
    meeting = create_meeting(
        db, team.admin, "Sync", at=FIXED_NOW, facilitator="Maya Chen", now=FIXED_NOW
    )
    item = add_item(db, team.admin, meeting.id, "Pipeline", minutes=10)
    add_item(db, team.admin, meeting.id, "Campaigns", minutes=10)
    start_item(db, team.maya, item.id, now=FIXED_NOW)
    set_notes(db, team.maya, item.id, "agreed:", now=FIXED_NOW)
    yield item.id


def _messages(app: Any) -> list[str]:
    return messages(app)


def _close_elsewhere(db_path: Path) -> None:
    """The admin, in another terminal, closes the meeting."""
    other = open_db(db_path)
    try:
        close_meeting(other, get_person(other, "Ada Admin"), 1, now=LATER)
    finally:
        other.close()


async def _live(pilot: Any, app: Any) -> LiveScreen:
    app.open_screen(LiveScreen(meeting_id=1))
    await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
    live: LiveScreen = app.screen
    await wait_until(pilot, lambda: live.notes.text == "agreed:")
    return live


async def _type(pilot: Any, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def _stored(db: Any) -> str:
    return get_meeting(db, 1).agenda[0].notes


async def test_notes_typed_when_the_meeting_is_closed_elsewhere_stay_and_go_to_the_clipboard(
    team: Team, running: int, app_factory, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        live = await _live(pilot, app)
        await _type(pilot, " ship it")
        _close_elsewhere(db_path)
        app.watcher.check()  # the screen sees the close while the typing waits
        await pilot.pause()
        assert live.notes.text == "agreed: ship it"

        await pilot.press("f5")  # save now: refused, the meeting is closed
        await wait_until(pilot, lambda: KEPT in _messages(app))
        assert any(m.startswith(CLOSED) for m in _messages(app))
        assert app.clipboard == "agreed: ship it"
        assert live.notes.text == "agreed: ship it"
        assert _stored(team.db) == "agreed:"

        # Re-reading the screen (the watcher, f5) does not replace what was typed.
        app.watcher.check()
        live.reload()
        await pilot.pause()
        assert live.notes.text == "agreed: ship it"
        assert app.is_running


async def test_leaving_the_item_keeps_the_notes_in_view_once(
    team: Team, running: int, app_factory, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        live = await _live(pilot, app)
        app.watcher.stop()  # the close lands unseen: the save finds out
        await _type(pilot, " ship it")
        _close_elsewhere(db_path)

        # Enter on the second agenda row: the save is refused, the item stays.
        agenda = live.query_one("#live-agenda", DataTable)
        agenda.focus()
        agenda.move_cursor(row=1)
        await pilot.press("enter")
        await wait_until(pilot, lambda: KEPT in _messages(app))
        assert app.clipboard == "agreed: ship it"
        assert live.item_id == running
        assert live.notes.text == "agreed: ship it"

        # Moving again goes on; the text is still on the clipboard.
        agenda.focus()
        agenda.move_cursor(row=1)
        await pilot.press("enter")
        await wait_until(pilot, lambda: live.item_id != running)
        assert app.clipboard == "agreed: ship it"
        assert _stored(team.db) == "agreed:"


async def test_leaving_the_screen_puts_refused_notes_on_the_clipboard(
    team: Team, running: int, app_factory, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await _live(pilot, app)
        app.watcher.stop()
        await _type(pilot, " ship it")
        _close_elsewhere(db_path)

        await pilot.press("escape")  # back to Home: the last save is refused
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await wait_until(pilot, lambda: GONE in _messages(app))
        assert any(m.startswith(CLOSED) for m in _messages(app))
        assert app.clipboard == "agreed: ship it"
        assert _stored(team.db) == "agreed:"
        assert app.is_running


async def test_notes_refused_because_the_login_was_unbound_are_kept(
    team: Team, running: int, app_factory, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        live = await _live(pilot, app)
        app.watcher.stop()
        await _type(pilot, " ship it")
        # In another terminal the admin moves to another login: this one is bound to nobody.
        other = open_db(db_path)
        try:
            bind_login(other, get_person(other, "Ada Admin"), "Ada Admin", "nobody")
        finally:
            other.close()

        await pilot.press("f5")
        await wait_until(pilot, lambda: KEPT in _messages(app))
        assert any("bound to no person" in m for m in _messages(app))
        assert app.clipboard == "agreed: ship it"
        assert live.notes.text == "agreed: ship it"
        assert _stored(team.db) == "agreed:"
