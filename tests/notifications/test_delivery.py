"""Delivery: through the backend, retried with doubling waits, failed after the last attempt,
and sent once by the next worker when a worker died holding its claim."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest
from flask import Flask

from app import clock
from app.extensions import db
from app.notifications import delivery
from app.notifications.backends import MemoryBackend
from app.notifications.delivery import deliver_due, retry_delay
from app.notifications.models import Notification, NotificationState
from app.notifications.services import queue_mail
from tests.factories import make_user

START = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def _queue(language: str = "en") -> Notification:
    with clock.frozen_at(START):
        notification = queue_mail(
            "accounts.confirm_email", to=make_user(language=language), token="t0k3n"
        )
        db.session.commit()
    return notification


def _refusing(monkeypatch: pytest.MonkeyPatch, backend: MemoryBackend) -> list[EmailMessage]:
    tried: list[EmailMessage] = []

    def refuse(message: EmailMessage) -> None:
        tried.append(message)
        raise TimeoutError("timed out talking to the mail server")

    monkeypatch.setattr(backend, "send", refuse)
    return tried


def test_a_queued_message_reaches_the_backend_in_the_readers_language(
    backend: MemoryBackend,
) -> None:
    notification = _queue(language="zh_Hans")
    with clock.frozen_at(START):
        run = deliver_due()
    assert (run.sent, run.retrying, run.failed) == (1, 0, 0)
    (sent,) = backend.sent
    assert sent["To"] == notification.to_address
    assert "确认" in sent["Subject"] or "确认" in sent.get_content()
    assert sent["Message-ID"] == notification.message_id
    db.session.refresh(notification)
    assert notification.state == NotificationState.SENT and notification.sent_at == START
    assert notification.claim_token is None and notification.attempts == 1


def test_a_refused_message_waits_twice_as_long_each_time_then_fails(
    app: Flask, backend: MemoryBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "MAIL_MAX_ATTEMPTS", 4)
    notification = _queue()
    tried = _refusing(monkeypatch, backend)
    moment, waits = START, []
    for attempt in range(1, 4):
        with clock.frozen_at(moment):
            assert deliver_due().retrying == 1
        db.session.refresh(notification)
        assert notification.state == NotificationState.QUEUED
        assert notification.attempts == attempt
        assert "timed out" in notification.last_error
        waits.append(notification.next_attempt_at - moment)
        with clock.frozen_at(notification.next_attempt_at - timedelta(seconds=1)):
            assert deliver_due().retrying == 0  # not before its time
        moment = notification.next_attempt_at
    assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    with clock.frozen_at(moment):
        assert deliver_due().failed == 1
    db.session.refresh(notification)
    assert notification.state == NotificationState.FAILED and notification.attempts == 4
    with clock.frozen_at(moment + timedelta(days=1)):
        assert deliver_due().failed == 0  # a failed message waits for an administrator
    # Every attempt carried the same Message-ID: a receiver can drop a duplicate.
    assert {message["Message-ID"] for message in tried} == {notification.message_id}


def test_the_wait_doubles_up_to_six_hours() -> None:
    assert [retry_delay(n, 60).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert retry_delay(30, 60) == timedelta(hours=6)


def test_a_killed_workers_message_is_sent_once_by_the_next_worker(
    app: Flask, backend: MemoryBackend
) -> None:
    notification = _queue()
    with clock.frozen_at(START):
        dead_token, claimed = delivery._claim(10)  # a worker claims it, then is killed
    assert claimed == [notification.id]
    db.session.refresh(notification)
    assert notification.state == NotificationState.SENDING
    lease = timedelta(seconds=app.config["MAIL_CLAIM_LEASE_SECONDS"])
    with clock.frozen_at(START + lease - timedelta(seconds=1)):
        assert deliver_due().sent == 0  # the claim still holds: the worker may be slow
    with clock.frozen_at(START + lease + timedelta(seconds=1)):
        assert deliver_due().sent == 1
    with clock.frozen_at(START + 2 * lease):
        assert deliver_due().sent == 0
    assert len(backend.sent) == 1
    # Had the first worker only been slow, its late outcome changes nothing.
    delivery._record(notification.id, dead_token, state=NotificationState.QUEUED)
    db.session.refresh(notification)
    assert notification.state == NotificationState.SENT and notification.attempts == 2


def test_one_failing_message_holds_back_no_other(
    backend: MemoryBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _queue(), _queue()
    real_send = backend.send

    def refuse_first(message: EmailMessage) -> None:
        if message["To"] == first.to_address:
            raise ConnectionRefusedError("550 mailbox unavailable")
        real_send(message)

    monkeypatch.setattr(backend, "send", refuse_first)
    with clock.frozen_at(START):
        run = deliver_due()
    assert (run.sent, run.retrying) == (1, 1)
    assert [message["To"] for message in backend.sent] == [second.to_address]


def test_a_worker_slower_than_the_lease_leaves_a_taken_over_message_alone(
    app: Flask, backend: MemoryBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = _queue(), _queue()
    lease = timedelta(seconds=app.config["MAIL_CLAIM_LEASE_SECONDS"])
    real_send = backend.send
    others: list[delivery.DeliveryRun] = []

    def stall_on_the_first(message: EmailMessage) -> None:
        if not others:  # the mail server takes longer than the lease to answer
            others.append(delivery.DeliveryRun())
            with clock.frozen_at(START + lease + timedelta(seconds=1)):
                others[0] = deliver_due()  # meanwhile another worker takes both over
        real_send(message)

    monkeypatch.setattr(backend, "send", stall_on_the_first)
    with clock.frozen_at(START):
        slow = deliver_due()
    # The first message was on its way when it was taken over: the at-least-once edge (same
    # Message-ID twice). The second one the slow worker no longer holds, and leaves alone.
    assert slow.sent == 1 and others[0].sent == 2
    recipients = [message["To"] for message in backend.sent]
    assert recipients.count(second.to_address) == 1
    assert recipients.count(first.to_address) == 2
    assert len({m["Message-ID"] for m in backend.sent if m["To"] == first.to_address}) == 1
