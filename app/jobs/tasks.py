"""What the runner's tasks do. Each runs in an app context of its own and commits its work.

Every one is safe to run twice in a row or on two machines at once, which a runner with a
scheduler on each machine does: delivery claims each message for one worker
(`app.notifications.delivery`), a reminder is recorded under a unique key before it is queued
(`app.partnerships.reminders`), and a digest takes its notices with a conditional update
(`app.notifications.digest`).
"""

from __future__ import annotations

import logging

from app.extensions import db
from app.notifications.delivery import deliver_due
from app.notifications.digest import send_digests
from app.partnerships.reminders import send_reminders
from app.reviews.reminders import send_review_reminders

log = logging.getLogger(__name__)


def deliver_mail() -> str:
    """Send what is due in the outbox: enqueued after each commit that queued mail, and every
    minute as a sweep (retries after their back-off, claims of a killed worker)."""
    run = deliver_due()
    if run.sent or run.retrying or run.failed:
        log.info(run.describe())
    return run.describe()


def queue_reminders() -> str:
    """Queue the reminders due today, the partnerships' and the reviews' (each at most once,
    whoever runs it)."""
    partnerships = send_reminders()
    reviews = send_review_reminders()
    db.session.commit()
    summary = f"Partnerships: {partnerships.describe()} Reviews: {reviews.describe()}"
    log.info(summary)
    return summary


def queue_digests() -> str:
    """Queue the daily digest of every reader who has held notices."""
    run = send_digests()
    log.info(run.describe())
    return run.describe()
