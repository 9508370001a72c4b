"""Delivering the outbox: each message claimed by one worker, sent, and recorded.

The one delivery loop of the portal: the job runner's tasks (`app.jobs`) and the manual
``flask send-mail`` both call `deliver_due`.

Exactly once, with any number of workers:

1. **Claim.** One conditional UPDATE moves a batch of due messages from queued to sending and
   stamps them with a random claim token and the time (`_claim`). On PostgreSQL the batch is
   chosen with ``SELECT … FOR UPDATE SKIP LOCKED``, so concurrent workers take disjoint rows
   without waiting for each other; on SQLite the single UPDATE statement is atomic (SQLite
   takes its write lock before reading). Either way the UPDATE re-checks the state, so a row
   another worker claimed first is never claimed twice. The claim commits before anything is
   sent.
2. **Send**, outside any database transaction (a slow mail server holds no lock), each
   message only after renewing its claim (`_renew`): a worker slower than the lease finds its
   claim taken over and leaves that message to the worker that took it.
3. **Record** the outcome with an UPDATE that names the claim token: sent; or queued again
   with an exponential back-off (`next_attempt_at`); or failed after `MAIL_MAX_ATTEMPTS`.

A worker killed between 1 and 3 leaves its messages in sending. A claim older than the lease
(`MAIL_CLAIM_LEASE_SECONDS`, far longer than the SMTP timeout) is due again, so the next worker
sends the message once. The one edge left is at-least-once, not exactly-once: a worker that
died after the mail server accepted a message but before step 3 committed. Then the next
worker sends it again — with the same Message-ID header (`Notification.message_id`), so a
receiving system that deduplicates by Message-ID shows it once.

Nothing here runs inside a request: a refusing or hanging mail server costs a worker's time,
never a page's, and loses no message (it stays in the outbox, visible on /admin/outbox).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import and_, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from app import clock
from app.extensions import db
from app.notifications.backends import backend_for
from app.notifications.models import Notification, NotificationState
from app.notifications.services import _message

BATCH = 20
# The longest wait between two attempts, however many have failed.
MAX_RETRY_DELAY = timedelta(hours=6)


@dataclass
class DeliveryRun:
    """What one run delivered."""

    sent: int = 0
    retrying: int = 0
    failed: int = 0

    def describe(self) -> str:
        """One line for the command line and the worker's log."""
        return (
            f"Sent {self.sent} message(s); {self.retrying} will be retried later; "
            f"{self.failed} failed after the last attempt."
        )


def retry_delay(attempts: int, base_seconds: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt: base, 2×base, 4×base, … capped."""
    return min(timedelta(seconds=base_seconds * 2 ** max(attempts - 1, 0)), MAX_RETRY_DELAY)


def _due(now: datetime, lease: timedelta) -> ColumnElement[bool]:
    """Messages a worker may claim: queued and due, or claimed by a worker past its lease."""
    return or_(
        and_(Notification.state == NotificationState.QUEUED, Notification.next_attempt_at <= now),
        and_(
            Notification.state == NotificationState.SENDING,
            Notification.claimed_at < now - lease,
        ),
    )


def _claim(limit: int) -> tuple[str, list[int]]:
    """Claim up to `limit` due messages for this worker and commit the claim."""
    now = clock.now()
    lease = timedelta(seconds=current_app.config["MAIL_CLAIM_LEASE_SECONDS"])
    token = secrets.token_hex(16)
    due = _due(now, lease)
    # FOR UPDATE SKIP LOCKED on PostgreSQL; SQLAlchemy leaves it out on SQLite.
    candidates = (
        select(Notification.id)
        .where(due)
        .order_by(Notification.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    claimed = db.session.scalars(
        update(Notification)
        .where(Notification.id.in_(candidates.scalar_subquery()), due)
        .values(
            state=NotificationState.SENDING,
            claim_token=token,
            claimed_at=now,
            attempts=Notification.attempts + 1,
        )
        .returning(Notification.id)
        .execution_options(synchronize_session=False)
    ).all()
    db.session.commit()
    return token, sorted(claimed)


def _messages(ids: list[int], token: str) -> list[tuple[int, int, EmailMessage]]:
    """(id, attempts, e-mail) of the messages this claim holds; then the read ends."""
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    rows = db.session.scalars(
        select(Notification)
        .where(Notification.id.in_(ids), Notification.claim_token == token)
        .order_by(Notification.id)
    ).all()
    messages = [(row.id, row.attempts, _message(row, sender)) for row in rows]
    db.session.commit()  # no transaction stays open while the mail server is asked
    return messages


def _record(notification_id: int, token: str, **values: object) -> None:
    """Write the outcome of one attempt, if this worker still holds the claim."""
    db.session.execute(
        update(Notification)
        .where(Notification.id == notification_id, Notification.claim_token == token)
        .values(claim_token=None, claimed_at=None, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _renew(notification_id: int, token: str) -> bool:
    """Renew this worker's claim on one message just before sending it; False when the claim
    was taken over meanwhile (this worker was slower than the lease) — then it must not send."""
    renewed = db.session.execute(
        update(Notification)
        .where(
            Notification.id == notification_id,
            Notification.claim_token == token,
            Notification.state == NotificationState.SENDING,
        )
        .values(claimed_at=clock.now())
        .returning(Notification.id)
        .execution_options(synchronize_session=False)
    ).first()
    db.session.commit()
    return renewed is not None


def deliver_due(limit: int | None = None) -> DeliveryRun:
    """Claim and send the messages that are due, batch after batch, at most `limit` of them.

    Commits as it goes (each claim, each outcome): call it outside a request's unit of work.
    """
    run = DeliveryRun()
    remaining = limit
    while remaining is None or remaining > 0:
        size = BATCH if remaining is None else min(BATCH, remaining)
        token, ids = _claim(size)
        if not ids:
            break
        deliver_claimed(token, ids, run)
        if remaining is not None:
            remaining -= len(ids)
    db.session.expire_all()  # the session's copies predate these UPDATEs
    return run


def deliver_claimed(token: str, ids: list[int], run: DeliveryRun) -> None:
    """Send the messages of one claim, one by one, each only while the claim still holds
    (the lease covers one message's send, not the whole batch)."""
    backend = backend_for(current_app._get_current_object())  # type: ignore[attr-defined]
    for notification_id, attempts, message in _messages(ids, token):
        if not _renew(notification_id, token):
            continue
        try:
            backend.send(message)
        except Exception as error:  # refused, timed out, unreachable: try again later
            _failed(run, notification_id, token, attempts, error)
            continue
        _record(
            notification_id,
            token,
            state=NotificationState.SENT,
            sent_at=clock.now(),
            last_error="",
        )
        run.sent += 1


def _failed(
    run: DeliveryRun, notification_id: int, token: str, attempts: int, error: Exception
) -> None:
    config = current_app.config
    described = f"{type(error).__name__}: {error}"[:2000]
    if attempts >= config["MAIL_MAX_ATTEMPTS"]:
        _record(notification_id, token, state=NotificationState.FAILED, last_error=described)
        run.failed += 1
        return
    later = clock.now() + retry_delay(attempts, config["MAIL_RETRY_SECONDS"])
    _record(
        notification_id,
        token,
        state=NotificationState.QUEUED,
        next_attempt_at=later,
        last_error=described,
    )
    run.retrying += 1
