"""Textual's footer, without restyling every key twice each time it is rebuilt.

The footer rebuilds its keys whenever the focused widget (and so the active bindings)
changes. Each key's ``compact`` reactive starts as True while the footer's is False:
on mount the key took the ``-compact`` class and recomputed its styles, then the
binding to the footer's value removed it and recomputed them again. That was a
sixth of the CPU a screen spends (measured on the hostile-text tests). Here each bound
key starts with the footer's value, so the binding changes nothing; what shows is the same.
The command-palette key is not bound to the footer's value (it stays compact): left as is.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.reactive import Reactive
from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """A drop-in for ``textual.widgets.Footer`` (same look, same CSS type name)."""

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            compact = getattr(type(widget), "compact", None)
            if isinstance(compact, Reactive) and not widget.has_class("-command-palette"):
                widget.set_reactive(compact, self.compact)
            yield widget
