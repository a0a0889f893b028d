"""The live meeting's dialogs: record a decision, add an action item, attendance.

The action-item form flags a near-duplicate right there (naming the existing
task and its owner) and offers to keep both; nothing is added until the
facilitator chooses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from db.dates import local_today
from db.errors import Duplicate, TandemError
from db.models import Attendee, Decision, Person, Task
from tui.dialogs.form import FormScreen
from tui.refusals import Refusals
from tui.text import mixed, safe_line
from tui.widgets.person_picker import PersonPicker

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlite_utils import Database
    from textual.app import ComposeResult


class DecisionForm(FormScreen[Decision]):
    """Record a decision on the current item: text, rationale, optional "supersedes"."""

    REQUIRED = ("text",)

    def __init__(self, meeting_id: int, item_position: int | None, item_title: str) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.item_position = item_position
        self.item_title = item_title

    def heading(self) -> Content:
        if self.item_position is None:
            return Content("Record a decision")
        return mixed(
            "Record a decision on item $pos: $title",
            pos=self.item_position,
            title=self.item_title[:80],
        )

    def fields(self) -> ComposeResult:
        yield Label("Decision")
        yield Input(placeholder="what was decided", id="text")
        yield Label("Rationale (optional)")
        yield Input(placeholder="why", id="rationale")
        yield Label("Supersedes decision (optional id)")
        yield Input(placeholder="e.g. 12", id="supersedes", restrict=r"\d*")

    def prepare(self) -> Callable[[Database], Decision]:
        return self.recording()

    def recording(
        self, *, two_key: bool = False, binds: list[str | int] | None = None
    ) -> Callable[[Database], Decision]:
        """The decision the fields say, to record (a two-key one binding ``binds``)."""
        from db.decisions import record_decision

        app: Any = self.app
        supersedes = self.value("supersedes").strip()
        writer, text, rationale = app.writer, self.value("text"), self.value("rationale")
        meeting_id, position, now = self.meeting_id, self.item_position, app.now()
        return lambda db: record_decision(
            db,
            writer,
            text,
            meeting_id=meeting_id,
            item_position=position,
            rationale=rationale,
            supersedes=int(supersedes) if supersedes else None,
            two_key=two_key,
            binds=binds,
            now=now,
        )


class ActionItemForm(FormScreen[Task]):
    """Add an action item: title, one owner (type-ahead), due date (CLI forms)."""

    REQUIRED = ("title",)
    PERSON_FIELD = "owner"
    BINDINGS = [
        *FormScreen.BINDINGS,
        Binding("ctrl+k", "keep_both", "Keep both", show=False, priority=True),
    ]

    def __init__(
        self,
        meeting_id: int | None,
        item_id: int | None,
        people: list[Person],
        refused: dict[int, str] | None = None,
    ) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.item_id = item_id
        self.people = people
        self.not_theirs = refused or {}
        self.duplicate: Duplicate | None = None

    def heading(self) -> Content:
        return Content("Add an action item")

    def fields(self) -> ComposeResult:
        from db.dates import DATE_FORMS

        yield Label("Action item")
        yield Input(placeholder="what needs doing", id="title")
        yield Label("Owner (exactly one person)")
        yield PersonPicker(
            self.people, placeholder="type a name", refused=self.not_theirs, id="owner"
        )
        yield Label("Due (optional)")
        yield Input(placeholder=DATE_FORMS, id="due")
        with Vertical(classes="duplicate"):
            yield Static(Content(""), id="duplicate-text")
            with Horizontal(classes="form-buttons"):
                yield Button(Content("Keep both (ctrl+k)"), variant="warning", id="keep")
                yield Button(Content("Edit mine"), id="edit")

    def complete(self) -> bool:
        return bool(self.value("title").strip()) and self.query_one(PersonPicker).person is not None

    def _add(self, allow_duplicate: bool) -> Callable[[Database], Task]:
        """Check the fields here; the write to make with them (on the app's write lane)."""
        from db.dates import parse_date
        from db.tasks import add_task

        app: Any = self.app
        picker = self.query_one(PersonPicker)
        with self.blame("owner"):
            owner = picker.chosen(required="an action item needs an owner")
        due_text = self.value("due").strip()
        today = local_today(app.now())
        with self.blame("due"):
            due = parse_date(due_text, today=today) if due_text else None
        writer, title, meeting_id, item_id, now = (
            app.writer,
            self.value("title"),
            self.meeting_id,
            self.item_id,
            app.now(),
        )
        return lambda db: add_task(
            db,
            writer,
            title,
            owner.id,
            due=due,
            meeting_id=meeting_id,
            agenda_item_id=item_id,
            allow_duplicate=allow_duplicate,
            now=now,
        )

    def prepare(self) -> Callable[[Database], Task]:
        return self._add(allow_duplicate=False)

    def action_save(self) -> None:
        """Save; an owner the picker shows greyed is refused first, the way ``db/`` words
        it (it refuses the same way on save), before any other field is checked."""
        owner = self._greyed_owner()
        if owner is None:
            super().action_save()
            return
        from db.permissions import require_give_task

        self._blamed = None
        with self.refusals():
            writer, meeting_id = self.tandem.writer, self.meeting_id
            # Read on the reader thread: refused, the refusal shows here on the owner;
            # allowed meanwhile, the save goes on.
            self.read(
                lambda db: require_give_task(db, writer, owner, meeting_id),
                lambda _: super(ActionItemForm, self).action_save(),
                key="owner",
            )

    def _greyed_owner(self) -> Person | None:
        """The owner chosen, when the picker shows them refused (else None)."""
        picker = self.query_one(PersonPicker)
        try:
            owner = picker.chosen(required="an action item needs an owner")
        except TandemError:
            return None  # the save says why, on the owner field
        return owner if picker.refusal(owner) is not None else None

    def refused(self, exc: TandemError) -> None:
        if isinstance(exc, Duplicate):
            self.flag(exc)  # not a refusal to show: a question (keep both, or edit mine)
            return
        super().refused(exc)

    def flag(self, dup: Duplicate) -> None:
        """Show the near-duplicate with the choice to keep both."""
        self.duplicate = dup
        self.query_one("#duplicate-text", Static).update(
            mixed(
                "[b $warning]Near-duplicate:[/] task $id [b]$title[/] (owner $owner) is already open.",
                id=dup.existing_id,
                title=dup.existing_title[:200],
                owner=dup.owner,
            )
        )
        self.query_one(".duplicate").add_class("-shown")
        self.show_problem("")
        self.query_one("#keep", Button).focus()

    @on(Input.Changed, "#title")
    def _title_changed(self) -> None:
        # A different title needs a fresh check, so the old flag goes.
        if self.duplicate is not None:
            self.duplicate = None
            self.query_one(".duplicate").remove_class("-shown")

    @on(Button.Pressed, "#keep")
    def action_keep_both(self) -> None:
        if self.duplicate is None:
            return
        with self.refusals():
            self.write(self._add(allow_duplicate=True), self._saved)

    @on(Button.Pressed, "#edit")
    def _edit(self) -> None:
        self.query_one("#title", Input).focus()


class AttendanceDialog(Refusals, ModalScreen[None]):
    """Mark who is present: space toggles a person, minus marks them absent, typing a name
    filters the list (backspace undoes), and each mark is saved at once."""

    CSS_PATH = "forms.tcss"
    # enter would toggle the highlighted person in the list; here it means "done".
    BINDINGS = [
        Binding("escape", "close", "Done"),
        Binding("enter", "close", "Done", priority=True, show=False),
        Binding("minus", "absent", "Absent", show=False),
    ]

    def __init__(
        self, meeting_id: int, people: list[Person], attendees: tuple[Attendee, ...]
    ) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.people = people
        self.present = {a.person_id for a in attendees if a.present}
        self.absent = {a.person_id for a in attendees if not a.present}
        self.query_text = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Label(
                Content(
                    "Attendance — space toggles present, - marks absent, "
                    "type to filter, enter when done"
                ),
                classes="form-title",
            )
            yield Static(Content(""), id="attendance-filter")
            yield SelectionList[int](*self._selections())
            yield Static(Content(""), classes="form-error")

    def _shown(self) -> list[Person]:
        from tui.widgets.person_picker import rank

        if not self.query_text:
            return self.people
        return rank(self.people, self.query_text, len(self.people))

    def _selections(self) -> list[Selection[int]]:
        return [
            Selection(
                mixed(
                    "$name [dim]$dept[/]$absent",
                    name=p.name,
                    dept=p.department or "no department",
                    absent="  (absent)" if p.id in self.absent else "",
                ),
                p.id,
                p.id in self.present,
            )
            for p in self._shown()
        ]

    def _refill(self) -> None:
        listing = self.query_one(SelectionList)
        highlighted = listing.highlighted
        listing.clear_options()
        listing.add_options(self._selections())
        if listing.option_count:
            listing.highlighted = min(highlighted or 0, listing.option_count - 1)
        self.query_one("#attendance-filter", Static).update(
            mixed("[dim]filter:[/] $text", text=self.query_text) if self.query_text else ""
        )

    def on_key(self, event: Any) -> None:
        """Letters typed filter the list; backspace takes the last one back."""
        character = event.character
        if event.key == "backspace" and self.query_text:
            self.query_text = self.query_text[:-1]
        elif character and (character.isalpha() or character in ".'") and event.key != "space":
            self.query_text += character
        else:
            return
        event.stop()
        event.prevent_default()
        self._refill()

    @on(SelectionList.SelectionToggled)
    def _toggled(self, event: SelectionList.SelectionToggled[int]) -> None:
        person_id = event.selection.value
        self._mark(person_id, person_id in event.selection_list.selected)

    def _mark(self, person_id: int, present: bool, *, refill: bool = False) -> None:
        from db.meetings import mark_attendance

        app: Any = self.app

        def marked(_: object) -> None:
            (self.present.add if present else self.present.discard)(person_id)
            (self.absent.discard if present else self.absent.add)(person_id)
            if refill:
                self._refill()

        with self.refusals():
            writer, meeting_id = app.writer, self.meeting_id
            self.write(
                lambda db: mark_attendance(db, writer, meeting_id, [person_id], present=present),
                marked,
            )

    def action_absent(self) -> None:
        listing = self.query_one(SelectionList)
        if listing.highlighted is None:
            return
        person_id = listing.get_option_at_index(listing.highlighted).value
        self._mark(person_id, False, refill=True)

    def refused(self, exc: TandemError) -> None:
        """In the dialog as well as a notification."""
        from tui.words import for_screen

        self.query_one(".form-error", Static).update(safe_line(for_screen(exc)))
        super().refused(exc)

    def action_close(self) -> None:
        self.dismiss(None)


class TaskForm(ActionItemForm):
    """Add a task outside any meeting (from Tasks or Home): title, one owner, due date.

    People the acting person may not give a task to are listed greyed, with the reason."""

    def heading(self) -> Content:
        return Content("Add a task")


def task_form_choices(db: Database, writer: Person) -> tuple[list[Person], dict[int, str]]:
    """Everyone, and why ``writer`` may not give a task to some of them (by person id).

    A read: on the app's reader thread (``open_task_form``)."""
    from db.people import list_people
    from db.permissions import require_give_task
    from tui.words import refused_people

    people = list_people(db)
    return people, refused_people(people, lambda p: require_give_task(db, writer, p, None))


def open_task_form(node: Refusals, added: Callable[[Task | None], None]) -> None:
    """Open the add-a-task dialog for the acting person (``added`` gets the task, or None).

    Who may be given a task is worked out on the reader thread; the dialog opens with it.
    A login bound to nobody is refused at once (shown on ``node``)."""
    with node.refusals():
        writer = node.tandem.writer
        node.read(
            lambda db: task_form_choices(db, writer),
            lambda found: _open_form(node, TaskForm(None, None, *found), added),
            key="form",
        )


def _open_form(node: Refusals, form: TaskForm, added: Callable[[Task | None], None]) -> None:
    node.app.push_screen(form, added)
