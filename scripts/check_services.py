"""Say in one sentence what to start when the test database does not answer."""

import os
import sys

import psycopg

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/runpath"


def main() -> int:
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        print(f"make test needs PostgreSQL, but DATABASE_URL is {url!r}.", file=sys.stderr)
        return 1
    # Connect to the maintenance database: the test database is created by the tests.
    maintenance = url.rsplit("/", 1)[0] + "/postgres"
    try:
        psycopg.connect(maintenance, connect_timeout=3).close()
    except psycopg.OperationalError:
        print(
            f"PostgreSQL does not answer at {maintenance}: start it "
            "(e.g. `pg_ctlcluster 15 main start`) or set DATABASE_URL to a server that runs.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
