"""Who is acting, in the app (issue 11, item 8): the person bound to the OS login.

The test process runs as root, and ``init`` bound "Ada Admin" (the admin) to
root, so ``make_app(path)`` is Ada and ``make_app(path, "Maya Chen")`` is the
admin acting as Maya (delegation). Another login is simulated on a second
connection by setting its session's login: that connection then writes as
whoever that login is bound to.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database
from textual.widgets import DataTable, Input

from db.connection import open_db
from db.identity import DelegationRefused, Unbound, session_of
from db.meetings import list_meetings
from db.people import bind_login, get_person, init
from tests.conftest import Team
from tests.tui.conftest import SIZE, FixedClock, messages, notifications, screen_text, wait_until
from tui.app import TandemApp, make_app
from tui.dialogs.login import LoginForm
from tui.screens.agenda import AgendaScreen
from tui.screens.home import HomeScreen
from tui.screens.people import PeopleScreen

BANNER = "Your login 'root' is bound to no person: you can read, not change anything."


def _messages(app: Any) -> list[str]:
    return messages(app)


async def _home_read(pilot: Any) -> None:
    """Home has read its panels: the database is open (after the first frame) and the
    header says who acts."""
    await wait_until(
        pilot, lambda: isinstance(pilot.app.screen, HomeScreen) and pilot.app.screen.loaded
    )
    await pilot.pause()


def _header(app: Any) -> str:
    return screen_text(app).splitlines()[0]


def _unbind_root(db: Database, team: Team) -> None:
    """Ada (the admin) moves to the login ``nobody``: root is bound to no one."""
    bind_login(db, team.admin, "Ada Admin", "nobody")


def _as_login(db_path: Path, login: str) -> Database:
    """A second connection writing as whoever ``login`` is bound to."""
    other = open_db(db_path)
    session_of(other).login = login
    return other


async def _type(pilot: Any, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(ch, ch) for ch in text])


# -- the header -------------------------------------------------------------------


async def test_header_shows_the_logins_own_person(
    team: Team, app_factory: Callable[..., TandemApp]
) -> None:
    app = app_factory()
    async with app.run_test(size=(200, 40)) as pilot:
        await _home_read(pilot)
        assert app.actor is not None and app.actor.name == "Ada Admin"
        assert app.delegated_by is None
        assert _header(app).endswith("· Ada Admin")
        assert "delegated" not in _header(app)


async def test_header_shows_the_delegation(
    team: Team, app_factory: Callable[..., TandemApp]
) -> None:
    app = app_factory("Maya Chen")
    async with app.run_test(size=(200, 40)) as pilot:
        await _home_read(pilot)
        assert app.actor is not None and app.actor.name == "Maya Chen"
        assert app.delegated_by is not None and app.delegated_by.name == "Ada Admin"
        assert _header(app).endswith("· Maya Chen (delegated by Ada Admin)")


async def test_a_login_bound_to_a_member_acts_as_them_and_may_not_delegate(
    team: Team, db_path: Path, clock: FixedClock
) -> None:
    # Ada moves to ``nobody``; Ada, under that login, binds root to Omar.
    _unbind_root(team.db, team)
    ada = _as_login(db_path, "nobody")
    try:
        bind_login(ada, get_person(ada, "Ada Admin"), "Omar Haddad", "root")
    finally:
        ada.close()
    with pytest.raises(DelegationRefused):
        make_app(str(db_path), "Maya Chen", clock=clock)
    app = make_app(str(db_path), clock=clock)
    async with app.run_test(size=(200, 40)) as pilot:
        await _home_read(pilot)
        assert _header(app).endswith("· Omar Haddad")


# -- a login bound to nobody --------------------------------------------------------


async def test_an_unbound_login_reads_with_a_banner_and_every_write_is_refused(
    team: Team, app_factory: Callable[..., TandemApp]
) -> None:
    _unbind_root(team.db, team)
    app = app_factory()
    async with app.run_test(size=(200, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        await pilot.pause()  # panels fill from the reader thread; then a frame
        assert app.actor is None and app.read_only
        text = screen_text(app)
        assert BANNER in " ".join(text.split())
        assert _header(app).endswith("· login 'root', bound to no person: read only")
        assert "None: your login is bound to no person" in text

        # A write: a new meeting, through the form, refused like any refusal.
        await pilot.press("n")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "MeetingForm")
        await _type(pilot, "Mine")
        await pilot.press("ctrl+s")
        refusal = "the login 'root' is bound to no person, so it may read but not write"
        await wait_until(pilot, lambda: any(m.startswith(refusal) for m in _messages(app)))
        message = next(m for m in _messages(app) if m.startswith(refusal))
        assert "People screen (key l)" in message and "tandem " not in message
        assert [n.title for n in notifications(app)] == ["Read only"]
        assert type(app.screen).__name__ == "MeetingForm"  # what was typed is still there
        await pilot.press("escape")  # asked before the typing is discarded
        await wait_until(pilot, lambda: type(app.screen).__name__ == "ConfirmDialog")
        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(app.screen, AgendaScreen))
        assert list_meetings(team.db) == []
        assert app.is_running

        # The People screen opens, reads, and refuses binding someone else.
        app.open_screen("People")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await pilot.pause()
        await pilot.press("l")
        await wait_until(pilot, lambda: len(notifications(app)) == 2)
        assert [n.title for n in notifications(app)] == ["Read only", "Read only"]
        assert not isinstance(app.screen, LoginForm)


async def test_naming_someone_from_an_unbound_login_is_refused(
    team: Team, db_path: Path, clock: FixedClock
) -> None:
    _unbind_root(team.db, team)
    with pytest.raises(Unbound):
        make_app(str(db_path), "Maya Chen", clock=clock)


async def test_the_banner_goes_when_the_admin_binds_the_login(
    team: Team, app_factory: Callable[..., TandemApp], db_path: Path
) -> None:
    _unbind_root(team.db, team)
    app = app_factory()
    async with app.run_test(size=(200, 40)) as pilot:
        await _home_read(pilot)
        assert "bound to no person" in screen_text(app)
        ada = _as_login(db_path, "nobody")  # the admin, in another terminal
        try:
            bind_login(ada, get_person(ada, "Ada Admin"), "Sara Ito", "root")
        finally:
            ada.close()
        app.watcher.check()
        await wait_until(pilot, lambda: app.actor is not None)
        await pilot.pause()
        assert app.actor is not None and app.actor.name == "Sara Ito"
        assert "bound to no person" not in screen_text(app)
        assert _header(app).endswith("· Sara Ito")


# -- the People screen binds logins -------------------------------------------------


async def _login_form(pilot: Any, app: TandemApp, name: str) -> LoginForm:
    app.open_screen("People")
    await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
    await pilot.pause()
    table = app.screen.query_one("#people", DataTable)
    names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
    table.move_cursor(row=names.index(name))
    await pilot.pause()
    await pilot.press("l")
    await wait_until(pilot, lambda: isinstance(app.screen, LoginForm))
    form = app.screen
    assert isinstance(form, LoginForm)
    return form


def _login_cell(app: TandemApp, name: str) -> str:
    table = app.screen.query_one("#people", DataTable)
    for i in range(table.row_count):
        row = [str(c) for c in table.get_row_at(i)]
        if row[0] == name:
            return row[-1]
    raise AssertionError(name)


async def test_the_admin_binds_and_unbinds_a_login(
    team: Team, app_factory: Callable[..., TandemApp]
) -> None:
    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        form = await _login_form(pilot, app, "Maya Chen")
        assert form.query_one("#login", Input).value == ""
        await _type(pilot, "daemon")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        assert get_person(team.db, team.maya.id).login == "daemon"
        await wait_until(pilot, lambda: _login_cell(app, "Maya Chen") == "daemon")
        assert "Maya Chen: login daemon" in _messages(app)

        # Empty unbinds.
        form = await _login_form(pilot, app, "Maya Chen")
        assert form.query_one("#login", Input).value == "daemon"
        form.query_one("#login", Input).value = ""
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        assert get_person(team.db, team.maya.id).login is None
        await wait_until(pilot, lambda: _login_cell(app, "Maya Chen") == "—")
        assert "Maya Chen: no login now" in _messages(app)


REFUSED_BINDINGS = [
    ("Omar Haddad", "no-such-user-here", "there is no login 'no-such-user-here'"),
    ("Omar Haddad", "root", "the login 'root' is already bound to Ada Admin"),
    ("Ada Admin", "", "Ada Admin is the admin: their login can be changed, not removed"),
]


async def test_binding_refusals_show_in_the_form_and_change_nothing(
    team: Team, app_factory: Callable[..., TandemApp]
) -> None:
    """Each refused binding in turn, in one app (Omar's two in one form): each refusal
    shown, the form still open with what was typed, nobody's login changed."""
    from tui.dialogs.confirm import ConfirmDialog

    app = app_factory()
    async with app.run_test(size=SIZE) as pilot:
        form: LoginForm | None = None
        for name, typed, refusal in REFUSED_BINDINGS:
            if form is None or form.person.name != name:
                if form is not None:
                    await pilot.press("escape")
                    await wait_until(pilot, lambda old=form: app.screen is not old)
                    if isinstance(app.screen, ConfirmDialog):
                        await pilot.press("y")
                    await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
                form = await _login_form(pilot, app, name)
            form.query_one("#login", Input).value = typed
            await pilot.press("ctrl+s")
            await wait_until(
                pilot, lambda said=refusal: any(m.startswith(said) for m in _messages(app))
            )
            assert app.screen is form, name  # still open, with what was typed
            assert form.query_one("#login", Input).value == typed
            assert get_person(team.db, team.omar.id).login is None
            assert get_person(team.db, team.admin.id).login == "root"


async def test_only_the_admin_binds_logins(
    team: Team, app_factory: Callable[..., TandemApp]
) -> None:
    app = app_factory("Maya Chen")  # a head, through the admin
    async with app.run_test(size=SIZE) as pilot:
        app.open_screen("People")
        await wait_until(pilot, lambda: isinstance(app.screen, PeopleScreen))
        await pilot.pause()
        await pilot.press("l")
        refusal = "only the admin can bind logins to people; Maya Chen is not the admin"
        await wait_until(pilot, lambda: refusal in _messages(app))
        assert isinstance(app.screen, PeopleScreen)


# -- nothing raw reaches the terminal -----------------------------------------------

ESCAPES = "\x1b]0;owned\x07\x1b[2J\x9b31m"


def _has_escape(text: str) -> bool:
    return any(ch in text for ch in "\x1b\x07\x9b")


async def test_an_escape_sequence_in_the_path_or_a_name_never_reaches_the_header(
    tmp_path: Path, clock: FixedClock
) -> None:
    folder = tmp_path / f"team{ESCAPES}dir"
    folder.mkdir()
    path = folder / "tandem.db"
    db = open_db(path, create=True)
    init(db, "Ada Admin")
    db.close()
    # A hand edit (someone who can write the file) puts escapes into the admin's name.
    raw = sqlite3.connect(path)
    raw.execute("UPDATE people SET name = ? WHERE id = 1", [f"Ada{ESCAPES}Admin"])
    raw.commit()
    raw.close()

    app = make_app(str(path), clock=clock)
    async with app.run_test(size=(200, 40)) as pilot:
        await _home_read(pilot)
        assert not _has_escape(app.sub_title)
        header = _header(app)
        assert not _has_escape(header)
        assert "team]0;owned[2J31mdir" in header  # shown, as harmless text
        assert header.endswith("Ada]0;owned[2J31mAdmin")
