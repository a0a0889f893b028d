"""Bind an OS login to a person, or clear it: the People screen's `l` (the admin's)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.content import Content
from textual.widgets import Input, Label, Static

from db.models import Person
from tui.dialogs.form import FormScreen
from tui.text import mixed

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlite_utils import Database
    from textual.app import ComposeResult


class LoginForm(FormScreen[Person]):
    """One field: the login, prefilled with the current one; empty unbinds it.

    The form calls ``db.people.bind_login`` itself, so a refusal (not the
    admin, no such login, a login someone else has, the admin's own login
    removed) shows in the form with what was typed still there.
    """

    TITLE_TEXT = "Login"

    def __init__(self, person: Person) -> None:
        super().__init__()
        self.person = person

    def heading(self) -> Content:
        return mixed("OS login of [b]$name[/]", name=self.person.name)

    def fields(self) -> ComposeResult:
        yield Static(
            Content(
                "Tandem acts as the person bound to the login that runs it. "
                "Leave empty to unbind (that login can then read, not write)."
            )
        )
        yield Label(Content("Login"))
        yield Input(value=self.person.login or "", placeholder="e.g. maya", id="login")

    def prepare(self) -> Callable[[Database], Person]:
        from db.people import bind_login

        app: Any = self.app
        value = self.value("login").strip()
        # The app's actor as is: None (read only) still lets the file's owner rebind
        # the admin (recovery); otherwise db/ refuses it like any other write.
        actor, person_id = app.actor, self.person.id
        return lambda db: bind_login(db, actor, person_id, value or None)
