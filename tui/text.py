"""User text -> safe Content: the one way user text reaches a widget.

Label, Static, notify(), OptionList, DataTable cells and Tree labels parse a
plain ``str`` as markup, so ``fix [/] bug`` would crash the app and
``[@click=app.quit]`` would become a live action. ``textual.markup.escape()``
is not enough (``[ @click=app.quit]`` slips through). A ``Content`` built from
the text is never parsed, so every screen passes user text through here.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from db.text import clean, one_line

__all__ = ["mixed", "one_line", "safe", "safe_line", "safe_text"]  # one_line: db.text


def safe(text: object, style: str = "") -> Content:
    """Literal, styled-as-given content for any user text; control characters removed."""
    value = "" if text is None else clean(str(text))
    return Content.styled(value, style) if style else Content(value)


def safe_line(text: object, limit: int | None = None, style: str = "") -> Content:
    """``safe()`` of ``one_line()``: for table cells, list options and titles."""
    value = one_line(text, limit)
    return Content.styled(value, style) if style else Content(value)


def mixed(markup: str, **values: object) -> Content:
    """Our own markup with user text as ``$name`` variables, which are never parsed."""
    return Content.from_markup(markup, **{k: clean(str(v)) for k, v in values.items()})


def safe_text(text: object, limit: int | None = None, style: str = "") -> Text:
    """``one_line()`` as a rich ``Text``: literal like ``safe_line()``, and measurable, so
    DataTable columns size to it (a ``Content`` cell measures as one cell wide).
    ``style`` is a rich style ("bold red"), not a theme variable."""
    return Text(one_line(text, limit), style=style, no_wrap=True, end="")
