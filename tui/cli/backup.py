"""``tandem backup``: a consistent copy while others keep working."""

from __future__ import annotations

import click

from db.backup import backup as take_backup
from db.text import clean
from tui.cli.env import Env, pass_env, say


@click.command()
@click.argument("path", type=click.Path(readable=False))
@click.option("--force", is_flag=True, help="Replace an existing file.")
@pass_env
def backup(env: Env, path: str, force: bool) -> None:
    """Write a consistent copy of the database to PATH (mode 0600).

    Safe while others are writing. To restore, stop Tandem everywhere and
    copy the backup over the database file (or point --db at it).

    \b
    Example:
      tandem backup ~/backups/tandem-$(date +%F).db
    """
    target = take_backup(env.db(), path, force=force)
    # Paths are typed text too: no control character reaches the terminal.
    say(f"Backed up {clean(env.path)} to {clean(str(target))}")
