"""The Implementation Plan: drafts and their tasks, submission, approval and return, revisions
and amendments, the 30/60-day deadlines."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app import clock
from app.accounts.models import Role
from app.errors import ServiceError
from app.extensions import db
from app.partnerships import milestones, plans, queries
from app.partnerships.models import (
    MilestoneStatus,
    PlanState,
)
from app.partnerships.plans import TaskInput
from tests.factories import make_user
from tests.partnerships.factories import (
    SELECTED,
    events_of,
    mail_to,
    make_milestone,
    make_partnership,
    make_plan,
    task_inputs,
    task_rows,
)


def test_members_save_a_draft_plan_with_numbered_tasks(frozen) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    partnership = make_partnership(member)
    plan = make_plan(partnership, tasks=[])
    rows = task_rows(partnership, 3)
    blank = TaskInput(None, None, "", "", "", None)
    plans.save_plan(
        plan,
        body="Overview",
        tasks=[*task_inputs(rows[::-1]), blank],
        actor=member,
        version=plan.version,
    )
    assert [(t.pilot_year, t.number) for t in plan.tasks] == [(1, 1), (1, 2), (1, 3)]
    assert plan.body == "Overview" and plan.version > 1
    # Saving the same numbers again replaces the rows without tripping their unique key.
    plans.save_plan(plan, body="Overview", tasks=task_inputs(rows), actor=member)
    assert len(plan.tasks) == 3


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"due_on": date(2029, 8, 2)}, "due_on", "within that year"),
        ({"due_on": date(2026, 7, 31)}, "due_on", "within that year"),
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
        plans.save_plan(plan, body="changed", tasks=task_inputs(rows), actor=member)
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
        plans.save_plan(plan, body="", tasks=task_inputs(rows), actor=member)


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
    plans.save_plan(plan, body="", tasks=task_inputs(rows), actor=member)
    with pytest.raises(ServiceError, match=r"Task 1\.1: State a measurable target"):
        plans.submit_plan(plan, actor=member)
    assert plan.state == PlanState.DRAFT


def test_submit_then_approve_makes_the_tasks_milestones(frozen) -> None:  # type: ignore[no-untyped-def]
    member, chair_us, chair_cn = make_user(), make_user(Role.CHAIR), make_user(Role.CHAIR)
    partnership = make_partnership(member)
    plan = make_plan(partnership)

    plans.submit_plan(plan, actor=member)
    assert plan.state == PlanState.SUBMITTED and plan.submitted_at == SELECTED
    assert len(mail_to(chair_us)) == 1 and len(mail_to(chair_cn)) == 1
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
    assert events_of("plan.approved")[0].details["milestones"]["created"] == ["1.1", "1.2"]
    assert any("approved" in m.subject for m in mail_to(member))
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
    assert any("returned" in m.subject for m in mail_to(member))

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
    rows.append(
        {
            **rows[0],
            "pilot_year": 2,
            "number": 1,
            "title_en": "New year-2 task",
            "due_on": date(2027, 10, 1),
        }
    )
    plans.save_plan(amendment, body="", tasks=task_inputs(rows), actor=member)
    plans.submit_plan(amendment, actor=member)
    plans.approve_plan(amendment, actor=chair)

    assert one.due_on == date(2027, 3, 1) and one.status == MilestoneStatus.IN_PROGRESS
    assert two.status == MilestoneStatus.DONE and two.is_key_accomplishment_pending
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


def test_a_task_is_due_within_its_own_pilot_year(frozen) -> None:  # type: ignore[no-untyped-def]
    """Pilot year 1 runs from 1 August 2026 to 31 July 2027: a task of year 1 due in August 2027
    is refused at its date, and the same date is right for a task of year 2."""
    member = make_user()
    partnership = make_partnership(member)
    plan = make_plan(partnership)
    rows = task_rows(partnership, 2)
    rows[1]["due_on"] = date(2027, 8, 15)
    with pytest.raises(plans.PlanTaskError, match="pilot year 1 is due within that year") as no:
        plans.save_plan(plan, body="", tasks=task_inputs(rows), actor=member)
    assert (no.value.row, no.value.field) == (1, "due_on")
    assert "2026-08-01 to 2027-07-31" in no.value.message
    assert plan.tasks and plan.body == ""  # refused before anything was changed
    rows[1]["due_on"] = date(2027, 7, 31)  # the last day of year 1
    plans.save_plan(plan, body="", tasks=task_inputs(rows), actor=member)
    rows[1].update(pilot_year=2, number=1, due_on=date(2027, 8, 15))
    plans.save_plan(plan, body="", tasks=task_inputs(rows), actor=member)
    assert [(t.pilot_year, t.due_on) for t in plan.tasks][-1] == (2, date(2027, 8, 15))
