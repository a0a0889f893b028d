"""Dialogs of the two-key flow: object (with a reason), record a two-key decision in a
meeting, and record the consent of the heads present.

The rules are ``db.governance``'s: these dialogs ask it what may be done
(``may_record_consent``) to show why not before anyone presses a key, and call
it to do it, refusals shown the one way (``tui/refusals.py``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from db.errors import NotFound, TandemError
from db.lazyclass import dataclass
from db.models import Decision, Department, Person
from tui.dialogs.form import FormScreen
from tui.dialogs.live import DecisionForm
from tui.refusals import Refusals
from tui.text import mixed, one_line, safe, safe_line

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlite_utils import Database
    from textual.app import ComposeResult


class ObjectionForm(FormScreen[Decision]):
    """A bound head objects to a proposal: the reason is required (it blocks the proposal
    until they approve)."""

    # Enter saves at once: an empty reason is refused by db/ with its words, in the form.
    REQUIRED = ()

    def __init__(self, decision: Decision) -> None:
        super().__init__()
        self.decision = decision

    def heading(self) -> Content:
        return mixed(
            "Object to decision $id: $text",
            id=self.decision.id,
            text=one_line(self.decision.text, 60),
        )

    def fields(self) -> ComposeResult:
        yield Static(
            Content(
                "An objection blocks the proposal until you approve it. Say why, so the other "
                "head knows what would change your mind."
            ),
            classes="form-hint",
        )
        yield Label("Reason")
        yield Input(placeholder="why you object", id="reason")

    def prepare(self) -> Callable[[Database], Decision]:
        from db.governance import object_to

        app: Any = self.app
        writer, decision_id, reason, now = (
            app.writer,
            self.decision.id,
            self.value("reason"),
            app.now(),
        )
        return lambda db: object_to(db, writer, decision_id, reason, now=now)


class TwoKeyDecisionForm(DecisionForm):
    """Record a decision of the meeting as a two-key proposal: in force once the head of
    every bound department approved it (ticked departments; all by default)."""

    def __init__(
        self,
        meeting_id: int,
        item_position: int | None,
        item_title: str,
        departments: list[Department],
    ) -> None:
        super().__init__(meeting_id, item_position, item_title)
        self.departments = [d for d in departments if d.head_id is not None]

    def heading(self) -> Content:
        where = (
            mixed(" on item $pos: $title", pos=self.item_position, title=self.item_title[:60])
            if self.item_position is not None
            else Content("")
        )
        return Content.assemble("Record a two-key decision", where)

    def fields(self) -> ComposeResult:
        yield from super().fields()
        yield Label("Binds (space unticks; in force once each ticked head approves)")
        yield SelectionList[int](
            *(
                Selection(
                    mixed("$dept [dim](head: $head)[/]", dept=d.name, head=d.head), d.id, True
                )
                for d in self.departments
            ),
            id="binds",
        )

    def prepare(self) -> Callable[[Database], Decision]:
        ticked = list(self.query_one("#binds", SelectionList).selected)
        everyone = {d.id for d in self.departments}
        binds: list[str | int] | None = None if set(ticked) == everyone else list(ticked)
        return self.recording(two_key=True, binds=binds)


@dataclass(frozen=True)
class Consented:
    """What the consent dialog recorded: the decision as it now stands, and whose consent."""

    decision: Decision
    heads: tuple[str, ...]


def consent_heads(
    db: Database, actor: Person | None, decision: Decision, meeting_id: int
) -> list[tuple[Person, TandemError | None]]:
    """The heads of the departments ``decision`` binds (in its order, each once), each with
    why ``actor`` may not record their consent in the meeting (None: they may; always None
    for a login bound to nobody, whose dialog records nothing); on the reader thread."""
    from db.governance import may_record_consent
    from db.people import get_department, get_person

    heads: dict[int, Person] = {}
    for name in decision.binds:
        try:
            dept = get_department(db, name)
        except NotFound:
            continue
        if dept.head_id is not None and dept.head_id not in heads:
            heads[dept.head_id] = get_person(db, dept.head_id)
    return [
        (
            head,
            may_record_consent(db, actor, decision, head, meeting_id)
            if actor is not None
            else None,
        )
        for head in heads.values()
    ]


class ConsentDialog(Refusals, ModalScreen[Consented | None]):
    """The facilitator records the consent of heads present to an open proposal.

    The proposal highlighted first is the one asked for (the meeting's latest);
    the heads present who have not approved it yet are ticked; enter records
    their consent ("in meeting"). A head who can't give it here (absent, not
    marked present, already approved) shows why, unticked and disabled.
    """

    CSS_PATH = "agreements.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("enter", "record", "Record consent", priority=True),
        Binding("left", "pick(-1)", "Previous proposal", show=False),
        Binding("right", "pick(1)", "Next proposal", show=False),
    ]

    def __init__(self, meeting_id: int, proposals: list[Decision], first: int | None) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.proposals = proposals
        self.first = first
        self.decision: Decision | None = None
        self._heads_of: int | None = None  # the proposal whose heads the list shows

    def compose(self) -> ComposeResult:
        with Vertical(classes="form", id="consent"):
            yield Label(
                Content("Consent in the meeting — space ticks a head, enter records"),
                classes="form-title",
            )
            yield Label(Content("Proposal (← → picks another)"))
            yield OptionList(
                *(
                    Option(mixed("#$id $text", id=d.id, text=one_line(d.text, 60)), id=str(d.id))
                    for d in self.proposals
                ),
                id="consent-proposals",
            )
            yield Label(Content("Heads of the bound departments"))
            yield SelectionList[int](id="consent-heads")
            yield Static(Content(""), id="consent-why", classes="form-hint")
            yield Static(Content(""), classes="form-error")

    def on_mount(self) -> None:
        options = self.query_one("#consent-proposals", OptionList)
        if not self.proposals:
            self.query_one("#consent-why", Static).update(
                Content("No proposal is open: ctrl+g records a two-key decision first.")
            )
            return
        index = next((n for n, d in enumerate(self.proposals) if d.id == self.first), 0)
        options.highlighted = index
        self._show(self.proposals[index])
        self.query_one("#consent-heads", SelectionList).focus()

    @on(OptionList.OptionHighlighted, "#consent-proposals")
    def _picked(self, event: OptionList.OptionHighlighted) -> None:
        chosen = next((d for d in self.proposals if str(d.id) == event.option.id), None)
        if chosen is not None and chosen is not self.decision:
            self._show(chosen)

    def action_pick(self, delta: int) -> None:
        """Highlight the previous or next proposal, wherever the focus is."""
        options = self.query_one("#consent-proposals", OptionList)
        if options.option_count:
            current = options.highlighted or 0
            options.highlighted = max(0, min(options.option_count - 1, current + delta))

    def _show(self, decision: Decision) -> None:
        """Show ``decision``'s heads once read (on the reader thread), ticked or why not."""
        app: Any = self.app
        self.decision = decision
        self._heads_of = None  # enter records nothing until they are shown
        actor, meeting_id = app.actor, self.meeting_id
        self.read(
            lambda db: consent_heads(db, actor, decision, meeting_id),
            lambda heads: self._show_heads(decision, heads),
            key="heads",
        )

    def _show_heads(
        self, decision: Decision, found: list[tuple[Person, TandemError | None]]
    ) -> None:
        from tui.words import for_screen

        app: Any = self.app
        heads = self.query_one("#consent-heads", SelectionList)
        heads.clear_options()
        why: list[Content] = []
        objectors = {w.name for w in decision.objections}
        for head, refusal in found:
            label = mixed("$name [dim]$dept[/]", name=head.name, dept=head.department or "")
            # A head who objected is never ticked for them: only if they now say yes.
            ticked = refusal is None and head.name not in objectors
            heads.add_option(Selection(label, head.id, ticked, disabled=refusal is not None))
            if refusal is not None:
                why.append(safe_line(for_screen(refusal), 200))
            elif head.name in objectors:
                why.append(
                    mixed("$name objected: tick them only if they now consent", name=head.name)
                )
        if app.actor is None:
            why.insert(0, Content("Read only: your login is bound to no person."))
        self.query_one("#consent-why", Static).update(Content("\n").join(why))
        self._heads_of = decision.id

    def action_record(self) -> None:
        from db.governance import approve
        from db.people import get_person

        app: Any = self.app
        decision = self.decision
        if decision is None:
            self.dismiss(None)
            return
        if self._heads_of != decision.id:
            return  # its heads are still on their way: nothing ticked for it yet
        ticked = list(self.query_one("#consent-heads", SelectionList).selected)
        if not ticked:
            self.query_one(".form-error", Static).update(
                Content("Tick at least one head (space), or escape to cancel.")
            )
            return
        writer, meeting_id, now = app.writer, self.meeting_id, app.now()
        first = decision

        def consent(db: Database) -> tuple[Decision, list[str], TandemError | None]:
            """Each ticked head's approval, in turn; stops at the first refusal."""
            latest = first
            done: list[str] = []
            for head_id in ticked:
                try:
                    latest = approve(
                        db, writer, latest.id, for_head=head_id, meeting_id=meeting_id, now=now
                    )
                except TandemError as exc:
                    return latest, done, exc
                done.append(get_person(db, head_id).name)
            return latest, done, None

        def recorded(outcome: tuple[Decision, list[str], TandemError | None]) -> None:
            latest, done, refusal = outcome
            if refusal is not None:
                self.refused(refusal)
            if done:
                self.dismiss(Consented(latest, tuple(done)))
            else:
                self._show(latest)

        with self.refusals():
            self.write(consent, recorded)

    def refused(self, exc: TandemError) -> None:
        """In the dialog as well as a notification."""
        from tui.words import for_screen

        self.query_one(".form-error", Static).update(safe(for_screen(exc)))
        super().refused(exc)

    def action_cancel(self) -> None:
        self.dismiss(None)
