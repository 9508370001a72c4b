"""Sessions that can be ended (app.accounts.sessions): a copied cookie is worth nothing once its
session ends, whatever ended it."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app import clock, create_app
from app.accounts import appointments, services
from app.accounts.models import Role, Side, User, UserSession
from app.accounts.sessions import REMEMBER_COOKIE
from app.extensions import db
from tests.conftest import sign_in
from tests.factories import PASSWORD, make_user


def signed_in_as(client: FlaskClient) -> bool:
    return client.get("/account").status_code == 200


def copy_of(app: Flask, client: FlaskClient) -> FlaskClient:
    """Another browser holding a copy of `client`'s session cookie (a stolen cookie)."""
    other = app.test_client()
    cookie = client.get_cookie("session")
    assert cookie is not None
    other.set_cookie("session", cookie.value)
    return other


def test_a_copied_cookie_dies_at_sign_out(app: Flask, client: FlaskClient) -> None:
    user = make_user()
    sign_in(client, user)
    thief = copy_of(app, client)
    assert signed_in_as(thief)
    client.post("/logout")
    assert not signed_in_as(thief) and not signed_in_as(client)


def test_a_password_change_ends_every_other_session(app: Flask, client: FlaskClient) -> None:
    user = make_user()
    sign_in(client, user)
    thief = copy_of(app, client)
    laptop = app.test_client()
    sign_in(laptop, user)
    response = client.post(
        "/account/password",
        data={
            "current_password": PASSWORD,
            "password": "a new long passphrase 2026",
            "password_again": "a new long passphrase 2026",
        },
    )
    assert response.status_code == 302
    assert signed_in_as(client)
    assert not signed_in_as(thief) and not signed_in_as(laptop)


def test_a_password_reset_ends_every_session_so_a_squatter_loses_the_account(
    app: Flask, client: FlaskClient
) -> None:
    # Someone registered another person's address and kept the session; the owner resets.
    squatter = app.test_client()
    squatter.post(
        "/register",
        data={
            "email": "owner@agency.example",
            "password": "squatters long passphrase",
            "password_again": "squatters long passphrase",
            "display_name": "Squatter",
            "language": "en",
            "time_zone": "America/New_York",
        },
    )
    owner = services.find_user_by_email("owner@agency.example")
    assert owner is not None and signed_in_as(squatter)
    services.reset_password(owner, "rightful holder passphrase 7")
    db.session.commit()
    assert not signed_in_as(squatter)


def test_sign_out_everywhere(app: Flask, client: FlaskClient) -> None:
    user = make_user()
    sign_in(client, user)
    phone = app.test_client()
    sign_in(phone, user)
    page = client.get("/account").get_data(as_text=True)
    assert "Where you are signed in" in page and "this browser" in page
    client.post("/account/sign-out-everywhere")
    assert not signed_in_as(client) and not signed_in_as(phone)
    assert db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)).all() == []


def test_deactivation_ends_the_sessions_of_the_account(client: FlaskClient) -> None:
    admin = make_user(Role.ADMIN)
    user = make_user()
    sign_in(client, user)
    appointments.update_account(
        user, roles=[Role.APPLICANT], side=None, is_active=False, actor=admin
    )
    db.session.commit()
    assert not signed_in_as(client)
    assert db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)).all() == []


@pytest.mark.parametrize(
    ("roles", "still_in_after", "out_after"),
    [((Role.APPLICANT,), 100, 125), ((Role.REVIEWER,), 25, 35), ((Role.ADMIN,), 25, 35)],
)
def test_the_idle_timeout_is_shorter_for_the_secretariat_and_administrators(
    client: FlaskClient, roles: tuple[Role, ...], still_in_after: int, out_after: int
) -> None:
    user = make_user(*roles, side=Side.US if Role.REVIEWER in roles else None)
    sign_in(client, user)
    start = clock.now()
    with clock.frozen_at(start + timedelta(minutes=still_in_after)):
        assert signed_in_as(client)
    with clock.frozen_at(start + timedelta(minutes=still_in_after + out_after)):
        assert not signed_in_as(client)


def test_the_absolute_lifetime_ends_even_a_busy_session(client: FlaskClient) -> None:
    user = make_user()
    sign_in(client, user)
    start = clock.now()
    for minutes in range(20, 12 * 60, 20):  # a request every 20 minutes, never idle
        with clock.frozen_at(start + timedelta(minutes=minutes)):
            assert signed_in_as(client), minutes
    with clock.frozen_at(start + timedelta(hours=12, minutes=1)):
        assert not signed_in_as(client)


