"""Shared TUI fixtures: a fixed clock, an app factory, ``wait_until`` and the notifications."""

from __future__ import annotations

import asyncio
import gc
import html
import inspect
import os
import re
import shutil
import time
import weakref
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from textual import events
from textual.app import App
from textual.css.model import RuleSet
from textual.css.stylesheet import CSSLocation, Stylesheet
from textual.notifications import SeverityLevel
from textual.pilot import Pilot
from textual.worker import WorkerState

from db.connection import open_db
from db.demo import build_demo
from tui.app import TandemApp, make_app
from tui.reads import READ_GROUP

# A Tuesday morning (UTC), fixed so timers, due dates and snapshots are stable.
FIXED_NOW = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)
SIZE = (120, 40)


class FixedClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime = FIXED_NOW) -> None:
        self.moment = now

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, seconds: float = 0, *, minutes: float = 0) -> datetime:
        self.moment += timedelta(seconds=seconds, minutes=minutes)
        return self.moment


@dataclass(frozen=True)
class Note:
    """One notification as the app asked Textual to show it."""

    message: str
    title: str
    severity: str


_NOTES: weakref.WeakKeyDictionary[App[object], list[Note]] = weakref.WeakKeyDictionary()


@pytest.fixture(autouse=True)
def collect_the_app() -> Iterator[None]:
    """The app a test ran (its widgets, screens and their cycles) is collected when the test
    ends: the collector's thresholds are raised for the run (tests/conftest.py), so garbage
    would otherwise pile up across a worker's TUI tests."""
    yield
    gc.collect()


_PARSED: dict[tuple[object, ...], list[RuleSet]] = {}
# Each distinct set of theme variables gets a number for the key, looked up by the dict's
# identity: Textual replaces the dict when the variables change, never edits it (the dict is
# held, so its id is not reused).
_THEMES: dict[tuple[tuple[str, str], ...], int] = {}
_VARIABLES: dict[int, tuple[dict[str, str], int]] = {}


def _theme_number(variables: dict[str, str]) -> int:
    known = _VARIABLES.get(id(variables))
    if known is None or known[0] is not variables:
        if len(_VARIABLES) > 1_000:
            _VARIABLES.clear()
        content = tuple(sorted(variables.items()))
        known = _VARIABLES[id(variables)] = (variables, _THEMES.setdefault(content, len(_THEMES)))
    return known[1]


@pytest.fixture(scope="session", autouse=True)
def css_parsed_once_per_worker() -> Iterator[None]:
    """Each piece of CSS is parsed once per worker, not once per app.

    Textual keeps what it parsed per app (its stylesheet's cache), and pushing a screen
    class for the first time parses every CSS source of the app again, in a new stylesheet
    with an empty cache: a test's app parsed the same CSS about ten times, a tenth of the
    TUI tests' CPU. The rules parsed from the same text, location, scope and theme
    variables are the same, and Textual itself hands the same parsed rules out again from
    its cache. The app's own start is unchanged (tests/bench measures it).
    """
    parse = Stylesheet._parse_rules

    def parse_once(
        self: Stylesheet,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        key = (
            css,
            read_from,
            is_default_rules,
            tie_breaker,
            scope,
            _theme_number(self._variables),
        )
        rules = _PARSED.get(key)
        if rules is None:
            rules = parse(self, css, read_from, is_default_rules, tie_breaker, scope)
            _PARSED[key] = rules
        return rules

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Stylesheet, "_parse_rules", parse_once)
        yield


@pytest.fixture(autouse=True)
def pilot_waits_for_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """After each key, click or pause, the Pilot also waits for the reads it started.

    Screens read on the app's reader thread and fill when the rows come back
    (``Refusals.read``, ``tui/reads.py``); a person sees the rows a few
    milliseconds later. The Pilot waits for the screen's messages only, so a test
    that checks a table right after a key would race the reader. Here, the Pilot
    waits (as the person does) until no read is on its way, and then for the
    messages that filling the screen sent. Writes waiting for a lock are not
    waited for: the tests of a locked database press keys meanwhile.
    """
    wait_for_screen = Pilot._wait_for_screen
    _waiting_for_reads.clear()
    _waiting_for_reads.append(True)

    async def and_for_reads(self: Pilot[object], timeout: float = 30.0) -> bool:
        for _ in range(int(timeout / 0.002)):
            # A read that comes back during the wait fills the screen then: wait once more
            # for the messages that sent.
            reading = _reads_on_their_way(self.app)
            done = await wait_for_screen(self, timeout)
            if not reading and not _reads_on_their_way(self.app):
                return done
            await asyncio.sleep(0.002)
        raise AssertionError("a read of the app never came back")

    monkeypatch.setattr(Pilot, "_wait_for_screen", and_for_reads)


# Whether the Pilot waits for reads (``reads_not_waited`` turns it off).
_waiting_for_reads: list[bool] = [True]


@contextmanager
def reads_not_waited() -> Iterator[None]:
    """Inside the block the Pilot does not wait for reads: for tests that hold the reader
    thread on purpose to show what the app does meanwhile."""
    _waiting_for_reads[0] = False
    try:
        yield
    finally:
        _waiting_for_reads[0] = True


def _reads_on_their_way(app: App[object]) -> bool:
    return _waiting_for_reads[0] and any(
        worker.group.startswith(READ_GROUP) and not worker.is_finished for worker in app.workers
    )


