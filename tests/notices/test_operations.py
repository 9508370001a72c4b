"""Notice operations: every move of the state table allowed and refused, the content rules
checked on the server, audit events and mails."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import clock
from app.accounts.models import Language, Role, Side
from app.audit.models import Event
from app.errors import ServiceError
from app.extensions import db
from app.notices import services
from app.notices.models import NoticeState, PartnerNotice
from app.notifications.models import Notification
from app.organizations.models import Country
from tests.factories import make_organization, make_user
from tests.notices.factories import form_data, make_notice

TODAY = datetime(2026, 12, 3, 9, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():  # type: ignore[no-untyped-def]
    with clock.frozen_at(TODAY):
        yield


def _data(**changes: Any) -> dict[str, Any]:
    data = form_data(**changes)
    if isinstance(data["ends_on"], str):
        data["ends_on"] = date.fromisoformat(data["ends_on"])
    return data


def _actions(notice: PartnerNotice) -> list[str]:
    return list(
        db.session.scalars(
            select(Event.action).where(Event.record_id == notice.id).order_by(Event.id)
        )
    )


def _mail_to(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(
        db.session.scalars(select(Notification.subject).where(Notification.recipient_id == user.id))
    )


def test_a_notice_goes_from_draft_to_published_and_is_withdrawn() -> None:
    member, chair = make_user(), make_user(Role.CHAIR, side=Side.US)
    organization = make_organization(member)
    notice = services.draft_notice(organization, _data(), actor=member)
    assert notice.state == NoticeState.DRAFT
    assert notice.focus_areas[0].focus_area == "forests_wetlands"
    assert notice.region_codes == ["CN-HI", "CN-QH"]
    services.submit_notice(notice, actor=member)
    assert notice.state == NoticeState.SUBMITTED and notice.submitted_at == TODAY
    assert any("Notice to moderate" in s for s in _mail_to(chair))
    services.publish_notice(notice, actor=chair)
    assert notice.state == NoticeState.PUBLISHED and notice.published_at == TODAY
    assert "Your partner-search notice is published" in _mail_to(member)
    services.withdraw_notice(notice, actor=member)
    assert notice.state == NoticeState.WITHDRAWN and notice.withdrawn_at == TODAY
    assert _actions(notice) == [
        "notice.drafted",
        "notice.submitted",
        "notice.published",
        "notice.withdrawn",
    ]


def test_a_returned_notice_carries_the_reason_and_may_be_edited_and_sent_again() -> None:
    member, chair = make_user(), make_user(Role.CHAIR, side=Side.CN)
    notice = make_notice(make_organization(member), member, NoticeState.SUBMITTED)
    services.return_notice(notice, actor=chair, reason="  Name the sensors.  ")
    assert notice.state == NoticeState.RETURNED and notice.return_reason == "Name the sensors."
    assert "Your partner-search notice is returned" in _mail_to(member)
    mail = db.session.scalars(
        select(Notification).where(Notification.recipient_id == member.id)
    ).one()
    assert "Name the sensors." in mail.body_text and f"/notices/{notice.id}/edit" in mail.body_text
    services.edit_notice(notice, _data(offer_en="Low-cost PM2.5 sensors."), actor=member)
    services.submit_notice(notice, actor=member)
    assert notice.state == NoticeState.SUBMITTED and notice.return_reason == ""
    assert "notice.returned" in _actions(notice)


def test_the_mail_speaks_the_members_language() -> None:
    member = make_user(language=Language.ZH)
    chair = make_user(Role.CHAIR, side=Side.CN)
    notice = make_notice(make_organization(member), member, NoticeState.SUBMITTED)
    services.publish_notice(notice, actor=chair)
    [subject] = _mail_to(member)
    assert subject != "Your partner-search notice is published"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in subject)


REFUSED = [
    # (state, operation)
    (NoticeState.DRAFT, "publish"),
    (NoticeState.DRAFT, "return"),
    (NoticeState.DRAFT, "withdraw"),
    (NoticeState.SUBMITTED, "submit"),
    (NoticeState.SUBMITTED, "withdraw"),
    (NoticeState.SUBMITTED, "edit"),
    (NoticeState.PUBLISHED, "submit"),
    (NoticeState.PUBLISHED, "publish"),
    (NoticeState.PUBLISHED, "return"),
    (NoticeState.PUBLISHED, "edit"),
    (NoticeState.RETURNED, "publish"),
    (NoticeState.RETURNED, "withdraw"),
    (NoticeState.WITHDRAWN, "submit"),
    (NoticeState.WITHDRAWN, "publish"),
    (NoticeState.WITHDRAWN, "withdraw"),
    (NoticeState.WITHDRAWN, "edit"),
]


def _run(operation: str, notice: PartnerNotice, actor) -> None:  # type: ignore[no-untyped-def]
    if operation == "submit":
        services.submit_notice(notice, actor=actor)
    elif operation == "publish":
        services.publish_notice(notice, actor=actor)
    elif operation == "return":
        services.return_notice(notice, actor=actor, reason="No.")
    elif operation == "withdraw":
        services.withdraw_notice(notice, actor=actor)
    else:
        services.edit_notice(notice, _data(), actor=actor)


@pytest.mark.parametrize(("state", "operation"), REFUSED)
def test_a_move_the_table_does_not_allow_is_refused(state: NoticeState, operation: str) -> None:
    member = make_user()
    notice = make_notice(make_organization(member), member, state)
    with pytest.raises(ServiceError):
        _run(operation, notice, member)
    assert notice.state == state


def test_a_return_needs_a_reason() -> None:
    notice = make_notice(make_organization(make_user()), state=NoticeState.SUBMITTED)
    with pytest.raises(ServiceError) as refused:
        services.return_notice(notice, actor=make_user(Role.CHAIR), reason="   ")
    assert refused.value.field == "reason" and notice.state == NoticeState.SUBMITTED


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"offer_en": "", "offer_zh": " "}, "offer_en"),
        ({"seeking_en": "", "seeking_zh": ""}, "seeking_en"),
        ({"offer_zh": "x" * 2001}, "offer_zh"),
        ({"seeking_en": "x" * 2001}, "seeking_en"),
        ({"focus_areas": []}, "focus_areas"),
        ({"focus_areas": ["space_travel"]}, "focus_areas"),
        ({"regions": ["US-UT"]}, "regions"),  # the organization's own side
        ({"regions": ["CN-XX"]}, "regions"),
        ({"deliverable_kind": "party"}, "deliverable_kind"),
        ({"ends_on": date(2026, 12, 3)}, "ends_on"),  # today
        ({"ends_on": date(2026, 11, 1)}, "ends_on"),
        ({"ends_on": date(2027, 12, 4)}, "ends_on"),  # beyond 12 months
        ({"ends_on": None}, "ends_on"),
    ],
)
def test_bad_content_is_refused_at_its_field_and_nothing_is_written(
    changes: dict[str, Any], field: str
) -> None:
    member = make_user()
    organization = make_organization(member)
    with pytest.raises(ServiceError) as refused:
        services.draft_notice(organization, _data(**changes), actor=member)
    assert refused.value.field == field
    db.session.rollback()
    assert db.session.scalar(select(PartnerNotice.id)) is None


def test_the_limits_of_the_end_date_are_accepted() -> None:
    member = make_user()
    organization = make_organization(member)
    for day in (date(2026, 12, 4), date(2027, 12, 3)):
        assert services.draft_notice(organization, _data(ends_on=day), actor=member).ends_on == day


def test_a_chinese_organization_names_us_states_and_writes_only_in_chinese() -> None:
    member = make_user()
    organization = make_organization(member, country=Country.CN)
    notice = services.draft_notice(
        organization,
        _data(offer_en="", offer_zh="湿地修复", seeking_en="", regions=["US-UT", "US-OR"]),
        actor=member,
    )
    assert notice.region_codes == ["US-OR", "US-UT"]
    with pytest.raises(ServiceError):
        services.edit_notice(notice, _data(regions=["CN-QH"]), actor=member)


def test_a_draft_whose_end_date_passed_cannot_be_submitted() -> None:
    member = make_user()
    notice = make_notice(make_organization(member), member, NoticeState.DRAFT)
    notice.ends_on = date(2026, 12, 3)
    with pytest.raises(ServiceError) as refused:
        services.submit_notice(notice, actor=member)
    assert refused.value.field == "ends_on" and notice.state == NoticeState.DRAFT


def test_a_notice_whose_end_date_passed_in_the_queue_is_not_published() -> None:
    notice = make_notice(make_organization(make_user()), state=NoticeState.SUBMITTED)
    notice.ends_on = date(2026, 12, 2)
    with pytest.raises(ServiceError):
        services.publish_notice(notice, actor=make_user(Role.CHAIR))
    assert notice.state == NoticeState.SUBMITTED


@pytest.mark.parametrize(
    "breach",
    [
        {"offer_en": "", "offer_zh": ""},
        {"seeking_en": "", "seeking_zh": ""},
        {"state": NoticeState.PUBLISHED, "published_at": None},
        {"state": NoticeState.RETURNED, "return_reason": ""},
        {"state": NoticeState.WITHDRAWN, "withdrawn_at": None},
        {"state": NoticeState.SUBMITTED, "submitted_at": None},
        {"offer_en": "x" * 2001},
    ],
)
def test_the_database_refuses_a_notice_breaking_its_rules(breach: dict[str, Any]) -> None:
    notice = make_notice(make_organization(make_user()), state=NoticeState.RETURNED)
    if breach.get("state") == NoticeState.PUBLISHED:
        notice.returned_at = None
    if breach.get("state") == NoticeState.WITHDRAWN:
        notice.returned_at = None
        notice.published_at = clock.now()
    if breach.get("state") == NoticeState.SUBMITTED:
        notice.returned_at = None
    for name, value in breach.items():
        setattr(notice, name, value)
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_latest_end_is_twelve_months_ahead() -> None:
    assert services.latest_end(date(2026, 12, 3)) == date(2027, 12, 3)
    assert services.latest_end(date(2028, 2, 29)) == date(2029, 2, 28)
    assert date(2026, 12, 3) + timedelta(days=365) == date(2027, 12, 3)
