"""Golden minutes of a co-led joint meeting: approvals (signed and in the meeting), an
objection, a pending proposal, a lead definition version adopted, and the SLA review.

After an intended change: `.venv/bin/python -m tests.tui.test_export_governance_golden`,
then review `git diff tests/tui/golden` by eye.
"""

from __future__ import annotations

import dataclasses
import json
import pwd
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from db import governance
from db.decisions import record_decision
from db.identity import session_of
from db.lead import propose_lead
from db.meetings import close_meeting, create_meeting, mark_attendance, start_meeting
from db.minutes import Minutes, get_minutes
from db.people import bind_login
from db.sla import propose_sla, record_result
from tests.tui.test_export_helpers import EXPORTED, GOLDEN, GOLDEN_SEAL, T0, berlin_time
from tui.export import FORMATS, render

FILES = {
    "markdown": "minutes_governance.md",
    "html": "minutes_governance.html",
    "json": "minutes_governance.json",
    "text": "minutes_governance.txt",
}
MAYAS, LENAS = "daemon", "bin"


@contextmanager
def login(db: Database, name: str) -> Iterator[None]:
    session = session_of(db)
    before = session.login
    session.login = name
    try:
        yield
    finally:
        session.login = before


def build_joint(db: Database, team: object) -> int:
    """Both heads agree a lead definition and an SLA; the next joint meeting adopts version 2
    of the definition (one head signs, the other consents in the meeting) and reviews the SLA."""
    admin, maya, lena = team.admin, team.maya, team.lena  # type: ignore[attr-defined]
    tom, omar = team.tom, team.omar  # type: ignore[attr-defined]
    bind_login(db, admin, "Maya Chen", MAYAS)
    bind_login(db, admin, "Lena Park", LENAS)

    def both(decision_id: int, when: timedelta) -> None:
        with login(db, MAYAS):
            governance.approve(db, maya, decision_id, now=T0 - when)
        with login(db, LENAS):
            governance.approve(db, lena, decision_id, now=T0 - when + timedelta(hours=1))

    v1 = propose_lead(
        db, tom, "Asked for a demo", ["Company of 50+ people"], now=T0 - timedelta(days=20)
    )
    both(v1.decision_id, timedelta(days=19))
    sla = propose_sla(
        db,
        tom,
        "Sales-ready leads for the sales team",
        from_department="Marketing",
        to_department="Sales",
        owner="Tom Berg",
        metric="sales-ready leads",
        target=40,
        per="month",
        now=T0 - timedelta(days=20),
    )
    both(sla.decision_id, timedelta(days=18))
    record_result(db, tom, sla.id, "2026-10", 44, now=T0 - timedelta(days=25))
    record_result(db, tom, sla.id, "2026-11", 31, note="Webinar moved", now=T0 - timedelta(days=1))

    first = create_meeting(
        db,
        maya,
        "Joint meeting",
        at=T0 - timedelta(days=7),
        co_facilitator="Lena Park",
        now=T0 - timedelta(days=8),
    )
    close_meeting(db, maya, first.id, now=T0 - timedelta(days=7))
    v2 = propose_lead(
        db,
        omar,
        "Asked for a demo and has a budget",
        ["Company of 50+ people", "Budget confirmed"],
        now=T0 - timedelta(days=2),
    )
    m = create_meeting(db, maya, "Joint meeting", at=T0, after=first.id, now=T0 - timedelta(days=1))
    mark_attendance(db, maya, m.id, ["Maya Chen", "Lena Park", "Tom Berg"])
    start_meeting(db, maya, m.id, now=T0)
    with login(db, MAYAS):
        governance.approve(db, maya, v2.decision_id, now=T0 + timedelta(minutes=5))
    governance.approve(
        db,
        maya,
        v2.decision_id,
        for_head="Lena Park",
        meeting_id=m.id,
        now=T0 + timedelta(minutes=6),
    )
    budget = record_decision(
        db,
        lena,
        "Share the webinar budget 50/50",
        meeting_id=m.id,
        two_key=True,
        now=T0 + timedelta(minutes=20),
    )
    with login(db, LENAS):
        governance.object_to(
            db, lena, budget.id, "Q1 budget not set yet", now=T0 + timedelta(minutes=21)
        )
    close_meeting(db, maya, m.id, now=T0 + timedelta(minutes=45))
    return m.id


def joint_minutes(db: Database, team: object) -> Minutes:
    minutes = get_minutes(db, build_joint(db, team), now=EXPORTED)
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
        yield joint_minutes(db, team)


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_matches_golden_file(minutes: Minutes, fmt: str) -> None:
    expected = (GOLDEN / FILES[fmt]).read_text(encoding="utf-8")
    assert render(minutes, fmt) == expected, (
        "regenerate with `python -m tests.tui.test_export_governance_golden` if intended"
    )


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_shows_rule_nine(minutes: Minutes, fmt: str) -> None:
    if fmt == "json":
        doc = json.loads(render(minutes, fmt))["governance"]
        assert [(a["name"], a["word"], a.get("how")) for a in doc["approvals"]] == [
            ("Maya Chen", "approve", "signed"),
            ("Lena Park", "approve", "in-meeting"),
            ("Lena Park", "object", None),
        ]
        assert [p["status"] for p in doc["pending"]] == ["blocked"]
        assert [v["version"] for v in doc["lead_definition_adopted"]] == [2]
        assert [(r["period"], r["met"]) for r in doc["sla_review"]] == [("2026-11", False)]
        return
    out = " ".join(render(minutes, fmt).split())
    for needle in (
        "Co-led by the heads of Sales and Marketing",
        "signed under their own login",  # Maya's approval
        "consent recorded by Maya Chen",  # Lena's, in the meeting
        "Q1 budget not set yet",  # the objection
        "Proposals still pending",
        "Version 2 adopted",
        "Budget confirmed",
        "SLA review",
        "MISSED",
    ):
        assert needle in out, (fmt, needle)


def regenerate() -> None:
    from db.connection import open_db
    from db.people import init
    from tests.conftest import Team

    with berlin_time(), tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "golden.db", create=True)
        init(db, "Ada Admin")
        minutes = joint_minutes(db, Team(db))
        for fmt, name in FILES.items():
            (GOLDEN / name).write_text(render(minutes, fmt), encoding="utf-8")
            print(f"wrote {GOLDEN / name}", file=sys.stderr)
        db.close()


if __name__ == "__main__":
    regenerate()
