"""Subscribing by e-mail to a partnership's published updates: double opt-in (nothing is sent
before the confirmation), a one-click unsubscribe in every mail, the same answer for every
address, no address shown, the mail in the language chosen, and the limits."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app import create_app
from app.accounts.models import Role
from app.extensions import db
from app.notifications.models import Notification
from app.subscriptions.models import UpdateSubscription
from app.updates import services as updates
from app.updates.models import UpdateState
from tests.factories import make_user
from tests.partnerships.factories import make_partnership, make_update

CSRF = re.compile(r'name="csrf_token" value="[^"]*"')
LINK = re.compile(r"http://portal\.test(/subscriptions/(?:confirm|unsubscribe)/\S+)")


def _mail_to(address: str) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(Notification.to_address == address).order_by(Notification.id)
        )
    )


def _subscribe(client: FlaskClient, slug: str, address: str, language: str = "en") -> str:
    response = client.post(
        f"/partnerships/{slug}/subscribe", data={"email": address, "language": language}
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    # The page's CSRF token is signed with the time; everything else must be the same.
    return CSRF.sub("", response.get_data(as_text=True))


def _link(notification: Notification) -> str:
    found = LINK.search(notification.body_text)
    assert found, notification.body_text
    return found.group(1)


def _publish(partnership, title: str = "Monitors are live"):  # type: ignore[no-untyped-def]
    chair = make_user(Role.CHAIR)
    update = make_update(partnership, state=UpdateState.SUBMITTED, title=title)
    updates.publish_update(update, actor=chair)
    db.session.flush()
    return update


def test_the_public_page_offers_the_form(client, login) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership()
    # Not signed in, the page is cached whole and holds no token: it links to the form's page.
    page = client.get(f"/partnerships/{partnership.slug}").get_data(as_text=True)
    assert f'href="/partnerships/{partnership.slug}/subscribe"' in page
    assert 'name="email"' not in page and "csrf_token" not in page
    form = client.get(f"/partnerships/{partnership.slug}/subscribe").get_data(as_text=True)
    assert 'name="email"' in form and 'value="zh_Hans"' in form
    login(make_user())
    page = client.get(f"/partnerships/{partnership.slug}").get_data(as_text=True)
    assert f'action="/partnerships/{partnership.slug}/subscribe"' in page
    assert 'name="email"' in page and 'value="zh_Hans"' in page


def test_double_opt_in_nothing_is_sent_before_confirmation(client) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership(name_zh="犹他州—青海省")
    page = _subscribe(client, partnership.slug, "Reader@Example.org", language="zh_Hans")
    assert "reader@example.org" not in page.lower()  # the address is never shown back

    (confirmation,) = _mail_to("reader@example.org")
    assert confirmation.kind == "subscriptions.confirm" and confirmation.recipient_id is None
    assert "犹他州—青海省" in confirmation.subject and "确认" in confirmation.subject
    subscription = db.session.scalars(select(UpdateSubscription)).one()
    assert not subscription.is_confirmed

    _publish(partnership)
    assert [n.kind for n in _mail_to("reader@example.org")] == ["subscriptions.confirm"]

    link = _link(confirmation)
    form = client.get(link)
    assert form.status_code == 200 and "Confirm" in form.get_data(as_text=True)
    assert not subscription.is_confirmed  # opening the link (a mail scanner) confirms nothing
    assert client.post(link).status_code == 200
    assert subscription.is_confirmed and subscription.confirm_digest is None
    # The link works once.
    assert client.get(link).status_code == 404
    assert client.post(link).status_code == 404


def test_subscribers_receive_the_published_update_and_unsubscribe_in_one_click(client) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership()
    member = make_user()
    _subscribe(client, partnership.slug, "reader@example.org")
    client.post(_link(_mail_to("reader@example.org")[0]))

    update = _publish(partnership, title="Sensors are live")
    mail = _mail_to("reader@example.org")[-1]
    assert mail.kind == "subscriptions.update_published"
    assert "Sensors are live" in mail.subject
    assert (
        f"http://portal.test/partnerships/{partnership.slug}#update-{update.id}" in mail.body_text
    )
    assert "Unsubscribe: http://portal.test/subscriptions/unsubscribe/" in mail.body_text
    assert member.email not in mail.body_text

    response = client.get(_link(mail))  # one click, nothing else to do
    assert response.status_code == 200 and "unsubscribed" in response.get_data(as_text=True)
    assert db.session.scalars(select(UpdateSubscription)).all() == []  # the address is gone
    assert client.get(_link(mail)).status_code == 200  # a second click says the same
    assert client.get("/subscriptions/unsubscribe/forged").status_code == 404

    _publish(partnership, title="Another one")
    assert [n.kind for n in _mail_to("reader@example.org")][-1] == "subscriptions.update_published"
    assert len(_mail_to("reader@example.org")) == 2  # the confirmation and the first update


def test_a_secretariat_only_update_goes_to_no_subscriber(client) -> None:  # type: ignore[no-untyped-def]
    from app.updates.models import Visibility

    partnership = make_partnership()
    _subscribe(client, partnership.slug, "reader@example.org")
    client.post(_link(_mail_to("reader@example.org")[0]))
    update = make_update(
        partnership, state=UpdateState.SUBMITTED, visibility=Visibility.SECRETARIAT
    )
    updates.publish_update(update, actor=make_user(Role.CHAIR))
    assert len(_mail_to("reader@example.org")) == 1


def test_the_answer_is_the_same_whether_or_not_the_address_is_subscribed(client) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership()
    client.get(f"/partnerships/{partnership.slug}")  # one session, so one CSRF token in pages
    first = _subscribe(client, partnership.slug, "new@example.org")
    client.post(_link(_mail_to("new@example.org")[0]))
    confirmed = _subscribe(client, partnership.slug, "new@example.org")
    pending = _subscribe(client, partnership.slug, "pending@example.org")
    again = _subscribe(client, partnership.slug, "pending@example.org")
    assert first == confirmed == pending == again
    # A confirmed address is not mailed again; a pending one gets a fresh link, the old one dies.
    assert len(_mail_to("new@example.org")) == 1
    old, new = _mail_to("pending@example.org")
    assert client.get(_link(old)).status_code == 404 and client.get(_link(new)).status_code == 200


def test_bad_input_is_answered_at_the_field_and_unknown_pages_are_404(client) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership()
    response = client.post(
        f"/partnerships/{partnership.slug}/subscribe",
        data={"email": "not an address", "language": "en"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and 'id="email-error"' in page
    assert 'value="not an address"' in page  # what was typed is kept
    assert client.get("/partnerships/nobody/subscribe").status_code == 404
    assert client.get("/subscriptions/confirm/forged").status_code == 404


@pytest.fixture
def limited_client() -> Iterator[FlaskClient]:
    """A second app with the limits on (one limiter serves every app: give the suite's back)."""
    from app.extensions import limiter

    was_enabled = limiter.enabled
    app = create_app("testing", RATELIMIT_ENABLED=True, WTF_CSRF_ENABLED=False)
    with app.app_context():
        yield app.test_client()
    limiter.enabled = was_enabled


def test_requests_for_one_address_are_limited(limited_client) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership()
    db.session.commit()
    statuses = [
        limited_client.post(
            f"/partnerships/{partnership.slug}/subscribe",
            data={"email": "flooded@example.org", "language": "en"},
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert len(_mail_to("flooded@example.org")) == 3
