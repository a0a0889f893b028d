"""People screen: edit a person (prefilled; a refusal puts the focus on the field at fault)
and mark one as having left (everything they hold named, who takes it over, what goes where,
a department left without a head); only the admin or the person's head may."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta

from sqlite_utils import Database
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from db.areas import assign_area
from db.people import get_department, get_person
from db.tasks import add_task, get_task
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, messages, notifications, wait_until
from tui.app import TandemApp
from tui.dialogs.leave import LeaveDialog
from tui.dialogs.person_edit import PersonEditDialog
from tui.screens.people import PeopleScreen
from tui.widgets.person_picker import PersonPicker

BEFORE = FIXED_NOW - timedelta(days=7)


async def open_people(pilot, app: TandemApp, name: str) -> PeopleScreen:  # type: ignore[no-untyped-def]
    app.open_screen("People")
    await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, PeopleScreen)
    table = screen.query_one("#people", DataTable)
    index = next(i for i in range(table.row_count) if str(table.get_row_at(i)[0]) == name)
    table.move_cursor(row=index)
    await pilot.pause()
    return screen


DIALOGS = {"e": PersonEditDialog, "x": LeaveDialog}


@asynccontextmanager
async def on_person(
    app_factory: Callable[..., TandemApp], name: str, key: str, *, actor: str | None = None
) -> AsyncIterator[tuple[TandemApp, Pilot[None]]]:
    """The app run by ``actor``, the People screen's cursor on ``name``, ``key`` pressed
    there and its dialog open (edit ``e`` or leave ``x``)."""
    app = app_factory(actor)
    async with app.run_test(size=SIZE) as pilot:
        await open_people(pilot, app, name)
        await pilot.press(key)
        await wait_until(pilot, lambda: isinstance(app.screen, DIALOGS[key]))
        yield app, pilot


def people_rows(app: TandemApp) -> dict[str, list[str]]:
    table = app.screen.query_one("#people", DataTable)
    rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
    return {r[0]: r[1:] for r in rows}


def static_text(app: TandemApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def focused_id(app: TandemApp) -> str | None:
    focused = app.focused
    return focused.id if focused is not None else None


# -- edit ---------------------------------------------------------------------------------


async def test_admin_edits_a_person_in_a_prefilled_dialog(
    app_factory: Callable[..., TandemApp], team: Team, db: Database
) -> None:
    async with on_person(app_factory, "Omar Haddad", "e") as (app, pilot):
        dialog = app.screen
        assert dialog.query_one("#name", Input).value == "Omar Haddad"
        assert dialog.query_one("#title", Input).value == "Account Executive"
        assert dialog.query_one("#department", Select).value == team.omar.department_id
        dialog.query_one("#title", Input).value = "Senior Account Executive"
        dialog.query_one("#email", Input).value = "omar@example.com"
        dialog.query_one("#department", Select).value = team.tom.department_id
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        omar = get_person(db, team.omar.id)
        assert (omar.title, omar.email, omar.department) == (
            "Senior Account Executive",
            "omar@example.com",
            "Marketing",
        )
        await wait_until(
            pilot,
            lambda: (
                people_rows(app)["Omar Haddad"][:2] == ["Marketing", "Senior Account Executive"]
            ),
        )
        assert "Omar Haddad saved" in messages(app)


async def test_a_refused_edit_puts_the_focus_on_the_field_at_fault(
    app_factory: Callable[..., TandemApp], team: Team, db: Database
) -> None:
    """A taken name, then (in the same dialog) a bad email: each refusal moves the focus
    to its own field, keeps what was typed and changes nothing."""
    async with on_person(app_factory, "Omar Haddad", "e") as (app, pilot):
        app.screen.query_one("#name", Input).value = "Sara Ito"
        app.screen.query_one("#email").focus()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any("Sara Ito" in n for n in messages(app)))
        assert isinstance(app.screen, PersonEditDialog)  # what was typed stays to fix
        assert focused_id(app) == "name"
        assert get_person(db, team.omar.id).name == "Omar Haddad"

        app.screen.query_one("#name", Input).value = "Omar Haddad"
        app.screen.query_one("#email", Input).value = "omar at example"
        app.screen.query_one("#title", Input).value = "Changed"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any("invalid email" in n for n in messages(app)))
        assert isinstance(app.screen, PersonEditDialog)
        assert focused_id(app) == "email"
        assert get_person(db, team.omar.id).title == "Account Executive"  # nothing changed


async def test_a_head_moving_someone_out_is_refused_at_the_department(
    app_factory: Callable[..., TandemApp], team: Team, db: Database
) -> None:
    async with on_person(app_factory, "Omar Haddad", "e", actor="Maya Chen") as (app, pilot):
        app.screen.query_one("#department", Select).value = team.tom.department_id
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any("Marketing" in n for n in messages(app)))
        assert notifications(app)[-1].title == "Not allowed"
        assert focused_id(app) == "department"
        assert get_person(db, team.omar.id).department == "Sales"


async def test_a_member_gets_the_refusal_without_the_dialog(
    app_factory: Callable[..., TandemApp], team: Team
) -> None:
    app = app_factory("Omar Haddad")
    async with app.run_test(size=SIZE) as pilot:
        await open_people(pilot, app, "Sara Ito")
        for key in ("e", "x"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, PeopleScreen)
        said = messages(app)
        assert "only the head of Sales or the admin can edit Sara Ito" in said
        assert "only the head of Sales or the admin can mark as having left Sara Ito" in said


# -- leave --------------------------------------------------------------------------------


def holds_work(db: Database, team: Team) -> int:
    assign_area(db, team.maya, "Enterprise renewals", team.omar.id, now=BEFORE)
    return add_task(db, team.maya, "Call Globex", team.omar.id, now=BEFORE).id


async def test_leaving_names_everything_and_hands_it_over(
    app_factory: Callable[..., TandemApp], team: Team, db: Database
) -> None:
    task_id = holds_work(db, team)
    async with on_person(app_factory, "Omar Haddad", "x", actor="Maya Chen") as (app, pilot):
        held = static_text(app, "#held")
        assert "Open tasks (1)" in held and "task " in held and "'Call Globex'" in held
        assert "Areas (1)" in held and "area 'Enterprise renewals'" in held
        assert "Pick who takes it all over" in static_text(app, "#plan")
        await pilot.press(*"Sara")
        await pilot.press("enter")  # takes the match, moves on to the button: nothing yet
        await wait_until(pilot, lambda: "To Sara Ito" in static_text(app, "#plan"))
        plan = static_text(app, "#plan")
        assert "To Sara Ito: 1 open task, 1 area" in plan
        assert isinstance(app.screen, LeaveDialog) and app.focused is not None
        assert app.focused.id == "save"
        assert not get_person(db, team.omar.id).has_left
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        assert get_person(db, team.omar.id).has_left
        assert get_task(db, task_id).owner == "Sara Ito"
        assert "Omar Haddad has left; 2 things went to Sara Ito" in messages(app)
        await wait_until(pilot, lambda: people_rows(app)["Omar Haddad"][2] == "left 2026-11-24")


async def test_the_picker_offers_only_people_still_here_and_none_picked_is_refused(
    app_factory: Callable[..., TandemApp], team: Team, db: Database
) -> None:
    """Who may take over: nobody who has left, not the leaver. Saving with nobody picked
    is refused in the app's words, with the focus on the picker."""
    from db.people_changes import leave_person

    holds_work(db, team)
    leave_person(db, team.admin, team.sara.id, now=BEFORE)
    async with on_person(app_factory, "Omar Haddad", "x") as (app, pilot):
        names = {p.name for p in app.screen.query_one(PersonPicker).people}
        assert "Sara Ito" not in names and "Omar Haddad" not in names
        assert "Maya Chen" in names

        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: len(notifications(app)) > 0)
        note = notifications(app)[-1]
        assert note.title == "Still holds work"
        assert note.message.endswith(
            "name who takes them all over; pick them in the field under the list"
        )
        assert "--to" not in note.message
        assert isinstance(app.screen, LeaveDialog)
        assert isinstance(app.focused, Input) and isinstance(app.focused.parent, PersonPicker)
        assert not get_person(db, team.omar.id).has_left


