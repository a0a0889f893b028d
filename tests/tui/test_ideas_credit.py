"""Credit and field days outside the Ideas screen: Home's line (new ideas waiting, for
those who decide; field days this quarter and who has none), People's per-person and
per-department counts, parking in the live meeting and pulling from the backlog."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from sqlite_utils import Database
from textual.widgets import DataTable, Static

from db.backlog import list_backlog
from db.fielddays import add_field_day, quarter_start
from db.ideas import accept_idea, add_idea, done_idea, get_idea
from db.meetings import add_item, create_meeting, get_meeting, start_meeting
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, messages, wait_until
from tui.app import TandemApp
from tui.dialogs.confirm import ConfirmDialog
from tui.dialogs.ideas import PickDialog
from tui.screens.agenda import AgendaScreen
from tui.screens.home import HomeScreen
from tui.screens.live import LiveScreen
from tui.screens.people import PeopleScreen
from tui.widgets.ideas_panel import IdeasFieldPanel


def home_line(app: TandemApp) -> str:
    return str(app.screen.query_one(IdeasFieldPanel).render())


def test_quarter_start() -> None:
    assert quarter_start(date(2026, 11, 24)) == date(2026, 10, 1)
    assert quarter_start(date(2026, 3, 31)) == date(2026, 1, 1)
    assert quarter_start(date(2026, 4, 1)) == date(2026, 4, 1)


async def test_home_shows_new_ideas_to_heads_and_field_days_to_everyone(
    app_factory: Callable[..., TandemApp], db: Database, team: Team
) -> None:
    add_idea(db, team.omar, "Partner programme", now=FIXED_NOW)
    add_idea(db, team.tom, "Webinar polls", now=FIXED_NOW)
    add_field_day(db, team.admin, "Tom Berg", "Omar Haddad", date(2026, 11, 2), now=FIXED_NOW)
    add_field_day(db, team.admin, "Nina Roy", "Sara Ito", date(2026, 9, 2), now=FIXED_NOW)
    for who, sees in (("Maya Chen", True), ("Omar Haddad", False)):
        app = app_factory(who)
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(
                pilot, lambda a=app: isinstance(a.screen, HomeScreen) and a.screen.loaded
            )  # type: ignore[misc]
            await pilot.pause()
            line = home_line(app)
            assert ("New ideas 2 to decide" in line) is sees, line
            # This quarter (from October 1): Tom and Omar; Nina's day was in September.
            assert "Field days this quarter: 2/6 people" in line
            assert "none: Lena Park, Maya Chen, Nina Roy +1" in line


async def test_people_shows_credit_per_person_and_department(
    app_factory: Callable[..., TandemApp], db: Database, team: Team
) -> None:
    first = add_idea(db, team.omar, "Partner programme", now=FIXED_NOW)
    add_idea(db, team.omar, "Battlecards", now=FIXED_NOW)
    add_idea(db, team.tom, "Webinar polls", now=FIXED_NOW)
    accept_idea(db, team.maya, first.id, now=FIXED_NOW)
    done_idea(db, team.maya, first.id, now=FIXED_NOW)
    add_field_day(db, team.admin, "Tom Berg", "Omar Haddad", date(2026, 11, 2), now=FIXED_NOW)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await pilot.pause()
        table = app.screen.query_one("#departments", DataTable)
        departments = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert departments == [
            ["Marketing", "Lena Park", "3", "1 · 0 · 0", "1"],
            ["Sales", "Maya Chen", "3", "2 · 1 · 1", "1"],
        ]
        people = app.screen.query_one("#people", DataTable)
        names = [str(people.get_row_at(i)[0]) for i in range(people.row_count)]
        people.move_cursor(row=names.index("Omar Haddad"))
        await pilot.pause()
        owns = str(app.screen.query_one("#owns-text", Static).render())
        assert "Ideas 2 submitted · 1 accepted · 1 implemented" in owns
        assert "Field days since 2026-10-01: 1" in owns


async def test_live_parks_the_current_item_after_a_yes(
    app_factory: Callable[..., TandemApp], db: Database, team: Team
) -> None:
    meeting = create_meeting(db, team.admin, "Sync", now=FIXED_NOW)
    add_item(db, team.admin, meeting.id, "Pipeline")
    add_item(db, team.admin, meeting.id, "Budget")
    start_meeting(db, team.admin, meeting.id, now=FIXED_NOW)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(LiveScreen(meeting.id))
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")  # a reflexive ctrl+s parks nothing
        await pilot.pause()
        assert list_backlog(db) == []
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: bool(list_backlog(db)))
        [entry] = list_backlog(db)
        assert (entry.title, entry.parked_from, entry.parked_item) == ("Pipeline", meeting.id, 1)
        assert get_meeting(db, meeting.id).agenda[0].status == "parked"
        assert any("Item 1 parked" in m for m in messages(app))


async def test_agenda_builder_pulls_from_the_backlog_in_two_keys(
    app_factory: Callable[..., TandemApp], db: Database, team: Team
) -> None:
    idea = add_idea(db, team.omar, "Partner programme", now=FIXED_NOW)
    accept_idea(db, team.maya, idea.id, now=FIXED_NOW)
    meeting = create_meeting(db, team.admin, "Sync", now=FIXED_NOW)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(AgendaScreen(meeting.id))
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        await pilot.pause()
        await pilot.press("b")
        await wait_until(pilot, lambda: isinstance(app.screen, PickDialog))
        label = str(app.screen.query_one("#pick-list").get_option_at_index(0).prompt)  # type: ignore[attr-defined]
        assert "Partner programme" in label and "Omar Haddad" in label
        await pilot.press("enter")
        await wait_until(pilot, lambda: get_idea(db, idea.id).status == "planned")
        [item] = get_meeting(db, meeting.id).agenda
        assert (item.title, item.presenter) == ("Partner programme", "Omar Haddad")
        assert list_backlog(db) == []
