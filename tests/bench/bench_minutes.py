"""Benchmark: the minutes of a 1,000-item meeting with 1,000 action items, in every format.

Target: well under 100 ms per format. Each figure is the best of several runs;
peak memory is measured separately with tracemalloc (which slows the code it
watches).

    .venv/bin/python -m tests.bench.bench_minutes
"""

from __future__ import annotations

import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from db.connection import immediate, open_db
from db.decisions import record_decision
from db.meetings import (
    add_item,
    amend,
    close_meeting,
    create_meeting,
    end_item,
    mark_attendance,
    set_notes,
    start_item,
)
from db.minutes import get_minutes
from db.people import add_person, appoint_head, init
from db.tasks import add_task
from tests.bench.common import Report
from tui.export import FORMATS, render

ITEMS = 1_000
ACTION_ITEMS = 1_000
RUNS = 7
TARGET = 0.100
T0 = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)


def build(db: Database) -> int:
    """A closed meeting of ITEMS items (every one run, with notes), ACTION_ITEMS tasks,
    a decision on every fifth item and a few amendments; returns its id."""
    admin, _ = init(db, "Ada Admin", company="Bench Co")
    people = []
    for dept in ("Sales", "Marketing"):
        for n in range(10):
            people.append(add_person(db, admin, f"{dept} person {n}", department=dept, now=T0))
    appoint_head(db, admin, "Sales", people[0].id)
    appoint_head(db, admin, "Marketing", people[10].id)
    clock = T0
    with immediate(db):
        m = create_meeting(db, admin, "All-hands planning marathon", at=T0, minutes=24 * 60, now=T0)
        mark_attendance(db, admin, m.id, [p.id for p in people[:15]])
        mark_attendance(db, admin, m.id, [p.id for p in people[15:]], present=False)
        items = [
            add_item(
                db,
                admin,
                m.id,
                f"Topic {n}: pipeline, campaigns and leads",
                presenter=people[n % 20].id,
                minutes=5,
                now=T0,
            )
            for n in range(1, ITEMS + 1)
        ]
        per_item = ACTION_ITEMS // ITEMS or 1
        count = 0
        for n, item in enumerate(items, 1):
            clock += timedelta(seconds=60)
            start_item(db, admin, item.id, now=clock)
            set_notes(
                db,
                admin,
                item.id,
                f"Notes on topic {n}.\nSecond line with <b>markup</b> | pipes | and *stars*.",
                now=clock,
            )
            if n % 5 == 0:
                record_decision(
                    db,
                    admin,
                    f"Decision on topic {n}",
                    meeting_id=m.id,
                    item_position=item.position,
                    rationale="Because the numbers say so.",
                    now=clock,
                )
            for _ in range(per_item):
                if count < ACTION_ITEMS:
                    count += 1
                    add_task(
                        db,
                        admin,
                        f"Follow up {count} on topic {n}",
                        people[count % 20].id,
                        due=date(2026, 12, 1) + timedelta(days=count % 30),
                        meeting_id=m.id,
                        agenda_item_id=item.id,
                        allow_duplicate=True,
                        now=clock,
                    )
        end_item(db, admin, items[-1].id, now=clock + timedelta(seconds=30))
        close_meeting(db, admin, m.id, now=clock + timedelta(minutes=1))
        for n in range(3):
            amend(
                db,
                admin,
                m.id,
                f"Amendment {n}: a correction to topic {n + 1}.",
                now=clock + timedelta(days=n + 1),
            )
    return m.id


def _best(fn: Callable[[], Any], runs: int = RUNS) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _peak_mb(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1e6


def run(report: Report) -> None:
    """Build the meeting, then report assembling and each format (best of RUNS)."""
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "bench.db", create=True)
        try:
            start = time.perf_counter()
            meeting_id = build(db)
            setup = time.perf_counter() - start
            now = T0 + timedelta(days=10)
            minutes = get_minutes(db, meeting_id, now=now)
            assert len(minutes.agenda) == ITEMS and len(minutes.action_items) == ACTION_ITEMS
            size = f"{ITEMS:,} items, {ACTION_ITEMS:,} action items"
            report(
                f"minutes: assemble ({size})",
                _best(lambda: get_minutes(db, meeting_id, now=now)),
                peak_mb=_peak_mb(lambda: get_minutes(db, meeting_id, now=now)),
                note=f"db.minutes.get_minutes; building the meeting took {setup:.1f} s",
            )
            for fmt in FORMATS:
                total = _best(lambda fmt=fmt: render(get_minutes(db, meeting_id, now=now), fmt))  # type: ignore[misc]
                alone = _best(lambda fmt=fmt: render(minutes, fmt))  # type: ignore[misc]
                length = len(render(minutes, fmt))
                report(
                    f"minutes: {fmt} (assemble + render)",
                    total,
                    peak_mb=_peak_mb(
                        lambda fmt=fmt: render(get_minutes(db, meeting_id, now=now), fmt)  # type: ignore[misc]
                    ),
                    note=f"best of {RUNS}; render alone {alone * 1000:.1f} ms; {length / 1e6:.2f} MB of text",
                    target=f"< {TARGET * 1000:.0f} ms",
                    met=total < TARGET,
                )
        finally:
            db.close()


def _print(
    name: str,
    seconds: float | None,
    baseline: float | None = None,
    peak_mb: float | None = None,
    note: str = "",
    target: str = "",
    met: bool | None = None,
) -> None:
    if target:
        note += f"; target {target}: " + ("met" if met else "NOT MET")
    parts = [f"{name:<58} " + ("" if seconds is None else f"{seconds * 1000:8.1f} ms")]
    if baseline is not None and seconds is not None:
        parts.append(f"(baseline {baseline * 1000:.1f} ms, x{seconds / baseline:.2f})")
    if peak_mb is not None:
        parts.append(f"peak {peak_mb:6.1f} MB")
    if note:
        parts.append(f"— {note}")
    print("  ".join(parts), flush=True)


if __name__ == "__main__":
    run(_print)
