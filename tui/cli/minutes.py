"""``tandem minutes``: a meeting's minutes as Markdown, HTML, JSON or text."""

from __future__ import annotations

import click

from db.text import clean
from tui.cli.env import Env, pass_env, say
from tui.export import FORMATS, check_target, render, write_atomic


@click.command()
@click.argument("meeting_id", type=int)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="markdown",
    show_default=True,
    help="Markdown, a standalone HTML page, JSON for other tools, or plain text for an email.",
)
@click.option(
    "-o", "--output", type=click.Path(readable=False), help="Write to this file instead of stdout."
)
@click.option("--force", is_flag=True, help="Overwrite the -o file if it exists.")
@pass_env
def minutes(env: Env, meeting_id: int, fmt: str, output: str | None, force: bool) -> None:
    """Export a meeting's minutes; an open meeting exports as a draft.

    \b
    Example:
      tandem minutes 12 --format html -o minutes-12.html
    """
    if output is not None:
        # Refuse an existing file before any work; write_atomic checks again, race-free.
        check_target(output, force, database=env.path)
    from db.minutes import get_minutes  # only this command needs it

    record = get_minutes(env.db(), meeting_id)
    text = render(record, fmt)
    if output is None:
        # Bytes, so the minutes stay UTF-8 whatever the terminal's locale.
        click.echo(text.encode("utf-8"), nl=False)
        return
    target = write_atomic(output, text, force, database=env.path)
    kind = "draft minutes" if record.draft else "minutes"
    say(f"Wrote the {kind} of meeting {meeting_id} to {clean(str(target))}")
