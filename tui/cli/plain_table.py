"""Tables without colour drawn without rich's Console: the same characters, a third of the start-up.

What we chose (issue 16): when the output has no colour (``NO_COLOR``, or stdout
is not a terminal: a pipe, a file, a script), a table is drawn here, exactly as
``rich.table.Table`` draws it for ``render.table`` (heavy head box, one space of
padding, words wrapped and over-long words folded to fit the width, headers
aligned to the bottom, the title left-justified above). Importing rich's
Console and Table costs about as much as click and sqlite-utils together; this
module needs none of rich for printable ASCII, and only rich's word-wrap and
cell-width helpers for other text. A colour
terminal, an output encoding that can't draw the box, or a width too narrow
for the columns still go through rich (``None`` from ``draw``), so the look is
always rich's. tests/cli/test_plain_table.py checks the two agree.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Iterator, Sequence

PAD = 1  # rich's default table padding: one space each side of a cell


_WORDS = re.compile(r"\s*\S+\s*")


def _ascii(text: str) -> bool:
    return text.isascii() and text.isprintable()


def cell_len(text: str) -> int:
    """rich's cell width; printable ASCII (most cells) is one cell a character, and only
    other text loads rich's width tables."""
    if _ascii(text):
        return len(text)
    from rich.cells import cell_len as rich_cell_len

    return rich_cell_len(text)


def _words(text: str) -> Iterator[tuple[int, str]]:
    """(start, word and the spaces after it) of each word of printable ASCII: ``_WORDS``'s
    matches, without the regex when one space parts the words (a cell on one line)."""
    if "  " in text or text.startswith(" ") or text.endswith(" "):
        return ((m.start(), m.group()) for m in _WORDS.finditer(text))
    return _spaced(text)


