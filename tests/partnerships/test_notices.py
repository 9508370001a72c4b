"""A plan returned or approved reaches every member of the partnership, each in their language."""

from __future__ import annotations

from app import clock
from app.accounts.models import Language, Role
from app.extensions import db
from app.organizations.models import OrganizationMember
from app.partnerships import plans
from app.partnerships.models import PlanState
from tests.factories import make_organization, make_user
from tests.partnerships.factories import mail_to, make_partnership, make_plan


def _partnership_with_two_languages():  # type: ignore[no-untyped-def]
    english, chinese = make_user(), make_user(language=Language.ZH)
    partnership = make_partnership(
        english,
        cn=make_organization(chinese, name_en="Qinghai", name_zh="青海省"),
        name_en="Utah – Qinghai",
        name_zh="犹他州—青海省",
    )
    return partnership, english, chinese


def test_a_returned_plan_reaches_each_member_in_their_language(frozen) -> None:  # type: ignore[no-untyped-def]
    partnership, english, chinese = _partnership_with_two_languages()
    plan = make_plan(partnership, state=PlanState.SUBMITTED)
    plans.return_plan(plan, actor=make_user(Role.CHAIR), comments="Add targets for year 2.")

    (mail,) = mail_to(english)
    assert mail.kind == "partnerships.plan_returned"
    assert mail.subject == "Implementation Plan returned with comments: Utah – Qinghai"
    assert "Add targets for year 2." in mail.body_text
    assert f"/workspace/partnerships/{partnership.id}/plan" in mail.body_text
    (mail,) = mail_to(chinese)
    assert mail.subject == "实施计划已附意见退回：犹他州—青海省"
    assert "Add targets for year 2." in mail.body_text


def test_an_approved_plan_reaches_each_member_in_their_language(frozen) -> None:  # type: ignore[no-untyped-def]
    partnership, english, chinese = _partnership_with_two_languages()
    plan = make_plan(partnership, state=PlanState.SUBMITTED)
    plans.approve_plan(plan, actor=make_user(Role.CHAIR))

    assert [m.subject for m in mail_to(english)] == ["Implementation Plan approved: Utah – Qinghai"]
    assert [m.subject for m in mail_to(chinese)] == ["实施计划已获批准：犹他州—青海省"]
    assert f"/workspace/partnerships/{partnership.id}" in mail_to(chinese)[0].body_text


def test_an_inactive_member_is_not_mailed(frozen) -> None:  # type: ignore[no-untyped-def]
    partnership, english, _ = _partnership_with_two_languages()
    gone = make_user(is_active=False)
    lead = partnership.participants[0].organization_id
    db.session.add(OrganizationMember(organization_id=lead, user_id=gone.id, joined_at=clock.now()))
    plan = make_plan(partnership, state=PlanState.SUBMITTED)
    plans.approve_plan(plan, actor=make_user(Role.CHAIR))
    assert mail_to(gone) == [] and len(mail_to(english)) == 1
