"""The job runner: delivery enqueued after a commit that queued mail, the schedule of the
periodic tasks, and a RedisHuey queue (the production set-up) enqueuing and executing the
delivery against the Redis of this machine."""

from __future__ import annotations

import dataclasses
import os
from datetime import UTC, datetime

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient

from app.accounts.models import Role
from app.extensions import db
from app.jobs import jobs_of
from app.jobs.runner import make_huey, register_tasks
from app.notifications.backends import MemoryBackend
from app.notifications.models import Notification, NotificationState
from app.notifications.services import queue_mail
from tests.ci import cannot_run
from tests.conftest import sign_in
from tests.factories import make_user

# A database of its own on the machine's Redis (CI starts one: .ci/run).
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/1")


@pytest.fixture
def after_commit(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """Delivery enqueued after commit, as outside the suite (immediate mode: it runs at once)."""
    monkeypatch.setitem(app.config, "JOBS_DELIVER_AFTER_COMMIT", True)


@pytest.mark.usefixtures("after_commit")
def test_mail_is_delivered_as_soon_as_its_transaction_commits(backend: MemoryBackend) -> None:
    user = make_user()
    notification = queue_mail("accounts.confirm_email", to=user, token="abc")
    db.session.flush()
    assert backend.sent == []  # flushed is not committed: nothing leaves
    db.session.commit()
    assert [message["To"] for message in backend.sent] == [user.email]
    db.session.refresh(notification)
    assert notification.state == NotificationState.SENT


@pytest.mark.usefixtures("after_commit")
def test_mail_of_a_rolled_back_change_never_leaves(backend: MemoryBackend) -> None:
    queue_mail("accounts.confirm_email", to=make_user(), token="abc")
    db.session.rollback()
    db.session.commit()
    assert backend.sent == []
    assert db.session.query(Notification).count() == 0


@pytest.mark.usefixtures("after_commit")
def test_a_commit_that_queued_no_mail_enqueues_nothing(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    enqueued: list[bool] = []
    monkeypatch.setitem(
        app.extensions,
        "jobs",
        dataclasses.replace(jobs_of(app), deliver_mail=lambda: enqueued.append(True)),
    )
    make_user()
    db.session.commit()
    assert enqueued == []


@pytest.mark.usefixtures("after_commit")
def test_an_unreachable_queue_fails_no_commit_and_loses_no_mail(
    app: Flask, backend: MemoryBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down() -> None:
        raise redis.ConnectionError("Redis is down")

    monkeypatch.setitem(
        app.extensions, "jobs", dataclasses.replace(jobs_of(app), deliver_mail=down)
    )
    notification = queue_mail("accounts.confirm_email", to=make_user(), token="abc")
    db.session.commit()  # the change is saved; the minute's sweep delivers the mail
    assert backend.sent == []
    db.session.refresh(notification)
    assert notification.state == NotificationState.QUEUED


@pytest.mark.usefixtures("after_commit")
def test_an_administrators_retry_is_delivered_at_once(
    client: FlaskClient, backend: MemoryBackend
) -> None:
    notification = queue_mail("accounts.confirm_email", to=make_user(), token="abc")
    notification.state = NotificationState.FAILED
    admin = make_user(Role.ADMIN)
    db.session.commit()
    assert backend.sent == []  # nothing queued: a failed message waits for an administrator
    sign_in(client, admin)
    assert client.post(f"/admin/outbox/{notification.id}/retry").status_code == 302
    assert [message["To"] for message in backend.sent] == [notification.to_address]


def test_the_schedule_sweeps_every_minute_reminds_hourly_and_digests_daily(app: Flask) -> None:
    huey = jobs_of(app).huey

    def due(hour: int, minute: int) -> set[str]:
        moment = datetime(2027, 3, 1, hour, minute, tzinfo=UTC).replace(tzinfo=None)
        return {task.name for task in huey.read_periodic(moment)}

    assert due(10, 17) == {"sweep_outbox"}
    assert due(10, 0) == {"sweep_outbox", "queue_reminders"}
    assert due(23, 0) == {"sweep_outbox", "queue_reminders", "queue_digests"}


def test_the_settings_choose_sqlite_by_default_and_redis_when_given(tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings = {"JOBS_IMMEDIATE": False, "JOBS_SQLITE_PATH": str(tmp_path / "jobs.sqlite3")}
    assert type(make_huey({**settings, "JOBS_REDIS_URL": None})).__name__ == "SqliteHuey"
    assert type(make_huey({**settings, "JOBS_REDIS_URL": REDIS_URL})).__name__ == "RedisHuey"


def test_a_redis_queue_enqueues_and_executes_the_delivery(
    app: Flask, backend: MemoryBackend
) -> None:
    huey = make_huey({"JOBS_IMMEDIATE": False, "JOBS_REDIS_URL": REDIS_URL})
    try:
        huey.storage.conn.ping()
    except redis.ConnectionError:
        cannot_run(f"Redis is not reachable at {REDIS_URL}")
    huey.flush()
    jobs = register_tasks(huey, app)
    user = make_user()
    queue_mail("accounts.confirm_email", to=user, token="abc")
    db.session.commit()

    jobs.deliver_mail()  # what the after-commit hook does in a web server
    assert huey.pending_count() == 1 and backend.sent == []
    task = huey.dequeue()  # what a worker on any machine does
    assert task is not None
    huey.execute(task)
    assert [message["To"] for message in backend.sent] == [user.email]
    assert huey.pending_count() == 0
    huey.flush()
