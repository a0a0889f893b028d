"""People, Responsibilities and Task forces read on the app's reader thread (issue 16).

Each test wraps a ``db`` read the screen (or the dialog it opens) uses, notes the thread
each call ran on, and checks that what the screen shows came through those calls, all
made on the reader thread (``tui/reads.py``), none on the event loop: a busy database
never freezes a key there. The last tests press keys before a screen's first read came
back: the screen behaves as an empty one does.
"""

from __future__ import annotations

import asyncio
import importlib
import threading
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from sqlite_utils import Database
from textual.widgets import DataTable, Static

from db.areas import assign_area
from db.decisions import record_decision
from db.taskforces import create_task_force
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, messages, wait_until
from tests.tui.reads_probe import watch
from tui.app import TandemApp
from tui.dialogs.areas import AreaDialog, AreaHistoryDialog
from tui.dialogs.leave import LeaveDialog
from tui.dialogs.person_edit import PersonEditDialog
from tui.dialogs.taskforce import CreateTaskForceDialog
from tui.screens.people import PeopleScreen
from tui.screens.responsibilities import ResponsibilitiesScreen
from tui.screens.taskforces import TaskForcesScreen

BEFORE = FIXED_NOW - timedelta(days=7)


async def mounted(screen: Any) -> None:
    """Until ``screen`` is on and composed, without waiting for its reads (as the Pilot
    would): a key pressed the moment it shows."""
    for _ in range(1000):
        if screen.is_attached and screen.query("DataTable"):
            return
        await asyncio.sleep(0.005)
    raise AssertionError("the screen never showed")


def rows(app: TandemApp, selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def cursor_on(pilot: Any, app: TandemApp, selector: str, first_cell: str) -> None:
    index = next(i for i, r in enumerate(rows(app, selector)) if r[0] == first_cell)
    app.screen.query_one(selector, DataTable).move_cursor(row=index)
    await pilot.pause()


# -- People ---------------------------------------------------------------------------------


async def test_people_and_what_one_owns_come_from_the_reader_thread(
    app_factory: Callable[..., TandemApp],
    team: Team,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tui.screens.people as people

    assign_area(db, team.maya, "Enterprise renewals", team.omar.id, now=BEFORE)
    everyone = watch(monkeypatch, people, "list_people")
    departments = watch(monkeypatch, people, "list_departments")
    areas = watch(monkeypatch, people, "list_areas")
    counted = watch(monkeypatch, people, "count_tasks")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen("People")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await wait_until(pilot, lambda: len(rows(app, "#people")) == 7)
        await cursor_on(pilot, app, "#people", "Omar Haddad")
        owns = str(app.screen.query_one("#owns-text", Static).render())
        assert "Areas (1)" in owns and "  Enterprise renewals" in owns
        # The names listed are those the reader thread read.
        assert {r[0] for r in rows(app, "#people")} == {p.name for p in everyone.results[-1]}
        assert [r[0] for r in rows(app, "#departments")] == [
            d.name for d in departments.results[-1]
        ]
        for calls in (everyone, departments, areas, counted):
            assert calls.all_on_the_reader(), calls.threads


@pytest.mark.parametrize(
    ("key", "dialog", "module", "name"),
    [
        ("e", PersonEditDialog, "db.permissions", "require_edit_person"),
        ("x", LeaveDialog, "db.holdings", "holdings"),
    ],
)
async def test_the_edit_and_leave_dialogs_read_what_they_show_on_the_reader_thread(
    app_factory: Callable[..., TandemApp],
    team: Team,
    monkeypatch: pytest.MonkeyPatch,
    key: str,
    dialog: type,
    module: str,
    name: str,
) -> None:
    checked = watch(monkeypatch, importlib.import_module(module), name)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen("People")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await wait_until(pilot, lambda: len(rows(app, "#people")) == 7)
        await cursor_on(pilot, app, "#people", "Omar Haddad")
        await pilot.press(key)
        await wait_until(pilot, lambda: isinstance(app.screen, dialog))
        assert checked.all_on_the_reader(), checked.threads


async def test_a_refusal_read_on_the_reader_thread_is_shown_and_opens_nothing(
    app_factory: Callable[..., TandemApp], team: Team
) -> None:
    app = app_factory("Omar Haddad")  # a member: may edit no one
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen("People")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await wait_until(pilot, lambda: len(rows(app, "#people")) == 7)
        await cursor_on(pilot, app, "#people", "Sara Ito")
        await pilot.press("e")
        await wait_until(pilot, lambda: any("only the head of Sales" in m for m in messages(app)))
        assert isinstance(app.screen, PeopleScreen)


# -- Responsibilities ------------------------------------------------------------------------


async def test_responsibilities_areas_load_and_dialogs_come_from_the_reader_thread(
    app_factory: Callable[..., TandemApp],
    team: Team,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tui.screens.responsibilities as responsibilities

    assign_area(db, team.maya, "Enterprise renewals", team.omar.id, now=BEFORE)
    areas = watch(monkeypatch, responsibilities, "list_areas")
    loads = watch(monkeypatch, responsibilities, "load_per_person")
    scope = watch(monkeypatch, responsibilities, "assignable_departments")
    departments = watch(monkeypatch, responsibilities, "list_departments")
    owners = watch(monkeypatch, importlib.import_module("db.permissions"), "require_assign_area")
    history = watch(monkeypatch, importlib.import_module("db.areas"), "area_history")
    app = app_factory("Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(ResponsibilitiesScreen())
        await wait_until(pilot, lambda: isinstance(app.screen, ResponsibilitiesScreen))
        await wait_until(pilot, lambda: len(rows(app, "#areas")) == 1)
        assert [r[1] for r in rows(app, "#areas")] == [a.area for a in areas.results[-1]]
        assert len(rows(app, "#load")) == len(loads.results[-1]) == 7
        may = str(app.screen.query_one("#may", Static).render())
        assert may == "Maya Chen may assign Sales areas"

        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, AreaDialog))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ResponsibilitiesScreen))
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, AreaHistoryDialog))
        for calls in (areas, loads, scope, departments, owners, history):
            assert calls.all_on_the_reader(), calls.threads


