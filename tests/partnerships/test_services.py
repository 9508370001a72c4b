"""Partnership services: creation, the plan and its versions, milestones, graduation, dashboard.

A frozen clock drives the program's dates: the 30/60-day plan deadlines, overdue milestones,
the 6-month update rule and graduation after three years.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from app import clock
from app.accounts.models import Role
from app.audit.models import Event
from app.errors import ServiceError
from app.extensions import db
from app.focus_areas import FocusArea
from app.notifications.models import Notification
from app.organizations.models import Country
from app.partnerships import dashboard, lifecycle, milestones, plans, queries, schedule
from app.partnerships.models import (
    MilestoneStatus,
    Partnership,
    PartnershipStatus,
    PlanState,
)
from app.partnerships.plans import TaskInput
from app.proposals.models import ParticipantRole, ParticipantState
from app.updates.models import UpdateState
from tests.factories import make_organization, make_user
from tests.partnerships.factories import (
    make_milestone,
    make_partnership,
    make_plan,
    make_selected_proposal,
    make_update,
    task_rows,
)

SELECTED = datetime(2026, 8, 1, 14, tzinfo=UTC)


@pytest.fixture
def frozen() -> Iterator[None]:
    """Publication day of the decisions: 1 August 2026."""
    with clock.frozen_at(SELECTED):
        yield


def _mail_to(user) -> list[Notification]:  # type: ignore[no-untyped-def]
    return list(
        db.session.scalars(select(Notification).where(Notification.recipient_id == user.id))
    )


def _events(action: str) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.action == action)))


def _inputs(rows: list[dict]) -> list[TaskInput]:  # type: ignore[type-arg]
    return [TaskInput(**row) for row in rows]


# --- creation from a proposal ---------------------------------------------------------------------


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
    (event,) = _events("partnership.created")
    assert event.record_id == partnership.id and event.details["proposal"] == proposal.reference
    (mail,) = _mail_to(member)
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


# --- historical partnerships ----------------------------------------------------------------------


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
    assert _events("partnership.recorded")


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


# --- the plan -------------------------------------------------------------------------------------


def test_members_save_a_draft_plan_with_numbered_tasks(frozen) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    plan = make_plan(partnership, tasks=[])
    rows = task_rows(partnership, 3)
    blank = TaskInput(None, None, "", "", "", None)
    plans.save_plan(
        plan,
        body="Overview",
        tasks=[*_inputs(rows[::-1]), blank],
        actor=member,
        version=plan.version,
    )
    assert [(t.pilot_year, t.number) for t in plan.tasks] == [(1, 1), (1, 2), (1, 3)]
    assert plan.body == "Overview" and plan.version > 1
    # Saving the same numbers again replaces the rows without tripping their unique key.
    plans.save_plan(plan, body="Overview", tasks=_inputs(rows), actor=member)
    assert len(plan.tasks) == 3


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"due_on": date(2029, 8, 2)}, "due_on", "within the pilot"),
        ({"due_on": date(2026, 7, 31)}, "due_on", "within the pilot"),
        ({"pilot_year": 4}, "pilot_year", "1, 2 or 3"),
        ({"number": 0}, "number", "Number the task"),
        ({"title_en": "", "title_zh": ""}, "title_en", "title"),
    ],
)
def test_bad_tasks_are_refused_and_nothing_is_saved(frozen, change, field, message) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    plan = make_plan(partnership)
    rows = task_rows(partnership, 2)
    rows[1].update(change)
    with pytest.raises(plans.PlanTaskError, match=message) as refused:
        plans.save_plan(plan, body="changed", tasks=_inputs(rows), actor=member)
    assert (refused.value.row, refused.value.field) == (1, field)
    db.session.rollback()
    assert plan.body == "" and len(plan.tasks) == 2


def test_two_tasks_with_one_number_are_refused(frozen) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    plan = make_plan(partnership)
    rows = task_rows(partnership, 2)
    rows[1]["number"] = 1
    with pytest.raises(ServiceError, match=r"1\.1 appears twice"):
        plans.save_plan(plan, body="", tasks=_inputs(rows), actor=member)


def test_a_stale_save_is_refused(frozen) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    plan = make_plan(partnership)
    with pytest.raises(ServiceError, match="Someone else saved this plan"):
        plans.save_plan(plan, body="x", tasks=[], actor=member, version=plan.version + 1)


def test_submission_needs_complete_tasks(frozen) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    plan = make_plan(partnership, tasks=[])
    with pytest.raises(ServiceError, match="at least one task"):
        plans.submit_plan(plan, actor=member)
    rows = task_rows(partnership, 1)
    rows[0]["target"] = ""
    plans.save_plan(plan, body="", tasks=_inputs(rows), actor=member)
    with pytest.raises(ServiceError, match=r"Task 1\.1: State a measurable target"):
        plans.submit_plan(plan, actor=member)
    assert plan.state == PlanState.DRAFT


def test_submit_then_approve_makes_the_tasks_milestones(frozen) -> None:  # type: ignore[no-untyped-def]
    member, chair_us, chair_cn = make_user(), make_user(Role.CHAIR), make_user(Role.CHAIR)
    partnership = make_partnership(member)
    plan = make_plan(partnership)

    plans.submit_plan(plan, actor=member)
    assert plan.state == PlanState.SUBMITTED and plan.submitted_at == SELECTED
    assert len(_mail_to(chair_us)) == 1 and len(_mail_to(chair_cn)) == 1
    # Editing a plan the chairs are deciding on is refused, with a clear message.
    with pytest.raises(ServiceError, match="with the Secretariat for approval"):
        plans.save_plan(plan, body="sneaky", tasks=[], actor=member)
    with pytest.raises(ServiceError, match="with the Secretariat"):
        plans.start_plan_version(partnership, actor=member)

    plans.approve_plan(plan, actor=chair_us, comments="Good plan.")
    assert plan.state == PlanState.APPROVED and plan.approved_by_id == chair_us.id
    assert [(m.pilot_year, m.number, m.title_en, m.status) for m in partnership.milestones] == [
        (1, 1, "Task 1", MilestoneStatus.PLANNED),
        (1, 2, "Task 2", MilestoneStatus.PLANNED),
    ]
    assert queries.plan_in_force(partnership) is plan
    assert _events("plan.approved")[0].details["milestones"]["created"] == ["1.1", "1.2"]
    assert any("approved" in m.subject for m in _mail_to(member))
    with pytest.raises(ServiceError, match="propose an amendment"):
        plans.save_plan(plan, body="", tasks=[], actor=member)


def test_a_returned_plan_is_kept_and_revised_in_a_new_version(frozen) -> None:  # type: ignore[no-untyped-def]
    member, chair = make_user(), make_user(Role.CHAIR)
    partnership = make_partnership(member)
    plan = make_plan(partnership)
    plans.submit_plan(plan, actor=member)
    with pytest.raises(ServiceError) as refused:
        plans.return_plan(plan, actor=chair, comments="  ")
    assert refused.value.field == "comments"
    plans.return_plan(plan, actor=chair, comments="Add a year-3 task.")
    assert plan.state == PlanState.RETURNED and plan.chair_comments == "Add a year-3 task."
    assert any("returned" in m.subject for m in _mail_to(member))

    revision = plans.start_plan_version(partnership, actor=member)
    assert revision.version_number == 2 and not revision.is_amendment
    assert revision.approval_due_on == plan.approval_due_on
    assert [(t.pilot_year, t.number) for t in revision.tasks] == [(1, 1), (1, 2)]
    assert [p.state for p in partnership.plans] == [PlanState.RETURNED, PlanState.DRAFT]
    with pytest.raises(ServiceError, match="still a draft"):
        plans.start_plan_version(partnership, actor=member)


def test_an_amendment_updates_milestones_by_number_and_keeps_progress(frozen) -> None:  # type: ignore[no-untyped-def]
    member, chair = make_user(), make_user(Role.CHAIR)
    partnership = make_partnership(member)
    first = make_plan(partnership, tasks=task_rows(partnership, 3))
    plans.submit_plan(first, actor=member)
    plans.approve_plan(first, actor=chair)
    one, two, three = partnership.milestones
    milestones.report_milestone(
        two,
        status=MilestoneStatus.DONE,
        evidence="Report",
        status_on=date(2026, 8, 1),
        key_accomplishment=True,
        actor=member,
    )
    milestones.report_milestone(
        one,
        status=MilestoneStatus.IN_PROGRESS,
        evidence="Half",
        status_on=date(2026, 8, 1),
        key_accomplishment=False,
        actor=member,
    )

    amendment = plans.start_plan_version(partnership, actor=member)
    assert amendment.is_amendment and amendment.draft_due_on is None
    rows = task_rows(partnership, 1)  # keeps 1.1, removes 1.2 (done) and 1.3 (open)
    rows[0]["due_on"] = date(2027, 3, 1)
    rows.append({**rows[0], "pilot_year": 2, "number": 1, "title_en": "New year-2 task"})
    plans.save_plan(amendment, body="", tasks=_inputs(rows), actor=member)
    plans.submit_plan(amendment, actor=member)
    plans.approve_plan(amendment, actor=chair)

    assert one.due_on == date(2027, 3, 1) and one.status == MilestoneStatus.IN_PROGRESS
    assert two.status == MilestoneStatus.DONE and two.is_key_accomplishment
    assert three.status == MilestoneStatus.DROPPED and "version 2" in three.evidence
    assert [(m.pilot_year, m.number) for m in partnership.milestones][-1] == (2, 1)
    assert queries.plan_in_force(partnership) is amendment
    assert [p.version_number for p in partnership.plans] == [1, 2]  # every version kept
    assert first.state == PlanState.APPROVED and len(first.tasks) == 3


def test_an_amendment_of_a_plan_recorded_without_tasks_starts_from_the_milestones(frozen) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    make_plan(partnership, state=PlanState.APPROVED, tasks=[], body="1.1 Install monitors")
    make_milestone(partnership)
    make_milestone(partnership, status=MilestoneStatus.DROPPED)
    amendment = plans.start_plan_version(partnership, actor=member)
    assert [(t.pilot_year, t.number, t.title_en) for t in amendment.tasks] == [
        (1, 1, "Install monitors")
    ]


def test_plan_deadlines_follow_the_30_and_60_day_rules() -> None:
    with clock.frozen_at(SELECTED):
        member = make_user()
        partnership = make_partnership(member)
        plan = make_plan(partnership)
    assert queries.plan_status(partnership, date(2026, 8, 31)).due_on == date(2026, 8, 31)
    assert not queries.plan_status(partnership, date(2026, 8, 31)).is_overdue
    assert queries.plan_status(partnership, date(2026, 9, 1)).is_overdue
    with clock.frozen_at(datetime(2026, 9, 2, tzinfo=UTC)):
        plans.submit_plan(plan, actor=member)
    status = queries.plan_status(partnership, date(2026, 9, 30))
    assert (status.key, status.due_on, status.is_overdue) == ("submitted", date(2026, 9, 30), False)
    assert queries.plan_status(partnership, date(2026, 10, 1)).is_overdue
    with clock.frozen_at(datetime(2026, 9, 3, tzinfo=UTC)):
        plans.return_plan(plan, actor=make_user(Role.CHAIR), comments="More detail")
        plans.start_plan_version(partnership, actor=member)
    # After a return, the revision works to the 60-day deadline.
    assert queries.plan_status(partnership, date(2026, 9, 10)).key == "draft"
    assert queries.plan_status(partnership, date(2026, 9, 10)).due_on == date(2026, 9, 30)


# --- milestones -----------------------------------------------------------------------------------


def test_a_done_milestone_needs_evidence_and_can_be_featured(frozen) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member, starts_on=date(2026, 1, 1))
    milestone = make_milestone(partnership)
    with pytest.raises(ServiceError) as refused:
        milestones.report_milestone(
            milestone,
            status=MilestoneStatus.DONE,
            evidence=" ",
            status_on=date(2026, 7, 1),
            key_accomplishment=False,
            actor=member,
        )
    assert refused.value.field == "evidence"
    milestones.report_milestone(
        milestone,
        status=MilestoneStatus.DONE,
        evidence="12 monitors online",
        status_on=date(2026, 7, 1),
        key_accomplishment=True,
        actor=member,
    )
    assert milestone.completed_on == date(2026, 7, 1) and milestone.is_key_accomplishment
    (event,) = _events("milestone.reported")
    assert event.details["after"]["status"] == "done"
    assert milestones.milestone_history(milestone) == [event]
    # Reopening clears the completion date; the feature requires "done".
    with pytest.raises(ServiceError) as refused:
        milestones.report_milestone(
            milestone,
            status=MilestoneStatus.DELAYED,
            evidence="",
            status_on=date(2026, 7, 2),
            key_accomplishment=True,
            actor=member,
        )
    assert refused.value.field == "key_accomplishment"
    milestones.report_milestone(
        milestone,
        status=MilestoneStatus.DELAYED,
        evidence="Two failed",
        status_on=date(2026, 7, 2),
        key_accomplishment=False,
        actor=member,
    )
    assert milestone.completed_on is None and not milestone.is_key_accomplishment


@pytest.mark.parametrize(
    ("status_on", "message"),
    [
        (date(2026, 8, 2), "future"),
        (date(2025, 12, 31), "within the pilot"),
        (None, "Give the date"),
    ],
)
def test_milestone_report_dates_must_be_real(frozen, status_on, message) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member, starts_on=date(2026, 1, 1))
    milestone = make_milestone(partnership)
    with pytest.raises(ServiceError, match=message):
        milestones.report_milestone(
            milestone,
            status=MilestoneStatus.IN_PROGRESS,
            evidence="",
            status_on=status_on,
            key_accomplishment=False,
            actor=member,
        )


def test_overdue_milestones_and_progress_per_pilot_year() -> None:
    with clock.frozen_at(datetime(2026, 1, 1, tzinfo=UTC)):
        partnership = make_partnership()
    late = make_milestone(partnership, due_on=date(2026, 3, 1))
    make_milestone(partnership, due_on=date(2026, 4, 1), status=MilestoneStatus.DONE)
    make_milestone(partnership, due_on=date(2026, 2, 1), status=MilestoneStatus.DROPPED)
    make_milestone(partnership, pilot_year=2, number=1, due_on=date(2027, 6, 1))
    assert not schedule.is_overdue(late, date(2026, 3, 1))
    assert schedule.is_overdue(late, date(2026, 3, 2))
    assert queries.overdue_milestones(partnership, date(2026, 5, 1)) == [late]
    year1, year2, year3 = queries.progress_by_year(partnership, date(2026, 5, 1))
    assert (year1.done, year1.counted, year1.overdue, year1.percent) == (1, 2, 1, 50)
    assert (year2.done, year2.counted, year3.counted) == (0, 1, 0)
    assert (year1.starts_on, year1.ends_on) == (date(2026, 1, 1), date(2026, 12, 31))
    assert year3.ends_on == date(2029, 1, 1)
    assert schedule.current_pilot_year(partnership, date(2027, 1, 1)) == 2
    assert schedule.current_pilot_year(partnership, date(2029, 1, 2)) is None


# --- the 6-month rule, graduation, classes --------------------------------------------------------


def test_a_partnership_silent_for_six_months_is_flagged() -> None:
    with clock.frozen_at(datetime(2026, 1, 15, tzinfo=UTC)):
        partnership = make_partnership()
    assert schedule.update_due_on(partnership, None) == date(2026, 7, 15)
    make_update(
        partnership, state=UpdateState.PUBLISHED, published_at=datetime(2026, 3, 31, 9, tzinfo=UTC)
    )
    make_update(partnership, state=UpdateState.SUBMITTED)  # not published: does not count
    last = queries.last_public_update_at(partnership)
    assert last == datetime(2026, 3, 31, 9, tzinfo=UTC)
    assert schedule.update_due_on(partnership, last) == date(2026, 9, 30)
    assert not schedule.is_silent(partnership, last, date(2026, 9, 29))
    assert schedule.is_silent(partnership, last, date(2026, 9, 30))
    (row,) = [
        r
        for r in dashboard.dashboard_rows(dashboard.DashboardFilters(), date(2026, 10, 1))
        if r.partnership is partnership
    ]
    assert row.is_silent and row.last_update_at == last


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
        assert any("graduating" in m.subject for m in _mail_to(member))
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
    assert _events("partnership.withdrawn")


def test_each_year_lists_its_incoming_and_graduating_class() -> None:
    with clock.frozen_at(datetime(2026, 8, 1, tzinfo=UTC)):
        graduated = make_partnership(
            starts_on=date(2011, 5, 1), cohort_year=2011, status=PartnershipStatus.GRADUATED
        )
        active = make_partnership(cohort_year=2026)
    years = {year.year: year for year in dashboard.classes_by_year()}
    assert graduated in years[2011].incoming and graduated in years[2014].graduating
    assert active in years[2026].incoming and active in years[2029].due_to_graduate


# --- the chairs' dashboard ------------------------------------------------------------------------


def test_dashboard_filters_by_cohort_side_and_status(frozen) -> None:  # type: ignore[no-untyped-def]
    us_led = make_partnership(cohort_year=2026)
    cn_led = make_partnership(cohort_year=2025)
    for participant in cn_led.participants:
        participant.role = (
            ParticipantRole.LEAD
            if participant.organization.country == Country.CN
            else ParticipantRole.PARTNER
        )
    old = make_partnership(
        starts_on=date(2012, 1, 1), cohort_year=2012, status=PartnershipStatus.GRADUATED
    )
    make_plan(us_led)
    make_milestone(us_led, due_on=date(2026, 7, 1), title_en="Late")  # overdue on 1 August
    db.session.flush()

    def shown(**filters):  # type: ignore[no-untyped-def]
        return {
            r.partnership for r in dashboard.dashboard_rows(dashboard.DashboardFilters(**filters))
        }

    assert {us_led, cn_led, old} <= shown()
    assert shown(cohort_year=2026) == {us_led}
    assert cn_led in shown(side=Country.CN) and us_led not in shown(side=Country.CN)
    assert old in shown(status=PartnershipStatus.GRADUATED) and us_led not in shown(
        status=PartnershipStatus.GRADUATED
    )
    (row,) = dashboard.dashboard_rows(dashboard.DashboardFilters(cohort_year=2026))
    assert (
        row.overdue_milestones == 1 and row.plan.key == "draft" and row.lead_country == Country.US
    )
    assert db.session.scalar(select(func.count(Partnership.id))) >= 3
