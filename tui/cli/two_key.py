"""What the two-key record commands share (``tandem sla``, ``tandem goal``, ``tandem lead``).

A two-key record is proposed as a two-key decision, retired by another one, and listed with
its status; the commands differ only in the record's words, options and columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, TypeVar

import click

from db.models import Decision
from tui.cli import render
from tui.cli.env import Env, emit_json, json_option, pass_env, say


class _Record(Protocol):
    def to_json(self) -> dict[str, Any]: ...


Record = TypeVar("Record", bound=_Record)


def state(status: str) -> str:
    """A record's status as people read it (``in-force`` → ``in force``)."""
    return status.replace("-", " ")


def say_proposed(what: str, decision_id: int) -> None:
    """``Proposed WHAT as decision N; the heads approve it with ...``."""
    say(
        f"Proposed {what} as decision {decision_id}; the heads approve it with "
        f"`tandem decision approve {decision_id}`"
    )


def proposed(made: Any, what: str, *, as_json: bool) -> None:
    """The answer to proposing a record (``made``, with ``decision_id``): it, or a line."""
    if as_json:
        emit_json(made.to_json())
        return
    say_proposed(what, made.decision_id)


def listing(
    found: Sequence[Record],
    *,
    as_json: bool,
    empty: str,
    headers: Sequence[str],
    row: Callable[[Record], list[render.Cell]],
    numeric: Sequence[str] = ("ID",),
) -> None:
    """Records as a JSON list, a line saying there are none, or a table of one row each."""
    if as_json:
        emit_json([r.to_json() for r in found])
        return
    if not found:
        say(empty)
        return
    render.table(list(headers), (row(r) for r in found), numeric=tuple(numeric))


def add_retire(group: click.Group, a_noun: str, retire: Callable[[Env, int], Decision]) -> None:
    """``tandem GROUP retire ID``: propose to retire record ID (``retire`` does it in db/).

    ``a_noun`` names the record in the help text (``an SLA``, ``a goal``)."""
    noun = a_noun.split(" ", 1)[1]

    def command(env: Env, record_id: int, as_json: bool) -> None:
        made = retire(env, record_id)
        if as_json:
            emit_json(made.to_json())
            return
        say(
            f"Proposed to retire {noun} {record_id} as decision {made.id}; the heads approve it "
            f"with `tandem decision approve {made.id}`"
        )

    command.__doc__ = (
        f"Propose to retire {a_noun} (anyone): retired once both heads approve.\n\n"
        f"\b\nExample:\n  tandem {group.name} retire 2\n"
    )
    group.command("retire")(
        click.argument("record_id", metavar="ID", type=int)(json_option(pass_env(command)))
    )
