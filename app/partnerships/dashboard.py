"""The chairs' dashboard of partnerships (one row each, with what needs their eye) and the
classes page (each year's incoming and graduating class)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app import clock
from app.extensions import db
from app.organizations.models import Country, Organization
from app.partnerships.models import (
    Partnership,
    PartnershipParticipant,
    PartnershipStatus,
)
from app.partnerships.queries import (
    PlanStatus,
    lead_participant,
    overdue_milestones,
    plan_status,
)
from app.partnerships.schedule import (
    graduation_year,
    is_graduation_due,
    is_silent,
    update_due_on,
)
from app.proposals.models import ParticipantRole
from app.updates.models import ProgressUpdate


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
    on = on or clock.today()
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
            .where(ProgressUpdate.is_published_publicly)
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


def all_cohort_years() -> list[int]:
    """Every cohort year, withdrawn partnerships' included, newest first (for the chairs'
    dashboard filter; the public's are `app.public.read_model.public_cohort_years`)."""
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
