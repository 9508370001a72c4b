"""Partnership lifecycle: made from a selected proposal or recorded by hand, edited, graduated
after the pilot, withdrawn with a reason."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app import clock
from app.accounts.models import Role
from app.errors import ServiceError
from app.focus_areas import FocusArea
from app.organizations.models import Country
from app.partnerships import lifecycle, plans, schedule
from app.partnerships.models import (
    PartnershipStatus,
    PlanState,
)
from app.proposals.models import ParticipantRole, ParticipantState
from tests.factories import make_organization, make_user
from tests.partnerships.factories import (
    events_of,
    mail_to,
    make_milestone,
    make_partnership,
    make_selected_proposal,
)


def test_a_selected_proposal_becomes_a_partnership_with_a_seeded_draft_plan(frozen) -> None:  # type: ignore[no-untyped-def]
    member, chair = make_user(), make_user(Role.CHAIR)
    us = make_organization(
        member,
        country=Country.US,
        name_en="Utah Department of Environmental Quality",
        name_zh="犹他州环境质量局",
    )
    cn = make_organization(
        country=Country.CN, name_en="Qinghai Ecology Department", name_zh="青海省生态环境厅"
    )
    invited = make_organization(country=Country.CN, name_en="Still Invited")
    declined = make_organization(country=Country.US, name_en="Declined Org")
    proposal = make_selected_proposal(
        us, cn, extra=[(invited, ParticipantState.INVITED), (declined, ParticipantState.DECLINED)]
    )

    partnership = lifecycle.create_partnership_from_proposal(proposal, actor=chair)

    assert (
        partnership.name_en
        == "Utah Department of Environmental Quality – Qinghai Ecology Department"
    )
    assert partnership.name_zh == "犹他州环境质量局—青海省生态环境厅"
    year = proposal.solicitation.year
    assert (
        partnership.slug
        == f"{year}-utah-department-of-environmental-quality-qinghai-ecology-department"
    )
    assert partnership.cohort_year == proposal.solicitation.year
    assert partnership.status == PartnershipStatus.ACTIVE
    assert {(p.organization_id, p.role) for p in partnership.participants} == {
        (us.id, ParticipantRole.LEAD),
        (cn.id, ParticipantRole.PARTNER),
    }
    assert {a.focus_area for a in partnership.focus_areas} == {
        FocusArea.CLEAN_AIR,
        FocusArea.LOW_CARBON_COMMUNITIES,
    }
    assert partnership.signed_on is None
    assert partnership.pilot_starts_on == date(2026, 8, 1)
    assert partnership.pilot_ends_on == date(2029, 8, 1)
    (plan,) = partnership.plans
    assert plan.state == PlanState.DRAFT and plan.version_number == 1
    assert plan.draft_due_on == date(2026, 8, 31)
    assert plan.approval_due_on == date(2026, 9, 30)
    assert [(t.pilot_year, t.number, t.title_en, t.target) for t in plan.tasks] == [
        (1, 1, "Install sensors", "24 sensors"),
        (1, 2, "Share data", "Open data portal"),
        (2, 1, "Handbook", "Bilingual handbook"),
    ]
    # The proposal's due months end on the month's last day.
    assert [t.due_on for t in plan.tasks] == [date(year, 3, 31), date(year, 9, 30), None]
    assert partnership.milestones == []
    (event,) = events_of("partnership.created")
    assert event.record_id == partnership.id and event.details["proposal"] == proposal.reference
    (mail,) = mail_to(member)
    assert "EcoPartnership" in mail.subject and "August 31, 2026" in mail.body_text


def test_the_pilot_starts_at_the_signing_and_slugs_stay_unique(frozen) -> None:  # type: ignore[no-untyped-def]
    chair = make_user(Role.CHAIR)
    us, cn = (
        make_organization(name_en="Twin"),
        make_organization(country=Country.CN, name_en="Pair"),
    )
    first = make_selected_proposal(us, cn, year=2031)
    second_us = make_organization(name_en="Twin", city="Elsewhere")
    second = make_selected_proposal(second_us, cn, year=2032)
    one = lifecycle.create_partnership_from_proposal(
        first, actor=chair, signed_on=date(2026, 9, 15)
    )
    other = lifecycle.create_partnership_from_proposal(second, actor=chair)
    assert (one.pilot_starts_on, one.pilot_ends_on) == (date(2026, 9, 15), date(2029, 9, 15))
    assert one.slug == "2031-twin-pair" and other.slug == "2032-twin-pair"
    assert lifecycle.unique_slug("2031 Twin Pair") == "2031-twin-pair-2"


def test_a_proposal_becomes_a_partnership_only_once_and_needs_both_countries(frozen) -> None:  # type: ignore[no-untyped-def]
    chair = make_user(Role.CHAIR)
    proposal = make_selected_proposal(make_organization(), make_organization(country=Country.CN))
    lifecycle.create_partnership_from_proposal(proposal, actor=chair)
    with pytest.raises(ServiceError, match="already became a partnership"):
        lifecycle.create_partnership_from_proposal(proposal, actor=chair)

    lonely = make_selected_proposal(make_organization(), make_organization(country=Country.CN))
    lonely.participants[1].state = ParticipantState.DECLINED
    with pytest.raises(ServiceError, match=r"U\.S\. and a confirmed Chinese"):
        lifecycle.create_partnership_from_proposal(lonely, actor=chair)


def _historical(**changes):  # type: ignore[no-untyped-def]
    us = make_organization(name_en="Utah", name_zh="犹他州")
    cn = make_organization(country=Country.CN, name_en="Qinghai", name_zh="青海省")
    data = {
        "us_organization_id": str(us.id),
        "cn_organization_id": str(cn.id),
        "lead_side": "US",
        "status": "graduated",
        "cohort_year": 2011,
        "pilot_starts_on": date(2011, 5, 1),
        "pilot_ends_on": None,
        "signed_on": date(2011, 5, 1),
        "focus_areas": ["clean_air"],
        "goal_en": "Clean energy policy exchange.",
        "slug": "",
    }
    data.update(changes)
    return data


def test_chairs_record_a_historical_partnership(frozen) -> None:  # type: ignore[no-untyped-def]
    chair = make_user(Role.CHAIR)
    partnership = lifecycle.create_partnership(_historical(), actor=chair)
    assert partnership.name_en == "Utah – Qinghai" and partnership.name_zh == "犹他州—青海省"
    assert partnership.slug == "2011-utah-qinghai"
    assert partnership.pilot_ends_on == date(2014, 5, 1)
    assert partnership.status == PartnershipStatus.GRADUATED
    assert schedule.graduation_year(partnership) == 2014
    assert events_of("partnership.recorded")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slug": "Not A Slug!"}, "slug"),
        ({"pilot_ends_on": date(2011, 4, 1)}, "pilot_ends_on"),
        ({"status": "graduated", "pilot_starts_on": date(2026, 1, 1)}, "status"),
    ],
)
def test_bad_historical_records_are_refused(frozen, changes, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError) as refused:
        lifecycle.create_partnership(_historical(**changes), actor=make_user(Role.CHAIR))
    assert refused.value.field == field


def test_organizations_must_be_of_their_country(frozen) -> None:  # type: ignore[no-untyped-def]
    data = _historical()
    data["cn_organization_id"] = data["us_organization_id"]
    with pytest.raises(ServiceError) as refused:
        lifecycle.create_partnership(data, actor=make_user(Role.CHAIR))
    assert refused.value.field == "cn_organization_id"


def test_new_pilot_dates_must_hold_every_milestone(frozen) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership()
    make_milestone(partnership, due_on=date(2027, 6, 1))
    data = {
        "name_en": partnership.name_en,
        "pilot_starts_on": date(2026, 8, 1),
        "pilot_ends_on": date(2027, 1, 1),
        "focus_areas": ["clean_water"],
    }
    with pytest.raises(ServiceError, match=r"Milestone 1\.1") as refused:
        lifecycle.update_partnership(partnership, data, actor=make_user(Role.CHAIR))
    assert refused.value.field == "pilot_ends_on"
    data["pilot_ends_on"] = date(2029, 8, 1)
    lifecycle.update_partnership(partnership, data, actor=make_user(Role.CHAIR))
    assert [a.focus_area for a in partnership.focus_areas] == [FocusArea.CLEAN_WATER]


def test_graduation_waits_for_the_end_of_the_pilot() -> None:
    chair, member = make_user(Role.CHAIR), make_user()
    with clock.frozen_at(datetime(2026, 1, 1, tzinfo=UTC)):
        partnership = make_partnership(member)
        with pytest.raises(ServiceError, match="graduates after its pilot ends"):
            lifecycle.graduate_partnership(partnership, actor=chair)
    with clock.frozen_at(datetime(2029, 1, 2, tzinfo=UTC)):
        assert schedule.is_graduation_due(partnership)
        lifecycle.graduate_partnership(partnership, actor=chair, note="All milestones met.")
        assert partnership.status == PartnershipStatus.GRADUATED
        assert partnership.ended_on == date(2029, 1, 2)
        assert any("graduating" in m.subject for m in mail_to(member))
        with pytest.raises(ServiceError, match="already graduated"):
            lifecycle.withdraw_partnership(partnership, actor=chair, reason="x")
        # A closed record is read-only for the partners.
        with pytest.raises(ServiceError, match="graduated"):
            plans.start_plan_version(partnership, actor=member)
    assert schedule.graduation_year(partnership) == 2029


def test_withdrawal_needs_a_reason(frozen) -> None:  # type: ignore[no-untyped-def]
    chair = make_user(Role.CHAIR)
    partnership = make_partnership()
    with pytest.raises(ServiceError) as refused:
        lifecycle.withdraw_partnership(partnership, actor=chair, reason="")
    assert refused.value.field == "reason"
    lifecycle.withdraw_partnership(partnership, actor=chair, reason="The lead dissolved.")
    assert partnership.status == PartnershipStatus.WITHDRAWN
    assert partnership.status_reason == "The lead dissolved."
    assert events_of("partnership.withdrawn")
