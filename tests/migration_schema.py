"""A database's schema as plain data, and rows to carry through migrations.

`schema_of` describes every table: columns (type, roughly, and nullability), primary key,
indexes (with a partial index's condition), unique constraints, foreign keys and CHECK
constraints, and the table's triggers. SQLAlchemy's inspector gives most of it; CHECK constraints and index conditions
come from the database's own catalog (``sqlite_master``'s SQL on SQLite, ``pg_get_constraintdef``
and ``pg_get_indexdef`` on PostgreSQL), normalised so that two spellings of one rule compare
equal (quotes, spaces, case, and the casts PostgreSQL adds).

`seed_rows` inserts one row per table it can fill, whatever the revision: values follow each
column's type, a CHECK of the form ``col IN (...)`` picks a listed value, foreign keys point at
an existing row, and a table whose rules it cannot satisfy is left empty for that step.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, MetaData, Table, insert, inspect, select, text, types
from sqlalchemy.exc import DBAPIError

from app.search.models import SQLITE_INDEX_TABLES

Schema = dict[str, dict[str, Any]]

IGNORED_TABLES = frozenset({"alembic_version"})
# SQLite's FTS5 tables (app/search/models.py): compared like any table, never seeded by hand (a
# row written into an index's shadow table would corrupt it); their triggers fill them.
NOT_SEEDED = SQLITE_INDEX_TABLES


def _normalised(sql: str | None) -> str | None:
    if sql is None:
        return None
    sql = re.sub(r"::[a-z_ ]+(\[\])?", "", sql.lower())  # PostgreSQL's casts: 'a'::text
    sql = re.sub(r"[\"`\s()]", "", sql)
    return sql.replace("any(array[", "in(").replace("]", "") or None


def _balanced(sql: str, start: int) -> str:
    """The text inside the parenthesis opening at `start`."""
    depth = 0
    for index in range(start, len(sql)):
        if sql[index] == "(":
            depth += 1
        elif sql[index] == ")":
            depth -= 1
            if depth == 0:
                return sql[start + 1 : index]
    raise ValueError(f"unbalanced parentheses in {sql!r}")


def _sqlite_checks(connection: Connection, table: str) -> set[tuple[str | None, str | None]]:
    sql = connection.execute(
        text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :name"),
        {"name": table},
    ).scalar_one()
    found = set()
    for match in re.finditer(r"(?:CONSTRAINT\s+\"?(\w+)\"?\s+)?CHECK\s*\(", sql, re.IGNORECASE):
        found.add((match.group(1), _normalised(_balanced(sql, match.end() - 1))))
    return found


def _sqlite_index_conditions(connection: Connection, table: str) -> dict[str, str | None]:
    rows = connection.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :name"),
        {"name": table},
    )
    conditions = {}
    for name, sql in rows:
        where = re.search(r"\bWHERE\b(.*)$", sql or "", re.IGNORECASE | re.DOTALL)
        conditions[name] = _normalised(where.group(1)) if where else None
    return conditions


def _postgresql_checks(connection: Connection, table: str) -> set[tuple[str | None, str | None]]:
    rows = connection.execute(
        text(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'c' AND conrelid = CAST(:name AS regclass)"
        ),
        {"name": table},
    )
    return {(name, _normalised(definition.removeprefix("CHECK "))) for name, definition in rows}


def _postgresql_index_conditions(connection: Connection, table: str) -> dict[str, str | None]:
    rows = connection.execute(
        text("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = :name"),
        {"name": table},
    )
    conditions = {}
    for name, definition in rows:
        where = re.search(r"\bWHERE\b(.*)$", definition, re.IGNORECASE | re.DOTALL)
        conditions[name] = _normalised(where.group(1)) if where else None
    return conditions


def _type(column_type: Any, connection: Connection) -> str:
    try:
        rendered = column_type.compile(dialect=connection.dialect)
    except Exception:
        rendered = type(column_type).__name__
    return re.sub(r"\s+", " ", str(rendered).lower())


def schema_of(connection: Connection) -> Schema:
    """Every table of the database, described for comparison."""
    inspector = inspect(connection)
    sqlite = connection.dialect.name == "sqlite"
    schema: Schema = {}
    for table in sorted(set(inspector.get_table_names()) - IGNORED_TABLES):
        conditions = (
            _sqlite_index_conditions(connection, table)
            if sqlite
            else _postgresql_index_conditions(connection, table)
        )
        schema[table] = {
            "columns": {
                column["name"]: (_type(column["type"], connection), column["nullable"])
                for column in inspector.get_columns(table)
            },
            "primary_key": tuple(inspector.get_pk_constraint(table)["constrained_columns"]),
            "indexes": {
                (
                    index["name"],
                    tuple(index["column_names"]),
                    bool(index["unique"]),
                    conditions.get(index["name"] or ""),
                )
                for index in inspector.get_indexes(table)
            },
            "unique": {
                (unique["name"], tuple(unique["column_names"]))
                for unique in inspector.get_unique_constraints(table)
            },
            "foreign_keys": {
                (
                    key["name"],
                    tuple(key["constrained_columns"]),
                    key["referred_table"],
                    tuple(key["referred_columns"]),
                    (key.get("options") or {}).get("ondelete"),
                )
                for key in inspector.get_foreign_keys(table)
            },
            "checks": (
                _sqlite_checks(connection, table)
                if sqlite
                else _postgresql_checks(connection, table)
            ),
            "triggers": _triggers(connection, table),
        }
    return schema


def _triggers(connection: Connection, table: str) -> set[str]:
    """The names of the table's own triggers (the audit log's refusals, for one)."""
    if connection.dialect.name == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :name"
    else:
        sql = (
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
            "AND tgrelid = CAST(quote_ident(:name) AS regclass)"
        )
    return set(connection.execute(text(sql), {"name": table}).scalars())


def differences(expected: Schema, actual: Schema) -> list[str]:
    """What differs, table by table and aspect by aspect, readably."""
    found = []
    for table in sorted(set(expected) | set(actual)):
        if table not in actual or table not in expected:
            found.append(f"{table}: {'missing' if table not in actual else 'unexpected'}")
            continue
        for aspect, wanted in expected[table].items():
            got = actual[table][aspect]
            if wanted == got:
                continue
            if isinstance(wanted, set):
                found.append(
                    f"{table}.{aspect}: missing {sorted(wanted - got, key=str)}, "
                    f"unexpected {sorted(got - wanted, key=str)}"
                )
            elif isinstance(wanted, dict):
                keys = sorted(set(wanted) | set(got))
                changed = {
                    k: (wanted.get(k), got.get(k)) for k in keys if wanted.get(k) != got.get(k)
                }
                found.append(f"{table}.{aspect}: (expected, actual) {changed}")
            else:
                found.append(f"{table}.{aspect}: expected {wanted}, got {got}")
    return found


# --- rows ---------------------------------------------------------------------------------------


def _listed_values(check: str) -> dict[str, list[str]]:
    """``col IN ('a', 'b')`` in a CHECK's SQL: the values each column may take."""
    allowed: dict[str, list[str]] = {}
    pattern = r"\"?(\w+)\"?\s+IN\s*\(([^()]*)\)"
    # PostgreSQL gives IN back as ``col::text = ANY (ARRAY['a'::character varying, ...])``.
    spelled_by_postgresql = r"\(*\"?(\w+)\"?(?:::[\w ]+)?\s*=\s*ANY\s*\(\s*ARRAY\[([^\]]*)\]"
    for spelling in (pattern, spelled_by_postgresql):
        for column, values in re.findall(spelling, check, re.IGNORECASE):
            allowed.setdefault(column.lower(), re.findall(r"'([^']*)'", values))
    return allowed


