"""The ``tandem`` command: a thin click layer over ``db/``.

Parse, call one or two ``db`` functions, render. Typed errors become one
``Error: `` line and an exit code of the README's table; Textual is imported only
when the TUI opens, and rich only when a human-readable table is printed.
"""

from __future__ import annotations

import io
import os
import re
import sqlite3
import sys
from collections.abc import Mapping
from typing import Any

import click

from db.errors import TandemError
from db.text import clean, one_line
from tui.cli.env import Env, default_db_path

EXIT_WRONG = 1
EXIT_UNUSABLE = 4
DISTRIBUTION = "tandem-team"  # pyproject.toml's [project] name: `pip install tandem-team`


# A quoted value in a message (a mistyped name, a refused title) is cut to this much.
_LONG_QUOTE = re.compile(r"'[^']{120,}'|\"[^\"]{120,}\"")
_SURROGATE = re.compile("[\ud800-\udfff]")  # what undecodable bytes become (PEP 383)


def _one_line(message: str) -> str:
    """One line, control characters out, a long quoted value shortened (it can be 100,000 chars)."""
    text = one_line(message)
    text = _LONG_QUOTE.sub(lambda m: m.group(0)[:100] + "…" + m.group(0)[-1], text)
    # An unquoted path can be long too; the end says what to do, so it stays.
    return text if len(text) <= 600 else text[:450] + " … " + text[-150:]


def load(target: str) -> click.Command:
    """The command at ``"module:attribute"``, importing its module."""
    module, _, attribute = target.partition(":")
    # ``__import__`` rather than ``importlib.import_module``: the same import, but through
    # the import statement's path, so ``python -X importtime`` reports the module too.
    command = getattr(__import__(module, fromlist=[attribute]), attribute)
    if not isinstance(command, click.Command):
        raise TypeError(f"{target} is not a click command")
    return command


def _undecodable(argv: list[str]) -> str | None:
    """The first argument (or TANDEM_* value) holding bytes that aren't UTF-8, shown safely.

    Python decodes such bytes to lone surrogates, which SQLite and JSON can't store.
    """
    named = [(f"the argument {a[:60]!r}", a) for a in argv] + [
        (f"${var}", os.environ.get(var, "")) for var in ("TANDEM_DB", "TANDEM_USER")
    ]
    for label, value in named:
        if _SURROGATE.search(value):
            shown = label.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
            return _one_line(shown)
    return None


