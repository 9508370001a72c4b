"""Fixtures for tests that need a database of their own: committed data, several connections
or threads, a database that goes away. The rest of the suite runs in one rolled-back
transaction, which such tests cannot use.

The database is of the suite's kind: a SQLite file, or, when TEST_DATABASE_URL points at
PostgreSQL (CI), a scratch database created next to the suite's and dropped afterwards.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask import session as flask_session
from flask.testing import FlaskClient
from sqlalchemy.exc import OperationalError

from app import create_app
from app.accounts import sessions
from app.accounts.models import User
from app.extensions import db, login_manager
from tests.conftest import FreshRequestClient


def act_as(client: FlaskClient, user_id: int) -> None:
    """Give `client` a signed-in session for `user_id` without the sign-in form (whose Argon2
    check is slow on purpose): a session row, committed, and the cookie that names it."""
    with client.application.test_request_context(environ_base=client.environ_base):
        identifier = login_manager._session_identifier_generator()  # Flask-Login's "strong"
        try:
            sessions.start_session(db.session.get(User, user_id))  # type: ignore[arg-type]
            token = flask_session[sessions.SESSION_KEY]
            db.session.commit()
        except OperationalError:  # no database: a cookie naming a session nobody can check
            db.session.rollback()
            token = secrets.token_urlsafe(32)
    with client.session_transaction() as session:
        session["_user_id"] = str(user_id)
        session["_fresh"] = True
        session["_id"] = identifier
        session[sessions.SESSION_KEY] = token


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
