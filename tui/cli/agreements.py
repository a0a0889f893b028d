"""``tandem lead`` (the sales-ready lead definition) and ``tandem sla`` (the SLA register)."""

from __future__ import annotations

import click

from db.models import Decision, LeadDefinition, Sla, SlaResult, number
from tui.cli import render
from tui.cli.env import (
    Env,
    complete_department,
    complete_person,
    emit_json,
    json_option,
    pass_env,
    say,
)
from tui.cli.two_key import add_retire, listing, proposed, state

# --- lead -------------------------------------------------------------------------------


@click.group()
def lead() -> None:
    """The sales-ready lead definition: versions both heads approve.

    \b
    Example:
      tandem lead propose "Fits our ideal customer and asked for a demo" \\
          --criterion "Company of 50+ people" --criterion "Budget confirmed"
      tandem lead show
    """


def _lead_block(d: LeadDefinition) -> None:
    since = f", in force since {render.moment(d.in_force_since)}" if d.in_force_since else ""
    render.heading(
        f"Sales-ready lead definition, version {d.version} ({state(d.status)}{since})",
        d.text,
        *(f"- {c}" for c in d.criteria),
        f"Decision {d.decision_id}",
    )


@lead.command("show")
@json_option
@pass_env
def lead_show(env: Env, as_json: bool) -> None:
    """The definition in force (the latest version both heads approved).

    \b
    Example:
      tandem lead show --json
    """
    from db.lead import lead_in_force

    current = lead_in_force(env.db())
    if as_json:
        emit_json(current.to_json() if current else None)
        return
    if current is None:
        say("No lead definition is in force yet; propose one with `tandem lead propose TEXT`.")
        return
    _lead_block(current)


@lead.command("propose")
@click.argument("text")
@click.option(
    "--criterion", "criteria", multiple=True, metavar="TEXT", help="A criterion (repeat)."
)
@json_option
@pass_env
def lead_propose(env: Env, text: str, criteria: tuple[str, ...], as_json: bool) -> None:
    """Propose the next version (anyone): in force once both heads approve it.

    \b
    Example:
      tandem lead propose "Asked for a demo and fits our profile" --criterion "50+ staff"
    """
    from db.lead import propose_lead

    made = propose_lead(env.db(), env.actor(), text, criteria)
    proposed(made, f"version {made.version} of the lead definition", as_json=as_json)


@lead.command("history")
@json_option
@pass_env
def lead_history(env: Env, as_json: bool) -> None:
    """Every version, oldest first, with its status.

    \b
    Example:
      tandem lead history
    """
    from db.lead import lead_history as versions

    listing(
        versions(env.db()),
        as_json=as_json,
        empty="No lead definition yet.",
        headers=["Version", "Status", "In force since", "Definition", "Criteria", "Decision"],
        row=lambda v: [
            v.version,
            state(v.status),
            render.moment(v.in_force_since) if v.in_force_since else None,
            v.text,
            "; ".join(v.criteria),
            v.decision_id,
        ],
        numeric=("Version", "Decision"),
    )


# --- sla --------------------------------------------------------------------------------


@click.group()
def sla() -> None:
    """The SLA register: what each department commits to deliver to the other.

    \b
    Example:
      tandem sla propose "Qualified leads for the sales team" --from Marketing --to Sales \\
          --owner "Tom Berg" --metric "sales-ready leads" --target 40 --per month
      tandem sla record 1 --period 2026-11 --actual 37
    """


def _result(r: SlaResult | None) -> str | tuple[str, str] | None:
    if r is None:
        return None
    text = f"{r.period}: {number(r.actual)} {'met' if r.met else 'missed'}"
    if r.correction:
        text += " (corrected)"
    return text if r.met else (text, "yellow")


