"""The chairs' dashboard of partnerships (one row each, with what needs their eye) and the
classes page (each year's incoming and graduating class)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.orm import lazyload, selectinload

from app import clock, data_version
from app.db import Page
from app.extensions import db
from app.memo import Memo
from app.organizations.models import Country, Organization
from app.partnerships.models import (
    Partnership,
    PartnershipParticipant,
    PartnershipStatus,
)
from app.partnerships.queries import (
    PlanStatus,
    last_public_update_times,
    lead_countries,
    overdue_milestone_counts,
    plan_status,
)
from app.partnerships.schedule import (
    graduation_year,
    is_graduation_due,
    is_silent,
    update_due_on,
)
from app.proposals.models import ParticipantRole


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


PER_PAGE = 50  # partnerships per page of the chairs' dashboard


def _conditions(filters: DashboardFilters) -> list[ColumnElement[bool]]:
    """What a partnership must be to match `filters`."""
    conditions: list[ColumnElement[bool]] = []
    if filters.cohort_year is not None:
        conditions.append(Partnership.cohort_year == filters.cohort_year)
    if filters.status is not None:
        # `is_active` follows from the status (a CHECK holds them together); said here, it
        # lets the order's index skip the other side instead of reading it to the status.
        conditions += [
            Partnership.status == filters.status,
            Partnership.is_active.is_(filters.status == PartnershipStatus.ACTIVE),
        ]
    if filters.side is not None:
        conditions.append(
            Partnership.id.in_(
                select(PartnershipParticipant.partnership_id)
                .join(Organization, Organization.id == PartnershipParticipant.organization_id)
                .where(
                    PartnershipParticipant.role == ParticipantRole.LEAD,
                    Organization.country == filters.side,
                )
            )
        )
    return conditions


def _matching(filters: DashboardFilters) -> Select[Partnership]:
    """The partnerships matching `filters`, active first, then the newest cohort, then by name
    (the id keeps pages apart when names repeat): ix_partnership_dashboard_order's order."""
    statement = (
        select(Partnership)
        .where(*_conditions(filters))
        .order_by(
            Partnership.is_active.desc(),
            Partnership.cohort_year.desc(),
            Partnership.name_en,
            Partnership.id,
        )
    )
    # The plans are what a row's plan status is made of; the focus areas (loaded with every
    # partnership elsewhere) are shown by no row.
    return statement.options(selectinload(Partnership.plans), lazyload(Partnership.focus_areas))


# How many partnerships match each of the last few filters, by (data version, filters):
# counting them read all 100,000 partnerships (21 ms) on every page of the dashboard.
_totals = Memo(32)


def matching_total(filters: DashboardFilters) -> int:
    """How many partnerships match `filters`, remembered while the public data version holds
    (every write to a partnership, participant or organization moves it)."""
    return _totals.get(
        data_version.standing(db.session()),
        (filters,),
        lambda: (
            db.session.scalar(select(func.count(Partnership.id)).where(*_conditions(filters))) or 0
        ),
    )


def _rows(partnerships: Sequence[Partnership], on: date) -> list[DashboardRow]:
    """The dashboard's rows of `partnerships`: their milestones and updates are counted in
    SQL, never loaded."""
    ids = [p.id for p in partnerships]
    overdue = overdue_milestone_counts(ids, on)
    last_updates = last_public_update_times(ids)
    leads = lead_countries(ids)
    rows = []
    for partnership in partnerships:
        last = last_updates.get(partnership.id)
        rows.append(
            DashboardRow(
                partnership=partnership,
                lead_country=leads.get(partnership.id),
                plan=plan_status(partnership, on),
                overdue_milestones=overdue.get(partnership.id, 0)
                if partnership.status == PartnershipStatus.ACTIVE
                else 0,
                last_update_at=last,
                update_due_on=update_due_on(partnership, last),
                is_silent=is_silent(partnership, last, on),
                is_graduation_due=is_graduation_due(partnership, on),
            )
        )
    return rows


def dashboard_page(
    filters: DashboardFilters, number: int = 1, on: date | None = None
) -> Page[DashboardRow]:
    """Page `number` of the partnerships matching `filters` (the last page past the end), with
    what needs the chairs' eye: the same few queries whatever the number of partnerships."""
    on = on or clock.today()
    statement = _matching(filters)
    total = matching_total(filters)
    number = max(1, min(number, -(-total // PER_PAGE)))
    partnerships = list(
        db.session.scalars(statement.limit(PER_PAGE).offset((number - 1) * PER_PAGE))
    )
    return Page(items=_rows(partnerships, on), number=number, per_page=PER_PAGE, total=total)


def dashboard_rows(filters: DashboardFilters, on: date | None = None) -> list[DashboardRow]:
    """Every partnership matching `filters`, in the dashboard's order, with its milestones
    loaded (the chairs' cohort report charts them)."""
    statement = _matching(filters).options(
        selectinload(Partnership.participants).selectinload(PartnershipParticipant.organization),
        selectinload(Partnership.milestones),
    )
    return _rows(list(db.session.scalars(statement)), on or clock.today())


def all_cohort_years() -> list[int]:
    """Every cohort year, withdrawn partnerships' included, newest first (for the chairs'
    dashboard filter; the public's are `app.public.read_model.public_cohort_years`)."""
    # A walk down ix_partnership_cohort_year, one entry per cohort (a "loose index scan"):
    # PostgreSQL has no skip scan, and DISTINCT read all 100,000 partnerships (35 ms).
    year = Partnership.cohort_year
    walk = select(func.max(year).label("year")).cte("cohort_years", recursive=True)
    below = select(func.max(year)).where(year < walk.c.year).scalar_subquery()
    walk = walk.union_all(select(below).where(walk.c.year.is_not(None)))
    return list(
        db.session.scalars(
            select(walk.c.year).where(walk.c.year.is_not(None)).order_by(walk.c.year.desc())
        )
    )


@dataclass
class YearClass:
    """A year's incoming class (its cohort) and its graduating class."""

    year: int
    incoming: list[Partnership] = field(default_factory=list)
    graduating: list[Partnership] = field(default_factory=list)
    due_to_graduate: list[Partnership] = field(default_factory=list)  # active, pilot ends that year


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
