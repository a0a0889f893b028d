"""``tandem idea|credits|backlog|field`` and ``agenda park|add --from-backlog``: JSON and exit codes.

The JSON objects carry the contract's keys (CONTRACT.md, "JSON objects"); a refused
command exits 1 (wrong request), 2 (usage) or 3 (not allowed) and changes nothing.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlite_utils import Database

from db.dates import local_today
from tests.cli.support import Tandem, usage_error
from tests.conftest import Team
from tests.db.test_permissions import dump

IDEA_KEYS = {
    "id", "text", "author", "entered_by", "status", "reason", "meeting_id", "task_id", "created_at",
}  # fmt: skip
CREDIT_KEYS = {"name", "department", "submitted", "accepted", "done"}
BACKLOG_KEYS = {"id", "title", "presenter", "minutes", "parked_from", "idea_id"}
FIELD_KEYS = {"id", "person", "with", "department", "with_department", "date", "note"}


@pytest.fixture
def meeting_id(team: Team, tandem: Tandem) -> str:
    """Tom's meeting: 1 Lead handover (Omar), 2 Campaign calendar (Nina)."""
    mid = str(tandem.json("meeting", "new", "Joint weekly", as_="Tom Berg")["id"])
    tandem.ok("agenda", "add", mid, "Lead handover", "--presenter", "Omar Haddad", as_="Tom Berg")
    tandem.ok("agenda", "add", mid, "Campaign calendar", "--presenter", "Nina Roy", as_="Tom Berg")
    return mid


def refused(db: Database, tandem: Tandem, code: int, *args: str, as_: str | None = None) -> str:
    before = dump(db)
    line = tandem.fails(code, *args, as_=as_)
    assert dump(db) == before, args
    return line


def test_idea_add_and_list(team: Team, tandem: Tandem) -> None:
    own = tandem.json("idea", "add", "An ROI calculator", as_="Omar Haddad")
    assert set(own) >= IDEA_KEYS
    assert (own["author"], own["entered_by"], own["status"], own["reason"]) == (
        "Omar Haddad",
        "Omar Haddad",
        "new",
        None,
    )
    other = tandem.json("idea", "add", "A security FAQ", "--by", "Sara Ito", as_="Tom Berg")
    assert (other["author"], other["entered_by"]) == ("Sara Ito", "Tom Berg")
    listed = tandem.json("idea", "list")
    assert [i["id"] for i in listed] == [own["id"], other["id"]]
    assert all(set(i) >= IDEA_KEYS for i in listed)
    assert tandem.json("idea", "list", "--status", "accepted") == []
    out = tandem.ok("idea", "list").out
    assert "An ROI calculator" in out and "Sara Ito" in out
    assert "from Sara Ito (Sales)" in tandem.ok("idea", "add", "Third", "--by", "Sara Ito").out


def test_idea_add_refusals(team: Team, tandem: Tandem) -> None:
    refused(team.db, tandem, 1, "idea", "add", "   ")
    assert "Nobody" in refused(team.db, tandem, 1, "idea", "add", "X", "--by", "Nobody")
    usage_error(tandem("idea", "list", "--status", "maybe"))


def test_accept_and_decline(team: Team, tandem: Tandem) -> None:
    first = tandem.json("idea", "add", "One", as_="Omar Haddad")["id"]
    second = tandem.json("idea", "add", "Two", as_="Omar Haddad")["id"]
    # A member may not decide; the message says who may.
    line = refused(team.db, tandem, 3, "idea", "accept", str(first), as_="Omar Haddad")
    assert "a department head or the admin" in line
    accepted = tandem.json("idea", "accept", str(first), as_="Lena Park")
    assert (accepted["status"], accepted["decided_by"]) == ("accepted", "Lena Park")
    refused(team.db, tandem, 1, "idea", "accept", str(first), as_="Maya Chen")
    # Declining needs a reason: missing is a usage error, empty a wrong request.
    usage_error(tandem("idea", "decline", str(second), as_="Maya Chen"))
    refused(team.db, tandem, 1, "idea", "decline", str(second), "--reason", " ", as_="Maya Chen")
    declined = tandem.json("idea", "decline", str(second), "--reason", "Not now", as_="Maya Chen")
    assert (declined["status"], declined["reason"]) == ("declined", "Not now")
    assert tandem.json("idea", "list", "--status", "declined")[0]["reason"] == "Not now"
    assert "no idea 99" in refused(team.db, tandem, 1, "idea", "accept", "99")


