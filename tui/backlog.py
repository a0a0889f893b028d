"""The agenda backlog in the app: park the live meeting's item (a key in Live), and pull
a waiting entry onto the agenda being built (a key in the Agenda builder, then enter).

Kept apart from the screens so each screen only binds a key to one of these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from db.backlog import BacklogEntry, add_from_backlog, list_backlog, park_item
from db.models import AgendaItem
from tui.text import mixed, one_line

if TYPE_CHECKING:
    from tui.screens.agenda import AgendaScreen
    from tui.screens.live import LiveScreen

SHOWN = 200  # entries offered in the picker (oldest first)


def entry_label(entry: BacklogEntry) -> Content:
    """One line per entry: what it is, who presents it, where it came from."""
    source = (
        f"idea {entry.idea_id}"
        if entry.idea_id is not None
        else f"parked in meeting {entry.parked_from}, item {entry.parked_item}"
    )
    return mixed(
        "$id  $title  [dim]$who · $min min · $source[/]",
        id=entry.id,
        title=one_line(entry.title, 50),
        who=one_line(entry.presenter or "no presenter", 30),
        min=entry.minutes,
        source=source,
    )


def park_current(screen: LiveScreen) -> None:
    """Park the live meeting's shown item, after a yes (a reflexive key parks nothing)."""
    from tui.dialogs.confirm import ConfirmDialog

    item, meeting = screen.current(), screen.meeting
    if meeting is None or item is None:
        screen.notify(Content("No item to park"), severity="warning")  # type: ignore[arg-type]
        return
    app = screen.tandem

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        screen.save_notes()
        with screen.refusals():
            writer = app.writer
            screen.write(
                lambda db: park_item(db, writer, meeting.id, item.position, now=app.now()),
                lambda entry: screen.notify(
                    mixed(
                        "Item $pos parked: backlog entry $id (the Agenda builder's b takes it back)",
                        pos=item.position,
                        id=entry.id,
                    )  # type: ignore[arg-type]
                ),
                after=screen.reload,
            )
            return
        screen.reload()

    with screen.refusals():
        app.writer  # noqa: B018 (a login bound to nobody parks nothing: say so now)
        screen.app.push_screen(
            ConfirmDialog(
                mixed(
                    "Park item $pos, $title? It waits in the backlog for a later meeting.",
                    pos=item.position,
                    title=one_line(item.title, 60),
                )
            ),
            answered,
        )


def pull_from_backlog(screen: AgendaScreen) -> None:
    """Offer the waiting backlog entries; the one chosen is appended to the agenda."""
    from tui.dialogs.ideas import PickDialog

    meeting = screen.meeting
    if meeting is None:
        screen.notify(Content("Create a meeting first (n)"), severity="warning")  # type: ignore[arg-type]
        return
    app = screen.tandem

    def chosen(entry_id: int | None) -> None:
        if entry_id is None:
            return

        def added(item: AgendaItem) -> None:
            screen.notify(mixed("Item $pos added from the backlog", pos=item.position))  # type: ignore[arg-type]
            # The agenda comes back from the reader thread with the new item in it: the
            # cursor goes there then.
            screen.reload(select_item=item.id)

        with screen.refusals():
            writer = app.writer
            screen.write(
                lambda db: add_from_backlog(db, writer, meeting.id, entry_id, now=app.now()),
                added,
            )

    def offer(entries: list[BacklogEntry]) -> None:
        screen.app.push_screen(
            PickDialog(
                mixed("Add to the agenda of meeting $id from the backlog", id=meeting.id),
                [(e.id, entry_label(e)) for e in entries],
                empty=Content("The backlog is empty: nothing parked, no accepted idea waiting."),
            ),
            chosen,
        )

    # The waiting entries are read on the reader thread; the picker opens with them.
    screen.read(lambda db: list_backlog(db)[:SHOWN], offer, key="form")
