"""What every command shares: the database path, the acting person, output helpers."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from sqlite_utils import Database

from db.connection import open_db
from db.models import Person


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("tandem", appauthor=False)) / "tandem.db"


class Env:
    """Opens the database on first use, so ``--help`` and usage errors touch no file."""

    def __init__(self, path: str, acting: str | None) -> None:
        self.path = path
        self.acting = acting
        self._db: Database | None = None
        self._actor: Person | None = None

    def db(self, *, create: bool = False) -> Database:
        if self._db is None:
            self._db = open_db(self.path, create=create)
        return self._db

    def actor(self) -> Person:
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
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def say(message: str) -> None:
    """A short confirmation line; user text inside it is never markup."""
    click.echo(message)
