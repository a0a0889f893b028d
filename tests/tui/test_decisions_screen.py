"""The Decisions screen: full-text search over text and rationale (kept in step with the
table), filters by meeting and task force, and the supersedes chain followed both ways."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database
from textual.widgets import DataTable, Input, Select, Static

from db.connection import open_db
from db.decisions import list_decisions, record_decision
from db.meetings import create_meeting
from db.taskforces import create_task_force
from tests.conftest import Team
from tests.tui.conftest import FIXED_NOW, SIZE, messages, screen_text, wait_until
from tui.app import TandemApp
from tui.screens.decisions import DecisionsScreen

BEFORE = FIXED_NOW - timedelta(days=7)


class Log:
    """A Sales meeting's decisions (one superseded twice), and a task force's decision."""

    def __init__(self, db: Database, team: Team) -> None:
        self.meeting = create_meeting(
            db, team.maya, "Sales weekly", at=BEFORE, now=BEFORE - timedelta(days=1)
        )
        self.other = create_meeting(
            db, team.maya, "Pricing review", at=BEFORE, now=BEFORE - timedelta(days=1)
        )
        self.tf = create_task_force(
            db,
            team.admin,
            "Globex rescue",
            problem="Globex is unhappy",
            lead=team.omar.id,
            members=[team.tom.id, team.sara.id],
            now=BEFORE,
        )

        def at(hours: int) -> object:
            return BEFORE + timedelta(hours=hours)

        self.first = record_decision(
            db,
            team.maya,
            "Discount cap at 10 percent",
            meeting_id=self.meeting.id,
            rationale="Margins are thin this quarter",
            now=at(1),
        )
        self.second = record_decision(
            db,
            team.maya,
            "Discount cap at 15 percent",
            meeting_id=self.other.id,
            rationale="Competitors undercut us",
            supersedes=self.first.id,
            now=at(2),
        )
        self.third = record_decision(
            db,
            team.maya,
            "Discount cap at 12 percent",
            meeting_id=self.other.id,
            supersedes=self.second.id,
            now=at(3),
        )
        self.webinar = record_decision(
            db,
            team.maya,
            "Run the autumn webinar series",
            meeting_id=self.meeting.id,
            rationale="Pipeline needs volume; zeppelin campaign idea parked",
            now=at(4),
        )
        self.escalate = record_decision(
            db,
            team.omar,
            "Escalations go straight to the task force lead",
            task_force=self.tf.id,
            now=at(5),
        )


@pytest.fixture
def log(db: Database, team: Team) -> Log:
    return Log(db, team)


async def open_screen(pilot, app: TandemApp, **kwargs: object) -> DecisionsScreen:  # type: ignore[no-untyped-def]
    screen = DecisionsScreen(**kwargs)
    app.open_screen(screen)
    await wait_until(pilot, lambda: app.screen is screen)
    await pilot.pause()
    assert isinstance(app.screen, DecisionsScreen)
    return app.screen


def shown(app: TandemApp) -> list[int]:
    table = app.screen.query_one("#decisions", DataTable)
    return [int(str(table.get_row_at(i)[0])) for i in range(table.row_count)]


def cursor(app: TandemApp) -> int:
    table = app.screen.query_one("#decisions", DataTable)
    return int(str(table.get_row_at(table.cursor_row)[0]))


def detail(app: TandemApp) -> str:
    return str(app.screen.query_one("#detail-text", Static).render())


async def test_newest_first_with_the_chain_column(
    app_factory: Callable[..., TandemApp], log: Log
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        assert shown(app) == [
            log.escalate.id,
            log.webinar.id,
            log.third.id,
            log.second.id,
            log.first.id,
        ]
        table = app.screen.query_one("#decisions", DataTable)
        chains = {int(str(r[0])): str(r[5]) for r in map(table.get_row_at, range(5))}
        assert chains[log.first.id] == f"replaced by {log.second.id}"
        assert chains[log.second.id] == f"replaces {log.first.id} · replaced by {log.third.id}"
        assert chains[log.third.id] == f"replaces {log.second.id}"
        assert chains[log.webinar.id] == "—"
        assert "5 decisions" in screen_text(app)


async def test_search_over_text_and_rationale_as_you_type_or_says_no_match(
    app_factory: Callable[..., TandemApp], log: Log
) -> None:
    """One screen, four searches, each result asserted: typed text, a word prefix, a word
    only in a rationale (the detail shows it), and a word in nothing."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await pilot.press("slash", *"discount cap")
        await wait_until(pilot, lambda: shown(app) == [log.third.id, log.second.id, log.first.id])
        search = app.screen.query_one("#search", Input)
        search.value = "webin"  # a word prefix
        await wait_until(pilot, lambda: shown(app) == [log.webinar.id])

        search.value = "competitors"  # in a rationale only
        await wait_until(pilot, lambda: shown(app) == [log.second.id])
        search.value = "zeppelin"
        await pilot.press("enter")
        await wait_until(pilot, lambda: shown(app) == [log.webinar.id])
        assert "zeppelin campaign idea parked" in detail(app)

        search.value = "nonexistentword"
        await wait_until(pilot, lambda: shown(app) == [])
        assert "No decision matches." in detail(app)
        assert "0 decisions" in screen_text(app)


