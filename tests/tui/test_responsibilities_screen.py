"""The Responsibilities screen: areas per department with their one owner, assign and
reassign where the acting person may (and why not elsewhere), near-duplicates, load."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlite_utils import Database
from textual.widgets import DataTable, Select, Static

from db.areas import assign_area, get_area, list_areas
from db.tasks import add_task
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, messages, paste, screen_text, wait_until
from tui.app import TandemApp
from tui.dialogs.areas import AreaDialog, KeepBothDialog
from tui.screens.responsibilities import ResponsibilitiesScreen
from tui.widgets.person_picker import PersonPicker

BEFORE = FIXED_NOW - timedelta(days=30)


class Areas:
    """Two Sales areas and one Marketing area, each given by its department's head."""

    def __init__(self, db: Database, team: Team) -> None:
        self.enterprise = assign_area(
            db, team.maya, "Enterprise renewals", team.omar.id, now=BEFORE
        )
        self.inbound = assign_area(db, team.maya, "Inbound leads", team.sara.id, now=BEFORE)
        self.webinars = assign_area(db, team.lena, "Webinars", team.tom.id, now=BEFORE)


@pytest.fixture
def areas(db: Database, team: Team) -> Areas:
    return Areas(db, team)


async def open_screen(pilot, app: TandemApp, **kwargs: object) -> ResponsibilitiesScreen:  # type: ignore[no-untyped-def]
    app.open_screen(ResponsibilitiesScreen(**kwargs))
    await wait_until(pilot, lambda: isinstance(app.screen, ResponsibilitiesScreen))
    await pilot.pause()
    assert isinstance(app.screen, ResponsibilitiesScreen)
    return app.screen


def rows(app: TandemApp, selector: str = "#areas") -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def notes(app: TandemApp) -> list[str]:
    return messages(app)


async def put_cursor_on(pilot, app: TandemApp, area_name: str) -> None:  # type: ignore[no-untyped-def]
    table = app.screen.query_one("#areas", DataTable)
    index = next(i for i, row in enumerate(rows(app)) if row[1] == area_name)
    table.move_cursor(row=index)
    await pilot.pause()


async def fill(pilot, name: str | None, owner: str) -> None:  # type: ignore[no-untyped-def]
    """Paste the area's name (``None``: the dialog has no name field) and the owner's,
    tab after each (the keyboard-only test types them key by key)."""
    if name is not None:
        await paste(pilot, name)
        await pilot.press("tab")
    await paste(pilot, owner)
    await pilot.press("tab")


async def test_each_area_with_its_owner_and_who_assigned_it(
    app_factory: Callable[..., TandemApp], areas: Areas
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        assert [r[:5] for r in rows(app)] == [
            ["Marketing", "Webinars", "Tom Berg", "Lena Park", BEFORE.date().isoformat()],
            ["Sales", "Enterprise renewals", "Omar Haddad", "Maya Chen", BEFORE.date().isoformat()],
            ["Sales", "Inbound leads", "Sara Ito", "Maya Chen", BEFORE.date().isoformat()],
        ]
        text = screen_text(app)
        assert "Enterprise renewals" in text and "Omar Haddad" in text
        assert "Ada Admin is the admin: may assign any area" in text


async def test_department_filter_shows_one_department(
    app_factory: Callable[..., TandemApp], areas: Areas, team: Team
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        app.screen.query_one("#department", Select).value = team.tom.department_id
        await wait_until(pilot, lambda: [r[1] for r in rows(app)] == ["Webinars"])
        # The load table follows the department too.
        assert {r[0] for r in rows(app, "#load")} == {"Lena Park", "Tom Berg", "Nina Roy"}
        app.screen.query_one("#department", Select).clear()
        await wait_until(pilot, lambda: len(rows(app)) == 3)


async def test_opened_on_a_department(
    app_factory: Callable[..., TandemApp], areas: Areas, team: Team
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app, department_id=team.maya.department_id)
        assert [r[1] for r in rows(app)] == ["Enterprise renewals", "Inbound leads"]


async def test_head_assigns_a_new_area_in_their_department(
    app_factory: Callable[..., TandemApp], areas: Areas, team: Team, db: Database
) -> None:
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        assert "Maya Chen may assign Sales areas" in screen_text(app)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AreaDialog))
        # A head may pick only their own department's people; the others are listed
        # greyed with the reason, not hidden.
        picker = app.screen.query_one(PersonPicker)
        may = {p.name for p in picker.people if picker.refusal(p) is None}
        assert may == {"Maya Chen", "Omar Haddad", "Sara Ito"}
        tom = next(p for p in picker.people if p.name == "Tom Berg")
        assert picker.refusal(tom) == (
            "only the head of Marketing or the admin can assign Marketing areas"
        )
        await fill(pilot, "Partner channel", "omar")
        await pilot.click("#ok")
        await wait_until(pilot, lambda: isinstance(app.screen, ResponsibilitiesScreen))
        await wait_until(pilot, lambda: len(rows(app)) == 4)
        added = next(a for a in list_areas(db) if a.area == "Partner channel")
        assert (added.owner, added.assigned_by, added.department) == (
            "Omar Haddad",
            "Maya Chen",
            "Sales",
        )
        assert added.assigned_at == FIXED_NOW.isoformat()
        # The cursor lands on the new area.
        assert rows(app)[app.screen.query_one("#areas", DataTable).cursor_row][1] == (
            "Partner channel"
        )


