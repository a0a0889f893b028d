"""Refill a DataTable from fresh data without losing the reader's place."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

if TYPE_CHECKING:
    from textual.events import Resize


class Refill:
    """``with Refill(table) as t: t.add_row(...)``: cleared, refilled, cursor on the same row.

    The cursor goes back to the row with the same key when it is still there
    (another process may have added rows above it), else to the same row number.
    """

    def __init__(self, table: DataTable[Any]) -> None:
        self.table = table
        self.row = table.cursor_row
        self.key: Any = None
        if table.row_count and 0 <= table.cursor_row < table.row_count:
            self.key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key

    def __enter__(self) -> DataTable[Any]:
        self.table.clear()
        narrow_columns(self.table)
        return self.table

    def __exit__(self, *exc: object) -> None:
        table = self.table
        fit_columns(table)
        if not table.row_count:
            return
        row = min(self.row, table.row_count - 1)
        if self.key is not None and self.key in table.rows:
            row = table.get_row_index(self.key)
        table.move_cursor(row=row, animate=False)


class FittedTable(DataTable[Any]):
    """A DataTable that tells its screen when its own width changes, so titles cut to fit
    the table are cut again: the screen's Resize misses a table that narrows or widens
    while the screen around it is laid out (a side column sized after its content)."""

    class WidthChanged(Message):
        """The table's width changed: refill it to the new width."""

    _fitted_width: int | None = None

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self._fitted_width:
            self._fitted_width = event.size.width
            self.post_message(self.WidthChanged())


def free_width(table: DataTable[Any], fixed: int, *, floor: int = 10, before: int = 24) -> int:
    """The width left for a table's one flexible column (a title), the others taking ``fixed``
    cells (their text and padding): titles take the free width, and never less than ``floor``.

    ``before``: the width to use before the table is laid out (its size is still zero);
    the screen refills it on resize.
    """
    width = table.scrollable_content_region.width
    if width <= 0:
        return before
    # One cell for the vertical scrollbar that a long list brings.
    return max(floor, width - fixed - 1)


def rows_width(table: DataTable[Any], rows: int) -> int:
    """The width ``rows`` rows will have in ``table``: its content width, less the vertical
    scrollbar when they overflow it (0 before the table is laid out).

    Not ``scrollable_content_region``: that has a scrollbar or not as the rows shown before
    had, so the same rows would be cut differently depending on when they arrive.
    """
    region = table.content_region
    header = 1 if table.show_header else 0
    if rows + header > region.height:
        return max(0, region.width - table.styles.scrollbar_size_vertical)
    return region.width


def fit(room: int, columns: list[tuple[int, int]], *, title: int = 20) -> tuple[int, list[int]]:
    """Share ``room`` cells between a title and shrinkable columns: the columns shrink first.

    ``columns``: each column's (widest, narrowest) text width. The widest column gives a
    cell at a time until the title has ``title`` cells or every column is at its narrowest;
    the title then takes what is left (never under 6).

    Returns:
        The title's width and each column's, in order.
    """
    widths = [widest for widest, _ in columns]
    while title + sum(widths) > room:
        shrinkable = [n for n, (_, narrowest) in enumerate(columns) if widths[n] > narrowest]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda n: widths[n])
        widths[widest] -= 1
    return max(6, room - sum(widths)), widths


def fit_columns(table: DataTable[Any]) -> None:
    """Each auto-width column as wide as its widest cell, now: DataTable measures new rows
    when it is next idle, and a frame painted before then would show the rows cut to the
    narrowed columns (``narrow_columns``)."""
    auto = [(n, column) for n, column in enumerate(table.columns.values()) if column.auto_width]
    if not auto:
        return
    widths = {n: column.label.cell_len for n, column in auto}
    for row in range(table.row_count):
        cells = table.get_row_at(row)
        for n, _column in auto:
            cell = cells[n]
            width = cell.cell_len if isinstance(cell, Text) else cell_len(str(cell))
            widths[n] = max(widths[n], width)
    for n, column in auto:
        column.content_width = max(column.content_width, widths[n])


def narrow_columns(table: DataTable[Any]) -> None:
    """After ``clear()``: columns size to the new rows (clear() keeps the widths the old
    ones needed), so a table refilled for a narrower terminal narrows too."""
    for column in table.columns.values():
        if column.auto_width:
            column.content_width = column.label.cell_len
