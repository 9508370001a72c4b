"""Reads of organizations: the public directory of profiles (the page and the open data share
it), and what a profile shows of the organization's partnerships and updates. Counterparts
across the Pacific are the partner finder's (`app.finder.queries`).

Every organization's profile is public; what it shows of partnerships and updates keeps the
public record's own rules, read on the models (`Partnership.is_public`,
`ProgressUpdate.is_published_publicly`), the ones `app.public.read_model` reads too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import lazyload, selectinload

from app.db import Page
from app.extensions import db
from app.focus_areas import FocusArea
from app.organizations.models import (
    Country,
    Organization,
    OrganizationFocusArea,
    OrganizationType,
)
from app.partnerships.models import Partnership, PartnershipParticipant
from app.proposals.models import ParticipantRole
from app.updates.models import ProgressUpdate

MAX_WORDS = 8
_WITH_FOCUS_AREAS = selectinload(Organization.focus_areas)


@dataclass(frozen=True)
class OrganizationFilters:
    """What a reader narrowed the organization directory to; all empty means every one."""

    text: str = ""
    country: Country | None = None
    subdivision_code: str | None = None  # ISO 3166-2, e.g. "US-UT"
    type: OrganizationType | None = None
    focus_area: FocusArea | None = None


def _conditions(filters: OrganizationFilters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.country is not None:
        conditions.append(Organization.country == filters.country)
    if filters.subdivision_code:
        conditions.append(Organization.subdivision_code == filters.subdivision_code)
    if filters.type is not None:
        conditions.append(Organization.type == filters.type)
    if filters.focus_area is not None:
        conditions.append(
            Organization.id.in_(
                select(OrganizationFocusArea.organization_id).where(
                    OrganizationFocusArea.focus_area == filters.focus_area
                )
            )
        )
    # Every word must appear somewhere: in a name or a description, in either language, or in
    # the city.
    for word in filters.text.split()[:MAX_WORDS]:
        conditions.append(
            or_(
                *(
                    column.icontains(word, autoescape=True)
                    for column in (
                        Organization.name_en,
                        Organization.name_zh,
                        Organization.city,
                        Organization.description,
                        Organization.description_zh,
                    )
                )
            )
        )
    return conditions


def directory_conditions(filters: OrganizationFilters) -> list[ColumnElement[bool]]:
    """The directory's filters as conditions on `Organization`: what the partner finder
    (`app.finder.queries`) narrows its counterparts with too."""
    return _conditions(filters)


def directory_total(filters: OrganizationFilters) -> int:
    """How many organizations `directory_page` lists under `filters`."""
    return db.session.scalar(select(func.count(Organization.id)).where(*_conditions(filters))) or 0


def directory_page(
    filters: OrganizationFilters, *, page: int, per_page: int, total: int | None = None
) -> Page[Organization]:
    """One page of organizations under `filters`, by English name (with their focus areas).

    `total`, when the caller already knows it (`directory_total`), saves counting."""
    if total is None:
        total = directory_total(filters)
    items = db.session.scalars(
        select(Organization)
        .where(*_conditions(filters))
        .options(_WITH_FOCUS_AREAS)
        .order_by(Organization.name_en, Organization.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return Page(items=items, number=page, per_page=per_page, total=total)


def profile(organization_id: int) -> Organization | None:
    """One organization with its focus areas, read afresh (the same statements whatever the
    session holds; every organization's profile is public)."""
    return db.session.scalar(
        select(Organization)
        .where(Organization.id == organization_id)
        .options(_WITH_FOCUS_AREAS)
        .execution_options(populate_existing=True)
    )


def public_partnerships_of(
    organizations: Sequence[Organization],
) -> dict[int, list[tuple[Partnership, ParticipantRole]]]:
    """The public partnerships each organization takes part in, newest cohort first."""
    found: dict[int, list[tuple[Partnership, ParticipantRole]]] = {o.id: [] for o in organizations}
    if not organizations:
        return found
    rows = db.session.execute(
        select(PartnershipParticipant.organization_id, Partnership, PartnershipParticipant.role)
        .join(Partnership, Partnership.id == PartnershipParticipant.partnership_id)
        .where(
            Partnership.is_public.expression,
            PartnershipParticipant.organization_id.in_(list(found)),
        )
        .options(lazyload(Partnership.focus_areas))  # shown without them
        .order_by(Partnership.cohort_year.desc(), Partnership.name_en)
    ).all()
    for organization_id, partnership, role in rows:
        found[organization_id].append((partnership, role))
    return found


def published_updates_of(
    organization: Organization, *, limit: int = 10
) -> Sequence[ProgressUpdate]:
    """The published public updates of the public partnerships `organization` takes part in,
    newest first."""
    return db.session.scalars(
        select(ProgressUpdate)
        .join(Partnership, Partnership.id == ProgressUpdate.partnership_id)
        .join(
            PartnershipParticipant,
            PartnershipParticipant.partnership_id == ProgressUpdate.partnership_id,
        )
        .where(
            PartnershipParticipant.organization_id == organization.id,
            ProgressUpdate.is_published_publicly.expression,
            Partnership.is_public.expression,
        )
        # Shown with its partnership's names and address, never its focus areas.
        .options(selectinload(ProgressUpdate.partnership).lazyload(Partnership.focus_areas))
        .order_by(ProgressUpdate.published_at.desc(), ProgressUpdate.id.desc())
        .limit(limit)
    ).all()


def profile_dates() -> list[tuple[int, datetime]]:
    """(id, updated_at) of every organization, for the sitemap."""
    rows = db.session.execute(
        select(Organization.id, Organization.updated_at).order_by(Organization.id)
    )
    return [(organization_id, updated_at) for organization_id, updated_at in rows]
