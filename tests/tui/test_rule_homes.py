"""The app, the CLI and the exports show user text and dates through one formatter each
(db.text.one_line, tui.dates)."""

from __future__ import annotations


def test_every_interface_shows_a_line_the_same_way() -> None:
    from db.text import one_line
    from tui.cli import render
    from tui.export import common
    from tui.text import one_line as app_line

    hostile = "  a\u202e\tb\x1b\n c " * 3
    assert app_line(hostile, 8) == render.line(hostile, 8) == one_line(hostile, 8)
    assert common.one_line(hostile) == one_line(hostile)
    assert common.safe(hostile) == "  a\tb\n c " * 3  # many lines kept, controls out
