"""TaskTable: a virtual table of tasks that reads only the rows around the viewport.

The table holds the ordered task ids of the current filter (an ``array``,
under 1 MB for 100,000 tasks) and a window of rows around the viewport (a
screenful above and below, read a page at a time); a small cache keeps recent
pages. So opening, scrolling and jumping to the end cost the same with 100
tasks or 100,000, and no widget ever holds every row.

Painting never reads the database: ``render_line`` draws what the window
holds (a placeholder for a row still on its way), and the rows ahead of a
scroll are read off the event loop (``load``, the app's reader thread) and
painted when they arrive; when the row under the cursor arrives (a jump:
end, a click far down), ``CursorMoved`` says so again for the details beside
the table. A cursor move repaints only the two lines it touches,
and each drawn line is kept until its task, width, style or focus changes.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from db.lazyclass import dataclass
from db.models import Task
from db.tasks import is_overdue
from tui.reads import READ_GROUP
from tui.text import safe_line

if TYPE_CHECKING:
    from textual import events

PAGE = 50  # rows read per database query
CACHED_PAGES = 24  # pages kept in memory (at most 1,200 tasks)
CACHED_LINES = 400  # drawn lines kept for repaints (a scroll redraws every line)

# (heading, width); a width of 0 takes the space that is left.
COLUMNS: tuple[tuple[str, int], ...] = (
    ("#", 7),
    ("Title", 0),
    ("Owner", 16),
    ("Department", 11),
    ("Status", 7),
    ("Due", 11),
    ("Meeting", 8),
)

# How far each fixed column may shrink in a narrow terminal.
NARROWEST = {"#": 4, "Owner": 10, "Department": 6, "Status": 6, "Due": 10, "Meeting": 4}


class TaskTable(ScrollView, can_focus=True):
    """A scrolling table of tasks backed by a page-at-a-time fetch."""

    COMPONENT_CLASSES = {
        "task-table--header",
        "task-table--cursor",
        "task-table--overdue",
        "task-table--done",
    }
    DEFAULT_CSS = """
    TaskTable { height: 1fr; background: $surface; }
    TaskTable > .task-table--header { text-style: bold; background: $panel; }
    TaskTable > .task-table--cursor { background: $block-cursor-blurred-background; }
    TaskTable:focus > .task-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground; text-style: bold;
    }
    TaskTable > .task-table--overdue { color: $error; }
    TaskTable > .task-table--done { color: $text-muted; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]

    cursor_row: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class CursorMoved(Message):
        """The cursor moved to another task (or the table became empty)."""

        table: TaskTable
        task_id: int | None

        @property
        def control(self) -> TaskTable:
            return self.table

    @dataclass
    class Selected(Message):
        """Enter (or a double click) on a task."""

        table: TaskTable
        task_id: int

        @property
        def control(self) -> TaskTable:
            return self.table

    def __init__(
        self,
        load: Callable[[list[int]], Awaitable[list[Task]]],
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._load = load  # the tasks of these ids, read off the event loop
        self._ids: Sequence[int] = ()
        self._pages: OrderedDict[int, dict[int, Task]] = OrderedDict()
        self._loading: set[int] = set()
        self._generation = 0  # a new list of ids makes rows still on their way stale
        self._lines: OrderedDict[tuple[object, ...], Strip] = OrderedDict()
        self._today: date | None = None
        self.fetches = 0  # database reads so far (the scale test checks rows come by the page)

    # -- data ---------------------------------------------------------------

    @property
    def ids(self) -> Sequence[int]:
        """The task ids shown, in order."""
        return self._ids

    @property
    def row_count(self) -> int:
        return len(self._ids)

    @property
    def cached_rows(self) -> int:
        """Tasks held in memory right now (never more than a few pages)."""
        return sum(len(page) for page in self._pages.values())

    def set_ids(
        self,
        ids: Sequence[int],
        *,
        today: date | None = None,
        keep_task: int | None = None,
        keep_row: bool = False,
        more: bool = False,
        rows: Sequence[Task] = (),
    ) -> None:
        """Show these task ids; the cursor stays on ``keep_task`` if it is still there,
        else on the same row (clamped) when ``keep_row`` (a reload never throws the
        reader off), else on the first row (a new filter starts at the top).

        ``more``: the whole list of which the top is shown (read just before): when it
        does begin with the ids shown, the rows already read are kept, and the cursor.
        ``rows``: the tasks of the first ids, read with them (whole pages are kept)."""
        old_row = self.cursor_row
        if (
            more
            and self._extends(ids, today)
            and (keep_task is None or keep_task == self.cursor_task_id)
        ):
            # The rest of the list read so far (the top came first): the rows read, the
            # lines drawn and the cursor all stay.
            self._ids = ids
            self.virtual_size = Size(self.size.width, len(ids) + 1)
            self._prefetch()
            self.refresh()
            return
        self._ids = ids
        self._today = today
        self._pages.clear()
        self._loading.clear()
        self._lines.clear()
        self._generation += 1
        row = old_row if keep_row else 0
        if keep_task is not None:
            found = _index(ids, keep_task)
            if found is not None:
                row = found
        self.virtual_size = Size(self.size.width, len(ids) + 1)
        self.cursor_row = max(0, min(row, len(ids) - 1))
        by_id = {task.id: task for task in rows}
        for number in range(len(rows) // PAGE):
            page_ids = ids[number * PAGE : (number + 1) * PAGE]
            if all(i in by_id for i in page_ids):
                self._keep(number, [by_id[i] for i in page_ids])
        # The rest of the screenful and one either side come from the reader thread;
        # their rows show "…" until then.
        self._prefetch()
        self.refresh()

    def _extends(self, ids: Sequence[int], today: date | None) -> bool:
        """``ids`` begins with the ids shown now (same day): more of the same list."""
        shown = len(self._ids)
        return (
            0 < shown <= len(ids)
            and today == self._today
            and ids[shown - 1] == self._ids[shown - 1]
            and list(ids[:shown]) == list(self._ids)
        )

    def task_at(self, row: int) -> Task | None:
        """The task on ``row``; None while its page is on its way (``CursorMoved`` is
        posted again when the cursor's arrives) or when it is gone."""
        task = self._cached(row) if 0 <= row < len(self._ids) else None
        return task if isinstance(task, Task) else None

    def _keep(self, number: int, tasks: list[Task]) -> dict[int, Task]:
        page = {task.id: task for task in tasks}
        self._pages[number] = page
        self._pages.move_to_end(number)
        while len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return page

    def _cached(self, row: int) -> Task | None | bool:
        """The task on ``row`` if the window holds it; False while its page is on its way."""
        page = self._pages.get(row // PAGE)
        if page is None:
            return False
        return page.get(self._ids[row])

    def _window_pages(self, first_row: int, last_row: int) -> range:
        first = max(0, first_row)
        last = min(len(self._ids) - 1, last_row)
        if last < first:
            return range(0)
        return range(first // PAGE, last // PAGE + 1)

    def _prefetch(self) -> None:
        """Read the pages of a screenful above and below the viewport that are missing."""
        if not self._ids:
            return
        top, body = round(self.scroll_y), self._body_height()
        wanted = [
            n
            for n in self._window_pages(top - body, top + 2 * body)
            if n not in self._pages and n not in self._loading
        ]
        for number in self._window_pages(top - body, top + 2 * body):
            if number in self._pages:
                self._pages.move_to_end(number)  # the window outlives older pages
        if not wanted:
            return
        self._loading.update(wanted)
        if self.is_mounted:
            self.run_worker(self._read(wanted, self._generation), group=f"{READ_GROUP}:task-rows")

    async def _read(self, numbers: list[int], generation: int) -> None:
        from tui.reads import ReaderClosed

        ids = [i for n in numbers for i in self._ids[n * PAGE : (n + 1) * PAGE]]
        try:
            tasks = await self._load(ids)
        except ReaderClosed:
            return  # the app quit while these rows were on their way
        finally:
            if generation == self._generation:
                self._loading.difference_update(numbers)
        if generation != self._generation:
            return  # the list changed meanwhile: these rows belong to the old one
        self.fetches += 1
        by_id = {task.id: task for task in tasks}
        for number in numbers:
            page_ids = self._ids[number * PAGE : (number + 1) * PAGE]
            self._keep(number, [by_id[i] for i in page_ids if i in by_id])
        self.refresh()
        if 0 <= self.cursor_row < len(self._ids) and self.cursor_row // PAGE in numbers:
            # The task under the cursor has come: its details can show now.
            self.post_message(self.CursorMoved(self, self.cursor_task_id))

    @property
    def cursor_task(self) -> Task | None:
        return self.task_at(self.cursor_row)

    @property
    def cursor_task_id(self) -> int | None:
        return self._ids[self.cursor_row] if 0 <= self.cursor_row < len(self._ids) else None

    # -- cursor -------------------------------------------------------------

    def validate_cursor_row(self, row: int) -> int:
        return max(0, min(row, len(self._ids) - 1))

    def watch_cursor_row(self, old: int, row: int) -> None:
        top = self.scroll_offset.y
        self._scroll_to_cursor()
        if self.scroll_offset.y != top:
            self.refresh()
        else:  # only the two lines the cursor left and reached (line 0 is the header)
            self.refresh_line(old + 1)
            self.refresh_line(row + 1)
        self.post_message(self.CursorMoved(self, self.cursor_task_id))

    def _body_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        top = round(self.scroll_y)
        body = self._body_height()
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + body:
            self.scroll_to(y=self.cursor_row - body + 1, animate=False, immediate=True)

    def action_move(self, delta: int) -> None:
        self.cursor_row += delta

    def action_page(self, direction: int) -> None:
        self.cursor_row += direction * self._body_height()

    def action_first(self) -> None:
        self.cursor_row = 0

    def action_last(self) -> None:
        self.cursor_row = len(self._ids) - 1

    def action_select(self) -> None:
        task_id = self.cursor_task_id
        if task_id is not None:
            self.post_message(self.Selected(self, task_id))

    async def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        row = round(self.scroll_y) + offset.y - 1
        if 0 <= row < len(self._ids):
            self.cursor_row = row
            if event.chain == 2:
                self.action_select()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self._ids) + 1)
        self._scroll_to_cursor()
        self._prefetch()

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._prefetch()

    def on_focus(self) -> None:
        self.refresh()  # the cursor line is drawn differently with focus

    def on_blur(self) -> None:
        self.refresh()

    # -- rendering ----------------------------------------------------------

    def _widths(self, width: int) -> list[int]:
        # The fixed columns shrink (to NARROWEST) before the title goes under 24 cells.
        from tui.widgets.tables import fit

        fixed = [(w, NARROWEST.get(h, w)) for h, w in COLUMNS if w]
        # One space between columns, one cell for the scrollbar.
        flex, shrunk = fit(width - len(COLUMNS), fixed, title=24)
        widths = iter(shrunk)
        return [flex if not w else next(widths) for _, w in COLUMNS]

    def _line(self, cells: list[Content], width: int) -> Content:
        parts = [
            cell.truncate(w, ellipsis=True, pad=True)
            for cell, w in zip(cells, self._widths(width), strict=True)
        ]
        return Content(" ").join(parts).truncate(width, pad=True)

    def _cells(self, task: Task) -> list[Content]:
        return [
            Content(str(task.id)),
            safe_line(task.title, 400),
            safe_line(task.owner, 60),
            safe_line(task.department or "—", 60),
            Content(task.status),
            Content(task.due or "—"),
            Content(str(task.meeting_id) if task.meeting_id is not None else "—"),
        ]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            style = self.get_visual_style("task-table--header")
            header = self._line([Content(h) for h, _ in COLUMNS], width)
            return Strip(header.render_segments(style), width)
        row = round(self.scroll_y) + y - 1
        if row >= len(self._ids):
            return Strip.blank(width, self.visual_style.rich_style)
        task = self._cached(row)  # never a database read while painting
        cursor = row == self.cursor_row
        key = (self._ids[row], id(task), width, cursor, cursor and self.has_focus)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._draw(row, task, width, cursor)
            if task is not False:  # a placeholder is drawn again when its row arrives
                self._lines[key] = strip
                if len(self._lines) > CACHED_LINES:
                    self._lines.popitem(last=False)
        return strip

    def _draw(self, row: int, task: Task | None | bool, width: int, cursor: bool) -> Strip:
        classes: list[str] = []
        if task is False:
            line = self._line(
                [Content(str(self._ids[row])), Content("…")] + [Content("")] * 5, width
            )
        elif not isinstance(task, Task):
            line = self._line(
                [Content(str(self._ids[row])), Content("(no longer there)")] + [Content("")] * 5,
                width,
            )
        else:
            line = self._line(self._cells(task), width)
            if task.status == "done":
                classes.append("task-table--done")
            elif self._today and is_overdue(task, self._today):
                classes.append("task-table--overdue")
        if cursor:
            classes.append("task-table--cursor")
        style = self.get_visual_style(*classes) if classes else self.visual_style
        return Strip(line.render_segments(style), width)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()  # a theme or class change restyles every line


def _index(ids: Sequence[int], wanted: int) -> int | None:
    try:
        return ids.index(wanted)  # type: ignore[attr-defined, no-any-return]
    except ValueError:
        return None
