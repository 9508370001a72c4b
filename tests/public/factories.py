"""Records the public site shows (and some it must not): partnerships with participants in
given places, milestones, updates in every state, solicitations."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

from app.extensions import db
from app.focus_areas import FocusArea
from app.organizations.models import Country, Organization, OrganizationType
from app.partnerships.models import (
    Partnership,
    PartnershipFocusArea,
    PartnershipParticipant,
    PartnershipStatus,
)
from app.proposals.models import ParticipantRole
from app.solicitations.models import Solicitation, SolicitationStatus
from tests.factories import make_organization

_sequence = itertools.count(1)


def make_partnership(
    *,
    us: Organization | None = None,
    cn: Organization | None = None,
    us_state: str = "US-UT",
    cn_province: str = "CN-QH",
    us_type: OrganizationType = OrganizationType.STATE_GOVERNMENT,
    cn_type: OrganizationType = OrganizationType.STATE_GOVERNMENT,
    status: PartnershipStatus = PartnershipStatus.ACTIVE,
    cohort_year: int = 2025,
    focus_areas: tuple[FocusArea, ...] = (FocusArea.CLEAN_AIR,),
    flush: bool = True,
    **fields: Any,
) -> Partnership:
    """A partnership between a U.S. organization (the lead) in `us_state` and a Chinese one in
    `cn_province`, made for the occasion unless given."""
    n = next(_sequence)
    us = us or make_organization(
        country=Country.US,
        subdivision_code=us_state,
        type=us_type,
        name_en=f"Public U.S. Org {n}",
        name_zh=f"美方机构{n}",
    )
    cn = cn or make_organization(
        country=Country.CN,
        subdivision_code=cn_province,
        type=cn_type,
        name_en=f"Public Chinese Org {n}",
        name_zh=f"中方机构{n}",
    )
    starts_on = fields.pop("pilot_starts_on", date(cohort_year, 9, 15))
    partnership = Partnership(
        slug=fields.pop("slug", f"public-partnership-{n}"),
        cohort_year=cohort_year,
        name_en=fields.pop("name_en", f"{us.name_en} – {cn.name_en}"),
        name_zh=fields.pop("name_zh", f"{us.name_zh}—{cn.name_zh}"),
        goal_en=fields.pop("goal_en", "Cleaner air in two cities."),
        goal_zh=fields.pop("goal_zh", "两座城市的空气更清洁。"),
        description_en=fields.pop("description_en", "Two cities share monitoring methods."),
        pilot_starts_on=starts_on,
        pilot_ends_on=fields.pop("pilot_ends_on", starts_on + timedelta(days=3 * 365)),
        signed_on=fields.pop("signed_on", starts_on),
        status=status,
        participants=[
            PartnershipParticipant(organization_id=us.id, role=ParticipantRole.LEAD),
            PartnershipParticipant(organization_id=cn.id, role=ParticipantRole.PARTNER),
        ],
        focus_areas=[PartnershipFocusArea(focus_area=area) for area in focus_areas],
        **fields,
    )
    db.session.add(partnership)
    if flush:
        db.session.flush()
    return partnership


def make_solicitation(
    year: int = 2027,
    *,
    status: SolicitationStatus = SolicitationStatus.OPEN,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    **fields: Any,
) -> Solicitation:
    """A call for proposals (open from 1 October before `year` to 31 May, 11:59 a.m. EDT)."""
    solicitation = Solicitation(
        year=year,
        title_en=fields.pop("title_en", f"{year} EcoPartnerships Solicitation"),
        title_zh=fields.pop("title_zh", f"{year}年绿色合作伙伴征集"),
        guidance_en=fields.pop("guidance_en", "Apply with a partner from the other country."),
        opens_at=opens_at or datetime(year - 1, 10, 1, tzinfo=UTC),
        closes_at=closes_at or datetime(year, 5, 31, 15, 59, tzinfo=UTC),
        status=status,
        **fields,
    )
    db.session.add(solicitation)
    db.session.flush()
    return solicitation
