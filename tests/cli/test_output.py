"""Human output: user text is never markup, colour only on a terminal, widths that fit."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len
from sqlite_utils import Database

from db.tasks import get_task
from tests.cli.support import Tandem
from tui.cli import render

HOSTILE = "[bold red]boom[/] [/] [@click=app.quit]quit[/] <script>alert(1)</script> :smile:"


def test_markup_in_user_text_is_shown_literally(tandem: Tandem, team: object) -> None:
    confirmation = tandem.ok("task", "add", HOSTILE, "--owner", "Omar Haddad", "--due", "+2d").out
    assert HOSTILE in confirmation
    listing = tandem.ok("task", "list").out
    assert HOSTILE in listing
    mid = str(tandem.json("meeting", "new", HOSTILE)["id"])
    tandem.ok("agenda", "add", mid, HOSTILE)
    tandem.ok("decide", mid, HOSTILE, "--rationale", HOSTILE)
    shown = tandem.ok("meeting", "show", mid).out
    assert shown.count(HOSTILE) >= 3
    assert HOSTILE in tandem.ok("decision", "list").out
    assert HOSTILE in tandem.ok("meeting", "list").out


def test_control_characters_never_reach_the_terminal(
    tandem: Tandem, team: object, db: Database
) -> None:
    tid = tandem.json("task", "add", "Evil \x1b[31mred\x1b[0m \x07bell", "--owner", "Omar Haddad")[
        "id"
    ]
    assert get_task(db, tid).title == "Evil [31mred[0m bell"
    out = tandem.ok("task", "list").out + tandem.ok("task", "history", str(tid)).out
    assert "\x1b" not in out and "\x07" not in out
    assert "Evil [31mred[0m bell" in out


def test_emoji_and_right_to_left_text(tandem: Tandem, team: object) -> None:
    tandem.ok("person", "add", "مريم الحداد", "--dept", "Sales")
    tandem.ok("task", "add", "اتصل بالعميل 🚀", "--owner", "مريم الحداد")
    out = tandem.ok("task", "list").out
    assert "اتصل بالعميل 🚀" in out and "مريم الحداد" in out


def test_very_long_text_is_cut_in_tables_but_whole_in_json(tandem: Tandem, team: object) -> None:
    mid = str(tandem.json("meeting", "new", "Sync")["id"])
    text = "word " * 2000  # 10,000 characters
    tandem.ok("decide", mid, text)
    out = tandem.ok("decision", "list").out
    assert "…" in out
    assert len(out) < 5000
    assert tandem.json("decision", "list")[0]["text"] == text.strip()
    # a 10,000-character title: added (or refused with a clear limit), never a crash
    ran = tandem("task", "add", "x" * 10_000, "--owner", "Omar Haddad")
    if ran.code == 0:
        assert len(tandem.ok("task", "list").out) < 5000
        assert tandem.json("task", "list")[0]["title"] == "x" * 10_000
    else:
        assert ran.code == 1 and "the limit is" in ran.error()


def test_multiline_text_gives_a_one_line_confirmation(tandem: Tandem, team: object) -> None:
    mid = str(tandem.json("meeting", "new", "Sync")["id"])
    out = tandem.ok("decide", mid, "First line\nsecond line\n\nthird").out
    assert out.count("\n") == 1
    assert "'First line second line third'" in out


def test_no_colour_when_not_a_terminal(tandem: Tandem, team: object) -> None:
    tandem.ok("task", "add", "Late", "--owner", "Omar Haddad", "--due", "2020-01-01")
    out = tandem.ok("task", "list").out
    assert "(overdue)" in out
    assert "\x1b[" not in out


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_on_a_terminal_unless_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdout", FakeTerminal())
    monkeypatch.setenv("TERM", "xterm-256color")
    assert render.console().color_system is not None
    monkeypatch.setenv("NO_COLOR", "1")
    console = render.console()
    assert console.no_color and console.color_system is None
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setattr("sys.stdout", io.StringIO())
    assert render.console().color_system is None


@pytest.mark.parametrize("columns", [60, 100])
def test_tables_fit_the_terminal_width(tandem: Tandem, team: object, columns: int) -> None:
    for word in ("alpha", "bravo", "charlie"):
        tandem.ok("task", "add", f"{word} " * 25, "--owner", "Omar Haddad", "--due", "+3d")
    ran = tandem("task", "list", env={"COLUMNS": str(columns)})
    assert ran.code == 0
    assert max(cell_len(row) for row in ran.out.splitlines()) <= columns
    ran = tandem("person", "list", env={"COLUMNS": str(columns)})
    assert max(cell_len(row) for row in ran.out.splitlines()) <= columns


def test_day_formatting() -> None:
    assert render.day("2026-11-27").startswith("Fri 27 Nov")
    assert render.day(None) == ""
    assert render.line("a\n b\t c", 4) == "a b…"