async def test_head_reassigns_an_area_in_their_department(
    app_factory: Callable[..., TandemApp], areas: Areas, team: Team
) -> None:
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await put_cursor_on(pilot, app, "Enterprise renewals")
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, AreaDialog))
        assert not app.screen.query("#name")  # an existing area keeps its name
        await fill(pilot, None, "sara")
        await pilot.click("#ok")
        await wait_until(pilot, lambda: get_area(app.db, areas.enterprise.id).owner == "Sara Ito")
        moved = get_area(app.db, areas.enterprise.id)
        assert (moved.assigned_by, moved.version) == ("Maya Chen", areas.enterprise.version + 1)
        await wait_until(
            pilot,
            lambda: ["Sales", "Enterprise renewals", "Sara Ito"] in [r[:3] for r in rows(app)],
        )
        history = app.db.execute(
            "SELECT from_id, to_id, actor_id FROM area_history WHERE area_id = ? ORDER BY id",
            [areas.enterprise.id],
        ).fetchall()
        assert history[-1] == (team.omar.id, team.sara.id, team.maya.id)


async def test_head_of_marketing_reassigns_marketing_areas_not_sales_ones(
    app_factory: Callable[..., TandemApp], areas: Areas
) -> None:
    """A Sales area: refused before any form, nothing changes. Then a Marketing one: done."""
    app = app_factory("Lena Park")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        assert "Lena Park may assign Marketing areas" in screen_text(app)
        await put_cursor_on(pilot, app, "Enterprise renewals")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResponsibilitiesScreen)  # no form to fill in for nothing
        assert any(
            "only the head of Sales or the admin can reassign Sales areas" in n for n in notes(app)
        )
        assert get_area(app.db, areas.enterprise.id) == areas.enterprise

        await put_cursor_on(pilot, app, "Webinars")
        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, AreaDialog))
        await fill(pilot, None, "nina")
        await pilot.click("#ok")
        await wait_until(pilot, lambda: get_area(app.db, areas.webinars.id).owner == "Nina Roy")


async def test_head_cannot_give_an_area_to_another_departments_person(
    app_factory: Callable[..., TandemApp], areas: Areas, team: Team
) -> None:
    """Even typed past the picker's offer, db/ refuses and says who may."""
    app = app_factory("Lena Park")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_screen(pilot, app)
        screen._assign("Trade press", team.omar, None, allow_duplicate=False)
        await pilot.pause()
        assert any("only the head of Sales or the admin" in n for n in notes(app))
        assert all(a.area != "Trade press" for a in list_areas(app.db))


async def test_someone_who_heads_nothing_sees_why_they_cannot_assign(
    app_factory: Callable[..., TandemApp], areas: Areas
) -> None:
    app = app_factory("Omar Haddad")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        may = str(app.screen.query_one("#may", Static).render())
        assert "Omar Haddad can't assign areas: only a department head or the admin can" in may
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ResponsibilitiesScreen)
        assert any("Omar Haddad is neither" in n for n in notes(app))
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResponsibilitiesScreen)
        assert len(list_areas(app.db)) == 3


async def test_near_duplicate_area_asks_and_cancel_adds_nothing(
    app_factory: Callable[..., TandemApp], areas: Areas
) -> None:
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AreaDialog))
        await fill(pilot, "renewals, enterprise", "sara")
        await pilot.click("#ok")
        await wait_until(pilot, lambda: isinstance(app.screen, KeepBothDialog))
        text = screen_text(app)
        assert "is close to area" in text and "Enterprise renewals" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ResponsibilitiesScreen))
        assert len(list_areas(app.db)) == 3


async def test_near_duplicate_kept_on_purpose_is_flagged(
    app_factory: Callable[..., TandemApp], areas: Areas
) -> None:
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AreaDialog))
        await fill(pilot, "Enterprise renewal", "sara")
        await pilot.click("#ok")
        await wait_until(pilot, lambda: isinstance(app.screen, KeepBothDialog))
        await pilot.click("#keep")
        await wait_until(pilot, lambda: len(rows(app)) == 4)
        added = next(a for a in list_areas(app.db) if a.area == "Enterprise renewal")
        assert added.owner == "Sara Ito"
        flags = {r[1]: r[5] for r in rows(app)}
        assert flags["Enterprise renewal"] == f"≈ area {areas.enterprise.id}"
        assert flags["Enterprise renewals"] == f"≈ area {added.id}"
        assert flags["Inbound leads"] == ""


async def test_load_per_person_counts_open_overdue_and_areas(
    app_factory: Callable[..., TandemApp], areas: Areas, team: Team, db: Database
) -> None:
    today = FIXED_NOW.date()
    add_task(db, team.maya, "Late one", team.omar.id, due=today - timedelta(days=1), now=BEFORE)
    add_task(db, team.maya, "Soon one", team.omar.id, due=today + timedelta(days=3), now=BEFORE)
    add_task(db, team.lena, "Brief", team.tom.id, now=BEFORE)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        load = {r[0]: r[1:] for r in rows(app, "#load")}
        assert load["Omar Haddad"] == ["Sales", "2", "1", "1"]
        assert load["Tom Berg"] == ["Marketing", "1", "0", "1"]
        assert load["Sara Ito"] == ["Sales", "0", "0", "1"]
        assert load["Nina Roy"] == ["Marketing", "0", "0", "0"]
        # Heaviest first.
        assert rows(app, "#load")[0][0] == "Omar Haddad"


async def test_keyboard_only_enter_takes_the_match_then_assigns(
    app_factory: Callable[..., TandemApp], areas: Areas
) -> None:
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AreaDialog))
        # enter in the name field moves on to the owner; enter there takes the
        # highlighted match and assigns: the first enter always works.
        await pilot.press(*"Partner channel", "enter", *"sar", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ResponsibilitiesScreen))
        added = next(a for a in list_areas(app.db) if a.area == "Partner channel")
        assert added.owner == "Sara Ito"