async def test_a_head_leaving_warns_of_a_department_without_head(
    app_factory: Callable[..., TandemApp], team: Team, db: Database
) -> None:
    async with on_person(app_factory, "Maya Chen", "x") as (app, pilot):
        assert "the headship of Sales" in static_text(app, "#held")
        picker = app.screen.query_one(PersonPicker)
        picker.pick(team.tom)  # Marketing: the headship of Sales can't go to him
        await wait_until(pilot, lambda: "Warning" in static_text(app, "#plan"))
        assert "Sales will have no head" in static_text(app, "#plan")
        picker.pick(team.sara)  # Sales: the admin hands her the headship
        await wait_until(pilot, lambda: "Warning" not in static_text(app, "#plan"))
        assert "To Sara Ito: the headship of Sales" in static_text(app, "#plan")
        picker.pick(team.tom)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        assert get_department(db, "Sales").head is None
        warning = notifications(app)[-1]
        assert (warning.title, warning.severity) == ("No head", "warning")
        assert "Sales has no head now" in warning.message


async def test_someone_holding_nothing_leaves_without_a_successor(
    app_factory: Callable[..., TandemApp], team: Team, db: Database
) -> None:
    async with on_person(app_factory, "Nina Roy", "x") as (app, pilot):
        assert "They hold nothing" in static_text(app, "#held")
        assert not app.screen.query(PersonPicker)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        assert get_person(db, team.nina.id).has_left
        assert "Nina Roy has left; they held nothing" in messages(app)


