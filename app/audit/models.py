"""The audit log: who did what to which record, and when.

The log is append-only. The database refuses to change or remove an event (triggers on SQLite
and PostgreSQL, created with the table by `create_all` and by the migration that introduced
them, 20261202_a5e7c3d9b1f2), and the ORM refuses before the database is asked, with a clearer
message. An account that acted is therefore never deleted (its events keep pointing at it);
accounts are deactivated instead, which is all the portal ever does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import DDL, JSON, ForeignKey, Index, Integer, String, event, inspect
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

from app import clock
from app.accounts.models import User
from app.db import UTCDateTime
from app.extensions import Model


class Event(Model):
    """One recorded action, written in the same transaction as the change it records."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now, index=True)
    # No ON DELETE action: an account that acted cannot be deleted, only deactivated.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    action: Mapped[str] = mapped_column(String(80))  # e.g. "proposal.submitted"
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[int] = mapped_column(Integer)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship()

    __table_args__ = (Index("ix_event_record", "record_type", "record_id"),)

    def __repr__(self) -> str:
        return f"<Event {self.action} {self.record_type}:{self.record_id}>"


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete a recorded event."""


# The database's own refusal. The migration repeats these statements word for word (a migration
# never imports the app's code); tests/audit/test_immutability.py checks both create the same.
REFUSAL = "the audit log is append-only: events are never changed or deleted"
SQLITE_TRIGGERS = (
    f"CREATE TRIGGER event_refuse_update BEFORE UPDATE ON event "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
    f"CREATE TRIGGER event_refuse_delete BEFORE DELETE ON event "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
)
POSTGRESQL_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION USING MESSAGE = '{REFUSAL}: ' || TG_OP || ' refused', "
    "ERRCODE = 'restrict_violation'; END $$",
    "CREATE TRIGGER event_refuse_change BEFORE UPDATE OR DELETE ON event "
    "FOR EACH ROW EXECUTE FUNCTION event_refuse_change()",
    "CREATE TRIGGER event_refuse_truncate BEFORE TRUNCATE ON event "
    "FOR EACH STATEMENT EXECUTE FUNCTION event_refuse_change()",
)

for _statement in SQLITE_TRIGGERS:
    event.listen(Event.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _statement in POSTGRESQL_TRIGGERS:
    event.listen(Event.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))
event.listen(
    Event.__table__,
    "after_drop",
    DDL("DROP FUNCTION IF EXISTS event_refuse_change()").execute_if(dialect="postgresql"),
)


@event.listens_for(Event, "before_update")
def _refuse_update(_mapper: Mapper[Event], _connection: Connection, target: Event) -> None:
    if _changed(target):
        raise AuditLogIsAppendOnly(f"{REFUSAL}: {target!r} was modified")


@event.listens_for(Event, "before_delete")
def _refuse_delete(_mapper: Mapper[Event], _connection: Connection, target: Event) -> None:
    raise AuditLogIsAppendOnly(f"{REFUSAL}: {target!r} was deleted")


def _changed(target: Event) -> bool:
    state = inspect(target)
    return any(
        state.attrs[column.key].history.has_changes() for column in state.mapper.column_attrs
    )
