"""Partnerships: factories for tests of partnerships, plans, milestones, updates and reminders."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select

from app import clock
from app.accounts.models import Language, User
from app.audit.models import Event
from app.extensions import db
from app.focus_areas import FocusArea
from app.notifications.models import Notification
from app.organizations.models import Country, Organization
from app.partnerships.models import (
    ImplementationPlan,
    Milestone,
    MilestoneStatus,
    Partnership,
    PartnershipFocusArea,
    PartnershipParticipant,
    PartnershipStatus,
    PlanState,
    PlanTask,
)
from app.partnerships.plans import TaskInput
from app.proposals.models import (
    Participant,
    ParticipantRole,
    ParticipantState,
    Proposal,
    ProposalFocusArea,
    ProposalState,
    WorkplanTask,
)
from app.solicitations.models import Solicitation, SolicitationStatus
from app.updates.models import ProgressUpdate, UpdateState, Visibility
from tests.factories import make_organization

_sequence = itertools.count(1)
_years = itertools.count(2300)


def make_partnership(
    *members: User,
    us: Organization | None = None,
    cn: Organization | None = None,
    status: PartnershipStatus = PartnershipStatus.ACTIVE,
    starts_on: date | None = None,
    cohort_year: int | None = None,
    **fields: Any,
) -> Partnership:
    """An active partnership (pilot from today, three years) between a U.S. organization whose
    members are `members` (the lead) and a Chinese one."""
    n = next(_sequence)
    us = us or make_organization(*members, country=Country.US, name_en=f"U.S. Org {n}")
    cn = cn or make_organization(country=Country.CN, name_en=f"Chinese Org {n}", name_zh=f"中方{n}")
    starts_on = starts_on or clock.now().date()
    partnership = Partnership(
        slug=fields.pop("slug", f"test-partnership-{n}"),
        cohort_year=cohort_year or starts_on.year,
        name_en=fields.pop("name_en", f"{us.name_en} – {cn.name_en}"),
        name_zh=fields.pop("name_zh", f"{us.name_zh}—{cn.name_zh}"),
        goal_en=fields.pop("goal_en", "Cleaner air in two cities."),
        pilot_starts_on=starts_on,
        pilot_ends_on=fields.pop("pilot_ends_on", starts_on.replace(year=starts_on.year + 3)),
        signed_on=fields.pop("signed_on", starts_on),
        status=status,
        participants=[
            PartnershipParticipant(organization_id=us.id, role=ParticipantRole.LEAD),
            PartnershipParticipant(organization_id=cn.id, role=ParticipantRole.PARTNER),
        ],
        focus_areas=[PartnershipFocusArea(focus_area=FocusArea.CLEAN_AIR)],
        **fields,
    )
    db.session.add(partnership)
    db.session.flush()
    return partnership


def task_rows(partnership: Partnership, count: int = 2) -> list[dict[str, Any]]:
    """Complete task values inside the pilot: 1.1, 1.2, … due a few months in."""
    return [
        {
            "pilot_year": 1,
            "number": i,
            "title_en": f"Task {i}",
            "title_zh": f"任务{i}",
            "target": f"Target {i} met",
            "due_on": partnership.pilot_starts_on + timedelta(days=90 * i),
        }
        for i in range(1, count + 1)
    ]


def make_plan(
    partnership: Partnership,
    state: PlanState = PlanState.DRAFT,
    tasks: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> ImplementationPlan:
    """A plan version (draft by default) with complete tasks, due 30/60 days after today."""
    now = clock.now()
    number = (partnership.plans[-1].version_number + 1) if partnership.plans else 1
    plan = ImplementationPlan(
        partnership_id=partnership.id,
        version_number=number,
        state=state,
        draft_due_on=fields.pop("draft_due_on", now.date() + timedelta(days=30)),
        approval_due_on=fields.pop("approval_due_on", now.date() + timedelta(days=60)),
        submitted_at=now if state != PlanState.DRAFT else None,
        approved_at=now if state == PlanState.APPROVED else None,
        returned_at=now if state == PlanState.RETURNED else None,
        tasks=[PlanTask(**row) for row in (task_rows(partnership) if tasks is None else tasks)],
        **fields,
    )
    partnership.plans.append(plan)
    db.session.flush()
    return plan


def make_milestone(
    partnership: Partnership,
    pilot_year: int = 1,
    number: int | None = None,
    due_on: date | None = None,
    status: MilestoneStatus = MilestoneStatus.PLANNED,
    *,
    key: bool = False,
    **fields: Any,
) -> Milestone:
    """A task of the work plan, due 60 days into the pilot unless told; `key=True` makes it a
    done Key Accomplishment."""
    if key:
        status = MilestoneStatus.DONE
    milestone = Milestone(
        partnership_id=partnership.id,
        pilot_year=pilot_year,
        number=number or (len(partnership.milestones) + 1),
        title_en=fields.pop("title_en", "Install monitors"),
        title_zh=fields.pop("title_zh", "安装监测设备"),
        target=fields.pop("target", "12 monitors reporting"),
        due_on=due_on or partnership.pilot_starts_on + timedelta(days=60),
        status=status,
        completed_on=fields.pop(
            "completed_on", clock.now().date() if status == MilestoneStatus.DONE else None
        ),
        is_key_accomplishment=fields.pop("is_key_accomplishment", key),
        **fields,
    )
    partnership.milestones.append(milestone)
    db.session.flush()
    return milestone


def make_update(
    partnership: Partnership,
    author: User | None = None,
    state: UpdateState = UpdateState.PUBLISHED,
    visibility: Visibility = Visibility.PUBLIC,
    published_at: datetime | None = None,
    **fields: Any,
) -> ProgressUpdate:
    """A progress update, published (now) and public unless said otherwise."""
    now = clock.now()
    update = ProgressUpdate(
        partnership_id=partnership.id,
        author_id=author.id if author else None,
        title=fields.pop("title", "Monitors are live"),
        body=fields.pop("body", "All **12** monitors report daily."),
        language=fields.pop("language", Language.EN),
        visibility=visibility,
        state=state,
        submitted_at=fields.pop("submitted_at", now if state != UpdateState.DRAFT else None),
        published_at=(published_at or now) if state == UpdateState.PUBLISHED else None,
        returned_at=now if state == UpdateState.RETURNED else None,
        **fields,
    )
    db.session.add(update)
    db.session.flush()
    return update


def make_selected_proposal(
    us: Organization,
    cn: Organization,
    *,
    extra: list[tuple[Organization, ParticipantState]] | None = None,
    year: int | None = None,
) -> Proposal:
    """A selected proposal led by `us` with `cn` confirmed, a three-task workplan and two focus
    areas, in a solicitation of its own year."""
    year = year or next(_years)
    solicitation = Solicitation(
        year=year,
        title_en=f"{year} solicitation",
        opens_at=datetime(year - 1, 1, 1, tzinfo=UTC),
        closes_at=datetime(year - 1, 5, 31, 15, 59, tzinfo=UTC),
        status=SolicitationStatus.DECISIONS_PUBLISHED,
    )
    db.session.add(solicitation)
    db.session.flush()
    n = next(_sequence)
    proposal = Proposal(
        solicitation_id=solicitation.id,
        lead_organization_id=us.id,
        reference=f"EP-{year}-{n:03d}",
        state=ProposalState.SELECTED,
        title_en="Low-cost air sensors for two cities",
        title_zh="两座城市的低成本空气传感器",
        summary_en="Two cities share a sensor network.",
        summary_zh="两座城市共享传感网络。",
        submitted_at=datetime(year - 1, 5, 1, tzinfo=UTC),
        participants=[
            Participant(
                organization_id=us.id, role=ParticipantRole.LEAD, state=ParticipantState.CONFIRMED
            ),
            Participant(
                organization_id=cn.id,
                role=ParticipantRole.PARTNER,
                state=ParticipantState.CONFIRMED,
            ),
            *(
                Participant(organization_id=org.id, role=ParticipantRole.PARTNER, state=state)
                for org, state in (extra or [])
            ),
        ],
        focus_areas=[
            ProposalFocusArea(focus_area=FocusArea.CLEAN_AIR),
            ProposalFocusArea(focus_area=FocusArea.LOW_CARBON_COMMUNITIES),
        ],
        tasks=[
            WorkplanTask(
                pilot_year=1,
                number=1,
                title_en="Install sensors",
                title_zh="安装传感器",
                target="24 sensors",
                due_month=date(year, 3, 1),
            ),
            WorkplanTask(
                pilot_year=1,
                number=2,
                title_en="Share data",
                title_zh="共享数据",
                target="Open data portal",
                due_month=date(year, 9, 1),
            ),
            WorkplanTask(
                pilot_year=2,
                number=1,
                title_en="Handbook",
                title_zh="手册",
                target="Bilingual handbook",
                due_month=None,
            ),
        ],
    )
    db.session.add(proposal)
    db.session.flush()
    return proposal


SELECTED = datetime(2026, 8, 1, 14, tzinfo=UTC)  # publication day of the decisions


def mail_to(user: User) -> list[Notification]:
    """The mail queued to `user`."""
    return list(
        db.session.scalars(select(Notification).where(Notification.recipient_id == user.id))
    )


def events_of(action: str) -> list[Event]:
    """The audit events of one action."""
    return list(db.session.scalars(select(Event).where(Event.action == action)))


def task_inputs(rows: list[dict[str, Any]]) -> list[TaskInput]:
    """Plan form rows as the plan operations take them."""
    return [TaskInput(**row) for row in rows]
