"""Queueing mail in the outbox; an administrator's retry. Delivery: `delivery.py`."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app import clock
from app.accounts.models import User
from app.addresses import stable_base_url
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.notifications.kinds import is_digestible
from app.notifications.models import Notification, NotificationState


def queue_mail(
    kind: str,
    *,
    to: User | str,
    language: str | None = None,
    **context: Any,
) -> Notification:
    """Render the mail template ``email/<kind>.txt`` in the recipient's language and queue it.

    The template's first line is the subject. Nothing is sent here: the message is added to the
    current transaction and leaves only if that transaction commits (the job runner delivers it
    seconds later). A non-urgent kind (`DIGESTIBLE_KINDS`) to a reader who chose the daily
    digest is held for it instead.
    """
    recipient = to if isinstance(to, User) else None
    address = to.email if isinstance(to, User) else to
    locale = language or (str(recipient.language) if recipient else "en")
    # Links in mails point at the public address, whether queued from a request or the CLI.
    base_url = stable_base_url()
    with current_app.test_request_context(base_url=base_url), force_locale(locale):
        template = f"email/{kind.replace('.', '/')}.txt"
        rendered = render_template(template, recipient=recipient, **context)
    subject, _, body = rendered.strip().partition("\n")
    held = recipient is not None and recipient.daily_digest and is_digestible(kind)
    notification = Notification(
        recipient_id=recipient.id if recipient else None,
        to_address=address,
        subject=" ".join(subject.split()),  # one header line: a CR in a title must not break it
        body_text=body.strip() + "\n",
        kind=kind,
        state=NotificationState.HELD if held else NotificationState.QUEUED,
    )
    db.session.add(notification)
    return notification


def retry_now(notification: Notification, *, actor: User) -> None:
    """An administrator sends a waiting or failed message again, now, with its attempts
    counted afresh."""
    if notification.state not in (NotificationState.QUEUED, NotificationState.FAILED):
        raise ServiceError(_l("This message is not waiting to be sent."))
    notification.state = NotificationState.QUEUED
    notification.attempts = 0
    notification.next_attempt_at = clock.now()
    record_event(
        "notification.retried",
        notification,
        actor=actor,
        kind=notification.kind,
    )
    db.session.flush()


def _message(notification: Notification, sender: str) -> EmailMessage:
    """The e-mail of one outbox row; its Message-ID is the row's, the same at every attempt."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = notification.to_address
    message["Subject"] = notification.subject
    message["Message-ID"] = notification.message_id
    message.set_content(notification.body_text)
    return message
