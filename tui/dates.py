"""Dates and times for people to read: the one formatter the app, the CLI and the exports use.

Two forms, each made in one place:

- for a person at a screen or a shell (``day``, ``moment``): ``Fri 27 Nov`` and
  ``Fri 27 Nov 10:00``, with the year when it isn't this year's;
- for a document (``document_day``, ``document_time``): ``2026-11-27`` and
  ``2026-11-27 10:00 (UTC+01:00)``, unambiguous however long the minutes are kept,
  in the meeting's own UTC offset, so they export the same on any machine;
  ``document_clock`` is the same time without the offset, for a document that states
  its offset once (the minutes' header).

Plain strings of our own making from stored ISO values (no user text); nothing here
imports textual or rich, so the CLI's plain paths stay light.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from db.dates import local_today, offset_label

NONE = "—"  # a document's placeholder for a date that isn't there


def day(value: str | date | None, *, today: date | None = None) -> str:
    """``Fri 27 Nov`` (with the year when it isn't ``today``'s year); empty for none.

    ``today`` is the local day by default (``db.dates.local_today``); the app passes its clock's.
    """
    if value is None or value == "":
        return ""
    d = value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    text = f"{d:%a} {d.day} {d:%b}"
    return text if d.year == (today or local_today()).year else f"{text} {d.year}"


def moment(value: str | None, *, today: date | None = None, as_stored: bool = False) -> str:
    """A stored timestamp as ``Fri 27 Nov 10:00``: in local time, or with ``as_stored`` in
    the UTC offset it was stored with (a meeting's time as it was set). Empty for none."""
    if not value:
        return ""
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return value
    if when.tzinfo is not None and not as_stored:
        when = when.astimezone()
    return f"{day(when.date(), today=today)} {when:%H:%M}"


def document_day(value: str | None) -> str:
    """``2026-11-27``; ``—`` for none."""
    return value[:10] if value else NONE


def document_clock(value: str | None, zone: tzinfo | None = None) -> str:
    """``2026-11-27 10:00`` from a stored ISO timestamp (in ``zone`` when given, else in the
    offset it was stored with); ``—`` for none."""
    if not value:
        return NONE
    when = datetime.fromisoformat(value)
    if zone is not None and when.tzinfo is not None:
        when = when.astimezone(zone)
    return when.strftime("%Y-%m-%d %H:%M")


def document_time(value: str | None, zone: tzinfo | None = None) -> str:
    """``2026-11-27 10:00 (UTC+01:00)`` from a stored ISO timestamp (shown in ``zone`` when
    given); ``—`` for none."""
    if not value:
        return NONE
    when = datetime.fromisoformat(value)
    if zone is not None and when.tzinfo is not None:
        when = when.astimezone(zone)
    text = when.strftime("%Y-%m-%d %H:%M")
    if when.utcoffset() is None:
        return text
    return f"{text} ({offset_label(when)})"
