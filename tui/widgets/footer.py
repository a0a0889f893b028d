"""The footer of every Tandem screen: the screen's main keys are never pushed off the edge.

Textual's ``Footer`` lays its keys out in a row and lets the ones that don't fit fall off
the right. This one measures them against the terminal's width: when they don't all fit it
turns compact, then leaves out the command-palette key (ctrl+p works anyway), then the
keys the screen doesn't name in ``PRIMARY_KEYS`` (last first), so the primary ones stay.
The help screen (``?``) still lists every key.

Each key is also made with the footer's ``compact`` value already set: Textual's keys start
compact and the data binding then restyles each of them twice on every rebuild (the
footer rebuilds whenever focus moves), a sixth of the CPU a screen spent in the tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.binding import Binding
from textual.reactive import Reactive
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup

if TYPE_CHECKING:
    from textual.app import ComposeResult
    from textual.events import Resize
    from textual.screen import Screen

# FooterKey's own padding around key and description (normal, compact), and one cell of
# margin between compact keys.
_PADDING = {False: 3, True: 1}
_MARGIN = {False: 0, True: 1}


# The keys to show, whether compact, and whether the palette key fits.
Fit = tuple[list[tuple[Binding, bool, str]], bool, bool]


def primary_keys(screen: Any) -> tuple[str, ...]:
    """The keys ``screen`` names as its main ones (``PRIMARY_KEYS``; none by default)."""
    return tuple(getattr(screen, "PRIMARY_KEYS", ()))


def _first_key(binding: Binding) -> str:
    return binding.key.split(",")[0].strip()


class TandemFooter(Footer):
    """``Footer`` that keeps the screen's primary keys in view at any width."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._width = 0
        self._drawn: tuple[object, ...] | None = None

    def _signature(self, width: int, fit: Fit) -> tuple[object, ...]:
        """What the footer shows for ``fit`` at ``width``: keys, words, enabled or not."""
        bindings, compact, palette = fit
        keys = tuple((b.key, b.description, b.action, b.group, on, tip) for b, on, tip in bindings)
        return (width, compact, palette, keys)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Rebuild only when what the footer shows has changed: screens refresh their
        bindings on every focus move and many keys, and a rebuild mounts and styles
        every key again (the costliest part of a keystroke's frame)."""
        if self._bindings_ready and screen is self.screen:
            width = self.app.size.width
            if self._signature(width, self._fit(width)) == self._drawn:
                return
        super().bindings_changed(screen)

    def _shown(self) -> list[tuple[Binding, bool, str]]:
        bindings = [
            (binding, enabled, tooltip)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        ]
        seen: set[str] = set()
        unique = []
        for entry in bindings:
            if entry[0].action not in seen:
                seen.add(entry[0].action)
                unique.append(entry)
        return unique

    def _cost(self, bindings: Iterable[tuple[Binding, bool, str]], compact: bool) -> int:
        total = 0
        for binding, _, _ in bindings:
            shown = self.app.get_key_display(binding)
            total += Text(shown).cell_len + Text(binding.description).cell_len
            total += _PADDING[compact] + _MARGIN[compact]
        return total

    def _fit(self, width: int) -> Fit:
        """The keys to show at ``width``, whether compact, and whether the palette key fits."""
        bindings = self._shown()
        palette = 14  # "^p palette" and its border
        if self._cost(bindings, False) + palette <= width:
            return bindings, False, True
        if self._cost(bindings, True) + palette <= width:
            return bindings, True, True
        primary = set(primary_keys(self.screen))
        kept = list(bindings)
        while self._cost(kept, True) > width:
            spare = [n for n, (b, _, _) in enumerate(kept) if _first_key(b) not in primary]
            if not spare:
                break
            del kept[spare[-1]]
        return kept, True, False

    def compose(self) -> ComposeResult:
        for widget in self._keys():
            compact = getattr(type(widget), "compact", None)
            if isinstance(compact, Reactive) and not widget.has_class("-command-palette"):
                widget.set_reactive(compact, self.compact)
                # The class the data binding's first call sets, set before mounting: that
                # call then changes nothing (else each key is restyled once more on mount).
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def _keys(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        width = self.app.size.width
        self._width = width
        fit = self._fit(width)
        self._drawn = self._signature(width, fit)
        bindings, compact, palette = fit
        self.compact = compact
        self.set_class(compact, "-compact")
        groups: dict[object, list[tuple[Binding, bool, str]]] = {}
        for binding, enabled, tooltip in bindings:
            if binding.group is not None:
                groups.setdefault(binding.group, []).append((binding, enabled, tooltip))
        done: set[object] = set()
        for binding, enabled, tooltip in bindings:
            group = binding.group
            if group is not None and len(groups[group]) > 1:
                if group in done:
                    continue
                done.add(group)
                with KeyGroup(classes="-compact" if group.compact else ""):
                    for member, on, tip in groups[group]:
                        yield FooterKey(
                            member.key,
                            self.app.get_key_display(member),
                            "",
                            member.action,
                            disabled=not on,
                            tooltip=tip or member.description,
                            classes="-grouped",
                        ).data_bind(compact=Footer.compact)
                yield FooterLabel(group.description)
                continue
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
        if palette and self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            try:
                _node, binding, enabled, tooltip = self.screen.active_bindings[
                    self.app.COMMAND_PALETTE_BINDING
                ]
            except KeyError:
                return
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )

    def on_resize(self, event: Resize) -> None:
        if self._bindings_ready and self.app.size.width != self._width:
            self.call_after_refresh(self.recompose)
