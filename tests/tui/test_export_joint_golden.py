"""Golden minutes of two co-led joint meetings, in every format, one golden file each
(``tests/tui/golden/minutes_SCENARIO.*``):

- ``governance``: approvals (signed and in the meeting), an objection, a pending proposal, a
  lead definition version adopted, and the SLA review;
- ``goals``: two shared goals reviewed: each goal's value at the close, on track or behind,
  and what it gained since the last meeting, per department.

After an intended change: `.venv/bin/python -m tests.tui.test_export_joint_golden` (writes
both), then review `git diff tests/tui/golden` by eye.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from db import governance
from db.decisions import record_decision
from db.goals import propose_goal, record_progress
from db.lead import propose_lead
from db.meetings import close_meeting, create_meeting, mark_attendance, start_meeting
from db.minutes import Minutes, get_minutes
from db.people import bind_login
from db.sla import propose_sla, record_result
from tests.db.test_governance import LENAS, MAYAS, _logins_exist, login
from tests.tui.test_export_helpers import EXPORTED, GOLDEN, GOLDEN_SEAL, T0, berlin_time
from tui.export import FORMATS, render

__all__ = ["_logins_exist"]  # skips every test here where the heads' logins are missing

HOSTILE = "Revenue <b>&</b> *bold* [link](x) \x1b[31mred"
ENDINGS = {"markdown": "md", "html": "html", "json": "json", "text": "txt"}


def golden_file(scenario: str, fmt: str) -> Path:
    return GOLDEN / f"minutes_{scenario}.{ENDINGS[fmt]}"


def bind_heads(db: Database, team: object) -> Callable[[int, timedelta], None]:
    """Bind both heads to their logins; returns ``both(decision_id, when)``: each approves it
    under their own login, ``when`` before T0 (Lena an hour after Maya)."""
    admin, maya, lena = team.admin, team.maya, team.lena  # type: ignore[attr-defined]
    bind_login(db, admin, "Maya Chen", MAYAS)
    bind_login(db, admin, "Lena Park", LENAS)

    def both(decision_id: int, when: timedelta) -> None:
        with login(db, MAYAS):
            governance.approve(db, maya, decision_id, now=T0 - when)
        with login(db, LENAS):
            governance.approve(db, lena, decision_id, now=T0 - when + timedelta(hours=1))

    return both


def build_governance(db: Database, team: object) -> int:
    """Both heads agree a lead definition and an SLA; the next joint meeting adopts version 2
    of the definition (one head signs, the other consents in the meeting) and reviews the SLA."""
    maya, lena = team.maya, team.lena  # type: ignore[attr-defined]
    tom, omar = team.tom, team.omar  # type: ignore[attr-defined]
    both = bind_heads(db, team)

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


def build_goals(db: Database, team: object) -> int:
    """A joint meeting that reviewed two shared goals, one ahead and one behind, a week after
    the last one: what each gained since then, per department."""
    maya, lena = team.maya, team.lena  # type: ignore[attr-defined]
    omar, tom = team.omar, team.tom  # type: ignore[attr-defined]
    both = bind_heads(db, team)

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


SCENARIOS: dict[str, Callable[[Database, object], int]] = {
    "governance": build_governance,
    "goals": build_goals,
}


def joint_minutes(db: Database, team: object, scenario: str) -> Minutes:
    minutes = get_minutes(db, SCENARIOS[scenario](db, team), now=EXPORTED)
    assert minutes.seal is not None
    return dataclasses.replace(minutes, seal=GOLDEN_SEAL)


@pytest.fixture
def minutes(db: Database, team: object, scenario: str) -> Iterator[Minutes]:
    """The minutes of the test's ``scenario`` (a parameter of the test)."""
    with berlin_time():
        yield joint_minutes(db, team, scenario)


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_matches_golden_file(minutes: Minutes, scenario: str, fmt: str) -> None:
    expected = golden_file(scenario, fmt).read_text(encoding="utf-8")
    assert render(minutes, fmt) == expected, (
        "regenerate with `python -m tests.tui.test_export_joint_golden` if intended"
    )


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("scenario", ["governance"])
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


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("scenario", ["goals"])
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

    for scenario in SCENARIOS:
        with berlin_time(), tempfile.TemporaryDirectory() as tmp:
            db = open_db(Path(tmp) / "golden.db", create=True)
            init(db, "Ada Admin")
            minutes = joint_minutes(db, Team(db), scenario)
            for fmt in FORMATS:
                path = golden_file(scenario, fmt)
                path.write_text(render(minutes, fmt), encoding="utf-8")
                print(f"wrote {path}", file=sys.stderr)
            db.close()


if __name__ == "__main__":
    regenerate()
