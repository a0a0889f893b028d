"""The minutes' rule-9 sections in plain words, shared by the Markdown, HTML and text exports.

Each section is a heading and lines of plain text (user text cleaned of control
characters, not yet escaped): every format escapes and lays them out its own way.
A section shows only when there is something in it.
"""

from __future__ import annotations

from db.minutes import Minutes
from db.models import number
from tui.export import common as c


def _short(text: str, limit: int = 100) -> str:
    line = c.one_line(text)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def sections(minutes: Minutes) -> list[tuple[str, list[str]]]:
    g = minutes.governance
    if g is None or g.empty:
        return []
    zone = c.meeting_zone(minutes)
    out: list[tuple[str, list[str]]] = []
    if g.co_led:
        out.append(("Co-led", [c.one_line(g.co_led)]))
    if g.words:
        lines = []
        for given in g.words:
            w = given.word
            who = f"{c.one_line(w.name)} ({c.one_line(w.department)})"
            if w.word == "object":
                what = f"objected: {c.one_line(w.reason)}"
            elif w.how == "in-meeting":
                what = f"approved in this meeting, consent recorded by {c.one_line(w.recorded_by)}"
            else:
                what = "approved, signed under their own login"
            lines.append(
                f"Decision {given.decision_id} ({_short(given.decision_text, 60)}): {who} "
                f"{what}, {c.when(w.at, zone)}"
            )
        out.append(("Approvals", lines))
    if g.pending:
        out.append(
            (
                "Proposals still pending",
                [
                    f"Decision {d.id} ({d.status}): {_short(d.text)} — waiting for "
                    f"{c.one_line(', '.join(d.waiting_for))}"
                    for d in g.pending
                ],
            )
        )
    if g.lead_adopted:
        lines = []
        for v in g.lead_adopted:
            crit = "; ".join(c.one_line(x) for x in v.criteria)
            lines.append(
                f"Version {v.version} adopted (decision {v.decision_id}, {c.one_line(v.status)}): "
                f"{c.one_line(v.text)}" + (f" — criteria: {crit}" if crit else "")
            )
        out.append(("Sales-ready lead definition", lines))
    if g.sla_review:
        out.append(
            (
                "SLA review",
                [
                    f"SLA {s.id} ({c.one_line(s.from_)} to {c.one_line(s.to)}, "
                    f"{_short(s.text, 60)}) {r.period}: {number(r.actual)} against "
                    f"{c.one_line(s.target_text())} — {'met' if r.met else 'MISSED'}"
                    + (" (corrected)" if r.correction else "")
                    for s, r in g.sla_review
                ],
            )
        )
    return out
