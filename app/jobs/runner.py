"""The Huey instance of an app, its tasks and schedule, and delivery after commit.

The storage is chosen by the settings (config.py): Huey's memory storage in immediate mode
(tests: a task runs in the caller), Redis when ``JOBS_REDIS_URL`` is set (production: web
servers and workers on several machines share one queue), otherwise a SQLite file under
instance/ (``make run``: one machine, nothing to install).

Every scheduler (one in each ``flask worker``) enqueues the periodic tasks; they are written to
be harmless when two machines run them at the same moment (`app.jobs.tasks`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from itertools import chain
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_app_context
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab
from huey.api import TaskWrapper
from sqlalchemy import event
from sqlalchemy.orm import Session, UOWTransaction

from app.jobs import tasks
from app.notifications.models import Notification, NotificationState

log = logging.getLogger(__name__)

QUEUE_NAME = "ecopartnerships"
# The daily digest leaves at 23:00 UTC: 07:00 in Beijing, 18:00 or 19:00 in Washington.
DIGEST_HOUR_UTC = 23
# Set on a session whose flush added (or re-queued) mail; read when it commits.
MAIL_QUEUED = "jobs.mail_queued"


@dataclass(frozen=True)
class Jobs:
    """An app's runner and the tasks registered on it."""

    huey: Huey
    deliver_mail: TaskWrapper
    sweep_outbox: TaskWrapper
    queue_reminders: TaskWrapper
    queue_digests: TaskWrapper


def make_huey(config: dict[str, Any]) -> Huey:
    """The Huey instance the settings ask for (results are not kept: tasks report by log)."""
    if config["JOBS_IMMEDIATE"]:
        return MemoryHuey(QUEUE_NAME, immediate=True, results=False)
    if config["JOBS_REDIS_URL"]:
        return RedisHuey(QUEUE_NAME, url=config["JOBS_REDIS_URL"], results=False)
    path = Path(config["JOBS_SQLITE_PATH"])
    path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(QUEUE_NAME, filename=str(path), results=False)


def register_tasks(huey: Huey, app: Flask) -> Jobs:
    """Register the portal's tasks and their schedule on `huey`, each run inside `app`."""

    def in_app(function: Callable[[], str]) -> Callable[[], str]:
        @wraps(function)
        def run() -> str:
            with app.app_context():
                return function()

        return run

    every_minute, every_hour = crontab(minute="*"), crontab(minute="0")
    daily = crontab(minute="0", hour=str(DIGEST_HOUR_UTC))
    return Jobs(
        huey=huey,
        deliver_mail=huey.task(name="deliver_mail")(in_app(tasks.deliver_mail)),
        sweep_outbox=huey.periodic_task(every_minute, name="sweep_outbox")(
            in_app(tasks.deliver_mail)
        ),
        queue_reminders=huey.periodic_task(every_hour, name="queue_reminders")(
            in_app(tasks.queue_reminders)
        ),
        queue_digests=huey.periodic_task(daily, name="queue_digests")(in_app(tasks.queue_digests)),
    )


def init_app(app: Flask) -> None:
    """Give `app` its runner (``app.extensions["jobs"]``)."""
    app.extensions["jobs"] = register_tasks(make_huey(app.config), app)


def jobs_of(app: Flask) -> Jobs:
    """The runner of `app`."""
    jobs: Jobs = app.extensions["jobs"]
    return jobs


@event.listens_for(Session, "after_flush")
def _note_queued_mail(session: Session, _flush: UOWTransaction) -> None:
    """Remember that this transaction queued mail (new, or sent again by an administrator)."""
    for instance in chain(session.new, session.dirty):
        if isinstance(instance, Notification) and instance.state == NotificationState.QUEUED:
            session.info[MAIL_QUEUED] = True
            return


@event.listens_for(Session, "after_commit")
def _deliver_after_commit(session: Session) -> None:
    """Once a transaction that queued mail has committed, ask a worker to deliver it.

    Only an enqueue happens here, never a delivery (outside immediate mode). Should the queue
    be unreachable, the request still succeeds: the mail is safe in the outbox and the
    minute's sweep delivers it.
    """
    if not session.info.pop(MAIL_QUEUED, False) or not has_app_context():
        return
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if not app.config["JOBS_DELIVER_AFTER_COMMIT"] or "jobs" not in app.extensions:
        return
    try:
        jobs_of(app).deliver_mail()
    except Exception:  # the queue is down: the sweep delivers within a minute
        log.exception("could not enqueue the delivery of the outbox")


@event.listens_for(Session, "after_rollback")
def _forget_queued_mail(session: Session) -> None:
    """Mail of a rolled-back transaction was never queued."""
    session.info.pop(MAIL_QUEUED, None)
