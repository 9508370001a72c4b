"""SQLite's planner statistics appear without a manual ANALYZE, and PostgreSQL runs without its
JIT compiler (app/db_upkeep.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

import app.db_upkeep  # noqa: F401  (its pool listeners)


def test_a_connection_given_back_after_its_queries_analyzes_what_they_read(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'stats.sqlite3'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE place (code TEXT, size INTEGER)"))
        connection.execute(text("CREATE INDEX ix_place_code ON place (code)"))
        connection.execute(text("CREATE INDEX ix_place_size ON place (size)"))
        connection.execute(
            text("INSERT INTO place VALUES (:code, :size)"),
            [{"code": f"C{n % 50}", "size": n} for n in range(5000)],
        )
    with engine.connect() as connection:  # a request: it reads, then gives the connection back
        # Two indexes to choose from: the planner would have liked statistics.
        connection.execute(text("SELECT size FROM place WHERE code = 'C7' AND size > 10")).all()
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA analysis_limit")).scalar() == 1000
        assert connection.execute(text("PRAGMA cache_size")).scalar() == -32 * 1024
        statistics = connection.execute(text("SELECT tbl, idx FROM sqlite_stat1")).all()
    assert ("place", "ix_place_code") in statistics
    engine.dispose()


def test_postgresql_connections_run_without_the_jit_compiler() -> None:
    """The partner finder's ranking spent 69 of 107 ms in PostgreSQL's JIT (bench/RESULTS.md)."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("runs on PostgreSQL (TEST_DATABASE_URL)")
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SHOW jit")).scalar() == "off"
        connection.rollback()
        assert connection.execute(text("SHOW jit")).scalar() == "off"  # kept past a rollback
    engine.dispose()