def _remembered(client: FlaskClient, user: User) -> str:
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "remember": "y"}
    )
    assert response.status_code == 302
    cookie = client.get_cookie(REMEMBER_COOKIE)
    assert cookie is not None
    return cookie.value


def test_keep_me_signed_in_is_random_hashed_revocable_and_expiring(
    app: Flask, client: FlaskClient
) -> None:
    user = make_user()
    token = _remembered(client, user)
    row = db.session.scalars(select(UserSession).where(UserSession.user_id == user.id)).one()
    assert row.remember_hash == hashlib.sha256(token.encode()).hexdigest()
    assert (
        token not in (row.remember_hash, row.token_hash) and "|" not in token and len(token) >= 40
    )
    start = clock.now()
    # After the session idled out, the cookie starts a new one (and is replaced).
    returning = app.test_client()
    returning.set_cookie(REMEMBER_COOKIE, token)
    with clock.frozen_at(start + timedelta(days=3)):
        assert signed_in_as(returning)
        renewed = returning.get_cookie(REMEMBER_COOKIE)
        assert renewed is not None and renewed.value != token
        # The old token was used up.
        replay = app.test_client()
        replay.set_cookie(REMEMBER_COOKIE, token)
        assert not signed_in_as(replay)
    # It never outlives REMEMBER_ME_DAYS from sign-in.
    late = app.test_client()
    late.set_cookie(REMEMBER_COOKIE, renewed.value)
    with clock.frozen_at(start + timedelta(days=app.config["REMEMBER_ME_DAYS"], minutes=1)):
        assert not signed_in_as(late)
    # And sign-out revokes it.
    fresh = app.test_client()
    token = _remembered(fresh, user)
    fresh.post("/logout")
    after = app.test_client()
    after.set_cookie(REMEMBER_COOKIE, token)
    assert not signed_in_as(after)


def test_reviewers_are_never_remembered(client: FlaskClient) -> None:
    reviewer = make_user(Role.REVIEWER, side=Side.CN)
    client.post("/login", data={"email": reviewer.email, "password": PASSWORD, "remember": "y"})
    assert client.get_cookie(REMEMBER_COOKIE) is None


def test_a_forged_flask_login_remember_cookie_signs_nobody_in(app: Flask) -> None:
    admin = make_user(Role.ADMIN)
    key = app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, str(admin.id).encode(), hashlib.sha512).hexdigest()
    forger = app.test_client()
    forger.set_cookie("remember_token", f"{admin.id}|{digest}")
    assert not signed_in_as(forger)
    assert forger.get("/admin/users").status_code in (302, 403)


def test_development_makes_a_random_key_once_and_reuses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from config import DevelopmentConfig

    monkeypatch.setattr(DevelopmentConfig, "SECRET_KEY", None)
    first = DevelopmentConfig.secret_key(tmp_path)
    assert len(first) >= 32 and "development" not in first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert DevelopmentConfig.secret_key(tmp_path) == first
    assert DevelopmentConfig.secret_key(tmp_path / "elsewhere") != first


def test_no_configuration_but_testing_serves_with_a_public_or_weak_key(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from config import DevelopmentConfig, ProductionConfig

    monkeypatch.delenv("PORTAL_CONFIG", raising=False)
    # What `gunicorn wsgi:app` does (rate limits off: the limiter is shared by every app).
    app = create_app(SQLALCHEMY_DATABASE_URI="sqlite://", RATELIMIT_ENABLED=False)
    assert app.config["SECRET_KEY"] not in (
        "development-only-not-secret",
        "testing-only-not-secret",
    )
    assert len(app.config["SECRET_KEY"]) >= 32
    monkeypatch.setattr(DevelopmentConfig, "SECRET_KEY", "short")
    with pytest.raises(RuntimeError):
        create_app("development", SQLALCHEMY_DATABASE_URI="sqlite://")
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "k" * 31)
    with pytest.raises(RuntimeError):
        create_app("production", SQLALCHEMY_DATABASE_URI="sqlite://")
    with pytest.raises(RuntimeError):
        create_app("staging")


def test_the_profile_names_each_session_by_its_browser(app: Flask) -> None:
    user = make_user()
    phone = app.test_client()
    phone.environ_base["HTTP_USER_AGENT"] = (
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
        "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
    )
    sign_in(phone, user)
    page = phone.get("/account").get_data(as_text=True)
    assert "Mobile Safari 17 on iOS" in page and "AppleWebKit" not in page
