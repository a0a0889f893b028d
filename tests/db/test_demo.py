"""The demo company: sound by every rule, deterministic for a fixed ``now``, bulk at scale."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlite_utils import Database

from db.check import damage, overlooked
from db.connection import open_db
from db.decisions import list_decisions
from db.demo import build_demo, is_demo, target_state
from db.errors import DatabaseUnusable, Invalid
from db.meetings import amendments, get_meeting, list_meetings
from db.people import init, list_departments, list_people
from db.taskforces import list_task_forces
from db.tasks import count_tasks, find_duplicate, list_tasks

NOW = datetime(2026, 3, 10, 9, 30, tzinfo=timezone.utc)
STORY_TASKS = 31


def _build(path: Path, **kwargs: object) -> Database:
    db = open_db(path, create=True)
    build_demo(db, now=NOW, **kwargs)  # type: ignore[arg-type]
    return db


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = _build(tmp_path_factory.mktemp("story") / "demo.db")
    yield db
    db.close()


@pytest.fixture(scope="module")
def bulk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = _build(tmp_path_factory.mktemp("bulk") / "demo.db", tasks=2000)
    yield db
    db.close()


def _dump(db: Database) -> dict[str, list[tuple[object, ...]]]:
    names = [
        r[0]
        for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    ]
    return {
        name: db.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()
        for name in names
        # The audit log records when each write really happened (wall-clock time).
        if name not in ("_sqlite_migrations", "audit_log")
        and not name.startswith("sqlite_")
        # The FTS shadow tables follow from their content tables (checked by integrity-check).
        and "_fts" not in name
    }


def test_the_story_breaks_no_rule(story: Database) -> None:
    assert damage(story) == []
    assert is_demo(story)


def test_two_departments_with_heads_and_a_dozen_people(story: Database) -> None:
    depts = {d.name: d for d in list_departments(story)}
    assert set(depts) == {"Sales", "Marketing"}
    assert depts["Sales"].head == "Maya Chen"
    assert depts["Marketing"].head == "Lena Park"
    staff = [p for p in list_people(story) if p.department]
    assert len(staff) == 12
    assert all(p.title and p.email.endswith("@northwind.example") for p in staff)
    assert {p.department for p in staff} == {"Sales", "Marketing"}


def test_a_weekly_series_of_closed_meetings_and_one_upcoming(story: Database) -> None:
    weekly = [m for m in list_meetings(story) if m.task_force is None]
    assert [m.status for m in weekly] == ["closed"] * 5 + ["planned"]
    # A series: each meeting follows the previous one.
    assert [m.previous_id for m in weekly[1:]] == [m.id for m in weekly[:-1]]
    assert weekly[-1].at > NOW.isoformat()
    closed = get_meeting(story, weekly[0].id)
    assert any(a.present for a in closed.attendees) and any(not a.present for a in closed.attendees)
    assert all(i.notes for i in closed.agenda)
    upcoming = get_meeting(story, weekly[-1].id)
    titles = [i.title for i in upcoming.agenda]
    assert titles[0].startswith("Review open action items")
    assert "Webinar results: forecasting session" in titles  # carried over without outcome


def test_the_agenda_reflects_how_the_teams_align(story: Database) -> None:
    titles = " | ".join(
        i.title for m in list_meetings(story) for i in get_meeting(story, m.id).agenda
    ).casefold()
    for topic in (
        "sales-ready lead",
        "service-level agreement",
        "campaign calendar",
        "pipeline review",
        "ideas from the field",
    ):
        assert topic in titles, topic


def test_decisions_with_a_superseded_one_and_an_amendment(story: Database) -> None:
    decisions = list_decisions(story)
    assert len(decisions) >= 8
    superseded = [d for d in decisions if d.superseded_by is not None and not d.two_key]
    assert len(superseded) == 1
    newer = next(d for d in decisions if d.id == superseded[0].superseded_by)
    assert "7 days" in newer.text and "14 days" in superseded[0].text
    assert [d.text for d in list_decisions(story, search="sales-ready")]
    assert sum(len(amendments(story, m.id)) for m in list_meetings(story)) == 1


def test_a_cross_department_task_force_on_the_unhappy_key_account(story: Database) -> None:
    (tf,) = list_task_forces(story)
    assert "unhappy" in tf.problem and tf.lead == "Diego Alvarez"
    assert {m.department for m in tf.members} == {"Sales", "Marketing"}
    meetings = list_meetings(story, task_force_id=tf.id)
    assert [m.status for m in meetings] == ["closed", "planned"]
    assert list_decisions(story, meeting_id=meetings[0].id)
    outside = [d for d in list_decisions(story, task_force_id=tf.id) if d.meeting_id is None]
    assert len(outside) == 1


def test_areas_have_single_owners_in_each_department(story: Database) -> None:
    from db.areas import list_areas

    areas = list_areas(story)
    assert len(areas) == 10
    assert {a.department for a in areas} == {"Sales", "Marketing"}
    assert len({a.area for a in areas}) == len(areas)
    for a in areas:
        owner = next(p for p in list_people(story) if p.name == a.owner)
        assert owner.department == a.department


def test_tasks_done_overdue_and_due_this_week_in_both_departments(story: Database) -> None:
    today = NOW.astimezone().date()
    every = list_tasks(story, status="all")
    assert len(every) == STORY_TASKS
    done = [t for t in every if t.status == "done"]
    open_ = [t for t in every if t.status == "open"]
    assert done and all(t.done_at for t in done)
    overdue = [t for t in open_ if t.due and date.fromisoformat(t.due) < today]
    this_week = [
        t
        for t in open_
        if t.due and today <= date.fromisoformat(t.due) <= today + timedelta(days=7)
    ]
    assert len(overdue) >= 3 and len(this_week) >= 3
    for group in (done, overdue, this_week):
        assert {t.department for t in group} == {"Sales", "Marketing"}
    assert overlooked(story, today=today).overdue_tasks
    # Action items came out of meetings; no two open tasks are duplicates (rule 2).
    assert sum(1 for t in every if t.meeting_id) >= 15
    for t in open_:
        found = find_duplicate(story, t.title, exclude_id=t.id)
        assert found is None, (t.title, found)


def test_the_same_now_builds_the_same_database(tmp_path: Path) -> None:
    first = _build(tmp_path / "a.db", tasks=300)
    second = _build(tmp_path / "b.db", tasks=300)
    assert _dump(first) == _dump(second)


def test_a_different_now_moves_the_story(tmp_path: Path) -> None:
    first = _build(tmp_path / "a.db")
    other = open_db(tmp_path / "b.db", create=True)
    build_demo(other, now=NOW + timedelta(days=1))
    assert [m.at for m in list_meetings(first)] != [m.at for m in list_meetings(other)]


def test_bulk_adds_exactly_the_tasks_asked_for(bulk: Database) -> None:
    assert count_tasks(bulk, status="all") == STORY_TASKS + 2000
    assert bulk.execute("SELECT COUNT(*) FROM task_history").fetchone()[0] >= STORY_TASKS + 2000


def test_bulk_breaks_no_rule(bulk: Database) -> None:
    assert damage(bulk) == []
    assert (
        bulk.execute(
            "SELECT COUNT(*) FROM tasks WHERE (status = 'done') != (done_at IS NOT NULL)"
        ).fetchone()[0]
        == 0
    )
    # No two open tasks share a title key (rule 2 holds for generated tasks too).
    assert (
        bulk.execute(
            "SELECT COUNT(*) FROM (SELECT title_key FROM tasks WHERE status = 'open' GROUP BY title_key HAVING COUNT(*) > 1)"
        ).fetchone()[0]
        == 0
    )
    # Meetings were closed after their records went in; nothing is left half-open.
    assert bulk.execute("SELECT COUNT(*) FROM meetings WHERE status = 'running'").fetchone()[0] == 0


def test_bulk_spreads_over_people_meetings_dates_and_states(bulk: Database) -> None:
    rows = bulk.execute(
        """SELECT COUNT(DISTINCT owner_id), COUNT(DISTINCT meeting_id), COUNT(DISTINCT substr(created_at, 1, 7)),
                  SUM(status = 'done'), SUM(status = 'open'), COUNT(DISTINCT title)
           FROM tasks"""
    ).fetchone()
    owners, meetings, months, done, open_, titles = rows
    assert owners >= 30 and meetings >= 150 and months >= 3
    assert done > 500 and open_ > 100
    assert titles > 1800  # varied titles: a realistic load for the fuzzy duplicate check
    assert len(list_people(bulk)) == 13 + 20
    assert len(list_meetings(bulk)) == 8 + 200


def test_bulk_keeps_full_text_search_and_its_triggers_whole(bulk: Database) -> None:
    bulk.execute("INSERT INTO tasks_fts(tasks_fts) VALUES('integrity-check')")
    bulk.execute("INSERT INTO decisions_fts(decisions_fts) VALUES('integrity-check')")
    indexed = bulk.execute("SELECT COUNT(*) FROM tasks_fts").fetchone()[0]
    assert indexed == STORY_TASKS + 2000
    triggers = {r[0] for r in bulk.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {"tasks_ai", "decisions_ai", "tasks_frozen_insert"} <= triggers
    assert bulk.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert bulk.execute("PRAGMA foreign_key_check").fetchall() == []
    title = bulk.execute(
        "SELECT title FROM tasks WHERE status = 'open' AND id > ? LIMIT 1", [STORY_TASKS]
    ).fetchone()[0]
    assert list_tasks(bulk, text=title, status="all")
    assert find_duplicate(bulk, title) is not None


def test_progress_reports_every_batch_up_to_the_total(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    db = open_db(tmp_path / "p.db", create=True)
    build_demo(
        db,
        tasks=9000,
        now=NOW,
        progress=lambda done, total: seen.append((done, total)),
        people=0,
        meetings=0,
    )
    assert seen[-1] == (9000, 9000)
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)
    assert count_tasks(db, status="all") == STORY_TASKS + 9000


def test_build_refuses_a_database_with_data(db: Database) -> None:
    with pytest.raises(Invalid):
        build_demo(db, now=NOW)


def test_target_state_tells_demo_from_real(tmp_path: Path) -> None:
    assert target_state(tmp_path / "none.db") == "missing"
    (tmp_path / "empty.db").touch()
    assert target_state(tmp_path / "empty.db") == "empty"
    _build(tmp_path / "demo.db").close()
    assert target_state(tmp_path / "demo.db") == "demo"
    real = open_db(tmp_path / "real.db", create=True)
    init(real, "Ada Admin")
    real.close()
    assert target_state(tmp_path / "real.db") == "real"
    (tmp_path / "notes.txt").write_text("not a database")
    with pytest.raises(DatabaseUnusable):
        target_state(tmp_path / "notes.txt")


def test_the_heads_agreements(story: Database) -> None:
    """Rule 9: the weekly meeting is co-led by both heads; a lead definition at version 2
    (version 1 superseded); three SLAs with six months of results, misses among them; a
    proposal blocked by an objection; the upcoming meeting reviews them by itself."""
    from db.governance import open_proposals
    from db.lead import lead_history
    from db.sla import list_slas

    weekly = [m for m in list_meetings(story) if m.task_force is None]
    assert all(m.co_led_by == "the heads of Sales and Marketing" for m in weekly)
    assert [(v.version, v.status) for v in lead_history(story)] == [
        (1, "superseded"),
        (2, "in-force"),
    ]
    slas = list_slas(story)
    assert len(slas) == 3 and [s.at_most for s in slas].count(True) == 1
    assert {(s.from_, s.to) for s in slas} == {("Marketing", "Sales"), ("Sales", "Marketing")}
    assert all(len(s.results) == 6 for s in slas)
    assert all(any(not r.met for r in s.results) for s in slas)
    [blocked] = open_proposals(story)
    assert blocked.status == "blocked" and blocked.objections[0].name == "Maya Chen"
    titles = [i.title for i in get_meeting(story, weekly[-1].id).agenda]
    assert titles[1:3] == ["Pending approvals", "SLA review"]
    # The stand-in logins the heads signed with are unbound again.
    assert [p.login for p in list_people(story) if p.is_head] == [None, None]
