"""Unicode TR39 confusable skeletons, pure Python, from a table shipped with Tandem.

``db/data/confusables.txt`` holds the mappings of Unicode's ``confusables.txt`` (UTS #39
security data; see its header for the version, attribution and terms). It is read on the
first call only, so commands that check no name never load it.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from importlib.resources import files

from db.text import invisible

TABLE = "data/confusables.txt"


@cache
def prototypes() -> dict[str, str]:
    """Each confusable character mapped to its prototype (one or more characters)."""
    table: dict[str, str] = {}
    text = files("db").joinpath(TABLE).read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        source, *target = line.split()
        table[chr(int(source, 16))] = "".join(chr(int(cp, 16)) for cp in target)
    return table


@cache
def _translation() -> dict[int, str]:
    return {ord(source): target for source, target in prototypes().items()}


def skeleton(text: str) -> str:
    """``skeleton(X)`` of UTS #39: NFD, default-ignorable characters dropped, each character
    replaced by its prototype, NFD again. Two strings are confusable when their skeletons
    are equal; the skeleton is a key, never shown."""
    nfd = unicodedata.normalize("NFD", text)
    if not nfd.isascii():  # ASCII has no default-ignorable character
        nfd = "".join(ch for ch in nfd if not invisible(ch))
    return unicodedata.normalize("NFD", nfd.translate(_translation()))
