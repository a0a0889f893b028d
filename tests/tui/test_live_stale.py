"""Live notes under a second writer: never overwritten silently.

Another connection (another terminal's app or CLI) changes the notes of the
item on screen. Not typing: the screen shows the new notes. Typing: the save
is refused with "changed by NAME at TIME — reloaded", the stored notes are
shown, and what was typed goes to the clipboard, not over the other notes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

import tui.screens.live as live_module
from db.connection import open_db
from db.meetings import add_item, create_meeting, edit_item, get_meeting, set_notes, start_item
from db.people import get_person
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, messages, wait_until
from tui.screens.live import LiveScreen

LATER = FIXED_NOW + timedelta(minutes=5)
REFUSAL = (
    "the notes of item 1 was changed by Ada Admin at 2026-11-24T09:05:00+00:00"
    " — reloaded; make your edit again"
)


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


def _other(db_path: Path, **change: Any) -> None:
    """The admin, in another process, changes item 1 (notes or other fields)."""
    other = open_db(db_path)
    try:
        admin = get_person(other, "Ada Admin")
        notes = change.pop("notes", None)
        if notes is not None:
            set_notes(other, admin, 1, notes, now=LATER)
        if change:
            edit_item(other, admin, 1, now=LATER, **change)
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


async def test_notes_changed_elsewhere_while_typing_are_not_overwritten(
    team: Team, running: int, app_factory, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        live = await _live(pilot, app)
        app.watcher.stop()  # the other write lands between two polls
        await _type(pilot, " go")
        assert live.notes.text == "agreed: go"
        _other(db_path, notes="agreed: wait for legal")

        await pilot.press("f5")  # saves what was typed, then re-reads
        await wait_until(pilot, lambda: REFUSAL in _messages(app))
        assert _stored(team.db) == "agreed: wait for legal"
        assert live.notes.text == "agreed: wait for legal"
        assert app.clipboard == "agreed: go"
        assert "Your notes were not saved; they are on the clipboard." in _messages(app)

        # Typing on from the reloaded notes saves normally.
        await _type(pilot, "; then go")
        await pilot.press("f5")
        await wait_until(pilot, lambda: _stored(team.db) == "agreed: wait for legal; then go")
        assert _messages(app).count(REFUSAL) == 1
        assert app.is_running


async def test_a_reload_while_typing_keeps_the_typing_and_still_refuses(
    team: Team, running: int, app_factory, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        live = await _live(pilot, app)
        await _type(pilot, " go")
        _other(db_path, notes="agreed: wait for legal")
        # The watcher sees the outside commit and re-reads the screen: the text
        # being typed stays, and so does the version it was typed against.
        app.watcher.check()
        await pilot.pause()
        assert live.notes.text == "agreed: go"
        assert _stored(team.db) == "agreed: wait for legal"

        await pilot.press("ctrl+n")  # leaving the item saves its notes first
        await wait_until(pilot, lambda: REFUSAL in _messages(app))
        assert _stored(team.db) == "agreed: wait for legal"
        assert app.clipboard == "agreed: go"


async def test_outside_notes_show_when_not_typing(
    team: Team, running: int, app_factory, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        live = await _live(pilot, app)
        _other(db_path, notes="agreed: from the other terminal")
        app.watcher.check()
        await wait_until(pilot, lambda: live.notes.text == "agreed: from the other terminal")
        # And typing after that is saved against the new version, no refusal.
        await _type(pilot, "!")
        await pilot.press("f5")
        await wait_until(pilot, lambda: _stored(team.db) == "agreed: from the other terminal!")
        assert not any("changed by" in m for m in _messages(app))


async def test_an_outside_change_to_other_fields_does_not_block_the_notes(
    team: Team, running: int, app_factory, db_path: Path
) -> None:  # type: ignore[no-untyped-def]
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        live = await _live(pilot, app)
        app.watcher.stop()
        await _type(pilot, " go")
        _other(db_path, title="Pipeline (renamed)", minutes=15)
        await pilot.press("f5")
        await wait_until(pilot, lambda: _stored(team.db) == "agreed: go")
        item = get_meeting(team.db, 1).agenda[0]
        assert (item.title, item.minutes) == ("Pipeline (renamed)", 15)
        assert not any("changed by" in m for m in _messages(app))
        assert live.notes.text == "agreed: go"
