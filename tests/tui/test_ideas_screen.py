"""The Ideas screen: ideas by status with their author's credit, one-key triage for heads
(accept; decline asks a reason; plan picks a meeting; done optionally names a task),
refusals that say who may, anyone adds an idea (for themselves or someone else), and
hostile text shown literally. Snapshots at 80x24 and 120x40 on the demo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from textual.widgets import DataTable, Input, Static

from db.ideas import accept_idea, add_idea, get_idea, list_ideas
from db.meetings import create_meeting
from db.tasks import add_task
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, FixedClock, messages, wait_until
from tui.app import TandemApp, make_app
from tui.dialogs.ideas import DeclineForm, DoneForm, IdeaForm, PickDialog
from tui.screens.ideas import IdeasScreen
from tui.widgets.person_picker import PersonPicker

HOSTILE = "[bold]loud[/] [@click=app.quit]quit[/] $x \x1b[31m"


async def open_ideas(pilot: Any, app: TandemApp) -> IdeasScreen:
    await pilot.pause()
    await pilot.press("i")  # from Home
    await wait_until(pilot, lambda: isinstance(app.screen, IdeasScreen))
    await pilot.pause()
    assert isinstance(app.screen, IdeasScreen)
    return app.screen


def rows(app: TandemApp) -> list[list[str]]:
    table = app.screen.query_one("#ideas", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def detail(app: TandemApp) -> str:
    return str(app.screen.query_one("#idea-text", Static).render())


async def test_new_ideas_listed_with_credit_and_a_head_accepts_in_one_key(
    app_factory: Callable[..., TandemApp], db: Database, team: Team
) -> None:
    idea = add_idea(db, team.omar, "Free trial for resellers", now=FIXED_NOW)
    add_idea(db, team.tom, "Webinar polls", now=FIXED_NOW)
    app = app_factory("Maya Chen")  # head of Sales
    async with app.run_test(size=SIZE) as pilot:
        await open_ideas(pilot, app)
        assert [r[:4] for r in rows(app)] == [
            [str(idea.id), "new", "Free trial for resellers", "Omar Haddad, Sales"],
            [str(idea.id + 1), "new", "Webinar polls", "Tom Berg, Marketing"],
        ]
        assert "Idea 1 from Omar Haddad, Sales" in detail(app)
        await pilot.press("a")
        await wait_until(pilot, lambda: len(rows(app)) == 1)
        assert get_idea(db, idea.id).status == "accepted"
        assert get_idea(db, idea.id).decided_by == "Maya Chen"
        assert rows(app)[0][3] == "Tom Berg, Marketing"  # the cursor moved on to the next
        await pilot.press("2")  # the accepted view
        await wait_until(pilot, lambda: rows(app) and rows(app)[0][1] == "accepted")
        assert rows(app)[0][4] == "in the backlog"


async def test_decline_asks_for_the_reason_the_author_sees(
    app_factory: Callable[..., TandemApp], db: Database, team: Team
) -> None:
    idea = add_idea(db, team.omar, "Quiz night", now=FIXED_NOW)
    app = app_factory("Lena Park")
    async with app.run_test(size=SIZE) as pilot:
        await open_ideas(pilot, app)
        await pilot.press("x")
        await wait_until(pilot, lambda: isinstance(app.screen, DeclineForm))
        await pilot.press("enter")  # no reason: refused in the form, nothing changes
        assert get_idea(db, idea.id).status == "new"
        assert isinstance(app.screen, DeclineForm)
        app.screen.query_one("#reason", Input).value = "Not this quarter"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, IdeasScreen))
        declined = get_idea(db, idea.id)
        assert (declined.status, declined.reason) == ("declined", "Not this quarter")
        await pilot.press("5")
        await wait_until(pilot, lambda: bool(rows(app)))
        assert "why: Not this quarter" in detail(app)


async def test_plan_picks_a_planned_meeting_and_done_names_the_task(
    app_factory: Callable[..., TandemApp], db: Database, team: Team
) -> None:
    idea = add_idea(db, team.omar, "ROI calculator", now=FIXED_NOW)
    accept_idea(db, team.maya, idea.id, now=FIXED_NOW)
    meeting = create_meeting(db, team.maya, "Weekly sync", now=FIXED_NOW)
    task = add_task(db, team.admin, "Build the calculator", team.tom.id)
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await open_ideas(pilot, app)
        await pilot.press("2")  # accepted
        await wait_until(pilot, lambda: len(rows(app)) == 1)
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, PickDialog))
        await pilot.press("enter")  # the one planned meeting
        await wait_until(pilot, lambda: get_idea(db, idea.id).status == "planned")
        planned = get_idea(db, idea.id)
        assert planned.meeting_id == meeting.id
        assert any("presented by Omar Haddad" in m for m in messages(app))
        await pilot.press("3")
        await wait_until(pilot, lambda: len(rows(app)) == 1)
        assert rows(app)[0][4] == f"meeting {meeting.id}, item {planned.agenda_item}"
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, DoneForm))
        app.screen.query_one("#task", Input).value = str(task.id)
        await pilot.press("enter")
        await wait_until(pilot, lambda: get_idea(db, idea.id).status == "done")
        assert get_idea(db, idea.id).task_id == task.id
        await pilot.press("4")
        await wait_until(pilot, lambda: len(rows(app)) == 1)
        assert f"implemented on 2026-11-24 by task {task.id}" in detail(app)
        assert any("Omar Haddad, Sales credited" in m for m in messages(app))


async def test_a_member_is_refused_triage_and_told_who_may(
    app_factory: Callable[..., TandemApp], db: Database, team: Team
) -> None:
    idea = add_idea(db, team.sara, "Shared channel", now=FIXED_NOW)
    app = app_factory("Omar Haddad")
    async with app.run_test(size=SIZE) as pilot:
        await open_ideas(pilot, app)
        for key, what in (("a", "accept"), ("x", "decline"), ("d", "mark")):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, IdeasScreen)  # no dialog was opened
            assert any(
                f"only a department head or the admin can {what} idea {idea.id}" in m
                for m in messages(app)
            ), messages(app)
        assert get_idea(db, idea.id).status == "new"


async def test_anyone_adds_an_idea_for_themselves_or_someone_else(
    app_factory: Callable[..., TandemApp], db: Database, team: Team
) -> None:
    app = app_factory("Omar Haddad")
    async with app.run_test(size=SIZE) as pilot:
        await open_ideas(pilot, app)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, IdeaForm))
        await pilot.press(*"Partner programme")
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(rows(app)) == 1)
        assert rows(app)[0][3] == "Omar Haddad, Sales"
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, IdeaForm))
        await pilot.press(*"Battlecards", "tab")
        app.screen.query_one(PersonPicker).pick(team.sara)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: len(rows(app)) == 2)
    second = list_ideas(db)[-1]
    assert (second.author, second.entered_by) == ("Sara Ito", "Omar Haddad")


async def test_hostile_text_in_an_idea_shows_literally(
    app_factory: Callable[..., TandemApp], db: Database, team: Team
) -> None:
    add_idea(db, team.omar, HOSTILE, now=FIXED_NOW)
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await open_ideas(pilot, app)
        cell = rows(app)[0][2]
        assert cell.startswith("[bold]loud[/] [@click=app.quit]quit")
        assert "[bold]loud[/] [@click=app.quit]quit[/] $x" in detail(app)
        assert "\x1b" not in detail(app)
        await pilot.click("#idea-text")  # a live link would quit the app
        assert app.is_running


def _demo_app(demo_path: Path, clock: FixedClock) -> TandemApp:
    return make_app(str(demo_path), clock=clock)


def _snap(snap_compare: Any, demo_path: Path, clock: FixedClock, size: tuple[int, int]) -> bool:
    app = _demo_app(demo_path, clock)

    async def run_before(pilot: Any) -> None:
        app.db  # noqa: B018  opened first, so its own header is set before this one
        app.sub_title = "demo.db · Alex Morgan"
        await pilot.pause()
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, IdeasScreen))
        await wait_until(pilot, lambda: bool(rows(app)))

    return bool(snap_compare(app, terminal_size=size, run_before=run_before))


def test_ideas_at_80x24(snap_compare: Any, demo_path: Path, clock: FixedClock) -> None:
    assert _snap(snap_compare, demo_path, clock, (80, 24))


def test_ideas_at_120x40(snap_compare: Any, demo_path: Path, clock: FixedClock) -> None:
    assert _snap(snap_compare, demo_path, clock, SIZE)
