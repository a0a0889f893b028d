"""A writer process for the reliability tests: says so for each acknowledged write.

Usage: python -m tests.reliability.worker DB ACTOR OWNER PREFIX COUNT
A line ``ack ID`` is printed (and flushed) only after the commit returned.

``write`` is the same writer for a process started from a multiprocessing fork server
(tests/reliability/test_crash.py): it sends ``ack ID`` through a pipe instead.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from multiprocessing.connection import Connection

from db.connection import open_db
from db.people import get_person
from db.tasks import add_task


def run(
    path: str, actor_name: str, owner: str, prefix: str, count: int, ack: Callable[[int], None]
) -> None:
    """Add ``count`` tasks, one transaction each; ``ack(id)`` once each commit returned."""
    db = open_db(path)
    actor = get_person(db, actor_name)
    for n in range(count):
        task = add_task(db, actor, f"{prefix} unique job {n} {prefix}", owner, allow_duplicate=True)
        ack(task.id)


def write(path: str, actor_name: str, owner: str, prefix: str, count: int, out: Connection) -> None:
    """``run``, each acknowledgement sent through ``out`` (unbuffered, one write each)."""
    run(path, actor_name, owner, prefix, count, lambda task_id: out.send_bytes(b"ack %d" % task_id))


def main() -> None:
    path, actor_name, owner, prefix, count = sys.argv[1:6]

    def ack(task_id: int) -> None:
        sys.stdout.write(f"ack {task_id}\n")
        sys.stdout.flush()

    run(path, actor_name, owner, prefix, int(count), ack)


if __name__ == "__main__":
    main()
