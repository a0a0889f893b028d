"""User text at input (control characters out, all else kept) and the date forms people type."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from db import Invalid
from db.dates import local_iso, parse_date, parse_datetime, stamp
from db.text import clean, name_key, optional, required, title_key

# --- clean(): Unicode Cc out, except newline and tab ----------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("plain", "plain"),
        ("line one\nline two", "line one\nline two"),  # newline kept
        ("col\tcol", "col\tcol"),  # tab kept
        ("windows\r\nline", "windows\nline"),  # CRLF becomes a newline
        ("lone\rreturn", "lonereturn"),
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),  # ESC out: no terminal escape survives
        ("bell\x07", "bell"),
        ("nul\x00byte", "nulbyte"),
        ("del\x7f", "del"),
        ("c1\x9bcsi\x85nel", "c1csinel"),  # C1 controls
        ("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\", "]8;;http://x\\link]8;;\\"),
        ("[b]bold[/] [@click=app.quit]q[/]", "[b]bold[/] [@click=app.quit]q[/]"),  # markup is data
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("emoji 🎉👩🏽‍💻", "emoji 🎉👩🏽‍💻"),  # ZWJ (Cf) kept
        ("שלום עולם", "שלום עולם"),  # right-to-left
        ("\u202eRTL override\u202c", "RTL override"),  # bidi overrides out (rule 8)
        ("\u2067isolate\u2069", "isolate"),  # and isolates
        ("\u200fmark\u200e", "\u200fmark\u200e"),  # RLM/LRM marks are kept
        ("zero\u200bwidth", "zero\u200bwidth"),
    ],
)
def test_clean(typed: str, stored: str) -> None:
    assert clean(typed) == stored


def test_clean_removes_every_cc_but_newline_and_tab() -> None:
    import unicodedata

    controls = "".join(chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cc")
    assert clean("a" + controls + "b") == "a\t\nb"


def test_required_and_optional() -> None:
    assert required("  two\n lines \n", "x") == "two\n lines"
    assert required("  two\n lines \n", "x", single_line=True) == "two lines"
    with pytest.raises(Invalid, match="title can't be empty"):
        required(" \x1b \n", "the title")
    with pytest.raises(Invalid, match="limit is 5"):
        required("abcdef", "x", limit=5)
    assert optional(None, "x") == ""
    assert optional(" \x07 ", "x") == ""
    with pytest.raises(Invalid, match="limit"):
        optional("abcdef", "x", limit=5)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Send the deck", "send THE deck"),
        ("Send the deck!", "send, the... deck"),
        ("deck the send", "Send the deck"),
        ("Café menu", "café MENU"),
    ],
)
def test_title_key_ignores_case_punctuation_and_order(a: str, b: str) -> None:
    assert title_key(a) == title_key(b)


def test_title_key_keeps_words_apart() -> None:
    assert title_key("Send the deck") != title_key("Send the desk")
    assert name_key("  Ada   ADMIN ") == "ada admin"


# --- dates ---------------------------------------------------------------------------------

MONDAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-11-27", date(2026, 11, 27)),
        (" 2026-11-27 ", date(2026, 11, 27)),
        ("today", MONDAY),
        ("TODAY", MONDAY),
        ("tomorrow", MONDAY + timedelta(days=1)),
        ("+3d", MONDAY + timedelta(days=3)),
        ("+2w", MONDAY + timedelta(days=14)),
        ("+0d", MONDAY),
        ("fri", date(2026, 11, 27)),
        ("friday", date(2026, 11, 27)),
        ("Fri", date(2026, 11, 27)),
        ("mon", date(2026, 11, 30)),  # the next Monday, never today
        ("tue", date(2026, 11, 24)),
        ("sun", date(2026, 11, 29)),
    ],
)
def test_parse_date(typed: str, expected: date) -> None:
    assert parse_date(typed, today=MONDAY) == expected


@pytest.mark.parametrize(
    "typed", ["", "soon", "2026-13-01", "2026-02-30", "+3m", "+d", "27/11/2026", "frx"]
)
def test_parse_date_refuses_other_forms_and_names_the_accepted_ones(typed: str) -> None:
    with pytest.raises(Invalid, match=r"YYYY-MM-DD, today, tomorrow, \+3d"):
        parse_date(typed, today=MONDAY)


def test_parse_datetime_is_local_and_aware() -> None:
    moment = parse_datetime("2026-11-27 10:00")
    assert moment.tzinfo is not None
    assert moment.replace(tzinfo=None) == datetime(2026, 11, 27, 10, 0)
    assert parse_datetime("2026-11-27T10:00:00+00:00") == datetime(
        2026, 11, 27, 10, 0, tzinfo=timezone.utc
    )
    with pytest.raises(Invalid, match="YYYY-MM-DD HH:MM"):
        parse_datetime("tomorrow at ten")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-11-27 10:00", datetime(2026, 11, 27, 10, 0)),
        ("today 14:00", datetime(2026, 11, 23, 14, 0)),
        ("  Today   9:05 ", datetime(2026, 11, 23, 9, 5)),
        ("tomorrow 10:00", datetime(2026, 11, 24, 10, 0)),
        ("fri 10:00", datetime(2026, 11, 27, 10, 0)),
        ("friday 16:30", datetime(2026, 11, 27, 16, 30)),
        ("mon 08:00", datetime(2026, 11, 30, 8, 0)),  # the next Monday, never today
        ("+3d 10:00", datetime(2026, 11, 26, 10, 0)),
    ],
)
def test_parse_datetime_takes_the_date_forms_with_a_time(typed: str, expected: datetime) -> None:
    moment = parse_datetime(typed, today=MONDAY)
    assert moment.tzinfo is not None
    assert moment.replace(tzinfo=None) == expected


@pytest.mark.parametrize("typed", ["2026-12-01", "today", "tomorrow", "fri", "+3d", "20261201"])
def test_parse_datetime_refuses_a_date_without_a_time(typed: str) -> None:
    with pytest.raises(Invalid, match="has no time of day") as refused:
        parse_datetime(typed, today=MONDAY)
    for form in ("YYYY-MM-DD HH:MM", "today 14:00", "tomorrow 10:00", "fri 10:00"):
        assert form in str(refused.value)


@pytest.mark.parametrize("typed", ["today 24:00", "fri 10:60", "tomorrow 10", "someday 10:00"])
def test_parse_datetime_refuses_bad_times_and_days(typed: str) -> None:
    with pytest.raises(Invalid, match="today 14:00"):
        parse_datetime(typed, today=MONDAY)


def test_stamp_is_utc_iso_with_offset_to_the_second() -> None:
    assert stamp(datetime(2026, 11, 2, 10, 30, 15, 999, tzinfo=timezone(timedelta(hours=1)))) == (
        "2026-11-02T09:30:15+00:00"
    )
    assert datetime.fromisoformat(stamp()).tzinfo is not None


def test_local_iso_keeps_the_moment() -> None:
    moment = datetime(2026, 11, 2, 9, 0, tzinfo=timezone.utc)
    assert datetime.fromisoformat(local_iso(moment)) == moment
