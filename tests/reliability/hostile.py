"""The hostile-input corpus and the checks every ``tandem`` run must pass, whatever it was fed.

Shared by test_hostile_cli.py (every slot of every command, one value at a time) and
test_fuzz_cli.py (hypothesis: random argument lists).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from db.text import clean, clean_name
from tui.cli import cli

CONTRACT_CODES = {0, 1, 2, 3, 4}

BINARY_JUNK = "".join(chr(i) for i in range(1, 256))  # every byte but NUL, read as Latin-1

# Names that look like those of the standard cast (tests/conftest.py Team, its "Sales"
# department) and of what test_hostile_cli.build makes: refused as duplicates, or normalised;
# never a second record that looks the same (rule 8).
LOOK_ALIKES: dict[str, str] = {
    "zero_width": "Maya Chen\u200b",
    "cyrillic": "M\u0430ya Chen",
    "word_joiner": "Ada Admin\u2060",
    "nfd": "Jose\u0301 Nu\u0301n\u0303ez",
    "nfc": "Jos\u00e9 N\u00fa\u00f1ez",
    "bidi": "\u202eMaya Chen\u202c",
    "fullwidth": "\uff2d\uff41\uff59\uff41 \uff23\uff48\uff45\uff4e",
    "cyrillic_dept": "\u0405ales",
    "cyrillic_area": "Web\u0456nars",
    "isolate_task_force": "\u2066Key account rescue\u2069",
}

# Text that must be stored as typed (minus control characters and bidi overrides) or
# refused clearly; names are stricter (see stored_form).
CORPUS: dict[str, str] = {
    "script": "<script>alert('x')</script>",
    "markup_close": "[/]",
    "markup_click": "[@click=app.quit]quit[/]",
    "markup_style": "[bold red]boom[/bold red] [link=https://evil.example]x[/link]",
    "pipe": "a | b | c",
    "hash": "# not a heading",
    "ansi": "\x1b[31mred\x1b[0m \x1b[2J\x1b[H",
    "osc": "\x1b]8;;https://evil.example\x07link\x1b]8;;\x07 \x1b]0;title\x07",
    "sql_drop": "'; DROP TABLE tasks; --",
    "sql_or": "' OR '1'='1",
    "percent": "%",
    "underscore": "_",
    "double_quote": '"',
    "fts_syntax": 'NEAR(a b) OR "x" AND -y * ^z',
    "binary": BINARY_JUNK,
    "long": "word " * 20_000,  # 100,000 characters
    "emoji": "🚀 Launch 👩‍👩‍👧 ✅",
    "rtl": "اتصل بالعميل שלום \u202eevil\u202c",
    "crlf": "line one\r\nline two",
    "spaces": "   ",
    "empty": "",
    "dash": "-x",
    "backslash": "C:\\path\\n\\x00",
    "format_braces": "{0} {name} %s %(x)s",
    "persian_zwnj": "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # ZWNJ: real text
    **{f"look_alike_{key}": value for key, value in LOOK_ALIKES.items()},
}

# Values aimed at ids, counts, dates, date-times, formats and paths.
VALUES: dict[str, str] = {
    "zero": "0",
    "negative": "-1",
    "huge": "99999999999999999999",
    "superscript": "²",
    "arabic_digit": "٣",
    "float": "1.5",
    "exp": "1e3",
    "hex": "0x10",
    "bad_day": "2026-02-30",
    "far_relative": "+99999d",
    "year_one": "0001-01-01 00:00",
    "year_max": "9999-12-31 23:59",
    "weekday": "fri",
    "option_like": "--json",
}

# Bytes a shell can pass that are not UTF-8: Python hands them over as lone surrogates.
UNDECODABLE = "junk\udcff\udcfe\udc80"

ALL_VALUES: dict[str, str] = {**CORPUS, **VALUES, "undecodable": UNDECODABLE}


def stored_form(value: str, kind: str) -> str:
    """What Tandem keeps of ``value``: control characters and bidi overrides out, then for a
    "line" (a title) all whitespace folded, for "text" only the outer whitespace trimmed, and
    a "name" (person, department, task force, area) NFKC without invisible characters (rule 8)."""
    if kind == "name":
        return clean_name(value)
    cleaned = clean(value)
    return " ".join(cleaned.split()) if kind == "line" else cleaned.strip()


@dataclass
class Ran:
    args: list[str]
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def invoke(db_path: Path, args: list[str], env: dict[str, str] | None = None) -> Ran:
    argv = ["--db", str(db_path), *args]
    result = CliRunner().invoke(
        cli, argv, env={"COLUMNS": "1000", **(env or {})}, prog_name="tandem"
    )
    # CliRunner catches what escapes; TandemGroup must have turned everything into an exit code.
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        argv[:6],
        repr(result.exception),
    )
    return Ran(argv, result.exit_code, result.stdout, result.stderr)


# Unicode's control characters (category Cc) are exactly U+0000-U+001F and U+007F-U+009F.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but newline and tab


def _controls(text: str) -> list[str]:
    return _CONTROL.findall(text)


def check(ran: Ran, *, expect_json: bool = False) -> None:
    """The CLI's promises for any input: an exit code of the README's table, no traceback,
    one ``Error:`` line on failure, valid JSON on success, no control character on screen."""
    where = ([a[:60] for a in ran.args[2:10]], ran.code, ran.err[:300])
    assert ran.code in CONTRACT_CODES, where
    assert "Traceback" not in ran.out + ran.err, where
    assert "unexpected failure" not in ran.err, where
    # Typed escapes never reach the terminal, on either stream.
    assert not _controls(ran.out), (where, _controls(ran.out)[:5])
    assert not _controls(ran.err), (where, _controls(ran.err)[:5])
    if ran.code == 0:
        if expect_json:
            ran.json()
        return
    lines = ran.err.strip().splitlines()
    assert any(line.startswith("Error: ") for line in lines), where
    if ran.code != 2:  # click's usage errors come with a usage line above
        assert len(lines) == 1, where
        assert lines[0].startswith("Error: ") and len(lines[0]) < 2_000, where
        assert ran.out == "", where
