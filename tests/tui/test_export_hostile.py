"""Hostile user text in every field of every format: it stays text, escaped, never structure.

The text goes in through the db functions (which already drop control
characters), then the minutes are "poisoned" with raw terminal escapes in every
user field, as an older or foreign database might hold them, so the renderers'
own defence is tested too.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from db.connection import open_db
from db.decisions import record_decision
from db.meetings import (
    add_item,
    amend,
    close_meeting,
    create_meeting,
    mark_attendance,
    set_notes,
    start_item,
)
from db.minutes import CarriedItem, DepartmentAttendance, Minutes, MinutesItem, get_minutes
from db.models import Amendment, Decision, Task
from db.people import add_department, add_person, appoint_head, get_person, init
from db.text import clean
from tests.tui.test_export_helpers import EXPORTED, T0, at
from tui.export import FORMATS, render

ANSI = "\x1b[31m"
OSC = "\x1b]8;;http://x\x07"
# One line of everything that must stay text (names allow 200 characters).
LINE = (
    "<script>alert(1)</script> [/] [@click=app.quit] a|b # not a heading "
    "[link](javascript:alert(1)) *em* `code` &amp; " + ANSI + "red" + OSC + "osc 😀 שלום"
)
FRAGMENTS = [
    "<script>alert(1)</script>",
    "[/]",
    "[@click=app.quit]",
    "a|b",
    "[link](javascript:alert(1))",
    "*em*",
    "`code`",
    "&amp;",
    "😀",
    "שלום",
]
BLOCK = (
    "# a line starting with a hash\n"
    "<script>alert(1)</script>\n"
    "[/] [@click=app.quit]\n"
    "| a | b |\n"
    "|---|---|\n"
    '[link](javascript:alert(1)) <a href="javascript:alert(1)">x</a>\n'
    + ANSI
    + "red"
    + OSC
    + "osc\x07\n"
    "- a list\n"
    "1. an ordered list\n"
    "===\n"
    "    indented code\n"
    "> quote\n"
    "```\n"
    "😀 שלום עולם\n"
)
LONG = "x" * 10_000
POISON = "\x1b[2J\x1b]8;;http://evil\x07\x9b31m\x00\x08"


def line(n: int, limit: int = 200) -> str:
    return (f"P{n} " + LINE)[:limit]


def title(n: int) -> str:
    """A title at the 10,000-character limit, hostile line first."""
    return (line(n) + " " + LONG)[:10_000]


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[Minutes]:
    """A closed meeting with hostile text in every field the minutes show."""
    db = open_db(tmp_path / "hostile.db", create=True)
    init(db, "Ada Admin", company=line(0))
    admin = get_person(db, "Ada Admin")
    dept = add_department(db, admin, line(1)).id
    head = add_person(db, admin, line(2), department=dept)
    appoint_head(db, admin, dept, head.id)
    member = add_person(db, admin, line(3), department="Sales")
    absent = add_person(db, admin, line(4), department=dept)
    m = create_meeting(db, admin, title(5), at=T0, facilitator=head.id, now=T0)
    first = add_item(db, admin, m.id, title(6), presenter=head.id, minutes=5, now=T0)
    add_item(db, admin, m.id, line(7), presenter=member.id, now=T0)
    mark_attendance(db, admin, m.id, [head.id, member.id])
    mark_attendance(db, admin, m.id, [absent.id], present=False)
    start_item(db, admin, first.id, now=at(1))
    set_notes(db, admin, first.id, BLOCK + LONG, now=at(2))
    decision = record_decision(
        db, admin, BLOCK + LONG, meeting_id=m.id, item_position=1, rationale=BLOCK + LONG, now=at(3)
    )
    from db.tasks import add_task

    add_task(
        db,
        admin,
        title(8),
        member.id,
        due=date(2026, 12, 1),
        meeting_id=m.id,
        agenda_item_id=first.id,
        decision_id=decision.id,
        now=at(4),
    )
    close_meeting(db, head, m.id, now=at(10))
    amend(db, head, m.id, BLOCK + LONG, now=at(60))
    minutes = get_minutes(db, m.id, now=EXPORTED)
    db.close()
    yield poison(minutes)


def _p(obj: Any, *fields: str) -> Any:
    """Raw terminal escapes around every named text field (None stays None)."""
    return replace(
        obj, **{f: POISON + getattr(obj, f) + POISON for f in fields if getattr(obj, f) is not None}
    )


def _decision(d: Decision) -> Decision:
    return _p(d, "text", "rationale", "recorded_by", "task_force")


def _task(t: Task) -> Task:
    return _p(t, "title", "owner", "department", "assigned_by")


def poison(minutes: Minutes) -> Minutes:
    names = lambda xs: tuple(POISON + x + POISON for x in xs)  # noqa: E731
    return replace(
        minutes,
        meeting=_p(minutes.meeting, "title", "facilitator", "task_force"),
        company=POISON + minutes.company + POISON,
        attendance=tuple(
            replace(_p(g, "department"), present=names(g.present), absent=names(g.absent))
            for g in minutes.attendance
        ),
        agenda=tuple(
            MinutesItem(
                item=_p(e.item, "title", "presenter", "department", "notes"),
                spent_seconds=e.spent_seconds,
                decisions=tuple(_decision(d) for d in e.decisions),
                action_items=tuple(_task(t) for t in e.action_items),
                outcome=e.outcome,
            )
            for e in minutes.agenda
        ),
        decisions=tuple(_decision(d) for d in minutes.decisions),
        superseded={k: _decision(d) for k, d in minutes.superseded.items()},
        action_items=tuple(_task(t) for t in minutes.action_items),
        carried_over=tuple(
            _p(c, "title", "presenter", "to_meeting_title") for c in minutes.carried_over
        ),
        amendments=tuple(_p(a, "text", "author") for a in minutes.amendments),
    )


def test_fixture_really_is_hostile(hostile: Minutes) -> None:
    """Guard: every field the tests claim to cover does carry the payloads."""
    assert isinstance(hostile.attendance[0], DepartmentAttendance)
    assert all(
        POISON in s for s in (hostile.meeting.title, hostile.company, hostile.meeting.facilitator)
    )
    assert (
        len(hostile.agenda) == 2
        and hostile.decisions
        and hostile.action_items
        and hostile.amendments
    )
    assert hostile.carried_over and isinstance(hostile.carried_over[0], CarriedItem)
    assert isinstance(hostile.amendments[0], Amendment)
    assert LONG in hostile.agenda[0].item.notes and "<script>" in hostile.agenda[0].item.presenter
    assert {g.department for g in hostile.attendance} >= {POISON + clean(line(1)) + POISON}


def _controls(text: str) -> list[str]:
    return [hex(ord(ch)) for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t"]


@pytest.mark.parametrize("fmt", ["markdown", "html", "text"])
def test_no_terminal_control_characters_get_through(hostile: Minutes, fmt: str) -> None:
    out = render(hostile, fmt)
    assert _controls(out) == []
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_renders_the_long_text(hostile: Minutes, fmt: str) -> None:
    out = "".join(render(hostile, fmt).split())
    assert LONG in out


# --- Markdown -------------------------------------------------------------------------------


def _md() -> MarkdownIt:
    # html=True on purpose: raw HTML that slipped through would show up as html tokens.
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _walk(tokens: list[Any]) -> Iterator[Any]:
    for tok in tokens:
        yield tok
        yield from _walk(tok.children or [])


def test_markdown_user_text_never_becomes_structure(hostile: Minutes) -> None:
    out = render(hostile, "markdown")
    tokens = list(_walk(_md().parse(out)))
    kinds = [t.type for t in tokens]
    assert "html_block" not in kinds
    assert {t.content for t in tokens if t.type == "html_inline"} <= {"<br>"}
    assert not {"link_open", "image", "code_inline", "code_block", "fence", "s_open", "hr"} & set(
        kinds
    )
    # Emphasis only around our own remarks, never from a user's *em*.
    emphasised = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "em_open"]
    ours = (
        "No ",
        "Nothing ",
        "Status as of ",
        "Recorded after the meeting",
        "Exported by Tandem ",
        "Seal (audit chain hash",
    )
    assert emphasised and all(e.startswith(ours) for e in emphasised), emphasised
    headings = [
        (t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"
    ]
    assert [h for h, _ in headings].count("h1") == 1
    assert [c for h, c in headings if h == "h2"] == [
        "Attendance",
        "Agenda",
        "Decisions",
        "Action items",
        "Carried over",
        "Amendments",
    ]
    assert len([h for h, _ in headings if h == "h3"]) == len(hostile.agenda) + len(
        hostile.amendments
    )
    # Only our own lists (facts, decisions and action items of an item, carried over):
    # a user's "- a list" line never becomes a list item.
    ours = re.compile(r"^(\*\*[A-Z][a-z ]+:?\*\*|#\d+: |Item \d+\. )")
    firsts = [tokens[i + 2].content for i, t in enumerate(tokens) if t.type == "list_item_open"]
    assert firsts and all(ours.match(f) for f in firsts), [
        f[:40] for f in firsts if not ours.match(f)
    ]
    assert "ordered_list_open" not in kinds


def _tables(tokens: list[Any]) -> list[list[list[str]]]:
    """Each table as rows of cell texts (the text inside each th/td)."""
    tables: list[list[list[str]]] = []
    cell: list[str] | None = None
    for tok in tokens:
        if tok.type == "table_open":
            tables.append([])
        elif tok.type == "tr_open":
            tables[-1].append([])
        elif tok.type in ("th_open", "td_open"):
            cell = []
        elif tok.type == "inline" and cell is not None:
            cell.append("".join(ch.content for ch in tok.children or [] if ch.type == "text"))
        elif tok.type in ("th_close", "td_close") and cell is not None:
            tables[-1][-1].append("".join(cell))
            cell = None
    return tables


def test_markdown_tables_keep_their_columns(hostile: Minutes) -> None:
    attendance, decisions, actions = _tables(_md().parse(render(hostile, "markdown")))
    assert attendance[0] == ["Department", "Present", "Absent"]
    for table in (attendance, decisions, actions):
        assert len({len(row) for row in table}) == 1
    # Pipes in user text stay inside their cell: nothing shifts into the next column.
    hostile_dept = next(row for row in attendance if "a|b" in row[0])
    assert "P1 " in hostile_dept[0] and "שלום" in hostile_dept[0]
    assert "P4 " in hostile_dept[2] and "a|b" in hostile_dept[2] and "שלום" in hostile_dept[2]
    assert decisions[1][0] == str(hostile.decisions[0].id)
    assert "# a line starting with a hash" in decisions[1][1] and "| a | b |" in decisions[1][1]
    assert decisions[1][3] == "item 1" and decisions[1][-1] == "—"
    assert "P8 <script>" in actions[1][1] and "a|b" in actions[1][1]
    assert "a|b" in actions[1][2] and actions[1][-1] == "1"


def test_markdown_shows_the_text_literally(hostile: Minutes) -> None:
    html = _md().render(render(hostile, "markdown"))
    assert "<script" not in html and "<a " not in html and 'href="' not in html
    for fragment in FRAGMENTS:
        escaped = fragment.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert escaped in html, fragment
    assert "# a line starting with a hash" in html  # as text, not a heading
    assert "| a | b |" in html


# --- HTML -----------------------------------------------------------------------------------

OUR_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "dl",
    "dt",
    "dd",
    "main",
    "section",
    "article",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "ul",
    "li",
    "strong",
    "span",
    "div",
    "footer",
}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_escapes_every_user_string(hostile: Minutes) -> None:
    out = render(hostile, "html")
    page = _Page()
    page.feed(out)
    assert set(page.tags) <= OUR_TAGS, set(page.tags) - OUR_TAGS
    assert page.tags.count("h1") == 1 and "script" not in page.tags and "a" not in page.tags
    assert not [name for name, _ in page.attrs if name.startswith("on") or name in ("href", "src")]
    text = "".join(page.text)
    for fragment in FRAGMENTS:
        assert fragment in text, fragment
    assert '<a href="javascript:alert(1)">x</a>' in text
    assert "# a line starting with a hash" in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


def test_html_page_is_standalone_and_script_free(hostile: Minutes) -> None:
    out = render(hostile, "html")
    assert out.startswith("<!DOCTYPE html>")
    assert "<style>" in out and "prefers-color-scheme: dark" in out and "@media print" in out
    assert "default-src 'none'" in out
    assert "http://" not in out.replace("http://x", "").replace("http://evil", "")  # nothing loaded


# --- Text and JSON --------------------------------------------------------------------------


def test_text_has_the_fragments_and_no_markup(hostile: Minutes) -> None:
    out = render(hostile, "text")
    flat = " ".join(out.split())
    for fragment in FRAGMENTS:
        assert fragment in flat, fragment
    assert "**" not in out and "<br>" not in out and "&lt;" not in out
    assert max(len(line) for line in out.splitlines()) <= 72


def test_json_carries_the_exact_stored_text(hostile: Minutes) -> None:
    out = render(hostile, "json")
    assert "\x1b" not in out and "\x07" not in out  # JSON escapes them: \u001b
    doc = json.loads(out)
    assert doc["meeting"]["title"] == hostile.meeting.title
    assert doc["meeting"]["company"] == hostile.company
    assert doc["agenda"][0]["notes"] == hostile.agenda[0].item.notes
    assert doc["decisions"][0]["text"] == hostile.decisions[0].text
    assert doc["decisions"][0]["rationale"] == hostile.decisions[0].rationale
    assert doc["action_items"][0]["title"] == hostile.action_items[0].title
    assert doc["amendments"][0]["text"] == hostile.amendments[0].text
    assert doc["attendance"][0]["present"] == list(hostile.attendance[0].present)
    assert "😀" in out  # ensure_ascii=False: emoji stay readable


def test_input_was_cleaned_by_db_before_poisoning(tmp_path: Path) -> None:
    """The stored text (what JSON carries) never held the control characters typed."""
    db = open_db(tmp_path / "t.db", create=True)
    admin, _ = init(db, "Ada Admin")
    m = create_meeting(db, admin, "T " + ANSI + "x" + OSC, at=T0, now=T0)
    minutes = get_minutes(db, m.id, now=T0 + timedelta(hours=1))
    assert _controls(minutes.meeting.title) == []
    assert json.loads(render(minutes, "json"))["meeting"]["title"] == "T [31mx]8;;http://x"
    db.close()
