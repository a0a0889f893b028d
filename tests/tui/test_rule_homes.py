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


# --- dates: tui.dates, one formatter --------------------------------------------------------


def test_a_day_for_people_shows_the_year_only_when_it_is_not_this_one() -> None:
    from datetime import date

    from tui.dates import day

    today = date(2026, 11, 24)
    assert day("2026-11-27", today=today) == "Fri 27 Nov"
    assert day("2026-11-04", today=today) == "Wed 4 Nov"  # no leading zero
    assert day("2027-01-08", today=today) == "Fri 8 Jan 2027"
    assert day(date(2025, 12, 31), today=today) == "Wed 31 Dec 2025"
    assert day(None) == day("") == ""


def test_a_moment_for_people_in_local_time_or_as_stored() -> None:
    from datetime import date, datetime

    from tui.dates import moment

    today = date(2026, 11, 24)
    stored = "2026-11-27T10:00:00+01:00"
    assert moment(stored, as_stored=True, today=today) == "Fri 27 Nov 10:00"
    local = datetime.fromisoformat(stored).astimezone()
    assert moment(stored, today=today) == f"{local:%a} {local.day} {local:%b} {local:%H:%M}"
    assert moment(None) == moment("") == ""


def test_the_app_and_the_cli_show_a_time_the_same_way() -> None:
    from tui.cli import render
    from tui.dates import day, moment

    assert render.day is day and render.moment is moment


def test_a_document_date_is_iso_with_its_offset() -> None:
    from datetime import timedelta, timezone

    from tui.dates import document_clock, document_day, document_time
    from tui.export import common

    at = "2026-11-27T09:00:00+00:00"
    assert document_time(at) == "2026-11-27 09:00 (UTC+00:00)"
    assert document_time(at, timezone(timedelta(hours=-3, minutes=-30))) == (
        "2026-11-27 05:30 (UTC-03:30)"
    )
    assert document_time("2026-11-27T09:00:00") == "2026-11-27 09:00"  # no offset stored
    assert document_time(None) == document_day(None) == "—"
    assert document_day("2026-11-27T23:59:00+00:00") == "2026-11-27"
    assert document_clock(at, timezone(timedelta(hours=1))) == "2026-11-27 10:00"
    assert document_clock(None) == "—"
    # The minutes name the offset once, in their header, and give times without it.
    assert common.when is document_clock and common.day is document_day
