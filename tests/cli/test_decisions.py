"""``tandem decision list|show``."""

from __future__ import annotations

import pytest

from tests.cli.support import Tandem, has_keys, usage_error

DECISION_KEYS = (
    "id, text, rationale, meeting_id, agenda_item, task_force, recorded_by, recorded_at, supersedes"
)


@pytest.fixture
def log(tandem: Tandem, team: object) -> dict[str, int]:
    """Two meetings (one a task force's) and four decisions, one superseding another."""
    tandem.ok(
        "taskforce",
        "new",
        "Key account rescue",
        "--problem",
        "The client is unhappy",
        "--lead",
        "Tom Berg",
        "--member",
        "Omar Haddad",
    )
    joint = tandem.json("meeting", "new", "Joint sync", as_="Maya Chen")["id"]
    rescue = tandem.json(
        "meeting", "new", "Rescue sync", "--task-force", "Key account rescue", as_="Maya Chen"
    )["id"]
    tandem.ok("agenda", "add", str(joint), "Lead scoring", as_="Maya Chen")
    ids = {
        "scoring": tandem.json(
            "decide",
            str(joint),
            "Marketing scores leads",
            "--item",
            "1",
            "--rationale",
            "Sales wastes calls on cold leads",
            as_="Maya Chen",
        )["id"],
        "pricing": tandem.json("decide", str(rescue), "Offer a pricing discount", as_="Tom Berg")[
            "id"
        ],
        "review": tandem.json("decide", str(joint), "Review the pipeline weekly", as_="Maya Chen")[
            "id"
        ],
    }
    ids["rescore"] = tandem.json(
        "decide",
        str(joint),
        "Sales and Marketing score leads together",
        "--supersedes",
        str(ids["scoring"]),
        as_="Maya Chen",
    )["id"]
    ids["joint"], ids["rescue"] = joint, rescue
    return ids


def test_decision_list_in_time_order_with_keys(tandem: Tandem, log: dict[str, int]) -> None:
    listed = tandem.json("decision", "list")
    assert [d["id"] for d in listed] == [
        log["scoring"],
        log["pricing"],
        log["review"],
        log["rescore"],
    ]
    for d in listed:
        has_keys(d, DECISION_KEYS)
    first = listed[0]
    assert (first["meeting_id"], first["agenda_item"], first["recorded_by"]) == (
        log["joint"],
        1,
        "Maya Chen",
    )
    assert first["rationale"] == "Sales wastes calls on cold leads"
    assert listed[1]["task_force"] == "Key account rescue"
    assert listed[3]["supersedes"] == log["scoring"]
    human = tandem.ok("decision", "list").out
    assert "Marketing scores leads" in human and "Offer a pricing discount" in human


def test_decision_list_filters(tandem: Tandem, log: dict[str, int]) -> None:
    by_meeting = tandem.json("decision", "list", "--meeting", str(log["rescue"]))
    assert [d["id"] for d in by_meeting] == [log["pricing"]]
    by_tf = tandem.json("decision", "list", "--task-force", "key account rescue")
    assert [d["id"] for d in by_tf] == [log["pricing"]]
    # full text over text and rationale, word prefixes
    assert [d["id"] for d in tandem.json("decision", "list", "--search", "pipe")] == [log["review"]]
    assert [d["id"] for d in tandem.json("decision", "list", "--search", "cold calls")] == [
        log["scoring"]
    ]
    assert [
        d["id"]
        for d in tandem.json(
            "decision", "list", "--search", "leads", "--meeting", str(log["joint"])
        )
    ] == [
        log["scoring"],
        log["rescore"],
    ]
    assert tandem.json("decision", "list", "--search", "nothing-like-this") == []
    assert tandem.ok("decision", "list", "--search", "zzz").out.strip() == "No decisions match."


def test_decision_list_wrong_requests(tandem: Tandem, log: dict[str, int]) -> None:
    assert "did you mean Key account rescue" in tandem.fails(
        1, "decision", "list", "--task-force", "Key acount rescue"
    )
    usage_error(tandem("decision", "list", "--meeting", "first"))


def test_decision_show_chain(tandem: Tandem, log: dict[str, int]) -> None:
    doc = tandem.json("decision", "show", str(log["scoring"]))
    has_keys(doc, DECISION_KEYS)
    assert doc["superseded_by"] == log["rescore"]
    assert [d["id"] for d in doc["chain"]] == [log["scoring"], log["rescore"]]
    out = tandem.ok("decision", "show", str(log["rescore"])).out
    assert f"superseded by {log['rescore']}" in out and "in force" in out
    assert "no decision 99" in tandem.fails(1, "decision", "show", "99")


def test_decision_list_empty(tandem: Tandem, team: object) -> None:
    assert tandem.json("decision", "list") == []
