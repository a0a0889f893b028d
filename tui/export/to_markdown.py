"""Minutes as Markdown (CommonMark + GFM tables), with every piece of user text escaped.

User text can never become structure: every character that means something
inline (emphasis, code, links, raw HTML, entities, table pipes, math) is
backslash-escaped, and so is whatever would open a block at the start of a
line (headings, lists, quotes, setext underlines). Newlines in table cells
become ``<br>``, the usual GFM way; elsewhere they are hard line breaks.
"""

from __future__ import annotations

import re

from db.minutes import Minutes
from tui.export import common as c

# Inline specials: escape, code, emphasis, links/images, HTML and autolinks,
# entities, table pipes, strikethrough, heading closers, math. (str.translate:
# one C pass, the export of a 1,000-item meeting escapes thousands of strings.)
SPECIALS = "\\`*_[]<>&|~#$"
_ESCAPE = str.maketrans({ch: "\\" + ch for ch in SPECIALS})
# At the start of a line: list markers, setext underlines, ordered-list numbers.
_LINE_START = re.compile(r"^([-+=])")
_ORDERED = re.compile(r"^(\d+)([.)])")


def inline(text: object) -> str:
    """User text for a single-line position (heading, list item, sentence)."""
    return c.one_line(text).translate(_ESCAPE)


def _line(text: str) -> str:
    # Leading blanks would make an indented code block; trailing ones a hard break.
    escaped = text.strip().translate(_ESCAPE)
    escaped = _LINE_START.sub(r"\\\1", escaped)
    return _ORDERED.sub(r"\1\\\2", escaped)