@sla.command("propose")
@click.argument("text")
@click.option(
    "--from",
    "from_dept",
    required=True,
    metavar="DEPT",
    shell_complete=complete_department,
    help="The department that commits.",
)
@click.option(
    "--to",
    "to_dept",
    required=True,
    metavar="DEPT",
    shell_complete=complete_department,
    help="The department it commits to.",
)
@click.option(
    "--owner",
    required=True,
    metavar="NAME",
    shell_complete=complete_person,
    help="Its one owner, in the --from department.",
)
@click.option("--metric", required=True, metavar="TEXT", help="What is measured.")
@click.option(
    "--target", required=True, type=float, metavar="N", help="The target figure (not negative)."
)
@click.option("--unit", metavar="TEXT", help="The unit (hours, leads, ...).")
@click.option(
    "--at-most", "at_most", is_flag=True, help="The target is an upper bound (hours to follow up)."
)
@click.option(
    "--per",
    required=True,
    type=click.Choice(("week", "month", "quarter")),
    help="The period measured.",
)
@json_option
@pass_env
def sla_propose(
    env: Env,
    text: str,
    from_dept: str,
    to_dept: str,
    owner: str,
    metric: str,
    target: float,
    unit: str | None,
    at_most: bool,
    per: str,
    as_json: bool,
) -> None:
    """Propose an SLA (anyone): in force once the heads of both departments approve it.

    \b
    Example:
      tandem sla propose "Follow up every lead fast" --from Sales --to Marketing \\
          --owner "Omar Haddad" --metric "hours to first call" --target 24 --unit hours \\
          --at-most --per month
    """
    from db.sla import propose_sla

    made = propose_sla(
        env.db(),
        env.actor(),
        text,
        from_department=from_dept,
        to_department=to_dept,
        owner=owner,
        metric=metric,
        target=target,
        unit=unit,
        at_most=at_most,
        per=per,
    )
    proposed(made, f"SLA {made.id} ({render.line(made.target_text())})", as_json=as_json)


@sla.command("record")
@click.argument("sla_id", metavar="SLA_ID", type=int)
@click.option(
    "--period",
    required=True,
    metavar="PERIOD",
    help="2026-W48, 2026-11 or 2026-Q4, matching the SLA's --per.",
)
@click.option(
    "--actual", required=True, type=float, metavar="N", help="The period's actual figure."
)
@click.option("--note", metavar="TEXT", help="A note on the figure.")
@click.option(
    "--correct", is_flag=True, help="Correct a period already recorded (shown as a correction)."
)
@json_option
@pass_env
def sla_record(
    env: Env,
    sla_id: int,
    period: str,
    actual: float,
    note: str | None,
    correct: bool,
    as_json: bool,
) -> None:
    """Record a period's actual figure (the owner, the committing head, the admin).

    \b
    Example:
      tandem sla record 1 --period 2026-11 --actual 37 --note "Webinar moved to December"
    """
    from db.sla import record_result

    done = record_result(env.db(), env.actor(), sla_id, period, actual, note=note, correct=correct)
    if as_json:
        emit_json(done.to_json())
        return
    shown = next(r for r in done.results if r.period == period.strip().upper())
    say(
        f"SLA {done.id} {shown.period}: {number(shown.actual)} against "
        f"{render.line(done.target_text())}: {'met' if shown.met else 'missed'}"
        + (" (a correction)" if shown.correction else "")
    )


def _retire_sla(env: Env, sla_id: int) -> Decision:
    from db.sla import retire_sla

    return retire_sla(env.db(), env.actor(), sla_id)


add_retire(sla, "an SLA", _retire_sla)


@sla.command("list")
@click.option("--all", "every", is_flag=True, help="Also SLAs proposed, blocked or retired.")
@json_option
@pass_env
def sla_list(env: Env, every: bool, as_json: bool) -> None:
    """SLAs in force, each with its latest period's result.

    \b
    Example:
      tandem sla list --json
    """
    from db.sla import list_slas

    listing(
        list_slas(env.db(), every=every),
        as_json=as_json,
        empty="No SLA in force." if not every else "No SLA yet.",
        headers=["ID", "From", "To", "Commitment", "Target", "Owner", "Status", "Latest"],
        row=lambda s: [
            s.id,
            s.from_,
            s.to,
            s.text,
            s.target_text(),
            s.owner,
            state(s.status),
            _result(s.latest),
        ],
    )


@sla.command("show")
@click.argument("sla_id", metavar="ID", type=int)
@json_option
@pass_env
def sla_show(env: Env, sla_id: int, as_json: bool) -> None:
    """An SLA with every period's result (a corrected period shows its latest figure).

    \b
    Example:
      tandem sla show 1
    """
    from db.sla import get_sla

    found: Sla = get_sla(env.db(), sla_id)
    if as_json:
        emit_json(found.to_json())
        return
    render.heading(
        f"SLA {found.id}: {found.from_} commits to {found.to} ({state(found.status)})",
        found.text,
        f"Target: {found.target_text()}",
        f"Owner: {found.owner}; decision {found.decision_id}",
    )
    if not found.results:
        say("No period recorded yet.")
        return
    render.table(
        ["Period", "Actual", "Result", "Note"],
        (
            [
                r.period,
                str(number(r.actual)) + (" (corrected)" if r.correction else ""),
                "met" if r.met else ("missed", "yellow"),
                r.note,
            ]
            for r in found.results
        ),
    )
