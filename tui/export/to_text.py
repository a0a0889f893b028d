"""Minutes as plain text for an email body: wrapped at 72 columns, no markup at all.

Tables become indented lists, since an email client may show proportional
type. Terminal control characters never get through (``common.safe``).
"""

from __future__ import annotations

import textwrap

from db.minutes import Minutes
from tui.export import common as c

WIDTH = 72


def wrap(text: str, indent: str = "", first: str | None = None) -> list[str]:
    """Wrap ``text`` (user text already made safe), keeping its own line breaks."""
    lead = indent if first is None else first
    out: list[str] = []
    for n, para in enumerate(text.split("\n")):
        start = lead if n == 0 else indent
        if not para.strip():
            out.append("")
            continue
        words = " ".join(para.split())
        if len(start) + len(words) <= WIDTH:  # most lines: no need for textwrap's work
            out.append(start + words)
            continue
        greedy = _fill(words.split(" "), start, indent)
        if greedy is not None:
            out += greedy
            continue
        out += textwrap.wrap(  # a word longer than a line: textwrap breaks it
            words,
            width=WIDTH,
            initial_indent=start,
            subsequent_indent=indent,
            break_on_hyphens=False,
        ) or [start.rstrip()]
    return out


def _fill(words: list[str], start: str, indent: str) -> list[str] | None:
    """Greedy wrapping, as textwrap does it for words that each fit on a line, at a
    fraction of its cost (1,000-item minutes wrap thousands of lines); None when a
    word is longer than a line, which textwrap must break."""
    lines: list[str] = []
    line, lead = start, start
    fresh = True
    for word in words:
        if len(lead) + len(word) > WIDTH:
            return None  # textwrap splits it across this line and the next
        if not fresh and len(line) + 1 + len(word) <= WIDTH:
            line += " " + word
            continue
        if not fresh:
            lines.append(line)
            line, lead = indent, indent
            if len(lead) + len(word) > WIDTH:
                return None
        line += word
        fresh = False
    lines.append(line)
    return lines


def _heading(text: str, rule: str) -> list[str]:
    lines = wrap(text)
    return [*lines, rule * min(WIDTH, max(len(line) for line in lines))]


