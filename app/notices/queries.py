"""Reads of partner-search notices: an organization's own, the chairs' moderation queue, and the
standing notices the public (profiles, the open data) and the partner finder see.

"Standing" is spelled once, here (`STANDING`): published, and its end date not passed. Expiry is
read from the date, never written by a job, so a notice past its `ends_on` drops out of every
public read the day after, at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app import clock
from app.accounts.models import User
from app.db import Page
from app.extensions import db
from app.focus_areas import FocusArea
from app.notices.models import NoticeFocusArea, NoticeRegion, NoticeState, PartnerNotice
from app.organizations.models import Country, Organization, OrganizationMember
from app.organizations.subdivisions import subdivision
from app.proposals.models import DeliverableKind

# Everything a notice is shown with, loaded in a fixed number of statements for any number of
# notices: its organization (joined), its focus areas and regions (one statement each).
WITH_DETAILS = (
    joinedload(PartnerNotice.organization),
    selectinload(PartnerNotice.focus_areas),
    selectinload(PartnerNotice.regions),
)


def standing(day: date) -> ColumnElement[bool]:
    """The rule of what the public sees on `day`: published, and not past its end date."""
    return and_(PartnerNotice.state == NoticeState.PUBLISHED, PartnerNotice.ends_on >= day)


@dataclass(frozen=True)
class NoticeFilters:
    """The filters of the standing notices (the open data's, and the finder's)."""

    country: Country | None = None  # of the organization that seeks
    subdivision_code: str | None = None  # a region of interest (on the other side)
    focus_area: FocusArea | None = None
    kind: DeliverableKind | None = None  # of deliverable


def _filtered(statement: Select, filters: NoticeFilters, day: date) -> Select:  # type: ignore[type-arg]
    statement = statement.where(standing(day))
    if filters.country is not None or filters.subdivision_code is not None:
        statement = statement.join(Organization, Organization.id == PartnerNotice.organization_id)
    if filters.country is not None:
        statement = statement.where(Organization.country == filters.country)
    if filters.subdivision_code is not None:
        # A notice naming no region is open to the whole other country.
        place = subdivision(filters.subdivision_code)
        named = exists().where(
            NoticeRegion.notice_id == PartnerNotice.id,
            NoticeRegion.subdivision_code == filters.subdivision_code,
        )
        any_region = ~exists().where(NoticeRegion.notice_id == PartnerNotice.id)
        other_side = Organization.country != (place.country if place else None)
        statement = statement.where(or_(named, and_(any_region, other_side)))
    if filters.focus_area is not None:
        statement = statement.where(
            exists().where(
                NoticeFocusArea.notice_id == PartnerNotice.id,
                NoticeFocusArea.focus_area == filters.focus_area,
            )
        )
    if filters.kind is not None:
        statement = statement.where(PartnerNotice.deliverable_kind == filters.kind)
    return statement


def standing_notices(
    filters: NoticeFilters | None = None,
    *,
    organization_id: int | None = None,
    limit: int | None = None,
    offset: int = 0,
    on: date | None = None,
) -> list[PartnerNotice]:
    """Standing notices matching `filters` (of one organization with `organization_id`),
    soonest to end first, each with its organization, focus areas and regions loaded: three
    statements, however many notices."""
    day = on or clock.today()
    statement = _filtered(select(PartnerNotice), filters or NoticeFilters(), day)
    if organization_id is not None:
        statement = statement.where(PartnerNotice.organization_id == organization_id)
    statement = (
        statement.options(*WITH_DETAILS)
        .order_by(PartnerNotice.ends_on, PartnerNotice.id)
        .offset(offset)
    )
    if limit is not None:
        statement = statement.limit(limit)
    return list(db.session.scalars(statement).unique())


def standing_notices_total(filters: NoticeFilters | None = None, *, on: date | None = None) -> int:
    """How many standing notices match `filters`."""
    statement = _filtered(
        select(func.count(PartnerNotice.id)), filters or NoticeFilters(), on or clock.today()
    )
    return db.session.scalar(statement) or 0


def standing_notices_page(
    filters: NoticeFilters, *, page: int, per_page: int
) -> Page[PartnerNotice]:
    """One page of the standing notices matching `filters`."""
    day = clock.today()
    return Page(
        items=standing_notices(filters, limit=per_page, offset=(page - 1) * per_page, on=day),
        number=page,
        per_page=per_page,
        total=standing_notices_total(filters, on=day),
    )


def standing_notice(notice_id: int, *, on: date | None = None) -> PartnerNotice | None:
    """One standing notice with its organization, focus areas and regions, or None (not
    published, past its end date, or no such notice)."""
    return db.session.scalars(
        select(PartnerNotice)
        .where(PartnerNotice.id == notice_id, standing(on or clock.today()))
        .options(*WITH_DETAILS)
        .execution_options(populate_existing=True)
    ).first()


def notices_of(organization: Organization) -> list[PartnerNotice]:
    """Every notice of `organization`, newest first (its members see drafts too)."""
    return list(
        db.session.scalars(
            select(PartnerNotice)
            .where(PartnerNotice.organization_id == organization.id)
            .options(
                selectinload(PartnerNotice.focus_areas),
                selectinload(PartnerNotice.regions),
                selectinload(PartnerNotice.author),
            )
            .order_by(PartnerNotice.created_at.desc(), PartnerNotice.id.desc())
        )
    )


def awaiting_moderation() -> list[PartnerNotice]:
    """Submitted notices, oldest first: the chairs' moderation queue."""
    return list(
        db.session.scalars(
            select(PartnerNotice)
            .where(PartnerNotice.state == NoticeState.SUBMITTED)
            .options(*WITH_DETAILS, selectinload(PartnerNotice.author))
            .order_by(PartnerNotice.submitted_at, PartnerNotice.id)
        ).unique()
    )


def awaiting_moderation_count() -> int:
    """How many notices wait in the moderation queue."""
    return (
        db.session.scalar(
            select(func.count(PartnerNotice.id)).where(PartnerNotice.state == NoticeState.SUBMITTED)
        )
        or 0
    )


def expired_count(day: date) -> int:
    """How many published notices have passed their end date by `day` (what changes, without
    any write, when a notice expires)."""
    return (
        db.session.scalar(
            select(func.count(PartnerNotice.id)).where(
                PartnerNotice.state == NoticeState.PUBLISHED, PartnerNotice.ends_on < day
            )
        )
        or 0
    )


def organization_members(organization: Organization) -> Sequence[User]:
    """The active users who belong to `organization`, by name: who hears of its notices'
    moderation."""
    return db.session.scalars(
        select(User)
        .join(OrganizationMember, OrganizationMember.user_id == User.id)
        .where(OrganizationMember.organization_id == organization.id, User.is_active.is_(True))
        .order_by(User.display_name, User.id)
    ).all()
