"""Shared fixtures: the app, a rolled-back database per test, a client and sign-in helpers.

By default the suite runs on an in-memory SQLite database; with TEST_DATABASE_URL set (CI does
this) it runs on PostgreSQL. Tables are created once per run; each test runs inside a transaction
that is rolled back, and the app's own commits only release savepoints inside it.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, g, has_app_context
from flask.testing import FlaskClient
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import scoped_session, sessionmaker

from app import create_app
from app.extensions import db
from app.memo import forget_everything
from app.notifications.backends import MemoryBackend, backend_for
from app.public.queries import public_data_version
from tests import factories


@event.listens_for(Engine, "connect")
def _sqlite_without_implicit_transactions(dbapi_connection, _record):  # type: ignore[no-untyped-def]
    # pysqlite's own transaction handling breaks SAVEPOINT; SQLAlchemy issues BEGIN instead.
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.isolation_level = None


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection):  # type: ignore[no-untyped-def]
    autocommit = connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT"
    if connection.dialect.name == "sqlite" and not autocommit:  # the fast path's connection
        connection.exec_driver_sql("BEGIN")


class FreshRequestClient(FlaskClient):
    """A test client whose every request starts with an empty `g`, as in production.

    Tests keep an app context open (for the rolled-back session), and Flask reuses it for
    requests; without this, the signed-in user and the locale would leak between requests.
    """

    def open(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if has_app_context():
            g.__dict__.clear()
        return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The portal in testing mode, with every table created once."""
    application = create_app(
        "testing",
        UPLOAD_DIR=str(tmp_path_factory.mktemp("uploads")),
        PDF_CACHE_DIR=str(tmp_path_factory.mktemp("pdf-cache")),
    )
    application.test_client_class = FreshRequestClient
    # The fast path's version read, through each test's rolled-back session (production reads
    # it on a pooled connection of its own: tests/public/test_fast_path.py).
    application.extensions["public_fast_path"].read_version = public_data_version
    with application.app_context():
        db.drop_all()
        db.create_all()
        yield application
        db.session.remove()
        db.drop_all()


@pytest.fixture(autouse=True)
def database(app: Flask) -> Iterator[None]:
    """Run each test in a transaction that is rolled back afterwards."""
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
        original = db.session
        # A plain Session: Flask-SQLAlchemy's own would pick the engine over this connection.
        db.session = scoped_session(
            sessionmaker(bind=connection, join_transaction_mode="create_savepoint"),
            scopefunc=_app_ctx_id,
        )
        try:
            yield
        finally:
            db.session.remove()
            db.session = original
            transaction.rollback()
            connection.close()
            # The rollback gives the data version's counters back: the next test would reuse them.
            forget_everything()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser without CSRF tokens checked (forms are tested for behaviour, not tokens)."""
    app.config["WTF_CSRF_ENABLED"] = False
    return app.test_client()


@pytest.fixture
def csrf_client(app: Flask) -> Iterator[FlaskClient]:
    """A browser with CSRF protection on, as in production."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield app.test_client()
    app.config["WTF_CSRF_ENABLED"] = False


def sign_in(client: FlaskClient, user: object, password: str = factories.PASSWORD) -> None:
    """Sign `user` in through the sign-in form."""
    response = client.post("/login", data={"email": user.email, "password": password})  # type: ignore[attr-defined]
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


@pytest.fixture
def login(client: FlaskClient):  # type: ignore[no-untyped-def]
    """`login(user)` signs the client in as `user`."""
    return lambda user: sign_in(client, user)


def suite_backend() -> str:
    """``sqlite`` or ``postgresql``: what the suite runs on."""
    url = os.environ.get("TEST_DATABASE_URL")
    return make_url(url).get_backend_name() if url else "sqlite"


@pytest.fixture
def scratch_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database of the suite's kind, removed after the test."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not base or suite_backend() == "sqlite":
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    url = make_url(base)
    # Unique per test and process: another person may run the suite at the same moment.
    name = f"{url.database}_{request.node.name[:24].lower()}_{os.getpid()}"
    name = "".join(c if c.isalnum() else "_" for c in name)
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


@pytest.fixture
def backend(app: Flask) -> Iterator[MemoryBackend]:
    """The suite's memory backend, emptied for the test."""
    memory = backend_for(app)
    assert isinstance(memory, MemoryBackend)
    memory.sent.clear()
    yield memory
    memory.sent.clear()
