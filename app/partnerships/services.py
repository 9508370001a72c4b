"""Partnership operations: creation (at publication, or by hand for history), the implementation
plan and its versions, milestones, graduation, and the reminders that keep a pilot on schedule.

The program's rules live here, once: a draft plan is due 30 days after selection and approved
within 60; a plan's approved tasks are its milestones; a partnership sends a public update at
least every 6 months; a pilot lasts three years. Pages, the dashboard and ``send-reminders`` all
ask these functions, so they never disagree.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from app import clock
from app.accounts.models import Role, User, UserRole
from app.audit.models import Event
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.focus_areas import FocusArea
from app.notifications.services import queue_mail
from app.organizations.models import Country, Organization, OrganizationMember
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
    Reminder,
)
from app.proposals.models import ParticipantRole, ParticipantState, Proposal
from app.updates.models import ProgressUpdate, UpdateState, Visibility

PILOT_YEARS = 3
PLAN_DRAFT_DAYS = 30  # a draft Implementation Plan within 30 days of selection
PLAN_APPROVAL_DAYS = 60  # finalized with the Secretariat within 60 days
UPDATE_INTERVAL_MONTHS = 6  # a public progress update at least every 6 months
MILESTONE_REMINDER_DAYS = 14
UPDATE_REMINDER_DAYS = 14
PLAN_REMINDER_DAYS = 7

OPEN_MILESTONE_STATES = frozenset(
    {MilestoneStatus.PLANNED, MilestoneStatus.IN_PROGRESS, MilestoneStatus.DELAYED}
)

# Which plan states may become which, and by whose hand (members submit; chairs decide).
PLAN_TRANSITIONS: dict[PlanState, frozenset[PlanState]] = {
    PlanState.DRAFT: frozenset({PlanState.SUBMITTED}),
    PlanState.SUBMITTED: frozenset({PlanState.APPROVED, PlanState.RETURNED}),
    PlanState.APPROVED: frozenset(),
    PlanState.RETURNED: frozenset(),
}
PARTNERSHIP_TRANSITIONS: dict[PartnershipStatus, frozenset[PartnershipStatus]] = {
    PartnershipStatus.ACTIVE: frozenset({PartnershipStatus.GRADUATED, PartnershipStatus.WITHDRAWN}),
    PartnershipStatus.GRADUATED: frozenset(),
    PartnershipStatus.WITHDRAWN: frozenset(),
}

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


# --- dates ----------------------------------------------------------------------------------------


def today() -> date:
    """The program's current day (UTC), from the one clock."""
    return clock.now().date()


