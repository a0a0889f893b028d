"""The Task forces screen: members by department, lead, problem, meetings and decisions;
creating one, and the refusals (cross-department rule, who may create)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlite_utils import Database
from textual.widgets import DataTable, Input, Static

from db.decisions import record_decision
from db.meetings import create_meeting
from db.models import TaskForce
from db.taskforces import create_task_force, list_task_forces
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, messages, paste, wait_until
from tui.app import TandemApp
from tui.dialogs.taskforce import CreateTaskForceDialog
from tui.screens.taskforces import TaskForcesScreen

BEFORE = FIXED_NOW - timedelta(days=7)


@pytest.fixture
def globex(db: Database, team: Team) -> TaskForce:
    tf = create_task_force(
        db,
        team.admin,
        "Globex rescue",
        problem="Globex, our largest client, is unhappy",
        lead=team.omar.id,
        members=[team.sara.id, team.tom.id, team.nina.id],
        now=BEFORE,
    )
    create_meeting(
        db,
        team.omar,
        "Globex kick-off",
        at=FIXED_NOW + timedelta(days=2),
        task_force=tf.id,
        now=BEFORE,
    )
    record_decision(db, team.omar, "Weekly check-in with Globex", task_force=tf.id, now=BEFORE)
    return tf


async def open_screen(pilot, app: TandemApp) -> TaskForcesScreen:  # type: ignore[no-untyped-def]
    app.open_screen("Task forces")
    await wait_until(pilot, lambda: isinstance(app.screen, TaskForcesScreen))
    await pilot.pause()
    assert isinstance(app.screen, TaskForcesScreen)
    return app.screen


def rows(app: TandemApp) -> list[list[str]]:
    table = app.screen.query_one("#forces", DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


def detail(app: TandemApp) -> str:
    return str(app.screen.query_one("#detail-text", Static).render())


def notes(app: TandemApp) -> list[str]:
    return messages(app)


async def fill(  # type: ignore[no-untyped-def]
    pilot, name: str, problem: str, lead: str, members: str, *, typed: bool = False
) -> None:
    """Fill the form's four fields in order: key by key (``typed``) or pasted."""
    if typed:
        await pilot.press(*name, "tab", *problem, "tab", *lead, "tab", *members)
        return
    for n, text in enumerate((name, problem, lead, members)):
        if n:
            await pilot.press("tab")
        await paste(pilot, text)


async def test_members_by_department_lead_problem_meetings_decisions(
    app_factory: Callable[..., TandemApp], globex: TaskForce
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        assert rows(app) == [["Globex rescue", "Omar Haddad", "4", "2"]]
        text = detail(app)
        assert "Globex rescue  led by Omar Haddad" in text
        assert "Problem: Globex, our largest client, is unhappy" in text
        assert "  Marketing: Nina Roy, Tom Berg" in text
        assert "  Sales: Omar Haddad (lead), Sara Ito" in text
        assert "Globex kick-off" in text and "planned" in text
        assert "Weekly check-in with Globex" in text


async def test_empty_list_says_how_to_start(
    app_factory: Callable[..., TandemApp], team: Team
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        assert rows(app) == []
        assert "No task forces yet" in detail(app)


async def test_a_head_creates_a_cross_department_task_force(
    app_factory: Callable[..., TandemApp], globex: TaskForce, team: Team
) -> None:
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateTaskForceDialog))
        # Typed key by key, as a person does (the other tests paste).
        await fill(
            pilot, "Launch squad", "Ship the new pricing page", "sara", "Tom Berg, Omar", typed=True
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TaskForcesScreen))
        await wait_until(pilot, lambda: len(rows(app)) == 2)
        created = next(tf for tf in list_task_forces(app.db) if tf.name == "Launch squad")
        assert (created.lead, created.problem) == ("Sara Ito", "Ship the new pricing page")
        assert {m.name for m in created.members} == {"Sara Ito", "Tom Berg", "Omar Haddad"}
        assert created.created_at == FIXED_NOW.isoformat()
        # The cursor is on the new one.
        assert "Launch squad  led by Sara Ito" in detail(app)
        assert any("Task force Launch squad created" in n for n in notes(app))


async def test_one_department_only_is_refused(
    app_factory: Callable[..., TandemApp], team: Team
) -> None:
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateTaskForceDialog))
        await fill(pilot, "Sales only", "Close Q4", "omar", "Sara Ito")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TaskForcesScreen))
        await wait_until(pilot, lambda: any("cross-department" in n for n in notes(app)))
        assert list_task_forces(app.db) == []
        assert rows(app) == []


async def test_someone_who_heads_nothing_may_not_create(
    app_factory: Callable[..., TandemApp], globex: TaskForce
) -> None:
    app = app_factory("Tom Berg")
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TaskForcesScreen)  # refused before the form
        assert any(
            "only the admin or a department head can create a task force" in n for n in notes(app)
        )
        assert len(list_task_forces(app.db)) == 1


async def test_lead_must_be_named(app_factory: Callable[..., TandemApp], team: Team) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateTaskForceDialog))
        await fill(pilot, "No lead", "Anything", "", "Omar, Tom Berg")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CreateTaskForceDialog)  # stays open to fix it
        assert any("Type the lead's name" in n for n in notes(app))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, TaskForcesScreen))
        assert list_task_forces(app.db) == []


async def test_duplicate_name_and_empty_problem_are_refused(
    app_factory: Callable[..., TandemApp], globex: TaskForce
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateTaskForceDialog))
        await fill(pilot, "globex rescue", "Again", "omar", "Tom Berg")
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("already exists" in n for n in notes(app)))
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateTaskForceDialog))
        await fill(pilot, "Blank problem", "", "omar", "Tom Berg")
        assert app.screen.query_one("#problem", Input).value == ""
        await pilot.press("enter")
        await wait_until(pilot, lambda: any("problem" in n for n in notes(app)))
        assert [tf.name for tf in list_task_forces(app.db)] == ["Globex rescue"]


async def test_cancel_creates_nothing(app_factory: Callable[..., TandemApp], team: Team) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateTaskForceDialog))
        await fill(pilot, "Half typed", "Something", "omar", "Tom")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, TaskForcesScreen))
        assert list_task_forces(app.db) == []
