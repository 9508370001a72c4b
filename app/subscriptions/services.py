"""Subscriptions by e-mail to one partnership's published updates.

Double opt-in: asking for the mail only queues a confirmation message with a signed,
single-use link (its secret kept as a digest and cleared once used); nothing else is sent to
the address until it is confirmed. Every update mail carries a link that unsubscribes at once.
The answer to a request is the same whether or not the address was already subscribed, and no
page, mail to anyone else or audit event ever shows an address.
"""

from __future__ import annotations

import hashlib
import secrets

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from app import clock
from app.accounts.models import Language
from app.accounts.services import normalize_email
from app.audit.services import record_event
from app.extensions import db
from app.notifications.services import queue_mail
from app.partnerships.models import Partnership
from app.subscriptions.models import UpdateSubscription
from app.updates.models import ProgressUpdate

CONFIRM_MAX_AGE = 7 * 24 * 3600  # a confirmation link works for a week


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"subscription-{purpose}")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def public_partnership(slug: str) -> Partnership | None:
    """A partnership in the public record (one can subscribe to its updates), or None."""
    return db.session.scalar(
        select(Partnership).where(Partnership.slug == slug, Partnership.is_public)
    )


def _subscription(partnership: Partnership, email: str) -> UpdateSubscription | None:
    return db.session.scalar(
        select(UpdateSubscription).where(
            UpdateSubscription.partnership_id == partnership.id,
            UpdateSubscription.email == email,
        )
    )


def request_subscription(partnership: Partnership, email: str, *, language: Language) -> None:
    """Someone asks for `partnership`'s updates at `email`: a pending subscription gets a new
    confirmation link by mail; a confirmed one is left as it is, and nothing is sent."""
    email = normalize_email(email)
    subscription = _subscription(partnership, email)
    if subscription is not None and subscription.is_confirmed:
        return
    secret = secrets.token_urlsafe(32)
    if subscription is None:
        subscription = UpdateSubscription(partnership_id=partnership.id, email=email)
        db.session.add(subscription)
    subscription.language = language
    subscription.confirm_digest = _digest(secret)
    db.session.flush()
    record_event("subscription.requested", partnership, actor=None, subscription=subscription.id)
    queue_mail(
        "subscriptions.confirm",
        to=email,
        language=str(language),
        partnership=partnership,
        token=_serializer("confirm").dumps([subscription.id, secret]),
    )


def subscription_to_confirm(token: str) -> UpdateSubscription | None:
    """The pending subscription a confirmation link names, while the link is unused and less
    than a week old; None otherwise."""
    try:
        subscription_id, secret = _serializer("confirm").loads(token, max_age=CONFIRM_MAX_AGE)
    except (BadSignature, SignatureExpired, ValueError, TypeError):
        return None
    subscription = db.session.get(UpdateSubscription, subscription_id)
    if (
        subscription is None
        or subscription.confirm_digest is None
        or not isinstance(secret, str)
        or not secrets.compare_digest(subscription.confirm_digest, _digest(secret))
    ):
        return None
    return subscription


def confirm_subscription(subscription: UpdateSubscription) -> None:
    """The address confirmed: from now on it receives the partnership's published updates.
    The link is used up."""
    subscription.confirmed_at = clock.now()
    subscription.confirm_digest = None
    db.session.flush()
    record_event(
        "subscription.confirmed",
        subscription.partnership,
        actor=None,
        subscription=subscription.id,
    )


def unsubscribe_token(subscription: UpdateSubscription) -> str:
    """The signed token of the one-click unsubscribe link in every mail to the address."""
    return _serializer("unsubscribe").dumps([subscription.id, _digest(subscription.email)[:16]])


def subscription_to_end(token: str) -> tuple[bool, UpdateSubscription | None]:
    """(whether the link is genuine, the subscription it names if it still exists)."""
    try:
        subscription_id, address_digest = _serializer("unsubscribe").loads(token)
    except (BadSignature, ValueError, TypeError):
        return False, None
    subscription = db.session.get(UpdateSubscription, subscription_id)
    if subscription is None or _digest(subscription.email)[:16] != address_digest:
        return True, None
    return True, subscription


def unsubscribe(subscription: UpdateSubscription) -> None:
    """End a subscription; the address is deleted with it."""
    record_event(
        "subscription.ended", subscription.partnership, actor=None, subscription=subscription.id
    )
    db.session.delete(subscription)
    db.session.flush()


def notify_subscribers(update: ProgressUpdate) -> int:
    """Queue the published public update to every confirmed subscriber of its partnership, each
    in the language chosen, with a one-click unsubscribe link. How many were queued."""
    if not update.is_public:
        return 0
    subscriptions = db.session.scalars(
        select(UpdateSubscription)
        .where(
            UpdateSubscription.partnership_id == update.partnership_id,
            UpdateSubscription.confirmed_at.is_not(None),
        )
        .order_by(UpdateSubscription.id)
    ).all()
    for subscription in subscriptions:
        queue_mail(
            "subscriptions.update_published",
            to=subscription.email,
            language=str(subscription.language),
            update=update,
            partnership=update.partnership,
            token=unsubscribe_token(subscription),
        )
    return len(subscriptions)
