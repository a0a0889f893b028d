"""Tasks: one owner (down to the schema), no silent duplicates, every (re)assignment in history."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timezone

import pytest
from sqlite_utils import Database

from db import ClosedMeeting, Conflict, Duplicate, Invalid, NotFound, meetings, tasks
from db.task_index import task_ids, tasks_by_ids
from tests.conftest import Team
from tests.db.test_permissions import dump

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
T1 = datetime(2026, 11, 3, 9, 0, tzinfo=timezone.utc)


# --- one owner, in the schema itself ------------------------------------------------------


def _insert(db: Database, columns: str, values: list[object]) -> None:
    marks = ", ".join("?" for _ in values)
    db.execute(f"INSERT INTO tasks ({columns}) VALUES ({marks})", values)


def test_sql_insert_without_owner_fails(team: Team) -> None:
    with pytest.raises(sqlite3.IntegrityError, match=r"NOT NULL constraint failed: tasks.owner_id"):
        _insert(
            team.db,
            "title, title_key, assigned_by, created_at",
            ["Orphan", "orphan", team.admin.id, "x"],
        )
    assert team.db.execute("SELECT COUNT(*) FROM tasks").fetchone()[0] == 0


def test_sql_insert_with_null_owner_fails(team: Team) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="NOT NULL"):
        _insert(
            team.db,
            "title, title_key, owner_id, assigned_by, created_at",
            ["Orphan", "orphan", None, team.admin.id, "x"],
        )


def test_sql_insert_with_unknown_owner_fails(team: Team) -> None:
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        _insert(
            team.db,
            "title, title_key, owner_id, assigned_by, created_at",
            ["Ghost's task", "ghost s task", 9999, team.admin.id, "x"],
        )


def test_sql_update_cannot_clear_or_dangle_the_owner(team: Team) -> None:
    task = tasks.add_task(team.db, team.admin, "Prepare the offer", "Omar Haddad")
    with pytest.raises(sqlite3.IntegrityError, match="NOT NULL"):
        team.db.execute("UPDATE tasks SET owner_id = NULL WHERE id = ?", [task.id])
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        team.db.execute("UPDATE tasks SET owner_id = 9999 WHERE id = ?", [task.id])
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        team.db.execute("DELETE FROM people WHERE id = ?", [team.omar.id])
    assert tasks.get_task(team.db, task.id).owner == "Omar Haddad"


def test_a_task_has_one_owner_by_name_or_id(team: Team) -> None:
    by_name = tasks.add_task(team.db, team.admin, "Prepare the offer", "omar haddad")
    by_id = tasks.add_task(team.db, team.admin, "Book the venue", team.tom.id)
    assert (by_name.owner, by_name.department) == ("Omar Haddad", "Sales")
    assert (by_id.owner, by_id.department) == ("Tom Berg", "Marketing")


def test_unknown_owner_is_not_found_and_suggests(team: Team) -> None:
    with pytest.raises(NotFound, match="did you mean Omar Haddad"):
        tasks.add_task(team.db, team.admin, "Prepare the offer", "Omar Hadad")


# --- adding, with history -----------------------------------------------------------------


def test_add_task_stores_everything_and_records_the_assignment(team: Team) -> None:
    task = tasks.add_task(
        team.db, team.maya, "Prepare the offer", "Omar Haddad", due=date(2026, 11, 27), now=T0
    )
    assert task.to_json() == {
        "id": task.id,
        "title": "Prepare the offer",
        "owner": "Omar Haddad",
        "department": "Sales",
        "status": "open",
        "due": "2026-11-27",
        "meeting_id": None,
        "decision_id": None,
        "assigned_by": "Maya Chen",
        "created_at": "2026-11-02T09:00:00+00:00",
        "done_at": None,
    }
    [entry] = tasks.task_history(team.db, task.id)
    assert entry.to_json() == {
        "at": "2026-11-02T09:00:00+00:00",
        "actor": "Maya Chen",
        "from": None,
        "to": "Omar Haddad",
        "reason": "assigned",
        # The tests run under the admin's login: Maya's act is the admin's delegation.
        "delegated_by": "Ada Admin",
    }


@pytest.mark.parametrize("title", ["", "   ", "\x1b\x07", "!!! ... ???"])
def test_empty_titles_are_invalid(team: Team, title: str) -> None:
    before = dump(team.db)
    with pytest.raises(Invalid):
        tasks.add_task(team.db, team.admin, title, "Omar Haddad")
    assert dump(team.db) == before


def test_long_titles_kept_until_the_limit(team: Team) -> None:
    long = "word " * 1999 + "last"  # 10,000 characters
    assert tasks.add_task(team.db, team.admin, long, "Omar Haddad").title == long
    with pytest.raises(Invalid, match="limit"):
        tasks.add_task(team.db, team.admin, "x" * 200_000, "Omar Haddad")


def test_title_control_characters_removed_and_lines_joined(team: Team) -> None:
    task = tasks.add_task(
        team.db, team.admin, "Call\x1b[31m the\tclient\r\nback\x00", "Omar Haddad"
    )
    assert task.title == "Call[31m the client back"


@pytest.mark.parametrize(
    "title",
    [
        "[b]x[/]",
        "[@click=app.quit]x",
        "<script>alert(1)</script>",
        "Résumé 🎉 review",
        "עדכון לקוח",
    ],
)
def test_user_text_is_stored_as_typed(team: Team, title: str) -> None:
    assert tasks.add_task(team.db, team.admin, title, "Omar Haddad").title == title


def test_task_for_an_unknown_meeting(team: Team) -> None:
    with pytest.raises(NotFound, match="no meeting 42"):
        tasks.add_task(team.db, team.admin, "Prepare the offer", "Omar Haddad", meeting_id=42)


def test_no_new_task_in_a_closed_meeting(team: Team) -> None:
    meeting = meetings.create_meeting(team.db, team.tom, "Joint review")
    meetings.close_meeting(team.db, team.tom, meeting.id)
    before = dump(team.db)
    with pytest.raises(ClosedMeeting):
        tasks.add_task(team.db, team.tom, "Late action", "Omar Haddad", meeting_id=meeting.id)
    assert dump(team.db) == before


def test_closed_meeting_trigger_refuses_a_task_at_the_sql_level(team: Team) -> None:
    meeting = meetings.create_meeting(team.db, team.tom, "Joint review")
    meetings.close_meeting(team.db, team.tom, meeting.id)
    with pytest.raises(sqlite3.IntegrityError, match="meeting is closed"):
        _insert(
            team.db,
            "title, title_key, owner_id, assigned_by, created_at, meeting_id",
            ["Late", "late", team.omar.id, team.tom.id, "x", meeting.id],
        )


# --- duplicates (rule 2) ------------------------------------------------------------------

EXISTING = "Send the Q3 pricing deck to ACME"


@pytest.mark.parametrize(
    "title",
    [
        EXISTING,
        "send the q3 pricing deck to acme",  # case
        "SEND THE Q3 PRICING DECK TO ACME",
        "Send the Q3 pricing-deck to ACME!",  # punctuation
        "Send, the Q3 pricing deck... to ACME?",
        "To ACME: send the Q3 pricing deck",  # word order
        "ACME Q3 pricing deck, send the to",
        "Send the Q3 pricing deck to ACME Corp",  # one extra word: still the same task
        "  Send   the Q3 pricing deck to ACME  ",
    ],
)
def test_near_duplicate_refused_naming_existing_task_and_owner(team: Team, title: str) -> None:
    existing = tasks.add_task(team.db, team.admin, EXISTING, "Omar Haddad")
    before = dump(team.db)
    with pytest.raises(Duplicate) as caught:
        tasks.add_task(team.db, team.admin, title, "Tom Berg")
    err = caught.value
    assert (err.existing_id, err.existing_title, err.owner) == (
        existing.id,
        EXISTING,
        "Omar Haddad",
    )
    assert f"task {existing.id}" in str(err)
    assert EXISTING in str(err)
    assert "Omar Haddad" in str(err)
    assert err.exit_code == 1
    assert dump(team.db) == before


@pytest.mark.parametrize(
    "title",
    [
        "Review the Q3 pricing deck",
        "Call ACME about the renewal",
        "Send the pricing deck",
    ],
)
def test_different_tasks_are_not_duplicates(team: Team, title: str) -> None:
    tasks.add_task(team.db, team.admin, EXISTING, "Omar Haddad")
    assert tasks.add_task(team.db, team.admin, title, "Tom Berg").title == title


def test_duplicate_allowed_when_asked(team: Team) -> None:
    first = tasks.add_task(team.db, team.admin, EXISTING, "Omar Haddad")
    second = tasks.add_task(team.db, team.admin, EXISTING.lower(), "Tom Berg", allow_duplicate=True)
    assert second.id != first.id
    assert [t.owner for t in tasks.list_tasks(team.db)] == ["Omar Haddad", "Tom Berg"]


def test_a_done_task_is_no_duplicate(team: Team) -> None:
    first = tasks.add_task(team.db, team.admin, EXISTING, "Omar Haddad")
    tasks.complete_task(team.db, team.omar, first.id)
    assert tasks.add_task(team.db, team.admin, EXISTING, "Omar Haddad").id != first.id


def test_duplicate_found_among_many_tasks(team: Team) -> None:
    # More open tasks sharing its words than the full-text pre-selection keeps.
    for n in range(150):
        tasks.add_task(
            team.db,
            team.admin,
            f"Send the pricing deck to client {n}",
            "Omar Haddad",
            allow_duplicate=True,
        )
    target = tasks.add_task(team.db, team.admin, "Send the pricing deck to Globex", "Sara Ito")
    with pytest.raises(Duplicate) as caught:
        tasks.add_task(team.db, team.admin, "globex: send pricing deck to the", "Tom Berg")
    assert caught.value.existing_id == target.id


# --- completing ---------------------------------------------------------------------------


def test_complete_sets_done_and_keeps_the_owner(team: Team) -> None:
    task = tasks.add_task(team.db, team.admin, "Prepare the offer", "Omar Haddad", now=T0)
    done = tasks.complete_task(team.db, team.omar, task.id, now=T1)
    assert (done.status, done.done_at, done.owner) == (
        "done",
        "2026-11-03T09:00:00+00:00",
        "Omar Haddad",
    )
    assert done.version == task.version + 1
    assert tasks.list_tasks(team.db) == []
    assert [t.id for t in tasks.list_tasks(team.db, status="done")] == [task.id]


def test_completing_twice_is_invalid(team: Team) -> None:
    task = tasks.add_task(team.db, team.admin, "Prepare the offer", "Omar Haddad")
    tasks.complete_task(team.db, team.omar, task.id)
    before = dump(team.db)
    with pytest.raises(Invalid, match="already done"):
        tasks.complete_task(team.db, team.omar, task.id)
    assert dump(team.db) == before


def test_sql_check_keeps_status_and_done_at_together(team: Team) -> None:
    task = tasks.add_task(team.db, team.admin, "Prepare the offer", "Omar Haddad")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        team.db.execute("UPDATE tasks SET status = 'done' WHERE id = ?", [task.id])
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        team.db.execute("UPDATE tasks SET status = 'lost' WHERE id = ?", [task.id])


def test_unknown_task_is_not_found(team: Team) -> None:
    for call in (
        lambda: tasks.complete_task(team.db, team.admin, 77),
        lambda: tasks.reassign_task(team.db, team.admin, 77, "Omar Haddad"),
        lambda: tasks.task_history(team.db, 77),
    ):
        with pytest.raises(NotFound, match="no task 77"):
            call()


# --- reassigning, with history -----------------------------------------------------------


def test_every_ownership_change_is_in_history(team: Team) -> None:
    task = tasks.add_task(team.db, team.maya, "Prepare the offer", "Omar Haddad", now=T0)
    tasks.reassign_task(team.db, team.maya, task.id, "Sara Ito", reason="Omar is on leave", now=T1)
    tasks.reassign_task(
        team.db, team.admin, task.id, "Tom Berg", reason="Marketing owns it", now=T1
    )
    tasks.reassign_task(team.db, team.tom, task.id, "Maya Chen", now=T1)  # handed back
    history = [h.to_json() for h in tasks.task_history(team.db, task.id)]
    assert [(h["actor"], h["from"], h["to"], h["reason"]) for h in history] == [
        ("Maya Chen", None, "Omar Haddad", "assigned"),
        ("Maya Chen", "Omar Haddad", "Sara Ito", "Omar is on leave"),
        ("Ada Admin", "Sara Ito", "Tom Berg", "Marketing owns it"),
        ("Tom Berg", "Tom Berg", "Maya Chen", ""),
    ]
    assert history[1]["at"] == "2026-11-03T09:00:00+00:00"
    assert tasks.get_task(team.db, task.id).owner == "Maya Chen"


def test_reassign_to_the_current_owner_is_invalid(team: Team) -> None:
    task = tasks.add_task(team.db, team.admin, "Prepare the offer", "Omar Haddad")
    before = dump(team.db)
    with pytest.raises(Invalid, match="already owned by Omar Haddad"):
        tasks.reassign_task(team.db, team.admin, task.id, "omar haddad")
    assert dump(team.db) == before


def test_a_done_task_keeps_its_owner(team: Team) -> None:
    task = tasks.add_task(team.db, team.admin, "Prepare the offer", "Omar Haddad")
    tasks.complete_task(team.db, team.omar, task.id)
    before = dump(team.db)
    with pytest.raises(Invalid, match="done"):
        tasks.reassign_task(team.db, team.admin, task.id, "Sara Ito")
    assert dump(team.db) == before


def test_reassign_reason_is_cleaned(team: Team) -> None:
    task = tasks.add_task(team.db, team.admin, "Prepare the offer", "Omar Haddad")
    tasks.reassign_task(
        team.db, team.admin, task.id, "Sara Ito", reason="line one\nline\ttwo\x1b]0;x\x07"
    )
    assert tasks.task_history(team.db, task.id)[-1].reason == "line one\nline\ttwo]0;x"


# --- stale edits --------------------------------------------------------------------------


def test_stale_completion_is_a_conflict_naming_who_changed_it(team: Team) -> None:
    task = tasks.add_task(team.db, team.maya, "Prepare the offer", "Omar Haddad")
    tasks.reassign_task(team.db, team.maya, task.id, "Sara Ito", now=T1)
    before = dump(team.db)
    with pytest.raises(
        Conflict, match=r"changed by Maya Chen at 2026-11-03T09:00:00\+00:00"
    ) as caught:
        tasks.complete_task(team.db, team.admin, task.id, expected_version=task.version)
    assert caught.value.exit_code == 1
    assert dump(team.db) == before


def test_stale_reassignment_is_a_conflict(team: Team) -> None:
    task = tasks.add_task(team.db, team.maya, "Prepare the offer", "Omar Haddad")
    tasks.complete_task(team.db, team.omar, task.id)
    with pytest.raises(Conflict, match="changed by Omar Haddad"):
        tasks.reassign_task(team.db, team.admin, task.id, "Sara Ito", expected_version=task.version)


def test_current_version_is_accepted(team: Team) -> None:
    task = tasks.add_task(team.db, team.maya, "Prepare the offer", "Omar Haddad")
    moved = tasks.reassign_task(
        team.db, team.maya, task.id, "Sara Ito", expected_version=task.version
    )
    done = tasks.complete_task(team.db, team.sara, task.id, expected_version=moved.version)
    assert done.status == "done"


# --- listing ------------------------------------------------------------------------------


def test_list_order_filters_and_paging(team: Team) -> None:
    db = team.db
    late = tasks.add_task(
        db, team.admin, "Renew the contract", "Omar Haddad", due=date(2026, 11, 1)
    )
    none = tasks.add_task(db, team.admin, "Write the newsletter", "Tom Berg")
    soon = tasks.add_task(db, team.admin, "Book the booth", "Nina Roy", due=date(2026, 11, 20))
    done = tasks.add_task(db, team.admin, "Clean the CRM", "Sara Ito", due=date(2026, 10, 1))
    tasks.complete_task(db, team.admin, done.id)
    today = date(2026, 11, 10)
    assert [t.id for t in tasks.list_tasks(db)] == [late.id, soon.id, none.id]
    assert [t.id for t in tasks.list_tasks(db, status="all")] == [
        done.id,
        late.id,
        soon.id,
        none.id,
    ]
    assert [t.id for t in tasks.list_tasks(db, overdue=True, today=today)] == [late.id]
    assert [t.id for t in tasks.list_tasks(db, owner_id=team.tom.id)] == [none.id]
    marketing = team.tom.department_id
    assert [t.id for t in tasks.list_tasks(db, department_id=marketing)] == [soon.id, none.id]
    assert [t.id for t in tasks.list_tasks(db, text="booth")] == [soon.id]
    assert [t.id for t in tasks.list_tasks(db, limit=1, offset=1)] == [soon.id]
    assert tasks.count_tasks(db) == 3
    assert tasks.count_tasks(db, status="all") == 4
    assert tasks.count_tasks(db, overdue=True, today=today) == 1
    with pytest.raises(Invalid, match="open, done or all"):
        tasks.list_tasks(db, status="closed")
    # The Tasks screen pages through ids read with the same filters, in the same order.
    for filters in (
        {},
        {"status": "all"},
        {"overdue": True, "today": today},
        {"owner_id": team.tom.id},
        {"department_id": marketing},
        {"text": "booth"},
        {"status": "done"},
    ):
        ids = list(task_ids(db, **filters))  # type: ignore[arg-type]
        assert ids == [t.id for t in tasks.list_tasks(db, **filters)], filters  # type: ignore[arg-type]
        assert [t.id for t in tasks_by_ids(db, ids[::-1])] == ids[::-1]
        # The top of the list (read apart, dated and undated per status): the same ids.
        for limit in (1, 2, 3, 10):
            top = list(task_ids(db, limit=limit, **filters))  # type: ignore[arg-type]
            assert top == ids[:limit], (filters, limit)
    with pytest.raises(Invalid, match="open, done or all"):
        task_ids(db, status="closed")
    with pytest.raises(Invalid, match="open, done or all"):
        task_ids(db, status="closed", limit=5)
