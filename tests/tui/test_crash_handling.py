"""One error path, the users' and the tests' alike.

Refusals from ``db/`` are shown where they happen, under a plain title, and the
app goes on. Anything else is a bug: it reaches the app's one crash hook
(``TandemApp._handle_exception``), which writes a private log and ends the app
with one readable line instead of a traceback. No test switches anything off.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import stat
from pathlib import Path
from typing import Any

import pytest

import db
import tui
from db.errors import PermissionDenied, TandemError
from tests.conftest import Team
from tests.tui.conftest import SIZE, FixedClock, wait_until
from tui.app import TandemApp, make_app
from tui.crashlog import Crashed, log_dir
from tui.words import TITLES, for_screen, refusal_title, unbound_banner


def _app(db_path: Path, clock: FixedClock) -> TandemApp:
    return make_app(str(db_path), clock=clock)


def _boom() -> None:
    raise RuntimeError("kaboom [/] [@click=app.quit]")


async def test_an_unexpected_error_is_logged_and_ends_the_app_with_one_line(
    team: Team, db_path: Path, clock: FixedClock
) -> None:
    app = _app(db_path, clock)
    with pytest.raises(Crashed) as raised:
        async with app.run_test(size=SIZE) as pilot:
            app.call_later(_boom)
            await wait_until(pilot, lambda: not app.is_running)
    assert app.return_code == 1
    assert isinstance(raised.value.__cause__, RuntimeError)
    logs = list(log_dir().glob("tandem-*.log"))
    assert len(logs) == 1
    assert stat.S_IMODE(logs[0].stat().st_mode) == 0o600
    text = logs[0].read_text(encoding="utf-8")
    assert "RuntimeError: kaboom [/] [@click=app.quit]" in text and "Traceback" in text
    # What the terminal shows when the app ends: one plain line, no traceback.
    line = str(raised.value.__rich__())
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith("Tandem stopped: an unexpected error (RuntimeError).")
    assert "Your data is safe" in line and str(logs[0]) in line


async def test_a_failing_screen_action_reaches_the_hook(
    team: Team, db_path: Path, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.screens.home import HomeScreen

    def broken_reload(self: HomeScreen) -> None:
        raise ZeroDivisionError("a bug in reload")

    monkeypatch.setattr(HomeScreen, "action_reload", broken_reload)
    app = _app(db_path, clock)
    with pytest.raises(Crashed, match=r"ZeroDivisionError"):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("f5")
            await wait_until(pilot, lambda: not app.is_running)
    assert app.return_code == 1
    assert "ZeroDivisionError: a bug in reload" in next(log_dir().glob("*.log")).read_text()


async def test_a_refusal_is_shown_under_a_plain_title_and_the_app_goes_on(
    team: Team, db_path: Path, clock: FixedClock
) -> None:
    from tui.screens.base import TandemScreen

    app = _app(db_path, clock)
    shown: list[tuple[str, str]] = []
    notify = app.notify

    def recording(message: str, *, title: str = "", **kwargs: Any) -> None:
        shown.append((str(message), title))
        notify(message, title=title, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, TandemScreen)
        ran_after = False
        with screen.refusals():
            raise PermissionDenied("only the head of Sales or the admin can assign Sales areas")
        ran_after = True
        assert shown == [
            ("only the head of Sales or the admin can assign Sales areas", "Not allowed")
        ]
        assert ran_after and app.is_running
        await pilot.press("t")  # the app still takes keys
        await wait_until(pilot, lambda: type(app.screen).__name__ == "TasksScreen")
    assert app.return_code in (0, None)
    assert not list(log_dir().glob("tandem-*.log"))


def _tui_classes() -> list[type]:
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(tui.__path__, "tui."):
        if info.name.startswith("tui.cli") or info.name.endswith("__main__"):
            continue  # the CLI: click, no Textual classes (and __main__ runs it)
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__:
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return list(found.values())


def _is_method(value: object) -> bool:
    return inspect.isfunction(value) or isinstance(value, (property, staticmethod, classmethod))


def test_no_private_textual_method_is_overridden_but_the_crash_hook() -> None:
    """A private override pins the textual version it was written for (STYLE.md "Code")."""
    overrides = []
    textual_classes = 0
    for cls in _tui_classes():
        bases = [b for b in cls.__mro__ if b.__module__.split(".")[0] == "textual"]
        if not bases:
            continue
        textual_classes += 1
        # Private methods (and properties) of textual's classes; Textual's own class
        # machinery also sets private attributes on each subclass: not methods, not ours.
        private = {
            name
            for base in bases
            for name, value in vars(base).items()
            if name.startswith("_") and not name.startswith("__") and _is_method(value)
        }
        for klass in cls.__mro__:
            if klass.__module__.split(".")[0] != "tui":
                continue
            for name, value in vars(klass).items():
                if name in private and _is_method(value):
                    overrides.append(f"{klass.__qualname__}.{name}")
    assert textual_classes >= 20  # every screen, dialog and widget was looked at
    assert sorted(set(overrides)) == ["TandemApp._handle_exception"]


def _error_classes() -> list[type[TandemError]]:
    classes: set[type[TandemError]] = set()
    for info in pkgutil.walk_packages(db.__path__, "db."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, TandemError):
                classes.add(cls)
    return sorted(classes, key=lambda c: c.__name__)


@pytest.mark.parametrize("cls", _error_classes(), ids=lambda c: c.__name__)
def test_a_refusal_title_is_plain_words_never_a_class_name(cls: type[TandemError]) -> None:
    exc = cls.__new__(cls)
    title = refusal_title(exc)
    assert title in TITLES.values()
    assert title != cls.__name__ and "Error" not in title


@pytest.mark.parametrize("cls", _error_classes(), ids=lambda c: c.__name__)
def test_what_the_app_adds_to_a_refusal_is_app_words(cls: type[TandemError]) -> None:
    exc = cls.__new__(cls)
    exc.args = ("the facts",)
    exc.holder = "Maya Chen"  # type: ignore[attr-defined]  # LoginTaken's
    exc.head = "Maya Chen"  # type: ignore[attr-defined]  # ApprovalNotDelegable's
    added = for_screen(exc).removeprefix("the facts")
    for cli_word in ("tandem ", "--", "`", "useradd", "command"):
        assert cli_word not in added


def test_the_read_only_banner_names_app_keys_only() -> None:
    banner = unbound_banner("root")
    assert "People screen, key l" in banner
    assert "tandem " not in banner and "`" not in banner
