"""The facilitator's live meeting, driven by keys only, checking the database after each step."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import DataTable, TextArea

from db.decisions import list_decisions
from db.meetings import add_item, create_meeting, get_meeting, mark_attendance, start_item
from db.tasks import add_task, list_tasks
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, FixedClock, messages, screen_text, wait_until
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.export import ExportDialog
from tui.dialogs.live import ActionItemForm, AttendanceDialog, DecisionForm
from tui.screens.live import LiveScreen


async def _type(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


async def test_a_whole_meeting_by_keys(
    team: Team, app_factory, clock: FixedClock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    db = team.db
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        # Build the agenda: new meeting, two items.
        await pilot.press("a")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AgendaScreen")
        await pilot.press("n")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "MeetingForm")
        await _type(pilot, "Joint sync")
        await pilot.press("tab", "ctrl+u")
        await _type(pilot, "2026-11-24 10:00")
        await pilot.press("tab", "ctrl+u", "3", "0", "enter")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AgendaScreen")
        meeting = get_meeting(db, 1)
        assert (meeting.title, meeting.minutes, meeting.facilitator) == (
            "Joint sync",
            30,
            "Ada Admin",
        )

        await pilot.press("a")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ItemForm")
        await _type(pilot, "Pipeline review")
        await pilot.press("tab", "ctrl+u", "1", "5", "tab")
        await _type(pilot, "maya")
        await pilot.press("enter")  # takes the highlighted match and saves
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AgendaScreen")
        await pilot.press("a")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ItemForm")
        await _type(pilot, "Campaign plan")
        await pilot.press("enter")  # the only required field is filled: enter saves
        await wait_until(pilot, lambda: type(app.screen).__name__ == "AgendaScreen")
        items = get_meeting(db, 1).agenda
        assert [(i.title, i.minutes, i.presenter, i.department) for i in items] == [
            ("Pipeline review", 15, "Maya Chen", "Sales"),
            ("Campaign plan", 10, None, None),
        ]

        # Start: the Live screen opens on the first item and starts the clock.
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        live = app.screen
        assert isinstance(live, LiveScreen)
        await wait_until(pilot, lambda: get_meeting(db, 1).status == "running")
        assert get_meeting(db, 1).agenda[0].status == "running"

        # Notes: saved as typed (debounced) without any save key.
        await _type(pilot, "Q4 looks strong")
        await wait_until(pilot, lambda: get_meeting(db, 1).agenda[0].notes == "Q4 looks strong")

        # Timer: two minutes later the item timer and spent column show it.
        clock.advance(minutes=2)
        live.tick()
        assert "Item 2:00 / 15:00" in screen_text(app)

        # Record a decision with a rationale.
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, DecisionForm))
        await _type(pilot, "Focus on enterprise")
        await pilot.press("tab")
        await _type(pilot, "bigger deals")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        decisions = list_decisions(db, meeting_id=1)
        assert [(d.text, d.rationale, d.agenda_item) for d in decisions] == [
            ("Focus on enterprise", "bigger deals", 1)
        ]

        # A second decision superseding the first.
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, DecisionForm))
        await _type(pilot, "Focus on mid-market")
        await pilot.press("tab", "tab", "1", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        assert list_decisions(db, meeting_id=1)[-1].supersedes == 1

        # Action item: title, owner by type-ahead ("om" -> Omar), due "fri".
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: isinstance(app.screen, ActionItemForm))
        await _type(pilot, "Send enterprise deck")
        await pilot.press("enter")
        await _type(pilot, "om")
        await pilot.press("tab")
        await _type(pilot, "fri")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        tasks = list_tasks(db, meeting_id=1)
        assert [(t.title, t.owner, t.due, t.agenda_item_id) for t in tasks] == [
            ("Send enterprise deck", "Omar Haddad", "2026-11-27", items[0].id)
        ]
        assert "Send enterprise deck" in screen_text(app)

        # Next item: the first ends with its time, the second runs.
        clock.advance(minutes=1)
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: get_meeting(db, 1).agenda[1].status == "running")
        first = get_meeting(db, 1).agenda[0]
        assert (first.status, first.spent_seconds) == ("ended", 180)
        assert live.query_one("#notes", TextArea).text == ""
        await _type(pilot, "launch in March")
        await pilot.press("ctrl+f")  # mark the item done (notes saved first)
        await wait_until(pilot, lambda: get_meeting(db, 1).agenda[1].status == "done")
        assert get_meeting(db, 1).agenda[1].notes == "launch in March"

        # Attendance: space toggles the highlighted person, saved at once.
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, AttendanceDialog))
        await pilot.press("space", "down", "space")
        await wait_until(pilot, lambda: len(get_meeting(db, 1).attendees) == 2)
        await pilot.press("up", "space")  # and off again: absent
        await wait_until(pilot, lambda: any(not a.present for a in get_meeting(db, 1).attendees))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        attendees = get_meeting(db, 1).attendees
        assert sorted(a.present for a in attendees) == [False, True]
        assert "Present (1)" in screen_text(app) and "Absent (1)" in screen_text(app)

        # End the meeting: confirm, then the record is frozen.
        await pilot.press("f9")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: get_meeting(db, 1).status == "closed")
        assert live.query_one("#notes", TextArea).read_only

        # Export: JSON to a chosen path.
        target = tmp_path / "out"
        target.mkdir()
        await pilot.press("f8")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog))
        await pilot.press("enter")  # opens the format list
        await pilot.press("down", "down", "enter")  # Markdown -> HTML -> JSON
        await pilot.press("tab")
        path_input = app.screen.query_one("#path")
        path_input.value = ""  # type: ignore[attr-defined]
        await _type(pilot, str(target / "minutes.json"))
        await pilot.press("enter")
        await wait_until(pilot, lambda: (target / "minutes.json").exists())
        exported = json.loads((target / "minutes.json").read_text())
        assert exported["meeting"]["title"] == "Joint sync"
        assert [d["text"] for d in exported["decisions"]] == [
            "Focus on enterprise",
            "Focus on mid-market",
        ]
        assert [t["owner"] for t in exported["action_items"]] == ["Omar Haddad"]
        assert app.is_running


async def test_near_duplicate_is_flagged_with_a_choice_to_keep_both(
    team: Team, app_factory
) -> None:  # type: ignore[no-untyped-def]
    db = team.db
    meeting = create_meeting(db, team.admin, "Sync", now=FIXED_NOW)
    item = add_item(db, team.admin, meeting.id, "Pipeline")
    start_item(db, team.admin, item.id, now=FIXED_NOW)
    add_task(db, team.admin, "Send the pricing deck", team.sara.id, now=FIXED_NOW)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(LiveScreen(meeting_id=meeting.id))
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: isinstance(app.screen, ActionItemForm))
        await _type(pilot, "pricing deck: send the")
        await pilot.press("tab")
        await _type(pilot, "omar")
        await pilot.press("enter")  # takes Omar and saves: the duplicate is flagged
        form = app.screen
        await wait_until(pilot, lambda: form.query_one(".duplicate").has_class("-shown"))
        text = screen_text(app)
        assert "Near-duplicate: task 1 Send the pricing deck (owner Sara Ito)" in text
        assert len(list_tasks(db)) == 1  # nothing added until the facilitator chooses
        await pilot.press("enter")  # "Keep both" has the focus
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        titles = [(t.title, t.owner) for t in list_tasks(db)]
        assert titles == [
            ("Send the pricing deck", "Sara Ito"),
            ("pricing deck: send the", "Omar Haddad"),
        ]


async def test_restart_resumes_the_running_item_with_its_notes(
    team: Team, app_factory, clock: FixedClock
) -> None:  # type: ignore[no-untyped-def]
    db = team.db
    meeting = create_meeting(db, team.admin, "Sync", now=FIXED_NOW)
    add_item(db, team.admin, meeting.id, "Intro", minutes=5)
    add_item(db, team.admin, meeting.id, "Pipeline", minutes=10)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        await pilot.press("ctrl+n", "ctrl+n")  # start, then on to item 2
        await wait_until(pilot, lambda: get_meeting(db, meeting.id).agenda[1].status == "running")
        await _type(pilot, "halfway through")
        await wait_until(
            pilot, lambda: get_meeting(db, meeting.id).agenda[1].notes == "halfway through"
        )
        # The terminal dies here: no quit, no save key.

    clock.advance(minutes=12)
    again = app_factory()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await wait_until(pilot, lambda: isinstance(again.screen, LiveScreen))
        live = again.screen
        assert isinstance(live, LiveScreen)
        assert live.current() is not None and live.current().title == "Pipeline"  # type: ignore[union-attr]
        assert live.query_one("#notes", TextArea).text == "halfway through"
        # 12 minutes on a 10-minute timebox: the timer shows it, in the warning style.
        assert "Item 12:00 / 10:00" in screen_text(again)
        assert live.query_one("#item-timer").has_class("-over")
        table = live.query_one("#live-agenda", DataTable)
        assert table.cursor_row == 1


async def test_a_refusal_is_a_notification_not_a_crash(team: Team, app_factory) -> None:  # type: ignore[no-untyped-def]
    db = team.db
    meeting = create_meeting(db, team.admin, "Admin's meeting", now=FIXED_NOW)
    add_item(db, team.admin, meeting.id, "Intro")
    mark_attendance(db, team.admin, meeting.id, [team.tom.id])
    app = app_factory("Tom Berg")  # not the facilitator
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(LiveScreen(meeting_id=meeting.id))
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        await pilot.press("ctrl+n")
        await wait_until(
            pilot,
            lambda: (
                messages(app) == ["only its facilitator (Ada Admin) or the admin can run meeting 1"]
            ),
        )
        assert get_meeting(db, meeting.id).status == "planned"
        assert app.is_running
