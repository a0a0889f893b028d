"""User text at input: stored as typed, minus terminal control characters."""

from __future__ import annotations

import re
import unicodedata

from db.errors import Invalid

_KEEP = {"\n", "\t"}
MAX_TEXT = 100_000


def clean(text: str) -> str:
    """Remove control characters (Unicode Cc) other than newline and tab.

    ESC, BEL, C1 controls such as CSI: they would let typed text drive a
    terminal. Everything else (markup-looking brackets, HTML, emoji,
    right-to-left text) is data and is kept exactly.
    """
    text = text.replace("\r\n", "\n")
    return "".join(ch for ch in text if ch in _KEEP or unicodedata.category(ch) != "Cc")


def required(
    text: str | None, what: str, *, single_line: bool = False, limit: int = MAX_TEXT
) -> str:
    """Clean ``text`` and refuse it when empty or over ``limit`` characters."""
    value = clean(text or "")
    value = " ".join(value.split()) if single_line else value.strip()
    if not value:
        raise Invalid(f"{what} can't be empty")
    if len(value) > limit:
        raise Invalid(f"{what} is {len(value):,} characters; the limit is {limit:,}")
    return value


def optional(text: str | None, what: str, *, limit: int = MAX_TEXT) -> str:
    """Clean ``text``; empty is allowed."""
    value = clean(text or "").strip()
    if len(value) > limit:
        raise Invalid(f"{what} is {len(value):,} characters; the limit is {limit:,}")
    return value


# The largest id SQLite can hold; a longer run of digits can't name a row.
MAX_ID = 2**63 - 1


def as_id(ref: str) -> int | None:
    """``ref`` as a row id when it is a plain decimal number SQLite can hold, else None.

    ``str.isdigit`` also accepts superscripts such as "²", which ``int`` refuses.
    """
    text = ref.strip()
    if not text.isdecimal():
        return None
    value = int(text)
    return value if value <= MAX_ID else None


_WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    """Lower-cased words, punctuation dropped."""
    return _WORD.findall(text.casefold())


def title_key(text: str) -> str:
    """A key that ignores case, punctuation and word order (rule 2)."""
    return " ".join(sorted(words(text)))


def name_key(text: str) -> str:
    """Case-insensitive key for names of people, departments and task forces."""
    return " ".join(text.casefold().split())
