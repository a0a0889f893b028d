"""The minutes' seal (issue 11): stored at the close, checked by ``verify_minutes``.

Hand edits are made through a separate plain sqlite3 connection, the way another tool
would make them: none of Tandem's code (nor its capture triggers) sees them.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from db import decisions, meetings, tasks
from db.errors import Invalid
from db.minutes import get_minutes, minutes_document
from db.seal import current_part, digest, seal_of, verify_minutes
from tests.conftest import Team

HEX64 = re.compile(r"[0-9a-f]{64}")


@dataclass
class Closed:
    meeting_id: int
    decision_id: int
    task_id: int
    document: dict[str, Any]


def export(db: Database, meeting_id: int) -> dict[str, Any]:
    """The JSON minutes as `tandem minutes ID --format json` writes them (through a file's
    round trip, so only JSON survives)."""
    document: dict[str, Any] = json.loads(json.dumps(minutes_document(get_minutes(db, meeting_id))))
    return document


def hand_edit(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript(sql)
    finally:
        conn.close()


@pytest.fixture
def closed(team: Team) -> Closed:
    """Maya's meeting: Omar present, Tom absent, two items, a decision, an action item."""
    db = team.db
    m = meetings.create_meeting(db, team.maya, "Pipeline review")
    meetings.mark_attendance(db, team.maya, m.id, ["Maya Chen", "Omar Haddad"])
    meetings.mark_attendance(db, team.maya, m.id, ["Tom Berg"], present=False)
    meetings.add_item(db, team.maya, m.id, "Lead scoring")
    meetings.add_item(db, team.maya, m.id, "Booth staffing")
    meetings.set_notes(db, team.maya, meetings.item_at(db, m.id, 1).id, "Agreed after a vote")
    d = decisions.record_decision(
        db, team.maya, "MQL = 50 points", meeting_id=m.id, item_position=1, rationale="Volume"
    )
    t = tasks.add_task(db, team.maya, "Update the scoring", "Omar Haddad", meeting_id=m.id)
    meetings.close_meeting(db, team.maya, m.id)
    return Closed(m.id, d.id, t.id, export(db, m.id))


def differences(db: Database, document: dict[str, Any]) -> str:
    result = verify_minutes(db, document)
    assert not result.ok, "verify accepted minutes that differ"
    return "\n".join(result.differences)


# --- the seal is stored at the close ------------------------------------------------------


def test_closing_a_meeting_stores_its_seal(team: Team, closed: Closed) -> None:
    seal = seal_of(team.db, closed.meeting_id)
    assert seal is not None and HEX64.fullmatch(seal)
    # The seal is the chain's hash at the close's own audit entry, the newest one then.
    entry = team.db.execute(
        "SELECT id, action, subject, payload FROM audit_log WHERE hash = ?", [seal]
    ).fetchone()
    assert entry[1:3] == ("meeting.close", f"meeting {closed.meeting_id}")
    assert entry[0] == team.db.execute("SELECT MAX(id) FROM audit_log").fetchone()[0]
    # That entry holds a digest of the record as closed.
    sealed = json.loads(entry[3])["minutes_digest"]
    assert sealed == digest(current_part(team.db, closed.meeting_id))
    assert closed.document["seal"] == seal


def test_a_draft_has_no_seal(team: Team) -> None:
    m = meetings.create_meeting(team.db, team.maya, "Draft")
    meetings.add_item(team.db, team.maya, m.id, "Anything")
    assert seal_of(team.db, m.id) is None
    assert export(team.db, m.id)["seal"] is None
    meetings.start_meeting(team.db, team.maya, m.id)
    assert export(team.db, m.id)["seal"] is None
    result = verify_minutes(team.db, export(team.db, m.id))
    assert not result.ok
    assert "the file has no seal" in result.differences[0]


def test_each_meeting_has_its_own_seal(team: Team, closed: Closed) -> None:
    other = meetings.create_meeting(team.db, team.lena, "Content plan")
    meetings.close_meeting(team.db, team.lena, other.id)
    assert seal_of(team.db, other.id) not in (None, seal_of(team.db, closed.meeting_id))


# --- what verifies ------------------------------------------------------------------------


def test_fresh_minutes_verify(team: Team, closed: Closed) -> None:
    result = verify_minutes(team.db, closed.document)
    assert result.ok, result.differences
    assert result.meeting_id == closed.meeting_id
    assert result.seal == closed.document["seal"]


def test_what_legitimately_changes_after_the_close_does_not_break_the_seal(
    team: Team, closed: Closed
) -> None:
    db = team.db
    meetings.amend(db, team.maya, closed.meeting_id, "Tom sent his apologies")
    tasks.reassign_task(db, team.maya, closed.task_id, "Sara Ito")
    tasks.complete_task(db, team.maya, closed.task_id)
    later = meetings.create_meeting(db, team.maya, "Pipeline review", after=closed.meeting_id)
    decisions.record_decision(
        db, team.maya, "MQL = 60 points", meeting_id=later.id, supersedes=closed.decision_id
    )
    # The file exported at the close still verifies...
    result = verify_minutes(db, closed.document)
    assert result.ok, result.differences
    # ...and so does a fresh export, which now shows the amendment and the superseding.
    fresh = export(db, closed.meeting_id)
    assert [a["text"] for a in fresh["amendments"]] == ["Tom sent his apologies"]
    assert fresh["seal"] == closed.document["seal"]
    assert verify_minutes(db, fresh).ok