def add_months(day: date, months: int) -> date:
    """`day` plus whole calendar months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - 28 always exists


def add_years(day: date, years: int) -> date:
    """`day` plus whole years (29 February becomes 28 February)."""
    return add_months(day, 12 * years)


def _end_of_month(first_day: date) -> date:
    return add_months(first_day.replace(day=1), 1) - timedelta(days=1)


def pilot_year_bounds(partnership: Partnership, year: int) -> tuple[date, date]:
    """First and last day of pilot year `year` (1–3); the last year ends with the pilot."""
    start = add_years(partnership.pilot_starts_on, year - 1)
    if year >= PILOT_YEARS:
        return start, partnership.pilot_ends_on
    end = add_years(partnership.pilot_starts_on, year) - timedelta(days=1)
    return start, min(end, partnership.pilot_ends_on)


def current_pilot_year(partnership: Partnership, on: date | None = None) -> int | None:
    """Which pilot year `on` (default today) falls in, or None before or after the pilot."""
    on = on or today()
    if not partnership.pilot_starts_on <= on <= partnership.pilot_ends_on:
        return None
    for year in range(1, PILOT_YEARS + 1):
        if on <= pilot_year_bounds(partnership, year)[1]:
            return year
    return PILOT_YEARS


# --- who takes part -------------------------------------------------------------------------------


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


def chairs() -> list[User]:
    """Active co-chairs of both sides: they moderate updates and approve plans."""
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole)
            .where(UserRole.role == Role.CHAIR, User.is_active.is_(True))
            .order_by(User.id)
        )
    )


def partnerships_of(user: User) -> list[Partnership]:
    """The partnerships an organization of `user` takes part in; active ones first, newest first."""
    return list(
        db.session.scalars(
            select(Partnership)
            .where(
                Partnership.id.in_(
                    select(PartnershipParticipant.partnership_id)
                    .join(
                        OrganizationMember,
                        OrganizationMember.organization_id
                        == PartnershipParticipant.organization_id,
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
    )


def organizations_in(country: Country) -> list[Organization]:
    """Every registered organization of one country, by English name (the chairs' pickers)."""
    return list(
        db.session.scalars(
            select(Organization)
            .where(Organization.country == country)
            .order_by(Organization.name_en)
        )
    )


def lead_participant(partnership: Partnership) -> PartnershipParticipant | None:
    """The lead organization's participation."""
    return next((p for p in partnership.participants if p.role == ParticipantRole.LEAD), None)


def _notify(users: Iterable[User], kind: str, **context: Any) -> int:
    count = 0
    for user in users:
        queue_mail(kind, to=user, **context)
        count += 1
    return count


def _require_active(partnership: Partnership) -> None:
    if partnership.status != PartnershipStatus.ACTIVE:
        raise ServiceError(
            _l(
                "This partnership is %(status)s; its record is closed and can no longer be "
                "changed.",
                status=STATUS_WORDS[partnership.status],
            )
        )


STATUS_WORDS = {
    PartnershipStatus.ACTIVE: _l("active"),
    PartnershipStatus.GRADUATED: _l("graduated"),
    PartnershipStatus.WITHDRAWN: _l("withdrawn"),
}


# --- the plan and the schedule (reads) ------------------------------------------------------------


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


@dataclass(frozen=True)
class PlanStatus:
    """Where the plan stands, for a badge and a due date."""

    key: str  # none | draft | submitted | returned | approved | amendment_draft | ...
    due_on: date | None = None  # the date the next step is due (first plan only)
    is_overdue: bool = False
    plan: ImplementationPlan | None = None


def plan_status(partnership: Partnership, on: date | None = None) -> PlanStatus:
    """The plan's state and, until a first version is approved, the 30/60-day deadlines."""
    on = on or today()
    plan = latest_plan(partnership)
    if plan is None:
        return PlanStatus("none")
    prefix = "amendment_" if plan.is_amendment else ""
    if plan.state == PlanState.APPROVED:
        return PlanStatus("approved", plan=plan)
    due = None
    if not plan.is_amendment:
        # Until a first version reaches the Secretariat the 30-day draft deadline runs; from
        # then on (returns and revisions included) the 60-day approval deadline does.
        sent = any(p.submitted_at is not None for p in partnership.plans)
        due = plan.approval_due_on if sent else plan.draft_due_on
    overdue = due is not None and on > due and partnership.status == PartnershipStatus.ACTIVE
    return PlanStatus(prefix + str(plan.state), due_on=due, is_overdue=overdue, plan=plan)


def is_overdue(milestone: Milestone, on: date | None = None) -> bool:
    """A milestone still open after its due date."""
    return milestone.status in OPEN_MILESTONE_STATES and milestone.due_on < (on or today())


def overdue_milestones(partnership: Partnership, on: date | None = None) -> list[Milestone]:
    """The partnership's open milestones past their due date."""
    return [m for m in partnership.milestones if is_overdue(m, on)]


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
    on = on or today()
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


def last_public_update_at(partnership: Partnership) -> datetime | None:
    """When the partnership's newest public update was published."""
    return db.session.scalar(
        select(func.max(ProgressUpdate.published_at)).where(
            ProgressUpdate.partnership_id == partnership.id,
            ProgressUpdate.state == UpdateState.PUBLISHED,
            ProgressUpdate.visibility == Visibility.PUBLIC,
        )
    )


def update_due_on(partnership: Partnership, last_published: datetime | None) -> date:
    """Six months after the last published public update (or after the pilot began)."""
    since = last_published.date() if last_published else partnership.pilot_starts_on
    return add_months(since, UPDATE_INTERVAL_MONTHS)


def is_silent(
    partnership: Partnership, last_published: datetime | None, on: date | None = None
) -> bool:
    """An active partnership with no published public update for 6 months."""
    return partnership.status == PartnershipStatus.ACTIVE and (on or today()) >= update_due_on(
        partnership, last_published
    )


def is_graduation_due(partnership: Partnership, on: date | None = None) -> bool:
    """An active partnership whose pilot has ended waits for a chair to graduate it."""
    return partnership.status == PartnershipStatus.ACTIVE and (on or today()) > (
        partnership.pilot_ends_on
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
    on = on or today()
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
    due = update_due_on(partnership, last_public_update_at(partnership))
    items.append(AgendaItem("update", due, on >= due))
    if is_graduation_due(partnership, on):
        items.append(AgendaItem("graduation", partnership.pilot_ends_on, False))
    return sorted(items, key=lambda item: (item.due_on or date.max, item.kind))


# --- the chairs' dashboard and the classes --------------------------------------------------------


@dataclass(frozen=True)
class DashboardRow:
    """One partnership as the chairs see it."""

    partnership: Partnership
    lead_country: Country | None
    plan: PlanStatus
    overdue_milestones: int
    last_update_at: datetime | None
    update_due_on: date
    is_silent: bool
    is_graduation_due: bool


@dataclass(frozen=True)
class DashboardFilters:
    """What the chairs narrowed the dashboard to; None means all."""

    cohort_year: int | None = None
    side: Country | None = None
    status: PartnershipStatus | None = None


def dashboard_rows(filters: DashboardFilters, on: date | None = None) -> list[DashboardRow]:
    """Every partnership matching `filters`, active first, with what needs the chairs' eye.

    A handful of queries whatever the number of partnerships.
    """
    on = on or today()
    statement = (
        select(Partnership)
        .options(
            selectinload(Partnership.participants).selectinload(
                PartnershipParticipant.organization
            ),
            selectinload(Partnership.plans),
            selectinload(Partnership.milestones),
        )
        .order_by(
            (Partnership.status == PartnershipStatus.ACTIVE).desc(),
            Partnership.cohort_year.desc(),
            Partnership.name_en,
        )
    )
    if filters.cohort_year is not None:
        statement = statement.where(Partnership.cohort_year == filters.cohort_year)
    if filters.status is not None:
        statement = statement.where(Partnership.status == filters.status)
    if filters.side is not None:
        statement = statement.where(
            Partnership.id.in_(
                select(PartnershipParticipant.partnership_id)
                .join(Organization, Organization.id == PartnershipParticipant.organization_id)
                .where(
                    PartnershipParticipant.role == ParticipantRole.LEAD,
                    Organization.country == filters.side,
                )
            )
        )
    partnerships = list(db.session.scalars(statement))
    last_updates = dict(
        db.session.execute(
            select(ProgressUpdate.partnership_id, func.max(ProgressUpdate.published_at))
            .where(
                ProgressUpdate.state == UpdateState.PUBLISHED,
                ProgressUpdate.visibility == Visibility.PUBLIC,
            )
            .group_by(ProgressUpdate.partnership_id)
        ).all()
    )
    rows = []
    for partnership in partnerships:
        lead = lead_participant(partnership)
        last = last_updates.get(partnership.id)
        rows.append(
            DashboardRow(
                partnership=partnership,
                lead_country=lead.organization.country if lead else None,
                plan=plan_status(partnership, on),
                overdue_milestones=len(overdue_milestones(partnership, on))
                if partnership.status == PartnershipStatus.ACTIVE
                else 0,
                last_update_at=last,
                update_due_on=update_due_on(partnership, last),
                is_silent=is_silent(partnership, last, on),
                is_graduation_due=is_graduation_due(partnership, on),
            )
        )
    return rows


def cohort_years() -> list[int]:
    """Every cohort year, newest first (for the dashboard's filter)."""
    return list(
        db.session.scalars(
            select(Partnership.cohort_year).distinct().order_by(Partnership.cohort_year.desc())
        )
    )


@dataclass
class YearClass:
    """A year's incoming class (its cohort) and its graduating class."""

    year: int
    incoming: list[Partnership] = field(default_factory=list)
    graduating: list[Partnership] = field(default_factory=list)
    due_to_graduate: list[Partnership] = field(default_factory=list)  # active, pilot ends that year


def graduation_year(partnership: Partnership) -> int | None:
    """The year a graduated partnership graduated: the day a chair graduated it, or, for
    history loaded without one, the year its pilot ended."""
    if partnership.status != PartnershipStatus.GRADUATED:
        return None
    return (partnership.ended_on or partnership.pilot_ends_on).year


def classes_by_year() -> list[YearClass]:
    """Each year's incoming and graduating class, newest year first."""
    years: dict[int, YearClass] = {}
    partnerships = db.session.scalars(
        select(Partnership).order_by(Partnership.name_en, Partnership.id)
    )
    for partnership in partnerships:
        incoming = years.setdefault(partnership.cohort_year, YearClass(partnership.cohort_year))
        incoming.incoming.append(partnership)
        graduated = graduation_year(partnership)
        if graduated is not None:
            years.setdefault(graduated, YearClass(graduated)).graduating.append(partnership)
        elif partnership.status == PartnershipStatus.ACTIVE:
            year = partnership.pilot_ends_on.year
            years.setdefault(year, YearClass(year)).due_to_graduate.append(partnership)
    return [years[year] for year in sorted(years, reverse=True)]


# --- creating partnerships ------------------------------------------------------------------------


def _slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _short(slug: str, limit: int) -> str:
    if len(slug) <= limit:
        return slug
    return slug[:limit].rsplit("-", 1)[0] or slug[:limit]


def unique_slug(base: str) -> str:
    """`base` made URL-safe and unique among partnerships (…-2, …-3 when taken)."""
    stem = _short(_slugify(base) or "partnership", 100)
    taken = set(
        db.session.scalars(select(Partnership.slug).where(Partnership.slug.like(f"{stem}%")))
    )
    candidate, n = stem, 2
    while candidate in taken:
        candidate, n = f"{stem}-{n}", n + 1
    return candidate


def partnership_names(us: Organization, cn: Organization) -> tuple[str, str]:
    """The program's "U.S. organization – Chinese organization", in English and Chinese."""
    name_en = f"{us.name_en} – {cn.name_en}"[:300]
    name_zh = f"{us.name_zh or us.name_en}—{cn.name_zh or cn.name_en}"[:300]
    return name_en, name_zh


def _seed_plan(
    partnership: Partnership, proposal: Proposal, selected_on: date
) -> ImplementationPlan:
    plan = ImplementationPlan(
        version_number=1,
        state=PlanState.DRAFT,
        draft_due_on=selected_on + timedelta(days=PLAN_DRAFT_DAYS),
        approval_due_on=selected_on + timedelta(days=PLAN_APPROVAL_DAYS),
        tasks=[
            PlanTask(
                pilot_year=task.pilot_year,
                number=task.number,
                title_en=task.title_en,
                title_zh=task.title_zh,
                target=task.target,
                due_on=_end_of_month(task.due_month) if task.due_month else None,
            )
            for task in proposal.tasks
        ],
    )
    partnership.plans.append(plan)
    return plan


def create_partnership_from_proposal(
    proposal: Proposal, *, actor: User, signed_on: date | None = None
) -> Partnership:
    """Make the EcoPartnership of a selected proposal (the publication step calls this).

    Named "U.S. organization – Chinese organization" after the lead and its partner across the
    Pacific; its participants are the proposal's confirmed ones, its focus areas the proposal's;
    the pilot runs three years from the signing (or from today). A first Implementation Plan is
    drafted from the proposal's workplan, due in 30 days and to be approved within 60.
    """
    existing = db.session.scalar(select(Partnership).where(Partnership.proposal_id == proposal.id))
    if existing is not None:
        raise ServiceError(
            _l("Proposal %(reference)s already became a partnership.", reference=proposal.reference)
        )
    confirmed = [p for p in proposal.participants if p.state == ParticipantState.CONFIRMED]
    confirmed.sort(key=lambda p: (p.role != ParticipantRole.LEAD, p.id or 0))
    us = next((p.organization for p in confirmed if p.organization.country == Country.US), None)
    cn = next((p.organization for p in confirmed if p.organization.country == Country.CN), None)
    if us is None or cn is None:
        raise ServiceError(
            _l("A partnership needs a confirmed U.S. and a confirmed Chinese participant.")
        )
    selected_on = today()
    starts_on = signed_on or selected_on
    name_en, name_zh = partnership_names(us, cn)
    partnership = Partnership(
        slug=unique_slug(f"{proposal.solicitation.year} {us.name_en} {cn.name_en}"),
        proposal=proposal,
        cohort_year=proposal.solicitation.year,
        name_en=name_en,
        name_zh=name_zh,
        goal_en=proposal.title_en[:500],
        goal_zh=proposal.title_zh[:500],
        description_en=proposal.summary_en,
        description_zh=proposal.summary_zh,
        signed_on=signed_on,
        pilot_starts_on=starts_on,
        pilot_ends_on=add_years(starts_on, PILOT_YEARS),
        status=PartnershipStatus.ACTIVE,
        participants=[
            PartnershipParticipant(organization_id=p.organization_id, role=p.role)
            for p in confirmed
        ],
        focus_areas=[
            PartnershipFocusArea(focus_area=area.focus_area) for area in proposal.focus_areas
        ],
    )
    plan = _seed_plan(partnership, proposal, selected_on)
    db.session.add(partnership)
    db.session.flush()
    record_event(
        "partnership.created",
        partnership,
        actor=actor,
        proposal=proposal.reference,
        participants=[p.organization_id for p in confirmed],
        plan_tasks=len(plan.tasks),
    )
    _notify(
        partnership_members(partnership),
        "partnerships.created",
        partnership=partnership,
        plan=plan,
    )
    return partnership


def _organization(organization_id: Any, country: Country, field_name: str) -> Organization:
    organization = db.session.get(Organization, int(organization_id or 0))
    if organization is None or organization.country != country:
        message = (
            _l("Choose a U.S. organization.")
            if country == Country.US
            else _l("Choose a Chinese organization.")
        )
        raise ServiceError(message, field=field_name)
    return organization


def _check_pilot_dates(starts_on: date, ends_on: date) -> None:
    if ends_on <= starts_on:
        raise ServiceError(_l("The pilot must end after it starts."), field="pilot_ends_on")


def create_partnership(data: dict[str, Any], *, actor: User) -> Partnership:
    """Record a partnership by hand: the history before the portal (2008–2017), or one whose
    proposal never went through it. Its plan and milestones, if any, are added afterwards."""
    us = _organization(data.get("us_organization_id"), Country.US, "us_organization_id")
    cn = _organization(data.get("cn_organization_id"), Country.CN, "cn_organization_id")
    lead_country = Country(data.get("lead_side") or "US")
    status = PartnershipStatus(data.get("status") or "active")
    starts_on: date = data["pilot_starts_on"]
    ends_on: date = data.get("pilot_ends_on") or add_years(starts_on, PILOT_YEARS)
    _check_pilot_dates(starts_on, ends_on)
    signed_on: date | None = data.get("signed_on")
    if status == PartnershipStatus.GRADUATED and ends_on >= today():
        raise ServiceError(
            _l("A partnership graduates after its pilot ends; record it as active."),
            field="status",
        )
    default_en, default_zh = partnership_names(us, cn)
    slug = (data.get("slug") or "").strip().lower()
    if slug:
        if not SLUG_PATTERN.match(slug) or len(slug) > 120:
            raise ServiceError(
                _l("Use lower-case letters, digits and hyphens only, e.g. 2011-utah-qinghai."),
                field="slug",
            )
        if db.session.scalar(select(Partnership.id).where(Partnership.slug == slug)):
            raise ServiceError(_l("Another partnership already has this address."), field="slug")
    else:
        slug = unique_slug(f"{data['cohort_year']} {us.name_en} {cn.name_en}")
    partnership = Partnership(
        slug=slug,
        cohort_year=int(data["cohort_year"]),
        name_en=(data.get("name_en") or "").strip() or default_en,
        name_zh=(data.get("name_zh") or "").strip() or default_zh,
        goal_en=(data.get("goal_en") or "").strip(),
        goal_zh=(data.get("goal_zh") or "").strip(),
        description_en=(data.get("description_en") or "").strip(),
        description_zh=(data.get("description_zh") or "").strip(),
        signed_on=signed_on,
        pilot_starts_on=starts_on,
        pilot_ends_on=ends_on,
        status=status,
        participants=[
            PartnershipParticipant(
                organization_id=org.id,
                role=ParticipantRole.LEAD
                if org.country == lead_country
                else ParticipantRole.PARTNER,
            )
            for org in (us, cn)
        ],
        focus_areas=[
            PartnershipFocusArea(focus_area=FocusArea(area))
            for area in sorted(set(data.get("focus_areas") or ()))
        ],
    )
    db.session.add(partnership)
    db.session.flush()
    record_event(
        "partnership.recorded",
        partnership,
        actor=actor,
        cohort_year=partnership.cohort_year,
        status=status,
        organizations=[us.id, cn.id],
    )
    return partnership


DETAIL_FIELDS = ("name_en", "name_zh", "goal_en", "goal_zh", "description_en", "description_zh")


def update_partnership(partnership: Partnership, data: dict[str, Any], *, actor: User) -> None:
    """Change a partnership's public description, signing date and pilot dates.

    New pilot dates must still hold every milestone; the slug (its public address) stays.
    """
    starts_on: date = data["pilot_starts_on"]
    ends_on: date = data["pilot_ends_on"]
    _check_pilot_dates(starts_on, ends_on)
    outside = [m for m in partnership.milestones if not starts_on <= m.due_on <= ends_on]
    if outside:
        raise ServiceError(
            _l(
                "Milestone %(number)s is due on %(date)s, outside these pilot dates. Amend the "
                "plan first.",
                number=f"{outside[0].pilot_year}.{outside[0].number}",
                date=outside[0].due_on.isoformat(),
            ),
            field="pilot_ends_on" if outside[0].due_on > ends_on else "pilot_starts_on",
        )
    values: dict[str, Any] = {name: (data.get(name) or "").strip() for name in DETAIL_FIELDS}
    if not values["name_en"]:
        raise ServiceError(_l("Enter the partnership's name in English."), field="name_en")
    values.update(signed_on=data.get("signed_on"), pilot_starts_on=starts_on, pilot_ends_on=ends_on)
    changes = {
        key: {"before": getattr(partnership, key), "after": value}
        for key, value in values.items()
        if getattr(partnership, key) != value
    }
    for key, value in values.items():
        setattr(partnership, key, value)
    wanted = {FocusArea(value) for value in data.get("focus_areas") or ()}
    current = {area.focus_area: area for area in partnership.focus_areas}
    if set(current) != wanted:
        changes["focus_areas"] = {"before": sorted(current), "after": sorted(wanted)}
        partnership.focus_areas = [
            current.get(area) or PartnershipFocusArea(focus_area=area) for area in sorted(wanted)
        ]
    db.session.flush()
    if changes:
        record_event("partnership.updated", partnership, actor=actor, changes=changes)


# --- the implementation plan ----------------------------------------------------------------------


def _plan_transition(plan: ImplementationPlan, target: PlanState) -> None:
    if target not in PLAN_TRANSITIONS[plan.state]:
        raise ServiceError(_plan_refusal(plan))
    plan.state = target


def _plan_refusal(plan: ImplementationPlan) -> str:
    if plan.state == PlanState.SUBMITTED:
        return str(
            _l(
                "Version %(n)d of the plan is with the Secretariat for approval; it cannot be "
                "changed until a chair approves or returns it.",
                n=plan.version_number,
            )
        )
    if plan.state == PlanState.APPROVED:
        return str(
            _l(
                "Version %(n)d of the plan is approved and kept as it is. To change the plan, "
                "propose an amendment.",
                n=plan.version_number,
            )
        )
    if plan.state == PlanState.RETURNED:
        return str(
            _l(
                "Version %(n)d was returned and is kept as it is. Start a revision to change it.",
                n=plan.version_number,
            )
        )
    return str(_l("This version of the plan is still a draft."))


@dataclass(frozen=True)
class TaskInput:
    """One row of the plan form, as typed."""

    pilot_year: int | None
    number: int | None
    title_en: str
    title_zh: str
    target: str
    due_on: date | None

    @property
    def is_blank(self) -> bool:
        """An empty row (the form offers a few to add tasks)."""
        return not (self.title_en or self.title_zh or self.target or self.due_on)


class PlanTaskError(ServiceError):
    """A problem with one task row; `row` is its index in the form."""

    def __init__(self, message: object, *, row: int, field: str) -> None:
        super().__init__(message, field=field)
        self.row = row


def _check_task(partnership: Partnership, row: int, task: TaskInput, *, complete: bool) -> None:
    if task.pilot_year not in range(1, PILOT_YEARS + 1):
        raise PlanTaskError(_l("Choose pilot year 1, 2 or 3."), row=row, field="pilot_year")
    if task.number is None or task.number < 1:
        raise PlanTaskError(_l("Number the task 1, 2, 3 …"), row=row, field="number")
    if not (task.title_en or task.title_zh):
        raise PlanTaskError(_l("Give the task a title."), row=row, field="title_en")
    if task.due_on is not None and not (
        partnership.pilot_starts_on <= task.due_on <= partnership.pilot_ends_on
    ):
        raise PlanTaskError(
            _l(
                "The due date must fall within the pilot, %(start)s to %(end)s.",
                start=partnership.pilot_starts_on.isoformat(),
                end=partnership.pilot_ends_on.isoformat(),
            ),
            row=row,
            field="due_on",
        )
    if complete and not task.target:
        raise PlanTaskError(
            _l("State a measurable target (what will show the task is done)."),
            row=row,
            field="target",
        )
    if complete and task.due_on is None:
        raise PlanTaskError(_l("Give the task a due date."), row=row, field="due_on")


def save_plan(
    plan: ImplementationPlan,
    *,
    body: str,
    tasks: Sequence[TaskInput],
    actor: User,
    version: int | None = None,
) -> None:
    """Save a draft version: its notes and its numbered tasks, replacing the previous ones.

    Refused while the version is with the Secretariat (or once decided), for dates outside the
    pilot, for two tasks with one number, and when someone else saved the draft meanwhile.
    """
    partnership = plan.partnership
    _require_active(partnership)
    if plan.state != PlanState.DRAFT:
        raise ServiceError(_plan_refusal(plan))
    if version is not None and version != plan.version:
        raise ServiceError(
            _l(
                "Someone else saved this plan while you were editing. Your text is below; "
                "compare it with the saved version and save again."
            )
        )
    seen: dict[tuple[int, int], int] = {}
    kept: list[tuple[int, TaskInput]] = []
    for row, task in enumerate(tasks):
        if task.is_blank:
            continue
        _check_task(partnership, row, task, complete=False)
        key = (task.pilot_year or 0, task.number or 0)
        if key in seen:
            raise PlanTaskError(
                _l(
                    "Task %(number)s appears twice; give each task its own number.",
                    number=f"{key[0]}.{key[1]}",
                ),
                row=row,
                field="number",
            )
        seen[key] = row
        kept.append((row, task))
    plan.body = body.strip()
    # Old rows go first: the new ones may reuse their (pilot year, number).
    plan.tasks.clear()
    db.session.flush()
    plan.tasks = [
        PlanTask(
            pilot_year=task.pilot_year or 1,
            number=task.number or 1,
            title_en=task.title_en[:300],
            title_zh=task.title_zh[:300],
            target=task.target,
            due_on=task.due_on,
        )
        for _, task in sorted(kept, key=lambda item: (item[1].pilot_year, item[1].number))
    ]
    flag_modified(plan, "body")  # a new version_id even when only the tasks changed
    try:
        db.session.flush()
    except StaleDataError:
        raise ServiceError(
            _l("Someone else saved this plan at the same moment. Please save again.")
        ) from None
    record_event(
        "plan.saved", plan, actor=actor, version_number=plan.version_number, tasks=len(plan.tasks)
    )


def submission_problems(plan: ImplementationPlan) -> list[str]:
    """Why a draft cannot be submitted yet; empty when it can."""
    if not plan.tasks:
        return [str(_l("Add at least one task: tasks become the partnership's milestones."))]
    problems = []
    for task in plan.tasks:
        row = TaskInput(
            task.pilot_year, task.number, task.title_en, task.title_zh, task.target, task.due_on
        )
        try:
            _check_task(plan.partnership, 0, row, complete=True)
        except ServiceError as error:
            problems.append(
                str(
                    _l(
                        "Task %(number)s: %(problem)s",
                        number=f"{task.pilot_year}.{task.number}",
                        problem=error.message,
                    )
                )
            )
    return problems


def submit_plan(plan: ImplementationPlan, *, actor: User) -> None:
    """Send a draft version to the Secretariat; it is frozen until a chair decides."""
    _require_active(plan.partnership)
    problems = submission_problems(plan) if plan.state == PlanState.DRAFT else []
    if problems:
        raise ServiceError(" ".join(problems))
    _plan_transition(plan, PlanState.SUBMITTED)
    plan.submitted_at = clock.now()
    db.session.flush()
    record_event(
        "plan.submitted",
        plan,
        actor=actor,
        version_number=plan.version_number,
        is_amendment=plan.is_amendment,
    )
    _notify(chairs(), "partnerships.plan_submitted", partnership=plan.partnership, plan=plan)


def _apply_tasks(plan: ImplementationPlan, on: date) -> dict[str, list[str]]:
    """Make the approved version's tasks the partnership's milestones.

    A task updates the milestone with its number (progress kept) or becomes a new one; an open
    milestone whose number the version no longer has is dropped (done ones stay done).
    """
    partnership = plan.partnership
    existing = {(m.pilot_year, m.number): m for m in partnership.milestones}
    changes: dict[str, list[str]] = {"created": [], "updated": [], "dropped": []}
    for task in plan.tasks:
        key = (task.pilot_year, task.number)
        assert task.due_on is not None  # checked at submission
        milestone = existing.get(key)
        if milestone is None:
            partnership.milestones.append(
                Milestone(
                    pilot_year=task.pilot_year,
                    number=task.number,
                    title_en=task.title_en,
                    title_zh=task.title_zh,
                    target=task.target,
                    due_on=task.due_on,
                    status=MilestoneStatus.PLANNED,
                )
            )
            changes["created"].append(f"{key[0]}.{key[1]}")
            continue
        before = (milestone.title_en, milestone.title_zh, milestone.target, milestone.due_on)
        milestone.title_en, milestone.title_zh = task.title_en, task.title_zh
        milestone.target, milestone.due_on = task.target, task.due_on
        if before != (task.title_en, task.title_zh, task.target, task.due_on):
            changes["updated"].append(f"{key[0]}.{key[1]}")
    planned = {(t.pilot_year, t.number) for t in plan.tasks}
    for key, milestone in existing.items():
        if key not in planned and milestone.status in OPEN_MILESTONE_STATES:
            milestone.status = MilestoneStatus.DROPPED
            milestone.status_on = on
            note = str(_l("Removed from the plan by version %(n)d.", n=plan.version_number))
            milestone.evidence = f"{milestone.evidence}\n\n{note}".strip()
            changes["dropped"].append(f"{key[0]}.{key[1]}")
    return changes


def approve_plan(plan: ImplementationPlan, *, actor: User, comments: str = "") -> None:
    """A chair approves a submitted version; its tasks become (or update) the milestones."""
    _require_active(plan.partnership)
    _plan_transition(plan, PlanState.APPROVED)
    plan.approved_at = clock.now()
    plan.approved_by_id = actor.id
    plan.chair_comments = comments.strip()
    changes = _apply_tasks(plan, today())
    try:
        db.session.flush()
    except StaleDataError:
        raise ServiceError(
            _l("The plan changed while you were deciding. Please look at it again.")
        ) from None
    record_event(
        "plan.approved",
        plan,
        actor=actor,
        version_number=plan.version_number,
        is_amendment=plan.is_amendment,
        milestones=changes,
    )
    _notify(
        partnership_members(plan.partnership),
        "partnerships.plan_approved",
        partnership=plan.partnership,
        plan=plan,
    )


def return_plan(plan: ImplementationPlan, *, actor: User, comments: str) -> None:
    """A chair returns a submitted version with comments; the partners revise it."""
    comments = comments.strip()
    if not comments:
        raise ServiceError(
            _l("Say what the partners should change before the plan can be approved."),
            field="comments",
        )
    _require_active(plan.partnership)
    _plan_transition(plan, PlanState.RETURNED)
    plan.returned_at = clock.now()
    plan.chair_comments = comments
    try:
        db.session.flush()
    except StaleDataError:
        raise ServiceError(
            _l("The plan changed while you were deciding. Please look at it again.")
        ) from None
    record_event(
        "plan.returned", plan, actor=actor, version_number=plan.version_number, comments=comments
    )
    _notify(
        partnership_members(plan.partnership),
        "partnerships.plan_returned",
        partnership=plan.partnership,
        plan=plan,
    )


def start_plan_version(partnership: Partnership, *, actor: User) -> ImplementationPlan:
    """Open a new draft version: a revision of a returned version, an amendment of the approved
    plan, or the first plan of a partnership recorded without one. Earlier versions are kept."""
    _require_active(partnership)
    latest = latest_plan(partnership)
    if latest is not None and latest.state in (PlanState.DRAFT, PlanState.SUBMITTED):
        raise ServiceError(
            _l("Version %(n)d is still a draft: edit it.", n=latest.version_number)
            if latest.state == PlanState.DRAFT
            else _plan_refusal(latest)
        )
    approved_before = plan_in_force(partnership) is not None
    plan = ImplementationPlan(
        version_number=(latest.version_number + 1) if latest else 1,
        state=PlanState.DRAFT,
        is_amendment=approved_before,
        body=latest.body if latest else "",
        # A revision of a first plan keeps its deadlines; an amendment has none.
        draft_due_on=None if approved_before or latest is None else latest.draft_due_on,
        approval_due_on=None if approved_before or latest is None else latest.approval_due_on,
    )
    if latest is not None and latest.tasks:
        source = [
            (t.pilot_year, t.number, t.title_en, t.title_zh, t.target, t.due_on)
            for t in latest.tasks
        ]
    else:  # plans recorded before tasks were structured: start from the milestones
        source = [
            (m.pilot_year, m.number, m.title_en, m.title_zh, m.target, m.due_on)
            for m in partnership.milestones
            if m.status != MilestoneStatus.DROPPED
        ]
    plan.tasks = [
        PlanTask(pilot_year=y, number=n, title_en=en, title_zh=zh, target=target, due_on=due)
        for y, n, en, zh, target, due in source
    ]
    partnership.plans.append(plan)
    db.session.flush()
    record_event(
        "plan.version_started",
        plan,
        actor=actor,
        version_number=plan.version_number,
        is_amendment=plan.is_amendment,
        after_state=latest.state if latest else None,
    )
    return plan


# --- milestones -----------------------------------------------------------------------------------


def report_milestone(
    milestone: Milestone,
    *,
    status: MilestoneStatus,
    evidence: str,
    status_on: date | None,
    key_accomplishment: bool,
    actor: User,
    version: int | None = None,
) -> None:
    """Record where a milestone stands, with an evidence note and the date it refers to.

    A done milestone needs evidence and may be featured as a Key Accomplishment on the public
    page; any other status clears the feature.
    """
    partnership = milestone.partnership
    _require_active(partnership)
    if version is not None and version != milestone.version:
        raise ServiceError(
            _l(
                "Someone else reported on this milestone while you were editing. Your text is "
                "below; compare it with the saved report and save again."
            )
        )
    evidence = evidence.strip()
    if status_on is None:
        raise ServiceError(_l("Give the date this report refers to."), field="status_on")
    if status_on > today():
        raise ServiceError(_l("The date cannot be in the future."), field="status_on")
    if status_on < partnership.pilot_starts_on:
        raise ServiceError(
            _l(
                "The date must fall within the pilot, which began on %(start)s.",
                start=partnership.pilot_starts_on.isoformat(),
            ),
            field="status_on",
        )
    if status == MilestoneStatus.DONE and not evidence:
        raise ServiceError(_l("Describe the evidence that the target was met."), field="evidence")
    if key_accomplishment and status != MilestoneStatus.DONE:
        raise ServiceError(
            _l("Only a done milestone can be featured as a Key Accomplishment."),
            field="key_accomplishment",
        )
    before = {
        "status": milestone.status,
        "status_on": milestone.status_on,
        "key_accomplishment": milestone.is_key_accomplishment,
    }
    milestone.status = status
    milestone.evidence = evidence
    milestone.status_on = status_on
    milestone.completed_on = status_on if status == MilestoneStatus.DONE else None
    milestone.is_key_accomplishment = key_accomplishment
    try:
        db.session.flush()
    except StaleDataError:
        raise ServiceError(
            _l("Someone else reported on this milestone at the same moment. Please save again.")
        ) from None
    record_event(
        "milestone.reported",
        milestone,
        actor=actor,
        number=f"{milestone.pilot_year}.{milestone.number}",
        before=before,
        after={"status": status, "status_on": status_on, "key_accomplishment": key_accomplishment},
        evidence=evidence,
    )


def milestone_history(milestone: Milestone) -> list[Event]:
    """Every status report on a milestone, newest first, from the audit log."""
    return list(
        db.session.scalars(
            select(Event)
            .where(
                Event.record_type == Milestone.__tablename__,
                Event.record_id == milestone.id,
                Event.action == "milestone.reported",
            )
            .options(selectinload(Event.actor))
            .order_by(Event.occurred_at.desc(), Event.id.desc())
        )
    )


# --- graduation -----------------------------------------------------------------------------------


def _end(partnership: Partnership, target: PartnershipStatus, *, actor: User, reason: str) -> None:
    if target not in PARTNERSHIP_TRANSITIONS[partnership.status]:
        raise ServiceError(
            _l(
                "This partnership is already %(status)s.",
                status=STATUS_WORDS[partnership.status],
            )
        )
    partnership.status = target
    partnership.status_reason = reason
    partnership.ended_on = today()
    db.session.flush()
    record_event(f"partnership.{target}", partnership, actor=actor, reason=reason)
    _notify(
        partnership_members(partnership),
        f"partnerships.{target}",
        partnership=partnership,
        reason=reason,
    )


def graduate_partnership(partnership: Partnership, *, actor: User, note: str = "") -> None:
    """A chair graduates a partnership once its three-year pilot has ended."""
    if partnership.status == PartnershipStatus.ACTIVE and today() <= partnership.pilot_ends_on:
        raise ServiceError(
            _l(
                "The pilot runs until %(end)s; a partnership graduates after its pilot ends.",
                end=partnership.pilot_ends_on.isoformat(),
            )
        )
    _end(partnership, PartnershipStatus.GRADUATED, actor=actor, reason=note.strip())


def withdraw_partnership(partnership: Partnership, *, actor: User, reason: str) -> None:
    """A chair ends a partnership early, with the reason on record."""
    if not reason.strip():
        raise ServiceError(_l("Give the reason the partnership is withdrawn."), field="reason")
    _end(partnership, PartnershipStatus.WITHDRAWN, actor=actor, reason=reason.strip())


# --- reminders ------------------------------------------------------------------------------------


@dataclass
class ReminderRun:
    """What one run of ``send-reminders`` queued, by kind of reminder."""

    reminders: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    messages: int = 0

    def describe(self) -> str:
        """One line for the command line."""
        if not self.reminders:
            return "No reminders due."
        kinds = ", ".join(f"{kind}: {count}" for kind, count in sorted(self.reminders.items()))
        total = sum(self.reminders.values())
        return f"Queued {total} reminder(s) ({kinds}), {self.messages} message(s)."


def _remind(
    run: ReminderRun,
    kind: str,
    record: Any,
    period: str,
    recipients: Sequence[User],
    **context: Any,
) -> None:
    """Queue one reminder unless its (kind, record, period) was already sent.

    The Reminder row is inserted in a savepoint first: a second run (even a concurrent one)
    hits the unique key and sends nothing.
    """
    key = {
        "kind": kind,
        "record_type": type(record).__tablename__,
        "record_id": record.id,
        "period": period,
    }
    if db.session.scalar(select(Reminder.id).filter_by(**key)) is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(Reminder(**key, recipients=len(recipients), sent_at=clock.now()))
    except IntegrityError:
        return
    for user in recipients:
        queue_mail(f"partnerships.reminder_{kind}", to=user, **context)
    run.reminders[kind] += 1
    run.messages += len(recipients)


def send_reminders(on: date | None = None) -> ReminderRun:
    """Queue the reminders due today for every active partnership, each at most once:

    - plan draft due within 7 days (and once more when overdue), to the members;
    - plan approval due within 7 days, to the chairs;
    - a milestone due within 14 days, to the members;
    - a public update due within 14 days (6 months after the last one), to the members.

    Safe to run every hour: what was sent is recorded in `Reminder`.
    """
    on = on or today()
    run = ReminderRun()
    partnerships = db.session.scalars(
        select(Partnership)
        .where(Partnership.status == PartnershipStatus.ACTIVE)
        .options(selectinload(Partnership.plans), selectinload(Partnership.milestones))
        .order_by(Partnership.id)
    ).all()
    chair_list: list[User] | None = None
    for partnership in partnerships:
        members = partnership_members(partnership)
        status = plan_status(partnership, on)
        plan, due = status.plan, status.due_on
        if plan is not None and due is not None:
            context = {"partnership": partnership, "plan": plan, "due_on": due}
            if plan.state == PlanState.SUBMITTED:
                if on >= due - timedelta(days=PLAN_REMINDER_DAYS):
                    chair_list = chairs() if chair_list is None else chair_list
                    _remind(run, "plan_approval_due", plan, due.isoformat(), chair_list, **context)
            elif on > due:
                _remind(run, "plan_overdue", plan, due.isoformat(), members, **context)
            elif on >= due - timedelta(days=PLAN_REMINDER_DAYS):
                _remind(run, "plan_due", plan, due.isoformat(), members, **context)
        horizon = on + timedelta(days=MILESTONE_REMINDER_DAYS)
        for milestone in partnership.milestones:
            if milestone.status in OPEN_MILESTONE_STATES and on <= milestone.due_on <= horizon:
                _remind(
                    run,
                    "milestone_due",
                    milestone,
                    milestone.due_on.isoformat(),
                    members,
                    partnership=partnership,
                    milestone=milestone,
                )
        due = update_due_on(partnership, last_public_update_at(partnership))
        if on >= due - timedelta(days=UPDATE_REMINDER_DAYS):
            _remind(
                run,
                "update_due",
                partnership,
                due.isoformat(),
                members,
                partnership=partnership,
                due_on=due,
                is_overdue=on >= due,
            )
    run.reminders = dict(run.reminders)
    db.session.flush()
    return run
