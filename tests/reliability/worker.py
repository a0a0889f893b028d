"""A writer process for the reliability tests: prints each acknowledged write.

Usage: python -m tests.reliability.worker DB ACTOR OWNER PREFIX COUNT
A line ``ack ID`` is printed (and flushed) only after the commit returned.
"""

from __future__ import annotations

import sys

from db.connection import open_db
from db.people import get_person
from db.tasks import add_task


def main() -> None:
    path, actor_name, owner, prefix, count = sys.argv[1:6]
    db = open_db(path)
    actor = get_person(db, actor_name)
    for n in range(int(count)):
        task = add_task(db, actor, f"{prefix} unique job {n} {prefix}", owner, allow_duplicate=True)
        sys.stdout.write(f"ack {task.id}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
