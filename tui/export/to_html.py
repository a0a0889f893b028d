"""Minutes as a standalone HTML page: inline CSS, printable, light and dark.

Built by ``html.escape`` of every user string (control characters removed
first) — no Markdown conversion, so there is no raw-HTML path to close. The
page links nowhere, and a Content-Security-Policy that allows no script is a
second lock should an escape ever be missed.
"""

from __future__ import annotations

import html
from functools import cache
from importlib.resources import files

from db.minutes import Minutes
from tui.export import common as c


@cache
def _css() -> str:
    return files("tui.export").joinpath("minutes.css").read_text(encoding="utf-8")


def e(text: object) -> str:
    """Escaped single-line user text."""
    return html.escape(c.one_line(text), quote=True)


def multi(text: object) -> str:
    """Escaped multi-line user text (its element keeps line breaks: ``white-space: pre-wrap``)."""
    return html.escape(c.safe(text).strip("\n"), quote=True)


def _table(headers: list[str], body: list[list[str]], numeric: int = 0) -> list[str]:
    """A table of already-escaped cells; the first ``numeric`` columns don't wrap."""
    out = [
        "<table>",
        "<thead><tr>" + "".join(f"<th>{h}</th>" for h in headers) + "</tr></thead>",
        "<tbody>",
    ]
    for row in body:
        cells = [
            f'<td class="num">{v}</td>' if i < numeric else f'<td dir="auto">{v}</td>'
            for i, v in enumerate(row)
        ]
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    return out


def _text(value: str) -> str:
    return f'<span class="text">{value}</span>'