class TandemGroup(click.Group):
    """Maps every failure to one ``Error:`` line and a contract exit code; loads commands lazily.

    ``lazy`` maps a command's name to ``("module:attribute", one-line help)``. The
    module is imported, and the command added with ``add_command``, only when the
    command runs (or its own help is asked for); the listing of ``tandem --help``
    shows the help from the table, so it imports none of them. This is click's
    documented lazy group ("Lazily Loading Subcommands"), with the help kept here.
    """

    def __init__(
        self, *args: Any, lazy: Mapping[str, tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, tuple[str, str]] = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            self.add_command(load(self.lazy[cmd_name][0]), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # As click's own listing, but a command not loaded yet shows the table's help.
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        listed = []
        for name in names:
            if name in self.commands or name not in self.lazy:
                command = self.get_command(ctx, name)
                if command is None or command.hidden:
                    continue
                listed.append((name, command.get_short_help_str(limit)))
            else:
                # Shortened to fit by click's own rule, on a stand-in that imports nothing.
                stand_in = click.Command(name, help=self.lazy[name][1])
                listed.append((name, stand_in.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(listed)

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
            from tui.cli.words import for_shell

            err = translate(exc)
            click.echo(f"Error: {_one_line(for_shell(err))}", err=True)
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


# Every command: where it lives and its one-line help for the listing (a test checks that
# each entry loads and that its help is the command's own). Registered by name, imported on use.
COMMANDS: dict[str, tuple[str, str]] = {
    "agenda": ("tui.cli.meetings:agenda", "A meeting's agenda."),
    "backlog": (
        "tui.cli.ideas:backlog",
        "The agenda backlog: parked items and accepted ideas not yet planned.",
    ),
    "backup": (
        "tui.cli.backup:backup",
        "Write a consistent copy of the database to PATH (mode 0600).",
    ),
    "calendar": (
        "tui.cli.calendar:calendar",
        "Export meetings and open tasks' due dates as an iCalendar (.ics) file.",
    ),
    "check": ("tui.cli.core:check", "Check integrity and rules; list what is overlooked."),
    "credits": (
        "tui.cli.ideas:credits",
        "Credit for ideas, per person: submitted, accepted, implemented (counted, never typed).",
    ),
    "decide": (
        "tui.cli.meetings:decide",
        "Record a decision of a meeting (facilitator, admin, task-force lead).",
    ),
    "decision": (
        "tui.cli.decisions:decision",
        "The decision log: search it, follow what supersedes what; approve proposals.",
    ),
    "demo": (
        "tui.cli.demo:demo",
        "Build a demo company (people, heads, meetings, decisions, task forces) and open it.",
    ),
    "dept": ("tui.cli.people:dept", "Departments: add one, appoint its head, list them."),
    "field": (
        "tui.cli.ideas:field",
        "Field days: a day spent working beside someone of the other department.",
    ),
    "goal": (
        "tui.cli.goals:goal",
        "Shared goals: targets both departments win or lose on together.",
    ),
    "idea": (
        "tui.cli.ideas:idea",
        "Ideas from the field, with credit: add, decide, plan onto an agenda, mark implemented.",
    ),
    "init": (
        "tui.cli.core:init",
        "Create a database with departments Sales and Marketing and its admin.",
    ),
    "lead": (
        "tui.cli.agreements:lead",
        "The sales-ready lead definition: versions both heads approve.",
    ),
    "log": (
        "tui.cli.audit:log",
        "The audit log, oldest first: every change, who made it, from which login.",
    ),
    "meeting": ("tui.cli.meetings:meeting", "Meetings: plan, attend, run, close, amend."),
    "minutes": (
        "tui.cli.minutes:minutes",
        "Export a meeting's minutes; an open meeting exports as a draft.",
    ),
    "person": (
        "tui.cli.people:person",
        "People: add someone to a department, edit them, mark them as having left, list everyone.",
    ),
    "propose": (
        "tui.cli.decisions:propose",
        "Propose a two-key decision outside a meeting (anyone); the bound heads approve it.",
    ),
    "role": ("tui.cli.roles:role", "Areas of responsibility: who owns which area of work."),
    "sla": (
        "tui.cli.agreements:sla",
        "The SLA register: what each department commits to deliver to the other.",
    ),
    "task": (
        "tui.cli.tasks:task",
        "Tasks: one owner each; add, list, complete, reassign, see history.",
    ),
    "taskforce": (
        "tui.cli.taskforces:taskforce",
        "Task forces: a few people from both departments solving one problem.",
    ),
    "verify": (
        "tui.cli.audit:verify",
        "Check exported JSON minutes against the database's sealed record (exit 4 if they differ).",
    ),
    "whoami": (
        "tui.cli.audit:whoami",
        "Who is acting: the person bound to your login (and who delegated, with --as).",
    ),
}


@click.group(
    cls=TandemGroup,
    lazy=COMMANDS,
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
# The distribution's name, not the command's: see pyproject.toml.
@click.version_option(package_name=DISTRIBUTION, prog_name="tandem")
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
        from tui.app import make_app

        if env.acting is not None and env.acting.strip():
            # Opened once, here: --as must be allowed before the app starts (exit 3 otherwise).
            app = make_app(env.path, env.acting, db=env.db())
        else:
            # An initialised database (exit 4 otherwise), read without opening it: the app
            # opens it once its first frame is out and resolves who acts from the login
            # (read only when bound to nobody).
            env.check_initialised()
            app = make_app(env.path, checked=True)
        app.run()
        if app.open_error is not None:
            raise app.open_error  # the file changed under the app before it could open it


def main() -> None:
    cli(prog_name="tandem")
