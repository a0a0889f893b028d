"""The minutes' "Shared goals" section in plain words, for the Markdown, HTML and text exports.

One line per goal reviewed in the meeting: its value against the target, progress, due
date, on track or behind, and what it gained since the last meeting, per department.
User text is cleaned of control characters, not yet escaped: each format escapes it.
"""

from __future__ import annotations

from db.minutes import Minutes
from tui.export import common as c

HEADING = "Shared goals reviewed"


def sections(minutes: Minutes) -> list[tuple[str, list[str]]]:
    if not minutes.goals:
        return []
    return [(HEADING, [c.one_line(p.line()) for p in minutes.goals])]
