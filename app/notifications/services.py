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
    """Render the mail template ``email/<kind>.txt`` in the recipient's language and queue it;
    to an address with no account and no `language` given, in both languages.

    The template's first line is the subject. Nothing is sent here: the message is added to the
    current transaction and leaves only if that transaction commits (the job runner delivers it
    seconds later). A non-urgent kind (`DIGESTIBLE_KINDS`) to a reader who chose the daily
    digest is held for it instead.
    """
    recipient = to if isinstance(to, User) else None
    address = to.email if isinstance(to, User) else to
    if language is None and recipient is None:
        subject, body = _bilingual(kind, context)
    else:
        locale = language or str(recipient.language if recipient else "en")
        subject, body = _rendered(kind, locale, recipient, context)
    held = recipient is not None and recipient.daily_digest and is_digestible(kind)
    notification = Notification(
        recipient_id=recipient.id if recipient else None,
        to_address=address,
        subject=subject,
        body_text=body + "\n",
        kind=kind,
        state=NotificationState.HELD if held else NotificationState.QUEUED,
    )
    db.session.add(notification)
    return notification


def _rendered(
    kind: str, locale: str, recipient: User | None, context: dict[str, Any]
) -> tuple[str, str]:
    """The subject (the template's first line) and body of ``email/<kind>.txt`` in `locale`."""
    # Links in mails point at the public address, whether queued from a request or the CLI.
    with current_app.test_request_context(base_url=stable_base_url()), force_locale(locale):
        template = f"email/{kind.replace('.', '/')}.txt"
        rendered = render_template(template, recipient=recipient, **context)
    subject, _, body = rendered.strip().partition("\n")
    return " ".join(subject.split()), body.strip()  # one header line: a CR must not break it


def _bilingual(kind: str, context: dict[str, Any]) -> tuple[str, str]:
    """A mail to an address with no account, whose language nobody knows yet (an invitation to
    a new partner): English, then Chinese, as the decision letters are."""
    subject_en, body_en = _rendered(kind, "en", None, context)
    subject_zh, body_zh = _rendered(kind, "zh_Hans", None, context)
    return f"{subject_en} / {subject_zh}", f"{body_en}\n\n{'-' * 60}\n\n{body_zh}"


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
