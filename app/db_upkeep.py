"""The database connections' upkeep: the query planner's statistics, kept without anyone
running ANALYZE by hand, and SQLite's page cache.

SQLite: ``PRAGMA optimize`` each time a pooled connection is given back to the pool, and when
it closes (SQLite's advice is "before closing each connection"; pooled ones rarely close).
SQLite before 3.46 looks only at the tables the connection itself has queried, so it must run
on the connections that serve requests, not in a job of its own. It analyzes only what needs
it (a table the planner wanted statistics of and has none, or one grown much since), so it
usually does nothing, in about 10 µs; ``analysis_limit`` bounds an ANALYZE to about a thousand
rows per index: milliseconds, at any size. A database busy writing is left for the next time
rather than waited for.

SQLite's page cache is 2 MB per connection by default: a search ranking a thousand matches
reads as many partnership rows, and with the cache at ``CACHE_KIB`` it does so in a fifth of
the time (7 ms instead of 24–47 ms at 10,000 partnerships). It fills only as far as it is used.

PostgreSQL keeps its statistics itself: autovacuum's ANALYZE runs on every table whose rows
changed by more than ``autovacuum_analyze_scale_factor`` (10 %) plus 50 (README, "Operating").
Its JIT compiler is turned off on the portal's connections: it compiles any statement the
planner costs above ``jit_above_cost`` before running it, which for the partner finder's
ranking (a few milliseconds of work over 30,000 profiles) took 69 ms of a 107 ms run
(bench/RESULTS.md); the portal runs no query long enough to win that time back.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import event
from sqlalchemy.pool import ConnectionPoolEntry, Pool

ANALYSIS_LIMIT = 1000  # rows ANALYZE reads of each index
CACHE_KIB = 32 * 1024  # SQLite's page cache per connection


def _optimize(connection: sqlite3.Connection) -> None:
    (timeout,) = connection.execute("PRAGMA busy_timeout").fetchone()
    try:
        connection.execute("PRAGMA busy_timeout = 0")
        connection.execute("PRAGMA optimize")
    except sqlite3.OperationalError:  # locked by a writer: next time
        pass
    finally:
        connection.execute(f"PRAGMA busy_timeout = {int(timeout)}")


@event.listens_for(Pool, "connect")
def _configure(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT}")
        dbapi_connection.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    elif type(dbapi_connection).__module__.startswith("psycopg"):
        dbapi_connection.execute("SET jit = off")
        dbapi_connection.commit()  # a setting of the session, kept past every rollback


@event.listens_for(Pool, "checkin")
@event.listens_for(Pool, "close")
def _optimize_when_given_back(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection) and not dbapi_connection.in_transaction:
        _optimize(dbapi_connection)
