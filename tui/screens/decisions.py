"""Decisions: the searchable log (full text over text and rationale), by meeting or task force,
with each decision's supersedes chain shown both ways."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Input, Select, Static

from db.errors import TandemError
from db.lazyclass import dataclass
from db.models import Decision, TaskForce
from db.text import as_id
from tui.screens.base import TandemScreen
from tui.text import mixed, one_line, safe, safe_line, safe_text
from tui.widgets.footer import TandemFooter
from tui.widgets.tables import fit, fit_columns, narrow_columns, rows_width

if TYPE_CHECKING:
    from rich.text import Text
    from sqlite_utils import Database
    from textual.app import ComposeResult
    from textual.timer import Timer

LIMIT = 500  # newest decisions listed at once; search or filter to reach older ones
FILTER_DELAY = 0.15

# What the list is read with: meeting, task force, search.
Filters = tuple[int | None, int | None, str]


@dataclass(frozen=True)
class Log:
    """One fill of the log, read in one trip to the reader thread."""

    filters: Filters
    found: list[Decision]  # up to LIMIT + 1 (one more: there are more)
    refusal: TandemError | None  # the list refused (shown, and the list empty)
    task_forces: list[TaskForce] | None  # for the filter, when asked for


def read_log(db: Database, filters: Filters, task_forces: bool) -> Log:
    """The newest decisions matching ``filters`` (and the task forces, for the filter)."""
    from db.decisions import list_decisions
    from db.taskforces import list_task_forces

    meeting, task_force, search = filters
    found: list[Decision] = []
    refusal: TandemError | None = None
    try:
        found = list_decisions(
            db,
            meeting_id=meeting,
            task_force_id=task_force,
            search=search or None,
            limit=LIMIT + 1,
            newest_first=True,
        )
    except TandemError as exc:
        refusal = exc
    return Log(filters, found, refusal, list_task_forces(db) if task_forces else None)


def read_chain(db: Database, decision_id: int) -> tuple[list[Decision], TandemError | None]:
    """The supersedes chain through ``decision_id`` (empty, and why, when refused)."""
    from db.decisions import chain

    try:
        return chain(db, decision_id), None
    except TandemError as exc:
        return [], exc


class DecisionsScreen(TandemScreen):
    """The decision log: search as you type, filter by meeting or task force, follow the chain."""

    CSS_PATH = "decisions.tcss"
    # The keys the footer keeps at any width (tui/widgets/footer.py).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    PRIMARY_KEYS = ("slash", "p", "n")
    BINDINGS = [
        Binding("slash", "focus_search", "Search"),
        Binding("p", "follow('supersedes')", "Superseded one"),
        Binding("n", "follow('superseded_by')", "Superseding one"),
        Binding("escape", "back", "Back", show=False),
    ]

    def __init__(
        self,
        *,
        meeting_id: int | None = None,
        task_force_id: int | None = None,
        search: str = "",
        decision_id: int | None = None,
    ) -> None:
        super().__init__()
        self._initial_decision = decision_id  # the one the screen opened on
        self._meeting = meeting_id
        self._task_force = task_force_id
        self._search = search
        self._shown: dict[str, Decision] = {}
        self._shown_filters: Filters | None = None  # what the list shown was read with
        self._forces_shown = False  # the task force filter has its choices
        self._from_top = False  # the next fill puts the cursor on the first row
        self._select: int | None = decision_id  # the decision to show once the list is in
        self._showing: Decision | None = None  # the decision the detail is for
        self._filter_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Input(self._search, placeholder="Search decisions and rationale…", id="search")
            yield Input(
                str(self._meeting) if self._meeting else "",
                placeholder="Meeting #",
                type="integer",
                id="meeting",
            )
            yield Select[int]([], prompt="Any task force", id="taskforce")
        yield DataTable(id="decisions", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="detail"):
            yield Static(id="detail-text")
        yield Static(id="summary")
        yield TandemFooter()

    def on_mount(self) -> None:
        table = self.query_one("#decisions", DataTable)
        table.add_columns("#", "Recorded", "Decision", "Meeting", "Task force", "Chain")
        self.reload()  # with the task forces, and then the decision asked for (``_select``)
        table.focus()

    # -- filters ------------------------------------------------------------

    def _read_filters(self) -> None:
        self._search = self.query_one("#search", Input).value
        meeting = self.query_one("#meeting", Input).value.strip()
        self._meeting = as_id(meeting)
        if self._forces_shown:  # (until then, the task force the screen opened with)
            value = self.query_one("#taskforce", Select).value
            self._task_force = value if isinstance(value, int) else None

    def _filters(self) -> Filters:
        return (self._meeting, self._task_force, self._search)

    @on(Input.Changed)
    def _typed(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, self._refilter)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self._refilter()
        self.query_one("#decisions", DataTable).focus()

    @on(Select.Changed, "#taskforce")
    def _refilter(self) -> None:
        self._filter_timer = None
        self._read_filters()
        self._fill(from_top=True)

    def on_resize(self) -> None:
        # The decisions' text takes the width the log has now.
        self.call_after_refresh(self.reload)

    def reload(self) -> None:
        """Re-read the log with the same filters, keeping the cursor on the same decision.

        Read on the reader thread (``Refusals.read``); the list fills when it comes back.
        """
        self._fill()

    # -- the list -----------------------------------------------------------

    def _cursor_key(self) -> str | None:
        table = self.query_one("#decisions", DataTable)
        if table.row_count == 0:
            return None
        value = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(value) if value is not None else None

    def _fill(self, *, from_top: bool = False) -> None:
        """Read the log with the filters as they are; ``from_top``: the cursor on the first
        row (new filters), else on the same decision (or row) as now when it comes back."""
        self._from_top = self._from_top or from_top
        filters, forces = self._filters(), not self._forces_shown
        self.read(lambda db: read_log(db, filters, forces), self._filled, key="log")

    def _filled(self, log: Log) -> None:
        if log.task_forces is not None and not self._forces_shown:
            self._show_task_forces(log.task_forces)
        if log.refusal is not None:
            self.refused(log.refusal)
        table = self.query_one("#decisions", DataTable)
        keep = None if self._from_top else self._cursor_key()
        row = 0 if self._from_top else table.cursor_row
        self._from_top = False
        found = log.found
        more = len(found) > LIMIT
        found = found[:LIMIT]
        table.clear()
        narrow_columns(table)
        self._shown = {}
        # The decision's text takes the free width; the task force shrinks first.
        chains = max([self._chain_cell(d).cell_len for d in found] + [5])
        forces = max([len(one_line(d.task_force or "—")) for d in found] + [10])
        room = rows_width(table, len(found)) - 12 - 4 - 10 - 7 - chains - 1
        width, (force,) = fit(room, [(min(18, forces), 10)], title=30)
        if room <= 0:  # not laid out yet: refilled on resize
            width, force = 56, 18
        for decision in found:
            self._shown[str(decision.id)] = decision
            # Cells are rich Text (safe_text): literal, and measured, so columns fit them.
            table.add_row(
                safe_text(str(decision.id)),
                safe_text(decision.recorded_at[:10]),
                safe_text(decision.text, width),
                safe_text(str(decision.meeting_id) if decision.meeting_id else "—"),
                safe_text(decision.task_force or "—", force),
                self._chain_cell(decision),
                key=str(decision.id),
            )
        # Widths now, not when the table is next idle: a frame painted in between (this
        # fill comes from the reader, at any moment) would keep the rows cut narrow.
        fit_columns(table)
        if table.row_count:
            index = row
            if keep is not None and keep in self._shown:
                index = table.get_row_index(keep)
            table.move_cursor(row=max(0, min(index, table.row_count - 1)), animate=False)
        summary = f"{len(found):,} decisions" + (
            f" (the newest {LIMIT}; search to reach older ones)" if more else ""
        )
        self.query_one("#summary", Static).update(safe(summary))
        self._shown_filters = log.filters
        self._show(self._current())
        pending, self._select = self._select, None
        if pending is not None:
            self.select_decision(pending)

    def _show_task_forces(self, task_forces: list[TaskForce]) -> None:
        select = self.query_one("#taskforce", Select)
        with select.prevent(Select.Changed):  # the list is read with it already
            select.set_options((safe_line(tf.name, 40), tf.id) for tf in task_forces)
            if self._task_force is not None:
                select.value = self._task_force
        self._forces_shown = True

    @staticmethod
    def _chain_cell(decision: Decision) -> Text:
        parts = []
        if decision.supersedes is not None:
            parts.append(f"replaces {decision.supersedes}")
        if decision.superseded_by is not None:
            parts.append(f"replaced by {decision.superseded_by}")
        return safe_text(" · ".join(parts) or "—")

    def _current(self) -> Decision | None:
        key = self._cursor_key()
        return self._shown.get(key) if key else None

    @on(DataTable.RowHighlighted, "#decisions")
    def _highlighted(self) -> None:
        self._show(self._current())

    def _show(self, decision: Decision | None) -> None:
        """Show ``decision`` with its supersedes chain once read (on the reader thread)."""
        text = self.query_one("#detail-text", Static)
        self._showing = decision  # (a chain still on its way for another is not shown)
        if decision is None:
            text.update(safe("No decision matches." if self._search else "No decisions yet."))
            return
        decision_id = decision.id
        self.read(
            lambda db: read_chain(db, decision_id),
            lambda found: self._show_detail(decision, *found),
            key="detail",
        )

    def _show_detail(
        self, decision: Decision, links: list[Decision], refusal: TandemError | None
    ) -> None:
        if decision is not self._showing:
            return
        if refusal is not None:  # shown, and the decision without its chain
            self.refused(refusal)
            links = [decision]
        text = self.query_one("#detail-text", Static)
        where = f"meeting {decision.meeting_id}" if decision.meeting_id else "no meeting"
        if decision.agenda_item:
            where += f", item {decision.agenda_item}"
        parts = [
            mixed(
                "[b]Decision $id[/] · $where · $tf · recorded by $by on $at",
                id=decision.id,
                where=where,
                tf=f"task force {decision.task_force}" if decision.task_force else "no task force",
                by=decision.recorded_by,
                at=decision.recorded_at[:16].replace("T", " "),
            ),
            safe(decision.text),
        ]
        if decision.rationale:
            parts.append(mixed("[i]Why:[/] $why", why=decision.rationale))
        if len(links) > 1:
            parts.append(mixed("[b]Supersedes chain[/] (oldest first; p and n follow it):"))
            for link in links:
                marker = "▶" if link.id == decision.id else " "
                state = (
                    "in force"
                    if link.superseded_by is None
                    else f"replaced by {link.superseded_by}"
                )
                parts.append(
                    mixed(
                        "$marker $id  $text  [dim]($state)[/]",
                        marker=marker,
                        id=link.id,
                        text=" ".join(link.text.split())[:90],
                        state=state,
                    )
                )
        text.update(Content("\n").join(parts))

    # -- actions ------------------------------------------------------------

    def action_follow(self, direction: str) -> None:
        current = self._current()
        if current is None:
            return
        target = current.supersedes if direction == "supersedes" else current.superseded_by
        if target is None:
            what = (
                "replaces no earlier decision"
                if direction == "supersedes"
                else "is in force (nothing replaced it)"
            )
            self.notify(mixed("Decision $id $what", id=current.id, what=what))  # type: ignore[arg-type]
            return
        self.select_decision(target)

    def select_decision(self, decision_id: int) -> None:
        """Put the cursor on a decision, clearing the filters if they hide it (the list is
        read again without them, then the cursor put on it); one no list shows is shown
        alone (read on the reader thread)."""
        from db.decisions import get_decision

        table = self.query_one("#decisions", DataTable)
        if str(decision_id) in self._shown:
            table.move_cursor(row=table.get_row_index(str(decision_id)), animate=False)
            self._show(self._shown[str(decision_id)])
            return
        for selector in ("#search", "#meeting"):
            with self.query_one(selector, Input).prevent(Input.Changed):
                self.query_one(selector, Input).value = ""
        with self.query_one("#taskforce", Select).prevent(Select.Changed):
            self.query_one("#taskforce", Select).clear()
        self._read_filters()
        self._task_force = None
        if self._filters() != self._shown_filters:  # read again without the filters
            self._select = decision_id
            self._fill(from_top=True)
            return
        self.read(lambda db: get_decision(db, decision_id), self._show, key="decision")

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_back(self) -> None:
        """Escape in a filter (text, select, checkbox) returns to the list; on the list, back."""
        table = self.query_one("#decisions", DataTable)
        if self.focused is not None and self.focused is not table:
            table.focus()
        else:
            super().action_back()
