"""Minutes as JSON for other tools: the exact stored text, the CONTRACT's object shapes.

``decisions`` entries are decision objects and ``action_items`` entries task
objects, made by the same ``to_json()`` the CLI uses. Agenda items refer to
them by id rather than repeating them. Keys keep a fixed order (insertion
order, not sorted, so the contract's keys come first).
"""

from __future__ import annotations

import json
from typing import Any

from db.minutes import Minutes


def document(minutes: Minutes) -> dict[str, Any]:
    meeting = minutes.meeting.to_json()
    # The meeting object of `meeting show` also lists attendees and agenda; here
    # they are the top-level `attendance` and `agenda`, so they are not repeated.
    meeting.pop("attendees", None)
    meeting.pop("agenda", None)
    meeting["company"] = minutes.company
    meeting["draft"] = minutes.draft
    agenda = []
    for entry in minutes.agenda:
        item = entry.item.to_json()
        item["spent_seconds"] = entry.spent_seconds
        item["is_review"] = entry.item.is_review
        item["outcome"] = entry.outcome
        item["decision_ids"] = [d.id for d in entry.decisions]
        item["action_item_ids"] = [t.id for t in entry.action_items]
        agenda.append(item)
    return {
        "meeting": meeting,
        "attendance": [g.to_json() for g in minutes.attendance],
        "agenda": agenda,
        "decisions": [d.to_json() for d in minutes.decisions],
        "action_items": [t.to_json() for t in minutes.action_items],
        "amendments": [a.to_json() for a in minutes.amendments],
        "carried_over": [ci.to_json() for ci in minutes.carried_over],
        "superseded": [d.to_json() for d in minutes.superseded.values()],
        "exported_at": minutes.exported_at,
    }


def render(minutes: Minutes) -> str:
    return json.dumps(document(minutes), ensure_ascii=False, indent=2) + "\n"
