"""The architecture's walls: db/ imports no UI library; tui/ writes no SQL; the demo is outside.

import-linter (``make check``) enforces the first too; this keeps them in
``make test`` so a violation fails CI, not only a developer's lint run. The
demo company (db/demo/) is a client of db/'s public functions, not part of
its core: no core module imports it, and it imports no private name of db/.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
UI_LIBRARIES = {"textual", "rich", "click", "tui"}
SQL = re.compile(
    r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|PRAGMA)\b", re.I | re.S
)


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", _modules("db"), ids=lambda p: p.name)
def test_db_imports_no_ui_library(path: Path) -> None:
    assert not _imported(path) & UI_LIBRARIES


def _dom_receiver(node: ast.expr) -> bool:
    """``self``, ``self.screen``, ``self.app``, ``app.screen``...: Textual's DOM, not a database."""
    if isinstance(node, ast.Name):
        return node.id in {"self", "screen", "app", "widget"}
    if isinstance(node, ast.Attribute):
        return node.attr in {"screen", "app"} and _dom_receiver(node.value)
    return False


@pytest.mark.parametrize("path", _modules("tui"), ids=lambda p: str(p.relative_to(ROOT)))
def test_tui_writes_no_sql(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # ``query`` is also Textual's DOM query (``self.query(Input)``): it counts as SQL when
    # called on something other than a widget, screen or app (``db.query(...)``).
    calls = [
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and (
            node.func.attr in {"execute", "executemany", "executescript"}
            or (node.func.attr == "query" and not _dom_receiver(node.func.value))
        )
    ]
    assert not calls, f"{path.name} runs SQL itself ({calls}); add a db/ function instead"
    # Bare string statements are docstrings: prose may name SQL, code may not.
    prose = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    strings = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in prose
        and SQL.search(node.value)
    ]
    assert not strings, f"{path.name} holds SQL text: {strings[0][:80]!r}"


def _imported_names(path: Path) -> set[tuple[str, str]]:
    """(module, name) for every ``from module import name`` and ``import module`` (name "")."""
    found: set[tuple[str, str]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update((alias.name, "") for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.update((node.module, alias.name) for alias in node.names)
    return found


DEMO = ROOT / "db" / "demo"
CORE = [p for p in _modules("db") if DEMO not in p.parents]


@pytest.mark.parametrize("path", CORE, ids=lambda p: str(p.relative_to(ROOT)))
def test_db_core_does_not_import_the_demo(path: Path) -> None:
    modules = {module for module, _name in _imported_names(path)}
    assert not {m for m in modules if m == "db.demo" or m.startswith("db.demo.")}


@pytest.mark.parametrize("path", sorted(DEMO.glob("*.py")), ids=lambda p: p.name)
def test_the_demo_uses_only_public_names_of_db(path: Path) -> None:
    private = {
        f"{module}.{name}"
        for module, name in _imported_names(path)
        if module.startswith("db") and (name.startswith("_") or "._" in module)
    }
    assert not private, f"{path.name} reaches into db/'s internals: {sorted(private)}"
    # nor opens SQLite files itself: db.connection does that
    assert "sqlite3" not in {module for module, _name in _imported_names(path)}


def test_the_scan_sees_a_violation(tmp_path: Path) -> None:
    # The checks above would pass vacuously if the scanners saw nothing.
    bad = tmp_path / "bad.py"
    bad.write_text("import rich\nfrom textual.app import App\n", encoding="utf-8")
    assert _imported(bad) == {"rich", "textual"}
    assert ("db.connection", "_inspect") in _imported_names(
        _write(tmp_path / "demo.py", "from db.connection import APPLICATION_ID, _inspect\n")
    )
    assert CORE and len(CORE) < len(_modules("db"))
    assert SQL.search("SELECT id FROM tasks")
