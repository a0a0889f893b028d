"""Home's compact "ideas and field days" lines (two lines, 80 columns safe).

- For a head or the admin (who decide on ideas): how many new ideas wait for a decision.
- For everyone: field days this quarter, how many people have one, and who has none.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from rich.text import Text
from textual.widget import Widget

if TYPE_CHECKING:
    from sqlite_utils import Database

    from db.fielddays import FieldDaysCover  # imported when read: Home's start skips it
    from db.models import Person

NAMED = 3  # people without a field day named; the rest are counted


class IdeasFieldPanel(Widget):
    """New ideas waiting (heads and the admin) and field days this quarter per person."""

    DEFAULT_CSS = """
    IdeasFieldPanel {
        height: auto;
        padding: 0 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.waiting: int | None = None  # None: not someone who decides on ideas
        self.cover: FieldDaysCover | None = None  # until read
        self.since: date | None = None

    def show(self, read: IdeasField) -> None:
        """Redraw with what ``read_ideas_field`` read (on any thread)."""
        self.waiting, self.since, self.cover = read
        self.refresh(layout=True)

    def render(self) -> Text:
        out = Text(no_wrap=True, overflow="ellipsis", end="")
        if self.waiting is not None:
            out.append("New ideas ", style="bold")
            if self.waiting:
                out.append(f"{self.waiting:,} to decide", style="bold yellow")
            else:
                out.append("none to decide", style="dim")
            out.append(" · i opens Ideas\n", style="dim")
        out.append("Field days ", style="bold")
        cover = self.cover
        if cover is None:  # not read yet
            out.append("this quarter: 0/0 people")
            return out
        out.append(f"this quarter: {cover.with_one}/{cover.people} people")
        none = cover.without[:NAMED]
        if none:
            rest = cover.without_count - len(none)
            named = ", ".join(none) + (f" +{rest}" if rest > 0 else "")
            out.append(" · none: ", style="dim")
            out.append(named, style="yellow")  # plain Text: names stay literal
        return out


# (new ideas waiting or None, the quarter's first day, who had a field day this quarter)
IdeasField = tuple[int | None, date, "FieldDaysCover"]


def read_ideas_field(db: Database, actor: Person | None, today: date) -> IdeasField:
    """What the panel shows for ``actor`` as of ``today`` (reads only: any thread)."""
    # Imported here: Home's first frame does not wait for them (the reader thread does).
    from db.fielddays import field_days_cover, quarter_start
    from db.ideas import count_status

    decides = actor is not None and (actor.is_head or actor.is_admin)
    waiting = count_status(db, "new") if decides else None
    since = quarter_start(today)
    # Counts and the first names only: a row per person would cost ~30 ms with 10,000.
    return waiting, since, field_days_cover(db, since=since, named=NAMED)
