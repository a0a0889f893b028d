"""``tandem decision list|show|approve|object|withdraw`` and ``tandem propose``."""

from __future__ import annotations

import click

from db.decisions import chain, list_decisions
from db.models import Decision, Word
from db.taskforces import get_task_force
from tui.cli import render
from tui.cli.env import (
    Env,
    complete_department,
    complete_person,
    complete_task_force,
    emit_json,
    json_option,
    pass_env,
    say,
)

STATUSES = ("proposed", "in-force", "blocked", "superseded", "withdrawn")


def say_waiting(d: Decision) -> None:
    """A two-key decision's state in a line: whose approval it still waits for."""
    if d.status == "in-force":
        say(f"Decision {d.id} is in force: every bound head approved it")
    elif d.is_open:
        waiting = ", ".join(render.line(n) for n in d.waiting_for)
        state = "blocked by an objection" if d.status == "blocked" else "proposed"
        say(f"Decision {d.id} is {state}; waiting for the approval of {waiting}")
    else:
        say(f"Decision {d.id} is {d.status}")


def _how(w: Word) -> str:
    if w.how == "in-meeting":
        return f"in meeting {w.meeting_id}, recorded by {w.recorded_by}"
    return "signed"


def _status(d: Decision) -> str:
    if d.status == "superseded" and d.superseded_by is not None:
        return f"superseded by {d.superseded_by}"
    return d.status.replace("-", " ")


@click.group()
def decision() -> None:
    """The decision log: search it, follow what supersedes what; approve proposals.

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
@click.option("--status", type=click.Choice(STATUSES), help="Only decisions in this status.")
@json_option
@pass_env
def decision_list(
    env: Env,
    meeting_id: int | None,
    task_force: str | None,
    search: str | None,
    status: str | None,
    as_json: bool,
) -> None:
    """List decisions by the time they were recorded.

    \b
    Example:
      tandem decision list --meeting 1
      tandem decision list --task-force "Key account rescue" --search pricing --json
    """
    db = env.db()
    tf_id = get_task_force(db, task_force).id if task_force is not None else None
    decisions = list_decisions(
        db,
        meeting_id=meeting_id,
        task_force_id=tf_id,
        search=search,
        statuses=(status,) if status else None,
    )
    if as_json:
        emit_json([d.to_json() for d in decisions])
        return
    if not decisions:
        say("No decisions match.")
        return
    render.table(
        ["ID", "Recorded", "Where", "Decision", "Rationale", "By", "Supersedes", "Status"],
        (
            [
                d.id,
                render.moment(d.recorded_at),
                _where(d),
                (d.text, "dim") if d.status in ("superseded", "withdrawn") else d.text,
                d.rationale,
                d.recorded_by,
                d.supersedes,
                _status(d) + (" (two-key)" if d.two_key else ""),
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
                _status(d),
            ]
            for d in decisions
        ),
        title=f"Decision {decision_id} and its chain",
    )
    shown = next(d for d in decisions if d.id == decision_id)
    if shown.two_key:
        _show_two_key(shown)


def _show_two_key(d: Decision) -> None:
    render.heading(
        f"Two-key decision {d.id}: {_status(d)}",
        f"Binds: {', '.join(d.binds)}",
        *(f"Waiting for: {', '.join(d.waiting_for)}" for _ in [0] if d.waiting_for),
    )
    if d.history:
        render.table(
            ["When", "Head", "Department", "Word", "How", "Reason"],
            (
                [
                    render.moment(w.at),
                    w.name,
                    w.department,
                    "approved" if w.word == "approve" else ("objected", "yellow"),
                    _how(w) if w.word == "approve" else "signed",
                    w.reason,
                ]
                for w in d.history
            ),
            title="Approvals and objections",
        )


@decision.command("approve")
@click.argument("decision_id", metavar="ID", type=int)
@click.option(
    "--for",
    "for_head",
    metavar="HEAD",
    shell_complete=complete_person,
    help="With --meeting: record the consent of HEAD, present at your running meeting.",
)
@click.option(
    "--meeting",
    "meeting_id",
    type=int,
    metavar="MEETING_ID",
    help="With --for: the running meeting you facilitate.",
)
@json_option
@pass_env
def decision_approve(
    env: Env, decision_id: int, for_head: str | None, meeting_id: int | None, as_json: bool
) -> None:
    """Approve a two-key decision as its bound head, under your own login ("signed").

    A running meeting's facilitator records a present head's consent with --for and
    --meeting ("in meeting"). Never on someone's behalf: --as is refused (exit 3).

    \b
    Example:
      tandem decision approve 7
      tandem decision approve 7 --for "Maya Chen" --meeting 12
    """
    from db.governance import approve

    if (for_head is None) != (meeting_id is None):
        raise click.UsageError("--for and --meeting go together")
    done = approve(env.db(), env.actor(), decision_id, for_head=for_head, meeting_id=meeting_id)
    if as_json:
        emit_json(done.to_json())
        return
    say_waiting(done)


@decision.command("object")
@click.argument("decision_id", metavar="ID", type=int)
@click.option("--reason", required=True, metavar="TEXT", help="Why you object (required).")
@json_option
@pass_env
def decision_object(env: Env, decision_id: int, reason: str, as_json: bool) -> None:
    """Object to a two-key proposal as its bound head: it is blocked until you approve it.

    \b
    Example:
      tandem decision object 7 --reason "The budget is not agreed yet"
    """
    from db.governance import object_to

    done = object_to(env.db(), env.actor(), decision_id, reason)
    if as_json:
        emit_json(done.to_json())
        return
    say_waiting(done)


@decision.command("withdraw")
@click.argument("decision_id", metavar="ID", type=int)
@json_option
@pass_env
def decision_withdraw(env: Env, decision_id: int, as_json: bool) -> None:
    """Withdraw your own proposal while it is proposed or blocked.

    \b
    Example:
      tandem decision withdraw 7
    """
    from db.governance import withdraw

    done = withdraw(env.db(), env.actor(), decision_id)
    if as_json:
        emit_json(done.to_json())
        return
    say(f"Withdrew decision {done.id}")


@click.command()
@click.argument("text")
@click.option("--rationale", metavar="TEXT", help="Why.")
@click.option(
    "--binds",
    "binds",
    multiple=True,
    metavar="DEPT",
    shell_complete=complete_department,
    help="A department it binds (repeat; two or more). Default: every department with a head.",
)
@click.option(
    "--supersedes",
    type=int,
    metavar="DECISION_ID",
    help="A decision in force this one replaces once approved.",
)
@json_option
@pass_env
def propose(
    env: Env,
    text: str,
    rationale: str | None,
    binds: tuple[str, ...],
    supersedes: int | None,
    as_json: bool,
) -> None:
    """Propose a two-key decision outside a meeting (anyone); the bound heads approve it.

    \b
    Example:
      tandem propose "Leads go to Sales within 24 hours" --binds Sales --binds Marketing
    """
    from db.governance import propose as make

    made = make(
        env.db(),
        env.actor(),
        text,
        rationale=rationale,
        binds=list(binds) or None,
        supersedes=supersedes,
    )
    if as_json:
        emit_json(made.to_json())
        return
    say(f"Proposed {render.decision_line(made)}")
    say_waiting(made)
