"""The ``tandem`` command: a thin click layer over ``db/``.

Parse, call one or two ``db`` functions, render. Typed errors become one
``Error: `` line and the exit code of CONTRACT.md; Textual is imported only
when the TUI opens, and rich only when a human-readable table is printed.
"""

from __future__ import annotations

import io
import os
import re
import sqlite3
import sys
from typing import Any

import click

from db.errors import TandemError
from db.text import clean
from tui.cli.env import Env, default_db_path

EXIT_WRONG = 1
EXIT_UNUSABLE = 4


# A quoted value in a message (a mistyped name, a refused title) is cut to this much.
_LONG_QUOTE = re.compile(r"'[^']{120,}'|\"[^\"]{120,}\"")


def _one_line(message: str) -> str:
    """One line, control characters out, a long quoted value shortened (it can be 100,000 chars)."""
    text = " ".join(clean(message).split())
    text = _LONG_QUOTE.sub(lambda m: m.group(0)[:100] + "…" + m.group(0)[-1], text)
    # An unquoted path can be long too; the end says what to do, so it stays.
    return text if len(text) <= 600 else text[:450] + " … " + text[-150:]


def _undecodable(argv: list[str]) -> str | None:
    """The first argument (or TANDEM_* value) holding bytes that aren't UTF-8, shown safely.

    Python decodes such bytes to lone surrogates, which SQLite and JSON can't store.
    """
    named = [(f"the argument {a[:60]!r}", a) for a in argv] + [
        (f"${var}", os.environ.get(var, "")) for var in ("TANDEM_DB", "TANDEM_USER")
    ]
    for label, value in named:
        if any("\ud800" <= ch <= "\udfff" for ch in value):
            shown = label.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
            return _one_line(shown)
    return None


class TandemGroup(click.Group):
    """Maps every failure to one ``Error:`` line and a contract exit code."""

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        debug = os.environ.get("TANDEM_DEBUG") == "1"
        undecodable = _undecodable(sys.argv[1:] if args is None else list(args))
        if undecodable is not None:
            click.echo(
                f"Error: {undecodable} is not valid UTF-8 text; retype it (nothing was changed)",
                err=True,
            )
            sys.exit(EXIT_WRONG)
        try:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            # click quotes the offending value; typed escapes must not reach the terminal.
            shown = io.StringIO()
            exc.show(file=shown)
            click.echo(clean(shown.getvalue()), err=True, nl=False)
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("Error: aborted", err=True)
            sys.exit(EXIT_WRONG)
        except TandemError as exc:
            if debug:
                raise
            from tui.cli.words import for_shell

            click.echo(f"Error: {_one_line(for_shell(exc))}", err=True)
            sys.exit(exc.exit_code)
        except sqlite3.DatabaseError as exc:
            if debug:
                raise
            from db.connection import translate

            err = translate(exc)
            click.echo(f"Error: {_one_line(str(err))}", err=True)
            sys.exit(getattr(err, "exit_code", EXIT_UNUSABLE))
        except BrokenPipeError:
            sys.exit(0)
        except OSError as exc:  # a file named on the command line can't be used
            if debug:
                raise
            name = f" {exc.filename}" if exc.filename else ""
            click.echo(
                f"Error: {_one_line(f'{exc.strerror or exc}:{name}')} — check the path; "
                "nothing was changed",
                err=True,
            )
            sys.exit(EXIT_WRONG)
        except OverflowError as exc:  # an id or count beyond what SQLite can hold
            if debug:
                raise
            click.echo(
                f"Error: a number is too large ({_one_line(str(exc))}); ids and counts are "
                "at most 9223372036854775807 — nothing was changed",
                err=True,
            )
            sys.exit(EXIT_WRONG)
        except Exception as exc:  # the contract promises no traceback, even for our own bugs
            if debug:
                raise
            click.echo(
                f"Error: unexpected failure ({type(exc).__name__}: {_one_line(str(exc))}); "
                "nothing was changed — rerun with TANDEM_DEBUG=1 and report it",
                err=True,
            )
            sys.exit(EXIT_WRONG)


@click.group(
    cls=TandemGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--db",
    "db_path",
    envvar="TANDEM_DB",
    # No checks here: a directory, FIFO or unreadable file is db/'s to refuse (exit 4, not 2).
    type=click.Path(readable=False),
    help="The database file (env TANDEM_DB). Default: tandem.db in the user data directory.",
)
@click.option(
    "--as",
    "acting",
    envvar="TANDEM_USER",
    help="Act as NAME (env TANDEM_USER): the admin only, on the record. "
    "Default: the person bound to your login.",
)
@click.version_option(package_name="tandem")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, acting: str | None) -> None:
    """Sales and marketing, one team: joint meetings, single owners, decisions, minutes.

    With no command, opens the app on the database.

    \b
    Example:
      tandem --db team.db init --admin "Ada Admin"
      tandem --db team.db
    """
    env = Env(db_path or str(default_db_path()), acting)
    ctx.obj = env
    ctx.call_on_close(env.close)
    if ctx.invoked_subcommand is None:
        env.db()  # an initialised database, and --as allowed (exit 3 otherwise)
        env.close()
        from tui.app import make_app

        # The app resolves who acts from the login (read only when bound to nobody).
        make_app(env.path, env.acting, catch_errors=os.environ.get("TANDEM_DEBUG") != "1").run()


def main() -> None:
    cli(prog_name="tandem")


# Each module registers its commands on ``cli`` when imported.
from tui.cli import (  # noqa: E402
    audit,
    backup,
    core,
    decisions,
    demo,
    meetings,
    minutes,
    people,
    roles,
    taskforces,
    tasks,
)

_COMMAND_MODULES = (
    core,
    audit,
    backup,
    people,
    meetings,
    tasks,
    decisions,
    roles,
    taskforces,
    minutes,
    demo,
)
