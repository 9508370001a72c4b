"""No event is ever changed or deleted: the database refuses (SQLite and PostgreSQL), and the
ORM refuses first with a clearer message. Runs on the suite's database: SQLite by default,
PostgreSQL with TEST_DATABASE_URL."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, delete, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from app import create_app
from app.accounts.models import User
from app.audit.models import REFUSAL, AuditLogIsAppendOnly, Event
from app.audit.services import record_event
from app.extensions import db
from tests.conftest import suite_backend
from tests.factories import make_user
from tests.migration_schema import schema_of


@pytest.fixture
def recorded() -> Event:
    user = make_user()
    event = record_event("user.signed_in", user, actor=user)
    db.session.flush()
    return event


def _refused(statement: object) -> str:
    with pytest.raises(DBAPIError) as refused, db.session.begin_nested():
        db.session.execute(statement)  # type: ignore[call-overload]
    return str(refused.value)


def test_the_database_refuses_to_update_an_event(recorded: Event) -> None:
    message = _refused(update(Event).where(Event.id == recorded.id).values(action="x.forged"))
    assert REFUSAL in message
    raw = text("UPDATE event SET details = '{}' WHERE id = :id").bindparams(id=recorded.id)
    assert REFUSAL in _refused(raw)


def test_the_database_refuses_to_delete_an_event(recorded: Event) -> None:
    assert REFUSAL in _refused(delete(Event).where(Event.id == recorded.id))
    assert REFUSAL in _refused(text("DELETE FROM event"))
    assert db.session.get(Event, recorded.id) is not None


@pytest.mark.skipif(suite_backend() != "postgresql", reason="TRUNCATE is PostgreSQL's")
def test_postgresql_refuses_to_truncate_the_log(recorded: Event) -> None:
    assert REFUSAL in _refused(text("TRUNCATE event"))


def test_the_refusal_is_an_integrity_error(recorded: Event) -> None:
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.execute(delete(Event))


def test_the_orm_refuses_to_change_an_event(recorded: Event) -> None:
    recorded.details = {"forged": True}
    with pytest.raises(AuditLogIsAppendOnly, match="append-only"):
        db.session.flush()
    db.session.rollback()


def test_the_orm_refuses_to_delete_an_event(recorded: Event) -> None:
    db.session.delete(recorded)
    with pytest.raises(AuditLogIsAppendOnly, match="append-only"):
        db.session.flush()
    db.session.rollback()


def test_new_events_are_still_recorded(recorded: Event) -> None:
    user = db.session.get(User, recorded.actor_id)
    record_event("user.signed_out_everywhere", user, actor=user, sessions_ended=1)
    db.session.flush()
    assert db.session.query(Event).filter_by(actor_id=user.id).count() == 2  # type: ignore[union-attr]


@pytest.mark.skipif(suite_backend() != "postgresql", reason="SQLite here enforces no foreign key")
def test_an_account_that_acted_cannot_be_deleted(recorded: Event) -> None:
    message = _refused(delete(User).where(User.id == recorded.actor_id))
    assert "fk_event_actor_id_user" in message


def test_the_migration_makes_the_same_triggers_as_the_models(scratch_url: str) -> None:
    """The head migration and ``create_all`` (the suite's own tables) agree on the triggers."""
    migrated_app = create_app("testing", SQLALCHEMY_DATABASE_URI=scratch_url)
    with migrated_app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            migrated = schema_of(connection)["event"]["triggers"]
        db.engine.dispose()
    created = schema_of(db.session.connection())["event"]["triggers"]
    expected = (
        {"event_refuse_update", "event_refuse_delete"}
        if suite_backend() == "sqlite"
        else {"event_refuse_change", "event_refuse_truncate"}
    )
    assert migrated == created == expected


def test_a_migrated_database_refuses_too(scratch_url: str) -> None:
    migrated_app = create_app("testing", SQLALCHEMY_DATABASE_URI=scratch_url)
    with migrated_app.app_context():
        upgrade()
        db.engine.dispose()
    engine = create_engine(scratch_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO event (occurred_at, action, record_type, record_id, details) "
                    "VALUES (CURRENT_TIMESTAMP, 'demo.seeded', 'user', 1, '{}')"
                )
            )
        for statement in ("UPDATE event SET action = 'x'", "DELETE FROM event"):
            with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
                connection.execute(text(statement))
    finally:
        engine.dispose()
