"""The demo's ideas, backlog and field days (issue 14), and the bulk demo's ideas."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from db.backlog import list_backlog
from db.check import damage
from db.fielddays import field_days_per_person, list_field_days
from db.ideas import credits, list_ideas
from db.minutes import get_minutes
from db.tamper import tamper_problems
from tests.db.test_demo import NOW, _build


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = _build(tmp_path_factory.mktemp("story-ideas") / "demo.db")
    yield db
    db.close()


def test_twelve_ideas_from_both_departments_in_every_status(story: Database) -> None:
    ideas = list_ideas(story)
    assert len(ideas) == 12
    assert {i.author_department for i in ideas} == {"Sales", "Marketing"}
    assert Counter(i.status for i in ideas) == {
        "new": 3,
        "accepted": 2,
        "declined": 2,
        "planned": 2,
        "done": 3,
    }
    assert all(i.reason for i in ideas if i.status == "declined")
    # Some were entered on someone else's behalf: the author keeps the credit.
    assert any(i.entered_by != i.author for i in ideas)


def test_three_implemented_and_credited(story: Database) -> None:
    done = {i.author for i in list_ideas(story, status="done")}
    assert done == {"Omar Haddad", "Hana Sato", "Diego Alvarez"}
    credited = {c.name: c.done for c in credits(story)}
    assert all(credited[name] == 1 for name in done)


def test_ideas_presented_in_the_weekly_meetings_are_credited_in_their_minutes(
    story: Database,
) -> None:
    presented = [i for i in list_ideas(story) if i.meeting_id is not None]
    assert len(presented) == 3
    for idea in presented:
        minutes = get_minutes(story, idea.meeting_id or 0)
        assert [p.idea.credit for p in minutes.ideas] == [f"{idea.author}, Sales"]


def test_a_backlog_with_a_parked_item_and_accepted_ideas(story: Database) -> None:
    waiting = list_backlog(story)
    parked = [e for e in waiting if e.parked_from is not None]
    assert [e.title for e in parked] == ["Trade show budget for next year"]
    assert len([e for e in waiting if e.idea_id is not None]) == 2
    minutes = get_minutes(story, parked[0].parked_from or 0)
    assert [p.title for p in minutes.parked] == ["Trade show budget for next year"]


def test_field_days_for_half_of_marketing(story: Database) -> None:
    days = list_field_days(story)
    assert {(d.department, d.with_department) for d in days} == {("Marketing", "Sales")}
    quarter = NOW.date() - timedelta(days=90)
    marketing = field_days_per_person(story, since=quarter, department="Marketing")
    with_days = [name for name, _dept, n in marketing if n]
    assert len(with_days) * 2 == len(marketing)


def test_the_story_checks_clean(story: Database) -> None:
    assert damage(story) == []
    assert tamper_problems(story) == []


def test_the_bulk_demo_has_one_idea_per_ten_tasks(tmp_path: Path) -> None:
    db = _build(tmp_path / "bulk.db", tasks=500)
    try:
        ideas = list_ideas(db)
        assert len(ideas) == 12 + 50
        assert {i.status for i in ideas} == {"new", "accepted", "declined", "planned", "done"}
        assert damage(db) == []
        assert tamper_problems(db) == []
    finally:
        db.close()
