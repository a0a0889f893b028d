"""Golden files of all four formats for one realistic meeting, and what every format must show.

After an intended change: `.venv/bin/python -m tests.tui.test_export_helpers`, then
review `git diff tests/tui/golden` by eye.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, timedelta

import pytest
from sqlite_utils import Database

from db.meetings import add_item, create_meeting, start_item
from db.minutes import Minutes, get_minutes
from db.models import Decision, Task
from tests.tui.test_export_helpers import (
    EXPORTED,
    FILES,
    GOLDEN,
    T0,
    at,
    berlin_time,
    weekly_minutes,
)
from tui.export import FORMATS, render


@contextmanager
def new_york_time() -> Iterator[None]:
    before = os.environ.get("TZ")
    os.environ["TZ"] = "America/New_York"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.fixture
def minutes(db: Database, team: object) -> Iterator[Minutes]:
    with berlin_time():
        yield weekly_minutes(db, team)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_matches_golden_file(minutes: Minutes, fmt: str) -> None:
    expected = (GOLDEN / FILES[fmt]).read_text(encoding="utf-8")
    assert render(minutes, fmt) == expected, (
        "regenerate with `python -m tests.tui.test_export_helpers` if intended"
    )


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_shows_the_whole_record(minutes: Minutes, fmt: str) -> None:
    out = " ".join(render(minutes, fmt).split())  # text wraps lines
    for needle in (
        "Weekly sync: Q1 pipeline",
        "Maya Chen",  # facilitator
        "Nina Roy",  # absent
        "Launch campaign for Product X",
        "Omar Haddad",  # presenter
        "Two deals at risk",  # notes
        "January leads convert better",  # rationale
        "Update the scoring rules in the CRM",
        "2026-12-04",  # due
        "SLA between the teams",  # carried over
        "The webinar date is 16 January",  # amendment
    ):
        assert needle in out, (fmt, needle)


@pytest.mark.parametrize("fmt", ["markdown", "html", "text"])
def test_amendments_are_marked_and_dated(minutes: Minutes, fmt: str) -> None:
    out = render(minutes, fmt)
    assert "Amendment 1 — 2026-11-28 10:00, by Maya Chen" in out.replace("AMENDMENT", "Amendment")
    assert "Recorded after the meeting was closed" in out
    assert out.index("Amendments") > out.index("Carried over")


def test_json_keys_and_object_shapes(minutes: Minutes) -> None:
    doc = json.loads(render(minutes, "json"))
    assert list(doc)[:6] == [
        "meeting",
        "attendance",
        "agenda",
        "decisions",
        "action_items",
        "amendments",
    ]
    decision_keys = {
        "id",
        "text",
        "rationale",
        "meeting_id",
        "agenda_item",
        "task_force",
        "recorded_by",
        "recorded_at",
        "supersedes",
    }
    task_keys = {
        "id",
        "title",
        "owner",
        "department",
        "status",
        "due",
        "meeting_id",
        "created_at",
        "done_at",
    }
    assert all(decision_keys <= set(d) for d in doc["decisions"])
    assert all(task_keys <= set(t) for t in doc["action_items"])
    assert [d["agenda_item"] for d in doc["decisions"]] == [3, 4, None]
    assert [t["status"] for t in doc["action_items"]] == ["open", "open", "done", "open"]
    assert doc["meeting"]["draft"] is False and doc["meeting"]["status"] == "closed"
    assert doc["amendments"][0]["at"] == "2026-11-28T09:00:00+00:00"
    assert [i["action_item_ids"] for i in doc["agenda"]][1:4] == [[1], [2, 3], [4]]
    # The decision and task objects are the same as the CLI's.
    assert doc["decisions"] == [Decision.to_json(d) for d in minutes.decisions]
    assert doc["action_items"] == [Task.to_json(t) for t in minutes.action_items]


def test_json_is_the_same_whenever_and_wherever_exported(db: Database, minutes: Minutes) -> None:
    """Stable: exported again a day later in another zone, the closed meeting's document
    differs only in its export time, and that is in UTC too (no local time leaks in)."""
    with new_york_time():
        later = get_minutes(db, minutes.meeting.id, now=EXPORTED + timedelta(days=1))
        doc = json.loads(render(dataclasses.replace(later, seal=minutes.seal), "json"))
    first = json.loads(render(minutes, "json"))
    assert doc.pop("exported_at") == (EXPORTED + timedelta(days=1)).astimezone(UTC).isoformat()
    assert first.pop("exported_at") == EXPORTED.astimezone(UTC).isoformat()
    assert doc == first


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_open_meeting_is_labelled_draft(db: Database, team: object, fmt: str) -> None:
    admin = team.admin  # type: ignore[attr-defined]
    with berlin_time():
        m = create_meeting(db, admin, "Still running", at=T0, now=T0)
        item = add_item(db, admin, m.id, "Current item", now=T0)
        start_item(db, admin, item.id, now=at(1))
        out = " ".join(render(get_minutes(db, m.id, now=at(3)), fmt).split())
    if fmt == "json":
        assert json.loads(out)["meeting"]["draft"] is True
    else:
        assert "DRAFT" in out
        assert "not closed" in out and "not final" in out


def test_closed_minutes_carry_no_draft_label(minutes: Minutes) -> None:
    for fmt in ("markdown", "html", "text"):
        assert "DRAFT" not in render(minutes, fmt)


def test_renderers_import_neither_textual_nor_rich() -> None:
    code = (
        "import sys\n"
        "import tui.export, tui.export.to_markdown, tui.export.to_html, tui.export.to_json, tui.export.to_text\n"
        "import db.minutes\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_exported_at_follows_the_clock(db: Database, team: object) -> None:
    with berlin_time():
        m = create_meeting(db, team.admin, "Planned", at=T0, now=T0)  # type: ignore[attr-defined]
        out = render(get_minutes(db, m.id, now=EXPORTED), "text")
    assert "exported 2026-11-30 15:00)" in out
    assert "Time zone:      UTC+01:00 (every time in these minutes)" in out
