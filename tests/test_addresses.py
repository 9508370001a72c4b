"""The portal's own address in links that leave the page: the configured PUBLIC_BASE_URL, or
else the address it is served on (`PORT=8080 make run` gives working feed and mail links)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from app.accounts import services
from app.extensions import db
from app.notifications.models import Notification
from config import served_at
from tests.factories import make_user


@pytest.fixture
def unconfigured(app: Flask) -> Iterator[None]:
    """No PUBLIC_BASE_URL: the portal served on port 8080, as `PORT=8080 make run` does."""
    before = app.config["PUBLIC_BASE_URL"], app.config["SERVED_AT"]
    app.config.update(PUBLIC_BASE_URL="", SERVED_AT=served_at("127.0.0.1", "8080"))
    yield
    app.config["PUBLIC_BASE_URL"], app.config["SERVED_AT"] = before


def test_the_served_address_is_reachable_from_the_listening_one() -> None:
    assert served_at("127.0.0.1", "8080") == "http://127.0.0.1:8080"
    assert served_at("0.0.0.0", "8080") == "http://127.0.0.1:8080"  # noqa: S104
    assert served_at("::", "5000") == "http://[::1]:5000"


@pytest.mark.usefixtures("unconfigured")
def test_a_feed_links_to_the_host_it_is_read_on(client) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/updates.atom", base_url="http://localhost:8080").get_data(as_text=True)
    assert 'href="http://localhost:8080/updates.atom"' in body
    assert ":5000" not in body


@pytest.mark.usefixtures("unconfigured")
def test_a_mail_links_to_the_served_address_never_to_a_forged_host(client) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    client.post("/forgot-password", data={"email": user.email}, base_url="http://attacker.example")
    services.request_password_reset(user.email)
    mails = db.session.scalars(select(Notification).where(Notification.to_address == user.email))
    bodies = [mail.body_text for mail in mails]
    assert bodies
    assert all("http://127.0.0.1:8080/reset-password/" in body for body in bodies)
    assert not any("attacker.example" in body for body in bodies)


def test_a_configured_public_address_wins(client) -> None:  # type: ignore[no-untyped-def]
    body = client.get("/updates.atom", base_url="http://localhost:8080").get_data(as_text=True)
    assert 'href="http://portal.test/updates.atom"' in body
