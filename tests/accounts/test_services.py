"""Account services: registration rules, passwords, tokens, roles."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.accounts import services
from app.accounts.models import Role, User
from app.audit.models import Event
from app.errors import ServiceError
from app.extensions import db
from app.notifications.models import Notification
from tests.factories import PASSWORD, make_user


def register(**overrides: object) -> User:
    data = {
        "email": "Ada@Example.org",
        "password": "a long enough passphrase",
        "display_name": "Ada Lovelace",
        "language": "en",
        "time_zone": "America/New_York",
    }
    data.update(overrides)
    return services.register_user(**data)  # type: ignore[arg-type]


def test_registration_stores_lower_cased_email_an_argon2id_hash_and_queues_confirmation() -> None:
    user = register()
    assert user.email == "ada@example.org"
    assert user.password_hash.startswith("$argon2id$")
    assert user.role_set == {Role.APPLICANT}
    assert not user.is_email_confirmed
    mail = db.session.scalars(
        select(Notification).where(Notification.to_address == user.email)
    ).one()
    assert mail.kind == "accounts.confirm_email"
    assert "/confirm/" in mail.body_text
    assert db.session.scalar(select(Event).where(Event.action == "user.created")) is not None


def test_the_same_email_in_another_case_is_refused() -> None:
    register()
    with pytest.raises(ServiceError) as refused:
        register(email="ADA@example.ORG")
    assert refused.value.field == "email"


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short pw", "12 characters"),
        ("123qweasdzxc", "most commonly used"),
        ("qwerty123456", "most commonly used"),
        ("lovelace-2026-spring", "e-mail address"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password: str, reason: str) -> None:
    with pytest.raises(ServiceError) as refused:
        register(email="lovelace@example.org", password=password)
    assert reason in refused.value.message
    assert db.session.scalar(select(func.count(User.id))) == 0  # nothing half-written


def test_confirmation_token_confirms_once_and_rejects_tampering() -> None:
    user = make_user(confirmed=False)
    token = services._serializer("confirm-email").dumps({"user": user.id, "email": user.email})
    assert services.confirm_email(token + "x") is None
    assert services.confirm_email(token) is user
    assert user.is_email_confirmed


def test_authenticate_checks_password_active_flag_and_case() -> None:
    user = make_user(email="reviewer@example.org")
    assert services.authenticate("REVIEWER@example.org", PASSWORD) is user
    assert services.authenticate("reviewer@example.org", "wrong password here") is None
    assert services.authenticate("nobody@example.org", PASSWORD) is None
    user.is_active = False
    assert services.authenticate("reviewer@example.org", PASSWORD) is None


def test_reset_token_is_single_use_and_expires() -> None:
    user = make_user()
    services.request_password_reset(user.email)
    mail = db.session.scalars(
        select(Notification).where(Notification.kind == "accounts.reset_password")
    ).one()
    token = mail.body_text.split("/reset-password/")[1].split()[0]
    assert services.user_for_reset_token(token) is user
    services.reset_password(user, "a brand new passphrase")
    assert services.user_for_reset_token(token) is None  # used: the hash changed
    assert services.authenticate(user.email, "a brand new passphrase") is user


def test_reset_token_expires_after_the_configured_age(app) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    token = services._serializer("reset-password").dumps(
        {"user": user.id, "fp": services._reset_fingerprint(user)}
    )
    max_age = app.config["PASSWORD_RESET_MAX_AGE"]
    import itsdangerous.timed

    real_now = itsdangerous.timed.TimestampSigner.get_timestamp
    try:
        itsdangerous.timed.TimestampSigner.get_timestamp = lambda self: int(  # type: ignore[method-assign]
            (clock.now() + timedelta(seconds=max_age + 5)).timestamp()
        )
        assert services.user_for_reset_token(token) is None
    finally:
        itsdangerous.timed.TimestampSigner.get_timestamp = real_now  # type: ignore[method-assign]


def test_reset_request_for_unknown_address_queues_nothing() -> None:
    services.request_password_reset("nobody@example.org")
    assert db.session.scalar(select(func.count(Notification.id))) == 0


def test_change_password_needs_the_current_one() -> None:
    user = make_user()
    with pytest.raises(ServiceError) as refused:
        services.change_password(user, "not my password", "another long passphrase")
    assert refused.value.field == "current_password"
    services.change_password(user, PASSWORD, "another long passphrase")
    assert services.authenticate(user.email, "another long passphrase") is user
