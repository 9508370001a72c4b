"""Migrations: head equals the models, and every revision goes down and up again.

Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL points there (CI), in a database of
its own so the rest of the suite is untouched.
"""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from app import create_app
from app.extensions import db


def test_upgrade_to_head_matches_the_models_and_downgrade_returns_to_empty(
    scratch_url: str,
) -> None:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=scratch_url)
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
