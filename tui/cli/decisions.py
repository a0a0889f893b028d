"""``tandem decision list|show``."""

from __future__ import annotations

import click

from db.decisions import chain, list_decisions
from db.models import Decision
from db.taskforces import get_task_force
from tui.cli import render
from tui.cli.env import Env, complete_task_force, emit_json, json_option, pass_env, say


@click.group()
def decision() -> None:
    """The decision log: search it, follow what supersedes what.

    \b
    Example:
      tandem decision list --search "lead scoring"
    """


def _where(d: Decision) -> str:
    parts = []
    if d.meeting_id is not None:
        parts.append(
            f"meeting {d.meeting_id}"
            + (f" item {d.agenda_item}" if d.agenda_item is not None else "")
        )
    if d.task_force:
        parts.append(f"task force {render.line(d.task_force)}")
    return ", ".join(parts)


@decision.command("list")
@click.option(
    "--meeting", "meeting_id", type=int, metavar="ID", help="Only this meeting's decisions."
)
@click.option(
    "--task-force",
    "task_force",
    metavar="NAME",
    shell_complete=complete_task_force,
    help="Only this task force's decisions.",
)
@click.option(
    "--search", metavar="TEXT", help="Full-text search over text and rationale (word prefixes)."
)
@json_option
@pass_env
def decision_list(
    env: Env, meeting_id: int | None, task_force: str | None, search: str | None, as_json: bool
) -> None:
    """List decisions by the time they were recorded.

    \b
    Example:
      tandem decision list --meeting 1
      tandem decision list --task-force "Key account rescue" --search pricing --json
    """
    db = env.db()
    tf_id = get_task_force(db, task_force).id if task_force is not None else None
    decisions = list_decisions(db, meeting_id=meeting_id, task_force_id=tf_id, search=search)
    if as_json:
        emit_json([d.to_json() for d in decisions])
        return
    if not decisions:
        say("No decisions match.")
        return
    render.table(
        ["ID", "Recorded", "Where", "Decision", "Rationale", "By", "Supersedes"],
        (
            [
                d.id,
                render.moment(d.recorded_at),
                _where(d),
                (d.text, "dim") if d.superseded_by is not None else d.text,
                d.rationale,
                d.recorded_by,
                d.supersedes,
            ]
            for d in decisions
        ),
    )


@decision.command("show")
@click.argument("decision_id", metavar="ID", type=int)
@json_option
@pass_env
def decision_show(env: Env, decision_id: int, as_json: bool) -> None:
    """Show a decision with its whole supersedes chain (oldest first).

    \b
    Example:
      tandem decision show 3
    """
    decisions = chain(env.db(), decision_id)
    if as_json:
        shown = next(d for d in decisions if d.id == decision_id)
        emit_json({**shown.to_json(), "chain": [d.to_json() for d in decisions]})
        return
    render.table(
        ["ID", "Recorded", "Where", "Decision", "Rationale", "By", "Status"],
        (
            [
                d.id,
                render.moment(d.recorded_at),
                _where(d),
                d.text,
                d.rationale,
                d.recorded_by,
                f"superseded by {d.superseded_by}" if d.superseded_by is not None else "in force",
            ]
            for d in decisions
        ),
        title=f"Decision {decision_id} and its chain",
    )
