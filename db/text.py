"""User text at input: stored as typed, minus terminal control characters and bidi overrides.

Names of people, departments, task forces and areas are stricter (rule 8): NFKC-normalised,
without zero-width, bidi-control or other invisible characters, so that two names that look
the same are the same text or are caught by their look-alike key (``name_skeleton``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from db.errors import Invalid

_KEEP = {"\n", "\t"}
MAX_TEXT = 100_000

# Bidi embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): they reorder
# the text around them, so "\u202eevil" shows as "live". No text needs them to be read.
BIDI_OVERRIDES = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))

# Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 15) outside the Cf category:
# invisible fillers and selectors such as the Hangul filler U+3164 or variation selectors.
_IGNORABLE = frozenset(
    chr(c)
    for c in (
        0x034F,
        0x115F,
        0x1160,
        0x17B4,
        0x17B5,
        *range(0x180B, 0x1810),
        0x2065,
        0x3164,
        *range(0xFE00, 0xFE10),
        0xFFA0,
        *range(0xFFF0, 0xFFF9),
    )
)
_IGNORABLE_PLANE = range(0xE0000, 0xE1000)  # tags and variation selectors 17-256
# Renders as a blank though it is not a space (Unicode category So).
_BLANKS = {"\u2800"}

# A quick first look for what clean() removes: Unicode Cc (newline and tab aside; a
# carriage return is looked at, for CRLF) and the bidi overrides. Most text has none,
# and then clean() returns it as it is without walking it character by character.
_UNCLEAN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Remove control characters (Unicode Cc) other than newline and tab, and bidi overrides.

    ESC, BEL, C1 controls such as CSI: they would let typed text drive a
    terminal; bidi overrides and isolates would make it show other than it reads.
    Everything else (markup-looking brackets, HTML, emoji and their zero-width
    joiners, right-to-left text and its marks, the zero-width non-joiner of Persian)
    is data and is kept exactly.
    """
    if not _UNCLEAN.search(text):
        return text
    text = text.replace("\r\n", "\n")
    return "".join(
        ch
        for ch in text
        if ch in _KEEP or (unicodedata.category(ch) != "Cc" and ch not in BIDI_OVERRIDES)
    )


def one_line(text: object, limit: int | None = None) -> str:
    """Any text as one display line: control characters out (``clean``), every run of
    whitespace (line breaks and tabs too) to one space, cut at ``limit`` with an ellipsis.

    The one rule for showing user text on a line: the app's cells and titles
    (``tui.text``), the CLI's tables and confirmations and the exported minutes use it.
    """
    value = " ".join(("" if text is None else clean(str(text))).split())
    if limit is not None and len(value) > limit:
        value = value[: max(0, limit - 1)] + "…"
    return value


@lru_cache(maxsize=8192)
def invisible(ch: str) -> bool:
    """A character a name never keeps: a control, a format character (zero-width characters,
    bidi marks, overrides and isolates, soft hyphen, ...) or another default-ignorable one."""
    return (
        unicodedata.category(ch) in ("Cc", "Cf") or ch in _IGNORABLE or ord(ch) in _IGNORABLE_PLANE
    )


def _strip_invisible(text: str) -> str:
    if text.isascii():  # after clean(): no ASCII character left is invisible
        return text
    return "".join(" " if ch in _BLANKS else ch for ch in text if not invisible(ch))


def clean_name(text: str) -> str:
    """A name as stored (rule 8): NFKC, on one line, without invisible characters.

    Tabs and line breaks become spaces and runs of whitespace fold into one.
    """
    text = clean(text).replace("\n", " ").replace("\t", " ")
    text = _strip_invisible(unicodedata.normalize("NFKC", _strip_invisible(text)))
    return " ".join(text.split())


def required(
    text: str | None,
    what: str,
    *,
    single_line: bool = False,
    limit: int = MAX_TEXT,
    name: bool = False,
) -> str:
    """Clean ``text`` and refuse it when empty or over ``limit`` characters.

    ``name=True`` cleans it as the name of a person, department, task force or area
    (see ``clean_name``; always one line).
    """
    if name:
        value = clean_name(text or "")
    else:
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
    """The key a name is looked up by: its cleaned form (``clean_name``) without case.

    Unique per table, so exact names in any case find their record.
    """
    return unicodedata.normalize("NFKC", clean_name(text).casefold())


def name_skeleton(text: str) -> str:
    """The look-alike key of a name (rule 8): equal for names that look the same.

    The Unicode TR39 skeleton (confusable letters mapped to one prototype, e.g. Cyrillic
    "а" to Latin "a", "m" to "rn") of the cleaned name, case folded and mapped again until
    it no longer changes, so that case variants of look-alikes meet too. Loads the
    confusables table on first use.
    """
    from db.confusables import skeleton

    key = skeleton(clean_name(text))
    for _ in range(8):
        nxt = skeleton(key.casefold())
        if nxt == key:
            break
        key = nxt
    return " ".join(key.split())
