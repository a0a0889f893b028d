"""Mark a person as having left: what they hold, who takes it all over, what goes where.

``ask_leave(screen, person, done)`` is the People screen's door: the refusals that need no
question (not the admin nor their head, already left, the admin) come before the dialog
opens (``db.people_changes.require_may_leave``). The dialog lists everything the person
holds (``db.holdings``), offers a person picker for who takes it all over, and says what
will go where — and which department is left without a head — before anything changes.
``db.people_changes.leave_person`` does it in one transaction or refuses (nothing ownerless).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from textual import on
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Static

from db.errors import PermissionDenied, TandemError
from db.holdings import KINDS, Holding
from db.lazyclass import dataclass
from db.models import Person
from tui.dialogs.form import FormScreen
from tui.text import mixed, safe
from tui.widgets.person_picker import PersonPicker

if TYPE_CHECKING:
    from sqlite_utils import Database
    from textual.app import ComposeResult

    from db.people_changes import Left
    from tui.screens.base import TandemScreen

SHOWN_PER_KIND = 5  # holdings listed by name per kind; the rest are counted
# One of a kind of db.holdings.KINDS (its labels are plural); a kind missing here shows its key.
ONE = {
    "task": "open task",
    "area": "area",
    "headship": "headship",
    "task force lead": "task-force lead",
    "meeting": "meeting to facilitate",
    "co-facilitated meeting": "meeting to co-facilitate",
    "sla": "SLA",
    "goal": "shared goal",
}


def held_lines(held: Sequence[Holding], limit: int = SHOWN_PER_KIND) -> list[Content]:
    """What the person holds, kind by kind: a count, then the first few by name."""
    if not held:
        return [safe("They hold nothing: no one needs to take anything over.")]
    lines: list[Content] = []
    for key, kind in KINDS.items():
        mine = [h for h in held if h.kind == key]
        if not mine:
            continue
        lines.append(mixed("[b]$label[/] ($n)", label=kind.label.capitalize(), n=len(mine)))
        lines += [mixed("  $what", what=str(h)) for h in mine[:limit]]
        if len(mine) > limit:
            lines.append(mixed("  [dim]… and $n more[/]", n=len(mine) - limit))
    return lines


def plan_lines(held: Sequence[Holding], actor: Person, successor: Person | None) -> list[Content]:
    """What will go where once ``successor`` takes over, and the departments left headless."""
    from db.people_changes import headship_goes_to

    if not held:
        return []
    if successor is None:
        return [safe("Pick who takes it all over to see where each thing goes.")]
    moving = [h for h in held if h.kind != "headship"]
    lines: list[Content] = []
    if moving:
        # Counts only: the list above names each one.
        counts = []
        for key, kind in KINDS.items():
            n = sum(1 for h in moving if h.kind == key)
            if n:
                counts.append(f"{n} {kind.label if n > 1 else ONE.get(key, key)}")
        lines.append(mixed("To [b]$who[/]: $what", who=successor.name, what=", ".join(counts)))
    for headship in (h for h in held if h.kind == "headship"):
        if headship_goes_to(actor, successor, headship.id):
            lines.append(
                mixed(
                    "To [b]$who[/]: the headship of $dept",
                    who=successor.name,
                    dept=headship.name,
                )
            )
        else:
            lines.append(
                mixed(
                    "[b $warning]Warning:[/] $dept will have no head; the admin appoints one "
                    "(People screen, key h)",
                    dept=headship.name,
                )
            )
    return lines


class LeaveDialog(FormScreen["Left"]):
    """Everything ``person`` holds, who takes it over, what goes where; Save marks them left."""

    DEFAULT_CSS = """
    LeaveDialog #held-box { height: auto; max-height: 25vh; }
    LeaveDialog #plan { height: auto; }
    """

    PERSON_FIELD = "successor"

    def __init__(
        self,
        person: Person,
        held: Sequence[Holding],
        people: Sequence[Person],
        actor: Person,
        refused: Mapping[int, str] | None = None,
    ) -> None:
        """``refused``: why ``actor`` can't hand it all to someone, by person id (greyed)."""
        super().__init__()
        self.person = person
        self.held = list(held)
        self.people = [p for p in people if p.id != person.id and not p.has_left]
        self.actor = actor
        self.not_allowed = dict(refused or {})

    def heading(self) -> Content:
        return mixed("Mark [b]$name[/] as having left", name=self.person.name)

    def fields(self) -> ComposeResult:
        # What they hold scrolls in its own box, so the picker, what goes where and the
        # buttons stay in sight at 80x24 however much it is.
        with VerticalScroll(id="held-box"):
            yield Static(Content("\n").join(held_lines(self.held)), id="held")
        if self.held:
            yield PersonPicker(
                self.people,
                placeholder="Who takes it all over — type a name",
                refused=self.not_allowed,
                id="successor",
            )
            yield Static(Content(""), id="plan")

    def on_mount(self) -> None:
        self.query_one("#save", Button).label = Content("Mark as left")
        if self.held:
            self.query_one(PersonPicker).focus()
            self._show_plan()
        else:
            self.query_one("#cancel", Button).focus()

    def complete(self) -> bool:
        """Enter in the picker never marks them left: it takes the match and moves on to
        the button, with what goes where on screen; enter there (or ctrl+s) does it."""
        if not self.held:
            return True
        picker = self.query_one(PersonPicker)
        return picker.person is not None and not picker.input.has_focus

    @property
    def successor(self) -> Person | None:
        return self.query_one(PersonPicker).person if self.held else None

    @on(PersonPicker.Picked)
    @on(Input.Changed)
    def _show_plan(self) -> None:
        if self.held:
            lines = plan_lines(self.held, self.actor, self.successor)
            self.query_one("#plan", Static).update(Content("\n").join(lines))

    def prepare(self) -> Callable[[Database], Left]:
        from db.people_changes import leave_person

        app: Any = self.app
        successor = self.query_one(PersonPicker).optional_person_id() if self.held else None
        writer, person_id, now = app.writer, self.person.id, app.now()
        return lambda db: leave_person(db, writer, person_id, to=successor, now=now)

    def fault_field(self, exc: TandemError) -> str | None:
        # Every refusal here is about who takes over (or that no one was named).
        return self.PERSON_FIELD if self.held else None


