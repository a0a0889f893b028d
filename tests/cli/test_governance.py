"""The CLI of rule 9 (CONTRACT "Governance"): co-led meetings, two-key decisions, the lead
definition and the SLA register, with their JSON keys and exit codes.

Tests run under the admin's login: a head's own signature is proven in tests/logins;
here the heads' consent is recorded in a running meeting by its facilitator (the admin
acting as them with --as, which the contract allows for that act).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlite_utils import Database

from tests.cli.support import Tandem, has_keys, usage_error
from tests.conftest import Team

DECISION = (
    "id, text, rationale, meeting_id, agenda_item, task_force, recorded_by, recorded_at, "
    "supersedes, status, two_key, binds, approvals, objections, delegated_by"
)
APPROVAL = "name, department, how, at, recorded_by"
LEAD = "version, text, criteria, status, decision_id, in_force_since"
SLA = "id, text, from, to, owner, metric, target, unit, at_most, per, status, decision_id, results"
RESULT = "period, actual, met, note, correction"


@pytest.fixture
def room(team: Team, tandem: Tandem) -> str:
    """A running joint meeting led by Tom (Lena co-leads), both heads marked present."""
    meeting = tandem.json(
        "meeting", "new", "Joint meeting", "--co-facilitator", "Lena Park", as_="Tom Berg"
    )
    mid = str(meeting["id"])
    tandem.ok("meeting", "attend", mid, "Maya Chen", "Lena Park", as_="Tom Berg")
    tandem.ok("meeting", "start", mid, as_="Tom Berg")
    return mid


def consent(tandem: Tandem, room: str, decision: object) -> Any:
    """Both heads' consent, recorded by the facilitator."""
    tandem.ok(
        "decision",
        "approve",
        str(decision),
        "--for",
        "Maya Chen",
        "--meeting",
        room,
        as_="Tom Berg",
    )
    return tandem.json(
        "decision",
        "approve",
        str(decision),
        "--for",
        "Lena Park",
        "--meeting",
        room,
        as_="Tom Berg",
    )


def test_meeting_new_with_a_co_facilitator(team: Team, tandem: Tandem) -> None:
    m = tandem.json(
        "meeting", "new", "Joint", "--facilitator", "Maya Chen", "--co-facilitator", "Lena Park"
    )
    assert (m["facilitator"], m["co_facilitator"]) == ("Maya Chen", "Lena Park")
    shown = tandem.json("meeting", "show", str(m["id"]))
    has_keys(
        shown, "id, title, at, status, facilitator, co_facilitator, task_force, attendees, agenda"
    )
    assert (
        "Co-led by the heads of Sales and Marketing"
        in tandem.ok("meeting", "show", str(m["id"])).out
    )
    # The co-facilitator runs it with the same rights.
    tandem.ok("agenda", "add", str(m["id"]), "Pipeline", as_="Lena Park")
    assert "no person named" in tandem.fails(1, "meeting", "new", "X", "--co-facilitator", "Nobody")


def test_decide_two_key_and_the_json_of_a_proposal(team: Team, tandem: Tandem, room: str) -> None:
    made = tandem.json("decide", room, "Use one lead score", "--two-key", as_="Tom Berg")
    has_keys(made, DECISION)
    assert (made["status"], made["two_key"], made["binds"]) == (
        "proposed",
        True,
        ["Marketing", "Sales"],
    )
    assert made["approvals"] == [] and made["objections"] == []
    done = consent(tandem, room, made["id"])
    assert done["status"] == "in-force"
    for approval in done["approvals"]:
        has_keys(approval, APPROVAL)
        assert (approval["how"], approval["recorded_by"], approval["delegated_by"]) == (
            "in-meeting",
            "Tom Berg",
            "Ada Admin",
        )
    out = tandem.ok("decision", "show", str(made["id"])).out
    assert "in meeting" in out and "Two-key decision" in out


def test_propose_and_the_bad_requests(team: Team, tandem: Tandem) -> None:
    p = tandem.json(
        "propose", "Leads within 24 hours", "--rationale", "Speed wins", as_="Omar Haddad"
    )
    assert (p["meeting_id"], p["recorded_by"], p["status"]) == (None, "Omar Haddad", "proposed")
    assert "two or more" in tandem.fails(1, "propose", "x", "--binds", "Sales")
    assert "two-key" in tandem.fails(1, "decide", "1", "x", "--binds", "Sales")
    plain = tandem.json("decision", "list", "--status", "proposed")
    assert [d["id"] for d in plain] == [p["id"]]
    usage_error(tandem("decision", "list", "--status", "maybe"))
    usage_error(tandem("decision", "object", str(p["id"])))  # --reason is required
    usage_error(tandem("decision", "approve", str(p["id"]), "--for", "Maya Chen"))


