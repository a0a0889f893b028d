"""PersonPicker: choose one person by type-ahead over their names.

Usage (any screen or form)::

    picker = PersonPicker(people, placeholder="Owner — type a name")
    ...
    picker.person          # the chosen Person, or None
    picker.pick(person)    # set it from code
    @on(PersonPicker.Picked)  # posted when a person is chosen

Typing filters the people (names that start with the text first, then names
with a word that starts with it, then names that contain it); up/down move
through the matches; enter, tab or a click takes the highlighted one (enter then goes
on to the form: the next field, or saving once the required ones are filled). Leaving
the field with a partial name takes the best match, so "om<tab>" picks Omar.
The widget holds no database handle: its screen passes the people in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from db.errors import Invalid, NotFound
from db.lazyclass import dataclass
from db.models import Person
from tui.text import mixed

if TYPE_CHECKING:
    from textual.app import ComposeResult


def rank(people: Sequence[Person], query: str, limit: int) -> list[Person]:
    """The people whose names match ``query`` best, best first (case-insensitive)."""
    q = " ".join(query.casefold().split())
    if not q:
        return []
    starts, words, contains = [], [], []
    for person in people:
        name = person.name.casefold()
        if name.startswith(q):
            starts.append(person)
        elif any(w.startswith(q) for w in name.split()):
            words.append(person)
        elif q in name:
            contains.append(person)
    return (starts + words + contains)[:limit]


class PersonPicker(Widget):
    """A name field with a drop-down of matching people."""

    DEFAULT_CSS = """
    PersonPicker { height: auto; }
    PersonPicker > OptionList { height: auto; max-height: 8; display: none; border: none; padding: 0 1; }
    PersonPicker.-open > OptionList { display: block; }
    """
    BINDINGS = [
        Binding("down", "move(1)", "Next match", show=False),
        Binding("up", "move(-1)", "Previous match", show=False),
    ]

    @dataclass
    class Picked(Message):
        """A person was chosen in the picker."""

        picker: PersonPicker
        person: Person

        @property
        def control(self) -> PersonPicker:
            return self.picker

    def __init__(
        self,
        people: Sequence[Person],
        *,
        value: Person | None = None,
        placeholder: str = "type a name",
        limit: int = 6,
        refused: Mapping[int, str] | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """``refused``: why the acting person may not pick someone, by person id; those
        people are listed (greyed, with the reason) but can't be taken."""
        super().__init__(name=name, id=id, classes=classes)
        self._people = list(people)
        self._refused = dict(refused or {})
        self._picked: Person | None = value
        self._matches: list[Person] = []
        self._placeholder = placeholder
        self._limit = limit

    def compose(self) -> ComposeResult:
        yield Input(
            value=self._picked.name if self._picked else "",
            placeholder=self._placeholder,
            select_on_focus=False,
        )
        options = OptionList()
        options.can_focus = False  # focus stays in the field; up/down drive the list
        yield options

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def people(self) -> list[Person]:
        return list(self._people)

    def set_people(self, people: Sequence[Person]) -> None:
        """Replace the people to choose from (a pick that is no longer there is dropped)."""
        self._people = list(people)
        if self._picked and all(p.id != self._picked.id for p in self._people):
            self._picked = None

    def refusal(self, person: Person) -> str | None:
        """Why the acting person may not pick ``person`` (None: they may)."""
        return self._refused.get(person.id)

    @property
    def person(self) -> Person | None:
        """The chosen person: the one picked, else an exact name, else the best match
        (best among those who may be picked; an exact name is taken even when refused,
        so the refusal can say why)."""
        text = self.input.value.strip()
        if self._picked and self._picked.name.casefold() == text.casefold():
            return self._picked
        if not text:
            return None
        exact = [p for p in self._people if p.name.casefold() == text.casefold()]
        if exact:
            return exact[0]
        allowed = [p for p in self._people if p.id not in self._refused]
        best = rank(allowed, text, 1)
        return best[0] if best else None

    def unknown(self) -> NotFound:
        """The refusal for a typed name that matches nobody, with the CLI's "did you mean"."""
        from db.names import suggest

        text = self.input.value.strip()
        return NotFound("person", text, suggestions=suggest([p.name for p in self._people], text))

    def chosen(self, *, required: str) -> Person:
        """The chosen person.

        Raises:
            Invalid: the field is empty (``required`` says why someone is needed).
            NotFound: a name was typed that matches nobody, with the close names.
        """
        person = self.person
        if person is not None:
            return person
        if self.input.value.strip():
            raise self.unknown()
        raise Invalid(required)

    def optional_person_id(self) -> int | None:
        """The chosen person's id; None when the field is empty.

        Raises:
            NotFound: a name was typed that matches nobody (never silently "nobody").
        """
        text = self.input.value.strip()
        person = self.person
        if text and person is None:
            raise self.unknown()
        return person.id if person else None

    def pick(self, person: Person | None) -> None:
        """Choose ``person`` (None clears the field)."""
        self._picked = person
        with self.input.prevent(Input.Changed):
            self.input.value = person.name if person else ""
        self.input.cursor_position = len(self.input.value)
        self._show([])
        if person is not None:
            self.post_message(self.Picked(self, person))

    def focus(self, scroll_visible: bool = True) -> PersonPicker:
        self.input.focus(scroll_visible)
        return self

    def _show(self, matches: list[Person]) -> None:
        # Those who may be picked first; the others after them, greyed, saying why not.
        matches = [p for p in matches if p.id not in self._refused] + [
            p for p in matches if p.id in self._refused
        ]
        self._matches = matches
        options = self.query_one(OptionList)
        options.set_options(self._option(p) for p in matches)
        allowed = [n for n, p in enumerate(matches) if p.id not in self._refused]
        options.highlighted = allowed[0] if allowed else None
        self.set_class(bool(matches), "-open")

    def _option(self, person: Person) -> Option:
        why = self._refused.get(person.id)
        if why is None:
            label = mixed("$name [dim]$dept[/]", name=person.name, dept=person.department or "")
            return Option(label, id=str(person.id))
        label = mixed(
            "$name [dim]$dept — $why[/]",
            name=person.name,
            dept=person.department or "",
            why=why,
        )
        return Option(label, id=str(person.id), disabled=True)

    def _highlighted(self) -> Person | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self._matches):
            return None
        person = self._matches[index]
        return None if person.id in self._refused else person

    @on(Input.Changed)
    def _filter(self, event: Input.Changed) -> None:
        event.stop()
        text = event.value.strip()
        if self._picked and self._picked.name.casefold() == text.casefold():
            self._show([])
            return
        self._picked = None
        self._show(rank(self._people, text, self._limit))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        choice = self._highlighted() if self._matches else None
        if choice is not None:
            # Enter takes the highlighted match and goes on to the form (which moves to
            # the next field or saves): the first enter always does something.
            self.pick(choice)

    @on(Input.Blurred)
    def _blurred(self, event: Input.Blurred) -> None:
        event.stop()
        if self._matches:
            choice = self._highlighted()
            if choice is not None:
                self.pick(choice)

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self._matches):
            self.pick(self._matches[event.option_index])

    def action_move(self, offset: int) -> None:
        options = self.query_one(OptionList)
        if not self._matches:
            return
        if offset > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def describe(self) -> str:
        """The chosen person's name for messages (empty when none)."""
        person = self.person
        return person.name if person else ""
