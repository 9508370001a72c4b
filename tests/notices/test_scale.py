"""The synthetic data set's notices: 3,000 at the benchmark's scale, three a partnership below
it, on organizations of both countries, naming regions of the other side only."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from app import clock
from app.demo.scale import seed_scale
from app.demo.scale_notices import notice_count, plan_notices
from app.demo.synthetic import AS_OF
from app.extensions import db
from app.notices.models import NoticeRegion, PartnerNotice
from app.notices.queries import standing_notices_total
from app.organizations.models import Country, Organization
from app.organizations.subdivisions import subdivision


def test_the_benchmark_scale_holds_3000_notices_and_a_seed_gives_the_same_ones() -> None:
    assert notice_count(10_000) == 3000 and notice_count(20) == 60
    countries = [Country.US, Country.CN] * 50
    first = plan_notices(countries, 10_000, seed=1)
    assert len(first.notices) == 3000
    assert first == plan_notices(countries, 10_000, seed=1)
    assert first != plan_notices(countries, 10_000, seed=2)


def test_loaded_notices_stand_expire_and_name_the_other_side() -> None:
    summary = seed_scale(20)
    assert summary.created["notices"] == 60
    assert db.session.scalar(select(func.count(PartnerNotice.id))) == 60
    with clock.frozen_at(datetime(AS_OF.year, AS_OF.month, AS_OF.day, tzinfo=UTC)):
        standing = standing_notices_total()
    assert 20 < standing < 60
    rows = db.session.execute(
        select(Organization.country, NoticeRegion.subdivision_code)
        .join(PartnerNotice, PartnerNotice.id == NoticeRegion.notice_id)
        .join(Organization, Organization.id == PartnerNotice.organization_id)
    ).all()
    assert rows and all(subdivision(code).country != country for country, code in rows)  # type: ignore[union-attr]
