"""``tandem goal``: add, record, retire, list, and their JSON, refusals and exit codes."""

from __future__ import annotations

from typing import Any

from db.dates import local_today
from tests.cli.support import Tandem, usage_error
from tests.conftest import Team
from tests.db.test_governance import _logins_exist, as_lena, as_maya, heads
from tests.db.test_permissions import dump

__all__ = ["_logins_exist", "heads"]

GOAL_KEYS = {
    "id", "text", "target", "unit", "due", "owner", "status", "value", "progress",
    "by_department", "decision_id",
}  # fmt: skip


def _in_force(team: Team, tandem: Tandem, *extra: str) -> dict[str, Any]:
    made = tandem.json(
        "goal", "add", "Pipeline from joint events", "--target", "200", "--unit", "kEUR",
        "--due", "+30d", "--owner", "Omar Haddad", *extra,
    )  # fmt: skip
    as_maya(team, made["decision_id"])
    as_lena(team, made["decision_id"])
    return made


def test_add_is_a_proposal_with_the_goal_object(heads: Team, tandem: Tandem) -> None:
    made = tandem.json(
        "goal", "add", "Revenue", "--target", "500", "--unit", "kEUR", "--due", "2099-12-31",
        "--owner", "Maya Chen",
    )  # fmt: skip
    assert set(made) >= GOAL_KEYS
    assert made["status"] == "proposed" and made["value"] == 0 and made["progress"] == 0
    assert made["target"] == 500 and made["due"] == "2099-12-31" and made["owner"] == "Maya Chen"
    assert made["by_department"] == {}
    plain = tandem.ok(
        "goal", "add", "Leads", "--target", "40", "--due", "+2w", "--owner", "Tom Berg"
    )
    assert "Proposed goal 2" in plain.out and "decision approve" in plain.out
    decision = tandem.json("decision", "list", "--status", "proposed")
    assert [d["two_key"] for d in decision] == [True, True]


def test_bad_input_is_exit_one_and_changes_nothing(heads: Team, tandem: Tandem) -> None:
    before = dump(heads.db)
    base = ["goal", "add", "Leads", "--owner", "Tom Berg"]
    for extra, words in (
        (["--target", "-5", "--due", "+3d"], "above zero"),
        (["--target", "0", "--due", "+3d"], "above zero"),
        (["--target", "5", "--due", "2020-01-01"], "past"),
        (["--target", "5", "--due", "someday"], "invalid date"),
    ):
        assert words in tandem.fails(1, *base, *extra)
    assert "Nobody" in tandem.fails(
        1, "goal", "add", "X", "--target", "5", "--due", "+3d", "--owner", "Nobody"
    )
    assert dump(heads.db) == before
    usage_error(tandem("goal", "add", "Leads", "--target", "5", "--owner", "Tom Berg"))


def test_record_adds_progress_credited_to_a_department(heads: Team, tandem: Tandem) -> None:
    goal = _in_force(heads, tandem)
    gid = str(goal["id"])
    tandem.ok("goal", "record", gid, "80", "--dept", "Sales", "--note", "Globex")
    tandem.ok("goal", "record", gid, "50", "--dept", "Marketing", as_="Lena Park")
    done = tandem.json("goal", "record", gid, "-10", "--dept", "Sales", "--note", "refund")
    assert done["value"] == 120 and done["progress"] == 0.6
    assert done["by_department"] == {"Marketing": 50, "Sales": 70}
    assert done["status"] == "in-force" and done["on_track"] is True
    said = tandem.ok("goal", "record", gid, "5")
    assert "125/200 kEUR" in said.out


def test_record_refusals(heads: Team, tandem: Tandem) -> None:
    proposed = tandem.json(
        "goal", "add", "Leads", "--target", "5", "--due", "+3d", "--owner", "Tom Berg"
    )
    goal = _in_force(heads, tandem)
    gid = str(goal["id"])
    before = dump(heads.db)
    assert "not in force" in tandem.fails(1, "goal", "record", str(proposed["id"]), "3")
    assert "Legal" in tandem.fails(1, "goal", "record", gid, "3", "--dept", "Legal")
    assert "0 changes nothing" in tandem.fails(1, "goal", "record", gid, "0")
    assert "999" in tandem.fails(1, "goal", "record", "999", "3")
    # Its owner (Omar), a head, the admin: not another member.
    assert "its owner" in tandem.fails(3, "goal", "record", gid, "3", as_="Sara Ito")
    assert dump(heads.db) == before
    usage_error(tandem("goal", "record", gid, "lots"))
    tandem.ok("goal", "record", gid, "3", as_="Omar Haddad")


def test_retire_is_a_two_key_proposal(heads: Team, tandem: Tandem) -> None:
    goal = _in_force(heads, tandem)
    gid = str(goal["id"])
    proposal = tandem.json("goal", "retire", gid)
    assert proposal["two_key"] is True and proposal["status"] == "proposed"
    as_maya(heads, proposal["id"])
    as_lena(heads, proposal["id"])
    [shown] = tandem.json("goal", "list")
    assert shown["status"] == "retired" and shown["on_track"] is None
    assert "retired" in tandem.fails(1, "goal", "record", gid, "3")
    assert "not in force" in tandem.fails(1, "goal", "retire", gid)
    assert tandem.json("goal", "list", "--in-force") == []


def test_list_json_and_table(heads: Team, tandem: Tandem) -> None:
    assert tandem.json("goal", "list") == []
    assert "No goal yet" in tandem.ok("goal", "list").out
    goal = _in_force(heads, tandem)
    tandem.ok("goal", "record", str(goal["id"]), "30", "--dept", "Marketing")
    tandem.json("goal", "add", "Later", "--target", "5", "--due", "+90d", "--owner", "Tom Berg")
    listed = tandem.json("goal", "list")
    assert [g["text"] for g in listed] == ["Pipeline from joint events", "Later"]  # by due
    first = listed[0]
    assert set(first) >= GOAL_KEYS
    assert first["value"] == 30 and first["progress"] == 0.15
    assert first["by_department"] == {"Marketing": 30}
    assert first["on_track"] is True and first["in_force_since"]
    assert listed[1]["status"] == "proposed" and listed[1]["on_track"] is None
    table = tandem.ok("goal", "list").out
    assert "Pipeline from joint events" in table and "on track" in table
    assert "Marketing 30" in table and "proposed" in table
    assert [g["id"] for g in tandem.json("goal", "list", "--in-force")] == [goal["id"]]
    assert first["due"] > local_today().isoformat()
