"""db.agreements: what the app's Agreements screen lists — two-key decisions only, open
ones first (oldest first), then the decided ones newest first."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from db import governance, meetings
from db.agreements import two_key_decisions
from db.decisions import record_decision
from tests.conftest import Team

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)


def test_two_key_only_open_first_oldest_first_then_decided_newest_first(team: Team) -> None:
    db = team.db
    meeting = meetings.create_meeting(db, team.admin, "Joint", at=T0, now=T0)
    plain = record_decision(db, team.admin, "Not two-key", meeting_id=meeting.id, now=T0)
    first = governance.propose(db, team.tom, "First", now=T0 + timedelta(hours=1))
    second = governance.propose(db, team.omar, "Second", now=T0 + timedelta(hours=2))
    third = governance.propose(db, team.tom, "Third", now=T0 + timedelta(hours=3))
    fourth = governance.propose(db, team.omar, "Fourth", now=T0 + timedelta(hours=4))
    governance.withdraw(db, team.tom, first.id, now=T0 + timedelta(hours=5))
    governance.withdraw(db, team.omar, second.id, now=T0 + timedelta(hours=6))

    listed = two_key_decisions(db)
    assert [d.id for d in listed] == [third.id, fourth.id, second.id, first.id]
    assert plain.id not in [d.id for d in listed]
    assert [d.status for d in listed] == ["proposed", "proposed", "withdrawn", "withdrawn"]
    assert all(d.binds == ("Marketing", "Sales") for d in listed)

    assert [d.id for d in two_key_decisions(db, open_only=True)] == [third.id, fourth.id]
    # The limit caps the decided ones only: every open proposal is always listed.
    assert [d.id for d in two_key_decisions(db, limit=1)] == [third.id, fourth.id, second.id]
    assert [d.id for d in two_key_decisions(db, limit=0)] == [third.id, fourth.id]


def test_nothing_two_key_lists_nothing(team: Team) -> None:
    assert two_key_decisions(team.db) == []
    assert two_key_decisions(team.db, open_only=True) == []
