"""A demo company: the story through the public functions, plus synthetic bulk history.

Not part of db/'s core: nothing in db/ imports this package, and it uses only
db/'s public functions. ``story`` plays the company's story (``script``) through
the same domain functions the CLI and the app call, so every rule holds in it;
``bulk`` adds the synthetic history (``tasks=N``, and N/100 people and N/10
meetings with it) through ``db.audit.audited_batch``, consistent with the rules
that ``db.check.damage()`` verifies.

``build_demo`` is deterministic for a given ``now`` (a seeded random source and
explicit ``now=`` everywhere), so snapshot tests and benchmarks can rely on it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from db.audit import write
from db.connection import inspect_file, is_initialised
from db.dates import utcnow
from db.demo.bulk import Bulk, Progress, Rng
from db.demo.story import DEMO_SETTING, Story
from db.errors import Invalid
from db.people import default_user, setting

if TYPE_CHECKING:
    from sqlite_utils import Database

__all__ = [
    "DEMO_SETTING",
    "DEMO_TASKS_SETTING",
    "Progress",
    "build_demo",
    "demo_tasks",
    "is_demo",
    "target_state",
]

# The number of synthetic tasks a demo was built with (``tasks=``): asked for again, it is kept.
DEMO_TASKS_SETTING = "demo_tasks"

SEED = 20_251_124


def is_demo(db: Database) -> bool:
    """Whether the database was built by ``build_demo``."""
    return setting(db, DEMO_SETTING) == "1"


def target_state(path: str | Path) -> Literal["missing", "empty", "demo", "real"]:
    """What a file holds before ``tandem demo`` writes there, read without writing.

    Returns ``"missing"``, ``"empty"`` (no Tandem data yet), ``"demo"`` (a demo
    database, safe to replace) or ``"real"`` (someone's data: never touch it).

    Raises:
        DatabaseUnusable: not SQLite, not Tandem, or damaged.
    """
    found = inspect_file(path)
    if found.state != "tandem":
        return found.state
    if found.settings.get(DEMO_SETTING) == "1":
        return "demo"
    return "real" if "default_user_id" in found.settings else "empty"


def demo_tasks(path: str | Path) -> int:
    """The synthetic tasks the demo at ``path`` was built with (0 for a demo that didn't say)."""
    value = inspect_file(path).settings.get(DEMO_TASKS_SETTING)
    return int(value) if value is not None and value.isdigit() else 0


def build_demo(
    db: Database,
    *,
    tasks: int = 0,
    now: datetime | None = None,
    progress: Progress | None = None,
    people: int | None = None,
    meetings: int | None = None,
) -> None:
    """Fill an empty database with the demo company, then ``tasks`` synthetic tasks.

    Args:
        db: a migrated database with no data (not initialised).
        tasks: synthetic tasks of the company's history, on top of the story.
        now: the moment the demo is built for; the story's dates are relative to it.
        progress: called with (tasks inserted, tasks) after each batch.
        people, meetings: extra synthetic people and closed meetings; default
            ``tasks // 100`` and ``tasks // 10`` (the scale the app is built for).
    """
    if tasks < 0:
        raise Invalid("the number of tasks can't be negative")
    if is_initialised(db):
        raise Invalid("the database already holds data; the demo is built in a new database only")
    moment = now or utcnow()
    rng = Rng(SEED)
    Story(db, moment).build()
    if tasks:
        extra_people = tasks // 100 if people is None else people
        extra_meetings = tasks // 10 if meetings is None else meetings
        Bulk(db, moment, rng, extra_people, extra_meetings).build(tasks, progress)
        with write(db, default_user(db), "demo.setup", subject="database"):
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?)", [DEMO_TASKS_SETTING, str(tasks)]
            )
