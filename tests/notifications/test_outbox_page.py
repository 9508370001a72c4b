"""The administrators' outbox page: what failed and what waits, and sending it again."""

from __future__ import annotations

from datetime import UTC, datetime
from email.message import EmailMessage

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app import clock
from app.accounts.models import Role
from app.audit.models import Event
from app.extensions import db
from app.notifications.backends import backend_for
from app.notifications.delivery import deliver_due
from app.notifications.models import NotificationState
from app.notifications.services import queue_mail
from tests.conftest import sign_in
from tests.factories import make_user

START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def test_a_message_that_failed_every_attempt_is_shown_and_sent_again(
    app: Flask, client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 2)
    admin, reader = make_user(Role.ADMIN), make_user(email="li.na@example.cn")
    with clock.frozen_at(START):
        notification = queue_mail("accounts.confirm_email", to=reader, token="abc")
        db.session.commit()

    def refuse(message: EmailMessage) -> None:
        raise ConnectionRefusedError("421 service not available")

    monkeypatch.setattr(backend_for(app), "send", refuse)
    with clock.frozen_at(START):
        deliver_due()
    with clock.frozen_at(START.replace(hour=10)):
        assert deliver_due().failed == 1
    monkeypatch.undo()

    sign_in(client, admin)
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert "li.na@example.cn" in page and "421 service not available" in page
    assert "Failed" in page and "1 failed" in page and "Retry now" in page

    # (tests/test_security.py refuses this POST without its CSRF token, as every POST)
    response = client.post(f"/admin/outbox/{notification.id}/retry")
    assert response.status_code == 302
    db.session.refresh(notification)
    assert notification.state == NotificationState.QUEUED and notification.attempts == 0
    assert db.session.scalars(
        select(Event.action).where(Event.record_type == "notification")
    ).all() == ["notification.retried"]
    assert deliver_due().sent == 1
    assert "Every message has been delivered." in client.get("/admin/outbox").get_data(as_text=True)


def test_a_sent_message_cannot_be_sent_again(app: Flask, client: FlaskClient) -> None:
    admin = make_user(Role.ADMIN)
    notification = queue_mail("accounts.confirm_email", to=make_user(), token="abc")
    db.session.commit()
    assert deliver_due().sent == 1
    sign_in(client, admin)
    response = client.post(f"/admin/outbox/{notification.id}/retry", follow_redirects=True)
    assert "This message is not waiting to be sent." in response.get_data(as_text=True)
    assert deliver_due().sent == 0
