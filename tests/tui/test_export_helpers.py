"""The realistic meeting behind the golden files, and the helper that regenerates them.

Regenerate after an intended change of the exports, then review the diff by eye:

    .venv/bin/python -m tests.tui.test_export_helpers
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlite_utils import Database

from db.decisions import record_decision
from db.meetings import (
    add_item,
    amend,
    close_meeting,
    create_meeting,
    end_item,
    mark_attendance,
    set_notes,
    start_item,
)
from db.minutes import Minutes, get_minutes
from db.tasks import add_task, complete_task

GOLDEN = Path(__file__).parent / "golden"
FILES = {
    "markdown": "minutes.md",
    "html": "minutes.html",
    "json": "minutes.json",
    "text": "minutes.txt",
}
T0 = datetime(2026, 11, 27, 9, 0, tzinfo=timezone.utc)  # 10:00 in Berlin
EXPORTED = T0 + timedelta(days=3, hours=5)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


@contextlib.contextmanager
def berlin_time() -> Iterator[None]:
    """Meeting times are stored in local time: pin the zone so the goldens are stable."""
    old = os.environ.get("TZ")
    os.environ["TZ"] = "Europe/Berlin"
    time.tzset()
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = old
        time.tzset()


def build_weekly(db: Database, team: object) -> int:
    """A closed sync meeting after a kick-off; returns its id.

    It has a review item, attendance in both departments, items that ran over
    and under their timebox, notes, decisions (one superseding the kick-off's),
    action items (one done), an item without outcome, one never reached, and
    an amendment after closing.
    """
    admin, maya, lena = team.admin, team.maya, team.lena  # type: ignore[attr-defined]
    omar, sara, tom, nina = team.omar, team.sara, team.tom, team.nina  # type: ignore[attr-defined]

    kickoff = create_meeting(
        db,
        admin,
        "Sales & Marketing kick-off",
        at=T0 - timedelta(days=7),
        facilitator="Maya Chen",
        now=T0 - timedelta(days=8),
    )
    lead_item = add_item(
        db,
        maya,
        kickoff.id,
        "Lead definition",
        presenter="Sara Ito",
        minutes=15,
        now=T0 - timedelta(days=8),
    )
    start_item(db, maya, lead_item.id, now=T0 - timedelta(days=7))
    old = record_decision(
        db,
        maya,
        "A lead is sales-ready at 50 points",
        meeting_id=kickoff.id,
        item_position=1,
        rationale="Matches last year's conversion data",
        now=T0 - timedelta(days=7, minutes=-10),
    )
    close_meeting(db, maya, kickoff.id, now=T0 - timedelta(days=7, minutes=-20))

    m = create_meeting(
        db,
        admin,
        "Weekly sync: Q1 pipeline & launch",
        at=T0,
        minutes=60,
        facilitator="Maya Chen",
        after=kickoff.id,
        now=T0 - timedelta(days=1),
    )
    pipeline = add_item(
        db,
        maya,
        m.id,
        "Q1 pipeline review",
        presenter="Omar Haddad",
        minutes=15,
        now=T0 - timedelta(days=1),
    )
    launch = add_item(
        db,
        maya,
        m.id,
        "Launch campaign for Product X",
        presenter="Tom Berg",
        minutes=20,
        now=T0 - timedelta(days=1),
    )
    scoring = add_item(
        db,
        maya,
        m.id,
        "Lead scoring: what counts as sales-ready",
        presenter="Sara Ito",
        minutes=10,
        now=T0 - timedelta(days=1),
    )
    sla = add_item(
        db,
        maya,
        m.id,
        "SLA between the teams",
        presenter="Lena Park",
        minutes=10,
        now=T0 - timedelta(days=1),
    )
    add_item(
        db,
        maya,
        m.id,
        "Ideas from the field",
        presenter="Nina Roy",
        minutes=5,
        now=T0 - timedelta(days=1),
    )
    mark_attendance(
        db, maya, m.id, ["Maya Chen", "Omar Haddad", "Sara Ito", "Lena Park", "Tom Berg"]
    )
    mark_attendance(db, maya, m.id, ["Nina Roy"], present=False)

    review = m.agenda[0]
    start_item(db, maya, review.id, now=at(1))
    end_item(db, maya, review.id, done=True, now=at(6))

    start_item(db, maya, pipeline.id, now=at(6))
    set_notes(
        db,
        maya,
        pipeline.id,
        "Pipeline is 1.2M, up 8% on Q4.\nTwo deals at risk:\n- Nordwind (budget freeze)\n- Acme (new CTO)",
        now=at(10),
    )
    add_task(
        db,
        maya,
        "Call Acme's new CTO",
        "Omar Haddad",
        due=date(2026, 12, 4),
        meeting_id=m.id,
        agenda_item_id=pipeline.id,
        now=at(18),
    )
    end_item(db, maya, pipeline.id, done=True, now=at(20))

    start_item(db, maya, launch.id, now=at(20))
    set_notes(
        db,
        maya,
        launch.id,
        "Launch moves to 15 January; webinar first, then the email sequence.",
        now=at(30),
    )
    launch_decision = record_decision(
        db,
        maya,
        "Launch Product X on 15 January with a webinar",
        meeting_id=m.id,
        item_position=3,
        rationale="The December inbox is crowded; January leads convert better.",
        now=at(38),
    )
    add_task(
        db,
        maya,
        "Draft the launch webinar outline",
        "Tom Berg",
        due=date(2026, 12, 11),
        meeting_id=m.id,
        agenda_item_id=launch.id,
        decision_id=launch_decision.id,
        now=at(40),
    )
    # Nina is absent, so her head gives it (a facilitator gives only to people present).
    web = add_task(
        db,
        lena,
        "Book the webinar platform",
        "Nina Roy",
        due=date(2026, 12, 2),
        meeting_id=m.id,
        agenda_item_id=launch.id,
        now=at(41),
    )
    complete_task(db, nina, web.id, now=at(50))
    end_item(db, maya, launch.id, now=at(44))

    start_item(db, maya, scoring.id, now=at(44))
    record_decision(
        db,
        maya,
        "A lead is sales-ready at 65 points and a demo request",
        meeting_id=m.id,
        item_position=4,
        rationale="50 points let through too many students;\nSales rejected 40% of them.",
        supersedes=old.id,
        now=at(52),
    )
    add_task(
        db,
        maya,
        "Update the scoring rules in the CRM",
        "Sara Ito",
        due=date(2026, 12, 1),
        meeting_id=m.id,
        agenda_item_id=scoring.id,
        now=at(53),
    )
    end_item(db, maya, scoring.id, now=at(55))

    start_item(db, maya, sla.id, now=at(55))
    set_notes(db, maya, sla.id, "Ran out of time; Lena will bring a draft.", now=at(58))
    record_decision(db, maya, "Hold a monthly joint pipeline review", meeting_id=m.id, now=at(59))
    close_meeting(db, maya, m.id, now=at(62))
    amend(
        db,
        maya,
        m.id,
        "The webinar date is 16 January, not 15 January (room booking).",
        now=at(60 * 24),
    )
    del lena, omar, sara, tom
    return m.id


# The real seal hashes the wall-clock time of the close's audit entry; golden files
# show this fixed one where it stands (tests/db/test_seal.py proves the real ones).
GOLDEN_SEAL = "5ea1" * 16


def weekly_minutes(db: Database, team: object) -> Minutes:
    meeting_id = build_weekly(db, team)
    minutes = get_minutes(db, meeting_id, now=EXPORTED)
    assert minutes.seal is not None and len(minutes.seal) == 64
    return dataclasses.replace(minutes, seal=GOLDEN_SEAL)


def regenerate() -> None:
    """Write the golden files from the current renderers."""
    from db.connection import open_db
    from db.people import init
    from tests.conftest import Team
    from tui.export import render

    with berlin_time(), tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "golden.db", create=True)
        init(db, "Ada Admin")
        minutes = weekly_minutes(db, Team(db))
        GOLDEN.mkdir(exist_ok=True)
        for fmt, name in FILES.items():
            (GOLDEN / name).write_text(render(minutes, fmt), encoding="utf-8")
            print(f"wrote {GOLDEN / name}", file=sys.stderr)
        db.close()


if __name__ == "__main__":
    regenerate()


def test_text_wrapping_matches_textwrap_wherever_it_takes_the_fast_path() -> None:
    import random
    import textwrap

    from tui.export.to_text import WIDTH, _fill

    rng = random.Random(20261123)
    vocab = ["a", "the", "pipeline", "Globex", "x" * 30, "😀", "שלום", "q" * 60, "w" * 71, "v" * 72]
    compared = 0
    for _ in range(5000):
        words = [rng.choice(vocab) for _ in range(rng.randint(1, 30))]
        start = rng.choice(["", "  ", "   - ", "    Decision 12: "])
        indent = rng.choice(["", "  ", "      "])
        fast = _fill(words, start, indent)
        if fast is None:  # a word too long for its line: textwrap itself does it
            continue
        compared += 1
        assert fast == textwrap.wrap(
            " ".join(words),
            width=WIDTH,
            initial_indent=start,
            subsequent_indent=indent,
            break_on_hyphens=False,
        )
    assert compared > 1000
