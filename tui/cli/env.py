"""What every command shares: the database path, the acting person, output helpers."""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from db.connection import is_initialised, open_db
from db.errors import DatabaseUnusable

if TYPE_CHECKING:
    from sqlite_utils import Database

    from db.models import Person


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("tandem", appauthor=False)) / "tandem.db"


NOT_INITIALISED = "{path} is not initialised; run `tandem init --admin NAME` first"


class Env:
    """Opens the database on first use, so ``--help`` and usage errors touch no file."""

    def __init__(self, path: str, acting: str | None) -> None:
        self.path = path
        self.acting = acting
        self._db: Database | None = None
        self._actor: Person | None = None

    def db(self, *, create: bool = False, group: str | None = None) -> Database:
        if self._db is None:
            db = open_db(self.path, create=create, group=group)
            if not create and not is_initialised(db):
                db.close()
                raise DatabaseUnusable(NOT_INITIALISED.format(path=self.path))
            self._db = db
            if self.acting is not None and self.acting.strip():
                # --as is checked on every command, reading ones too (README: Who is acting).
                self.actor()
        return self._db

    def check_initialised(self) -> None:
        """What ``db()`` refuses, read from the file without opening it for writing: the
        app checks its file this way and opens it after its first frame."""
        from db.connection import check_usable

        if not check_usable(self.path).initialised:
            raise DatabaseUnusable(NOT_INITIALISED.format(path=self.path))

    def actor(self) -> Person:
        """The acting person: the login's own, or the one named by --as when the login is
        the admin's (exit 3 otherwise, and for a login bound to nobody)."""
        if self._actor is None:
            from db.people import acting_person

            self._actor = acting_person(self.db(), self.acting)
        return self._actor

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


pass_env = click.make_pass_decorator(Env)


def emit_json(document: Any) -> None:
    """One JSON document on stdout and nothing else: UTF-8, stable key order."""
    sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def console() -> Any:
    """A rich Console for human output: no colour under NO_COLOR or when piped."""
    from tui.cli.render import console as make

    return make()


def say(message: str) -> None:
    """A short confirmation line; user text inside it is never markup."""
    click.echo(message)


json_option = click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON document on stdout and nothing else."
)


def _root_params(ctx: click.Context) -> dict[str, Any]:
    return ctx.find_root().params


def complete_person(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of people's names, read from the database named so far.

    Completion must never fail loudly or create a file: any problem means no
    suggestions.
    """
    return _complete(ctx, incomplete, "people")


def complete_department(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    return _complete(ctx, incomplete, "departments")


def complete_task_force(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    return _complete(ctx, incomplete, "task_forces")


def _complete(ctx: click.Context, incomplete: str, kind: str) -> list[Any]:
    import os

    from click.shell_completion import CompletionItem

    from db.errors import TandemError

    params = _root_params(ctx)
    path = params.get("db_path") or os.environ.get("TANDEM_DB") or str(default_db_path())
    if not Path(path).expanduser().is_file():
        return []
    try:
        db = open_db(path)
    except (TandemError, OSError):
        return []
    try:
        if kind == "people":
            from db.people import list_people

            names = [p.name for p in list_people(db)]
        elif kind == "departments":
            from db.people import list_departments

            names = [d.name for d in list_departments(db)]
        else:
            from db.taskforces import list_task_forces

            names = [t.name for t in list_task_forces(db)]
    except (TandemError, sqlite3.Error):  # a broken database simply offers no completions
        return []
    finally:
        db.close()
    low = incomplete.casefold()
    return [CompletionItem(n) for n in names if n.casefold().startswith(low)]