def test_approval_through_as_is_exit_3_and_changes_nothing(team: Team, tandem: Tandem) -> None:
    p = tandem.json("propose", "x")
    err = tandem.fails(3, "decision", "approve", str(p["id"]), as_="Maya Chen")
    assert "on their behalf" in err
    tandem.fails(3, "decision", "object", str(p["id"]), "--reason", "no", as_="Lena Park")
    tandem.fails(3, "decision", "approve", str(p["id"]))  # the admin heads nothing
    assert tandem.json("decision", "show", str(p["id"]))["history"] == []


def test_consent_refusals(team: Team, tandem: Tandem, room: str) -> None:
    p = tandem.json("propose", "x")
    tandem.ok("meeting", "attend", room, "Lena Park", "--absent", as_="Tom Berg")
    assert "absent" in tandem.fails(
        1,
        "decision",
        "approve",
        str(p["id"]),
        "--for",
        "Lena Park",
        "--meeting",
        room,
        as_="Tom Berg",
    )
    assert "heads none" in tandem.fails(
        1,
        "decision",
        "approve",
        str(p["id"]),
        "--for",
        "Sara Ito",
        "--meeting",
        room,
        as_="Tom Berg",
    )
    tandem.fails(
        3,
        "decision",
        "approve",
        str(p["id"]),
        "--for",
        "Maya Chen",
        "--meeting",
        room,
        as_="Sara Ito",
    )
    tandem.ok(
        "decision", "approve", str(p["id"]), "--for", "Maya Chen", "--meeting", room, as_="Tom Berg"
    )
    assert "already approved" in tandem.fails(
        1,
        "decision",
        "approve",
        str(p["id"]),
        "--for",
        "Maya Chen",
        "--meeting",
        room,
        as_="Tom Berg",
    )
    plain = tandem.json("decide", room, "Plain", as_="Tom Berg")
    assert "not a two-key" in tandem.fails(
        1,
        "decision",
        "approve",
        str(plain["id"]),
        "--for",
        "Maya Chen",
        "--meeting",
        room,
        as_="Tom Berg",
    )


def test_withdraw(team: Team, tandem: Tandem) -> None:
    p = tandem.json("propose", "x", as_="Omar Haddad")
    tandem.fails(3, "decision", "withdraw", str(p["id"]), as_="Sara Ito")
    gone = tandem.json("decision", "withdraw", str(p["id"]), as_="Omar Haddad")
    assert gone["status"] == "withdrawn"
    assert "withdrawn" in tandem.fails(1, "decision", "withdraw", str(p["id"]), as_="Omar Haddad")


def test_a_two_key_decision_is_superseded_only_by_a_two_key_decision(
    team: Team, tandem: Tandem, room: str
) -> None:
    first = consent(tandem, room, tandem.json("propose", "MQL at 50")["id"])
    tandem.fails(3, "decide", room, "MQL at 60", "--supersedes", str(first["id"]), as_="Tom Berg")
    second = tandem.json("propose", "MQL at 60", "--supersedes", str(first["id"]))
    consent(tandem, room, second["id"])
    old = tandem.json("decision", "show", str(first["id"]))
    assert (old["status"], old["superseded_by"]) == ("superseded", second["id"])


def test_lead_propose_show_history(team: Team, tandem: Tandem, room: str) -> None:
    assert tandem.json("lead", "show") is None
    v1 = tandem.json(
        "lead", "propose", "Asked for a demo", "--criterion", "50+ staff", as_="Nina Roy"
    )
    has_keys(v1, LEAD)
    assert (v1["version"], v1["status"], v1["criteria"]) == (1, "proposed", ["50+ staff"])
    assert "still open" in tandem.fails(1, "lead", "propose", "Another")
    consent(tandem, room, v1["decision_id"])
    v2 = tandem.json("lead", "propose", "Asked for a demo, has a budget")
    consent(tandem, room, v2["decision_id"])
    shown = tandem.json("lead", "show")
    assert (shown["version"], shown["status"]) == (2, "in-force")
    assert [(v["version"], v["status"]) for v in tandem.json("lead", "history")] == [
        (1, "superseded"),
        (2, "in-force"),
    ]
    assert "version 2" in tandem.ok("lead", "show").out


def _sla(tandem: Tandem, *extra: str) -> Any:
    return tandem.json(
        "sla", "propose", "Leads for Sales", "--from", "Marketing", "--to", "Sales",
        "--owner", "Tom Berg", "--metric", "sales-ready leads", "--target", "40",
        "--per", "month", *extra,
    )  # fmt: skip


