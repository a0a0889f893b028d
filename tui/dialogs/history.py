"""The lines of a history dialog (a task's or an area's owners): one a move, then its reason."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from textual.widgets import Static

from db.models import HistoryEntry
from tui.text import mixed


def history_rows(entries: Iterable[HistoryEntry], *, hide: str | None = None) -> Iterator[Static]:
    """``2026-11-27 10:00  Maya Chen: Omar Haddad → Sara Ito`` and ``why: ...`` under it
    (not when the reason is ``hide``, a reason that says nothing there)."""
    for entry in entries:
        yield Static(
            mixed(
                "$at  [b]$actor[/]: $move",
                at=entry.at[:16].replace("T", " "),
                actor=entry.actor,
                move=f"{entry.from_} → {entry.to}" if entry.from_ else f"gave it to {entry.to}",
            ),
            classes="entry",
        )
        if entry.reason and entry.reason != hide:
            yield Static(mixed("    why: $reason", reason=entry.reason), classes="reason")
