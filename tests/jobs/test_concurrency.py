"""Several workers at once: each message is claimed and delivered by exactly one of them, and
the periodic tasks run on two machines at the same moment send no reminder and no digest twice.

Threads with connections of their own on committed data (`own_app`). The claims run on both
backends (on SQLite its one conditional UPDATE is the claim); the periodic tasks' races need
concurrent writers, so those run where CI runs the suite, on PostgreSQL.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select

from app import clock
from app.extensions import db
from app.notifications import delivery
from app.notifications.backends import MemoryBackend, backend_for
from app.notifications.digest import send_digests
from app.notifications.models import Notification, NotificationState
from app.notifications.services import queue_mail
from app.partnerships.models import Reminder
from app.partnerships.reminders import send_reminders
from app.updates.models import UpdateState
from tests.conftest import suite_backend
from tests.factories import make_user
from tests.partnerships.factories import make_partnership, make_plan, make_update

concurrent_writers = pytest.mark.skipif(
    suite_backend() != "postgresql",
    reason="needs concurrent writers: runs on PostgreSQL (TEST_DATABASE_URL), "
    "SQLite serializes them on a file lock",
)

WORKERS = 2
MESSAGES = 30


def _together(app: Flask, work: Callable[[], Any]) -> list[Any]:
    """Run `work()` in WORKERS threads, each in an app context (a connection) of its own,
    started at the same instant; re-raise the first failure."""
    barrier = threading.Barrier(WORKERS, timeout=30)
    results: list[Any] = [None] * WORKERS
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            with app.app_context():
                barrier.wait()
                results[index] = work()
        except BaseException as error:
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results


def _queue_messages() -> None:
    users = [make_user() for _ in range(MESSAGES)]
    for user in users:
        queue_mail("accounts.confirm_email", to=user, token="abc")
    db.session.commit()


def test_two_workers_claiming_at_once_take_disjoint_messages(own_app: Flask) -> None:
    _queue_messages()
    claims = _together(own_app, lambda: delivery._claim(MESSAGES)[1])
    first, second = (set(ids) for ids in claims)
    assert first.isdisjoint(second)
    assert len(first | second) == MESSAGES


def test_two_workers_deliver_every_message_exactly_once(own_app: Flask) -> None:
    _queue_messages()
    backend = backend_for(own_app)
    assert isinstance(backend, MemoryBackend)
    runs = _together(own_app, delivery.deliver_due)
    assert sum(run.sent for run in runs) == MESSAGES
    sent = Counter(message["Message-ID"] for message in backend.sent)
    assert len(sent) == MESSAGES and set(sent.values()) == {1}
    db.session.expire_all()
    states = db.session.scalars(select(Notification.state)).all()
    assert set(states) == {NotificationState.SENT}


@concurrent_writers
def test_the_reminders_run_on_two_workers_at_once_send_each_reminder_once(
    own_app: Flask,
) -> None:
    member = make_user()
    with clock.frozen_at(datetime(2026, 8, 1, 9, tzinfo=UTC)):
        partnership = make_partnership(member)
        make_plan(partnership)  # its draft is due on 31 August
        make_update(partnership, state=UpdateState.PUBLISHED)
        db.session.commit()

    def hourly_run() -> dict[str, int]:
        run = send_reminders()
        db.session.commit()
        return run.reminders

    with clock.frozen_at(datetime(2026, 8, 24, 9, tzinfo=UTC)):
        runs = _together(own_app, hourly_run)
        assert sum(run.get("plan_due", 0) for run in runs) == 1
        again = _together(own_app, hourly_run)  # the next hour, on both machines
        assert again == [{}, {}]
    assert db.session.scalar(select(func.count()).select_from(Reminder)) == 1
    mails = db.session.scalars(
        select(Notification.kind).where(Notification.recipient_id == member.id)
    ).all()
    assert mails == ["partnerships.reminder_plan_due"]


@concurrent_writers
def test_the_digest_run_on_two_workers_at_once_sends_one_digest(own_app: Flask) -> None:
    reader = make_user(daily_digest=True)
    partnership = make_partnership(reader)
    for _ in range(3):
        queue_mail(
            "partnerships.reminder_update_due",
            to=reader,
            partnership=partnership,
            due_on=date(2027, 3, 10),
            is_overdue=False,
        )
    db.session.commit()
    runs = _together(own_app, send_digests)
    assert sorted(run.digests for run in runs) == [0, 1]
    digests = db.session.scalars(
        select(Notification).where(Notification.kind == "notifications.digest")
    ).all()
    assert len(digests) == 1 and digests[0].recipient_id == reader.id