def _spaced(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    parts = text.split(" ")
    last = len(parts) - 1
    for n, part in enumerate(parts):
        word = part if n == last else part + " "
        yield start, word
        start += len(word)


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """rich._wrap.divide_line (where a line breaks), for printable ASCII without rich."""
    if not _ascii(text):
        from rich._wrap import divide_line as rich_divide_line

        return rich_divide_line(text, width, fold=fold)
    breaks: list[int] = []
    offset = 0
    for start, word in _words(text):
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:  # too long for any line: folded across lines
            chunks = [word[i : i + width] for i in range(0, len(word), width)]
            for n, chunk in enumerate(chunks):
                if start:
                    breaks.append(start)
                if n == len(chunks) - 1:
                    offset = len(chunk)
                else:
                    start += len(chunk)
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    return breaks


def console_width() -> int:
    """The width rich's Console would use: a terminal on stdin/stdout/stderr, COLUMNS, or 80."""
    width: int | None = None
    for fd in (0, 1, 2):
        try:
            width = os.get_terminal_size(fd).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = os.environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    return width or 80


def can_draw() -> bool:
    """No colour (rich would emit no styles at all) and an encoding that has the box."""
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower()
    if not encoding.startswith("utf"):
        return False
    if os.environ.get("TERM", "").lower() in ("dumb", "unknown") and sys.stdout.isatty():
        return False  # rich's dumb-terminal size rules
    return "NO_COLOR" in os.environ or not sys.stdout.isatty()


def _measure(text: str) -> tuple[int, int]:
    """rich's measurement of a padded cell: (longest word, longest line) plus padding."""
    if text.isascii() and text.isprintable():  # one line, a cell a character
        words = text.split()
        longest = len(text)
        shortest = max(map(len, words)) if words else longest
    else:
        lines = text.splitlines()
        longest = max((cell_len(x) for x in lines), default=0)
        words = text.split()
        shortest = max((cell_len(w) for w in words), default=longest)
    shortest = min(max(0, shortest), longest)
    return shortest + 2 * PAD, max(shortest, longest) + 2 * PAD


def _ratio_reduce(
    total: int, ratios: list[int], maximums: list[int], values: list[int]
) -> list[int]:
    # rich._ratio.ratio_reduce, copied so ``fractions`` is not imported for it.
    ratios = [ratio if top else 0 for ratio, top in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result: list[int] = []
    for ratio, top, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(top, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _collapse(widths: list[int], max_width: int) -> list[int]:
    # rich.table.Table._collapse_widths with every column wrapable.
    total = sum(widths)
    excess = total - max_width
    while total and excess > 0:
        widest = max(widths)
        second = max((w if w != widest else 0) for w in widths)
        difference = widest - second
        ratios = [1 if w == widest else 0 for w in widths]
        if not any(ratios) or not difference:
            break
        widths = _ratio_reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
        total = sum(widths)
        excess = total - max_width
    return widths


def _all_ascii(column: list[str]) -> bool:
    """Every cell printable ASCII: a cell a character, one line each (checked in one go)."""
    joined = "".join(column)
    return joined.isascii() and joined.isprintable()


def _range(column: list[str]) -> tuple[int, int]:
    """rich's measurement of a column: the widest of its cells' (longest word, longest line),
    padded. Its cells of printable ASCII are measured together: their longest word is the
    longest of all their words (a cell of spaces only counts its spaces)."""
    if _all_ascii(column):
        plain, other = column, []
    else:  # a name with an accent, the "—" of an empty cell: those cells one by one
        plain = [text for text in column if text.isascii() and text.isprintable()]
        other = [text for text in column if not (text.isascii() and text.isprintable())]
    low = high = 0
    if plain:
        words = " ".join(plain).split()
        shortest = max(map(len, words)) if words else 0
        blank = max((len(text) for text in plain if text.isspace()), default=0)
        low, high = max(shortest, blank) + 2 * PAD, max(map(len, plain)) + 2 * PAD
    for text in set(other):
        shortest, longest = _measure(text)
        low, high = max(low, shortest), max(high, longest)
    return low, high


def _widths(columns: list[list[str]], max_width: int) -> list[int] | None:
    ranges = [_range(column) for column in columns]
    widths = [min(top, max_width) or 1 for _low, top in ranges]
    if sum(widths) > max_width:
        widths = _collapse(widths, max_width)
        if sum(widths) > max_width:
            return None  # rich's last resort (every column reduced evenly): leave it to rich
        if min(widths) <= 2:
            return None
        # rich measures again within each width: the widest line that fits it.
        widths = [min(top, max_width, w) for (_low, top), w in zip(ranges, widths, strict=True)]
    return widths


def _crop(text: str, width: int) -> str:
    """rich's truncate with fold: at most ``width`` cells."""
    while cell_len(text) > width:
        text = text[:-1]
    return text


def _wrap(text: str, width: int, right: bool | None) -> list[str]:
    """rich's Text.wrap with overflow fold and justify left or right, each line ``width`` wide
    (``right`` None: rich's default justify, lines as they break, not padded)."""
    out: list[str] = []
    for part in text.split("\n"):
        size = cell_len(part)
        if size <= width:
            pieces = [part]  # what divide_line gives a line that fits
        else:
            offsets = divide_line(part, width, fold=True)
            pieces = [part[a:b] for a, b in zip([0, *offsets], [*offsets, len(part)], strict=True)]
        for piece in pieces:
            if len(pieces) > 1:
                size = cell_len(piece)
            if len(piece) > width:  # rstrip_end: trailing whitespace beyond the width goes
                trailing = len(piece) - len(piece.rstrip())
                if trailing:
                    piece = piece[: len(piece) - min(trailing, len(piece) - width)]
                    size = cell_len(piece)
            if right:
                piece = piece.rstrip()
                size = cell_len(piece)
            if size > width:
                piece = _crop(piece, width)
                size = cell_len(piece)
            if right is None:
                out.append(piece)
            elif right:
                out.append(" " * (width - size) + piece)
            else:
                out.append(piece + " " * (width - size))
    return out


def _wrap_ascii(text: str, width: int, right: bool) -> list[str]:
    """``_wrap`` of one line of printable ASCII (a cell a character), justified: the same
    lines, without measuring each piece (most cells of a long listing take this path)."""
    if len(text) <= width:
        return [text.rstrip().rjust(width) if right else text.ljust(width)]
    lines = _spaced_lines(text, width)
    if lines is not None:
        return [line.rjust(width) if right else line.ljust(width) for line in lines]
    offsets = divide_line(text, width, fold=True)
    out: list[str] = []
    for start, end in zip([0, *offsets], [*offsets, len(text)], strict=True):
        piece = text[start:end]
        if len(piece) > width:  # rstrip_end: trailing whitespace beyond the width goes
            trailing = len(piece) - len(piece.rstrip())
            if trailing:
                piece = piece[: len(piece) - min(trailing, len(piece) - width)]
        if right:
            piece = piece.rstrip()
        piece = piece[:width]
        out.append(piece.rjust(width) if right else piece.ljust(width))
    return out


def _spaced_lines(text: str, width: int) -> list[str] | None:
    """The lines ``divide_line`` makes of single-spaced printable ASCII, found by looking
    back from each line's end for a space; None when the spacing is not single.

    A word fits on a line while it ends within the width, so each line ends at the last
    space within the width, and the line's trailing space is dropped as rich drops it. A
    word longer than the width starts a line and is folded at the width, its trailing
    space with it (as rich folds it); its last piece begins the next line."""
    if "  " in text or text.startswith(" ") or text.endswith(" "):
        return None
    lines: list[str] = []
    start = 0
    while len(text) - start > width:
        cut = text.rfind(" ", start, start + width + 1)
        if cut >= start:  # at ``start`` only when a folded word's last piece is its space
            lines.append(text[start:cut])
            start = cut + 1
            continue
        space = text.find(" ", start)
        folded_end = len(text) if space < 0 else space + 1
        while folded_end - start > width:
            lines.append(text[start : start + width])
            start += width
    lines.append(text[start:])
    return lines


def _wrap_column(column: list[str], width: int, right: bool) -> list[list[str]]:
    """Each cell of a column wrapped to ``width`` and justified (``_wrap``); a column of
    printable ASCII whose cells all fit is justified in one pass."""
    if _all_ascii(column):
        if max(map(len, column)) <= width:
            if right:
                return [[text.rstrip().rjust(width)] for text in column]
            return [[text.ljust(width)] for text in column]
        return [_wrap_ascii(text, width, right) for text in column]
    return [
        _wrap_ascii(text, width, right)
        if text.isascii() and text.isprintable()
        else list(_wrap_other(text, width, right))
        for text in column
    ]


@functools.lru_cache(maxsize=4096)
def _wrap_other(text: str, width: int, right: bool) -> tuple[str, ...]:
    """``_wrap`` of a cell that is not printable ASCII, kept: the same few (the "—" of an
    empty cell, people's and departments' names) recur down a listing."""
    return tuple(_wrap(text, width, right=right))


def draw(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    title: str | None,
    right: Sequence[bool],
    width: int | None = None,
) -> str | None:
    """The table as rich would print it, or None where only rich draws it the same."""
    if any("\t" in cell or "\r" in cell for row in rows for cell in row):
        return None
    width = console_width() if width is None else width
    max_width = width - (len(columns) + 1)  # the vertical rules
    if max_width < 1:
        return None
    cells = [[head, *(row[i] for row in rows)] for i, head in enumerate(columns)]
    widths = _widths(cells, max_width)
    if widths is None:
        return None
    inner = [w - 2 * PAD for w in widths]
    if min(inner) < 1:
        return None
    table_width = sum(widths) + len(widths) + 1
    pad = " " * PAD
    lines: list[str] = []
    if title:
        for piece in _wrap(title, table_width, right=False):
            lines.append(piece)
    lines.append("┏" + "┳".join("━" * w for w in widths) + "┓")
    wrapped = [
        _wrap_column(column, w, side) for column, w, side in zip(cells, inner, right, strict=True)
    ]
    head = [column[0] for column in wrapped]
    height = max(map(len, head))
    for n, lines_of in enumerate(head):  # headers sit at the bottom
        head[n] = [" " * inner[n]] * (height - len(lines_of)) + lines_of
    lines.extend(
        "┃" + "┃".join([pad + part + pad for part in parts]) + "┃"
        for parts in zip(*head, strict=True)
    )
    lines.append("┡" + "╇".join("━" * w for w in widths) + "┩")
    for row in zip(*(column[1:] for column in wrapped), strict=True):
        height = max(map(len, row))
        if height == 1:  # most rows of a listing: one line, nothing to pad below
            lines.append("│" + "│".join([pad + c[0] + pad for c in row]) + "│")
            continue
        filled = [c + [" " * inner[n]] * (height - len(c)) for n, c in enumerate(row)]
        lines.extend(
            "│" + "│".join([pad + part + pad for part in parts]) + "│"
            for parts in zip(*filled, strict=True)
        )
    lines.append("└" + "┴".join("─" * w for w in widths) + "┘")
    return "\n".join(lines) + "\n"


def paragraph(text: str, *, width: int | None = None) -> str | None:
    """One line of text as rich's Console.print draws it without colour (wrapped to the width)."""
    if "\t" in text or "\r" in text:
        return None
    width = console_width() if width is None else width
    return "\n".join(_wrap(text, width, right=None)) + "\n"
