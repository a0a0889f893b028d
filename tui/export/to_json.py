"""Minutes as JSON for other tools: the exact stored text, the ``--json`` object shapes.

``decisions`` entries are decision objects and ``action_items`` entries task
objects, made by the same ``to_json()`` the CLI uses. Agenda items refer to
them by id rather than repeating them. Keys keep a fixed order (insertion
order, not sorted, so the contract's keys come first).
"""

from __future__ import annotations

import json
from typing import Any

from db.minutes import Minutes, minutes_document


def document(minutes: Minutes) -> dict[str, Any]:
    return minutes_document(minutes)


def render(minutes: Minutes) -> str:
    return json.dumps(document(minutes), ensure_ascii=False, indent=2) + "\n"
