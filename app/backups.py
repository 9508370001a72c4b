"""Backups of the portal's database, their restoration, and the fingerprint that proves a
round trip lost nothing.

SQLite is copied with its online backup API (a consistent copy while the portal keeps serving);
PostgreSQL with ``pg_dump`` in its custom format, restored by ``pg_restore``. A backup holds
personal data and unpublished proposals and reviews, so it is written readable by its owner only,
and under a temporary name first: a file with the final name is always a complete backup.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, MetaData, Table, inspect, select
from sqlalchemy.engine import URL, make_url

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(RuntimeError):
    """A backup or restore could not be made; the message says why, for the operator."""


@dataclass(frozen=True)
class TableFingerprint:
    """The number of rows of a table and a SHA-256 of all of them, in primary-key order."""

    rows: int
    checksum: str


def default_backup_path(url: URL | str, folder: Path, moment: datetime) -> Path:
    """``<folder>/portal-<UTC time>.sqlite3`` or ``.dump``, by the database's kind."""
    suffix = ".sqlite3" if make_url(url).get_backend_name() == "sqlite" else ".dump"
    return folder / f"portal-{moment:%Y%m%dT%H%M%SZ}{suffix}"


def backup_database(url: URL | str, output: Path) -> Path:
    """Write a consistent copy of the database at `url` to `output` and return its path."""
    url = make_url(url)
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        backend = url.get_backend_name()
        if backend == "sqlite":
            _sqlite_backup(_sqlite_file(url), partial)
        elif backend == "postgresql":
            _run(
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--file={partial}",
                f"--dbname={_libpq_url(url)}",
                url=url,
            )
        else:
            raise BackupError(f"Backups of {backend} databases are not supported.")
        partial.chmod(0o600)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    return output


def restore_database(url: URL | str, source: Path) -> None:
    """Replace every table of the database at `url` by those of the backup `source`.

    The caller disposes of its own pooled connections first; the backup's kind must match
    the database's (a SQLite file for SQLite, a ``pg_dump`` custom-format file for PostgreSQL).
    """
    url = make_url(url)
    with source.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(f"{source} is not a SQLite backup.")
        _sqlite_restore(source, _sqlite_file(url))
    elif backend == "postgresql":
        if not head.startswith(PG_DUMP_MAGIC):
            raise BackupError(f"{source} is not a pg_dump custom-format backup.")
        _run(
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={_libpq_url(url)}",
            str(source),
            url=url,
        )
    else:
        raise BackupError(f"Restoring {backend} databases is not supported.")


def fingerprint(engine: Engine) -> dict[str, TableFingerprint]:
    """Every table's row count and checksum, to compare a database before and after a round
    trip. Rows are read in primary-key order (all columns where a table has no key)."""
    metadata = MetaData()
    result: dict[str, TableFingerprint] = {}
    with engine.connect() as connection:
        for name in sorted(inspect(connection).get_table_names()):
            table = Table(name, metadata, autoload_with=connection)
            order = list(table.primary_key.columns) or list(table.columns)
            digest = hashlib.sha256()
            rows = 0
            for row in connection.execute(select(table).order_by(*order)):
                digest.update(repr(tuple(row)).encode("utf-8"))
                digest.update(b"\n")
                rows += 1
            result[name] = TableFingerprint(rows=rows, checksum=digest.hexdigest())
    return result


def _sqlite_file(url: URL) -> Path:
    if url.database in (None, "", ":memory:") or (url.query.get("mode") == "memory"):
        raise BackupError("An in-memory SQLite database has nothing to back up or restore.")
    return Path(url.database)


def _sqlite_backup(database: Path, output: Path) -> None:
    if not database.is_file():
        raise BackupError(f"There is no SQLite database at {database}.")
    source = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    target = sqlite3.connect(output)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _sqlite_restore(backup: Path, database: Path) -> None:
    source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        (verdict,) = source.execute("PRAGMA quick_check").fetchone()
        if verdict != "ok":
            raise BackupError(f"{backup} is damaged: {verdict}")
        target = sqlite3.connect(database)
        try:
            source.backup(target)  # page by page, under SQLite's own lock: all or nothing
        finally:
            target.close()
    finally:
        source.close()


def _libpq_url(url: URL) -> str:
    """The URL for libpq's tools: no SQLAlchemy driver name, no password (that goes in the
    environment, not on a command line other users can read)."""
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _run(program: str, *arguments: str, url: URL) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(f"{program} is not installed (PostgreSQL's client tools are needed).")
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    completed = subprocess.run(  # noqa: S603 - fixed program, arguments built above
        [executable, *arguments],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=3600,
    )
    if completed.returncode != 0:
        raise BackupError(f"{program} failed: {completed.stderr.strip()[-2000:]}")
