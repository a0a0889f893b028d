"""The agenda builder, by keys only, checking the database after each step."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, Static

from db.connection import open_db
from db.decisions import record_decision
from db.meetings import (
    add_item,
    close_meeting,
    create_meeting,
    edit_item,
    end_item,
    get_meeting,
    list_meetings,
    start_item,
)
from db.people import get_person
from db.taskforces import create_task_force
from db.tasks import add_task
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, messages, notifications, screen_text, wait_until
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.meeting import ItemForm, MeetingForm
from tui.screens.agenda import AgendaScreen


def _messages(app: Any) -> list[str]:
    return messages(app)


async def _type(pilot: Any, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def _agenda(db: Any, meeting_id: int) -> list[tuple[int, str, int, str | None, str | None]]:
    return [
        (i.position, i.title, i.minutes, i.presenter, i.department)
        for i in get_meeting(db, meeting_id).agenda
    ]


def _totals(app: Any) -> str:
    return str(app.screen.query_one("#totals", Static).render())


async def _open_agenda(pilot: Any, app: Any, meeting_id: int | None = None) -> AgendaScreen:
    app.open_screen(AgendaScreen(meeting_id=meeting_id))
    await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
    return app.screen  # type: ignore[no-any-return]


async def test_build_an_agenda_by_keys(team: Team, app_factory) -> None:  # type: ignore[no-untyped-def]
    db = team.db
    tf = create_task_force(
        db,
        team.admin,
        "Launch squad",
        problem="Ship the launch",
        lead="Lena Park",
        members=["Omar Haddad"],
        now=FIXED_NOW,
    )
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        assert "No meeting yet — press n to create one." in screen_text(app)

        # Create: title, date-time, length, facilitator by type-ahead, task force.
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingForm))
        await _type(pilot, "Weekly sync")
        await pilot.press("tab", "ctrl+u")
        await _type(pilot, "2026-11-26 10:00")
        await pilot.press("tab", "ctrl+u", "4", "5", "tab")
        await _type(pilot, "may")
        await pilot.press("tab")  # leaving the field takes the best match: Maya
        await pilot.press("enter", "down", "enter")  # the task force list: none -> Launch squad
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        [meeting] = list_meetings(db)
        expected_at = datetime(2026, 11, 26, 10, 0).astimezone().isoformat(timespec="seconds")
        assert (meeting.title, meeting.at, meeting.minutes) == ("Weekly sync", expected_at, 45)
        assert (meeting.facilitator, meeting.task_force_id) == ("Maya Chen", tf.id)
        assert "Meeting 1 created: Weekly sync" in _messages(app)
        text = screen_text(app)
        assert "facilitator Maya Chen · task force Launch squad" in text
        assert "Planned 0 of 45 min (45 min free)" in text

        # Add: timebox and presenter (department from the presenter).
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemForm))
        await _type(pilot, "Pipeline review")
        await pilot.press("tab", "ctrl+u", "2", "0", "tab")
        await _type(pilot, "omar")
        await pilot.press("enter", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        assert _agenda(db, 1) == [(1, "Pipeline review", 20, "Omar Haddad", "Sales")]

        # Add: a department other than the presenter's, chosen from the list.
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemForm))
        await _type(pilot, "Launch plan")
        await pilot.press("tab", "ctrl+u", "1", "5", "tab")
        await _type(pilot, "tom")
        await pilot.press("tab")  # leaving the field takes the match (enter would save)
        await pilot.press("enter", "down", "down", "enter")  # presenter's -> Marketing -> Sales
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        assert _agenda(db, 1)[1] == (2, "Launch plan", 15, "Tom Berg", "Sales")

        # Add: the title alone (enter saves), with the default timebox: exactly full.
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemForm))
        await _type(pilot, "Any other business")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        assert _agenda(db, 1)[2] == (3, "Any other business", 10, None, None)
        await wait_until(pilot, lambda: "Planned 45 of 45 min (0 min free)" in _totals(app))
        assert not app.screen.query_one("#totals").has_class("-over")

        # One more: over the meeting's length, with the warning.
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemForm))
        await _type(pilot, "Extra")
        await pilot.press("tab", "ctrl+u", "5", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        assert [i[1] for i in _agenda(db, 1)] == [
            "Pipeline review",
            "Launch plan",
            "Any other business",
            "Extra",
        ]
        await wait_until(pilot, lambda: "over by 5 min" in _totals(app))
        assert "Planned 50 of 45 min — over by 5 min" in screen_text(app)
        assert app.screen.query_one("#totals").has_class("-over")

        # Reorder by keys: the new item is selected; K and shift+up move it up, J down.
        table = app.screen.query_one("#items", DataTable)
        assert table.cursor_row == 3
        await pilot.press("K")
        await wait_until(pilot, lambda: _agenda(db, 1)[2][1] == "Extra")
        await pilot.press("shift+up")
        await wait_until(pilot, lambda: _agenda(db, 1)[1][1] == "Extra")
        assert table.cursor_row == 1  # the cursor follows the item
        await pilot.press("J")
        await wait_until(pilot, lambda: _agenda(db, 1)[2][1] == "Extra")
        assert [i[1] for i in _agenda(db, 1)] == [
            "Pipeline review",
            "Launch plan",
            "Extra",
            "Any other business",
        ]
        assert [i[0] for i in _agenda(db, 1)] == [1, 2, 3, 4]

        # Edit the selected item: title and timebox; presenter and department kept.
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemForm))
        assert app.screen.query_one("#title", Input).value == "Extra"
        await pilot.press("ctrl+u")
        await _type(pilot, "Extra: budget")
        await pilot.press("tab", "ctrl+u", "3", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        assert _agenda(db, 1)[2] == (3, "Extra: budget", 3, None, None)
        await wait_until(pilot, lambda: "over by 3 min" in _totals(app))

        # Enter on a row edits it too; escape leaves it unchanged.
        await pilot.press("up", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemForm))
        assert app.screen.query_one("#title", Input).value == "Launch plan"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        assert _agenda(db, 1)[1] == (2, "Launch plan", 15, "Tom Berg", "Sales")

        # Delete: asks first (n keeps it), y deletes; the rest move up.
        await pilot.press("down", "d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        assert len(_agenda(db, 1)) == 4
        await pilot.press("delete")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "Delete item 3, Extra: budget?" in screen_text(app)
        await pilot.press("y")
        await wait_until(pilot, lambda: len(_agenda(db, 1)) == 3)
        assert [(i[0], i[1]) for i in _agenda(db, 1)] == [
            (1, "Pipeline review"),
            (2, "Launch plan"),
            (3, "Any other business"),
        ]
        await wait_until(pilot, lambda: "Planned 45 of 45 min (0 min free)" in _totals(app))
        assert not app.screen.query_one("#totals").has_class("-over")
        assert app.is_running


async def test_next_in_series_carries_over_with_the_review_first(team: Team, app_factory) -> None:  # type: ignore[no-untyped-def]
    db = team.db
    admin = team.admin
    first = create_meeting(
        db, admin, "Weekly sync", at=FIXED_NOW, minutes=50, facilitator="Maya Chen", now=FIXED_NOW
    )
    done = add_item(db, admin, first.id, "Done item", presenter="Omar Haddad", minutes=5)
    decided = add_item(db, admin, first.id, "Decided item", minutes=5)
    open_one = add_item(db, admin, first.id, "Talked, no outcome", presenter="Tom Berg", minutes=15)
    add_item(db, admin, first.id, "Never reached", minutes=20)
    start_item(db, admin, done.id, now=FIXED_NOW)
    end_item(db, admin, done.id, done=True, now=FIXED_NOW)
    start_item(db, admin, decided.id, now=FIXED_NOW)
    record_decision(db, admin, "Yes", meeting_id=first.id, item_position=2, now=FIXED_NOW)
    start_item(db, admin, open_one.id, now=FIXED_NOW)
    add_task(db, admin, "Send the deck", "Sara Ito", meeting_id=first.id, now=FIXED_NOW)
    close_meeting(db, admin, first.id, now=FIXED_NOW)

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await _open_agenda(pilot, app, first.id)
        await pilot.press("N")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingForm))
        form = app.screen
        await wait_until(pilot, lambda: "Next meeting after Weekly sync" in screen_text(app))
        # Same title, a week later, same length and facilitator.
        week_later = datetime.fromisoformat(first.at) + timedelta(days=7)
        assert form.query_one("#title", Input).value == "Weekly sync"
        assert form.query_one("#at", Input).value == week_later.strftime("%Y-%m-%d %H:%M")
        assert form.query_one("#minutes", Input).value == "50"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        nxt = get_meeting(db, 2)
        assert (nxt.previous_id, nxt.facilitator, nxt.minutes) == (first.id, "Maya Chen", 50)
        assert [(i.position, i.title, i.is_review, i.carried_from_id) for i in nxt.agenda] == [
            (1, "Review open action items from meeting 1 (Weekly sync)", True, None),
            (2, "Talked, no outcome", False, open_one.id),
            (3, "Never reached", False, open_one.id + 1),
        ]
        assert nxt.agenda[1].presenter == "Tom Berg"
        await wait_until(pilot, lambda: app.screen.meeting_id == 2)  # type: ignore[attr-defined]
        text = screen_text(app)
        assert "↻ Review open action items" in text
        assert "↪ Talked, no outcome" in text
        assert "Planned 45 of 50 min (5 min free)" in text


async def test_refusals_are_notifications_and_nothing_changes(team: Team, app_factory) -> None:  # type: ignore[no-untyped-def]
    db = team.db
    meeting = create_meeting(db, team.admin, "Admin's sync", at=FIXED_NOW, now=FIXED_NOW)
    add_item(db, team.admin, meeting.id, "Intro", minutes=5)
    app = app_factory("Tom Berg")  # neither the facilitator nor the admin
    async with app.run_test(size=SIZE) as pilot:
        await _open_agenda(pilot, app, meeting.id)
        refusal = "only its facilitator (Ada Admin) or the admin can edit the agenda of meeting 1"

        # Editing an item: refused in the form (kept open, with what was typed) and notified.
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemForm))
        await pilot.press("ctrl+u")
        await _type(pilot, "Tom's title")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: refusal in _messages(app))
        assert isinstance(app.screen, ItemForm)
        assert app.screen.query_one("#title", Input).value == "Tom's title"
        assert str(app.screen.query_one(".form-error", Static).render()) == refusal
        assert "only its facilitator (Ada Admin)" in screen_text(app)
        assert _agenda(db, meeting.id) == [(1, "Intro", 5, None, None)]
        await pilot.press("escape")  # what was typed: asked before it is discarded
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))

        # Adding and moving: refused the same way.
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemForm))
        await _type(pilot, "Sneaky")
        await pilot.press("enter")
        await wait_until(pilot, lambda: _messages(app).count(refusal) == 2)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        await pilot.press("J")
        await wait_until(pilot, lambda: _messages(app).count(refusal) == 3)
        assert _agenda(db, meeting.id) == [(1, "Intro", 5, None, None)]

        # A meeting for someone else: only the admin or a head may name another facilitator.
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingForm))
        await _type(pilot, "Tom's meeting")
        await pilot.press("tab", "tab", "tab")
        await _type(pilot, "Nina Roy")
        await pilot.press("ctrl+s")
        await wait_until(
            pilot,
            lambda: any("can name another facilitator" in m for m in _messages(app)),
        )
        # A date the CLI would refuse is refused here too, saying why.
        await pilot.press("shift+tab", "shift+tab", "ctrl+u")
        await _type(pilot, "someday")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any("someday" in m for m in _messages(app)))
        assert [m.title for m in list_meetings(db)] == ["Admin's sync"]
        assert [n.severity for n in notifications(app)] == ["error"] * 5
        assert app.is_running


async def test_a_stale_edit_is_refused_and_reloaded(team: Team, app_factory, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = team.db
    meeting = create_meeting(
        db, team.admin, "Sync", at=FIXED_NOW, facilitator="Maya Chen", now=FIXED_NOW
    )
    item = add_item(db, team.maya, meeting.id, "Pipeline", presenter="Omar Haddad", minutes=10)
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await _open_agenda(pilot, app, meeting.id)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemForm))
        form = app.screen
        await pilot.press("ctrl+u")
        await _type(pilot, "Maya's title")

        # Meanwhile, in another process: the admin changes the same item.
        other = open_db(db_path)
        try:
            edit_item(
                other,
                get_person(other, "Ada Admin"),
                item.id,
                title="Ada's title",
                minutes=25,
                now=FIXED_NOW + timedelta(minutes=5),
            )
        finally:
            other.close()

        await pilot.press("ctrl+s")
        expected = (
            "agenda item 1 was changed by Ada Admin at 2026-11-24T09:05:00+00:00"
            " — reloaded; make your edit again"
        )
        await wait_until(pilot, lambda: expected in _messages(app))
        # Nothing overwritten: the other edit stands.
        assert _agenda(db, meeting.id) == [(1, "Ada's title", 25, "Omar Haddad", "Sales")]
        # The form stays open, showing what is stored now and why.
        assert app.screen is form
        assert form.query_one("#title", Input).value == "Ada's title"
        assert form.query_one("#minutes", Input).value == "25"
        assert "changed by Ada Admin" in screen_text(app)

        # Made again on the reloaded item, the edit goes through.
        await pilot.press("ctrl+u")
        await _type(pilot, "Maya's title")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        assert _agenda(db, meeting.id) == [(1, "Maya's title", 25, "Omar Haddad", "Sales")]
        await wait_until(pilot, lambda: "Maya's title" in screen_text(app))
        assert app.is_running


async def test_a_presenter_who_matches_nobody_is_refused_not_dropped(
    team: Team, app_factory
) -> None:  # type: ignore[no-untyped-def]
    db = team.db
    meeting = create_meeting(db, team.admin, "Admin's sync", at=FIXED_NOW, now=FIXED_NOW)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await _open_agenda(pilot, app, meeting.id)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, ItemForm))
        await _type(pilot, "Pricing")
        await pilot.press("tab", "tab")
        await _type(pilot, "Zed Nobody")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "no person named 'Zed Nobody'" in _messages(app))
        assert isinstance(app.screen, ItemForm)
        # The focus is on the field at fault, to fix the name.
        assert app.screen.query_one("#presenter").has_focus_within
        assert _agenda(db, meeting.id) == []
