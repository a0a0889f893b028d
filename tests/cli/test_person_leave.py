"""``tandem person edit`` and ``tandem person leave``: who may, nothing left without an owner."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from db.errors import PersonLeft
from db.holdings import holdings
from db.people import get_person
from db.people_changes import leave_person
from db.tasks import add_task
from tests.cli.support import Tandem, has_keys
from tests.conftest import Team


@pytest.fixture
def busy(tandem: Tandem, team: Team) -> dict[str, int]:
    """Omar Haddad (Sales) holds two open tasks, an area, a task force's lead and a meeting."""
    ids = {
        "deck": tandem.json("task", "add", "Send the deck", "--owner", "Omar Haddad")["id"],
        "call": tandem.json("task", "add", "Call Globex", "--owner", "Omar Haddad")["id"],
    }
    done = tandem.json("task", "add", "Old task", "--owner", "Omar Haddad")["id"]
    tandem.ok("task", "done", str(done))
    tandem.ok("role", "assign", "Enterprise leads", "--owner", "Omar Haddad")
    tandem.ok("taskforce", "new", "Globex rescue", "--problem", "Unhappy client",
              "--lead", "Omar Haddad", "--member", "Tom Berg")  # fmt: skip
    ids["meeting"] = tandem.json("meeting", "new", "Deal review", as_="Omar Haddad")["id"]
    return ids


def test_leaving_with_holdings_is_refused_listing_them(
    tandem: Tandem, busy: dict[str, int]
) -> None:
    error = tandem.fails(1, "person", "leave", "Omar Haddad", as_="Maya Chen")
    assert "Omar Haddad still holds" in error
    assert f"2 open tasks (task {busy['deck']} 'Send the deck', task {busy['call']}" in error
    assert "area 'Enterprise leads'" in error
    assert "the lead of task force Globex rescue" in error
    assert f"meeting {busy['meeting']} 'Deal review'" in error
    assert "Old task" not in error
    assert "--to NAME" in error
    person = next(p for p in tandem.json("person", "list") if p["name"] == "Omar Haddad")
    assert person["left_at"] is None


def test_to_hands_everything_over_in_one_step(tandem: Tandem, busy: dict[str, int]) -> None:
    before = len(tandem.json("log"))
    ran = tandem.ok("person", "leave", "Omar Haddad", "--to", "Sara Ito", as_="Maya Chen")
    assert "Omar Haddad has left; 5 things went to Sara Ito" in ran.out
    assert len(tandem.json("log")) == before + 1  # one transaction, one audit entry
    owners = {t["id"]: t["owner"] for t in tandem.json("task", "list", "--status", "all")}
    assert owners[busy["deck"]] == owners[busy["call"]] == "Sara Ito"
    history = tandem.json("task", "history", str(busy["deck"]))
    assert history[-1]["from"] == "Omar Haddad" and history[-1]["to"] == "Sara Ito"
    assert history[-1]["reason"] == "left" and history[-1]["actor"] == "Maya Chen"
    area = tandem.json("role", "history", "Enterprise leads")
    assert area[-1]["to"] == "Sara Ito" and area[-1]["reason"] == "left"
    assert tandem.json("taskforce", "list")[0]["lead"] == "Sara Ito"
    assert tandem.json("meeting", "show", str(busy["meeting"]))["facilitator"] == "Sara Ito"
    people = {p["name"]: p for p in tandem.json("person", "list")}
    assert people["Omar Haddad"]["left_at"] is not None
    assert people["Sara Ito"]["left_at"] is None
    assert "left" in tandem.ok("person", "list").out


def test_someone_who_left_gets_no_new_work(tandem: Tandem, busy: dict[str, int]) -> None:
    tandem.ok("person", "leave", "Omar Haddad", "--to", "Sara Ito", as_="Maya Chen")
    for args in (
        ("task", "add", "More", "--owner", "Omar Haddad"),
        ("task", "reassign", str(busy["deck"]), "--to", "Omar Haddad"),
        ("role", "assign", "Enterprise leads", "--owner", "Omar Haddad"),
        ("role", "assign", "New area", "--owner", "Omar Haddad"),
        ("meeting", "new", "X", "--facilitator", "Omar Haddad"),
        ("dept", "head", "Sales", "Omar Haddad"),
        (
            "taskforce",
            "new",
            "TF",
            "--problem",
            "P",
            "--lead",
            "Omar Haddad",
            "--member",
            "Tom Berg",
        ),
    ):
        assert "Omar Haddad has left" in tandem.fails(1, *args), args
    error = tandem.fails(1, "person", "leave", "Omar Haddad", "--to", "Sara Ito")
    assert "has left" in error
    error = tandem.fails(1, "person", "leave", "Tom Berg", "--to", "Omar Haddad")
    assert "Omar Haddad has left" in error


