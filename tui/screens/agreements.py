"""Agreements: what binds both teams (rule 9) — proposals and their approvals, the
sales-ready lead definition, the SLA register.

A bound head approves (a) or objects (o, with a reason) to the proposal under the
cursor, as themselves; when they may not, the detail says why before they press
anything (``db.governance.may_approve`` / ``may_object``, worded by ``tui/words.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import (
    DataTable,
    Header,
    Sparkline,
    Static,
    TabbedContent,
    TabPane,
)

from db.errors import TandemError
from db.lazyclass import dataclass
from db.models import Decision, LeadDefinition, Person, Sla, SlaResult, Word, number
from tui.screens.base import TandemScreen
from tui.text import mixed, one_line, safe, safe_text
from tui.widgets.footer import TandemFooter
from tui.widgets.tables import Refill

if TYPE_CHECKING:
    from sqlite_utils import Database
    from textual.app import ComposeResult

    from tui.app import Who

DECIDED_LIMIT = 500  # decided two-key decisions listed (newest); open ones are always all shown
RECENT = 6  # periods in an SLA's row bar
BLOCKS = "▁▂▃▄▅▆▇█"
STATUS_STYLE = {
    "proposed": "bold yellow",
    "blocked": "bold red",
    "in-force": "green",
    "superseded": "dim",
    "withdrawn": "dim",
    "retired": "dim",
}
TABS = ("proposals", "lead", "slas")


def status_text(status: str) -> Text:
    return Text(status, style=STATUS_STYLE.get(status, ""))


def when(stamp: str | None) -> str:
    """A stored time as 'YYYY-MM-DD HH:MM' (empty for none)."""
    return (stamp or "")[:16].replace("T", " ")


def how_given(word: Word) -> str:
    """How an approval was given: signed, or in a meeting (and who recorded it)."""
    if word.how == "in-meeting":
        where = f"in meeting {word.meeting_id}" if word.meeting_id else "in a meeting"
        return f"{where}, recorded by {word.recorded_by}"
    return "signed"


def recent_bar(sla: Sla, count: int = RECENT) -> Text:
    """The last ``count`` periods as a bar each (height: the figure; green met, red missed)
    and how many were met."""
    results = sla.results[-count:]
    if not results:
        return Text("no results yet", style="dim")
    # Scaled between the lowest and highest of the figures and the target, so a small
    # difference from the target shows.
    values = [r.actual for r in results] + [sla.target]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    bar = Text()
    for r in results:
        level = round((r.actual - low) / span * (len(BLOCKS) - 1))
        bar.append(BLOCKS[level], style="green" if r.met else "bold red")
    met = sum(1 for r in results if r.met)
    bar.append(f" {met}/{len(results)} met")
    return bar


def target_short(sla: Sla) -> str:
    """The target in a few characters: "≥ 40 leads/month", "≤ 24 hours/month"."""
    unit = f" {sla.unit}" if sla.unit else ""
    return f"{'≤' if sla.at_most else '≥'} {number(sla.target)}{unit}/{sla.per}"


def result_text(result: SlaResult | None) -> Text:
    if result is None:
        return Text("—", style="dim")
    out = Text(f"{result.period} {number(result.actual)} ")
    out.append("met" if result.met else "missed", style="green" if result.met else "bold red")
    if result.correction:
        out.append(" (corrected)", style="dim")
    return out


# Why the acting person may not approve, may not object (None: they may), per open proposal.
Mine = tuple[TandemError | None, TandemError | None]


@dataclass(frozen=True)
class Agreements:
    """Everything one fill of the screen shows, read in one trip to the reader thread."""

    me: Person | None  # who acts, read afresh (``TandemApp.set_who``)
    acting: Person | None
    proposals: list[Decision]
    mine: dict[int, Mine]  # open proposals only; empty when the login is bound to nobody
    lead_history: list[LeadDefinition]
    lead: LeadDefinition | None
    lead_decision: Decision | None  # the decision that put ``lead`` in force
    slas: list[Sla]


def read_agreements(db: Database, who: Who, open_only: bool) -> Agreements:
    """Who acts, the three tabs and what they may do with each open proposal; on the
    reader thread (a role may have changed in another terminal)."""
    from db.agreements import two_key_decisions
    from db.governance import get, may_approve, may_object
    from db.lead import lead_history, lead_in_force
    from db.sla import list_slas

    me, acting = who(db)
    actor = acting or me
    proposals = two_key_decisions(db, open_only=open_only, limit=DECIDED_LIMIT)
    mine: dict[int, Mine] = {}
    if actor is not None:
        for d in proposals:
            if d.is_open:
                mine[d.id] = (may_approve(db, actor, d), may_object(db, actor, d))
    lead = lead_in_force(db)
    return Agreements(
        me=me,
        acting=acting,
        proposals=proposals,
        mine=mine,
        lead_history=lead_history(db),
        lead=lead,
        lead_decision=get(db, lead.decision_id) if lead is not None else None,
        slas=list_slas(db, every=True),
    )


class AgreementsScreen(TandemScreen):
    """Proposals with their approvals and objections, the lead definition, the SLAs."""

    CSS_PATH = "agreements.tcss"
    BINDINGS = [
        Binding("a", "approve", "Approve", tooltip="Approve the proposal (a bound head)"),
        Binding("o", "object", "Object", tooltip="Object to the proposal, with a reason"),
        Binding("w", "withdraw", "Withdraw", tooltip="Withdraw a proposal you made"),
        Binding("v", "toggle_open", "Open only", tooltip="Only open proposals, or every one"),
        Binding("1", "tab('proposals')", "Proposals", show=False),
        Binding("2", "tab('lead')", "Lead definition", show=False),
        Binding("3", "tab('slas')", "SLAs", show=False),
        Binding("f5", "reload", "Reload", show=False),
        Binding("escape", "back", "Back", show=False, tooltip="Back to Home"),
    ]

    def __init__(self, *, decision_id: int | None = None, tab: str = "proposals") -> None:
        super().__init__()
        self._initial_decision = decision_id
        self._tab = tab if tab in TABS else "proposals"
        self._open_only = False
        self._found: list[Decision] = []  # the proposals as last read, in their order
        self._proposals: dict[str, Decision] = {}
        self._mine: dict[int, Mine] = {}
        self._select: int | None = None  # the proposal to put the cursor on once read
        self._slas: dict[str, Sla] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial=self._tab, id="agreements-tabs"):
            with TabPane("Proposals (1)", id="proposals"):
                yield DataTable(id="proposals-table", cursor_type="row", zebra_stripes=True)
                with VerticalScroll(id="proposal-detail"):
                    yield Static(Content(""), id="proposal-text")
            with TabPane("Lead definition (2)", id="lead"):
                with VerticalScroll(id="lead-current"):
                    yield Static(Content(""), id="lead-text")
                yield DataTable(id="lead-history", cursor_type="row", zebra_stripes=True)
            with TabPane("SLA register (3)", id="slas"):
                yield DataTable(id="sla-table", cursor_type="row", zebra_stripes=True)
                with Vertical(id="sla-detail"):
                    yield Static(Content(""), id="sla-head")
                    yield Sparkline([], id="sla-spark")
                    with VerticalScroll(id="sla-periods-scroll"):
                        yield Static(Content(""), id="sla-periods")
        yield TandemFooter()

    def on_mount(self) -> None:
        self.query_one("#proposals-table", DataTable).add_columns(
            "#", "Status", "Proposal", "Waiting for", "Binds"
        )
        self.query_one("#lead-history", DataTable).add_columns(
            "Version", "Status", "Proposed", "In force since", "Definition"
        )
        self.query_one("#sla-table", DataTable).add_columns(
            "#", "From → To", "Target", "Latest", "Last 6 periods", "Status", "Commitment"
        )
        self.reload(select=self._initial_decision)
        if self._initial_decision is not None:  # shown on the Proposals tab once read
            self._tab = "proposals"
            self.query_one("#agreements-tabs", TabbedContent).active = "proposals"
        self._focus_tab(self._tab)

    # -- reading ----------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        """Re-read the three tabs, keeping each cursor on the same row.

        Read on the reader thread (``Refusals.read``); the tabs fill when it comes
        back, with the cursor on proposal ``select`` when given.
        """
        if select is not None:
            # Kept on the screen: a newer read (the screen resumed) replaces this one.
            self._select = select
        who, open_only = self.tandem.who_read(), self._open_only
        self.read(lambda db: read_agreements(db, who, open_only), self._filled, key="agreements")

    def _filled(self, found: Agreements) -> None:
        self.tandem.set_who(found.me, found.acting)
        select, self._select = self._select, None
        self._found = found.proposals
        self._proposals = {str(d.id): d for d in found.proposals}
        self._mine = found.mine
        self._fill_proposals()
        self._fill_lead(found)
        self._fill_slas(found.slas)
        if select is not None:
            self.select_decision(select)

    def _fill_proposals(self) -> None:
        """The proposals as last read, cut to the terminal's width."""
        found = self._found
        # The proposal's column takes what the terminal has beyond the other columns.
        room = max(24, self.app.size.width - 64)
        with Refill(self.query_one("#proposals-table", DataTable)) as table:
            for d in found:
                table.add_row(
                    Text(str(d.id)),
                    status_text(d.status),
                    safe_text(d.text, room),
                    safe_text(", ".join(d.waiting_for) or "—", 24),
                    safe_text(", ".join(d.binds), 22),
                    key=str(d.id),
                )
            if not found:
                table.add_row(
                    "",
                    "",
                    Text("No open proposals." if self._open_only else "No two-key decisions yet."),
                    "",
                    "",
                    key="none",
                )
        self._show_proposal(self._current())

    def _current(self) -> Decision | None:
        table = self.query_one("#proposals-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._proposals.get(str(key))

    @on(DataTable.RowHighlighted, "#proposals-table")
    def _proposal_highlighted(self) -> None:
        self._show_proposal(self._current())

    def _show_proposal(self, decision: Decision | None) -> None:
        text = self.query_one("#proposal-text", Static)
        if decision is None:
            text.update(
                Content(
                    "A two-key decision binds both teams: it is in force once the head of every "
                    "bound department approved it. Record one in a live meeting (ctrl+g)."
                )
            )
            return
        where = f"meeting {decision.meeting_id}" if decision.meeting_id else "outside a meeting"
        if decision.agenda_item:
            where += f", item {decision.agenda_item}"
        state = decision.status
        if decision.status == "in-force" and decision.in_force_at:
            state = f"in force since {when(decision.in_force_at)}"
        elif decision.status == "superseded" and decision.superseded_by:
            state = f"superseded by decision {decision.superseded_by}"
        parts = [
            mixed(
                "[b]Decision $id[/] · [b]$state[/] · proposed by $by on $at · $where",
                id=decision.id,
                state=state,
                by=decision.recorded_by,
                at=when(decision.recorded_at),
                where=where,
            ),
        ]
        mine = self._your_part(decision)
        if mine is not None:
            parts.append(mine)
        parts.append(safe(decision.text))
        if decision.rationale:
            parts.append(mixed("[i]Why:[/] $why", why=decision.rationale))
        if decision.supersedes:
            parts.append(mixed("Supersedes decision $id", id=decision.supersedes))
        parts.append(mixed("[b]Binds[/] $binds", binds=", ".join(decision.binds) or "—"))
        for word in decision.approvals:
            parts.append(
                mixed(
                    "[green]✓ approved[/] $name ($dept) · $how · $at",
                    name=word.name,
                    dept=word.department,
                    how=how_given(word),
                    at=when(word.at),
                )
            )
        for word in decision.objections:
            parts.append(
                mixed(
                    "[b red]✗ objects[/] $name ($dept) · $at: $reason",
                    name=word.name,
                    dept=word.department,
                    at=when(word.at),
                    reason=word.reason,
                )
            )
        if decision.is_open and decision.waiting_for:
            parts.append(mixed("[b]Waiting for[/] $who", who=", ".join(decision.waiting_for)))
        text.update(Content("\n").join(parts))

    def _your_part(self, decision: Decision) -> Content | None:
        """What the acting person may do with ``decision``, or why not (as last read)."""
        from tui.words import for_screen

        if not decision.is_open:
            return None
        actor = self.tandem.actor
        mine = self._mine.get(decision.id)
        if actor is None or mine is None:
            return Content("Read only: your login is bound to no person.")
        can_approve, can_object = mine
        withdraw = (
            " · w withdraws it (you proposed it)" if decision.recorded_by == actor.name else ""
        )
        if can_approve is None and can_object is None:
            return mixed("[b $accent]You:[/] a approves · o objects (with a reason)$w", w=withdraw)
        if can_approve is None:
            return mixed(
                "[b $accent]You objected:[/] a approves (lifts your objection)$w", w=withdraw
            )
        if can_object is None:
            return mixed("[b $accent]You approved it.[/] o objects (with a reason)$w", w=withdraw)
        return mixed(
            "[b $accent]You can't approve or object:[/] $why$w",
            why=for_screen(self._first(can_approve, can_object)),
            w=withdraw,
        )

    @staticmethod
    def _first(*refusals: TandemError | None) -> TandemError:
        return next(r for r in refusals if r is not None)

    def _fill_lead(self, found: Agreements) -> None:
        history, current, decision = found.lead_history, found.lead, found.lead_decision
        text = self.query_one("#lead-text", Static)
        if current is None or decision is None:
            text.update(
                Content(
                    "No sales-ready lead definition is in force yet: both heads agree on one "
                    "(proposed as a two-key decision)."
                )
            )
        else:
            parts = [
                mixed(
                    "[b]Sales-ready lead, version $v[/] · in force since $since · decision $id",
                    v=current.version,
                    since=when(current.in_force_since),
                    id=current.decision_id,
                ),
                safe(current.text),
            ]
            parts += [mixed(" • $c", c=c) for c in current.criteria]
            agreed = "; ".join(
                f"{w.name} ({w.department}) {how_given(w)}" for w in decision.approvals
            )
            if agreed:
                parts.append(mixed("[dim]Agreed by[/] $who", who=agreed))
            text.update(Content("\n").join(parts))
        with Refill(self.query_one("#lead-history", DataTable)) as table:
            for lead in reversed(history):
                table.add_row(
                    Text(str(lead.version)),
                    status_text(lead.status),
                    Text(when(lead.created_at)[:10]),
                    Text(when(lead.in_force_since)[:10] or "—"),
                    safe_text(self._lead_line(lead), 70),
                    key=str(lead.version),
                )

    @staticmethod
    def _lead_line(lead: LeadDefinition) -> str:
        count = len(lead.criteria)
        return lead.text + (f" ({count} criteri{'on' if count == 1 else 'a'})" if count else "")

    def _fill_slas(self, found: list[Sla]) -> None:
        self._slas = {str(s.id): s for s in found}
        with Refill(self.query_one("#sla-table", DataTable)) as table:
            for s in found:
                table.add_row(
                    Text(str(s.id)),
                    safe_text(f"{s.from_} → {s.to}", 24),
                    safe_text(target_short(s), 24),
                    result_text(s.latest),
                    recent_bar(s),
                    status_text(s.status),
                    safe_text(s.text, 40),
                    key=str(s.id),
                )
            if not found:
                table.add_row("", "", Text("No SLAs yet."), "", "", "", "", key="none")
        self._show_sla(self._current_sla())

    def _current_sla(self) -> Sla | None:
        table = self.query_one("#sla-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self._slas.get(str(key))

    @on(DataTable.RowHighlighted, "#sla-table")
    def _sla_highlighted(self) -> None:
        self._show_sla(self._current_sla())

    def _show_sla(self, sla: Sla | None) -> None:
        head = self.query_one("#sla-head", Static)
        spark = self.query_one("#sla-spark", Sparkline)
        periods = self.query_one("#sla-periods", Static)
        if sla is None:
            head.update(Content("An SLA is what one department commits to deliver to the other."))
            spark.data = []
            periods.update(Content(""))
            return
        head.update(
            Content("\n").join(
                [
                    mixed(
                        "[b]SLA $id[/] · $from → $to · $status · owner $owner · $target",
                        id=sla.id,
                        status=sla.status,
                        owner=sla.owner,
                        target=sla.target_text(),
                        **{"from": sla.from_, "to": sla.to},
                    ),
                    safe(one_line(sla.text, 400)),
                ]
            )
        )
        spark.data = [r.actual for r in sla.results]
        lines = []
        for r in reversed(sla.results):
            lines.append(
                mixed(
                    "$period  $actual  "
                    + ("[green]met[/]" if r.met else "[b red]missed[/]")
                    + "$corr$note",
                    period=r.period,
                    actual=f"{number(r.actual)}{' ' + sla.unit if sla.unit else ''}",
                    corr=" (corrected)" if r.correction else "",
                    note=f" — {one_line(r.note, 80)}" if r.note else "",
                )
            )
        periods.update(Content("\n").join(lines) if lines else Content("No period recorded yet."))

    # -- actions ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Approve, object, withdraw and the filter belong to the Proposals tab."""
        if action in ("approve", "object", "withdraw", "toggle_open"):
            try:
                active = self.query_one("#agreements-tabs", TabbedContent).active
            except Exception:
                return True
            return active == "proposals"
        return True

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    def action_tab(self, tab: str) -> None:
        self.query_one("#agreements-tabs", TabbedContent).active = tab
        self._focus_tab(tab)

    def _focus_tab(self, tab: str) -> None:
        target = {"proposals": "#proposals-table", "lead": "#lead-history", "slas": "#sla-table"}
        self.query_one(target.get(tab, "#proposals-table"), DataTable).focus()

    def _open_proposal(self) -> Decision | None:
        decision = self._current()
        if decision is None:
            self.notify(Content("No proposal here."))  # type: ignore[arg-type]  # Content renders as is
        return decision

    def action_approve(self) -> None:
        from db.governance import approve

        decision = self._open_proposal()
        if decision is None:
            return
        app = self.tandem
        with self.refusals():
            writer, decision_id, now = app.writer, decision.id, app.now()
            self.write(
                lambda db: approve(db, writer, decision_id, now=now),
                lambda after: self.notify(self._outcome("You approved", after)),  # type: ignore[arg-type]
                after=self.reload,
            )

    def action_object(self) -> None:
        from db.governance import may_object

        decision = self._open_proposal()
        if decision is None:
            return
        # Refused before any typing: a reason typed in vain is worse than a clear no.
        with self.refusals():
            writer = self.tandem.writer
            self.read(
                lambda db: may_object(db, writer, decision),
                lambda refusal: self._ask_objection(decision, refusal),
                key="object",
            )

    def _ask_objection(self, decision: Decision, refusal: TandemError | None) -> None:
        from tui.dialogs.agreements import ObjectionForm

        if refusal is not None:
            raise refusal  # shown the one way (the read's refusals)
        self.app.push_screen(ObjectionForm(decision), self._objected)

    def _objected(self, decision: Decision | None) -> None:
        if decision is not None:
            self.notify(self._outcome("You objected to", decision))  # type: ignore[arg-type]
        self.reload()

    @staticmethod
    def _outcome(verb: str, decision: Decision) -> Content:
        if decision.status == "in-force":
            return mixed("$verb decision $id: it is in force", verb=verb, id=decision.id)
        return mixed(
            "$verb decision $id: $status; waiting for $who",
            verb=verb,
            id=decision.id,
            status=decision.status,
            who=", ".join(decision.waiting_for) or "nobody",
        )

    def action_withdraw(self) -> None:
        from tui.dialogs.confirm import ConfirmDialog

        decision = self._open_proposal()
        if decision is None:
            return

        def answered(yes: bool | None) -> None:
            from db.governance import withdraw

            if not yes or decision is None:
                return
            app = self.tandem
            with self.refusals():
                writer, decision_id, now = app.writer, decision.id, app.now()
                self.write(
                    lambda db: withdraw(db, writer, decision_id, now=now),
                    lambda _: self.notify(mixed("Decision $id withdrawn", id=decision_id)),  # type: ignore[arg-type]
                    after=self.reload,
                )

        self.app.push_screen(
            ConfirmDialog(
                mixed(
                    "Withdraw decision $id: $text?",
                    id=decision.id,
                    text=one_line(decision.text, 80),
                )
            ),
            answered,
        )

    def action_toggle_open(self) -> None:
        self._open_only = not self._open_only
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    def select_decision(self, decision_id: int) -> None:
        """Put the cursor on a proposal (on the Proposals tab)."""
        table = self.query_one("#proposals-table", DataTable)
        if str(decision_id) not in self._proposals and self._open_only:
            self._open_only = False  # every proposal, read again, then the cursor on it
            self.reload(select=decision_id)
        elif str(decision_id) in self._proposals:
            table.move_cursor(row=table.get_row_index(str(decision_id)), animate=False)
            self._show_proposal(self._proposals[str(decision_id)])
        self._tab = "proposals"
        self.query_one("#agreements-tabs", TabbedContent).active = "proposals"

    def on_screen_resume(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        # The proposal column takes the terminal's spare width: refill at the new width.
        if self.query_one("#proposals-table", DataTable).columns:
            self._fill_proposals()
