"""Fixtures of the public site's tests: counting SQL queries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from app.extensions import db


@pytest.fixture
def count_queries() -> Callable[[], contextmanager[list[str]]]:  # type: ignore[type-arg]
    """``with count_queries() as statements:`` records every SQL statement run in the block."""

    @contextmanager
    def counting() -> Iterator[list[str]]:
        statements: list[str] = []

        def record(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
            statements.append(statement)

        engine = db.engine
        event.listen(engine, "before_cursor_execute", record)
        try:
            yield statements
        finally:
            event.remove(engine, "before_cursor_execute", record)

    return counting  # type: ignore[return-value]
