"""The Agreements screen, Home's "Waiting for your approval" and the live two-key flow
(issue 13, "In the app"), driven with the pilot on the demo plus governance records.

The test process runs as root; ``bind_root`` makes root the login of the person a
test acts as, so a head approves as themselves (never through delegation).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, SelectionList, Sparkline

from db.connection import open_db
from db.decisions import get_decision
from db.meetings import mark_attendance
from db.people import bind_login, get_person
from tests.tui.agreements_data import (
    ALEXS,
    HOSTILE,
    Seeded,
    add_hostile_proposal,
    bind_root,
    login,
)
from tests.tui.agreements_data import records_fixture as records_fixture  # noqa: F401
from tests.tui.agreements_data import seeded_template_fixture as seeded_template_fixture  # noqa: F401
from tests.tui.conftest import (
    FIXED_NOW,
    FixedClock,
    messages,
    notifications,
    paste,
    screen_text,
    wait_until,
)
from tui.app import TandemApp, make_app
from tui.dialogs.agreements import ConsentDialog, ObjectionForm, TwoKeyDecisionForm
from tui.screens.agreements import AgreementsScreen
from tui.screens.home import HomeScreen
from tui.screens.live import LiveScreen

SIZE = (120, 40)


def app_as(path: Path, name: str, actor: str | None = None) -> TandemApp:
    bind_root(path, name)
    return make_app(str(path), actor, clock=FixedClock())


def status_of(path: Path, decision_id: int) -> str:
    db = open_db(path)
    try:
        return get_decision(db, decision_id).status
    finally:
        db.close()


async def on_agreements(pilot: Any, app: TandemApp, decision_id: int | None = None) -> None:
    await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
    app.open_screen(AgreementsScreen(decision_id=decision_id))
    await wait_until(pilot, lambda: isinstance(app.screen, AgreementsScreen))
    await pilot.pause()


async def type_text(pilot: Any, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


def detail(app: TandemApp) -> str:
    return str(app.screen.query_one("#proposal-text").render())


# -- the palette and Home ----------------------------------------------------------


async def test_home_shows_what_waits_for_the_head_and_opens_it(
    records: tuple[Path, Seeded],
) -> None:
    path, seeded = records
    app = app_as(path, "Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()
        text = screen_text(app)
        # The one she objected to and the one she hasn't answered, oldest first.
        assert "Waiting for your approval (2)" in text
        assert "Share the pipeline dashboard" in text
        table = app.screen.query_one("#waiting", DataTable)
        table.focus()
        await pilot.press("down", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AgreementsScreen))
        await pilot.pause()
        assert f"Decision {seeded.waiting}" in detail(app)


async def test_home_hides_the_panel_from_someone_who_heads_nothing(
    records: tuple[Path, Seeded],
) -> None:
    path, _ = records
    app = app_as(path, "Omar Haddad")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.pause()
        assert "Waiting for your approval" not in screen_text(app)
        await pilot.press("g")
        await wait_until(pilot, lambda: isinstance(app.screen, AgreementsScreen))
        await pilot.pause()


async def test_palette_opens_agreements(records: tuple[Path, Seeded]) -> None:
    path, _ = records
    app = app_as(path, "Priya Nair")  # facilitator of the seeded meeting
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        app.open_screen("Agreements")
        await wait_until(pilot, lambda: isinstance(app.screen, AgreementsScreen))
        await pilot.pause()
        names = {c.title for c in app.get_system_commands(app.screen)}
        assert "Agreements" in names
        # The palette offers only what the screen can do: the live keys belong to Live.
        assert not {"Record two-key decision", "Record consent"} & names
        await pilot.press("escape")
        await start_live(pilot, app)
        names = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Record two-key decision", "Record consent"} <= names


# -- approving and objecting -------------------------------------------------------


async def test_a_head_approves_with_one_key_signed(records: tuple[Path, Seeded]) -> None:
    path, seeded = records
    app = app_as(path, "Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await on_agreements(pilot, app, seeded.waiting)
        assert "You: a approves · o objects" in detail(app)
        await pilot.press("a")
        await wait_until(pilot, lambda: "✓ approved Maya Chen (Sales) · signed" in detail(app))
        assert status_of(path, seeded.waiting) == "proposed"
        assert any("waiting for Lena Park" in m for m in messages(app))
        assert "You approved it." in detail(app)
        # Approving twice is refused, shown the one way, and changes nothing.
        await pilot.press("a")
        await wait_until(pilot, lambda: any(n.severity == "error" for n in notifications(app)))
        refusal = [n for n in notifications(app) if n.severity == "error"][-1]
        assert "already approved" in refusal.message
    db = open_db(path)
    try:
        words = get_decision(db, seeded.waiting).history
        assert [(w.name, w.word, w.how) for w in words] == [("Maya Chen", "approve", "signed")]
    finally:
        db.close()


async def test_the_objector_lifts_the_block_by_approving(records: tuple[Path, Seeded]) -> None:
    path, seeded = records
    app = app_as(path, "Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await on_agreements(pilot, app, seeded.blocked)
        text = detail(app)
        assert "✓ approved Lena Park (Marketing) · signed" in text
        assert "✗ objects Maya Chen (Sales)" in text
        assert "bring the numbers first" in text
        assert "You objected: a approves (lifts your objection)" in text
        await pilot.press("a")
        await wait_until(pilot, lambda: status_of(path, seeded.blocked) == "in-force")
        await wait_until(pilot, lambda: "in force since" in detail(app))


async def test_an_objection_asks_for_a_reason(records: tuple[Path, Seeded]) -> None:
    path, seeded = records
    app = app_as(path, "Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await on_agreements(pilot, app, seeded.waiting)
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, ObjectionForm))
        await pilot.press("enter")  # no reason yet: refused in the form, nothing is saved
        await wait_until(pilot, lambda: any(n.severity == "error" for n in notifications(app)))
        assert isinstance(app.screen, ObjectionForm)
        assert "reason" in str(app.screen.query_one(".form-error").render())
        assert status_of(path, seeded.waiting) == "proposed"
        await type_text(pilot, "Numbers first")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AgreementsScreen))
        await wait_until(pilot, lambda: "✗ objects Maya Chen (Sales)" in detail(app))
        assert "Numbers first" in detail(app)
    assert status_of(path, seeded.waiting) == "blocked"


async def test_someone_who_heads_nothing_sees_why_not_and_changes_nothing(
    records: tuple[Path, Seeded],
) -> None:
    path, seeded = records
    app = app_as(path, "Alex Morgan")
    async with app.run_test(size=SIZE) as pilot:
        await on_agreements(pilot, app, seeded.waiting)
        assert "You can't approve or object: only the head of Marketing or Sales" in detail(app)
        await pilot.press("a")
        await wait_until(pilot, lambda: any(n.severity == "error" for n in notifications(app)))
        await pilot.press("o")
        await pilot.pause()
        assert not isinstance(app.screen, ObjectionForm)
        titles = {n.title for n in notifications(app) if n.severity == "error"}
        assert titles == {"Not allowed"}
    assert status_of(path, seeded.waiting) == "proposed"


async def test_the_admin_acting_as_a_head_cannot_approve_for_them(
    records: tuple[Path, Seeded],
) -> None:
    path, seeded = records
    app = app_as(path, "Alex Morgan", "Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await on_agreements(pilot, app, seeded.waiting)
        text = detail(app)
        assert "Maya Chen's approval can't be given on their behalf" in text
        assert "--as" not in text
        await pilot.press("a")
        await wait_until(pilot, lambda: any(n.severity == "error" for n in notifications(app)))
        refusal = [n for n in notifications(app) if n.severity == "error"][-1]
        assert refusal.title == "Theirs to give"
        assert "ctrl+l" in refusal.message and "--" not in refusal.message
    assert status_of(path, seeded.waiting) == "proposed"


async def test_a_login_bound_to_nobody_reads_and_changes_nothing(
    records: tuple[Path, Seeded],
) -> None:
    path, seeded = records
    bind_root(path, "Maya Chen")
    db = open_db(path)
    try:  # the admin (on his own login) moves Maya off root: root is bound to no one
        with login(db, ALEXS):
            bind_login(db, get_person(db, "Alex Morgan"), "Maya Chen", "daemon")
    finally:
        db.close()
    app = make_app(str(path), clock=FixedClock())
    async with app.run_test(size=SIZE) as pilot:
        await on_agreements(pilot, app, seeded.waiting)
        assert "Read only: your login is bound to no person." in detail(app)
        await pilot.press("a", "o")
        await wait_until(
            pilot, lambda: len([n for n in notifications(app) if n.severity == "error"]) == 2
        )
        assert {n.title for n in notifications(app) if n.severity == "error"} == {"Read only"}
        assert not isinstance(app.screen, ObjectionForm)
    assert status_of(path, seeded.waiting) == "proposed"


async def test_the_proposer_withdraws(records: tuple[Path, Seeded]) -> None:
    path, seeded = records
    app = app_as(path, "Omar Haddad")
    async with app.run_test(size=SIZE) as pilot:
        await on_agreements(pilot, app, seeded.waiting)
        assert "w withdraws it (you proposed it)" in detail(app)
        await pilot.press("w", "y")
        await wait_until(pilot, lambda: status_of(path, seeded.waiting) == "withdrawn")


# -- the three tabs: open proposals, the lead definition and the SLA register ----------


async def test_the_tabs_open_only_lead_definition_and_sla_register(
    records: tuple[Path, Seeded],
) -> None:
    """Reading only, so one app for the three tabs; each check names the tab it is about."""
    path, seeded = records
    app = app_as(path, "Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await on_agreements(pilot, app)

        # Open only hides decided ones.
        table = app.screen.query_one("#proposals-table", DataTable)
        every = table.row_count
        await pilot.press("v")
        await pilot.pause()
        # The blocked and the waiting proposal: open first, oldest first.
        assert table.row_count == 2 < every, "open only"
        assert [str(table.get_row_at(i)[0]) for i in range(2)] == [
            str(seeded.blocked),
            str(seeded.waiting),
        ], "open only"

        # The lead definition in force, and its history.
        await pilot.press("2")
        await pilot.pause()
        text = screen_text(app)
        assert "Sales-ready lead, version 2 · in force since" in text, "lead definition"
        assert "• Budget confirmed for this year" in text, "lead definition"
        assert "Agreed by Lena Park (Marketing) signed; Maya Chen (Sales) signed" in text, (
            "lead definition"
        )
        history = app.screen.query_one("#lead-history", DataTable)
        rows = [[str(c) for c in history.get_row_at(i)[:2]] for i in range(history.row_count)]
        assert rows == [["2", "in-force"], ["1", "superseded"]], "lead history"

        # The SLA register shows each period met or missed.
        await pilot.press("3")
        await pilot.pause()
        table = app.screen.query_one("#sla-table", DataTable)
        assert table.row_count == 3, "SLA register"
        first = [str(c) for c in table.get_row_at(0)]
        assert first[2] == "≥ 40 leads/month", "SLA register"
        assert first[3] == "2026-10 44 met", "SLA register"
        # Six periods, two missed (the corrected June and September): 4 of 6 met.
        assert first[4].endswith("4/6 met") and len(first[4].split()[0]) == 6, "SLA register"
        follow_up = [str(c) for c in table.get_row_at(2)]
        assert follow_up[2] == "≤ 24 hours/month", "SLA register"
        spark = app.screen.query_one("#sla-spark", Sparkline)
        assert spark.data == [42, 39, 45, 41, 36, 44], "SLA register"
        text = screen_text(app)
        assert "2026-06  39 leads  missed (corrected) — two duplicates removed" in text, "SLA"
        assert "2026-09  36 leads  missed — Paid search paused" in text, "SLA register"
        await pilot.press("down", "down")
        await pilot.pause()
        # At most 24 hours: 30 is a miss.
        assert "2026-09  30 hours  missed — End-of-quarter crunch" in screen_text(app), "SLA"


# -- hostile text ----------------------------------------------------------------


async def test_hostile_proposal_text_shows_literally(records: tuple[Path, Seeded]) -> None:
    path, _ = records
    hostile = add_hostile_proposal(path, FIXED_NOW)
    app = app_as(path, "Maya Chen")
    async with app.run_test(size=SIZE) as pilot:
        await on_agreements(pilot, app, hostile)
        text = screen_text(app)
        for literal in ("[b]bold?[/b]", "[@click=app.quit]quit[/]", ":fire:", "שלום עולם"):
            assert literal in text
        assert "\x1b" not in text
        await pilot.press("down")  # the 10,000-character proposal
        await pilot.pause()
        assert "long xxxxxxxx" in detail(app)
        assert app.is_running
        assert len(HOSTILE) > 40


# -- the live meeting: a two-key decision and the consent of heads present -----------


async def start_live(pilot: Any, app: TandemApp) -> None:
    await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
    app.open_screen("Live meeting")
    await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
    await pilot.press("ctrl+n")
    # The heading's widget, not the whole screen's picture on every poll.
    await wait_until(
        pilot, lambda: "running" in str(app.screen.query_one("#live-meeting").render())
    )


async def test_two_key_decision_and_consent_in_four_keys(records: tuple[Path, Seeded]) -> None:
    path, seeded = records
    meeting = seeded.meeting
    app = app_as(path, "Priya Nair")  # the meeting's facilitator, no head
    async with app.run_test(size=SIZE) as pilot:
        await start_live(pilot, app)
        keys = 0
        await pilot.press("ctrl+g")
        keys += 1
        await wait_until(pilot, lambda: isinstance(app.screen, TwoKeyDecisionForm))
        await paste(pilot, "Joint lead scoring from January")
        await pilot.press("enter")
        keys += 1
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        await wait_until(pilot, lambda: "[two-key: proposed]" in screen_text(app))
        decision_id = app.screen.decisions[-1].id  # type: ignore[attr-defined]
        assert status_of(path, decision_id) == "proposed"
        await pilot.press("ctrl+l")
        keys += 1
        await wait_until(pilot, lambda: isinstance(app.screen, ConsentDialog))
        await pilot.pause()
        await pilot.press("enter")
        keys += 1
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
        await wait_until(pilot, lambda: "[two-key: in-force]" in screen_text(app))
        assert keys == 4  # besides the decision's text
        assert any("Consent of Lena Park and Maya Chen recorded" in m for m in messages(app))
    db = open_db(path)
    try:
        decision = get_decision(db, decision_id)
        assert decision.status == "in-force" and decision.meeting_id == meeting
        assert sorted((w.name, w.how, w.recorded_by, w.meeting_id) for w in decision.approvals) == [
            ("Lena Park", "in-meeting", "Priya Nair", meeting),
            ("Maya Chen", "in-meeting", "Priya Nair", meeting),
        ]
    finally:
        db.close()


async def test_consent_of_an_absent_head_is_not_offered(records: tuple[Path, Seeded]) -> None:
    path, seeded = records
    meeting = seeded.meeting
    db = open_db(path)
    try:  # the admin (root) marks it for Priya, the facilitator
        mark_attendance(db, get_person(db, "Priya Nair"), meeting, ["Lena Park"], present=False)
    finally:
        db.close()
    app = app_as(path, "Priya Nair")
    async with app.run_test(size=SIZE) as pilot:
        await start_live(pilot, app)
        await pilot.press("ctrl+l")
        await wait_until(pilot, lambda: isinstance(app.screen, ConsentDialog))
        await pilot.pause()
        heads = app.screen.query_one("#consent-heads", SelectionList)
        # The oldest open proposal first (none of this meeting's): the blocked one.
        options = [heads.get_option_at_index(i) for i in range(heads.option_count)]
        lena = next(o for o in options if "Lena Park" in str(o.prompt))
        maya = next(o for o in options if "Maya Chen" in str(o.prompt))
        # Lena is absent (and approved it already); Maya objected: never ticked for her.
        assert lena.disabled and not maya.disabled and list(heads.selected) == []
        text = screen_text(app)
        assert "Lena Park is marked absent" in text
        assert "Maya Chen objected: tick them only if they now consent" in text
        await pilot.press("right")  # the waiting proposal: Maya hasn't answered it
        await pilot.pause()
        options = [heads.get_option_at_index(i) for i in range(heads.option_count)]
        assert [o.disabled for o in options] == [True, False]  # Lena Park, Maya Chen
        assert list(heads.selected) == [get_person(app.db, "Maya Chen").id]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LiveScreen))
    assert status_of(path, seeded.waiting) == "proposed"
    db = open_db(path)
    try:
        approvals = get_decision(db, seeded.waiting).approvals
        assert [(w.name, w.how) for w in approvals] == [("Maya Chen", "in-meeting")]
    finally:
        db.close()


async def test_two_key_form_narrows_the_binds_only_to_two_or_more(
    records: tuple[Path, Seeded],
) -> None:
    path, _ = records
    app = app_as(path, "Priya Nair")
    async with app.run_test(size=SIZE) as pilot:
        await start_live(pilot, app)
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: isinstance(app.screen, TwoKeyDecisionForm))
        binds = app.screen.query_one("#binds", SelectionList)
        assert len(binds.selected) == 2
        binds.deselect(binds.selected[0])
        app.screen.query_one("#text", Input).focus()
        await type_text(pilot, "One-sided")
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(n.severity == "error" for n in notifications(app)))
        assert isinstance(app.screen, TwoKeyDecisionForm)
        assert "only one was named" in screen_text(app)
