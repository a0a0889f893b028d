"""Small display helpers shared by the screens: durations, bars (dates: ``tui.dates``).

They return plain strings of our own making (no user text), so callers may
style them freely.
"""

from __future__ import annotations


def clock(seconds: int) -> str:
    """Seconds as m:ss, or h:mm:ss from an hour on."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def bar(value: int, largest: int, width: int) -> str:
    """A bar of block characters, ``width`` long for the largest value."""
    if largest <= 0 or value <= 0:
        return ""
    cells = max(1, round(width * value / largest))
    return "█" * cells