# --- what doesn't -------------------------------------------------------------------------

DB_EDITS: dict[str, tuple[str, str]] = {
    "decision-text": (
        "DROP TRIGGER decisions_immutable; DROP TRIGGER decisions_frozen_update;"
        "UPDATE decisions SET text = 'MQL = 5 points';",
        "decisions[0].text",
    ),
    "decision-rationale": (
        "DROP TRIGGER decisions_immutable; DROP TRIGGER decisions_frozen_update;"
        "UPDATE decisions SET rationale = 'Because I said so';",
        "decisions[0].rationale",
    ),
    "decision-deleted": (
        "DROP TRIGGER decisions_frozen_delete; DELETE FROM decisions;",
        "decisions[0] only in the file",
    ),
    "item-notes": (
        "DROP TRIGGER agenda_items_frozen_update;"
        "UPDATE agenda_items SET notes = 'Nobody agreed' WHERE position = 1;",
        "agenda[0].notes",
    ),
    "attendance": (
        "DROP TRIGGER attendance_frozen_update; UPDATE attendance SET present = 1;",
        "attendance",
    ),
    "meeting-title": (
        "DROP TRIGGER meetings_frozen; UPDATE meetings SET title = 'Something else';",
        "meeting.title",
    ),
    "action-item-title": (
        "UPDATE tasks SET title = 'Forget the scoring';",
        "action_items[0].title",
    ),
}


@pytest.mark.parametrize("edit", list(DB_EDITS))
def test_a_hand_edit_of_the_meetings_record_fails_verify(
    team: Team, closed: Closed, db_path: Path, edit: str
) -> None:
    sql, where = DB_EDITS[edit]
    hand_edit(db_path, sql)
    found = differences(team.db, closed.document)
    assert f"the database's record of meeting {closed.meeting_id} changed after it was sealed" in (
        found
    )
    assert where in found, found


def test_an_edit_of_the_files_decision_text_fails_verify(team: Team, closed: Closed) -> None:
    document = json.loads(json.dumps(closed.document))
    document["decisions"][0]["text"] = "MQL = 5 points"
    found = differences(team.db, document)
    assert "the file's minutes are not the minutes that were sealed" in found
    assert 'decisions[0].text: "MQL = 5 points" ≠ "MQL = 50 points"' in found, found


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("attendance", 0, "absent"), []),
        (("agenda", 1, "title"), "Booth budget"),
        (("meeting", "facilitator"), "Ada Admin"),
        (("action_items",), []),
    ],
    ids=["absence-removed", "item-retitled", "facilitator", "action-items-dropped"],
)
def test_an_edit_of_the_files_record_fails_verify(
    team: Team, closed: Closed, path: tuple[Any, ...], value: Any
) -> None:
    document = json.loads(json.dumps(closed.document))
    target: Any = document
    for step in path[:-1]:
        target = target[step]
    assert target[path[-1]] != value
    target[path[-1]] = value
    assert "the file's minutes are not the minutes that were sealed" in differences(
        team.db, document
    )


def test_a_changed_seal_fails_verify(team: Team, closed: Closed) -> None:
    document = dict(closed.document)
    seal = document["seal"]
    document["seal"] = ("0" if seal[0] != "0" else "1") + seal[1:]
    assert "the database holds no record with this seal" in differences(team.db, document)


def test_another_meetings_seal_fails_verify(team: Team, closed: Closed) -> None:
    other = meetings.create_meeting(team.db, team.lena, "Content plan")
    meetings.close_meeting(team.db, team.lena, other.id)
    document = dict(closed.document)
    document["seal"] = seal_of(team.db, other.id)
    found = differences(team.db, document)
    assert f"the seal belongs to meeting {other.id}, not to meeting {closed.meeting_id}" in found


def test_a_broken_chain_before_the_seal_fails_verify(
    team: Team, closed: Closed, db_path: Path
) -> None:
    """An earlier entry rewritten (say, to hide who recorded the decision) breaks the proof."""
    entry = team.db.execute(
        "SELECT id FROM audit_log WHERE action = 'decision.record' ORDER BY id DESC LIMIT 1"
    ).fetchone()[0]
    hand_edit(
        db_path,
        "DROP TRIGGER audit_log_append_only;"
        f"UPDATE audit_log SET actor = 'Lena Park' WHERE id = {entry};",
    )
    found = differences(team.db, closed.document)
    assert f"audit log: entry {entry} was changed after it was written" in found, found


def test_a_document_that_is_not_minutes_is_refused(team: Team) -> None:
    for document in ({}, {"meeting": {"id": "x"}}, {"meeting": {"id": 1}}):
        with pytest.raises(Invalid):
            verify_minutes(team.db, document)


def test_verify_reads_but_never_writes(team: Team, closed: Closed, db_path: Path) -> None:
    before = list(sqlite3.connect(db_path).iterdump())
    assert verify_minutes(team.db, closed.document).ok
    differences(team.db, {**closed.document, "seal": "f" * 64})
    assert list(sqlite3.connect(db_path).iterdump()) == before