@pytest.fixture(autouse=True)
def record_notifications(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ``notify`` of every app in the test is recorded for ``notifications(app)``.

    ``App.notify`` is Textual's public door for toasts (a widget's ``notify``
    goes through it too), so the tests read what the app showed without
    reaching into Textual's private notification store.
    """
    shown = App.notify

    def notify(
        self: App[object],
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        _NOTES.setdefault(self, []).append(Note(str(message), str(title), severity))
        shown(self, message, title=title, severity=severity, timeout=timeout, markup=markup)

    monkeypatch.setattr(App, "notify", notify)


def notifications(app: App[object]) -> list[Note]:
    """The notifications ``app`` has shown so far (since ``forget_notifications``), oldest first."""
    return list(_NOTES.get(app, []))


def messages(app: App[object]) -> list[str]:
    """The text of each notification ``app`` has shown so far."""
    return [note.message for note in notifications(app)]


def forget_notifications(app: App[object]) -> None:
    """Dismiss the toasts on screen and start counting notifications afresh."""
    app.clear_notifications()
    _NOTES.pop(app, None)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def app_factory(db_path: Path, clock: FixedClock) -> Callable[..., TandemApp]:
    """``app_factory(actor=None)``: a Tandem app on the test database with the fixed clock."""

    def build(actor: str | None = None, path: Path | None = None) -> TandemApp:
        return make_app(str(path or db_path), actor, clock=clock)

    return build


@contextmanager
def local_time(zone: str) -> Iterator[None]:
    """Local time is ``zone`` inside the block (for this process's C library too)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = zone
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo database for FIXED_NOW, built once per worker with local time UTC."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with local_time("UTC"):
        db = open_db(path, create=True)
        build_demo(db, now=FIXED_NOW)
        db.close()
    return path


@pytest.fixture
def demo_path(tmp_path: Path, demo_template: Path) -> Iterator[Path]:
    """A copy of the demo database; local time is UTC during the test, so that the
    demo's meeting times and the screens' dates read the same on every machine."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_template, path)
    with local_time("UTC"):
        yield path


async def wait_until(
    pilot: Pilot[object], predicate: Callable[[], object], *, attempts: int = 1000
) -> None:
    """Let the app run until ``predicate()`` is true (fails after ``attempts`` short pauses).

    Counting pauses rather than seconds keeps the tests free of timing
    assertions while still failing, not hanging, when the state never comes.
    The allowance (20 s) is generous because a loaded 2-core machine running the
    suite on both cores can take seconds for what takes milliseconds alone; a
    state that does come returns at once.
    """
    # The messages already sent first (a screen just opened starts its reads as it
    # mounts), then the reads on their way: the state is looked at once the screen
    # has filled, as a person would look at it (``pilot_waits_for_reads``).
    await pilot._wait_for_screen()
    for _ in range(attempts):
        if not _reads_on_their_way(pilot.app) and predicate():
            return
        await pilot.pause(0.02)
    await asyncio.sleep(0)
    assert predicate(), "the app never reached the expected state"


async def paste(pilot: Pilot[object], text: str) -> None:
    """Put ``text`` into the focused field in one go, the way a person pastes it.

    For tests that are not about typing: a key press costs a frame each, a paste one
    frame for the whole text. The field handles it as it handles any paste (an
    ``Input`` inserts it at the cursor and says it changed)."""
    # A dialog just pushed gives its first field the focus once it is mounted.
    await wait_until(pilot, lambda: pilot.app.screen.focused is not None)
    focused = pilot.app.screen.focused
    assert focused is not None, "nothing has the focus to paste into"
    if text:
        focused.post_message(events.Paste(text))
    await pilot.pause()


_TEXT = re.compile(r'<text class="[^"]*-r\d+"[^>]*\bx="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>')


def screen_text(app: App[object]) -> str:
    """The screen as plain text lines, read from the app's public SVG screenshot.

    What a person would see: a markup tag or emoji code that got parsed would
    be missing here, so tests can assert that user text shows literally.
    """
    lines: dict[float, list[tuple[float, str]]] = {}
    for x, y, body in _TEXT.findall(app.export_screenshot()):
        lines.setdefault(float(y), []).append((float(x), html.unescape(body).replace("\xa0", " ")))
    return "\n".join(
        "".join(part for _, part in sorted(parts)) for _, parts in sorted(lines.items())
    )


async def settled(pilot: Pilot[object], app: App[object], *, attempts: int = 200) -> None:
    """Wait until the screen stands still: no worker of the app still reading, no cursor
    blinking, and three frames in a row the same (a refill that follows a resize, a
    worker's result or a cursor move has been painted).

    A snapshot taken any earlier depends on how busy the machine is."""
    await wait_until(pilot, lambda: not _busy_workers(app))
    for widget in app.screen.query("*"):
        if getattr(widget, "cursor_blink", False):
            widget.cursor_blink = False  # type: ignore[attr-defined]
    before, same = None, 0
    for _ in range(attempts):
        await pilot.pause(0.03)
        now = app.export_screenshot()
        same = same + 1 if now == before else 0
        if same == 2 and not _busy_workers(app):
            return
        before = now
    raise AssertionError("the screen never settled")


def _busy_workers(app: App[object]) -> bool:
    return any(worker.state in (WorkerState.PENDING, WorkerState.RUNNING) for worker in app.workers)


@pytest.fixture
def snap_compare(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    """pytest-textual-snapshot's ``snap_compare``, taking its picture only once the screen
    has settled (after ``run_before`` and the keys in ``press``)."""

    def compare(
        app: App[object],
        *,
        press: Iterable[str] = (),
        run_before: Callable[[Pilot[object]], Awaitable[None] | None] | None = None,
        **options: object,
    ) -> bool:
        async def then_settle(pilot: Pilot[object]) -> None:
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            for key in press:
                await pilot.press(key)
            await settled(pilot, pilot.app)

        return snap_compare(app, run_before=then_settle, **options)

    return compare
