"""Reads for the public pages: headline numbers, the open solicitation, featured partnerships."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import distinct, func, select

from app import clock
from app.extensions import db
from app.organizations.models import Country, Organization
from app.partnerships.models import Partnership, PartnershipParticipant, PartnershipStatus
from app.solicitations.models import Solicitation, SolicitationStatus


@dataclass(frozen=True)
class HeadlineNumbers:
    """The program at a glance."""

    partnerships: int
    active: int
    us_states: int
    chinese_provinces: int
    cohorts: int


def headline_numbers() -> HeadlineNumbers:
    """Counts over every partnership that is not withdrawn."""
    counted = Partnership.status != PartnershipStatus.WITHDRAWN
    totals = db.session.execute(
        select(
            func.count(Partnership.id),
            func.count(Partnership.id).filter(Partnership.status == PartnershipStatus.ACTIVE),
            func.count(distinct(Partnership.cohort_year)),
        ).where(counted)
    ).one()
    places = dict(
        db.session.execute(
            select(Organization.country, func.count(distinct(Organization.subdivision_code)))
            .join(PartnershipParticipant, PartnershipParticipant.organization_id == Organization.id)
            .join(Partnership, Partnership.id == PartnershipParticipant.partnership_id)
            .where(counted)
            .group_by(Organization.country)
        ).all()
    )
    return HeadlineNumbers(
        partnerships=totals[0],
        active=totals[1],
        cohorts=totals[2],
        us_states=places.get(Country.US, 0),
        chinese_provinces=places.get(Country.CN, 0),
    )


def open_solicitation() -> Solicitation | None:
    """The solicitation accepting proposals now, if any."""
    moment = clock.now()
    return db.session.scalar(
        select(Solicitation).where(
            Solicitation.status == SolicitationStatus.OPEN,
            Solicitation.opens_at <= moment,
            Solicitation.closes_at > moment,
        )
    )


def recent_partnerships(limit: int = 6) -> list[Partnership]:
    """The newest partnerships, newest cohort first."""
    return list(
        db.session.scalars(
            select(Partnership)
            .where(Partnership.status != PartnershipStatus.WITHDRAWN)
            .order_by(Partnership.cohort_year.desc(), Partnership.name_en)
            .limit(limit)
        )
    )