def why_not(exc: TandemError) -> str:
    """Why someone can't take it all over, short enough for a picker's line: a permission
    refusal by its first 'who may' (the full message comes if they are picked anyway)."""
    from tui.words import for_screen

    if isinstance(exc, PermissionDenied) and exc.who_may and exc.action:
        return f"only {exc.who_may[0]} may {exc.action}"
    return for_screen(exc)


@dataclass(frozen=True)
class Leaving:
    """What the leave dialog shows: the person now, what they hold, who may take it over."""

    person: Person
    held: list[Holding]
    people: list[Person]
    refused: dict[int, str]  # why ``writer`` can't hand it all to them, by person id


def _read_leaving(db: Database, writer: Person, person_id: int) -> Leaving:
    """The person as they are now, refused when they can't be marked as having left, what
    they hold and who may take it over; on the reader thread (each candidate is checked
    against the database there)."""
    from db.holdings import holdings
    from db.people import get_person, list_people
    from db.people_changes import require_may_leave, successor_check

    fresh = get_person(db, person_id)
    require_may_leave(db, writer, fresh)
    held = list(holdings(db, fresh))
    people = [p for p in list_people(db) if p.id != fresh.id and not p.has_left]
    refused: dict[int, str] = {}
    if held:
        check = successor_check(db, writer, fresh, held)
        for candidate in people:
            try:
                check(candidate)
            except TandemError as exc:
                refused[candidate.id] = why_not(exc)
    return Leaving(fresh, held, people, refused)


def ask_leave(screen: TandemScreen, person: Person | None, done: Callable[[], None]) -> None:
    """Open the leave dialog for ``person`` — or, when it can't be done, only say why.

    What the dialog needs is read on the reader thread (``Refusals.read``); it opens when
    that comes back, or the refusal is shown instead.
    """
    if person is None:
        return
    app = screen.tandem

    def finished(left: Left | None) -> None:
        if left is None:
            return
        if left.successor is not None and left.moved:
            n = len(left.moved)
            app.notify(
                mixed(
                    "$name has left; $n $things went to $who",
                    name=left.person.name,
                    n=n,
                    things="thing" if n == 1 else "things",
                    who=left.successor.name,
                )  # type: ignore[arg-type]  # Content renders as is
            )
        else:
            app.notify(mixed("$name has left; they held nothing", name=left.person.name))  # type: ignore[arg-type]
        for dept in left.headless:
            app.notify(
                mixed(
                    "$dept has no head now; the admin appoints one (People screen, key h)",
                    dept=dept,
                ),  # type: ignore[arg-type]
                title="No head",
                severity="warning",
                timeout=12,
            )
        done()

    with screen.refusals():
        writer, person_id = app.writer, person.id

        def opened(found: Leaving) -> None:
            dialog = LeaveDialog(found.person, found.held, found.people, writer, found.refused)
            app.push_screen(dialog, finished)

        screen.read(lambda db: _read_leaving(db, writer, person_id), opened, key="dialog")
