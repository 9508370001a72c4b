"""Internal (signed-in) reads about partnerships: who takes part, which partnerships a user is
in, the plan's versions and where the plan stands, progress by pilot year and the agenda.

What the public may see of a partnership is decided in the public read model, not here.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import contains_eager, selectinload

from app import clock
from app.accounts.models import User
from app.extensions import db
from app.organizations.models import Country, Organization, OrganizationMember
from app.partnerships.models import (
    ImplementationPlan,
    Milestone,
    MilestoneStatus,
    Partnership,
    PartnershipParticipant,
    PartnershipStatus,
    PlanState,
)
from app.partnerships.schedule import (
    MILESTONE_REMINDER_DAYS,
    OPEN_MILESTONE_STATES,
    PILOT_YEARS,
    is_graduation_due,
    is_overdue,
    pilot_year_bounds,
    update_due_on,
)
from app.proposals.models import ParticipantRole
from app.states import Labelled, Tone
from app.updates.models import ProgressUpdate


def partnership_members(partnership: Partnership) -> list[User]:
    """Active users who belong to an organization taking part, by name."""
    return list(
        db.session.scalars(
            select(User)
            .join(OrganizationMember, OrganizationMember.user_id == User.id)
            .join(
                PartnershipParticipant,
                PartnershipParticipant.organization_id == OrganizationMember.organization_id,
            )
            .where(
                PartnershipParticipant.partnership_id == partnership.id,
                User.is_active.is_(True),
            )
            .distinct()
            .order_by(User.display_name, User.id)
        )
    )


def _partnerships_of(user: User) -> Select[Partnership]:
    return (
        select(Partnership)
        .where(
            Partnership.id.in_(
                select(PartnershipParticipant.partnership_id)
                .join(
                    OrganizationMember,
                    OrganizationMember.organization_id == PartnershipParticipant.organization_id,
                )
                .where(OrganizationMember.user_id == user.id)
            )
        )
        .order_by(
            (Partnership.status == PartnershipStatus.ACTIVE).desc(),
            Partnership.cohort_year.desc(),
            Partnership.name_en,
        )
    )


def partnerships_of(user: User) -> list[Partnership]:
    """The partnerships an organization of `user` takes part in; active ones first, newest first."""
    return list(db.session.scalars(_partnerships_of(user)))


def organizations_in(country: Country) -> list[Organization]:
    """Every registered organization of one country, by English name (the chairs' pickers)."""
    return list(
        db.session.scalars(
            select(Organization)
            .where(Organization.country == country)
            .order_by(Organization.name_en)
        )
    )


def lead_countries(partnership_ids: Collection[int]) -> dict[int, Country]:
    """Partnership id → its lead organization's country (those with a lead), in one query."""
    if not partnership_ids:
        return {}
    return {
        partnership_id: country
        for partnership_id, country in db.session.execute(
            select(PartnershipParticipant.partnership_id, Organization.country)
            .join(Organization, Organization.id == PartnershipParticipant.organization_id)
            .where(
                PartnershipParticipant.partnership_id.in_(partnership_ids),
                PartnershipParticipant.role == ParticipantRole.LEAD,
            )
        )
    }


def latest_plan(partnership: Partnership) -> ImplementationPlan | None:
    """The newest version of the plan, whatever its state."""
    return partnership.plans[-1] if partnership.plans else None


def plan_in_force(partnership: Partnership) -> ImplementationPlan | None:
    """The newest approved version: the work plan the partnership follows."""
    approved = [p for p in partnership.plans if p.state == PlanState.APPROVED]
    return approved[-1] if approved else None


def plan_version(partnership: Partnership, version_number: int) -> ImplementationPlan | None:
    """One version of the plan, or None."""
    return next((p for p in partnership.plans if p.version_number == version_number), None)


class PlanStanding(Labelled):
    """Where a partnership's plan stands: no plan yet, or its newest version's state, told
    apart for an amendment until it is approved (an approved amendment is the plan in force)."""

    NONE = "none", _l("No plan yet"), Tone.NEUTRAL
    DRAFT = "draft", _l("Draft"), Tone.NEUTRAL
    SUBMITTED = "submitted", _l("Submitted for approval"), Tone.WAITING
    RETURNED = "returned", _l("Returned with comments"), Tone.PROBLEM
    APPROVED = "approved", _l("Approved"), Tone.GOOD
    AMENDMENT_DRAFT = "amendment_draft", _l("Amendment in draft"), Tone.NEUTRAL
    AMENDMENT_SUBMITTED = (
        "amendment_submitted",
        _l("Amendment submitted for approval"),
        Tone.WAITING,
    )
    AMENDMENT_RETURNED = "amendment_returned", _l("Amendment returned with comments"), Tone.PROBLEM


def plan_standing(plan: ImplementationPlan | None) -> PlanStanding:
    """The standing a version of the plan gives (the newest version: the partnership's)."""
    if plan is None:
        return PlanStanding.NONE
    if plan.is_amendment and plan.state != PlanState.APPROVED:
        return PlanStanding(f"amendment_{plan.state}")
    return PlanStanding(plan.state)


@dataclass(frozen=True)
class PlanStatus:
    """Where the plan stands, for a badge and a due date."""

    key: PlanStanding
    due_on: date | None = None  # the date the next step is due (first plan only)
    is_overdue: bool = False
    plan: ImplementationPlan | None = None


def plan_status(partnership: Partnership, on: date | None = None) -> PlanStatus:
    """The plan's state and, until a first version is approved, the 30/60-day deadlines."""
    on = on or clock.today()
    plan = latest_plan(partnership)
    if plan is None or plan.state == PlanState.APPROVED:
        return PlanStatus(plan_standing(plan), plan=plan)
    due = None
    if not plan.is_amendment:
        # Until a first version reaches the Secretariat the 30-day draft deadline runs; from
        # then on (returns and revisions included) the 60-day approval deadline does.
        sent = any(p.submitted_at is not None for p in partnership.plans)
        due = plan.approval_due_on if sent else plan.draft_due_on
    overdue = due is not None and on > due and partnership.status == PartnershipStatus.ACTIVE
    return PlanStatus(plan_standing(plan), due_on=due, is_overdue=overdue, plan=plan)


def overdue_milestones(partnership: Partnership, on: date | None = None) -> list[Milestone]:
    """The partnership's open milestones past their due date."""
    return [m for m in partnership.milestones if is_overdue(m, on)]


def overdue_milestone_counts(partnership_ids: Collection[int], on: date) -> dict[int, int]:
    """Partnership id → how many of its milestones are overdue on `on`: `schedule.is_overdue`
    (open, past its due date) counted in SQL, one partnership at a time so that each count reads
    the partnership's own milestones by index, whatever the planner knows of the table."""
    if not partnership_ids:
        return {}
    overdue = (
        select(func.count(Milestone.id))
        .where(
            Milestone.partnership_id == Partnership.id,
            Milestone.status.in_(OPEN_MILESTONE_STATES),
            Milestone.due_on < on,
        )
        .correlate(Partnership)
        .scalar_subquery()
    )
    return dict(
        db.session.execute(
            select(Partnership.id, overdue).where(Partnership.id.in_(partnership_ids))
        ).all()
    )


def plans_awaiting_approval() -> list[ImplementationPlan]:
    """Plans whose newest version waits for the Secretariat's approval, partnerships loaded,
    by partnership name."""
    newest = (
        select(func.max(ImplementationPlan.version_number))
        .where(ImplementationPlan.partnership_id == Partnership.id)
        .correlate(Partnership)
        .scalar_subquery()
    )
    return list(
        db.session.scalars(
            select(ImplementationPlan)
            .join(Partnership, Partnership.id == ImplementationPlan.partnership_id)
            .where(
                ImplementationPlan.state == PlanState.SUBMITTED,
                ImplementationPlan.version_number == newest,
            )
            .options(contains_eager(ImplementationPlan.partnership))
            .order_by(Partnership.name_en, Partnership.id)
        )
    )


@dataclass(frozen=True)
class YearProgress:
    """Progress of one pilot year: done milestones out of those still counted (not dropped)."""

    year: int
    starts_on: date
    ends_on: date
    milestones: list[Milestone]
    done: int
    counted: int
    overdue: int

    @property
    def percent(self) -> int:
        """Share done, 0–100."""
        return round(100 * self.done / self.counted) if self.counted else 0


def progress_by_year(partnership: Partnership, on: date | None = None) -> list[YearProgress]:
    """Milestones grouped by pilot year, with what is done and what is overdue."""
    on = on or clock.today()
    years = []
    for year in range(1, PILOT_YEARS + 1):
        items = [m for m in partnership.milestones if m.pilot_year == year]
        starts_on, ends_on = pilot_year_bounds(partnership, year)
        years.append(
            YearProgress(
                year=year,
                starts_on=starts_on,
                ends_on=ends_on,
                milestones=items,
                done=sum(m.status == MilestoneStatus.DONE for m in items),
                counted=sum(m.status != MilestoneStatus.DROPPED for m in items),
                overdue=sum(is_overdue(m, on) for m in items),
            )
        )
    return years


def last_public_update_times(partnership_ids: Collection[int]) -> dict[int, datetime]:
    """Partnership id → when its newest public update was published (those with one), read
    one partnership at a time from ``ix_progress_update_partnership_public``."""
    if not partnership_ids:
        return {}
    newest = (
        select(func.max(ProgressUpdate.published_at))
        .where(
            ProgressUpdate.partnership_id == Partnership.id, ProgressUpdate.is_published_publicly
        )
        .correlate(Partnership)
        .scalar_subquery()
    )
    return {
        partnership_id: published_at
        for partnership_id, published_at in db.session.execute(
            select(Partnership.id, newest).where(Partnership.id.in_(partnership_ids))
        )
        if published_at is not None
    }


def last_public_update_at(partnership: Partnership) -> datetime | None:
    """When the partnership's newest public update was published."""
    return db.session.scalar(
        select(func.max(ProgressUpdate.published_at)).where(
            ProgressUpdate.partnership_id == partnership.id,
            ProgressUpdate.is_published_publicly,
        )
    )


@dataclass(frozen=True)
class AgendaItem:
    """Something a partnership has to do, and by when."""

    kind: str  # plan_draft | plan_approval | plan_returned | milestone | update | graduation
    due_on: date | None
    is_overdue: bool
    milestone: Milestone | None = None


def agenda(partnership: Partnership, on: date | None = None) -> list[AgendaItem]:
    """What is due for an active partnership: the plan, milestones within 14 days or overdue,
    the next public update. Soonest first."""
    return agenda_given(partnership, last_public_update_at(partnership), on)


# Partnerships, each with its agenda (`agendas_of`).
Agendas = list[tuple[Partnership, list[AgendaItem]]]


def agendas_of(user: User, on: date | None = None) -> Agendas:
    """`partnerships_of(user)`, each with its `agenda`: the same few queries for one
    partnership or fifty."""
    partnerships = list(
        db.session.scalars(
            _partnerships_of(user).options(
                selectinload(Partnership.plans), selectinload(Partnership.milestones)
            )
        )
    )
    last = last_public_update_times([p.id for p in partnerships])
    return [(p, agenda_given(p, last.get(p.id), on)) for p in partnerships]


def agenda_given(
    partnership: Partnership, last_published: datetime | None, on: date | None = None
) -> list[AgendaItem]:
    """`agenda`, given when the partnership's last public update was published (read for many
    partnerships at once by `last_public_update_times`)."""
    on = on or clock.today()
    if partnership.status != PartnershipStatus.ACTIVE:
        return []
    items: list[AgendaItem] = []
    status = plan_status(partnership, on)
    if status.plan is not None and status.plan.state == PlanState.DRAFT:
        items.append(AgendaItem("plan_draft", status.due_on, status.is_overdue))
    elif status.plan is not None and status.plan.state == PlanState.RETURNED:
        items.append(AgendaItem("plan_returned", status.due_on, status.is_overdue))
    elif status.plan is not None and status.plan.state == PlanState.SUBMITTED:
        items.append(AgendaItem("plan_approval", status.due_on, status.is_overdue))
    horizon = on + timedelta(days=MILESTONE_REMINDER_DAYS)
    for milestone in partnership.milestones:
        if milestone.status in OPEN_MILESTONE_STATES and milestone.due_on <= horizon:
            items.append(
                AgendaItem("milestone", milestone.due_on, milestone.due_on < on, milestone)
            )
    due = update_due_on(partnership, last_published)
    items.append(AgendaItem("update", due, on >= due))
    if is_graduation_due(partnership, on):
        items.append(AgendaItem("graduation", partnership.pilot_ends_on, False))
    return sorted(items, key=lambda item: (item.due_on or date.max, item.kind))
