"""The personal calendar feed's address: made, replaced and stopped by its owner.

The address carries a random token; only its SHA-256 digest is stored, so the database alone
cannot rebuild an address. Making a new address replaces the old one, which stops working at
once (the feed answers 404 for it, as for any unknown token).
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import delete, select

from app.accounts.models import User
from app.audit.services import record_event
from app.calendars.models import CalendarFeed
from app.extensions import db


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_of(user: User) -> CalendarFeed | None:
    """The user's live feed address, if any (its token is not recoverable)."""
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def make_feed_address(user: User, *, actor: User) -> str:
    """A new secret address for `user`'s feed; the previous one, if any, stops working.
    Returns the token, to be shown once."""
    replaced = feed_of(user) is not None
    db.session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
    token = secrets.token_urlsafe(32)
    db.session.add(CalendarFeed(user_id=user.id, token_hash=_digest(token)))
    db.session.flush()
    record_event("calendar.address_made", user, actor=actor, replaced=replaced)
    return token


def stop_feed(user: User, *, actor: User) -> None:
    """Revoke `user`'s feed address without making another."""
    if feed_of(user) is None:
        return
    db.session.execute(delete(CalendarFeed).where(CalendarFeed.user_id == user.id))
    db.session.flush()
    record_event("calendar.address_revoked", user, actor=actor)


def user_for_token(token: str) -> User | None:
    """The active user whose live feed address carries `token`, or None."""
    if not token or len(token) > 100:
        return None
    feed = db.session.scalar(select(CalendarFeed).where(CalendarFeed.token_hash == _digest(token)))
    if feed is None or not feed.user.is_active:
        return None
    return feed.user
