"""HTTP hardening: headers, CSRF on every state-changing route, rate limits, sessions."""

from __future__ import annotations

import pytest
from flask import Flask

from app import create_app
from tests.factories import PASSWORD, make_user


def test_security_headers_on_every_page(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    # No nonce: every script is a file, and a public page is the same bytes for every reader.
    assert "script-src 'self';" in csp and "nonce" not in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response.headers  # development serves plain HTTP


def test_pages_carry_no_inline_script(client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/", "/login", "/register"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page and " onclick=" not in page


def test_production_adds_hsts_secure_cookies_and_refuses_a_weak_key(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from config import ProductionConfig

    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", None)
    with pytest.raises(RuntimeError):
        create_app("production")
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 40)
    app = create_app("production", SQLALCHEMY_DATABASE_URI="sqlite://")
    response = app.test_client().get("/healthz", base_url="https://portal.example")
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["REMEMBER_COOKIE_SECURE"]
    plain = app.test_client().get("/healthz", base_url="http://portal.example")
    assert plain.status_code in (301, 302) and plain.headers["Location"].startswith("https://")


def test_every_state_changing_route_refuses_a_request_without_csrf_token(
    app: Flask, csrf_client
) -> None:  # type: ignore[no-untyped-def]
    checked = 0
    for rule in app.url_map.iter_rules():
        for method in rule.methods - {"GET", "HEAD", "OPTIONS"}:
            url = rule.rule
            for argument in rule.arguments:
                url = url.replace(f"<int:{argument}>", "1").replace(f"<{argument}>", "x")
            response = csrf_client.open(url, method=method, data={"email": "a@example.org"})
            assert response.status_code == 400, f"{method} {url} answered {response.status_code}"
            checked += 1
    assert checked >= 20


@pytest.fixture
def limited_client():  # type: ignore[no-untyped-def]
    """A second app with the limits on, sharing the suite's rolled-back database session (no
    tables of its own: on PostgreSQL that would be the same database as everyone else's)."""
    from app.extensions import limiter

    was_enabled = limiter.enabled  # one limiter serves every app: give the suite's back
    app = create_app("testing", RATELIMIT_ENABLED=True, WTF_CSRF_ENABLED=False)
    with app.app_context():
        yield app.test_client()
    limiter.enabled = was_enabled


def test_repeated_failed_sign_ins_are_throttled_the_same_for_known_and_unknown_addresses(
    limited_client,
) -> None:  # type: ignore[no-untyped-def]
    user = make_user(email="known@example.org")
    from app.extensions import db

    db.session.commit()
    for address in ("known@example.org", "unknown@example.org"):
        answers = [
            limited_client.post(
                "/login", data={"email": address, "password": "wrong password!"}
            ).status_code
            for _ in range(6)
        ]
        assert answers == [200] * 5 + [429], address
    # The right password is refused too while locked, and another address is unaffected.
    assert (
        limited_client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code
        == 429
    )
    assert (
        limited_client.post(
            "/login", data={"email": "other@example.org", "password": "x" * 12}
        ).status_code
        == 200
    )
    page = limited_client.post("/login", data={"email": user.email, "password": PASSWORD}).get_data(
        as_text=True
    )
    assert "Too many requests" in page


def test_registration_is_rate_limited(limited_client) -> None:  # type: ignore[no-untyped-def]
    answers = [
        limited_client.post("/register", data={"email": f"x{i}@example.org"}).status_code
        for i in range(6)
    ]
    assert answers[:5] == [200] * 5 and answers[5] == 429


def test_sign_in_rotates_the_session_and_sign_out_clears_it(client) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session and session.get("_user_id") == str(user.id)
    client.post("/logout")
    with client.session_transaction() as session:
        assert "_user_id" not in session
