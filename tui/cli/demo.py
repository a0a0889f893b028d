"""``tandem demo``: build the demo company in a file of its own, then open the app on it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from db.connection import open_db
from db.errors import Invalid
from db.text import clean
from tui.cli.env import say

# Below this many tasks the build takes well under a second: no progress bar.
PROGRESS_FROM = 20_000


def demo_db_path() -> Path:
    """``demo.db`` beside the default database, never the default database itself."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("tandem", appauthor=False)) / "demo.db"


def _remove(path: Path) -> None:
    # The -wal and -shm files belong to the old demo; a new file must not inherit them.
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def _progress(tasks: int) -> Iterator[Callable[[int, int], None] | None]:
    """A rich progress bar on stderr for large builds (rich imported only then)."""
    if tasks < PROGRESS_FROM:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    bar = Progress(
        TextColumn("Building the demo"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,} tasks"),
        TimeElapsedColumn(),
        console=console,
        # On a terminal the bar goes away when done; in a log it stays as one final line.
        transient=console.is_terminal,
    )
    job = bar.add_task("tasks", total=tasks)
    with bar:
        yield lambda done, _total: bar.update(job, completed=done)


def _refuse_if_open(path: Path) -> None:
    """Refuse to replace a demo that another process (an app left open) has open."""
    from db.holders import holders, open_elsewhere

    found = holders(path)
    shown = clean(str(path))
    if found:
        names = ", ".join(clean(str(h)) for h in found[:5])
        raise Invalid(
            f"{shown} is open in {names}; close it (quit the app) before --reset, "
            "or it would go on writing to the deleted file"
        )
    if found is None and open_elsewhere(path):
        raise Invalid(
            f"{shown} is open in another process; close it (quit the app) before --reset, "
            "or it would go on writing to the deleted file"
        )


@click.command()
@click.option(
    "--tasks",
    type=click.IntRange(min=0, max=10_000_000),
    default=None,
    metavar="N",
    help="Synthetic tasks of the company's history, on top of the story (default 0).",
)
@click.option("--no-tui", is_flag=True, help="Only build (or keep) the demo; don't open the app.")
@click.option(
    "--reset",
    is_flag=True,
    help="Throw the existing demo away and build a fresh one (refused while it is open).",
)
@click.pass_context
def demo(ctx: click.Context, tasks: int | None, no_tui: bool, reset: bool) -> None:
    """Build a demo company (people, heads, meetings, decisions, task forces) and open it.

    Without --db the demo goes to demo.db in the user data directory, never to
    your real database; a file that holds real Tandem data is never replaced.
    A demo built earlier is kept and opened, with what you changed in it; --reset
    replaces it with a fresh one (not while an app or another command has it open).

    \b
    Example:
      tandem demo
      tandem demo --reset
      tandem --db /tmp/big.db demo --tasks 100000 --no-tui
    """
    given = ctx.parent.params.get("db_path") if ctx.parent is not None else None
    path = Path(given).expanduser() if given else demo_db_path()
    # Imported here: the demo builder is large and only this command needs it.
    from db.demo import build_demo, demo_tasks, target_state

    state = target_state(path)
    shown = clean(str(path))  # a typed path: no control character reaches the terminal
    if state == "real":
        raise Invalid(
            f"{path} holds a Tandem database that is not a demo; refusing to overwrite it — "
            "pass another --db path (or none, for the demo file in the data directory)"
        )
    if state == "demo" and not reset:
        existing = demo_tasks(path)
        if tasks is not None and tasks != existing:
            raise Invalid(
                f"the demo at {shown} was built with --tasks {existing}, not {tasks}; "
                f"add --reset to replace it with a new demo of {tasks} tasks "
                "(what was changed in it is lost)"
            )
        size = f" ({existing:,} extra tasks)" if existing else ""
        say(f"Kept the demo database at {shown}{size}; `tandem demo --reset` rebuilds it")
    else:
        if state == "demo":
            _refuse_if_open(path)
            _remove(path)
        count = tasks or 0
        db = open_db(path, create=True)
        try:
            with _progress(count) as progress:
                build_demo(db, tasks=count, progress=progress)
        finally:
            db.close()
        verb = "Replaced" if state == "demo" else "Built"
        say(f"{verb} the demo database at {shown}" + (f" ({count:,} extra tasks)" if count else ""))
    if no_tui:
        return
    from tui.app import make_app

    make_app(os.fspath(path)).run()
