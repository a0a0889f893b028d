"""Hostile text on Home, Agenda and Live meeting: shown literally, never a crash.

Each value is used at once as a person's name, a meeting title, an agenda item
title, the item's notes, a decision's text and rationale, and task titles. A
markup tag that got parsed, an emoji code that became an emoji or an action
that became live would be missing from the screen text read back here.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from textual.widgets import DataTable, OptionList

from db.decisions import record_decision
from db.meetings import add_item, create_meeting, set_notes, start_item
from db.people import add_person
from db.tasks import add_task
from db.text import clean
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, messages, screen_text, wait_until
from tui.screens.agenda import AgendaScreen
from tui.screens.home import HomeScreen
from tui.screens.live import LiveScreen
from tui.text import one_line

LONG = "long:" + "x" * 9_995  # 10,000 characters, one word

HOSTILE = {
    "close-tag": "fix [/] bug",
    "click": "[@click=app.quit]",
    "spaced-click": "[ @click=app.quit]",
    "emoji-code": ":smile: done",
    "markup": "[b]bold[/b] [red]red[/]",
    "ansi": "\x1b[31mred alert",
    "osc": "\x1b]0;pwned\x07title",
    "html": "<script>alert(1)</script>",
    "emoji": "launch 🎉 party 👩‍💻",
    "arabic": "مراجعة خط المبيعات",
    "hebrew": "סקירת צינור המכירות",
    "long": LONG,
}


def _probe(value: str) -> str:
    """What must show on screen: the stored text (controls removed), short enough for a cell."""
    return one_line(clean(value))[:12]


def _world(team: Team, value: str) -> dict[str, Any]:
    db, admin = team.db, team.admin
    person = add_person(db, admin, value[:200], department="Sales", now=FIXED_NOW)
    meeting = create_meeting(db, admin, value, at=FIXED_NOW, now=FIXED_NOW)
    item = add_item(db, admin, meeting.id, value, presenter=person.id, minutes=5)
    add_item(db, admin, meeting.id, "Plain second item", minutes=5)
    start_item(db, admin, item.id, now=FIXED_NOW)
    set_notes(db, admin, item.id, value, now=FIXED_NOW)
    decision = record_decision(
        db,
        admin,
        value,
        meeting_id=meeting.id,
        item_position=1,
        rationale=value,
        now=FIXED_NOW,
    )
    yesterday = FIXED_NOW.astimezone().date() - timedelta(days=1)
    add_task(
        db,
        admin,
        value,
        person.id,
        due=yesterday,
        meeting_id=meeting.id,
        agenda_item_id=item.id,
        now=FIXED_NOW,
    )
    add_task(db, admin, value, admin.id, allow_duplicate=True, now=FIXED_NOW)
    return {"person": person, "meeting": meeting, "item": item, "decision": decision}


# Three apps, four worlds each (all fit in Home's framed panels). Look-alike names (the
# two click actions) are in different groups: people's names must not look the same.
GROUPS = [
    ["close-tag", "click", "emoji-code", "ansi"],
    ["html", "arabic", "spaced-click", "markup"],
    ["osc", "emoji", "hebrew", "long"],
]


@pytest.mark.parametrize("keys", GROUPS, ids=["first-four", "middle-four", "last-four"])
async def test_hostile_text_on_home_agenda_and_live(
    team: Team, app_factory, keys: list[str]
) -> None:  # type: ignore[no-untyped-def]
    worlds = {key: _world(team, HOSTILE[key]) for key in keys}
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        # Home: each meeting, my task, the person's workload, the decision.
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        await wait_until(pilot, lambda: app.screen.query_one("#decisions", DataTable).row_count)
        await pilot.pause()  # the panels fill from the reader thread: their frame
        text = screen_text(app)
        for key in keys:
            assert text.count(_probe(HOSTILE[key])) >= 4, (key, text)
        assert "\x1b" not in app.export_screenshot() and "\x07" not in text
        assert app.is_running

        for key, world in worlds.items():
            value, probe = HOSTILE[key], _probe(HOSTILE[key])
            # Agenda: the meeting in the list and the heading, the item, its presenter.
            # One Agenda screen for the group: each meeting is chosen in its list, as a
            # person moves to it (a screen opened per meeting would cost a mount each).
            if not isinstance(app.screen, AgendaScreen):
                app.open_screen(AgendaScreen(meeting_id=world["meeting"].id))
                await wait_until(
                    pilot,
                    lambda: isinstance(app.screen, AgendaScreen) and app.screen.meeting is not None,
                )
                await pilot.pause()
            agenda = app.screen
            meetings = agenda.query_one("#meetings", OptionList)
            meetings.highlighted = meetings.get_option_index(str(world["meeting"].id))
            await wait_until(
                pilot,
                lambda agenda=agenda, world=world: (
                    agenda.meeting_id == world["meeting"].id
                    and agenda.query_one("#items", DataTable).row_count == 2
                ),
            )
            await pilot.pause()
            text = screen_text(app)
            assert "Plain second item" in text, key
            assert text.count(probe) >= 2, (key, text)  # the item and its presenter
            heading = str(app.screen.query_one("#meeting-info").render())
            assert heading.startswith(one_line(clean(value))[:60]), key
            # A 10,000-character title takes a line or two, not the whole screen.
            assert app.screen.query_one("#meeting-info").region.height <= 6, key
            await pilot.press("e")  # the edit form shows the title as typed
            await wait_until(pilot, lambda: type(app.screen).__name__ == "ItemForm")
            assert app.screen.query_one("#title").value == clean(value), key  # type: ignore[attr-defined]
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
            assert app.is_running, key

        for key, world in worlds.items():
            value, probe = HOSTILE[key], _probe(HOSTILE[key])
            # Live: the meeting, the item, its notes (as stored), the decision, the action item.
            app.open_screen(LiveScreen(meeting_id=world["meeting"].id))
            await wait_until(
                pilot,
                lambda world=world: (
                    isinstance(app.screen, LiveScreen)
                    and app.screen.meeting_id == world["meeting"].id
                ),
            )
            live = app.screen
            await wait_until(pilot, lambda live=live, value=value: live.notes.text == clean(value))
            text = screen_text(app)
            assert text.count(probe) >= 3, (key, text)  # agenda row, decision, action item
            assert live.query_one("#live-item").region.height <= 5, key
            assert live.query_one("#live-meeting").region.height <= 5, key
            assert "Decisions (1)" in text and "Action items (1)" in text, key
            assert "Plain second item" in text, key  # the agenda list is still there
            assert app.is_running, key

            # Markup-looking values show their brackets: nothing was parsed away.
            if value.startswith("["):
                assert value in screen_text(app), key
            # Clicking where a click action would be does nothing: still running.
            await pilot.click("#live-item", offset=(6, 0))
            await pilot.click("#live-outcomes", offset=(6, 1))
            await pilot.pause()
            assert app.is_running, key


async def test_hostile_text_typed_into_the_forms(team: Team, app_factory) -> None:  # type: ignore[no-untyped-def]
    """Typed, not just stored: a meeting and an item created through the forms."""
    from db.meetings import get_meeting

    app = app_factory()
    title = "[@click=app.quit] <script> :smile: [/]"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        await pilot.press("n")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "MeetingForm")
        app.screen.query_one("#title").value = title  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        assert get_meeting(team.db, 1).title == title
        assert f"Meeting 1 created: {title}" in messages(app)
        await pilot.press("a")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ItemForm")
        app.screen.query_one("#title").value = "[ @click=app.quit] item"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        assert get_meeting(team.db, 1).agenda[0].title == "[ @click=app.quit] item"
        await wait_until(pilot, lambda: "[ @click=app.quit] item" in screen_text(app))
        assert title in screen_text(app)
        assert app.is_running
