"""The TUI never shows a traceback: an unexpected error is a notification and a private log."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from db.errors import PermissionDenied
from tests.conftest import Team
from tests.tui.conftest import SIZE, FixedClock, wait_until
from tui.app import MAX_UNEXPECTED_ERRORS, TandemApp, make_app
from tui.crashlog import log_dir


def _app(db_path: Path, clock: FixedClock) -> TandemApp:
    return make_app(str(db_path), clock=clock, catch_errors=True)


def _boom() -> None:
    raise RuntimeError("kaboom [/] [@click=app.quit]")


def _messages(app: TandemApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_an_unexpected_error_is_a_notification_and_a_private_log(
    team: Team, db_path: Path, clock: FixedClock
) -> None:
    app = _app(db_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        app.call_later(_boom)
        await wait_until(pilot, lambda: any("Something went wrong" in m for m in _messages(app)))
        assert app.is_running
        await pilot.press("ctrl+p")  # the app still takes keys
        await pilot.press("escape")
    assert app.return_code in (0, None)
    logs = list(log_dir().glob("tandem-*.log"))
    assert len(logs) == 1
    assert stat.S_IMODE(logs[0].stat().st_mode) == 0o600
    text = logs[0].read_text(encoding="utf-8")
    assert "RuntimeError: kaboom [/] [@click=app.quit]" in text and "Traceback" in text
    message = next(m for m in _messages(app) if "Something went wrong" in m)
    assert "RuntimeError" in message and str(logs[0]) in message


async def test_a_refusal_that_escaped_a_screen_is_shown_as_a_refusal(
    team: Team, db_path: Path, clock: FixedClock
) -> None:
    app = _app(db_path, clock)

    def refuse() -> None:
        raise PermissionDenied("only the head of Sales or the admin can assign Sales areas")

    async with app.run_test(size=SIZE) as pilot:
        app.call_later(refuse)
        await wait_until(
            pilot,
            lambda: "only the head of Sales or the admin can assign Sales areas" in _messages(app),
        )
        assert app.is_running
    assert not list(log_dir().glob("tandem-*.log"))


async def test_a_burst_of_errors_ends_the_app_with_one_line_not_a_traceback(
    team: Team, db_path: Path, clock: FixedClock
) -> None:
    app = _app(db_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(MAX_UNEXPECTED_ERRORS + 1):
            app.call_later(_boom)
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_code == 1
    assert app.stopped_because.startswith("Tandem stopped after repeated unexpected errors")
    assert str(log_dir()) in app.stopped_because


async def test_without_catching_a_bug_fails_loudly(
    app_factory: Callable[..., TandemApp], team: Team
) -> None:
    # The tests' own apps leave catch_errors off, so a real bug fails its test.
    app = app_factory()
    assert app.catch_errors is False


async def test_a_failing_screen_action_leaves_the_screen_working(
    team: Team, db_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.screens.home import HomeScreen

    def broken_reload(self: HomeScreen) -> None:
        raise ZeroDivisionError("a bug in reload")

    monkeypatch.setattr(HomeScreen, "action_reload", broken_reload)
    app = _app(db_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f5")
        await wait_until(pilot, lambda: any("ZeroDivisionError" in m for m in _messages(app)))
        # Home still answers its keys: the error did not stop its message loop.
        await pilot.press("t")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TasksScreen")
        assert app.is_running
    assert "ZeroDivisionError: a bug in reload" in next(log_dir().glob("*.log")).read_text()


async def test_a_screen_event_handler_error_is_caught_too(
    team: Team, db_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.screens.home import HomeScreen

    def broken_resume(self: HomeScreen) -> None:
        raise KeyError("resume")

    monkeypatch.setattr(HomeScreen, "on_screen_resume", broken_resume, raising=False)
    app = _app(db_path, clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TasksScreen")
        await pilot.press("escape")
        await wait_until(pilot, lambda: any("KeyError" in m for m in _messages(app)))
        assert type(app.screen).__name__ == "HomeScreen"
        await pilot.press("t")
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TasksScreen")


def test_every_screen_and_widget_of_ours_is_guarded() -> None:
    import importlib
    import inspect
    import pkgutil

    from textual.message_pump import MessagePump

    import tui.screens
    import tui.widgets
    from tui.guard import Guarded

    ours = []
    for package in (tui.screens, tui.widgets):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            ours += [
                cls
                for _, cls in inspect.getmembers(module, inspect.isclass)
                if cls.__module__ == module.__name__ and issubclass(cls, MessagePump)
            ]
    assert len(ours) >= 20
    assert [cls.__name__ for cls in ours if not issubclass(cls, Guarded)] == []
