"""The app's start: Home's first frame comes before the database is opened.

Opening imports sqlite-utils (with click, pluggy and dateutil) and the models, and
reads who acts; the first frame needs none of it. The file is checked before the
app starts (``db.connection.check_usable``), so a file that can't be used is still
refused before any frame; one that goes away between the check and the opening
ends the app with the reason (``open_error``).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from db.errors import DatabaseUnusable
from tests.conftest import Team
from tests.tui.conftest import wait_until
from tui.app import make_app

# Run in a fresh interpreter: this test process imported sqlite-utils long ago. The frame
# hook is the one place Textual hands a painted frame to its driver (the bench uses it too).
FIRST_FRAME = textwrap.dedent(
    """
    import asyncio, sys
    from tui.app import make_app

    app = make_app(sys.argv[1])
    seen = {}
    paint = app._display

    def display(screen, renderable):
        if renderable is not None and type(screen).__name__ == "HomeScreen":
            seen.setdefault("at first frame", "sqlite_utils" in sys.modules)
        paint(screen, renderable)

    app._display = display

    async def main():
        async with app.run_test(size=(80, 24)) as pilot:
            while "at first frame" not in seen or not app.screen.loaded:
                await pilot.pause(0.01)

    asyncio.run(main())
    print(seen["at first frame"], "sqlite_utils" in sys.modules, app.sub_title, sep="|")
    """
)


def test_home_is_painted_before_the_database_is_opened(team: Team, db_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, str(db_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    at_first_frame, after, header = done.stdout.strip().splitlines()[-1].split("|")
    assert at_first_frame == "False"  # nothing of the database's opening before the frame
    assert after == "True"  # opened once it was out: the panels were read
    assert header.endswith("· Ada Admin")  # and the header says who acts


def test_a_file_that_cannot_be_used_is_refused_before_the_app_starts(tmp_path: Path) -> None:
    blank = tmp_path / "blank.db"
    blank.touch()
    with pytest.raises(DatabaseUnusable, match="not initialised"):
        make_app(str(blank))
    with pytest.raises(DatabaseUnusable, match="no database at"):
        make_app(str(tmp_path / "missing.db"))


async def test_a_file_gone_before_it_is_opened_ends_the_app_with_the_reason(
    team: Team, db_path: Path
) -> None:
    app = make_app(str(db_path))  # checked: usable
    team.db.close()
    db_path.unlink()  # gone before the first frame is out
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: app.open_error is not None)
        await pilot.pause()
    assert isinstance(app.open_error, DatabaseUnusable)
    assert app.open_error.reason == "missing"
    assert app.return_code == 1


async def test_a_key_that_opens_a_screen_on_a_gone_file_ends_the_app_too(
    team: Team, db_path: Path
) -> None:
    app = make_app(str(db_path))
    team.db.close()
    db_path.unlink()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")  # Tasks, before or after the opening failed: no crash
        await wait_until(pilot, lambda: app.open_error is not None)
        await pilot.pause()
    assert isinstance(app.open_error, DatabaseUnusable)
    assert app.return_code == 1
