"""Writing the audit log. Every service that changes a status calls `record_event`."""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import inspect
from werkzeug.local import LocalProxy

from app.accounts.models import User
from app.audit.models import Event
from app.extensions import db


def record_event(action: str, record: Any, *, actor: User | None, **details: Any) -> Event:
    """Add an Event for `action` on `record` to the current transaction.

    The record must have been flushed (it needs an id); the event is flushed with it, so the
    two are committed or rolled back together.
    """
    if isinstance(record, LocalProxy):  # e.g. Flask-Login's current_user
        record = record._get_current_object()
    if inspect(record).identity is None:
        db.session.flush()
    event = Event(
        actor_id=actor.id if actor is not None else None,
        action=action,
        record_type=type(record).__tablename__,
        record_id=record.id,
        details={key: _plain(value) for key, value in details.items()},
    )
    db.session.add(event)
    return event


def _plain(value: Any) -> Any:
    """Make enum members, dates and collections JSON-friendly."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
