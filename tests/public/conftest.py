"""Fixtures of the public site's tests: counting SQL queries, the store every worker shares."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from flask import Flask
from sqlalchemy import event

from app.extensions import db
from app.public import stores

REDIS_URL = "redis://127.0.0.1:6379/15"


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


@pytest.fixture(params=["redis", "folder"])
def shared(request: pytest.FixtureRequest, app: Flask, tmp_path, monkeypatch) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The store every worker shares, each kind in turn: Redis (skipped where none answers on
    127.0.0.1:6379) and a folder of this machine. Its pages-read counts start empty."""
    if request.param == "redis":
        redis = pytest.importorskip("redis")
        try:
            redis.Redis.from_url(REDIS_URL, socket_timeout=0.2).delete(stores.READ_PAGES_KEY)
        except redis.RedisError:
            pytest.skip("no Redis on 127.0.0.1:6379")
        monkeypatch.setitem(app.config, "PUBLIC_CACHE_REDIS_URL", REDIS_URL)
    else:
        monkeypatch.setitem(app.config, "PUBLIC_CACHE_DIR", str(tmp_path / "public-cache"))
    stores.forget_clients()
    yield request.param
    if request.param == "redis":
        redis.Redis.from_url(REDIS_URL, socket_timeout=0.2).delete(stores.READ_PAGES_KEY)
    stores.forget_clients()
