"""Indexes built after a bulk write are the indexes the table had, and a rollback keeps them."""

from __future__ import annotations

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

from app import bulk
from app.extensions import db
from tests.conftest import suite_backend

pytestmark = pytest.mark.skipif(
    suite_backend() != "postgresql", reason="SQLite's tables keep their indexes (nothing dropped)"
)
TABLES = ("finder_term", "search_document")


def _indexes(connection: Connection) -> list[tuple[str, str]]:
    return [
        (name, definition)
        for name, definition in connection.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes "
                "WHERE tablename = ANY(:tables) ORDER BY indexname"
            ),
            {"tables": list(TABLES)},
        )
    ]


def test_the_indexes_are_dropped_for_the_block_and_built_again_as_they_were() -> None:
    connection = db.session.connection()
    before = _indexes(connection)
    assert {"pk_finder_term", "ix_finder_term_postings", "ix_search_document_body_trgm"} <= {
        name for name, _definition in before
    }
    with bulk.indexes_built_after(connection, *TABLES):
        assert _indexes(connection) == []
    assert _indexes(connection) == before
    primary = connection.scalar(
        text("SELECT count(*) FROM pg_constraint WHERE conname = 'pk_finder_term'")
    )
    assert primary == 1  # the key again, not only a unique index


def test_a_failure_in_the_block_rolls_the_drop_back() -> None:
    outer = db.session.connection()
    before = _indexes(outer)
    savepoint = outer.begin_nested()
    with pytest.raises(RuntimeError), bulk.indexes_built_after(outer, *TABLES):
        raise RuntimeError("the load failed")
    savepoint.rollback()
    assert _indexes(outer) == before


def _foreign_keys(connection: Connection) -> list[tuple[str, str]]:
    return [
        (name, definition)
        for name, definition in connection.execute(
            text(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE contype = 'f' AND conrelid = 'progress_update'::regclass ORDER BY conname"
            )
        )
    ]


def test_keeping_the_keys_drops_the_other_indexes_and_the_foreign_keys_only() -> None:
    connection = db.session.connection()
    indexes = _indexes_of(connection, "progress_update")
    foreign_keys = _foreign_keys(connection)
    assert foreign_keys and "ix_progress_update_public_order" in dict(indexes)
    with bulk.indexes_built_after(connection, "progress_update", keep_keys=True):
        assert {name for name, _definition in _indexes_of(connection, "progress_update")} == {
            "pk_progress_update",
            "uq_progress_update_image_name",
        }
        assert _foreign_keys(connection) == []
    assert _indexes_of(connection, "progress_update") == indexes
    assert _foreign_keys(connection) == foreign_keys


def _indexes_of(connection: Connection, table: str) -> list[tuple[str, str]]:
    return [
        (name, definition)
        for name, definition in connection.execute(
            text(
                "SELECT indexname, indexdef FROM pg_indexes "
                "WHERE tablename = :table ORDER BY indexname"
            ),
            {"table": table},
        )
    ]


def test_a_row_that_breaks_a_foreign_key_is_still_refused_when_the_key_comes_back() -> None:
    outer = db.session.connection()
    savepoint = outer.begin_nested()
    with (
        pytest.raises(IntegrityError),
        bulk.indexes_built_after(outer, "review_score", keep_keys=True),
    ):
        outer.execute(
            text("INSERT INTO review_score (assignment_id, criterion_id, score) VALUES (-1, -1, 3)")
        )
    savepoint.rollback()