async def test_responsibilities_opened_on_a_department_shows_it_chosen(
    app_factory: Callable[..., TandemApp], team: Team, db: Database
) -> None:
    """The picker's choices come with the first read; the department asked for is chosen
    and its areas alone are listed."""
    from textual.widgets import Select

    assign_area(db, team.maya, "Enterprise renewals", team.omar.id, now=BEFORE)
    assign_area(db, team.lena, "Webinars", team.tom.id, now=BEFORE)
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen(ResponsibilitiesScreen(department_id=team.lena.department_id))
        await wait_until(pilot, lambda: isinstance(app.screen, ResponsibilitiesScreen))
        await wait_until(pilot, lambda: len(rows(app, "#areas")) == 1)
        assert app.screen.query_one("#department", Select).value == team.lena.department_id
        assert [r[1] for r in rows(app, "#areas")] == ["Webinars"]


# -- Task forces -----------------------------------------------------------------------------


async def test_task_forces_and_their_record_come_from_the_reader_thread(
    app_factory: Callable[..., TandemApp],
    team: Team,
    db: Database,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tui.screens.taskforces as taskforces

    tf = create_task_force(
        db,
        team.admin,
        "Globex rescue",
        problem="Globex is unhappy",
        lead=team.omar.id,
        members=[team.tom.id],
        now=BEFORE,
    )
    record_decision(db, team.omar, "Weekly check-in with Globex", task_force=tf.id, now=BEFORE)
    forces = watch(monkeypatch, taskforces, "list_task_forces")
    meetings = watch(monkeypatch, taskforces, "list_meetings")
    decisions = watch(monkeypatch, taskforces, "list_decisions")
    people = watch(monkeypatch, taskforces, "list_people")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen("Task forces")
        await wait_until(pilot, lambda: isinstance(app.screen, TaskForcesScreen))
        await wait_until(pilot, lambda: len(rows(app, "#forces")) == 1)
        detail = app.screen.query_one("#detail-text", Static)
        await wait_until(pilot, lambda: "Weekly check-in with Globex" in str(detail.render()))
        assert [r[0] for r in rows(app, "#forces")] == [t.name for t in forces.results[-1]]
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, CreateTaskForceDialog))
        for calls in (forces, meetings, decisions, people):
            assert calls.all_on_the_reader(), calls.threads


# -- keys before the first read came back ---------------------------------------------------


class Held:
    """Holds ``owner.name`` on the reader thread until ``release()``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> None:
        self.gate = threading.Event()
        real: Callable[..., Any] = getattr(owner, name)

        def held(*args: Any, **kwargs: Any) -> Any:
            self.gate.wait(10)
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, name, held)

    def release(self) -> None:
        self.gate.set()


async def test_keys_on_screens_not_filled_yet_do_what_they_do_on_empty_ones(
    app_factory: Callable[..., TandemApp], team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.screens.people as people
    import tui.screens.responsibilities as responsibilities

    held_people = Held(monkeypatch, people, "list_people")
    held_areas = Held(monkeypatch, responsibilities, "list_areas")
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen("People")
        screen = app.screen
        assert isinstance(screen, PeopleScreen)
        await mounted(screen)
        # The actions run straight away (the Pilot would wait for the held read first).
        for action in (screen.action_appoint, screen.action_edit, screen.action_leave):
            action()
        screen.action_login()
        assert app.screen is screen and rows(app, "#people") == []
        held_people.release()
        await wait_until(pilot, lambda: len(rows(app, "#people")) == 7)

        app.open_screen(ResponsibilitiesScreen())
        areas_screen = app.screen
        assert isinstance(areas_screen, ResponsibilitiesScreen)
        await mounted(areas_screen)
        areas_screen.action_reassign()
        areas_screen.action_history()
        assert messages(app).count("No area selected") == 2
        held_areas.release()
        await pilot.pause()
        assert app.screen is areas_screen
