"""The outbox: every mail the portal sends is queued here first."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app import clock
from app.db import UTCDateTime, enum_type
from app.extensions import Model


class NotificationState(enum.StrEnum):
    """Queued until a backend accepts it; a failed attempt leaves it queued."""

    QUEUED = "queued"
    SENT = "sent"


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
