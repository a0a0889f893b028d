"""Decisions: the searchable log (full text over text and rationale), by meeting or task force,
with each decision's supersedes chain shown both ways."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Header, Input, Select, Static

from db.decisions import chain, get_decision, list_decisions
from db.models import Decision
from db.taskforces import list_task_forces
from db.text import as_id
from tui.screens.base import TandemScreen
from tui.text import mixed, one_line, safe, safe_line, safe_text
from tui.widgets.footer import TandemFooter
from tui.widgets.tables import fit, narrow_columns

if TYPE_CHECKING:
    from rich.text import Text
    from textual.app import ComposeResult
    from textual.timer import Timer

    pass

LIMIT = 500  # newest decisions listed at once; search or filter to reach older ones
FILTER_DELAY = 0.15


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
        self._initial_decision = decision_id
        self._meeting = meeting_id
        self._task_force = task_force_id
        self._search = search
        self._shown: dict[str, Decision] = {}
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
        select = self.query_one("#taskforce", Select)
        select.set_options(
            (safe_line(tf.name, 40), tf.id) for tf in list_task_forces(self.tandem.db)
        )
        if self._task_force is not None:
            select.value = self._task_force
        self.reload()
        if self._initial_decision is not None:
            self.select_decision(self._initial_decision)
        table.focus()

    # -- filters ------------------------------------------------------------

    def _read_filters(self) -> None:
        self._search = self.query_one("#search", Input).value
        meeting = self.query_one("#meeting", Input).value.strip()
        self._meeting = as_id(meeting)
        value = self.query_one("#taskforce", Select).value
        self._task_force = value if isinstance(value, int) else None

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
        self._fill(keep=None)

    def on_resize(self) -> None:
        # The decisions' text takes the width the log has now.
        self.call_after_refresh(self.reload)

    def reload(self) -> None:
        """Re-read the log with the same filters, keeping the cursor on the same decision."""
        table = self.query_one("#decisions", DataTable)
        self._fill(keep=self._cursor_key() or None, row=table.cursor_row)

    # -- the list -----------------------------------------------------------

    def _cursor_key(self) -> str | None:
        table = self.query_one("#decisions", DataTable)
        if table.row_count == 0:
            return None
        value = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(value) if value is not None else None

    def _fill(self, keep: str | None, row: int = 0) -> None:
        table = self.query_one("#decisions", DataTable)
        found: list[Decision] = []
        with self.refusals():
            found = list_decisions(
                self.tandem.db,
                meeting_id=self._meeting,
                task_force_id=self._task_force,
                search=self._search or None,
                limit=LIMIT + 1,
                newest_first=True,
            )
        more = len(found) > LIMIT
        found = found[:LIMIT]
        table.clear()
        narrow_columns(table)
        self._shown = {}
        # The decision's text takes the free width; the task force shrinks first.
        chains = max([self._chain_cell(d).cell_len for d in found] + [5])
        forces = max([len(one_line(d.task_force or "—")) for d in found] + [10])
        room = table.scrollable_content_region.width - 12 - 4 - 10 - 7 - chains - 1
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
        if table.row_count:
            index = row
            if keep is not None and keep in self._shown:
                index = table.get_row_index(keep)
            table.move_cursor(row=max(0, min(index, table.row_count - 1)), animate=False)
        summary = f"{len(found):,} decisions" + (
            f" (the newest {LIMIT}; search to reach older ones)" if more else ""
        )
        self.query_one("#summary", Static).update(safe(summary))
        self._show(self._current())

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
        text = self.query_one("#detail-text", Static)
        if decision is None:
            text.update(safe("No decision matches." if self._search else "No decisions yet."))
            return
        links = [decision]
        with self.refusals():
            links = chain(self.tandem.db, decision.id)
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
        """Put the cursor on a decision, clearing the filters if they hide it."""
        if str(decision_id) not in self._shown:
            for selector in ("#search", "#meeting"):
                with self.query_one(selector, Input).prevent(Input.Changed):
                    self.query_one(selector, Input).value = ""
            with self.query_one("#taskforce", Select).prevent(Select.Changed):
                self.query_one("#taskforce", Select).clear()
            self._read_filters()
            self._fill(keep=None)
        table = self.query_one("#decisions", DataTable)
        if str(decision_id) in self._shown:
            table.move_cursor(row=table.get_row_index(str(decision_id)), animate=False)
            self._show(self._shown[str(decision_id)])
        else:
            with self.refusals():
                self._show(get_decision(self.tandem.db, decision_id))

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_back(self) -> None:
        """Escape in a filter (text, select, checkbox) returns to the list; on the list, back."""
        table = self.query_one("#decisions", DataTable)
        if self.focused is not None and self.focused is not table:
            table.focus()
        else:
            super().action_back()
