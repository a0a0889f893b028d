"""``tandem calendar``: an RFC 5545 file that two independent parsers read alike, with UIDs
that survive a re-export, and ``--person`` for one person's feed."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import ics
import pytest
from icalendar import Calendar
from sqlite_utils import Database

from tests.cli.support import Tandem
from tests.cli.test_imports import imported_modules, roots
from tests.conftest import Team
from tui.calendar import calendar_for, meeting_invite

HOSTILE = "Q1 pipeline, pricing; launch\\ & <b>team</b> \x1b[31m😀 שלום"


@pytest.fixture
def planned(tandem: Tandem, team: Team) -> dict[str, int]:
    """Two meetings (Maya's with an agenda, Lena's without) and three tasks."""
    sync = tandem.json(
        "meeting", "new", HOSTILE, "--at", "2026-11-27 10:00", "--minutes", "60", as_="Maya Chen"
    )["id"]
    tandem.ok("agenda", "add", str(sync), "Lead scoring", "--presenter", "Tom Berg",
              "--minutes", "15", as_="Maya Chen")  # fmt: skip
    tandem.ok("agenda", "add", str(sync), "Pricing", "--minutes", "20", as_="Maya Chen")
    tandem.ok("meeting", "attend", str(sync), "Omar Haddad", as_="Maya Chen")
    tandem.ok("meeting", "attend", str(sync), "Sara Ito", "--absent", as_="Maya Chen")
    content = tandem.json(
        "meeting", "new", "Content review", "--at", "2026-11-30 14:30", "--minutes", "30",
        as_="Lena Park",
    )["id"]  # fmt: skip
    due = tandem.json("task", "add", "Send the deck", "--owner", "Omar Haddad", "--due",
                      "2026-12-04")["id"]  # fmt: skip
    tandem.ok("task", "add", "No due date", "--owner", "Omar Haddad")
    done = tandem.json("task", "add", "Done already", "--owner", "Tom Berg", "--due",
                       "2026-12-01")["id"]  # fmt: skip
    tandem.ok("task", "done", str(done))
    return {"sync": sync, "content": content, "due": due}


def events(data: bytes) -> dict[str, Any]:
    """The VEVENTs by UID, as icalendar parses them."""
    cal = Calendar.from_ical(data)
    assert str(cal["VERSION"]) == "2.0" and "PRODID" in cal
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_the_file_holds_meetings_and_due_tasks(tandem: Tandem, planned: dict[str, int]) -> None:
    data = tandem.ok("calendar").out.encode()
    # (CliRunner's text output turns CRLF into LF; the -o file keeps CRLF: see below.)
    assert data.startswith(b"BEGIN:VCALENDAR\n") and data.endswith(b"END:VCALENDAR\n")
    found = events(data)
    uids = sorted(found)
    assert len(uids) == 3  # two meetings, one open task with a due date
    sync = next(e for u, e in found.items() if u.startswith(f"meeting-{planned['sync']}@"))
    start = sync.decoded("DTSTART")
    assert start == datetime(2026, 11, 27, 10, 0).astimezone()
    # Length: the agenda's timeboxes (15 + 20), not the planned 60 minutes.
    assert sync.decoded("DTEND") - start == timedelta(minutes=35)
    assert str(sync["SUMMARY"]) == HOSTILE.replace("\x1b", "")  # control characters out
    description = str(sync["DESCRIPTION"])
    assert "Facilitator: Maya Chen" in description
    assert (
        "1. Lead scoring (15 min, Tom Berg)" in description and "2. Pricing (20 min)" in description
    )
    assert "Omar Haddad" in description and "Sara Ito" not in description  # absent
    content = next(e for u, e in found.items() if u.startswith(f"meeting-{planned['content']}@"))
    assert content.decoded("DTEND") - content.decoded("DTSTART") == timedelta(minutes=30)
    task = found[next(u for u in uids if u.startswith(f"task-{planned['due']}@"))]
    assert task.decoded("DTSTART") == date(2026, 12, 4)
    assert task.decoded("DTEND") == date(2026, 12, 5)
    assert str(task["TRANSP"]) == "TRANSPARENT"
    assert "Send the deck" in str(task["SUMMARY"]) and "Omar Haddad" in str(task["SUMMARY"])


def test_a_second_independent_parser_reads_the_same(
    tandem: Tandem, planned: dict[str, int]
) -> None:
    text = tandem.ok("calendar").out
    parsed = ics.Calendar(text)
    by_uid = {e.uid: e for e in parsed.events}
    assert set(by_uid) == set(events(text.encode()))
    sync = next(e for u, e in by_uid.items() if u.startswith(f"meeting-{planned['sync']}@"))
    assert sync.name == HOSTILE.replace("\x1b", "")
    assert sync.begin.datetime == datetime(2026, 11, 27, 10, 0).astimezone()
    assert sync.duration == timedelta(minutes=35)
    assert "2. Pricing (20 min)" in sync.description
    task = next(e for u, e in by_uid.items() if u.startswith(f"task-{planned['due']}@"))
    assert task.all_day and task.begin.date() == date(2026, 12, 4)


def test_a_re_export_after_changes_keeps_every_uid(tandem: Tandem, planned: dict[str, int]) -> None:
    before = events(tandem.ok("calendar").out.encode())
    sync = str(planned["sync"])
    tandem.ok("agenda", "add", sync, "Wrap-up", "--minutes", "5", as_="Maya Chen")
    tandem.ok("task", "add", "New one", "--owner", "Sara Ito", "--due", "2026-12-10")
    tandem.ok("task", "reassign", str(planned["due"]), "--to", "Sara Ito")
    after = events(tandem.ok("calendar").out.encode())
    assert set(before) <= set(after) and len(after) == len(before) + 1
    uid = next(u for u in before if u.startswith(f"meeting-{sync}@"))
    assert int(after[uid]["SEQUENCE"]) > int(before[uid]["SEQUENCE"])
    assert after[uid].decoded("DTEND") - after[uid].decoded("DTSTART") == timedelta(minutes=40)
    # Every UID names the database: the same in both exports, one name for all.
    assert len({u.split("@")[1] for u in after}) == 1


def test_uids_differ_between_databases(tmp_path: Path, team: Team, tandem: Tandem) -> None:
    tandem.ok("meeting", "new", "Sync", as_="Maya Chen")
    other = Tandem(tmp_path / "other.db")
    other.ok("init", "--admin", "Ada Admin")
    other.ok("meeting", "new", "Sync")
    assert set(events(tandem.ok("calendar").out.encode())).isdisjoint(
        events(other.ok("calendar").out.encode())
    )


def test_person_gets_their_meetings_and_tasks(tandem: Tandem, planned: dict[str, int]) -> None:
    def uids(name: str) -> set[str]:
        return {
            u.split("@")[0] for u in events(tandem.ok("calendar", "--person", name).out.encode())
        }

    sync, content, due = planned["sync"], planned["content"], planned["due"]
    assert uids("Omar Haddad") == {f"meeting-{sync}", f"task-{due}"}  # attends; owns the task
    assert uids("Maya Chen") == {f"meeting-{sync}"}  # facilitates
    assert uids("Lena Park") == {f"meeting-{content}"}
    assert uids("Sara Ito") == set()  # marked absent: not her meeting
    error = tandem.fails(1, "calendar", "--person", "Omar Hadad")
    assert "did you mean" in error and "Omar Haddad" in error


def test_output_file_refusals(tandem: Tandem, planned: dict[str, int], tmp_path: Path) -> None:
    target = tmp_path / "team.ics"
    ran = tandem.ok("calendar", "-o", str(target))
    assert "Wrote the calendar to" in ran.out
    first = target.read_bytes()
    assert first.startswith(b"BEGIN:VCALENDAR\r\n") and first.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in first.replace(b"\r\n", b"")  # RFC 5545: every line ends CRLF
    error = tandem.fails(1, "calendar", "-o", str(target))
    assert "--force" in error and target.read_bytes() == first
    tandem.ok("calendar", "-o", str(target), "--force")
    for unsafe in (str(tandem.path), f"{tandem.path}-wal", str(tmp_path)):
        tandem.fails(1, "calendar", "-o", unsafe, "--force")
    assert "no directory" in tandem.fails(1, "calendar", "-o", str(tmp_path / "no" / "x.ics"))


def test_meeting_invite_is_the_same_event(db: Database, team: Team, tandem: Tandem) -> None:
    mid = tandem.json("meeting", "new", "Sync", "--at", "tomorrow 10:00", as_="Maya Chen")["id"]
    tandem.ok("agenda", "add", str(mid), "Item", "--minutes", "25", as_="Maya Chen")
    now = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
    invite = events(meeting_invite(db, mid, now=now))
    feed = events(calendar_for(db, now=now))
    assert list(invite) == [next(u for u in feed if u.startswith(f"meeting-{mid}@"))]
    uid = list(invite)[0]
    assert invite[uid].to_ical() == feed[uid].to_ical()
    assert ics.Calendar(meeting_invite(db, mid).decode()).events


def test_calendar_json_free_commands_do_not_load_icalendar(db_path: Path, team: Team) -> None:
    modules, _ = imported_modules("task", "list", "--json", db_path=db_path)
    assert "icalendar" not in roots(modules)
    modules, out = imported_modules("calendar", db_path=db_path)
    assert "icalendar" in roots(modules) and out.startswith("BEGIN:VCALENDAR")
    assert json.dumps(out)  # text, not bytes garbage


def test_a_co_facilitator_gets_the_meeting_and_is_named(tandem: Tandem, team: Team) -> None:
    joint = tandem.json("meeting", "new", "Joint sync", "--at", "2026-12-02 10:00",
                        "--co-facilitator", "Lena Park", as_="Maya Chen")["id"]  # fmt: skip
    mine = events(tandem.ok("calendar", "--person", "Lena Park").out.encode())
    assert [u.split("@")[0] for u in mine] == [f"meeting-{joint}"]
    (event,) = mine.values()
    assert "Co-facilitator: Lena Park" in str(event["DESCRIPTION"])
