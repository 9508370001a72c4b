"""What the administrators' outbox page reads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, case, func, select

from app.extensions import db
from app.notifications.models import Notification, NotificationState

# Not yet delivered: what an administrator may need to look at.
UNDELIVERED = (
    NotificationState.FAILED,
    NotificationState.SENDING,
    NotificationState.QUEUED,
    NotificationState.HELD,
)


@dataclass(frozen=True)
class OutboxCounts:
    """How many messages are in each undelivered state."""

    failed: int
    sending: int
    queued: int
    held: int


def outbox_counts() -> OutboxCounts:
    """The number of failed, sending, queued and held messages."""
    rows = dict(
        db.session.execute(
            select(Notification.state, func.count())
            .where(Notification.state.in_(UNDELIVERED))
            .group_by(Notification.state)
        ).all()
    )
    return OutboxCounts(
        failed=rows.get(NotificationState.FAILED, 0),
        sending=rows.get(NotificationState.SENDING, 0),
        queued=rows.get(NotificationState.QUEUED, 0),
        held=rows.get(NotificationState.HELD, 0),
    )


def undelivered_statement() -> Select[Any]:
    """Failed messages first, then those being sent, then the waiting ones by next attempt."""
    order = case(
        {state: position for position, state in enumerate(UNDELIVERED)},
        value=Notification.state,
    )
    return (
        select(Notification)
        .where(Notification.state.in_(UNDELIVERED))
        .order_by(order, Notification.next_attempt_at, Notification.id)
    )