def block(text: object, prefix: str = "") -> str:
    """Multi-line user text: every line escaped, line breaks kept as hard breaks.

    ``prefix`` starts every line but the first (``"> "`` inside a quote,
    ``"  "`` to continue a list item).
    """
    lines = [_line(part) for part in c.safe(text).split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    while lines and not lines[0]:
        lines.pop(0)
    out: list[str] = []
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        # A backslash before the newline is CommonMark's visible hard break.
        out.append(line + ("\\" if line and following else ""))
    return ("\n" + prefix).join(out).replace(prefix + "\n", prefix.rstrip() + "\n")


def cell(text: object) -> str:
    """User text for a GFM table cell: escaped, newlines as ``<br>``, never empty."""
    parts = [" ".join(p.split()).translate(_ESCAPE) for p in c.safe(text).split("\n")]
    value = "<br>".join(p for p in parts if p)
    return value or " "


def _table(headers: list[str], body: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in body]
    return lines


def render(minutes: Minutes) -> str:
    m = minutes.meeting
    zone = c.meeting_zone(minutes)
    positions = c.task_positions(minutes)
    out: list[str] = [f"# {'DRAFT minutes' if minutes.draft else 'Minutes'}: {inline(m.title)}", ""]
    notice = c.draft_notice(minutes)
    if notice:
        out += [f"> **{inline(notice)}**", ""]
    out += [
        f"- **Company:** {inline(minutes.company)}",
        f"- **Meeting:** #{m.id}"
        + (f" (follows meeting #{m.previous_id})" if m.previous_id else ""),
        f"- **Date and time:** {c.when(m.at)}, planned {c.planned(m.minutes)}",
        f"- **Facilitator:** {inline(m.facilitator)}",
    ]
    if m.task_force:
        out.append(f"- **Task force:** {inline(m.task_force)}")
    out += [f"- **Status:** {c.status_line(minutes)}", ""]

    out += ["## Attendance", ""]
    if minutes.attendance:
        out += _table(
            ["Department", "Present", "Absent"],
            [
                [
                    cell(g.department or "No department"),
                    cell(", ".join(c.one_line(n) for n in g.present) or "—"),
                    cell(", ".join(c.one_line(n) for n in g.absent) or "—"),
                ]
                for g in minutes.attendance
            ],
        )
    else:
        out.append("_No attendance recorded._")
    out.append("")

    out += ["## Agenda", ""]
    if not minutes.agenda:
        out += ["_No agenda items._", ""]
    for entry in minutes.agenda:
        item = entry.item
        out += [f"### {item.position}. {inline(item.title)}", ""]
        presenter = inline(item.presenter) if item.presenter else "—"
        if item.department:
            presenter += f" ({inline(item.department)})"
        status = c.ITEM_STATUS.get(item.status, item.status)
        out += [
            f"- **Presenter:** {presenter}",
            f"- **Time:** planned {c.planned(item.minutes)}, spent {c.duration(entry.spent_seconds)} ({status})",
        ]
        if item.carried_from_id is not None:
            out.append("- **Carried over** from an earlier meeting")
        out.append("")
        if item.notes.strip():
            out += ["**Notes**", "", "> " + block(item.notes, "> "), ""]
        if entry.decisions:
            out += ["**Decisions**", ""]
            out += [f"- #{d.id}: " + block(d.text, "  ") for d in entry.decisions]
            out.append("")
        if entry.action_items:
            out += ["**Action items**", ""]
            out += [
                f"- #{t.id}: {inline(t.title)} — **{inline(t.owner)}**, due {c.day(t.due)}, {c.task_status(t)}"
                for t in entry.action_items
            ]
            out.append("")
        if not entry.outcome and item.status != "pending" and not item.is_review:
            out += ["_No outcome recorded._", ""]

    out += ["## Decisions", ""]
    if minutes.decisions:
        out += _table(
            ["#", "Decision", "Rationale", "From", "Recorded", "Supersedes"],
            [
                [
                    str(d.id) + (f" (superseded by #{d.superseded_by})" if d.superseded_by else ""),
                    cell(d.text),
                    cell(d.rationale or "—"),
                    c.item_ref(d),
                    cell(f"{c.when(d.recorded_at, zone)}, {c.one_line(d.recorded_by)}"),
                    cell(c.supersedes_label(d, minutes) or "—"),
                ]
                for d in minutes.decisions
            ],
        )
    else:
        out.append("_No decisions._")
    out.append("")

    out += ["## Action items", ""]
    if minutes.action_items:
        out += _table(
            ["#", "Action item", "Owner", "Department", "Due", "Status", "Item"],
            [
                [
                    str(t.id),
                    cell(t.title),
                    cell(t.owner),
                    cell(t.department or "—"),
                    c.day(t.due),
                    c.task_status(t),
                    str(positions.get(t.id, "—")),
                ]
                for t in minutes.action_items
            ],
        )
        out += ["", f"_Status as of {c.when(minutes.exported_at, zone)}._"]
    else:
        out.append("_No action items._")
    out.append("")

    out += ["## Carried over", ""]
    if minutes.carried_over:
        for ci in minutes.carried_over:
            who = f" ({inline(ci.presenter)})" if ci.presenter else ""
            if ci.to_meeting_id is None:
                dest = c.to_carry(ci)
            else:
                dest = f"carried over to meeting #{ci.to_meeting_id} {inline(ci.to_meeting_title)}, item {ci.to_position}"
            out.append(f"- Item {ci.from_position}. {inline(ci.title)}{who}: {dest}")
    else:
        out.append("_Nothing carried over._")
    out.append("")

    from tui.export.governance import sections

    for heading, lines in sections(minutes):
        out += [f"## {heading}", "", *(f"- {inline(line)}" for line in lines), ""]

    if minutes.amendments:
        out += [
            "## Amendments",
            "",
            "_Recorded after the meeting was closed; the minutes above are as closed._",
            "",
        ]
        for n, a in enumerate(minutes.amendments, 1):
            out += [
                f"### Amendment {n} — {c.when(a.at, zone)}, by {inline(a.author)}",
                "",
                "> " + block(a.text, "> "),
                "",
            ]

    out.append(f"_Exported by Tandem {c.when(minutes.exported_at, zone)}._")
    if minutes.seal:
        out += ["", f"_{c.SEAL_LABEL}: {minutes.seal}_"]
    return "\n".join(out) + "\n"
