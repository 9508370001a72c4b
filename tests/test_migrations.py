"""Migrations: head equals the models, and every revision goes down and up again.

Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL points there (CI), in a database of
its own so the rest of the suite is untouched.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db


@pytest.fixture
def migration_database(tmp_path: Path) -> Iterator[str]:
    """An empty database of the suite's kind."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    url = make_url(base)
    name = f"{url.database}_migrations"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_to_head_matches_the_models_and_downgrade_returns_to_empty(
    migration_database: str,
) -> None:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=migration_database)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == [], differences

        downgrade(revision="base")
        with db.engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) <= {"alembic_version"}

        upgrade()
        with db.engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
        assert set(db.metadata.tables) <= tables
        db.engine.dispose()
