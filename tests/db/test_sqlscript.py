"""Scripts run inside a transaction are split into the statements sqlite-utils would run."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database
from sqlite_utils.db import _iter_complete_sql_statements

from db.handle import TandemDatabase
from db.migrations import migrations
from db.sqlscript import statements

SCRIPTS = [
    "",
    "   ",
    "SELECT 1",
    "SELECT 1;",
    "SELECT 1; SELECT 2;\n  SELECT 3",
    "SELECT 'a;b'; SELECT \"c;d\" FROM x; SELECT [e;f];",
    "SELECT 1 -- a; comment\n; SELECT 2 /* b; */ ;",
    "SELECT 1; -- trailing; comment",
    "SELECT 1; /* unterminated; comment",
    "SELECT 'unterminated; string",
    "CREATE TABLE t (x);\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
    "  SELECT 1; UPDATE t SET x = ';' WHERE x = 2;\nEND;\nSELECT 2;",
    "CREATE TEMP TRIGGER tr BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'no; never'); END;",
    ";;SELECT 1;;",
]


@pytest.mark.parametrize("sql", SCRIPTS)
def test_a_script_splits_as_sqlite_utils_splits_it(sql: str) -> None:
    assert list(statements(sql)) == list(_iter_complete_sql_statements(sql))


def test_the_migrations_build_the_same_schema_as_with_sqlite_utils_alone() -> None:
    plain = Database(memory=True)
    ours = TandemDatabase(sqlite3.connect(":memory:", isolation_level=None))
    for database in (plain, ours):
        migrations().apply(database)
    query = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    built = ours.execute(query).fetchall()
    assert len(built) > 50
    assert built == plain.execute(query).fetchall()


def test_a_script_in_a_transaction_stays_in_it() -> None:
    database = TandemDatabase(sqlite3.connect(":memory:", isolation_level=None))
    database.execute("CREATE TABLE t (x)")
    database.conn.execute("BEGIN")
    database.executescript("INSERT INTO t VALUES (';'); INSERT INTO t VALUES (2);")
    assert database.conn.in_transaction
    database.conn.execute("ROLLBACK")
    assert database.execute("SELECT count(*) FROM t").fetchone()[0] == 0
