"""A signed-in user's personal calendar feed: the digest of the secret in its address."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.accounts.models import User
from app.db import UTCDateTime
from app.extensions import Model


class CalendarFeed(Model):
    """The one live address of a user's calendar feed. Only the SHA-256 digest of its random
    token is kept: the address is shown once, when it is made, and a new one replaces it."""

    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=clock.now)

    user: Mapped[User] = relationship()
