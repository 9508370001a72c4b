"""The daily digest: the held non-urgent notices of each reader, in one mail."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update

from app.accounts.models import User
from app.extensions import db
from app.notifications.models import Notification, NotificationState
from app.notifications.services import queue_mail


@dataclass
class DigestRun:
    """What one run of the digest queued."""

    digests: int = 0
    notices: int = 0

    def describe(self) -> str:
        """One line for the worker's log."""
        return f"Queued {self.digests} digest(s) of {self.notices} notice(s)."


def send_digests() -> DigestRun:
    """Queue one digest mail per reader with held notices, in the reader's language, and mark
    those notices as included in it.

    Each reader's notices are taken by one conditional UPDATE (held → digested) before the
    digest is written, so a second run — at once on another worker, or the next day — finds
    nothing left to include and sends no second digest of them. Commits once per reader.
    """
    run = DigestRun()
    readers = db.session.scalars(
        select(Notification.recipient_id)
        .where(Notification.state == NotificationState.HELD)
        .distinct()
        .order_by(Notification.recipient_id)
    ).all()
    for reader_id in readers:
        reader = db.session.get(User, reader_id) if reader_id is not None else None
        taken = db.session.scalars(
            update(Notification)
            .where(
                Notification.recipient_id == reader_id,
                Notification.state == NotificationState.HELD,
            )
            .values(state=NotificationState.DIGESTED)
            .returning(Notification.id)
            .execution_options(synchronize_session=False)
        ).all()
        if not taken:
            db.session.rollback()
            continue
        if reader is None:  # the account is gone: nobody to write to
            db.session.commit()
            continue
        notices = db.session.scalars(
            select(Notification).where(Notification.id.in_(taken)).order_by(Notification.id)
        ).all()
        digest = queue_mail("notifications.digest", to=reader, notices=notices)
        db.session.flush()
        db.session.execute(
            update(Notification)
            .where(Notification.id.in_(taken))
            .values(digest_id=digest.id)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
        run.digests += 1
        run.notices += len(taken)
    db.session.expire_all()
    return run
