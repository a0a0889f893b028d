"""The Tasks screen on a 100,000-task database: it opens, filters and scrolls with the rows
read a page at a time (the widget never holds them all), and the right rows show.

No timings here (``make bench`` measures them); the database is built once for a given
state of the code and kept in the temporary directory (see ``_copy_of_big_db``).
"""

from __future__ import annotations

import fcntl
import hashlib
import inspect
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select

import db as db_package
from db.connection import open_db
from db.demo import build_demo
from db.models import Task
from db.people import list_people
from db.tasks import count_tasks, get_task, list_tasks
from tests.tui.conftest import (
    FIXED_NOW,
    SIZE,
    FixedClock,
    reads_not_waited,
    screen_text,
    wait_until,
)
from tui.app import TandemApp, make_app
from tui.screens.home import HomeScreen
from tui.screens.tasks import FIRST_IDS, TasksScreen
from tui.text import one_line
from tui.widgets.person_picker import PersonPicker
from tui.widgets.task_table import CACHED_PAGES, PAGE, TaskTable

TASKS = 100_000
MOST_ROWS = CACHED_PAGES * PAGE  # what the table may hold at once, whatever the total


def _built_from() -> str:
    """A digest of what the big database is made from: db/'s code and data, the demo's
    code, the size, the moment and the local time zone."""
    digest = hashlib.sha256(f"{TASKS} {FIXED_NOW.isoformat()} {time.tzname}".encode())
    roots = {Path(db_package.__file__).parent, Path(inspect.getfile(build_demo)).parent}
    for root in sorted(roots):
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _copy_of_big_db(copy: Path) -> None:
    """Copy the 100,000-task database to ``copy``. It is built once for this code (by
    whichever test process gets there first; the others wait) and kept in the temporary
    directory for later runs; one unused for a day is removed."""
    cache = Path(tempfile.gettempdir())
    prefix = f"tandem-tests-scale-{os.getuid()}-"
    built = cache / f"{prefix}{_built_from()}.db"
    with open(cache / f"{prefix}lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for old in cache.glob(f"{prefix}*.db"):
            if old != built and time.time() - old.stat().st_mtime > 24 * 3600:
                old.unlink(missing_ok=True)
        if not built.exists():
            building = cache / f"{prefix}building"
            for leftover in cache.glob(f"{building.name}*"):
                leftover.unlink()
            db = open_db(building, create=True)
            build_demo(db, tasks=TASKS, now=FIXED_NOW)
            db.close()
            os.replace(building, built)
        shutil.copy(built, copy)
        os.utime(built)


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A copy of the cached database, so that nothing a test does reaches the cache."""
    path = tmp_path_factory.mktemp("scale") / "big.db"
    _copy_of_big_db(path)
    yield path


def all_tasks(app: TandemApp, **filters: object) -> list[Task]:
    """``list_tasks`` over every status: the order the screen must show."""
    return list_tasks(app.db, **{"status": "all", **filters})  # type: ignore[arg-type]


def table(app: TandemApp) -> TaskTable:
    return app.screen.query_one(TaskTable)


def title_shown(app: TandemApp, task_id: int) -> bool:
    """The task's title (its start, as the cell cuts it) is on screen."""
    return one_line(get_task(app.db, task_id).title)[:30] in screen_text(app)


async def open_tasks(pilot, app: TandemApp) -> TaskTable:  # type: ignore[no-untyped-def]
    """Tasks, then the status filter set to every task (most of the history is done)."""
    app.open_screen("Tasks")
    await wait_until(pilot, lambda: isinstance(app.screen, TasksScreen))
    await pilot.pause()
    tasks = table(app)
    # Opens on the open tasks: the top at once, every id once the reader thread has them.
    await wait_until(pilot, lambda: tasks.row_count == count_tasks(app.db))
    app.screen.query_one("#status", Select).value = "all"
    await wait_until(pilot, lambda: tasks.row_count == count_tasks(app.db, status="all"))
    tasks.focus()
    await pilot.pause()
    return tasks


def test_the_database_holds_100000_tasks(big_db: Path) -> None:
    db = open_db(big_db)
    try:
        assert count_tasks(db, status="all") >= TASKS
    finally:
        db.close()


async def test_open_and_scroll_reads_pages_only(big_db: Path) -> None:
    app = make_app(str(big_db), clock=FixedClock())
    async with app.run_test(size=SIZE) as pilot:
        tasks = await open_tasks(pilot, app)
        total = count_tasks(app.db, status="all")
        assert total >= TASKS  # far more than the widget may hold
        assert tasks.row_count == total
        assert 0 < tasks.cached_rows <= 2 * PAGE  # the first page (or two), not all
        first = all_tasks(app, limit=1)[0]
        assert tasks.cursor_task_id == first.id
        assert title_shown(app, first.id)
        assert f"{total:,} of {total:,} tasks shown" in screen_text(app)

        for _ in range(100):
            await pilot.press("down")
        await pilot.pause()
        hundredth = all_tasks(app, limit=1, offset=100)[0]
        assert tasks.cursor_row == 100
        assert tasks.cursor_task_id == hundredth.id
        assert tasks.cursor_task is not None and tasks.cursor_task.title == hundredth.title
        assert title_shown(app, hundredth.id)
        assert tasks.cached_rows <= MOST_ROWS

        await pilot.press("pagedown")
        await pilot.pause()
        row = tasks.cursor_row
        assert row > 100
        assert tasks.cursor_task_id == all_tasks(app, limit=1, offset=row)[0].id
        assert title_shown(app, tasks.cursor_task_id)  # type: ignore[arg-type]

        await pilot.press("end")
        await pilot.pause()
        last = all_tasks(app, limit=1, offset=total - 1)[0]
        assert tasks.cursor_row == total - 1
        assert tasks.cursor_task_id == last.id
        assert title_shown(app, last.id)
        assert tasks.cached_rows <= MOST_ROWS
        fetched = tasks.fetches
        assert fetched < 20  # a handful of page reads for first, +100, page down, end

        await pilot.press("home")
        await pilot.pause()
        assert tasks.cursor_task_id == first.id


async def test_filter_by_owner_then_free_text(big_db: Path) -> None:
    app = make_app(str(big_db), clock=FixedClock())
    async with app.run_test(size=SIZE) as pilot:
        tasks = await open_tasks(pilot, app)
        # The person with the most open tasks.
        people = list_people(app.db)
        owner = max(people, key=lambda p: count_tasks(app.db, owner_id=p.id, status="all"))
        mine = count_tasks(app.db, owner_id=owner.id, status="all")
        assert mine > PAGE

        picker = app.screen.query_one(PersonPicker)
        picker.focus()
        await pilot.press(*owner.name, "enter")
        await wait_until(pilot, lambda: tasks.row_count == mine)
        expected = [t.id for t in all_tasks(app, owner_id=owner.id, limit=PAGE)]
        assert list(tasks.ids[:PAGE]) == expected
        for row in range(5):
            shown = tasks.task_at(row)
            assert shown is not None and shown.owner == owner.name
        assert tasks.cached_rows <= MOST_ROWS

        # Free text on top of the owner: as you type, no enter needed.
        # A word of one of their tasks (a verb such as "Review", common across the history).
        word = all_tasks(app, owner_id=owner.id, limit=1)[0].title.split()[0].casefold()
        both = count_tasks(app.db, owner_id=owner.id, text=word, status="all")
        search = app.screen.query_one("#search", Input)
        search.focus()
        await pilot.press(*word)
        await wait_until(pilot, lambda: tasks.row_count == both)
        assert both > 0
        assert [t.id for t in all_tasks(app, owner_id=owner.id, text=word)] == list(tasks.ids)
        first = tasks.task_at(0)
        assert first is not None and word in first.title.casefold()
        assert title_shown(app, first.id)

        # Text alone, across everyone: many pages of matches, still read by the page.
        picker.pick(None)
        everyone = count_tasks(app.db, text=word, status="all")
        await wait_until(pilot, lambda: tasks.row_count == everyone)
        assert everyone > MOST_ROWS
        tasks.focus()
        await pilot.press("end")  # jump to the last match
        await pilot.pause()
        last = all_tasks(app, text=word, limit=1, offset=everyone - 1)[0]
        assert tasks.cursor_task_id == last.id
        assert title_shown(app, last.id)
        assert tasks.cached_rows <= MOST_ROWS


async def test_the_top_shows_first_and_the_rest_extends_it(
    big_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening Tasks reads the top of the list first (a limited query): while the whole
    list is still being read (held here, on the reader thread), the first FIRST_IDS rows
    are shown and can be moved through; every id arrives after, and the cursor stays on
    its task."""
    from tui.screens import tasks as tasks_screen

    held = threading.Event()
    counting = tasks_screen.count_tasks

    def count_when_let(*args: Any, **kwargs: Any) -> int:
        held.wait(30)  # only the whole list's read counts the tasks
        return counting(*args, **kwargs)

    monkeypatch.setattr(tasks_screen, "count_tasks", count_when_let)
    app = make_app(str(big_db), clock=FixedClock())
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.loaded)
        try:
            with reads_not_waited():
                app.open_screen("Tasks")
                await wait_until(pilot, lambda: isinstance(app.screen, TasksScreen))
                await wait_until(pilot, lambda: bool(app.screen.query(TaskTable)))
                tasks = table(app)
                await wait_until(pilot, lambda: tasks.row_count > 0)
                assert tasks.row_count == FIRST_IDS < count_tasks(app.db)
                assert "500+ of … tasks shown" in screen_text(app)
                tasks.focus()
                await pilot.press("down", "down", "down")
                third = all_tasks(app, status="open", limit=1, offset=3)[0]
                assert tasks.cursor_task_id == third.id
                await wait_until(pilot, lambda: title_shown(app, third.id))
        finally:
            held.set()
        total = count_tasks(app.db, status="all")
        await wait_until(pilot, lambda: tasks.row_count == count_tasks(app.db))
        assert tasks.cursor_task_id == third.id
        assert f"{tasks.row_count:,} of {total:,} tasks shown" in screen_text(app)
        await pilot.pause()
