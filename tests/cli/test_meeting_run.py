"""``tandem meeting next`` and ``tandem meeting note``: a meeting run from the shell."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlite_utils import Database

from db.meeting_run import append_note, next_item
from db.meetings import get_meeting
from tests.cli.support import Tandem
from tests.conftest import Team


@pytest.fixture
def meeting(tandem: Tandem, team: Team) -> int:
    """A planned meeting facilitated by Maya Chen with two items (15 and 10 minutes)."""
    mid = int(tandem.json("meeting", "new", "Joint sync", as_="Maya Chen")["id"])
    tandem.ok("agenda", "add", str(mid), "Lead scoring", "--minutes", "15", as_="Maya Chen")
    tandem.ok("agenda", "add", str(mid), "Pricing", as_="Maya Chen")
    return mid


def statuses(tandem: Tandem, mid: int) -> list[str]:
    return [i["status"] for i in tandem.json("meeting", "show", str(mid))["agenda"]]


def test_next_starts_the_meeting_then_walks_the_agenda(tandem: Tandem, meeting: int) -> None:
    first = tandem.ok("meeting", "next", str(meeting), as_="Maya Chen").out
    assert "Meeting" in first and "is running" in first
    assert "Now item 1 'Lead scoring'" in first
    assert tandem.json("meeting", "show", str(meeting))["status"] == "running"
    assert statuses(tandem, meeting) == ["running", "pending"]

    second = tandem.ok("meeting", "next", str(meeting), as_="Maya Chen").out
    assert "Ended item 1 'Lead scoring'" in second and "of 15 min" in second
    assert "Now item 2 'Pricing'" in second
    assert statuses(tandem, meeting) == ["ended", "running"]

    last = tandem.ok("meeting", "next", str(meeting), as_="Maya Chen").out
    assert "Ended item 2 'Pricing'" in last
    assert f"tandem meeting close {meeting}" in last
    assert statuses(tandem, meeting) == ["ended", "ended"]

    # Nothing running and nothing left: refused, nothing changes.
    error = tandem.fails(1, "meeting", "next", str(meeting), as_="Maya Chen")
    assert "none left to start" in error
    assert statuses(tandem, meeting) == ["ended", "ended"]


def test_next_json_names_the_ended_and_started_items(tandem: Tandem, meeting: int) -> None:
    doc = tandem.json("meeting", "next", str(meeting), as_="Maya Chen")
    assert doc["ended"] is None and doc["started"]["position"] == 1
    doc = tandem.json("meeting", "next", str(meeting), as_="Maya Chen")
    assert doc["ended"]["position"] == 1 and doc["ended"]["status"] == "ended"
    assert doc["started"]["position"] == 2


def test_spent_time_reaches_the_minutes(db: Database, team: Team, tandem: Tandem) -> None:
    """The clock between two ``next`` steps is the item's spent time in the minutes."""
    mid = int(tandem.json("meeting", "new", "Sync", as_="Maya Chen")["id"])
    tandem.ok("agenda", "add", str(mid), "Lead scoring", "--minutes", "12", as_="Maya Chen")
    start = datetime(2026, 11, 27, 10, 0, tzinfo=timezone.utc)
    next_item(db, team.maya, mid, now=start)
    stepped = next_item(db, team.maya, mid, now=start + timedelta(minutes=14, seconds=5))
    assert stepped.ended is not None and stepped.started is None
    assert stepped.ended.spent_seconds == 14 * 60 + 5
    minutes = tandem.ok("minutes", str(mid), "--format", "json").json()
    assert minutes["agenda"][0]["spent_minutes"] == pytest.approx(14.1, abs=0.05)


