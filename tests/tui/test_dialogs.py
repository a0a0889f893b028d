"""Dialogs done right: the field at fault gets the focus with the CLI's "did you mean",
escape asks before throwing typed text away, keys typed after tab land in the field tab
moved to, and people the acting person may not pick are listed greyed with the reason."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, OptionList

from db.areas import area_history, assign_area, list_areas
from db.meetings import add_item, create_meeting, mark_attendance, start_item
from db.tasks import add_task, list_tasks
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, messages, paste, wait_until
from tui.dialogs.areas import AreaDialog, AreaHistoryDialog
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.live import ActionItemForm
from tui.dialogs.meeting import MeetingForm
from tui.dialogs.tasks import ReassignDialog
from tui.screens.agenda import AgendaScreen
from tui.screens.live import LiveScreen
from tui.screens.responsibilities import ResponsibilitiesScreen
from tui.screens.tasks import TaskFilter, TasksScreen
from tui.widgets.person_picker import PersonPicker


async def _type(pilot: Any, text: str) -> None:
    """Key by key, where typing is what is tested (``paste`` for the rest of the text)."""
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


async def _live(team: Team, app_factory: Any) -> tuple[Any, Any]:
    meeting = create_meeting(team.db, team.admin, "Sync", now=FIXED_NOW)
    item = add_item(team.db, team.admin, meeting.id, "Pipeline")
    start_item(team.db, team.admin, item.id, now=FIXED_NOW)
    mark_attendance(team.db, team.admin, meeting.id, [team.sara.id, team.omar.id])
    return meeting, app_factory()


async def test_an_unknown_owner_says_did_you_mean_and_the_owner_field_gets_the_focus(
    team: Team, app_factory: Any
) -> None:
    meeting, app = await _live(team, app_factory)
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(LiveScreen(meeting_id=meeting.id))
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: isinstance(app.screen, ActionItemForm))
        form = app.screen
        await paste(pilot, "Send the deck")
        await pilot.press("tab")
        await _type(pilot, "Sarah Ito")
        await pilot.press("ctrl+s")
        said = "no person named 'Sarah Ito' (did you mean Sara Ito?)"
        await wait_until(pilot, lambda: said in messages(app))
        assert app.screen is form
        assert form.query_one("#owner").has_focus_within  # not left on Save
        # Fixing the name there and saving works at once.
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        await _type(pilot, "Sara Ito")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        assert [(t.title, t.owner) for t in list_tasks(team.db)] == [("Send the deck", "Sara Ito")]


async def test_a_bad_due_date_puts_the_focus_on_the_due_field(team: Team, app_factory: Any) -> None:
    meeting, app = await _live(team, app_factory)
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(LiveScreen(meeting_id=meeting.id))
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: isinstance(app.screen, ActionItemForm))
        form = app.screen
        await paste(pilot, "Send the deck")
        await pilot.press("tab")
        await paste(pilot, "Sara Ito")
        await pilot.press("tab")
        await paste(pilot, "someday")
        await pilot.press("tab")  # away from the field, then save
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any("invalid date" in m for m in messages(app)))
        assert form.query_one("#due", Input).has_focus
        assert list_tasks(team.db) == []


async def test_escape_asks_before_discarding_typed_text_and_not_otherwise(
    team: Team, app_factory: Any
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(AgendaScreen())
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingForm))
        await pilot.press("escape")  # nothing typed: closes at once
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))

        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingForm))
        form = app.screen
        await _type(pilot, "Weekly")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")  # back to the form, text as it was
        await wait_until(pilot, lambda: app.screen is form)
        assert form.query_one("#title", Input).value == "Weekly"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))


async def test_keys_after_tab_and_shift_tab_add_to_the_field_they_land_in(
    team: Team, app_factory: Any
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(AgendaScreen())
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, MeetingForm))
        form = app.screen
        await _type(pilot, "Week")
        await pilot.press("tab", "shift+tab")
        await _type(pilot, "ly")
        assert form.query_one("#title", Input).value == "Weekly"
        await pilot.press("tab", "tab")  # the length field holds "60": typing adds to it
        await pilot.press("backspace")
        await _type(pilot, "5")
        assert form.query_one("#minutes", Input).value == "65"


async def test_a_task_the_actor_may_not_move_gives_no_dialog_but_who_may(
    team: Team, app_factory: Any
) -> None:
    add_task(team.db, team.lena, "Launch webinar page", team.tom.id, now=FIXED_NOW)
    app = app_factory("Omar Haddad")
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(TasksScreen(TaskFilter()))
        await wait_until(pilot, lambda: isinstance(app.screen, TasksScreen))
        await pilot.pause()
        await pilot.press("r")
        await wait_until(pilot, lambda: any("reassign task 1" in m for m in messages(app)))
        assert isinstance(app.screen, TasksScreen)
        said = next(m for m in messages(app) if "reassign task 1" in m)
        assert "the head of Marketing" in said and "Omar Haddad is none of them" in said


async def test_the_picker_lists_people_the_actor_may_not_pick_greyed_with_why(
    team: Team, app_factory: Any
) -> None:
    add_task(team.db, team.lena, "Launch webinar page", team.tom.id, now=FIXED_NOW)
    app = app_factory("Lena Park")  # head of Marketing: may not give it to Sales people
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(TasksScreen(TaskFilter()))
        await wait_until(pilot, lambda: isinstance(app.screen, TasksScreen))
        await pilot.pause()
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReassignDialog))
        await _type(pilot, "o")  # Omar (Sales) and Tom's colleagues match
        options = app.screen.query_one(OptionList)
        await wait_until(pilot, lambda: options.option_count > 0)
        shown = [options.get_option_at_index(n) for n in range(options.option_count)]
        omar = next(o for o in shown if "Omar Haddad" in str(o.prompt))
        assert omar.disabled
        assert "the admin" in str(omar.prompt)  # who may, right there
        assert not next(o for o in shown if "Nina Roy" in str(o.prompt)).disabled
        # Typing the refused name in full and saving is refused in the dialog, saying why.
        picker = app.screen.query_one(PersonPicker)
        picker.input.value = "Omar Haddad"
        await pilot.press("tab", "enter")
        await wait_until(pilot, lambda: any("the admin" in m for m in messages(app)))
        assert isinstance(app.screen, ReassignDialog)
        assert list_tasks(team.db)[0].owner == "Tom Berg"


async def test_an_area_reassigned_with_a_reason_shows_in_its_history(
    team: Team, app_factory: Any
) -> None:
    assign_area(team.db, team.lena, "Webinars", team.tom.id, now=FIXED_NOW)
    app = app_factory("Lena Park")
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen("Responsibilities")
        await wait_until(pilot, lambda: isinstance(app.screen, ResponsibilitiesScreen))
        await pilot.pause()
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, AreaDialog))
        await _type(pilot, "nina")
        await pilot.press("tab")
        await paste(pilot, "Tom moves to content")
        await pilot.press("enter")
        await wait_until(pilot, lambda: list_areas(team.db)[0].owner == "Nina Roy")
        assert area_history(team.db, "Webinars")[-1].reason == "Tom moves to content"
        await wait_until(pilot, lambda: isinstance(app.screen, ResponsibilitiesScreen))
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, AreaHistoryDialog))
        text = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "Tom Berg → Nina Roy" in text and "Tom moves to content" in text


async def test_the_first_enter_on_a_picked_owner_saves(team: Team, app_factory: Any) -> None:
    meeting, app = await _live(team, app_factory)
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(LiveScreen(meeting_id=meeting.id))
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: isinstance(app.screen, ActionItemForm))
        await paste(pilot, "Send the deck")
        await pilot.press("enter")  # to the owner
        await _type(pilot, "sa")
        await pilot.press("enter")  # takes Sara Ito and saves: no second enter needed
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        assert [(t.title, t.owner) for t in list_tasks(team.db)] == [("Send the deck", "Sara Ito")]
