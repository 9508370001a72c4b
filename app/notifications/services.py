"""Queueing mail in the outbox and draining it through the configured backend."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select

from app import clock
from app.accounts.models import User
from app.extensions import db
from app.notifications.backends import backend_for
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
    current transaction and leaves only if that transaction commits.
    """
    recipient = to if isinstance(to, User) else None
    address = to.email if isinstance(to, User) else to
    locale = language or (str(recipient.language) if recipient else "en")
    # Links in mails point at the public address, whether queued from a request or the CLI.
    base_url = current_app.config["PUBLIC_BASE_URL"]
    with current_app.test_request_context(base_url=base_url), force_locale(locale):
        template = f"email/{kind.replace('.', '/')}.txt"
        rendered = render_template(template, recipient=recipient, **context)
    subject, _, body = rendered.strip().partition("\n")
    notification = Notification(
        recipient_id=recipient.id if recipient else None,
        to_address=address,
        subject=" ".join(subject.split()),  # one header line: a CR in a title must not break it
        body_text=body.strip() + "\n",
        kind=kind,
    )
    db.session.add(notification)
    return notification


def queued_notifications(limit: int = 100) -> list[Notification]:
    """The oldest `limit` messages still waiting in the outbox."""
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.state == NotificationState.QUEUED)
            .order_by(Notification.id)
            .limit(limit)
        )
    )


def deliver(notification: Notification) -> bool:
    """Hand one queued message to the configured backend; True when it was accepted.

    A failure of any kind leaves the message queued, with its error and attempt count, for the
    next run; the caller commits after each message so one failure holds back no other.
    """
    backend = backend_for(current_app._get_current_object())  # type: ignore[attr-defined]
    notification.attempts += 1
    try:
        backend.send(_message(notification, current_app.config["MAIL_DEFAULT_SENDER"]))
    except Exception as error:
        notification.last_error = f"{type(error).__name__}: {error}"[:2000]
        return False
    notification.state = NotificationState.SENT
    notification.sent_at = clock.now()
    notification.last_error = ""
    return True


def _message(notification: Notification, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = notification.to_address
    message["Subject"] = notification.subject
    message["Message-ID"] = make_msgid(
        idstring=f"n{notification.id}", domain="ecopartnerships.portal"
    )
    message.set_content(notification.body_text)
    return message
