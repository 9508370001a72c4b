"""A Key Accomplishment reaches the public page only after a chair's review; until then members
and chairs see it pending."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.accounts.models import Language, Role, Side
from app.errors import ServiceError
from app.extensions import db
from app.notifications.models import Notification
from app.partnerships import milestones
from app.partnerships.models import MilestoneStatus
from app.public.read_model import key_accomplishments
from tests.factories import make_user
from tests.partnerships.factories import events_of, make_milestone, make_partnership
from tests.reviews.factories import make_chair


def _report_done(milestone, member, evidence: str = "12 monitors online") -> None:  # type: ignore[no-untyped-def]
    milestones.report_milestone(
        milestone,
        status=MilestoneStatus.DONE,
        evidence=evidence,
        status_on=date(2026, 8, 1),
        key_accomplishment=True,
        actor=member,
    )


def test_a_requested_key_accomplishment_is_hidden_publicly_until_a_chair_confirms(  # type: ignore[no-untyped-def]
    client, login, frozen
) -> None:
    member, chair = make_user(), make_user(Role.CHAIR)
    partnership = make_partnership(member)
    milestone = make_milestone(partnership, title_en="Monitors reporting")
    _report_done(milestone, member)

    assert milestone.is_key_accomplishment_pending and not milestone.is_key_accomplishment
    assert key_accomplishments(partnership) == []
    public = client.get(f"/partnerships/{partnership.slug}").get_data(as_text=True)
    assert "No key accomplishments have been reported yet." in public
    login(member)
    workspace = client.get(f"/workspace/partnerships/{partnership.id}").get_data(as_text=True)
    assert "Key Accomplishment, awaiting a chair" in workspace
    client.post("/logout")

    login(chair)
    manage = client.get(f"/secretariat/partnerships/{partnership.id}").get_data(as_text=True)
    assert "Key Accomplishments to review" in manage and "12 monitors online" in manage
    response = client.post(
        f"/secretariat/partnerships/{partnership.id}/milestones/{milestone.id}/feature"
    )
    assert response.status_code == 302
    assert milestone.is_key_accomplishment and not milestone.is_key_accomplishment_pending
    assert milestone.key_accomplishment_confirmed_by_id == chair.id
    assert [e.actor_id for e in events_of("milestone.key_accomplishment_confirmed")] == [chair.id]
    assert key_accomplishments(partnership) == [milestone]
    client.post("/logout")
    public = client.get(f"/partnerships/{partnership.slug}").get_data(as_text=True)
    assert (
        "Monitors reporting"
        in public.split('id="accomplishments-heading"')[1].split("</section>")[0]
    )


def test_a_changed_report_asks_for_a_new_review_and_an_unchanged_one_keeps_it(frozen) -> None:  # type: ignore[no-untyped-def]
    member, chair = make_user(), make_user(Role.CHAIR)
    partnership = make_partnership(member)
    milestone = make_milestone(partnership)
    _report_done(milestone, member)
    milestones.confirm_key_accomplishment(milestone, actor=chair)

    _report_done(milestone, member)  # the same report again
    assert milestone.is_key_accomplishment

    _report_done(milestone, member, evidence="Only 9 monitors online")
    assert not milestone.is_key_accomplishment and milestone.is_key_accomplishment_pending
    assert key_accomplishments(partnership) == []


def test_a_chair_may_decline_and_only_a_pending_request_is_reviewed(frozen) -> None:  # type: ignore[no-untyped-def]
    member, chair = make_user(), make_user(Role.CHAIR)
    partnership = make_partnership(member)
    milestone = make_milestone(partnership)
    with pytest.raises(ServiceError, match="have not asked"):
        milestones.confirm_key_accomplishment(milestone, actor=chair)
    _report_done(milestone, member)
    milestones.decline_key_accomplishment(milestone, actor=chair)
    assert not milestone.is_key_accomplishment and not milestone.is_key_accomplishment_pending
    assert milestone.status == MilestoneStatus.DONE
    with pytest.raises(ServiceError):
        milestones.confirm_key_accomplishment(milestone, actor=chair)


def test_members_cannot_confirm_their_own(client, login, frozen) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    milestone = make_milestone(partnership)
    _report_done(milestone, member)
    login(member)
    response = client.post(
        f"/secretariat/partnerships/{partnership.id}/milestones/{milestone.id}/feature"
    )
    assert response.status_code == 403 and not milestone.is_key_accomplishment


def _mail(kind: str) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(Notification.kind == kind).order_by(Notification.id)
        )
    )


def test_the_chairs_are_told_of_a_request_and_the_partners_of_the_answer(frozen) -> None:  # type: ignore[no-untyped-def]
    member = make_user(language=Language.ZH)
    chair_us = make_chair(Side.US)
    chair_cn = make_chair(Side.CN, language=Language.ZH)
    partnership = make_partnership(member, name_en="Utah – Qinghai", name_zh="犹他州—青海省")
    first = make_milestone(partnership, title_en="Monitors reporting", title_zh="监测仪上线")
    second = make_milestone(partnership, title_en="Second report")

    _report_done(first, member)
    _report_done(first, member, evidence="still 12 monitors")  # the same request: no new mail
    requested = _mail("partnerships.key_accomplishment_requested")
    assert sorted(n.to_address for n in requested) == sorted([chair_us.email, chair_cn.email])
    english = next(n for n in requested if n.to_address == chair_us.email)
    assert english.subject == "Key Accomplishment to review: Utah – Qinghai"
    assert f"/secretariat/partnerships/{partnership.id}#accomplishments" in english.body_text
    chinese = next(n for n in requested if n.to_address == chair_cn.email)
    assert "犹他州—青海省" in chinese.subject and "监测仪上线" in chinese.body_text

    milestones.confirm_key_accomplishment(first, actor=chair_us)
    (published,) = _mail("partnerships.key_accomplishment_reviewed")
    assert published.to_address == member.email
    assert "监测仪上线" in published.subject and "已发布" in published.subject  # her language
    assert f"/partnerships/{partnership.slug}" in published.body_text

    _report_done(second, member)
    milestones.decline_key_accomplishment(second, actor=chair_cn)
    declined = _mail("partnerships.key_accomplishment_reviewed")[-1]
    assert second.title_zh in declined.subject and "未" in declined.subject
    assert f"/milestones/{second.id}" in declined.body_text
