"""A whole joint sales-marketing meeting through the CLI, from ``init`` to ``meeting close``."""

from __future__ import annotations

from pathlib import Path

from tests.cli.support import Tandem


def test_joint_meeting_story(tandem: Tandem, db_path: Path) -> None:
    t = tandem
    t.ok("init", "--admin", "Ada Admin", "--company", "Acme")
    # people and heads, as the admin
    for name, dept, title in [
        ("Maya Chen", "Sales", "Head of Sales"),
        ("Lena Park", "Marketing", "Head of Marketing"),
    ]:
        t.ok("person", "add", name, "--dept", dept, "--title", title)
    t.ok("dept", "head", "Sales", "Maya Chen")
    t.ok("dept", "head", "Marketing", "Lena Park")
    # each head adds their own people
    t.ok("person", "add", "Omar Haddad", "--dept", "Sales", as_="Maya Chen")
    t.ok("person", "add", "Sara Ito", "--dept", "Sales", as_="Maya Chen")
    t.ok("person", "add", "Tom Berg", "--dept", "Marketing", as_="Lena Park")
    t.ok("person", "add", "Nina Roy", "--dept", "Marketing", as_="Lena Park")
    # areas, one owner each
    t.ok("role", "assign", "Enterprise leads", "--owner", "Omar Haddad", as_="Maya Chen")
    t.ok("role", "assign", "Webinars", "--owner", "Tom Berg", as_="Lena Park")

    # the admin schedules the joint meeting and makes Maya its facilitator
    mid = t.json(
        "meeting",
        "new",
        "Joint sales & marketing meeting",
        "--at",
        "2026-11-27 10:00",
        "--minutes",
        "60",
        "--facilitator",
        "Maya Chen",
    )["id"]
    m = str(mid)
    t.ok(
        "agenda",
        "add",
        m,
        "What counts as a sales-ready lead",
        "--presenter",
        "Tom Berg",
        "--minutes",
        "20",
        as_="Maya Chen",
    )
    t.ok(
        "agenda",
        "add",
        m,
        "Service-level agreement",
        "--presenter",
        "Omar Haddad",
        "--minutes",
        "20",
        as_="Maya Chen",
    )
    t.ok(
        "agenda",
        "add",
        m,
        "Ideas from the field",
        "--presenter",
        "Sara Ito",
        "--minutes",
        "10",
        as_="Maya Chen",
    )
    t.ok(
        "meeting",
        "attend",
        m,
        "Maya Chen",
        "Lena Park",
        "Omar Haddad",
        "Tom Berg",
        "Nina Roy",
        as_="Maya Chen",
    )
    t.ok("meeting", "attend", m, "Sara Ito", "--absent", as_="Maya Chen")
    t.ok("meeting", "start", m, as_="Maya Chen")

    lead_rule = t.json(
        "decide",
        m,
        "A lead is sales-ready after a demo request",
        "--item",
        "1",
        "--rationale",
        "Sales wasted calls on cold leads",
        as_="Maya Chen",
    )["id"]
    sla = t.json(
        "decide",
        m,
        "Sales calls every sales-ready lead within 24 hours",
        "--item",
        "2",
        as_="Maya Chen",
    )["id"]
    sla2 = t.json(
        "decide",
        m,
        "Sales calls every sales-ready lead within one business day",
        "--item",
        "2",
        "--supersedes",
        str(sla),
        "--rationale",
        "Weekends",
        as_="Maya Chen",
    )["id"]

    # action items: the facilitator gives work to both departments
    criteria = t.json(
        "task",
        "add",
        "Write the lead criteria",
        "--owner",
        "Tom Berg",
        "--due",
        "2026-12-04",
        "--meeting",
        m,
        "--item",
        "1",
        as_="Maya Chen",
    )["id"]
    report = t.json(
        "task",
        "add",
        "Report SLA breaches weekly",
        "--owner",
        "Omar Haddad",
        "--due",
        "2026-12-01",
        "--meeting",
        m,
        "--item",
        "2",
        as_="Maya Chen",
    )["id"]
    refused = t(
        "task", "add", "Write lead criteria", "--owner", "Nina Roy", "--meeting", m, as_="Maya Chen"
    )
    assert (
        refused.code == 1
        and f"task {criteria} 'Write the lead criteria' (owner Tom Berg)" in refused.err
    )
    # Lena moves the criteria to Nina within Marketing; Omar finishes his report
    t.ok(
        "task",
        "reassign",
        str(criteria),
        "--to",
        "Nina Roy",
        "--reason",
        "Tom is at the trade fair",
        as_="Lena Park",
    )
    t.ok("task", "done", str(report), as_="Omar Haddad")
    t.ok("meeting", "close", m, as_="Maya Chen")

    # --- the final state, through --json ---
    shown = t.json("meeting", "show", m)
    assert shown["status"] == "closed"
    assert shown["facilitator"] == "Maya Chen"
    assert shown["task_force"] is None
    assert [(a["name"], a["department"], a["present"]) for a in shown["attendees"]] == [
        ("Lena Park", "Marketing", True),
        ("Nina Roy", "Marketing", True),
        ("Tom Berg", "Marketing", True),
        ("Maya Chen", "Sales", True),
        ("Omar Haddad", "Sales", True),
        ("Sara Ito", "Sales", False),
    ]
    assert [(i["position"], i["title"], i["presenter"], i["minutes"]) for i in shown["agenda"]] == [
        (1, "What counts as a sales-ready lead", "Tom Berg", 20),
        (2, "Service-level agreement", "Omar Haddad", 20),
        (3, "Ideas from the field", "Sara Ito", 10),
    ]

    decisions = t.json("decision", "list", "--meeting", m)
    assert [(d["id"], d["agenda_item"], d["supersedes"], d["recorded_by"]) for d in decisions] == [
        (lead_rule, 1, None, "Maya Chen"),
        (sla, 2, None, "Maya Chen"),
        (sla2, 2, sla, "Maya Chen"),
    ]

    items = t.json("task", "list", "--status", "all")
    assert [
        (x["id"], x["title"], x["owner"], x["department"], x["status"], x["due"], x["meeting_id"])
        for x in items
    ] == [
        (report, "Report SLA breaches weekly", "Omar Haddad", "Sales", "done", "2026-12-01", mid),
        (criteria, "Write the lead criteria", "Nina Roy", "Marketing", "open", "2026-12-04", mid),
    ]
    assert [x["id"] for x in t.json("task", "list", "--owner", "Nina Roy")] == [criteria]
    history = t.json("task", "history", str(criteria))
    assert [(h["actor"], h["from"], h["to"], h["reason"]) for h in history] == [
        ("Maya Chen", None, "Tom Berg", "assigned"),
        ("Lena Park", "Tom Berg", "Nina Roy", "Tom is at the trade fair"),
    ]
    roles = t.json("role", "list")
    assert [(r["area"], r["owner"]) for r in roles] == [
        ("Webinars", "Tom Berg"),
        ("Enterprise leads", "Omar Haddad"),
    ]

    # the minutes are frozen: changes are refused; an amendment is recorded
    assert t("decide", m, "Late decision", as_="Maya Chen").code == 1
    t.ok("meeting", "amend", m, "Nina Roy joined at 10:15.", as_="Maya Chen")

    # rule 3: item 3 ended without an outcome, and `check` says so
    overlooked = t.json("check")
    assert overlooked["ok"] is True
    assert [(i["meeting_id"], i["position"]) for i in overlooked["items_without_outcome"]] == [
        (mid, 3)
    ]

    # the next meeting of the series reviews open action items first and carries item 3 over
    nxt = t.json(
        "meeting",
        "new",
        "Joint sales & marketing meeting",
        "--after",
        m,
        "--at",
        "2026-12-04 10:00",
        as_="Maya Chen",
    )
    assert [i["title"] for i in nxt["agenda"]] == [
        f"Review open action items from meeting {mid} (Joint sales & marketing meeting)",
        "Ideas from the field",
    ]
    assert t.json("check")["items_without_outcome"] == []