def render(minutes: Minutes) -> str:
    m = minutes.meeting
    zone = c.meeting_zone(minutes)
    positions = c.task_positions(minutes)
    title = html.escape(c.title_line(minutes), quote=True)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
        f"<title>{title}</title>",
        f"<style>\n{_css()}</style>",
        "</head>",
        "<body>",
        "<header>",
        f'<h1 dir="auto">{title}</h1>',
    ]
    notice = c.draft_notice(minutes)
    if notice:
        out.append(f'<p class="draft" role="note">{html.escape(notice)}</p>')
    facts = [
        ("Company", e(minutes.company)),
        ("Meeting", f"#{m.id}" + (f" (follows meeting #{m.previous_id})" if m.previous_id else "")),
        ("Date and time", f"{html.escape(c.when(m.at))}, planned {c.planned(m.minutes)}"),
        ("Facilitator", e(m.facilitator)),
    ]
    if m.task_force:
        facts.append(("Task force", e(m.task_force)))
    facts.append(("Status", html.escape(c.status_line(minutes))))
    out.append('<dl class="facts">')
    out += [f'<dt>{k}</dt><dd dir="auto">{v}</dd>' for k, v in facts]
    out += ["</dl>", "</header>", "<main>"]

    out += ['<section id="attendance">', "<h2>Attendance</h2>"]
    if minutes.attendance:
        out += _table(
            ["Department", "Present", "Absent"],
            [
                [
                    e(g.department or "No department"),
                    ", ".join(e(n) for n in g.present) or "—",
                    ", ".join(e(n) for n in g.absent) or "—",
                ]
                for g in minutes.attendance
            ],
        )
    else:
        out.append('<p class="none">No attendance recorded.</p>')
    out.append("</section>")

    out += ['<section id="agenda">', "<h2>Agenda</h2>"]
    if not minutes.agenda:
        out.append('<p class="none">No agenda items.</p>')
    for entry in minutes.agenda:
        item = entry.item
        out += [
            f'<article class="item" id="item-{item.position}">',
            f'<h3 dir="auto">{item.position}. {e(item.title)}</h3>',
        ]
        presenter = e(item.presenter) if item.presenter else "—"
        if item.department:
            presenter += f" ({e(item.department)})"
        status = c.ITEM_STATUS.get(item.status, item.status)
        out += [
            '<dl class="facts">',
            f'<dt>Presenter</dt><dd dir="auto">{presenter}</dd>',
            f"<dt>Time</dt><dd>planned {c.planned(item.minutes)}, spent {c.duration(entry.spent_seconds)} ({status})</dd>",
        ]
        if item.carried_from_id is not None:
            out.append("<dt>Carried over</dt><dd>from an earlier meeting</dd>")
        out.append("</dl>")
        if item.notes.strip():
            out.append(f'<div class="notes" dir="auto">{multi(item.notes)}</div>')
        if entry.decisions:
            out.append("<h4>Decisions</h4><ul>")
            out += [f'<li dir="auto">#{d.id}: {_text(multi(d.text))}</li>' for d in entry.decisions]
            out.append("</ul>")
        if entry.action_items:
            out.append("<h4>Action items</h4><ul>")
            out += [
                f'<li dir="auto">#{t.id}: {e(t.title)} — <strong>{e(t.owner)}</strong>, '
                f"due {html.escape(c.day(t.due))}, {html.escape(c.task_status(t))}</li>"
                for t in entry.action_items
            ]
            out.append("</ul>")
        if not entry.outcome and item.status != "pending" and not item.is_review:
            out.append('<p class="none">No outcome recorded.</p>')
        out.append("</article>")
    out.append("</section>")

    out += ['<section id="decisions">', "<h2>Decisions</h2>"]
    if minutes.decisions:
        out += _table(
            ["#", "Decision", "Rationale", "From", "Recorded", "Supersedes"],
            [
                [
                    str(d.id) + (f" (superseded by #{d.superseded_by})" if d.superseded_by else ""),
                    _text(multi(d.text)),
                    _text(multi(d.rationale)) if d.rationale.strip() else "—",
                    c.item_ref(d),
                    f"{html.escape(c.when(d.recorded_at, zone))}, {e(d.recorded_by)}",
                    e(c.supersedes_label(d, minutes) or "—"),
                ]
                for d in minutes.decisions
            ],
            numeric=1,
        )
    else:
        out.append('<p class="none">No decisions.</p>')
    out.append("</section>")

    out += ['<section id="action-items">', "<h2>Action items</h2>"]
    if minutes.action_items:
        out += _table(
            ["#", "Action item", "Owner", "Department", "Due", "Status", "Item"],
            [
                [
                    str(t.id),
                    e(t.title),
                    e(t.owner),
                    e(t.department or "—"),
                    html.escape(c.day(t.due)),
                    html.escape(c.task_status(t)),
                    str(positions.get(t.id, "—")),
                ]
                for t in minutes.action_items
            ],
            numeric=1,
        )
        out.append(
            f'<p class="muted">Status as of {html.escape(c.when(minutes.exported_at, zone))}.</p>'
        )
    else:
        out.append('<p class="none">No action items.</p>')
    out.append("</section>")

    out += ['<section id="carried-over">', "<h2>Carried over</h2>"]
    if minutes.carried_over:
        out.append("<ul>")
        for ci in minutes.carried_over:
            who = f" ({e(ci.presenter)})" if ci.presenter else ""
            if ci.to_meeting_id is None:
                dest = c.to_carry(ci)
            else:
                dest = f"carried over to meeting #{ci.to_meeting_id} {e(ci.to_meeting_title)}, item {ci.to_position}"
            out.append(f'<li dir="auto">Item {ci.from_position}. {e(ci.title)}{who}: {dest}</li>')
        out.append("</ul>")
    else:
        out.append('<p class="none">Nothing carried over.</p>')
    out.append("</section>")

    from tui.export.governance import sections

    for heading, lines in sections(minutes):
        anchor = heading.lower().replace(" ", "-")
        out += [f'<section id="{html.escape(anchor)}">', f"<h2>{html.escape(heading)}</h2>", "<ul>"]
        out += [f'<li dir="auto">{html.escape(line)}</li>' for line in lines]
        out += ["</ul>", "</section>"]

    if minutes.amendments:
        out += [
            '<section id="amendments">',
            "<h2>Amendments</h2>",
            '<p class="muted">Recorded after the meeting was closed; the minutes above are as closed.</p>',
        ]
        for n, a in enumerate(minutes.amendments, 1):
            out += [
                '<article class="amendment">',
                f"<h3>Amendment {n} — {html.escape(c.when(a.at, zone))}, by {e(a.author)}</h3>",
                f'<div class="text" dir="auto">{multi(a.text)}</div>',
                "</article>",
            ]
        out.append("</section>")

    out += [
        "</main>",
        f"<footer>Exported by Tandem {html.escape(c.when(minutes.exported_at, zone))}."
        + (f" {html.escape(c.SEAL_LABEL)}: {html.escape(minutes.seal)}" if minutes.seal else "")
        + "</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"
