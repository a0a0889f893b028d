"""The Agreements, Decisions and Ideas screens (and the consent dialog) read on the app's
reader thread, never on the event loop (issue 16): a slow query or a database another
program keeps busy never holds up a key or a timer there.

Each test wraps the ``db/`` read functions a screen fills from, notes the thread each call
ran on, and checks both that the screen shows what they returned and that every call ran
on the reader thread (``tui/reads.py``: threads named ``tandem-reader``).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database
from textual.widgets import DataTable, Select, SelectionList, Static

import db.agreements as agreements_db
import db.decisions as decisions_db
import db.governance as governance_db
import db.ideas as ideas_db
import db.lead as lead_db
import db.meetings as meetings_db
import db.people as people_db
import db.permissions as permissions_db
import db.sla as sla_db
import db.taskforces as taskforces_db
from db.connection import open_db
from db.ideas import add_idea
from tests.conftest import Team
from tests.tui.agreements_data import Seeded, bind_root
from tests.tui.agreements_data import records_fixture as records_fixture  # noqa: F401
from tests.tui.agreements_data import seeded_template_fixture as seeded_template_fixture  # noqa: F401
from tests.tui.conftest import FIXED_NOW, SIZE, FixedClock, wait_until
from tests.tui.reads_probe import Threads
from tui.app import TandemApp, make_app
from tui.dialogs.agreements import ConsentDialog
from tui.dialogs.ideas import DeclineForm, IdeaForm, PickDialog
from tui.screens.agreements import AgreementsScreen
from tui.screens.decisions import DecisionsScreen
from tui.screens.home import HomeScreen
from tui.screens.ideas import IdeasScreen
from tui.screens.live import LiveScreen


def rows(app: TandemApp, table_id: str) -> list[list[str]]:
    table = app.screen.query_one(table_id, DataTable)
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def home(pilot: Any, app: TandemApp) -> None:
    await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
    await wait_until(pilot, lambda: getattr(app.screen, "loaded", False))


# -- Agreements --------------------------------------------------------------------


async def test_agreements_fill_and_the_objection_check_on_the_reader(
    records: tuple[Path, Seeded], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, seeded = records
    threads = Threads(monkeypatch)
    threads.watch(agreements_db, "two_key_decisions")
    threads.watch(governance_db, "may_approve", "may_object", "get")
    threads.watch(lead_db, "lead_history", "lead_in_force")
    threads.watch(sla_db, "list_slas")
    bind_root(path, "Maya Chen")  # a bound head: what she may do is read for each proposal
    app = make_app(str(path), clock=FixedClock())
    async with app.run_test(size=SIZE) as pilot:
        await home(pilot, app)
        threads.forget()
        app.open_screen(AgreementsScreen(decision_id=seeded.waiting))
        await wait_until(pilot, lambda: isinstance(app.screen, AgreementsScreen))
        await pilot.pause()
        listed = [r[0] for r in rows(app, "#proposals-table")]
        assert str(seeded.waiting) in listed
        detail = str(app.screen.query_one("#proposal-text", Static).render())
        assert f"Decision {seeded.waiting}" in detail and "You:" in detail
        assert rows(app, "#sla-table") and rows(app, "#lead-history")
        threads.on_the_reader(
            "two_key_decisions", "may_approve", "may_object", "lead_history", "list_slas"
        )
        threads.forget()
        await pilot.press("o")  # Maya may object: checked on the reader, then the form
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ObjectionForm")
        threads.on_the_reader("may_object")


async def test_the_consent_dialog_reads_the_heads_on_the_reader(
    records: tuple[Path, Seeded], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = records
    threads = Threads(monkeypatch)
    threads.watch(people_db, "get_department", "get_person")
    threads.watch(governance_db, "may_record_consent")
    bind_root(path, "Priya Nair")  # the meeting's facilitator
    app = make_app(str(path), clock=FixedClock())
    async with app.run_test(size=SIZE) as pilot:
        await home(pilot, app)
        app.open_screen("Live meeting")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        await pilot.press("ctrl+n")
        await wait_until(
            pilot, lambda: "running" in str(app.screen.query_one("#live-meeting").render())
        )
        threads.forget()
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, ConsentDialog))
        await pilot.pause()
        heads = app.screen.query_one("#consent-heads", SelectionList)
        names = [str(heads.get_option_at_index(i).prompt) for i in range(heads.option_count)]
        assert any("Lena Park" in n for n in names) and any("Maya Chen" in n for n in names)
        threads.on_the_reader("get_department", "get_person", "may_record_consent")


# -- Decisions ---------------------------------------------------------------------


async def test_decisions_log_chain_and_filter_choices_on_the_reader(
    demo_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    with closing(open_db(demo_path)) as demo:
        force = taskforces_db.list_task_forces(demo)[0]
    threads = Threads(monkeypatch)
    threads.watch(decisions_db, "list_decisions", "chain", "get_decision")
    threads.watch(taskforces_db, "list_task_forces")
    app = make_app(str(demo_path), None, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await home(pilot, app)
        threads.forget()
        app.open_screen("Decisions")
        await wait_until(pilot, lambda: isinstance(app.screen, DecisionsScreen))
        await pilot.pause()
        listed = rows(app, "#decisions")
        assert listed
        first = listed[0][0]
        detail = str(app.screen.query_one("#detail-text", Static).render())
        assert detail.startswith(f"Decision {first} ")
        threads.on_the_reader("list_decisions", "chain", "list_task_forces")
        threads.forget()
        await pilot.press("down")  # the next decision's chain
        await wait_until(
            pilot,
            lambda: str(app.screen.query_one("#detail-text", Static).render()).startswith(
                f"Decision {listed[1][0]} "
            ),
        )
        threads.on_the_reader("chain")
        threads.forget()
        # The task force filter offers what that read brought (a value it lacks is refused),
        # and the log filtered by it is read on the reader too.
        app.screen.query_one("#taskforce", Select).value = force.id
        await wait_until(
            pilot,
            lambda: {r[4] for r in rows(app, "#decisions")} == {force.name},
        )
        threads.on_the_reader("list_decisions")


# -- Ideas -------------------------------------------------------------------------


async def test_ideas_list_form_choices_and_checks_on_the_reader(
    app_factory: Callable[..., TandemApp],
    db: Database,
    team: Team,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    idea = add_idea(db, team.omar, "Free trial for resellers", now=FIXED_NOW)
    threads = Threads(monkeypatch)
    threads.watch(ideas_db, "list_ideas", "count_ideas")
    threads.watch(people_db, "list_people")
    threads.watch(permissions_db, "require_decide_idea")
    threads.watch(meetings_db, "list_meetings")
    app = app_factory("Maya Chen")  # head of Sales
    async with app.run_test(size=SIZE) as pilot:
        await home(pilot, app)
        threads.forget()
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, IdeasScreen))
        await pilot.pause()
        assert [r[:3] for r in rows(app, "#ideas")] == [
            [str(idea.id), "new", "Free trial for resellers"]
        ]
        assert " 1 New 1 " in str(app.screen.query_one("#idea-views", Static).render())
        threads.on_the_reader("list_ideas", "count_ideas")
        for key, form in (("n", IdeaForm), ("x", DeclineForm), ("p", PickDialog)):
            await pilot.press(key)
            await wait_until(pilot, lambda form=form: isinstance(app.screen, form))  # type: ignore[misc]
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, IdeasScreen))
        threads.on_the_reader("list_people", "require_decide_idea", "list_meetings")
