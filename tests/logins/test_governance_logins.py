"""Two-key decisions under real OS logins (issue 13): each head approves as themselves, under
their own login; nobody approves for them, not even the admin; a facilitator records a
present head's consent in a running meeting, never an absent one's."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.logins.harness import HEAD, MEMBER, OTHER, Logins
from tests.logins.test_logins import ADMIN, MAYA, OMAR, Shared

LENA = "Lena Park"  # head of Marketing, login tdm_other


@pytest.fixture
def heads(logins: Logins, shared_dir: Path) -> Shared:
    """root is the admin; Maya heads Sales (tdm_head), Lena heads Marketing (tdm_other);
    Omar (tdm_member) is in Sales."""
    db = Shared(logins, shared_dir / "team.db")
    db.ok("root", "init", "--admin", ADMIN)
    db.ok("root", "person", "add", MAYA, "--dept", "Sales", "--login", HEAD)
    db.ok("root", "dept", "head", "Sales", MAYA)
    db.ok("root", "person", "add", LENA, "--dept", "Marketing", "--login", OTHER)
    db.ok("root", "dept", "head", "Marketing", LENA)
    db.ok("root", "person", "add", OMAR, "--dept", "Sales", "--login", MEMBER)
    os.chmod(db.path, 0o666)
    return db


def test_each_head_approves_as_themselves(heads: Shared) -> None:
    proposal = heads.json(MEMBER, "propose", "Hand over leads within 24 hours")
    assert (proposal["status"], proposal["binds"]) == ("proposed", ["Marketing", "Sales"])
    after_maya = heads.json(HEAD, "decision", "approve", str(proposal["id"]))
    assert after_maya["status"] == "proposed"
    assert [(a["name"], a["how"]) for a in after_maya["approvals"]] == [(MAYA, "signed")]
    done = heads.json(OTHER, "decision", "approve", str(proposal["id"]))
    assert done["status"] == "in-force"
    assert {(a["name"], a["how"], a["delegated_by"]) for a in done["approvals"]} == {
        (MAYA, "signed", None),
        (LENA, "signed", None),
    }
    log = heads.json("root", "log", "--limit", "3")
    assert [(e["login"], e["actor"]) for e in log if e["action"] == "decision.approve"] == [
        (HEAD, MAYA),
        (OTHER, LENA),
    ]


def test_nobody_approves_for_a_head_not_even_the_admin(heads: Shared) -> None:
    proposal = heads.json(MEMBER, "propose", "One CRM for both teams")
    decision = str(proposal["id"])
    refused = heads.fails(3, "root", "--as", MAYA, "decision", "approve", decision)
    assert "on their behalf" in refused and "--as" in refused
    heads.fails(3, "root", "--as", LENA, "decision", "object", decision, "--reason", "No")
    # Another head can't approve as Maya either, nor can Omar approve at all.
    heads.fails(3, OTHER, "--as", MAYA, "decision", "approve", decision)
    heads.fails(3, MEMBER, "decision", "approve", decision)
    assert heads.json("root", "decision", "show", decision)["approvals"] == []


def test_an_objection_blocks_until_the_objector_approves(heads: Shared) -> None:
    decision = str(heads.json(MEMBER, "propose", "Split the events budget")["id"])
    heads.ok(HEAD, "decision", "approve", decision)
    blocked = heads.json(OTHER, "decision", "object", decision, "--reason", "Numbers first")
    assert blocked["status"] == "blocked"
    assert blocked["objections"][0]["reason"] == "Numbers first"
    listed = heads.json("root", "decision", "list", "--status", "blocked")
    assert [d["id"] for d in listed] == [int(decision)]
    assert heads.json(OTHER, "decision", "approve", decision)["status"] == "in-force"


def test_consent_in_a_meeting_only_for_a_present_head(heads: Shared) -> None:
    decision = str(heads.json(MEMBER, "propose", "Joint quarterly plan")["id"])
    meeting = str(heads.json(MEMBER, "meeting", "new", "Joint meeting")["id"])
    heads.ok(MEMBER, "meeting", "attend", meeting, MAYA)
    heads.ok(MEMBER, "meeting", "attend", meeting, LENA, "--absent")
    heads.ok(MEMBER, "meeting", "start", meeting)
    absent = heads.fails(
        1, MEMBER, "decision", "approve", decision, "--for", LENA, "--meeting", meeting
    )
    assert "absent" in absent
    # Only the meeting's facilitator records consent.
    heads.fails(3, HEAD, "decision", "approve", decision, "--for", MAYA, "--meeting", meeting)
    given = heads.json(MEMBER, "decision", "approve", decision, "--for", MAYA, "--meeting", meeting)
    [approval] = given["approvals"]
    assert (approval["name"], approval["how"], approval["recorded_by"]) == (
        MAYA,
        "in-meeting",
        OMAR,
    )
    assert given["status"] == "proposed"