def test_the_schema_refuses_work_for_who_left(db: Database, team: Team) -> None:
    leave_person(db, team.admin, "Sara Ito")
    sara = get_person(db, "Sara Ito")
    with pytest.raises(PersonLeft):
        add_task(db, team.admin, "x", owner="Sara Ito")
    with pytest.raises(Exception, match="left"):
        db.execute(
            "INSERT INTO tasks (title, title_key, owner_id, assigned_by, status, created_at) "
            "VALUES ('x', 'x', ?, ?, 'open', '2026-01-01')",
            [sara.id, team.admin.id],
        )


@pytest.mark.parametrize(("actor", "code"), [("Tom Berg", 3), ("Lena Park", 3), ("Sara Ito", 3)])
def test_only_the_admin_or_their_head_may(
    tandem: Tandem, team: Team, actor: str, code: int
) -> None:
    error = tandem.fails(code, "person", "leave", "Omar Haddad", as_=actor)
    assert "only the head of Sales or the admin" in error
    tandem.fails(code, "person", "edit", "Omar Haddad", "--title", "X", as_=actor)


def test_a_head_hands_over_only_within_reach(tandem: Tandem, busy: dict[str, int]) -> None:
    # Maya (head of Sales) can't give Omar's tasks to Tom in Marketing: nothing changes.
    tandem.fails(3, "person", "leave", "Omar Haddad", "--to", "Tom Berg", as_="Maya Chen")
    assert tandem.json("task", "list", "--owner", "Omar Haddad") != []
    # The admin can.
    tandem.ok("person", "leave", "Omar Haddad", "--to", "Tom Berg")
    assert tandem.json("task", "list", "--owner", "Omar Haddad") == []


def test_a_head_leaving_leaves_a_headless_department_with_a_warning(
    tandem: Tandem, team: Team
) -> None:
    ran = tandem("person", "leave", "Lena Park", "--to", "Maya Chen")
    assert ran.code == 0, ran.err
    assert "Warning: Marketing has no head now" in ran.err and "tandem dept head" in ran.err
    depts = {d["name"]: d for d in tandem.json("dept", "list")}
    assert depts["Marketing"].get("head") in (None, "")


def test_the_admin_passes_a_headship_within_the_department(tandem: Tandem, team: Team) -> None:
    ran = tandem("person", "leave", "Lena Park", "--to", "Tom Berg")
    assert ran.code == 0 and "Warning" not in ran.err
    people = {p["name"]: p for p in tandem.json("person", "list")}
    assert people["Tom Berg"]["is_head"] and not people["Lena Park"]["is_head"]


def test_leaving_with_nothing_held(tandem: Tandem, team: Team) -> None:
    doc = tandem.json("person", "leave", "Sara Ito", as_="Maya Chen")
    has_keys(doc, "id, name, department, left_at, successor, moved, headless")
    assert doc["moved"] == [] and doc["left_at"]
    assert "the admin can't leave" in tandem.fails(1, "person", "leave", "Ada Admin")
    error = tandem.fails(1, "person", "leave", "Tom Berg", "--to", "Tom Berg")
    assert "their own work" in error


def test_holdings_lists_every_kind(db: Database, busy: dict[str, int]) -> None:
    kinds = [h.kind for h in holdings(db, get_person(db, "Omar Haddad"))]
    assert kinds == ["task", "task", "area", "task force lead", "meeting"]
    assert [h.kind for h in holdings(db, get_person(db, "Maya Chen"))] == ["headship"]


# --- person edit ---------------------------------------------------------------------------


