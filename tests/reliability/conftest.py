"""Fixtures for tests that need a database of their own: committed data, several connections
or threads, a database that goes away. The rest of the suite runs in one rolled-back
transaction, which such tests cannot use.

The database is of the suite's kind: a SQLite file, or, when TEST_DATABASE_URL points at
PostgreSQL (CI), a scratch database created next to the suite's and dropped afterwards.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db, login_manager
from tests.conftest import FreshRequestClient


def suite_backend() -> str:
    """``sqlite`` or ``postgresql``: what the suite runs on."""
    url = os.environ.get("TEST_DATABASE_URL")
    return make_url(url).get_backend_name() if url else "sqlite"


def act_as(client: FlaskClient, user_id: int) -> None:
    """Give `client` a signed-in session for `user_id` without the sign-in form (whose Argon2
    check is slow on purpose) and without asking the database."""
    with client.application.test_request_context(environ_base=client.environ_base):
        identifier = login_manager._session_identifier_generator()  # Flask-Login's "strong"
    with client.session_transaction() as session:
        session["_user_id"] = str(user_id)
        session["_fresh"] = True
        session["_id"] = identifier


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
def make_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Flask]]:
    """``make_app(url, **settings)``: the portal on its own database, with sessions of its own
    (the suite's rolled-back session is set aside for the test). Engines are disposed after."""
    monkeypatch.setattr(db, "session", db._make_scoped_session({}))
    made: list[Flask] = []

    def build(url: str, **settings: object) -> Flask:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, **settings)
        app.test_client_class = FreshRequestClient  # no `g` shared between requests
        made.append(app)
        return app

    yield build
    db.session.remove()
    for app in made:
        with app.app_context():
            db.engine.dispose()


@pytest.fixture
def own_app(scratch_url: str, make_app: Callable[..., Flask]) -> Iterator[Flask]:
    """The portal on a scratch database with every table created, its context pushed."""
    app = make_app(scratch_url, WTF_CSRF_ENABLED=False)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
