"""The People screen: departments and heads, everyone with their role, who owns what;
adding people and appointing heads, with the refusals for those who may not."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from sqlite_utils import Database
from textual.widgets import DataTable, Select, Static

from db.areas import assign_area
from db.people import get_department, list_people
from db.tasks import add_task
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, messages, paste, wait_until
from tui.app import TandemApp
from tui.dialogs.people import AddPersonDialog, AppointHeadDialog
from tui.screens.people import PeopleScreen

BEFORE = FIXED_NOW - timedelta(days=7)


async def open_screen(pilot, app: TandemApp) -> PeopleScreen:  # type: ignore[no-untyped-def]
    app.open_screen("People")
    await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
    await pilot.pause()
    assert isinstance(app.screen, PeopleScreen)
    return app.screen


def rows(app: TandemApp, selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def owns(app: TandemApp) -> str:
    return str(app.screen.query_one("#owns-text", Static).render())


def notes(app: TandemApp) -> list[str]:
    return messages(app)


async def cursor_on(pilot, app: TandemApp, name: str) -> None:  # type: ignore[no-untyped-def]
    index = next(i for i, r in enumerate(rows(app, "#people")) if r[0] == name)
    app.screen.query_one("#people", DataTable).move_cursor(row=index)
    await pilot.pause()


async def test_departments_heads_and_everyone(
    app_factory: Callable[..., TandemApp], team: Team
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        assert rows(app, "#departments") == [
            ["Marketing", "Lena Park", "3", "0 · 0 · 0", "0"],
            ["Sales", "Maya Chen", "3", "0 · 0 · 0", "0"],
        ]
        people = {r[0]: r[1:] for r in rows(app, "#people")}
        assert people["Maya Chen"] == ["Sales", "Head of Sales", "head", "—"]
        assert people["Omar Haddad"] == ["Sales", "Account Executive", "", "—"]
        assert people["Ada Admin"] == ["—", "", "admin", app.login]
        assert len(people) == 7


async def test_who_owns_what(
    app_factory: Callable[..., TandemApp], team: Team, db: Database
) -> None:
    assign_area(db, team.maya, "Enterprise renewals", team.omar.id, now=BEFORE)
    add_task(db, team.maya, "Call Globex", team.omar.id, due=FIXED_NOW.date(), now=BEFORE)
    for n in range(16):
        add_task(db, team.maya, f"Follow-up {n}", team.omar.id, allow_duplicate=True, now=BEFORE)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await cursor_on(pilot, app, "Omar Haddad")
        text = owns(app)
        assert "Omar Haddad  Account Executive" in text
        assert "Areas (1)" in text and "  Enterprise renewals" in text
        assert "Open tasks (17)" in text
        assert "Call Globex" in text
        assert "… and 2 more (Tasks screen, owner filter)" in text
        await cursor_on(pilot, app, "Nina Roy")
        assert "Areas (0)" in owns(app) and "Open tasks (0)" in owns(app)


async def test_admin_adds_a_person(app_factory: Callable[..., TandemApp], team: Team) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AddPersonDialog))
        app.screen.query_one("#department", Select).value = team.tom.department_id
        app.screen.query_one("#name").focus()
        # Typed key by key, as a person does (the other tests here paste their text).
        await pilot.press(*"Zoe Quinn", "tab", "tab", *"Designer", "tab", *"zoe@example.com")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await wait_until(pilot, lambda: len(rows(app, "#people")) == 8)
        zoe = next(p for p in list_people(app.db) if p.name == "Zoe Quinn")
        assert (zoe.department, zoe.title, zoe.email) == (
            "Marketing",
            "Designer",
            "zoe@example.com",
        )
        assert "Zoe Quinn  Designer" in owns(app)  # the cursor went to the new person
        assert ["Marketing", "Lena Park", "4"] in [r[:3] for r in rows(app, "#departments")]


async def test_head_adds_to_own_department_only(
    app_factory: Callable[..., TandemApp], team: Team
) -> None:
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AddPersonDialog))
        # The head's own department is chosen already.
        assert app.screen.query_one("#department", Select).value == team.maya.department_id
        await paste(pilot, "Ravi Shah")
        await pilot.press("enter")
        # enter in the name field does not submit; the email field or the button does
        await pilot.click("#ok")
        await wait_until(pilot, lambda: any(p.name == "Ravi Shah" for p in list_people(app.db)))

        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AddPersonDialog))
        app.screen.query_one("#department", Select).value = team.tom.department_id
        app.screen.query_one("#name").focus()
        await paste(pilot, "Mia Wong")
        await pilot.click("#ok")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await wait_until(
            pilot,
            lambda: any(
                "only the head of Marketing or the admin can add people to Marketing" in n
                for n in notes(app)
            ),
        )
        assert all(p.name != "Mia Wong" for p in list_people(app.db))


async def test_member_may_not_add_people(app_factory: Callable[..., TandemApp], team: Team) -> None:
    app = app_factory("Omar Haddad")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AddPersonDialog))
        await paste(pilot, "Someone New")
        await pilot.click("#ok")
        await wait_until(pilot, lambda: any("only the head of Sales" in n for n in notes(app)))
        assert len(list_people(app.db)) == 7


async def test_empty_name_is_refused(app_factory: Callable[..., TandemApp], team: Team) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AddPersonDialog))
        await pilot.click("#ok")
        await wait_until(pilot, lambda: any("name" in n for n in notes(app)))
        assert len(list_people(app.db)) == 7


async def test_admin_appoints_a_head(
    app_factory: Callable[..., TandemApp], team: Team, db: Database
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await cursor_on(pilot, app, "Omar Haddad")
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, AppointHeadDialog))
        assert app.screen.query_one("#department", Select).value == team.omar.department_id
        await pilot.click("#ok")
        await wait_until(pilot, lambda: get_department(app.db, "Sales").head == "Omar Haddad")
        await wait_until(
            pilot,
            lambda: ["Sales", "Omar Haddad", "3"] in [r[:3] for r in rows(app, "#departments")],
        )
        people = {r[0]: r[3] for r in rows(app, "#people")}
        assert people["Omar Haddad"] == "head"
        assert people["Maya Chen"] == ""  # one head per department


async def test_appointing_across_departments_is_refused(
    app_factory: Callable[..., TandemApp], team: Team
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await cursor_on(pilot, app, "Omar Haddad")  # Sales
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, AppointHeadDialog))
        app.screen.query_one("#department", Select).value = team.tom.department_id
        await pilot.click("#ok")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await wait_until(pilot, lambda: len(notes(app)) > 0)
        assert get_department(app.db, "Marketing").head == "Lena Park"


async def test_only_the_admin_appoints_heads(
    app_factory: Callable[..., TandemApp], team: Team
) -> None:
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await cursor_on(pilot, app, "Omar Haddad")
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, PeopleScreen)  # refused before the form
        assert any(
            "only the admin can appoint a department head; Maya Chen is not the admin" in n
            for n in notes(app)
        )
        assert get_department(app.db, "Sales").head == "Maya Chen"


async def test_cancel_adds_nothing(app_factory: Callable[..., TandemApp], team: Team) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AddPersonDialog))
        await paste(pilot, "Not Really")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        assert len(list_people(app.db)) == 7