def test_plan_done_and_credits(team: Team, tandem: Tandem, meeting_id: str) -> None:
    idea = str(tandem.json("idea", "add", "An ROI calculator", as_="Omar Haddad")["id"])
    refused(team.db, tandem, 1, "idea", "plan", idea, "--meeting", meeting_id)  # still new
    tandem.ok("idea", "accept", idea, as_="Maya Chen")
    refused(team.db, tandem, 3, "idea", "plan", idea, "--meeting", meeting_id, as_="Nina Roy")
    planned = tandem.json("idea", "plan", idea, "--meeting", meeting_id, as_="Tom Berg")
    assert (planned["status"], planned["meeting_id"], planned["agenda_item"]) == (
        "planned",
        int(meeting_id),
        3,
    )
    agenda = tandem.json("meeting", "show", meeting_id)["agenda"]
    assert (agenda[2]["title"], agenda[2]["presenter"]) == ("An ROI calculator", "Omar Haddad")
    task = str(tandem.json("task", "add", "Build it", "--owner", "Omar Haddad")["id"])
    refused(team.db, tandem, 3, "idea", "done", idea, as_="Omar Haddad")
    refused(team.db, tandem, 1, "idea", "done", idea, "--task", "999")
    done = tandem.json("idea", "done", idea, "--task", task, as_="Maya Chen")
    assert (done["status"], done["task_id"]) == ("done", int(task))
    credits = tandem.json("credits")
    assert credits == [
        {"name": "Omar Haddad", "department": "Sales", "submitted": 1, "accepted": 1, "done": 1}
    ]
    assert all(set(c) >= CREDIT_KEYS for c in credits)
    out = tandem.ok("credits").out
    assert "Omar Haddad" in out and "Implemented" in out


def test_plan_onto_a_closed_meeting_is_refused(team: Team, tandem: Tandem, meeting_id: str) -> None:
    idea = str(tandem.json("idea", "add", "Late idea", as_="Omar Haddad")["id"])
    tandem.ok("idea", "accept", idea, as_="Maya Chen")
    tandem.ok("meeting", "close", meeting_id, as_="Tom Berg")
    line = refused(team.db, tandem, 1, "idea", "plan", idea, "--meeting", meeting_id)
    assert f"meeting {meeting_id} is closed" in line
    assert "amend" not in line  # planning is not what an amendment is for


def test_credits_with_no_ideas(team: Team, tandem: Tandem) -> None:
    assert tandem.json("credits") == []
    assert "No ideas yet" in tandem.ok("credits").out


def test_park_and_take_from_the_backlog(team: Team, tandem: Tandem, meeting_id: str) -> None:
    entry = tandem.json("agenda", "park", meeting_id, "2", as_="Tom Berg")
    assert set(entry) >= BACKLOG_KEYS
    assert (entry["title"], entry["presenter"], entry["parked_from"], entry["idea_id"]) == (
        "Campaign calendar",
        "Nina Roy",
        int(meeting_id),
        None,
    )
    statuses = [i["status"] for i in tandem.json("meeting", "show", meeting_id)["agenda"]]
    assert statuses == ["pending", "parked"]
    refused(team.db, tandem, 1, "agenda", "park", meeting_id, "2", as_="Tom Berg")
    refused(team.db, tandem, 3, "agenda", "park", meeting_id, "1", as_="Omar Haddad")
    listed = tandem.json("backlog", "list")
    assert [e["id"] for e in listed] == [entry["id"]]
    assert "Campaign calendar" in tandem.ok("backlog", "list").out

    later = str(tandem.json("meeting", "new", "Campaign sync", as_="Nina Roy")["id"])
    usage_error(tandem("agenda", "add", later, "A title", "--from-backlog", str(entry["id"])))
    usage_error(tandem("agenda", "add", later))
    item = tandem.json("agenda", "add", later, "--from-backlog", str(entry["id"]), as_="Nina Roy")
    assert (item["title"], item["presenter"], item["meeting_id"]) == (
        "Campaign calendar",
        "Nina Roy",
        int(later),
    )
    assert tandem.json("backlog", "list") == []
    line = refused(
        team.db,
        tandem,
        1,
        "agenda",
        "add",
        later,
        "--from-backlog",
        str(entry["id"]),
        as_="Nina Roy",
    )
    assert "already taken" in line
    assert "The backlog is empty" in tandem.ok("backlog", "list").out


