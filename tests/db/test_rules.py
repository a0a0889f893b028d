"""One home per rule: "today", "overdue", per-person load, time spent, carry-over.

Each rule is defined once (db/dates.py, db/tasks.py, db/load.py, db/models.py, the
m005 views); these tests pin that definition and that every reader agrees with it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

import pytest

from db import check, dashboard, load, tasks
from db.dates import local_today
from tests.conftest import Team

DUE = date(2026, 11, 27)


@pytest.fixture
def tokyo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


# --- today: the local day -----------------------------------------------------------------


def test_today_is_the_local_day_of_the_moment(tokyo: None) -> None:
    evening_utc = datetime(2026, 11, 27, 20, 0, tzinfo=timezone.utc)  # 05:00 on the 28th in Tokyo
    assert local_today(evening_utc) == date(2026, 11, 28)
    assert local_today(datetime(2026, 11, 27, 23, 59)) == date(2026, 11, 27)  # naive: local


def test_today_without_a_moment_is_the_clock_s_local_day() -> None:
    before = datetime.now().date()
    found = local_today()
    assert found in (before, datetime.now().date())


# --- overdue: open, due before today --------------------------------------------------------


def _overdue_everywhere(team: Team, today: date) -> dict[str, object]:
    """What every reader of the rule says on ``today``."""
    by_dept = {d.department: d.overdue for d in dashboard.overdue_by_department(team.db, today)}
    loads = {x.name: x.overdue for x in load.load_per_person(team.db, today)}
    busiest = {x.name: x.overdue for x in load.busiest(team.db, today)}
    mine = dashboard.my_open_tasks(team.db, team.omar.id, today)
    return {
        "list": [t.id for t in tasks.list_tasks(team.db, overdue=True, today=today)],
        "count": tasks.count_tasks(team.db, overdue=True, today=today),
        "ids": list(tasks.task_ids(team.db, overdue=True, today=today)),
        "check": [t.id for t in check.overlooked(team.db, today=today).overdue_tasks],
        "sales": by_dept["Sales"],
        "omar_load": loads["Omar Haddad"],
        "omar_busiest": busiest["Omar Haddad"],
        "first_of_mine": mine[0].id,
        "python": [t.id for t in mine if tasks.is_overdue(t, today)],
    }


def test_overdue_starts_the_day_after_the_due_date(team: Team) -> None:
    late = tasks.add_task(team.db, team.admin, "Send the offer", "Omar Haddad", due=DUE)
    tasks.add_task(team.db, team.admin, "Plan the fair", "Omar Haddad", due=DUE + timedelta(2))
    tasks.add_task(team.db, team.admin, "Someday", "Omar Haddad")  # no due date: never overdue
    done = tasks.add_task(team.db, team.admin, "Old call", "Omar Haddad", due=DUE - timedelta(9))
    tasks.complete_task(team.db, team.admin, done.id)  # done: never overdue

    on_the_day = _overdue_everywhere(team, DUE)
    assert on_the_day["list"] == on_the_day["ids"] == on_the_day["check"] == []
    assert on_the_day["python"] == []
    assert (on_the_day["count"], on_the_day["sales"]) == (0, 0)
    assert (on_the_day["omar_load"], on_the_day["omar_busiest"]) == (0, 0)

    next_day = _overdue_everywhere(team, DUE + timedelta(1))
    assert next_day["list"] == next_day["ids"] == next_day["check"] == [late.id]
    assert next_day["python"] == [late.id]
    assert next_day["first_of_mine"] == late.id  # overdue first on Home
    assert (next_day["count"], next_day["sales"]) == (1, 1)
    assert (next_day["omar_load"], next_day["omar_busiest"]) == (1, 1)


def test_is_overdue_by_status_and_date(team: Team) -> None:
    task = tasks.add_task(team.db, team.admin, "Send the offer", "Omar Haddad", due=DUE)
    assert not tasks.is_overdue(task, DUE)
    assert tasks.is_overdue(task, DUE + timedelta(1))
    finished = tasks.complete_task(team.db, team.admin, task.id)
    assert not tasks.is_overdue(finished, DUE + timedelta(1))
    undated = tasks.add_task(team.db, team.admin, "Someday", "Omar Haddad")
    assert not tasks.is_overdue(undated, DUE + timedelta(1000))


# --- per-person load: one dataclass, one query ----------------------------------------------


def test_home_workload_and_the_load_table_are_the_same_counts(team: Team) -> None:
    for title in ("Call A", "Call B", "Call C"):
        tasks.add_task(team.db, team.admin, title, "Sara Ito", due=DUE)
    tasks.add_task(team.db, team.admin, "Write copy", "Tom Berg")
    today = DUE + timedelta(1)
    board = dashboard.dashboard(
        team.db, team.sara.id, datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
    )
    everyone = {x.person_id: x for x in load.load_per_person(team.db, today)}
    assert [(x.name, x.open_tasks, x.overdue) for x in board.workload] == [
        ("Sara Ito", 3, 3),
        ("Tom Berg", 1, 0),
    ]
    assert all(x == everyone[x.person_id] for x in board.workload)  # the same Load
    assert [x.name for x in load.busiest(team.db, today, limit=1)] == ["Sara Ito"]


# --- time spent on an agenda item: AgendaItem.spent ----------------------------------------

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)


def _at(seconds: int) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_time_spent_for_running_ended_and_resumed_items(team: Team) -> None:
    from db.meetings import add_item, agenda, create_meeting, end_item, get_item, start_item

    meeting = create_meeting(team.db, team.admin, "Weekly", at=T0, now=T0)
    item = add_item(team.db, team.admin, meeting.id, "Pipeline", now=T0)
    other = add_item(team.db, team.admin, meeting.id, "Budget", now=T0)
    assert get_item(team.db, item.id).spent(_at(500)) == 0  # pending: nothing spent

    start_item(team.db, team.admin, item.id, now=_at(0))
    running = get_item(team.db, item.id)
    assert running.spent(_at(90)) == 90  # running: counts up to the moment asked
    assert running.spent(_at(-5)) == 0  # a clock behind the start never counts backwards

    end_item(team.db, team.admin, item.id, now=_at(100))
    ended = get_item(team.db, item.id)
    assert ended.spent_seconds == 100  # ending stores what spent() said
    assert ended.spent(_at(9999)) == 100  # ended: the clock no longer moves

    start_item(team.db, team.admin, item.id, now=_at(200))  # resumed
    assert get_item(team.db, item.id).spent(_at(230)) == 130
    start_item(team.db, team.admin, other.id, now=_at(260))  # ends the resumed one
    assert {i.id: i.spent_seconds for i in agenda(team.db, meeting.id)} == {
        item.id: 160,
        other.id: 0,
    }


# --- carry-over: the view agenda_item_outcomes (m005) ---------------------------------------


def test_items_without_an_outcome_carry_over_and_show_in_the_minutes(team: Team) -> None:
    from db.decisions import record_decision
    from db.meetings import add_item, close_meeting, create_meeting, end_item, start_item
    from db.minutes import get_minutes

    first = create_meeting(team.db, team.admin, "Weekly", at=T0, now=T0)
    titles = ["Decided", "Marked done", "Ended bare", "Never reached"]
    items = {t: add_item(team.db, team.admin, first.id, t, now=T0) for t in titles}
    start_item(team.db, team.admin, items["Decided"].id, now=_at(0))
    record_decision(team.db, team.admin, "Go", meeting_id=first.id, item_position=1, now=_at(5))
    start_item(team.db, team.admin, items["Marked done"].id, now=_at(10))
    end_item(team.db, team.admin, items["Marked done"].id, done=True, now=_at(20))
    start_item(team.db, team.admin, items["Ended bare"].id, now=_at(30))
    close_meeting(team.db, team.admin, first.id, now=_at(40))

    outcome = {e.item.title: e.outcome for e in get_minutes(team.db, first.id, now=_at(50)).agenda}
    assert outcome == {"Decided": True, "Marked done": True, "Ended bare": False,
                       "Never reached": False}  # fmt: skip
    waiting = [c.title for c in get_minutes(team.db, first.id, now=_at(50)).carried_over]
    assert waiting == ["Ended bare", "Never reached"]  # no next meeting yet: to be carried
    assert [i.title for i in check.overlooked(team.db).items_without_outcome] == waiting

    second = create_meeting(team.db, team.admin, "Weekly", after=first.id, at=_at(99), now=_at(60))
    carried = [i.title for i in second.agenda if i.carried_from_id is not None]
    assert carried == waiting  # the same items, in their order
    assert [c.to_meeting_id for c in get_minutes(team.db, first.id).carried_over] == [
        second.id,
        second.id,
    ]
    assert check.overlooked(team.db).items_without_outcome == []  # taken up


# --- one line, control characters out: db.text.one_line -------------------------------------


@pytest.mark.parametrize(
    ("text", "limit", "shown"),
    [
        (None, None, ""),
        ("  Call\tthe\n\nclient  ", None, "Call the client"),  # whitespace runs to one space
        ("\x1b[31mred\x1b[0m\x07", None, "[31mred[0m"),  # terminal controls out
        ("\u202eevil", None, "evil"),  # bidi override out, even with no control beside it
        ("win\r\ndows", None, "win dows"),
        ("Enterprise renewal", 10, "Enterpris…"),  # cut at the limit, ellipsis included
        ("Short", 5, "Short"),
        (42, None, "42"),
    ],
)
def test_one_line(text: object, limit: int | None, shown: str) -> None:
    from db.text import one_line

    assert one_line(text, limit) == shown


# --- who may: db/permissions.py -------------------------------------------------------------


def test_every_refusal_of_permission_is_raised_in_permissions_py() -> None:
    from pathlib import Path

    import db

    root = Path(db.__file__).parent
    raisers = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "PermissionDenied(" in p.read_text(encoding="utf-8")
    )
    assert raisers == ["errors.py", "permissions.py"]  # the class, and every rule that raises it


def test_area_rules_come_from_permissions(team: Team) -> None:
    from db import PermissionDenied, permissions
    from db.people import get_department
    from db.responsibilities import assignable_departments

    sales = get_department(team.db, "Sales").id
    assert [d.name for d in assignable_departments(team.db, team.maya)] == ["Sales"]
    assert {d.name for d in assignable_departments(team.db, team.admin)} >= {"Sales", "Marketing"}
    assert assignable_departments(team.db, team.omar) == []
    permissions.require_may_reassign_area(team.db, team.maya, sales)
    with pytest.raises(PermissionDenied, match="head of Sales"):
        permissions.require_may_reassign_area(team.db, team.lena, sales)
    permissions.require_may_assign_areas(team.db, team.lena)
    with pytest.raises(PermissionDenied, match="Omar Haddad is neither"):
        permissions.require_may_assign_areas(team.db, team.omar)


def test_task_force_decisions_outside_a_meeting_take_its_lead(team: Team) -> None:
    from db import PermissionDenied
    from db.decisions import record_decision
    from db.taskforces import create_task_force

    tf = create_task_force(
        team.db, team.admin, "Churn", problem="Too many leave", lead="Omar Haddad",
        members=["Tom Berg"],
    )  # fmt: skip
    with pytest.raises(PermissionDenied, match="lead of task force Churn"):
        record_decision(team.db, team.tom, "Call them", task_force=tf.id)
    assert record_decision(team.db, team.omar, "Call them", task_force=tf.id).task_force == "Churn"


def test_a_form_offers_a_moment_in_the_form_it_reads_back() -> None:
    from db.dates import as_typed, parse_datetime

    moment = datetime(2026, 11, 27, 10, 0)
    assert as_typed(moment) == "2026-11-27 10:00"
    assert parse_datetime(as_typed(moment)) == moment.astimezone()
