"""The demo data holds notices in both languages: standing ones, one waiting for the chairs,
one draft; loading again adds none."""

from __future__ import annotations

from sqlalchemy import func, select

from app.demo.services import seed_demo
from app.extensions import db
from app.notices.models import NoticeState, PartnerNotice
from app.notices.queries import awaiting_moderation, standing_notices


def test_the_demo_has_notices_in_both_languages_and_loads_them_once() -> None:
    first = seed_demo()
    assert first.created["notices"] == 6
    standing = standing_notices()
    assert len(standing) == 4
    assert any(n.offer_zh and n.offer_en for n in standing)
    assert any(n.offer_zh and not n.offer_en for n in standing)  # written in Chinese only
    assert {n.organization.country for n in standing} == {"US", "CN"}
    assert len(awaiting_moderation()) == 1
    assert seed_demo().created.get("notices", 0) == 0
    assert db.session.scalar(select(func.count(PartnerNotice.id))) == 6
    assert (
        db.session.scalar(select(func.count()).where(PartnerNotice.state == NoticeState.DRAFT)) == 1
    )
