"""Minutes say when the meeting really ran, flag overruns, name the time zone once, and keep
Markdown titles as typed (escaped only where Markdown would read them)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from markdown_it import MarkdownIt
from sqlite_utils import Database

from db.meetings import add_item, close_meeting, create_meeting, start_item
from db.minutes import Minutes, get_minutes, minutes_document
from tests.tui.test_export_helpers import EXPORTED, T0, at, berlin_time, weekly_minutes
from tui.export import render
from tui.export.to_markdown import cell, inline

HUMAN = ["markdown", "html", "text"]


@pytest.fixture
def minutes(db: Database, team: object) -> Iterator[Minutes]:
    with berlin_time():
        yield weekly_minutes(db, team)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("fmt", HUMAN)
def test_the_time_zone_is_said_once(minutes: Minutes, fmt: str) -> None:
    out = render(minutes, fmt)
    assert out.count("UTC+01:00") == 1
    assert "UTC+01:00 (every time in these minutes)" in flat(out)


@pytest.mark.parametrize("fmt", HUMAN)
def test_actual_start_end_and_length_against_the_plan(minutes: Minutes, fmt: str) -> None:
    out = flat(render(minutes, fmt))
    # Started with item 1 at 10:01, closed at 11:02 (Berlin), planned 60 minutes.
    assert "2026-11-27 10:01 to 11:02, 61 min: 1 min over the planned 60 min" in out
    assert "5 items took 61 min of 65 min planned: 4 min under" in out
    assert "2 items over the timebox" in out


@pytest.mark.parametrize("fmt", HUMAN)
def test_each_overrun_is_flagged_on_its_item(minutes: Minutes, fmt: str) -> None:
    out = flat(render(minutes, fmt))
    assert out.count("over the 20 min timebox") == 1  # item 3: 24 of 20 min
    assert "4 min over the 20 min timebox" in out
    assert "1 min over the 10 min timebox" in out  # item 4: 11 of 10 min
    assert out.count("timebox") == 3  # the two items and the header's count, nothing else


def test_json_has_the_timing(minutes: Minutes) -> None:
    doc = minutes_document(minutes)
    timing = doc["timing"]
    assert timing["time_zone"] == "UTC+01:00"
    assert timing["length_seconds"] == 61 * 60 and timing["planned_seconds"] == 3600
    assert timing["over_seconds"] == 60
    assert timing["items_overrun"] == 2
    overs = {i["position"]: i["over_seconds"] for i in doc["agenda"]}
    assert overs[3] == 240 and overs[4] == 60 and overs[1] == -300
    assert all(i["over_seconds"] is None for i in doc["agenda"] if i["status"] == "pending")


def test_a_running_meeting_says_how_long_so_far(db: Database, team: Any) -> None:
    with berlin_time():
        m = create_meeting(db, team.admin, "Live", at=T0, minutes=30, now=T0)
        item = add_item(db, team.admin, m.id, "Long item", minutes=5, now=T0)
        start_item(db, team.admin, item.id, now=at(0))
        out = flat(render(get_minutes(db, m.id, now=at(7)), "text"))
    assert "started 2026-11-27 10:00, still running (7 min so far, planned 30 min)" in out
    assert "2 min over the 5 min timebox" in out


def test_a_meeting_never_started_has_no_held_line(db: Database, team: Any) -> None:
    with berlin_time():
        m = create_meeting(db, team.admin, "Planned", at=T0, now=T0)
        out = render(get_minutes(db, m.id, now=EXPORTED), "markdown")
    assert "**Held:**" not in out and "**Agenda time:**" not in out
    assert "**Time zone:** UTC+01:00" in out


def test_a_meeting_closed_early_is_under_its_plan(db: Database, team: Any) -> None:
    with berlin_time():
        m = create_meeting(db, team.admin, "Short", at=T0, minutes=60, now=T0)
        item = add_item(db, team.admin, m.id, "Only item", minutes=20, now=T0)
        start_item(db, team.admin, item.id, now=at(0))
        close_meeting(db, team.admin, m.id, now=at(45))
        out = flat(render(get_minutes(db, m.id, now=EXPORTED), "text"))
    assert "10:00 to 10:45, 45 min: 15 min under the planned 60 min" in out
    assert "1 item took 45 min of 20 min planned: 25 min over; 1 item over the timebox" in out


def test_html_table_headers_do_not_wrap(minutes: Minutes) -> None:
    out = render(minutes, "html")
    rule = re.search(r"^th \{[^}]*\}", out, re.M)
    assert rule is not None and "white-space: nowrap" in rule.group(0)
    assert "<th>From</th>" in out and "<th>Supersedes</th>" in out


# --- Markdown: titles read as typed -----------------------------------------------------------

MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])

HOSTILE_TITLES = [
    "Q1 pipeline & launch",
    "R&D budget &amp; &#169; &copy; entities",
    "snake_case_name and _underscored_ and __double__",
    "C# review #",
    "Pricing ##",
    "Path C:\\Users\\x and a\\*b and trailing\\",
    "*bold* `code` [link](http://x) <b>tag</b> ~~strike~~ $x$",
    "a | b | c",
    "1. not a list",
    "- not a list",
    "> not a quote",
    "# not a heading",
    "=== not a rule",
    "Nested \\\\ backslashes \\_ \\&",
    "emoji 😀 שלום_עולם",
]


def _inline_text(markdown: str) -> tuple[str, list[str]]:
    """The text a renderer shows for one paragraph of ``markdown``, and its token kinds."""
    tokens = MD.parse(markdown)
    kinds = [t.type for t in tokens]
    children = [c for t in tokens if t.type == "inline" for c in (t.children or [])]
    kinds += [c.type for c in children]
    return "".join(c.content for c in children if c.type == "text"), kinds


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_markdown_heading_shows_the_title_exactly(title: str) -> None:
    shown, kinds = _inline_text(f"# Minutes: {inline(title)}")
    assert shown == f"Minutes: {title}"
    assert kinds.count("heading_open") == 1
    assert set(kinds) <= {"heading_open", "heading_close", "inline", "text"}, kinds


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_markdown_list_item_and_cell_show_the_title_exactly(title: str) -> None:
    shown, kinds = _inline_text(f"- #1: {inline(title)}")
    assert shown == f"#1: {title}"
    assert set(kinds) <= {
        "bullet_list_open",
        "bullet_list_close",
        "list_item_open",
        "list_item_close",
        "paragraph_open",
        "paragraph_close",
        "inline",
        "text",
    }, kinds
    table = f"| A | B |\n|---|---|\n| {cell(title)} | x |\n"
    tokens = MD.parse(table)
    cells = [t.children for t in tokens if t.type == "inline"]
    assert len(cells) == 4  # the columns hold: a pipe in the title stays in its cell
    assert "".join(c.content for c in cells[2] or [] if c.type == "text") == title


def test_markdown_titles_carry_no_needless_backslash() -> None:
    assert inline("Q1 pipeline & launch") == "Q1 pipeline & launch"
    assert inline("snake_case_name") == "snake_case_name"
    assert inline("C# review, issue #5") == "C# review, issue #5"
    assert inline("Path C:\\Users") == "Path C:\\Users"
    assert inline("a > b | c") == "a > b | c"
    assert inline("Q1 launch (draft): 50% done!") == "Q1 launch (draft): 50% done!"


def test_golden_markdown_title_is_clean(minutes: Minutes) -> None:
    out = render(minutes, "markdown")
    assert out.startswith("# Minutes: Weekly sync: Q1 pipeline & launch\n")
    assert "\\&" not in out


def test_timing_uses_the_meeting_offset_not_the_machine(db: Database, team: Any) -> None:
    with berlin_time():
        m = create_meeting(db, team.admin, "Berlin", at=T0, now=T0)
        item = add_item(db, team.admin, m.id, "Item", minutes=5, now=T0)
        start_item(db, team.admin, item.id, now=at(0))
        close_meeting(db, team.admin, m.id, now=at(5))
    out = render(get_minutes(db, m.id, now=T0 + timedelta(days=1)), "text")  # UTC machine
    assert "10:00 to 10:05" in out and out.count("UTC+01:00") == 1
