"""Drops PostgreSQL test databases left behind by test runs that ended (their process is gone).

Test databases are named test_motcua_<pid>[_gwN] (see conf/settings.py); a run killed half-way,
or one whose teardown met a lingering connection, leaves its database behind."""

import os
import re
import sys

import psycopg

NAME = re.compile(r"^test_motcua_(\d+)(_gw\d+)?$")


def main(url: str) -> None:
    with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
        names = connection.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'test_motcua_%'"
        ).fetchall()
        for (name,) in names:
            match = NAME.match(name)
            if match and not os.path.exists(f"/proc/{match.group(1)}"):
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main(sys.argv[1])
