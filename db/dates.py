"""Dates and times: the forms people type, ISO 8601 in storage and JSON."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone

from db.errors import Invalid

_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_RELATIVE = re.compile(r"^\+(\d{1,4})([dw])$")
DATE_FORMS = "YYYY-MM-DD, today, tomorrow, +3d, +2w or a weekday such as fri"
DATETIME_FORMS = (
    "YYYY-MM-DD HH:MM (local time, e.g. 2026-11-27 10:00), today 14:00, tomorrow 10:00 "
    "or a weekday and a time such as fri 10:00 (the next Friday, never today)"
)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_TYPED = "%Y-%m-%d %H:%M"  # the date-time form people type (DATETIME_FORMS)


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def local_today(now: datetime | None = None) -> date:
    """Today's date where the user is (the machine's local time zone): the one "today".

    Due dates, "overdue" and relative dates (``+3d``) count local days; ``now`` (any
    aware moment, or naive local time) stands in for the clock in tests and the app.
    """
    return (now or datetime.now()).astimezone().date()


def stamp(now: datetime | None = None) -> str:
    """A timestamp with offset, to the second, for storage."""
    moment = now or utcnow()
    if moment.tzinfo is None:
        moment = moment.astimezone()
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def parse_date(value: str, *, today: date | None = None) -> date:
    """Parse a date as people type it; ``Invalid`` names the accepted forms."""
    text = value.strip().lower()
    base = today or local_today()
    if text == "today":
        return base
    if text == "tomorrow":
        return base + timedelta(days=1)
    match = _RELATIVE.match(text)
    if match:
        n = int(match.group(1))
        return base + timedelta(days=n if match.group(2) == "d" else 7 * n)
    for i, name in enumerate(_WEEKDAYS):
        if len(text) >= 3 and name.startswith(text[:3]) and _full_weekday(i).startswith(text):
            ahead = (i - base.weekday()) % 7 or 7
            return base + timedelta(days=ahead)
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise Invalid(f"invalid date {value!r}: use {DATE_FORMS}") from None


def _full_weekday(i: int) -> str:
    return ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"][i]


def parse_datetime(value: str, *, today: date | None = None) -> datetime:
    """Parse a date-time as people type it, in local time, into an aware datetime.

    The forms (DATETIME_FORMS): ``YYYY-MM-DD HH:MM``, or any date form ``parse_date`` reads
    followed by ``HH:MM`` (``today 14:00``, ``tomorrow 10:00``, ``fri 10:00``: a weekday is the
    next such day, never today, as for dates; today is ``today``). ISO 8601 with a time
    (``2026-11-27T10:00:00+00:00``) is read too. A date without a time of day is refused rather
    than taken as midnight.
    """
    text = " ".join(value.split())
    moment = _typed_moment(text, today)
    if moment is None:
        try:
            parse_date(text, today=today)
        except Invalid:
            pass
        else:
            raise Invalid(f"{value.strip()!r} has no time of day: use {DATETIME_FORMS}")
        try:
            moment = datetime.fromisoformat(text) if ":" in text else None
        except ValueError:
            moment = None
        if moment is None:
            raise Invalid(f"invalid date-time {value!r}: use {DATETIME_FORMS}")
    try:
        if moment.tzinfo is None:
            moment = moment.astimezone()
        # Stored in UTC: a moment at the edge of the calendar must survive that conversion.
        moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        raise Invalid(f"date-time {value!r} is out of range: use {DATETIME_FORMS}") from None
    return moment


def _typed_moment(text: str, today: date | None) -> datetime | None:
    """``DAY HH:MM`` as a naive local datetime, or None when ``text`` is not of that form."""
    day_text, _, time_text = text.rpartition(" ")
    match = _TIME.match(time_text)
    if not day_text or not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise Invalid(f"invalid time of day {time_text!r}: use {DATETIME_FORMS}")
    try:
        day = parse_date(day_text, today=today)
    except Invalid:
        return None
    return datetime.combine(day, time(hour, minute))


def as_typed(moment: datetime) -> str:
    """``moment`` in the form people type (``2026-11-27 10:00``), which ``parse_datetime`` reads:
    what a form offers to be edited."""
    return moment.strftime(_TYPED)


def local_iso(moment: datetime) -> str:
    """An aware local time with offset, to the minute (meeting times)."""
    return moment.astimezone().isoformat(timespec="seconds")


def offset_label(moment: datetime) -> str:
    """``UTC+01:00``: the UTC offset of an aware moment (``UTC`` for a naive one)."""
    offset = moment.utcoffset()
    if offset is None:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{mins:02d}"
