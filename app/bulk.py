"""Writing a derived table's rows all at once: the whole search index or finder index again.

`write_rows` sends plain rows with ``COPY … FROM STDIN`` on PostgreSQL (psycopg's
``cursor.copy``) and ``executemany`` in large batches on SQLite.

`indexes_built_after` drops a PostgreSQL table's indexes (its primary key and unique
constraints too) for the duration of a block and builds them again after it, in the same
transaction: building a B-tree or GIN index once from the finished table sorts it once, where
maintaining it row by row walks the index for every row (PostgreSQL's manual, "Populating a
Database": "create indexes after loading"). At 100,000 partnerships the finder's 26 million
postings took 331 s to COPY with their three indexes in place. DDL is transactional in
PostgreSQL: a rollback brings the indexes back as they were. But the dropping takes the
table's ACCESS EXCLUSIVE lock until the commit, so every reader of the table waits for the
load: for a bulk load (``flask seed-demo --scale``), not for a server answering requests.
The synthetic data set's own tables keep their keys (``keep_keys``) and lose their other
indexes and their foreign keys, checked once each when added back.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, insert, text

SQLITE_ROWS = 20_000  # rows per executemany on SQLite
# Memory for each index build of the block (PostgreSQL's default, 64 MB, spills a sort of
# millions of rows to disk); for this transaction only.
MAINTENANCE_WORK_MEM = "512MB"


def write_rows(connection: Connection, model: type[Any], rows: Sequence[dict[str, Any]]) -> None:
    """Write `rows` (dictionaries of plain values, all with the same keys) to `model`'s table."""
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        names = list(rows[0])
        raw = connection.connection.driver_connection
        columns = ", ".join(names)
        with (
            raw.cursor() as cursor,  # type: ignore[union-attr]
            cursor.copy(f"COPY {model.__tablename__} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row([row[name] for name in names])
        return
    for start in range(0, len(rows), SQLITE_ROWS):
        connection.execute(insert(model), rows[start : start + SQLITE_ROWS])


# Each index of the tables (with the constraint it backs, if any), then each foreign key
# the tables hold: everything `indexes_built_after` may drop.
_INDEXES = text(
    """
    SELECT table_.relname, index_.relname, pg_get_indexdef(index_.oid),
           constraint_.conname, pg_get_constraintdef(constraint_.oid), pg_index.indisunique
    FROM pg_index
    JOIN pg_class AS table_ ON table_.oid = pg_index.indrelid
    JOIN pg_class AS index_ ON index_.oid = pg_index.indexrelid
    LEFT JOIN pg_constraint AS constraint_ ON constraint_.conindid = index_.oid
        AND constraint_.conrelid = table_.oid AND constraint_.contype IN ('p', 'u')
    WHERE table_.relname = ANY(:tables) AND table_.relnamespace = current_schema()::regnamespace
    ORDER BY table_.relname, index_.relname
    """
)
_FOREIGN_KEYS = text(
    """
    SELECT table_.relname, constraint_.conname, pg_get_constraintdef(constraint_.oid)
    FROM pg_constraint AS constraint_
    JOIN pg_class AS table_ ON table_.oid = constraint_.conrelid
    WHERE constraint_.contype = 'f' AND table_.relname = ANY(:tables)
        AND table_.relnamespace = current_schema()::regnamespace
    ORDER BY table_.relname, constraint_.conname
    """
)


@contextmanager
def indexes_built_after(
    connection: Connection, *tables: str, keep_keys: bool = False
) -> Iterator[None]:
    """On PostgreSQL, the block runs with `tables` unindexed and their indexes are built again,
    by their own definitions, when it ends (nothing happens on SQLite).

    Without `keep_keys`, every index goes, primary keys and unique constraints too: only for
    derived tables no foreign key refers to (dropping a key another table's foreign key needs
    fails). With `keep_keys`, the tables' primary keys and unique indexes stay (other tables
    refer to them, and they keep refusing duplicates as the rows come in); their other indexes
    and their own foreign keys go, each key then checked once for the whole table when it is
    added again instead of row by row."""
    if connection.dialect.name != "postgresql":
        yield
        return
    names = {"tables": list(tables)}
    indexes = [
        (table, index, definition, constraint, constraint_definition)
        for table, index, definition, constraint, constraint_definition, unique in (
            connection.execute(_INDEXES, names)
        )
        if not (keep_keys and unique)
    ]
    foreign_keys = connection.execute(_FOREIGN_KEYS, names).all() if keep_keys else []
    for table, constraint, _definition in foreign_keys:
        connection.exec_driver_sql(f'ALTER TABLE "{table}" DROP CONSTRAINT "{constraint}"')
    for table, index, _definition, constraint, _constraint_definition in indexes:
        if constraint:
            connection.exec_driver_sql(f'ALTER TABLE "{table}" DROP CONSTRAINT "{constraint}"')
        else:
            connection.exec_driver_sql(f'DROP INDEX "{index}"')
    yield
    connection.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{MAINTENANCE_WORK_MEM}'")
    for table, _index, definition, constraint, constraint_definition in indexes:
        if constraint:
            connection.exec_driver_sql(
                f'ALTER TABLE "{table}" ADD CONSTRAINT "{constraint}" {constraint_definition}'
            )
        else:
            connection.exec_driver_sql(definition)
    for table, constraint, definition in foreign_keys:
        connection.exec_driver_sql(
            f'ALTER TABLE "{table}" ADD CONSTRAINT "{constraint}" {definition}'
        )