def test_sla_propose_record_list_show(team: Team, tandem: Tandem, room: str) -> None:
    made = _sla(tandem, "--unit", "leads")
    has_keys(made, SLA)
    assert (made["status"], made["target"], made["at_most"]) == ("proposed", 40, False)
    assert tandem.json("sla", "list") == []
    assert "not in force" in tandem.fails(
        1, "sla", "record", str(made["id"]), "--period", "2026-11", "--actual", "37"
    )
    consent(tandem, room, made["decision_id"])
    tandem.ok(
        "sla", "record", str(made["id"]), "--period", "2026-10", "--actual", "44", as_="Tom Berg"
    )
    rec = tandem.json(
        "sla",
        "record",
        str(made["id"]),
        "--period",
        "2026-11",
        "--actual",
        "37",
        "--note",
        "Late webinar",
    )
    has_keys(rec["results"][-1], RESULT)
    assert [(r["period"], r["actual"], r["met"]) for r in rec["results"]] == [
        ("2026-10", 44, True),
        ("2026-11", 37, False),
    ]
    assert "recorded once" in tandem.fails(
        1, "sla", "record", str(made["id"]), "--period", "2026-11", "--actual", "41"
    )
    fixed = tandem.json(
        "sla", "record", str(made["id"]), "--period", "2026-11", "--actual", "41", "--correct"
    )
    assert (fixed["results"][-1]["actual"], fixed["results"][-1]["correction"]) == (41, True)
    [listed] = tandem.json("sla", "list")
    assert listed["id"] == made["id"] and len(listed["results"]) == 2
    assert "corrected" in tandem.ok("sla", "show", str(made["id"])).out
    tandem.fails(
        3,
        "sla",
        "record",
        str(made["id"]),
        "--period",
        "2026-12",
        "--actual",
        "1",
        as_="Omar Haddad",
    )


def test_sla_bad_input_is_exit_1(team: Team, tandem: Tandem, room: str) -> None:
    base = [
        "sla",
        "propose",
        "x",
        "--from",
        "Marketing",
        "--to",
        "Sales",
        "--metric",
        "m",
        "--per",
        "month",
    ]
    assert "negative" in tandem.fails(1, *base, "--owner", "Tom Berg", "--target", "-1")
    assert "committing department" in tandem.fails(
        1, *base, "--owner", "Omar Haddad", "--target", "1"
    )
    usage_error(tandem(*base, "--owner", "Tom Berg", "--target", "1", "--per", "day"))
    made = _sla(tandem)
    consent(tandem, room, made["decision_id"])
    for period in ("2026-W48", "2026-Q4", "2026-13"):
        assert "per month" in tandem.fails(
            1, "sla", "record", str(made["id"]), "--period", period, "--actual", "3"
        )
    weekly = _sla(tandem, "--per", "week")
    consent(tandem, room, weekly["decision_id"])
    tandem.ok("sla", "record", str(weekly["id"]), "--period", "2026-W48", "--actual", "12")


def test_sla_retire_and_check(team: Team, tandem: Tandem, room: str, db: Database) -> None:
    made = _sla(tandem)
    consent(tandem, room, made["decision_id"])
    tandem.ok("sla", "record", str(made["id"]), "--period", "2026-11", "--actual", "30")
    found = tandem.json("check")
    assert [m["sla_id"] for m in found["missed_sla_periods"]] == [made["id"]]
    retire = tandem.json("sla", "retire", str(made["id"]), as_="Sara Ito")
    assert retire["two_key"] and retire["supersedes"] == made["decision_id"]
    waiting = tandem.json("check", as_="Maya Chen")
    assert [d["id"] for d in waiting["waiting_for_you"]] == [retire["id"]]
    assert "Proposals waiting for approval: 1" in tandem.ok("check").out
    consent(tandem, room, retire["id"])
    assert tandem.json("sla", "show", str(made["id"]))["status"] == "retired"
    assert tandem.json("sla", "list") == []


def test_next_meeting_shows_the_sla_review_by_itself(team: Team, tandem: Tandem, room: str) -> None:
    made = _sla(tandem)
    consent(tandem, room, made["decision_id"])
    tandem.ok("sla", "record", str(made["id"]), "--period", "2026-11", "--actual", "30")
    tandem.ok("meeting", "close", room, as_="Tom Berg")
    nxt = tandem.json("meeting", "new", "Joint meeting", "--after", room, as_="Tom Berg")
    titles = [i["title"] for i in nxt["agenda"]]
    assert titles[1:] == ["SLA review"]  # nothing pending: no "Pending approvals"
    assert nxt["co_facilitator"] == "Lena Park"
    assert "missed" in nxt["agenda"][1]["notes"]