def render(minutes: Minutes) -> str:
    m = minutes.meeting
    zone = c.meeting_zone(minutes)
    positions = c.task_positions(minutes)
    out: list[str] = [*_heading(c.title_line(minutes), "="), ""]
    notice = c.draft_notice(minutes)
    if notice:
        out += [*wrap(notice, "  ", "* "), ""]
    facts = [
        ("Company", c.one_line(minutes.company)),
        ("Meeting", f"#{m.id}" + (f" (follows meeting #{m.previous_id})" if m.previous_id else "")),
        ("Date and time", f"{c.when(m.at)}, planned {c.planned(m.minutes)}"),
        ("Facilitator", c.one_line(m.facilitator)),
    ]
    if m.task_force:
        facts.append(("Task force", c.one_line(m.task_force)))
    facts.append(("Status", c.status_line(minutes)))
    for label, value in facts:
        out += wrap(value, " " * 16, f"{label + ':':<16}")
    out.append("")

    out += [*_heading("Attendance", "-"), ""]
    if not minutes.attendance:
        out += ["No attendance recorded.", ""]
    for g in minutes.attendance:
        out += wrap(c.one_line(g.department or "No department"))
        out += wrap(", ".join(c.one_line(n) for n in g.present) or "—", " " * 11, "  Present: ")
        out += wrap(", ".join(c.one_line(n) for n in g.absent) or "—", " " * 11, "  Absent:  ")
        out.append("")

    out += [*_heading("Agenda", "-"), ""]
    if not minutes.agenda:
        out += ["No agenda items.", ""]
    for entry in minutes.agenda:
        item = entry.item
        out += wrap(c.one_line(item.title), "   ", f"{item.position}. ")
        presenter = c.one_line(item.presenter) if item.presenter else "—"
        if item.department:
            presenter += f" ({c.one_line(item.department)})"
        status = c.ITEM_STATUS.get(item.status, item.status)
        out += wrap(presenter, "   ", "   Presenter: ")
        out.append(
            f"   Time: planned {c.planned(item.minutes)}, spent {c.duration(entry.spent_seconds)} ({status})"
        )
        if item.carried_from_id is not None:
            out.append("   Carried over from an earlier meeting")
        if item.notes.strip():
            out += ["   Notes:", *wrap(c.safe(item.notes).strip("\n"), "     ")]
        if entry.decisions:
            out.append("   Decisions:")
            for d in entry.decisions:
                out += wrap(c.safe(d.text).strip("\n"), "     ", f"   - #{d.id}: ")
        if entry.action_items:
            out.append("   Action items:")
            for t in entry.action_items:
                line = f"{c.one_line(t.title)} — {c.one_line(t.owner)}, due {c.day(t.due)}, {c.task_status(t)}"
                out += wrap(line, "     ", f"   - #{t.id}: ")
        if not entry.outcome and item.status != "pending" and not item.is_review:
            out.append("   No outcome recorded.")
        out.append("")

    out += [*_heading("Decisions", "-"), ""]
    if not minutes.decisions:
        out += ["No decisions.", ""]
    for d in minutes.decisions:
        head = f"#{d.id} ({c.item_ref(d)})" + (
            f", superseded by #{d.superseded_by}" if d.superseded_by else ""
        )
        out += [head, *wrap(c.safe(d.text).strip("\n"), "  ")]
        if d.rationale.strip():
            out += wrap(c.safe(d.rationale).strip("\n"), "  " + " " * 11, "  Rationale: ")
        label = c.supersedes_label(d, minutes)
        if label:
            out += wrap(label, "  " + " " * 12, "  Supersedes: ")
        out += wrap(
            f"{c.when(d.recorded_at, zone)}, {c.one_line(d.recorded_by)}",
            "  " + " " * 10,
            "  Recorded: ",
        )
        out.append("")

    out += [*_heading("Action items", "-"), ""]
    if not minutes.action_items:
        out += ["No action items.", ""]
    for t in minutes.action_items:
        out += wrap(c.one_line(t.title), " " * (len(str(t.id)) + 3), f"#{t.id}: ")
        dept = c.one_line(t.department) if t.department else "—"
        item_no = positions.get(t.id)
        where = f", item {item_no}" if item_no is not None else ""
        out += wrap(
            f"{c.one_line(t.owner)} ({dept}), due {c.day(t.due)}, {c.task_status(t)}{where}",
            "    ",
            "  Owner: ",
        )
        out.append("")
    if minutes.action_items:
        out += [f"Status as of {c.when(minutes.exported_at, zone)}.", ""]

    out += [*_heading("Carried over", "-"), ""]
    if not minutes.carried_over:
        out += ["Nothing carried over.", ""]
    for ci in minutes.carried_over:
        who = f" ({c.one_line(ci.presenter)})" if ci.presenter else ""
        if ci.to_meeting_id is None:
            dest = c.to_carry(ci)
        else:
            dest = f"carried over to meeting #{ci.to_meeting_id} {c.one_line(ci.to_meeting_title)}, item {ci.to_position}"
        out += wrap(f"Item {ci.from_position}. {c.one_line(ci.title)}{who}: {dest}", "  ", "- ")
    if minutes.carried_over:
        out.append("")

    from tui.export.governance import sections

    for heading, lines in sections(minutes):
        out += [*_heading(heading, "-"), ""]
        for line in lines:
            out += wrap(line, "  ", "- ")
        out.append("")

    if minutes.amendments:
        out += [*_heading("Amendments", "-"), ""]
        out += [
            *wrap("Recorded after the meeting was closed; the minutes above are as closed."),
            "",
        ]
        for n, a in enumerate(minutes.amendments, 1):
            out += wrap(f"AMENDMENT {n} — {c.when(a.at, zone)}, by {c.one_line(a.author)}")
            out += [*wrap(c.safe(a.text).strip("\n"), "  "), ""]

    out.append(f"Exported by Tandem {c.when(minutes.exported_at, zone)}.")
    if minutes.seal:
        out += [f"{c.SEAL_LABEL}:", minutes.seal]
    return "\n".join(out) + "\n"
