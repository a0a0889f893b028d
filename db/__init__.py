"""Tandem's data and rules: open a database, then call the domain functions.

The modules, one per area of the domain:

- ``connection``: open files, ``inspect_file()`` without writing, ``immediate()`` transactions
- ``migrations``: the schema (sqlite-utils ``Migrations``)
- ``people``: initialising, people, departments, heads, the acting person
- ``permissions``: the "who may do what" table
- ``meetings``: meetings, agenda, attendance, the live run, closing, amendments
- ``decisions``: decisions and their supersedes chain, full-text search
- ``tasks``: tasks, duplicates, completion, reassignment, history
- ``areas``: areas of responsibility
- ``taskforces``: cross-department task forces
- ``minutes``: the minutes of a meeting as plain data
- ``check``: integrity, invariants and what is overlooked

``demo`` (a package) is not part of this core: the demo company, built on the
public functions above, imported only by ``tandem demo``, tests and benchmarks.
"""

from __future__ import annotations

from db.connection import APPLICATION_ID, immediate, open_db
from db.errors import (
    ClosedMeeting,
    Conflict,
    DatabaseUnusable,
    Duplicate,
    Invalid,
    NotFound,
    PermissionDenied,
    TandemError,
)

__all__ = [
    "APPLICATION_ID",
    "ClosedMeeting",
    "Conflict",
    "DatabaseUnusable",
    "Duplicate",
    "Invalid",
    "NotFound",
    "PermissionDenied",
    "TandemError",
    "immediate",
    "open_db",
]
