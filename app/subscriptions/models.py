"""Subscriptions by e-mail to one partnership's published updates (double opt-in)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.accounts.models import Language
from app.db import UTCDateTime, enum_type
from app.extensions import Model
from app.partnerships.models import Partnership


class UpdateSubscription(Model):
    """An address that asked for a partnership's published updates, in one language.

    Pending until the address follows its confirmation link (whose secret is kept only as a
    digest, and cleared once used); nothing is sent to it before. Unsubscribing deletes the row,
    so no address is kept that no longer wants mail. No page ever shows an address.
    """

    __tablename__ = "update_subscription"

    id: Mapped[int] = mapped_column(primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("partnership.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    language: Mapped[Language] = mapped_column(enum_type(Language, "language"), default=Language.EN)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)
    confirm_digest: Mapped[str | None] = mapped_column(String(64))
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    partnership: Mapped[Partnership] = relationship()

    __table_args__ = (
        UniqueConstraint("partnership_id", "email", name="uq_update_subscription_address"),
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        CheckConstraint(
            "(confirmed_at IS NULL) = (confirm_digest IS NOT NULL)",
            name="pending_has_secret",
        ),
    )

    @property
    def is_confirmed(self) -> bool:
        """Whether the address confirmed it wants the mail."""
        return self.confirmed_at is not None