async def test_the_admin_and_someone_who_left_get_no_dialog(
    app_factory: Callable[..., TandemApp], team: Team, db: Database
) -> None:
    from db.people_changes import leave_person

    leave_person(db, team.admin, team.nina.id, now=BEFORE)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_people(pilot, app, "Ada Admin")
        await pilot.press("x")
        await wait_until(pilot, lambda: any("the admin can't leave" in n for n in messages(app)))
        assert isinstance(app.screen, PeopleScreen)
        await open_people(pilot, app, "Nina Roy")
        assert "left 2026-11-17" in people_rows(app)["Nina Roy"]
        await pilot.press("x")
        await wait_until(pilot, lambda: any("Nina Roy has left" in n for n in messages(app)))
        assert notifications(app)[-1].title == "Has left"
        assert isinstance(app.screen, PeopleScreen)


def test_every_kind_of_holding_has_its_singular() -> None:
    from db.holdings import KINDS
    from tui.dialogs.leave import ONE

    assert set(ONE) == set(KINDS)


async def test_whom_the_head_may_not_hand_it_to_is_greyed_with_the_reason(
    app_factory: Callable[..., TandemApp], team: Team, db: Database
) -> None:
    holds_work(db, team)
    async with on_person(app_factory, "Omar Haddad", "x", actor="Maya Chen") as (app, pilot):
        picker = app.screen.query_one(PersonPicker)
        assert picker.refusal(team.sara) is None  # Sales, her department
        why = picker.refusal(team.tom)  # Marketing: moving Sales work there is the admin's
        assert why is not None and "the admin" in why
        picker.pick(team.tom)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: len(notifications(app)) > 0)
        assert notifications(app)[-1].title == "Not allowed"
        assert isinstance(app.focused, Input) and isinstance(app.focused.parent, PersonPicker)
        assert not get_person(db, team.omar.id).has_left


async def test_escape_after_typing_asks_before_discarding_the_edit(
    app_factory: Callable[..., TandemApp], team: Team, db: Database
) -> None:
    from tui.dialogs.confirm import ConfirmDialog

    async with on_person(app_factory, "Omar Haddad", "e") as (app, pilot):
        await pilot.pause()
        assert app.screen.query_one("#title", Input).select_on_focus is False
        await pilot.press("tab", *" II")  # lands at the end of the title
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, PersonEditDialog))
        assert app.screen.query_one("#title", Input).value == "Account Executive II"
