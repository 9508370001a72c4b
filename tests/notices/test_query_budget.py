"""The moderation queue, the profile, the open data's notices and `standing_notices` run the
same number of SQL statements with one notice as with many: nothing is loaded one by one."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from app.accounts.models import Role, Side
from app.extensions import db
from app.focus_areas import FocusArea
from app.memo import forget_everything
from app.notices.models import NoticeState
from app.notices.queries import standing_notices
from app.organizations.models import Country, Organization
from tests.conftest import sign_in
from tests.factories import make_organization, make_user
from tests.notices.factories import make_notice
from tests.public.conftest import count_queries

__all__ = ["count_queries"]


def _notices(profiled: Organization, count: int) -> None:
    for n in range(count):
        other = make_organization(country=Country.CN if n % 2 else Country.US)
        areas = (FocusArea.CLEAN_AIR, FocusArea.CLEAN_WATER)[: 1 + n % 2]
        make_notice(other, state=NoticeState.SUBMITTED, regions=("CN-QH", "CN-BJ"))
        make_notice(other, focus_areas=areas, regions=("US-UT",) if n % 2 else ("CN-HI",))
        make_notice(profiled, focus_areas=areas, regions=("CN-QH", "CN-GD"))


def _counts(clients: dict[str, FlaskClient], urls, count_queries) -> dict[str, int]:  # type: ignore[no-untyped-def]
    counts = {}
    for who, url in urls:
        db.session.expunge_all()
        forget_everything()  # each page computed whole, not from what the one before kept
        with count_queries() as statements:
            response = clients[who].get(url)
        assert response.status_code == 200, url
        counts[url] = len(statements)
    db.session.expunge_all()
    with count_queries() as statements:
        assert standing_notices()
    counts["standing_notices()"] = len(statements)
    return counts


def test_notice_pages_run_the_same_queries_whatever_the_data(app: Flask, count_queries) -> None:  # type: ignore[no-untyped-def]
    chair, member = make_user(Role.CHAIR, side=Side.US), make_user()
    profiled = make_organization(member)
    organization_id = profiled.id
    _notices(profiled, 1)
    clients = {"chair": app.test_client(), "member": app.test_client(), "anyone": app.test_client()}
    app.config["WTF_CSRF_ENABLED"] = False
    sign_in(clients["chair"], chair)
    sign_in(clients["member"], member)
    urls = [
        ("chair", "/secretariat/notices"),
        ("chair", "/secretariat/partnerships"),
        ("anyone", f"/organizations/{organization_id}"),
        ("member", f"/organizations/{organization_id}"),
        ("member", f"/organizations/{organization_id}/notices"),
        ("anyone", "/api/v1/notices"),
        ("anyone", "/api/v1/notices?subdivision=CN-QH&focus_area=clean_air"),
    ]
    for who, url in urls:  # a signed-in client's first request does its own bookkeeping
        clients[who].get(url)
    small = _counts(clients, urls, count_queries)
    profiled = db.session.get(Organization, organization_id)
    assert profiled is not None
    _notices(profiled, 12)
    large = _counts(clients, urls, count_queries)
    grew = {url: (small[url], large[url]) for url in small if small[url] != large[url]}
    assert not grew, grew