async def test_full_text_index_kept_in_step_with_new_decisions(
    app_factory: Callable[..., TandemApp], log: Log, team: Team, db_path: Path
) -> None:
    """A decision recorded by another process is found by search on the open screen."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        await pilot.press("slash", *"quokka", "enter")
        await wait_until(pilot, lambda: shown(app) == [])
        other = open_db(db_path)
        try:
            added = record_decision(
                other,
                team.maya,
                "Adopt the quokka mascot",
                meeting_id=log.meeting.id,
                rationale="Customers smiled",
                now=FIXED_NOW,
            )
        finally:
            other.close()
        await wait_until(pilot, lambda: shown(app) == [added.id])  # the watcher reloaded
        fts = app.db.execute("SELECT count(*) FROM decisions_fts").fetchone()[0]
        assert fts == app.db.execute("SELECT count(*) FROM decisions").fetchone()[0]
        assert [d.id for d in list_decisions(app.db, search="smiled")] == [added.id]


async def test_filter_by_meeting_or_by_task_force(
    app_factory: Callable[..., TandemApp], log: Log
) -> None:
    """Each filter narrows the list and, cleared, brings every decision back."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app)
        app.screen.query_one("#meeting", Input).focus()
        await pilot.press(*str(log.other.id))
        await wait_until(pilot, lambda: shown(app) == [log.third.id, log.second.id])
        app.screen.query_one("#meeting", Input).value = ""
        await wait_until(pilot, lambda: len(shown(app)) == 5)

        app.screen.query_one("#taskforce", Select).value = log.tf.id
        await wait_until(pilot, lambda: shown(app) == [log.escalate.id])
        assert "task force Globex rescue" in detail(app)
        app.screen.query_one("#taskforce", Select).clear()
        await wait_until(pilot, lambda: len(shown(app)) == 5)


async def test_opened_on_a_meeting_alone_or_with_a_search(
    app_factory: Callable[..., TandemApp], log: Log
) -> None:
    """Opened on a meeting: its decisions. On another with a search: the filters combine."""
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app, meeting_id=log.meeting.id)
        assert shown(app) == [log.webinar.id, log.first.id]
        await open_screen(pilot, app, meeting_id=log.other.id, search="competitors")
        assert shown(app) == [log.second.id]


async def test_chain_shown_both_ways_and_followed(
    app_factory: Callable[..., TandemApp], log: Log
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app, decision_id=log.second.id)
        assert cursor(app) == log.second.id
        text = detail(app)
        assert "Supersedes chain" in text
        # Oldest first, the one under the cursor marked, each with its state.
        lines = [line for line in text.splitlines() if "Discount cap" in line][1:]
        assert lines == [
            f"  {log.first.id}  Discount cap at 10 percent  (replaced by {log.second.id})",
            f"▶ {log.second.id}  Discount cap at 15 percent  (replaced by {log.third.id})",
            f"  {log.third.id}  Discount cap at 12 percent  (in force)",
        ]
        await pilot.press("p")  # back to the one it superseded
        await wait_until(pilot, lambda: cursor(app) == log.first.id)
        await pilot.press("p")
        await pilot.pause()
        assert cursor(app) == log.first.id
        assert any("replaces no earlier decision" in m for m in messages(app))
        await pilot.press("n", "n")  # forward to the one in force
        await wait_until(pilot, lambda: cursor(app) == log.third.id)
        await pilot.press("n")
        await pilot.pause()
        assert any("is in force" in m for m in messages(app))


async def test_following_the_chain_clears_a_filter_that_hides_the_target(
    app_factory: Callable[..., TandemApp], log: Log
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        await open_screen(pilot, app, meeting_id=log.other.id)
        assert shown(app) == [log.third.id, log.second.id]
        table = app.screen.query_one("#decisions", DataTable)

        def on_second() -> bool:  # moved there (again, should the screen still be settling)
            if cursor(app) == log.second.id:
                return True
            table.move_cursor(row=1)
            return False

        await wait_until(pilot, on_second)
        await pilot.press("p")  # the first decision is of another meeting
        await wait_until(pilot, lambda: cursor(app) == log.first.id)
        assert len(shown(app)) == 5
        assert app.screen.query_one("#meeting", Input).value == ""