def test_note_goes_to_the_running_item_and_appends(tandem: Tandem, meeting: int) -> None:
    tandem.ok("meeting", "next", str(meeting), as_="Maya Chen")
    out = tandem.ok("meeting", "note", str(meeting), "Tom shows the model", as_="Maya Chen").out
    assert "item 1 'Lead scoring'" in out
    tandem.ok("meeting", "note", str(meeting), "Sales [b]likes[/b] it", as_="Maya Chen")
    doc = tandem.json(
        "meeting", "note", str(meeting), "Survey first", "--item", "2", as_="Maya Chen"
    )
    assert doc["position"] == 2 and doc["notes"] == "Survey first"
    agenda = tandem.json("meeting", "show", str(meeting))["agenda"]
    assert agenda[0]["notes"] == "Tom shows the model\n\nSales [b]likes[/b] it"
    minutes = tandem.ok("minutes", str(meeting), "--format", "text").out
    assert "Tom shows the model" in minutes and "Sales [b]likes[/b] it" in minutes


def test_note_without_a_running_item_names_the_way_out(tandem: Tandem, meeting: int) -> None:
    error = tandem.fails(1, "meeting", "note", str(meeting), "Lost thought", as_="Maya Chen")
    assert f"tandem meeting next {meeting}" in error and "--item" in error
    error = tandem.fails(1, "meeting", "note", str(meeting), "x", "--item", "9", as_="Maya Chen")
    assert "no agenda item 9" in error
    tandem.fails(1, "meeting", "note", str(meeting), "  ", "--item", "1", as_="Maya Chen")
    assert all(i["notes"] == "" for i in tandem.json("meeting", "show", str(meeting))["agenda"])


def test_only_who_runs_the_meeting_may_step_or_note(tandem: Tandem, meeting: int) -> None:
    assert "only its facilitator" in tandem.fails(
        3, "meeting", "next", str(meeting), as_="Tom Berg"
    )
    tandem.fails(3, "meeting", "note", str(meeting), "x", "--item", "1", as_="Tom Berg")
    assert statuses(tandem, meeting) == ["pending", "pending"]
    tandem.ok("meeting", "next", str(meeting))  # the admin may
    tandem.ok("meeting", "note", str(meeting), "by the admin")


def test_closed_meeting_refuses_next_and_note(db: Database, team: Team, tandem: Tandem) -> None:
    mid = int(tandem.json("meeting", "new", "Sync", as_="Maya Chen")["id"])
    tandem.ok("agenda", "add", str(mid), "Item", as_="Maya Chen")
    tandem.ok("meeting", "close", str(mid), as_="Maya Chen")
    assert "closed" in tandem.fails(1, "meeting", "next", str(mid), as_="Maya Chen")
    assert "closed" in tandem.fails(
        1, "meeting", "note", str(mid), "x", "--item", "1", as_="Maya Chen"
    )
    with pytest.raises(Exception, match="closed"):
        append_note(db, team.maya, mid, "x", position=1)
    assert get_meeting(db, mid).agenda[0].notes == ""


def test_next_on_a_meeting_without_agenda_is_refused(tandem: Tandem, team: Team) -> None:
    mid = int(tandem.json("meeting", "new", "Empty", as_="Maya Chen")["id"])
    assert "no agenda items" in tandem.fails(1, "meeting", "next", str(mid), as_="Maya Chen")
    assert tandem.json("meeting", "show", str(mid))["status"] == "planned"


def test_at_takes_a_day_word_and_a_time(tandem: Tandem, team: Team) -> None:
    doc = tandem.json("meeting", "new", "Sync", "--at", "tomorrow 10:00", as_="Maya Chen")
    moment = datetime.fromisoformat(doc["at"])
    assert (moment.hour, moment.minute) == (10, 0)
    assert moment.date() == (datetime.now().astimezone() + timedelta(days=1)).date()


@pytest.mark.parametrize("typed", ["2026-12-01", "tomorrow", "fri"])
def test_at_with_a_date_and_no_time_is_refused(tandem: Tandem, team: Team, typed: str) -> None:
    error = tandem.fails(1, "meeting", "new", "Sync", "--at", typed, as_="Maya Chen")
    assert "has no time of day" in error
    assert "today 14:00" in error and "fri 10:00" in error and "YYYY-MM-DD HH:MM" in error
    assert tandem.json("meeting", "list") == []