# Values a CHECK ties to another column's, for the columns that have such rules (the country
# picked from ``country IN (...)`` is the first listed, 'US').
KNOWN_VALUES = {"subdivision_code": "US-UT", "us_state": "US-UT", "cn_province": "CN-QH"}


def _value(
    column: Any, step: int, allowed: dict[str, list[str]], position: int, variant: int
) -> Any:
    name = column.name.lower()
    if allowed.get(name):
        return allowed[name][0]
    if name in KNOWN_VALUES:
        return KNOWN_VALUES[name]
    kind = column.type
    if isinstance(kind, types.Boolean):
        return False
    if isinstance(kind, types.Integer | types.Numeric):
        # Rules between numbers ("at least 2", "max above min", "year 1 to 3") are met by
        # one of: rising with the column's place, all 1, falling with it; each step's numbers
        # differ from the last's, for unique columns ("one call per year").
        return (2 + position + 200 * step, 1, 2 + 100 - position + 200 * step)[variant]
    # Later columns, later moments: "closes after it opens", "ends after it starts".
    if isinstance(kind, types.DateTime):
        return datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=position)
    if isinstance(kind, types.Date):
        return date(2026, 1, 1) + timedelta(days=position)
    if isinstance(kind, types.Enum):
        return kind.enums[0]
    if isinstance(kind, types.JSON):
        return {}
    if isinstance(kind, types.LargeBinary):
        return b"seed"
    if isinstance(kind, types.String):
        length = kind.length or 40
        return f"s{step}-{name}"[:length]
    return None


def seed_rows(connection: Connection, step: int) -> list[str]:
    """Insert one row into each table that can take one; the tables seeded."""
    metadata = MetaData()
    metadata.reflect(connection)
    inspector = inspect(connection)
    seeded = []
    for table in metadata.sorted_tables:
        if table.name in IGNORED_TABLES | NOT_SEEDED:
            continue
        allowed: dict[str, list[str]] = {}
        for check in inspector.get_check_constraints(table.name):
            allowed.update(_listed_values(check["sqltext"]))
        for variant in range(3):
            row = _row(connection, table, step, allowed, variant)
            if row is None:
                break
            savepoint = connection.begin_nested()
            try:
                connection.execute(insert(table).values(**row))
            except DBAPIError:
                savepoint.rollback()
            else:
                savepoint.commit()
                seeded.append(table.name)
                break
    return seeded


def _numbered(connection: Connection, column: Any) -> bool:
    """Whether the database numbers this integer key itself: always on SQLite (a rowid), on
    PostgreSQL only with a sequence or an identity (a key copied from another table, such as
    the search index's partnership id, is not)."""
    if connection.dialect.name != "postgresql":
        return True
    return column.server_default is not None or column.identity is not None


def _row(
    connection: Connection, table: Table, step: int, allowed: dict[str, list[str]], variant: int
) -> dict[str, Any] | None:
    row: dict[str, Any] = {}
    references = {
        element.parent.name: element.column for key in table.foreign_keys for element in [key]
    }
    for position, column in enumerate(table.columns):
        if column.name in references:
            if column.nullable:
                continue
            target = references[column.name]
            value = connection.scalar(select(target).order_by(target.desc()).limit(1))
            if value is None and not column.nullable:
                return None
            row[column.name] = value
            continue
        if (
            column.primary_key
            and len(table.primary_key.columns) == 1  # a part of a composite key is given
            and isinstance(column.type, types.Integer)
            and _numbered(connection, column)
        ):
            continue  # the database numbers it
        if column.nullable and column.name.lower() not in allowed:
            continue
        value = _value(column, step, allowed, position, variant)
        if value is None and not column.nullable:
            return None
        row[column.name] = value
    return row
