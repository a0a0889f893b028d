"""Credit goes to the right login (issue 14): an idea's author is the person bound to the
login that entered it, a head decides as herself, and a member or an unbound login can't.

The hand-run story of the issue, as real OS logins: a salesperson adds an idea, the
Sales head accepts and plans it, it is implemented, and the author is credited.
"""

from __future__ import annotations

from pathlib import Path

from tests.logins.harness import HEAD, MEMBER, OTHER, Logins
from tests.logins.test_logins import MAYA, OMAR, Shared, _sales_team


def test_a_salespersons_idea_is_credited_to_their_login(logins: Logins, shared_dir: Path) -> None:
    db = Shared(logins, shared_dir / "team.db")
    _sales_team(db)
    db.ok("root", "person", "login", OMAR, MEMBER)
    meeting = str(db.json("root", "meeting", "new", "Joint weekly", "--facilitator", MAYA)["id"])

    idea = db.json(MEMBER, "idea", "add", "An ROI calculator for manufacturing prospects")
    assert (idea["author"], idea["entered_by"], idea["delegated_by"]) == (OMAR, OMAR, None)
    # The author can't decide on it, nor can a login bound to nobody add one.
    assert "a department head or the admin" in db.fails(3, MEMBER, "idea", "accept", "1")
    db.fails(3, OTHER, "idea", "add", "Someone else's idea")

    accepted = db.json(HEAD, "idea", "accept", str(idea["id"]))
    assert accepted["decided_by"] == MAYA
    planned = db.json(HEAD, "idea", "plan", str(idea["id"]), "--meeting", meeting)
    assert planned["agenda_item"] == 1
    agenda = db.json("root", "meeting", "show", meeting)["agenda"]
    assert agenda[0]["presenter"] == OMAR
    db.ok(HEAD, "meeting", "close", meeting)
    db.ok(HEAD, "idea", "done", str(idea["id"]))

    assert db.json(OTHER, "credits") == [
        {"name": OMAR, "department": "Sales", "submitted": 1, "accepted": 1, "done": 1}
    ]
    minutes = db.ok(OTHER, "minutes", meeting).out
    assert "idea from **Omar Haddad, Sales**" in minutes
    entries = db.json("root", "log")
    logins_of = {(e["action"], e["login"]) for e in entries if e["action"].startswith("idea.")}
    assert logins_of == {
        ("idea.add", MEMBER),
        ("idea.accept", HEAD),
        ("idea.plan", HEAD),
        ("idea.done", HEAD),
    }
