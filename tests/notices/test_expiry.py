"""Expiry: a published notice stands through its end date and is gone from the profile, the
open data and the standing reads the day after, at once, with no job and no write; the public
data version moves with it, so no cached answer outlives it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from flask import Flask

from app import clock
from app.extensions import db
from app.notices.models import NoticeState
from app.notices.queries import standing_notice, standing_notices
from app.public import response_cache
from app.public.caching import forget_derived
from app.public.queries import public_data_version
from tests.factories import make_organization, make_user
from tests.notices.factories import make_notice

LAST_DAY = date(2027, 3, 31)
ON_THE_LAST_DAY = datetime(2027, 3, 31, 23, 59, 59, tzinfo=UTC)
THE_DAY_AFTER = datetime(2027, 4, 1, 0, 0, 0, tzinfo=UTC)


def _notice():  # type: ignore[no-untyped-def]
    with clock.frozen_at(datetime(2027, 1, 5, tzinfo=UTC)):
        return make_notice(make_organization(make_user()), ends_on=LAST_DAY)


def test_a_notice_stands_through_its_last_day_and_not_a_second_longer(client) -> None:  # type: ignore[no-untyped-def]
    notice = _notice()
    db.session.commit()
    profile, api = f"/organizations/{notice.organization_id}", f"/api/v1/notices/{notice.id}"
    with clock.frozen_at(ON_THE_LAST_DAY):
        assert standing_notice(notice.id) is not None
        assert [n.id for n in standing_notices()] == [notice.id]
        assert "Seeking a partner" in client.get(profile).get_data(as_text=True)
        assert client.get(api).status_code == 200
        assert client.get("/api/v1/notices").json["meta"]["total"] == 1
    with clock.frozen_at(THE_DAY_AFTER):
        assert standing_notice(notice.id) is None
        assert standing_notices() == []
        assert "Seeking a partner" not in client.get(profile).get_data(as_text=True)
        assert client.get(api).status_code == 404
        assert client.get("/api/v1/notices").json["meta"]["total"] == 0
    assert notice.state == NoticeState.PUBLISHED  # nothing was written: the date decides


def test_the_public_data_version_changes_when_a_notice_expires() -> None:
    _notice()
    with clock.frozen_at(ON_THE_LAST_DAY):
        before = public_data_version()
    with clock.frozen_at(THE_DAY_AFTER):
        after = public_data_version()
    assert before.token != after.token
    assert after.last_modified is not None and after.last_modified >= THE_DAY_AFTER


@pytest.fixture
def cache_on(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The cache of whole answers as in production (the test configuration turns it off)."""
    monkeypatch.setitem(app.config, "PUBLIC_CACHE_BYTES", 4 * 1024 * 1024)
    response_cache.forget()
    forget_derived()
    yield
    response_cache.forget()
    forget_derived()


def test_a_cached_answer_does_not_outlive_the_notice(cache_on, client) -> None:  # type: ignore[no-untyped-def]
    notice = _notice()
    db.session.commit()
    urls = [f"/api/v1/notices/{notice.id}", "/api/v1/notices"]
    with clock.frozen_at(ON_THE_LAST_DAY):
        first = {url: client.get(url) for url in urls}
        assert all(r.status_code == 200 for r in first.values())
        assert client.get(urls[0]).status_code == 200  # served again, from the cache
    with clock.frozen_at(THE_DAY_AFTER):
        etag = first[urls[0]].headers["ETag"]
        assert client.get(urls[0], headers={"If-None-Match": etag}).status_code == 404
        assert client.get(urls[1]).json["data"] == []


def test_the_members_page_calls_an_expired_notice_expired(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    organization = make_organization(member)
    with clock.frozen_at(datetime(2027, 1, 5, tzinfo=UTC)):
        notice = make_notice(organization, member, ends_on=LAST_DAY)
    with clock.frozen_at(THE_DAY_AFTER):
        login(member)
        listing = client.get(f"/organizations/{organization.id}/notices").get_data(as_text=True)
        page = client.get(f"/organizations/{organization.id}/notices/{notice.id}")
    assert "Expired" in listing
    assert "Its end date has passed" in page.get_data(as_text=True)
