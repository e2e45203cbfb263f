"""Drops PostgreSQL test databases left behind by test runs that ended (their process is gone).

Test databases are named test_motcua_<pid>[_gwN] (see conf/settings.py); a run killed half-way,
or one whose teardown met a lingering connection, leaves its database behind. With --check
(after a run that ended normally) a database left behind is also an error: some test or
fixture kept a connection open, and the suite must not leave anything behind."""

import os
import re
import sys

import psycopg

NAME = re.compile(r"^test_motcua_(\d+)(_gw\d+)?$")


def main(url: str, *, check: bool) -> int:
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
        names = connection.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'test_motcua_%'"
        ).fetchall()
        stale = [
            name
            for (name,) in names
            if (match := NAME.match(name)) and not os.path.exists(f"/proc/{match.group(1)}")
        ]
        for name in stale:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if check and stale:
        print(f"Test databases left behind by the run (dropped now): {', '.join(stale)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], check="--check" in sys.argv[2:]))