def test_an_accepted_idea_waits_in_the_backlog_until_planned(
    team: Team, tandem: Tandem, meeting_id: str
) -> None:
    idea = tandem.json("idea", "add", "A partner programme", as_="Omar Haddad")["id"]
    tandem.ok("idea", "accept", str(idea), as_="Maya Chen")
    [entry] = tandem.json("backlog", "list")
    assert (entry["idea_id"], entry["parked_from"], entry["presenter"]) == (
        idea,
        None,
        "Omar Haddad",
    )
    tandem.ok("agenda", "add", meeting_id, "--from-backlog", str(entry["id"]), as_="Tom Berg")
    [shown] = tandem.json("idea", "list", "--status", "planned")
    assert (shown["id"], shown["meeting_id"]) == (idea, int(meeting_id))


def test_parking_in_a_closed_meeting_is_refused(
    team: Team, tandem: Tandem, meeting_id: str
) -> None:
    tandem.ok("meeting", "close", meeting_id, as_="Tom Berg")
    line = refused(team.db, tandem, 1, "agenda", "park", meeting_id, "1", as_="Tom Berg")
    assert f"meeting {meeting_id} is closed" in line


def test_field_days(team: Team, tandem: Tandem) -> None:
    added = tandem.json(
        "field", "add", "Tom Berg", "--with", "Omar Haddad", "--date", "today", "--note", "Booth"
    )
    assert set(added) >= FIELD_KEYS
    assert (added["person"], added["with"], added["department"], added["with_department"]) == (
        "Tom Berg",
        "Omar Haddad",
        "Marketing",
        "Sales",
    )
    assert added["date"] == local_today().isoformat()
    old = (local_today() - timedelta(days=30)).isoformat()
    tandem.ok("field", "add", "Nina Roy", "--with", "Sara Ito", "--date", old)
    assert [d["person"] for d in tandem.json("field", "list")] == ["Nina Roy", "Tom Berg"]
    since = (local_today() - timedelta(days=7)).isoformat()
    assert [d["id"] for d in tandem.json("field", "list", "--since", since)] == [added["id"]]
    assert "Booth" in tandem.ok("field", "list").out


def test_field_day_refusals(team: Team, tandem: Tandem) -> None:
    line = refused(
        team.db, tandem, 1, "field", "add", "Tom Berg", "--with", "Nina Roy", "--date", "today"
    )
    assert "both in Marketing" in line
    line = refused(
        team.db,
        tandem,
        1,
        "field",
        "add",
        "Tom Berg",
        "--with",
        "Omar Haddad",
        "--date",
        "tomorrow",
    )
    assert "in the future" in line
    refused(
        team.db, tandem, 1, "field", "add", "Tom Berg", "--with", "Omar Haddad", "--date", "soon"
    )
    usage_error(tandem("field", "add", "Tom Berg", "--with", "Omar Haddad"))


def test_the_minutes_credit_the_author_in_every_format(
    team: Team, tandem: Tandem, meeting_id: str
) -> None:
    idea = str(tandem.json("idea", "add", "An ROI calculator", as_="Omar Haddad")["id"])
    tandem.ok("idea", "accept", idea, as_="Maya Chen")
    tandem.ok("idea", "plan", idea, "--meeting", meeting_id, as_="Tom Berg")
    tandem.ok("agenda", "park", meeting_id, "2", as_="Tom Berg")
    for fmt in ("markdown", "html", "text"):
        out = tandem.ok("minutes", meeting_id, "--format", fmt).out
        assert "Ideas presented" in out and "Parked" in out, fmt
        assert "idea from" in out and "Omar Haddad, Sales" in out, fmt
        assert "waits in the backlog" in out, fmt
    document = tandem.ok("minutes", meeting_id, "--format", "json").json()
    assert [(i["author"], i["agenda_item"]) for i in document["ideas"]] == [("Omar Haddad", 3)]
    assert [p["title"] for p in document["parked"]] == ["Campaign calendar"]


def test_typed_text_is_data_in_every_format(team: Team, tandem: Tandem, meeting_id: str) -> None:
    text = "<script>alert(1)</script> **bold** [link](x) \x1b[31mred"
    idea = str(tandem.json("idea", "add", text, as_="Omar Haddad")["id"])
    tandem.ok("idea", "accept", idea, as_="Maya Chen")
    tandem.ok("idea", "plan", idea, "--meeting", meeting_id, as_="Tom Berg")
    html = tandem.ok("minutes", meeting_id, "--format", "html").out
    assert "<script>" not in html and "&lt;script&gt;" in html
    markdown = tandem.ok("minutes", meeting_id).out
    assert "**bold**" not in markdown and "\\[link" in markdown  # escaped, not markup
    for out in (html, markdown, tandem.ok("idea", "list").out, tandem.ok("credits").out):
        assert "\x1b" not in out