def test_edit_changes_the_given_fields(tandem: Tandem, team: Team) -> None:
    doc = tandem.json("person", "edit", "Omar Haddad", "--title", "Key Accounts",
                      "--email", "omar@example.com", as_="Maya Chen")  # fmt: skip
    assert doc["title"] == "Key Accounts" and doc["email"] == "omar@example.com"
    assert doc["name"] == "Omar Haddad" and doc["department"] == "Sales"
    doc = tandem.json("person", "edit", "omar haddad", "--name", "Omar Al-Haddad")
    assert doc["name"] == "Omar Al-Haddad"
    assert tandem.json("person", "edit", "Omar Al-Haddad", "--title", "")["title"] == ""


def test_edit_refusals_change_nothing(tandem: Tandem, team: Team) -> None:
    assert "already exists" in tandem.fails(
        1, "person", "edit", "Omar Haddad", "--name", "sara ito"
    )
    assert "invalid email" in tandem.fails(1, "person", "edit", "Omar Haddad", "--email", "nope")
    # A head of Sales can't move Omar into Marketing (not hers to add to); the admin can.
    tandem.fails(3, "person", "edit", "Omar Haddad", "--dept", "Marketing", as_="Maya Chen")
    assert "heads Sales" in tandem.fails(1, "person", "edit", "Maya Chen", "--dept", "Marketing")
    ran = tandem("person", "edit", "Omar Haddad")
    assert ran.code == 2 and "at least one of" in ran.err
    omar = next(
        p for p in tandem.json("person", "list") if p["id"] == get_id(tandem, "Omar Haddad")
    )
    assert omar["department"] == "Sales" and omar["email"] == ""
    assert tandem.json("person", "edit", "Omar Haddad", "--dept", "Marketing")["department"] == (
        "Marketing"
    )


def get_id(tandem: Tandem, name: str) -> int:
    return next(int(p["id"]) for p in tandem.json("person", "list") if p["name"] == name)


def test_check_is_clean_after_a_leave_and_sees_a_forged_one(
    db: Database, tandem: Tandem, busy: dict[str, int]
) -> None:
    from db.check import damage

    tandem.ok("person", "leave", "Omar Haddad", "--to", "Sara Ito", as_="Maya Chen")
    assert damage(db) == []
    tom = get_person(db, "Tom Berg")
    db.execute(
        "INSERT INTO people_left (person_id, left_at, left_by) VALUES (?, '2026-01-01', ?)",
        [tom.id, tom.id],
    )
    db.conn.commit()
    assert any("people_left" in problem for problem in damage(db))


def test_an_sla_a_goal_and_a_co_led_meeting_are_held_too(tandem: Tandem, team: Team) -> None:
    """Ownerships that came with the governance and goals work count as holdings: an SLA
    goes only to someone of its committing department; a goal and a co-led meeting to anyone."""
    sla = tandem.json("sla", "propose", "Call back every lead", "--from", "Sales", "--to",
                      "Marketing", "--owner", "Omar Haddad", "--metric", "leads called",
                      "--target", "40", "--per", "month")  # fmt: skip
    goal = tandem.json("goal", "add", "Pipeline", "--target", "100", "--due", "+30d",
                       "--owner", "Omar Haddad")  # fmt: skip
    meeting = tandem.json("meeting", "new", "Joint review", "--co-facilitator", "Omar Haddad",
                          as_="Maya Chen")  # fmt: skip
    error = tandem.fails(1, "person", "leave", "Omar Haddad", as_="Maya Chen")
    assert f"SLA {sla['id']} 'Call back every lead' (owner)" in error
    assert f"shared goal {goal['id']} 'Pipeline' (owner)" in error
    assert f"meeting {meeting['id']} 'Joint review' (co-facilitator)" in error
    # Lena Park is in Marketing: the SLA is Sales' commitment, so nothing moves at all.
    error = tandem.fails(1, "person", "leave", "Omar Haddad", "--to", "Lena Park")
    assert "is not in Sales" in error
    assert tandem.json("sla", "show", str(sla["id"]))["owner"] == "Omar Haddad"
    tandem.ok("person", "leave", "Omar Haddad", "--to", "Sara Ito")
    assert tandem.json("sla", "show", str(sla["id"]))["owner"] == "Sara Ito"
    goals = {g["id"]: g for g in tandem.json("goal", "list")}
    assert goals[goal["id"]]["owner"] == "Sara Ito"
    assert tandem.json("meeting", "show", str(meeting["id"]))["co_facilitator"] == "Sara Ito"
