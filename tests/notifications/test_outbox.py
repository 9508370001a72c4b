"""The outbox: mail is queued in the transaction, rendered in the reader's language, and
drained by `send-mail` through the same claim code as the workers."""

from __future__ import annotations

from email.message import EmailMessage

from sqlalchemy import select

from app.extensions import db
from app.notifications.backends import backend_for
from app.notifications.models import Notification, NotificationState
from app.notifications.services import queue_mail
from tests.factories import make_user


def test_mail_is_rendered_in_the_recipients_language(app) -> None:  # type: ignore[no-untyped-def]
    user = make_user(language="zh_Hans", display_name="王芳")
    notification = queue_mail("accounts.confirm_email", to=user, token="abc")
    assert notification.to_address == user.email
    assert "王芳" in notification.body_text
    assert "http://portal.test/confirm/abc" in notification.body_text


def test_send_mail_delivers_and_marks_sent(app) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    queue_mail("accounts.confirm_email", to=user, token="abc")
    db.session.commit()
    backend = backend_for(app)
    before = len(backend.sent)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert "Sent 1 message(s)" in result.output
    sent: EmailMessage = backend.sent[before]
    assert sent["To"] == user.email
    assert db.session.scalars(select(Notification)).one().state == NotificationState.SENT


def test_send_mail_reports_a_refusal_and_keeps_the_message(app, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    queue_mail("accounts.confirm_email", to=user, token="abc")
    db.session.commit()

    def refuse(message: EmailMessage) -> None:
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(backend_for(app), "send", refuse)
    result = app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 1
    assert "1 will be retried later" in result.output
    notification = db.session.scalars(select(Notification)).one()
    assert notification.state == NotificationState.QUEUED
    assert notification.attempts == 1
    assert "mail server down" in notification.last_error
