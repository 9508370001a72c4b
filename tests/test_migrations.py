"""Migrations: head equals the models, and every revision goes down and up again, one at a time.

Runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL points there (CI), in a database of
its own so the rest of the suite is untouched. The revisions come from Alembic's script
directory, so a new migration is covered as soon as it exists.

One revision at a time, with rows in every table that can take one (so a migration that moves
or rewrites data meets some): up from base to head, recording each revision's schema; down to
base, where each step must give back the schema recorded on the way up; up again, the same.
The head's schema must also be what ``create_all`` makes of the models, CHECK constraints and
partial-index conditions included (tests/migration_schema.py describes a schema).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from app import create_app
from app.extensions import db, migrate
from app.search.models import include_name
from tests.conftest import suite_backend
from tests.migration_schema import Schema, differences, schema_of, seed_rows


@pytest.fixture(autouse=True)
def database() -> None:
    """No rolled-back transaction on the suite's database (nor its session-wide tables): each
    test here works in a scratch database of its own (`scratch_url`)."""


def test_upgrade_to_head_matches_the_models_and_downgrade_returns_to_empty(
    scratch_url: str,
) -> None:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=scratch_url)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": include_name}
            )
            found = compare_metadata(context, db.metadata)
        assert found == [], found

        downgrade(revision="base")
        with db.engine.connect() as connection:
            assert set(inspect(connection).get_table_names()) <= {"alembic_version"}

        upgrade()
        with db.engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
        assert set(db.metadata.tables) <= tables
        db.engine.dispose()


def revisions(app: Flask) -> list[str]:
    """Every revision, base first; the history must be one line (merge a branch first)."""
    with app.app_context():
        script = ScriptDirectory.from_config(migrate.get_config())
    heads = script.get_heads()
    assert len(heads) == 1, f"several heads {heads}: merge them before testing step by step"
    ordered = [revision.revision for revision in script.walk_revisions()]
    return ordered[::-1]


def _schema() -> Schema:
    with db.engine.connect() as connection:
        return schema_of(connection)


def _seed(step: int, seeded: dict[str, int]) -> None:
    with db.engine.begin() as connection:
        for table in seed_rows(connection, step):
            seeded[table] = seeded.get(table, 0) + 1


def walk_every_revision(url: str) -> dict[str, object]:
    """The walk described above; what it saw, for the report of a passing run."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    ordered = revisions(app)
    expected: dict[str, Schema] = {}
    seeded: dict[str, int] = {}
    problems: list[str] = []
    steps = 0
    started = time.perf_counter()
    with app.app_context():
        for step, revision in enumerate(ordered, start=1):  # up, recording each schema
            upgrade(revision=revision)
            expected[revision] = _schema()
            _seed(step, seeded)
        for step, revision in enumerate(reversed(ordered[:-1]), start=100):  # down
            downgrade(revision=revision)
            steps += 1
            problems += [
                f"down to {revision}: {d}" for d in differences(expected[revision], _schema())
            ]
            _seed(step, seeded)
        downgrade(revision="base")
        assert _schema() == {}, "base still holds tables"
        for step, revision in enumerate(ordered, start=200):  # and up again
            upgrade(revision=revision)
            steps += 1
            problems += [
                f"up to {revision}: {d}" for d in differences(expected[revision], _schema())
            ]
            _seed(step, seeded)

        downgrade(revision="base")  # the head's schema is the models'
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE alembic_version"))
        db.create_all()
        made = _schema()
        problems += [f"head vs create_all: {d}" for d in differences(made, expected[ordered[-1]])]
        db.drop_all()
        db.engine.dispose()
    assert not problems, "\n".join(problems)
    return {
        "revisions": len(ordered),
        "schemas_compared": steps + 1,  # each step down and up, and head against create_all
        "tables_seeded": seeded,
        "seconds": round(time.perf_counter() - started, 1),
    }


def test_every_revision_down_and_up_one_at_a_time_with_rows(tmp_path: Path) -> None:
    """On SQLite, always (batch migrations recreate tables there: the riskiest backend)."""
    report = walk_every_revision(f"sqlite:///{tmp_path / 'walk.sqlite3'}")
    assert report["tables_seeded"], "no table took a row: the walk carried no data"
    print(report)


@pytest.mark.postgres
@pytest.mark.skipif(
    suite_backend() != "postgresql",
    reason="runs on PostgreSQL (TEST_DATABASE_URL); the SQLite walk runs above",
)
def test_every_revision_on_postgresql_checks_its_catalog(scratch_url: str) -> None:
    """The same walk on PostgreSQL, where CHECKs and partial indexes come from pg_catalog."""
    assert scratch_url.startswith("postgresql")
    report = walk_every_revision(scratch_url)
    assert report["tables_seeded"]


def test_the_review_weighted_mean_is_filled_from_the_scores(scratch_url: str) -> None:
    """e3a7c9b1d5f2 fills each existing review's stored mean from its scores, as
    `ReviewAssignment.store_weighted_mean` would (a review without scores stays empty)."""
    from app.reviews.models import ReviewAssignment
    from tests.reviews.factories import make_assignment, make_review

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=scratch_url)
    with app.app_context():
        upgrade()
        review = make_review()
        scored = [
            make_assignment(review.proposals[0], review.us[0], scores=[5, 1, 2, 3, 4]),
            make_assignment(review.proposals[1], review.cn[0], scores=[2, 4, 4, 1, 5]),
        ]
        unscored = make_assignment(review.proposals[2], review.us[1])
        expected = {a.id: a.weighted_mean for a in [*scored, unscored]}
        assert None not in [a.weighted_mean for a in scored]
        db.session.commit()
        downgrade(revision="a4e8c1f5b7d2")
        upgrade()
        filled = dict(
            db.session.execute(select(ReviewAssignment.id, ReviewAssignment.weighted_mean)).all()
        )
        assert filled.keys() == expected.keys()
        for key, value in expected.items():
            assert filled[key] == (None if value is None else pytest.approx(value))
        db.session.remove()
        downgrade(revision="base")
        db.engine.dispose()
