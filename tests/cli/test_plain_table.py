"""The plain table (no colour: pipes, files, NO_COLOR) draws exactly what rich draws.

rich is the oracle: every generated table is printed by ``rich.table.Table``
the way ``tui.cli.render.table`` configures it, and by ``plain_table.draw``;
where ``draw`` answers at all (it leaves the rare last-resort squeeze to rich),
the text must be the same, character for character.
"""

from __future__ import annotations

import io

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tui.cli.plain_table import draw, paragraph

WORDS = st.sampled_from(
    [
        "Globex",
        "a",
        "renewal",
        "Marketing",
        "runs",
        "Supersedes",
        "extraordinarilylongwordwithoutspaces",
        "é",
        "Müller",
        "—",
        "12",
        "Weekly-pipeline",
        "日本語",
        "x" * 25,
    ]
)
CELL = st.one_of(
    st.lists(WORDS, min_size=0, max_size=8).map(" ".join).map(lambda s: s or "—"),
    # Spacing the CLI's cells don't have, but a table may be given: drawn as rich draws it.
    st.lists(WORDS, min_size=1, max_size=4).map("  ".join),
    st.sampled_from(["   ", " Globex", "renewal ", " a  b "]),
)


def rich_table(
    columns: list[str], rows: list[list[str]], title: str | None, right: list[bool], width: int
) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    out = io.StringIO()
    console = Console(
        file=out,
        width=width,
        highlight=False,
        markup=False,
        emoji=False,
        no_color=True,
        color_system=None,
        legacy_windows=False,
    )
    grid = Table(title=Text(title) if title else None, title_justify="left", expand=False)
    for name, r in zip(columns, right, strict=True):
        grid.add_column(name, justify="right" if r else "left", overflow="fold")
    for row in rows:
        grid.add_row(*(Text(v) for v in row))
    console.print(grid)
    return out.getvalue()


@st.composite
def tables(draw_: st.DrawFn) -> tuple[list[str], list[list[str]], str | None, list[bool], int]:
    n = draw_(st.integers(1, 7))
    columns = draw_(st.lists(CELL, min_size=n, max_size=n))
    rows = draw_(st.lists(st.lists(CELL, min_size=n, max_size=n), max_size=6))
    title = draw_(st.one_of(st.none(), CELL))
    right = draw_(st.lists(st.booleans(), min_size=n, max_size=n))
    width = draw_(st.integers(20, 200))
    return columns, rows, title, right, width


@settings(max_examples=400, deadline=None)
@given(tables())
# A word folded across lines takes its trailing space with it: a line of that space alone.
@example((["Globex", "Globex", "Globex Globex"], [], None, [False, False, False], 20))
def test_the_plain_table_is_richs_table(
    table: tuple[list[str], list[list[str]], str | None, list[bool], int],
) -> None:
    columns, rows, title, right, width = table
    mine = draw(columns, rows, title=title, right=right, width=width)
    if mine is not None:
        assert mine == rich_table(columns, rows, title, right, width)


def test_a_typical_listing_is_drawn_without_rich() -> None:
    columns = ["ID", "Recorded", "Where", "Decision", "Rationale", "By", "Supersedes"]
    rows = [
        [
            "171",
            "Mon 6 Nov 2023 13:41",
            "meeting 163 item 3",
            "Marketing runs a partners campaign for Globex before the renewal",
            "The account team asked for air cover",
            "Julia Petrov",
            "—",
        ],
    ]
    right = [True, False, False, False, False, False, True]
    for width in (80, 120, 200):
        mine = draw(columns, rows, title="Decisions", right=right, width=width)
        assert mine is not None
        assert mine == rich_table(columns, rows, "Decisions", right, width)


def rich_print(text: str, width: int) -> str:
    from rich.console import Console
    from rich.text import Text

    out = io.StringIO()
    Console(
        file=out,
        width=width,
        highlight=False,
        markup=False,
        emoji=False,
        no_color=True,
        color_system=None,
        legacy_windows=False,
    ).print(Text(text, style="bold"))
    return out.getvalue()


@settings(max_examples=300, deadline=None)
@given(st.lists(CELL, min_size=1, max_size=6).map(" ".join), st.integers(10, 200))
def test_a_plain_line_is_richs_line(text: str, width: int) -> None:
    mine = paragraph(text, width=width)
    assert mine is None or mine == rich_print(text, width)
