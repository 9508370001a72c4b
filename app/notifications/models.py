"""The outbox: every mail the portal sends is queued here first, in the transaction of the
change it reports, and delivered afterwards by the job runner's workers
(`app.notifications.delivery`)."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.db import UTCDateTime, enum_type
from app.extensions import Model
from app.states import Labelled, Tone

MESSAGE_ID_DOMAIN = "ecopartnerships.portal"


class NotificationState(Labelled):
    """Where one message is on its way out.

    queued → sending (a worker claimed it) → sent; a failed attempt goes back to queued with a
    later `next_attempt_at`, the last allowed one to failed. A non-urgent notice to a reader
    who chose the daily digest waits as held until the digest includes it (digested).
    """

    QUEUED = "queued", _l("Waiting"), Tone.WAITING
    SENDING = "sending", _l("Being sent"), Tone.UNDER_WAY
    SENT = "sent", _l("Sent"), Tone.GOOD
    FAILED = "failed", _l("Failed"), Tone.PROBLEM
    HELD = "held", _l("Held for the daily digest"), Tone.WAITING
    DIGESTED = "digested", _l("Sent in a digest"), Tone.GOOD


class Notification(Model):
    """One outgoing e-mail."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    to_address: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(60), index=True)  # e.g. "accounts.confirm_email"
    state: Mapped[NotificationState] = mapped_column(
        enum_type(NotificationState, "state"), default=NotificationState.QUEUED, index=True
    )
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Not before this moment: the back-off after a failed attempt.
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    # The worker's claim while it sends: a random token and when it was taken (the lease).
    claim_token: Mapped[str | None] = mapped_column(String(32))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # For a digested notice: the digest mail that carried it.
    digest_id: Mapped[int | None] = mapped_column(
        ForeignKey("notification.id", ondelete="SET NULL"), index=True
    )

    @property
    def message_id(self) -> str:
        """The Message-ID header, the same at every attempt, so a receiver can drop a copy
        delivered twice (see `app.notifications.delivery`)."""
        stamp = int(self.queued_at.timestamp())
        return f"<notification.{self.id}.{stamp}@{MESSAGE_ID_DOMAIN}>"
