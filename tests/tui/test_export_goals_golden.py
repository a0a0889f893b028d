"""Golden minutes of a joint meeting that reviewed two shared goals: each goal's value at
the close, on track or behind, and what it gained since the last meeting, per department.

After an intended change: `.venv/bin/python -m tests.tui.test_export_goals_golden`,
then review `git diff tests/tui/golden` by eye.
"""

from __future__ import annotations

import dataclasses
import json
import pwd
import sys
import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from db import governance
from db.goals import propose_goal, record_progress
from db.meetings import close_meeting, create_meeting, start_meeting
from db.minutes import Minutes, get_minutes
from db.people import bind_login
from tests.tui.test_export_governance_golden import LENAS, MAYAS, login
from tests.tui.test_export_helpers import EXPORTED, GOLDEN, GOLDEN_SEAL, T0, berlin_time
from tui.export import FORMATS, render

FILES = {
    "markdown": "minutes_goals.md",
    "html": "minutes_goals.html",
    "json": "minutes_goals.json",
    "text": "minutes_goals.txt",
}
HOSTILE = "Revenue <b>&</b> *bold* [link](x) \x1b[31mred"


def build(db: Database, team: object) -> int:
    admin, maya, lena = team.admin, team.maya, team.lena  # type: ignore[attr-defined]
    omar, tom = team.omar, team.tom  # type: ignore[attr-defined]
    bind_login(db, admin, "Maya Chen", MAYAS)
    bind_login(db, admin, "Lena Park", LENAS)

    def both(decision_id: int, when: timedelta) -> None:
        with login(db, MAYAS):
            governance.approve(db, maya, decision_id, now=T0 - when)
        with login(db, LENAS):
            governance.approve(db, lena, decision_id, now=T0 - when + timedelta(hours=1))

    ahead = propose_goal(
        db,
        tom,
        HOSTILE,
        target=200,
        unit="kEUR",
        due=date(2026, 12, 27),
        owner="Omar Haddad",
        now=T0 - timedelta(days=31),
    )
    both(ahead.decision_id, timedelta(days=30))
    behind = propose_goal(
        db,
        omar,
        "Sales-ready leads from joint events",
        target=120,
        unit="leads",
        due=date(2026, 12, 7),
        owner="Tom Berg",
        now=T0 - timedelta(days=21),
    )
    both(behind.decision_id, timedelta(days=20))
    record_progress(db, omar, ahead.id, 60, department="Sales", now=T0 - timedelta(days=10))
    record_progress(db, lena, ahead.id, 20, department="Marketing", now=T0 - timedelta(days=9))
    record_progress(db, tom, behind.id, 30, department="Marketing", now=T0 - timedelta(days=9))

    first = create_meeting(
        db, maya, "Joint meeting", at=T0 - timedelta(days=7), now=T0 - timedelta(days=8)
    )
    close_meeting(db, maya, first.id, now=T0 - timedelta(days=7))
    record_progress(db, omar, ahead.id, 25, department="Sales", now=T0 - timedelta(days=3))
    record_progress(db, lena, ahead.id, 15, department="Marketing", now=T0 - timedelta(days=2))
    record_progress(db, tom, behind.id, 12, department="Marketing", now=T0 - timedelta(days=2))
    record_progress(db, maya, behind.id, 8, department="Sales", now=T0 - timedelta(days=2))
    record_progress(db, maya, behind.id, -2, department="Sales", now=T0 - timedelta(days=1))

    m = create_meeting(db, maya, "Joint meeting", at=T0, after=first.id, now=T0 - timedelta(days=1))
    start_meeting(db, maya, m.id, now=T0)
    close_meeting(db, maya, m.id, now=T0 + timedelta(minutes=45))
    # After the close: not in these minutes.
    record_progress(db, omar, ahead.id, 500, department="Sales", now=T0 + timedelta(hours=2))
    return m.id


def goal_minutes(db: Database, team: object) -> Minutes:
    minutes = get_minutes(db, build(db, team), now=EXPORTED)
    assert minutes.seal is not None
    return dataclasses.replace(minutes, seal=GOLDEN_SEAL)


@pytest.fixture
def minutes(db: Database, team: object) -> Iterator[Minutes]:
    for name in (MAYAS, LENAS):
        try:
            pwd.getpwnam(name)
        except KeyError:
            pytest.skip(f"the system account {name!r} is missing on this machine")
    with berlin_time():
        yield goal_minutes(db, team)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_matches_golden_file(minutes: Minutes, fmt: str) -> None:
    expected = (GOLDEN / FILES[fmt]).read_text(encoding="utf-8")
    assert render(minutes, fmt) == expected, (
        "regenerate with `python -m tests.tui.test_export_goals_golden` if intended"
    )


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_shows_the_goals_reviewed(minutes: Minutes, fmt: str) -> None:
    out = render(minutes, fmt)
    if fmt == "json":
        doc = json.loads(out)["shared_goals"]
        assert [(g["value"], g["gained"], g["on_track"]) for g in doc] == [
            (48, 18, False),
            (120, 40, True),
        ]
        assert doc[0]["gained_by_department"] == {"Marketing": 12, "Sales": 6}
        assert doc[1]["text"] == HOSTILE.replace("\x1b", "")  # as stored (escape stripped)
        return
    flat = " ".join(out.split())
    for needle in (
        "Shared goals reviewed",
        "48/120 leads (40%, due 2026-12-07, behind); +18 leads since the last meeting "
        "(Marketing +12, Sales +6)",
        "120/200 kEUR (60%, due 2026-12-27, on track); +40 kEUR since the last meeting "
        "(Marketing +15, Sales +25)",
    ):
        assert needle in flat, (fmt, needle)
    assert "\x1b" not in out
    if fmt == "html":
        assert "<b>&</b>" not in out and "&lt;b&gt;&amp;&lt;/b&gt;" in out


def regenerate() -> None:
    from db.connection import open_db
    from db.people import init
    from tests.conftest import Team

    with berlin_time(), tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "golden.db", create=True)
        init(db, "Ada Admin")
        minutes = goal_minutes(db, Team(db))
        for fmt, name in FILES.items():
            (GOLDEN / name).write_text(render(minutes, fmt), encoding="utf-8")
            print(f"wrote {GOLDEN / name}", file=sys.stderr)
        db.close()


if __name__ == "__main__":
    regenerate()
