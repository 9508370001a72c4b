"""Records the public site shows (and some it must not): partnerships with participants in
given places, milestones, updates in every state, solicitations."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any

from app import clock
from app.accounts.models import Language, User
from app.extensions import db
from app.focus_areas import FocusArea
from app.organizations.models import Country, Organization, OrganizationType
from app.partnerships.models import (
    Milestone,
    MilestoneStatus,
    Partnership,
    PartnershipFocusArea,
    PartnershipParticipant,
    PartnershipStatus,
)
from app.proposals.models import ParticipantRole
from app.solicitations.models import Solicitation, SolicitationStatus
from app.updates.models import ProgressUpdate, UpdateState, Visibility
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


def make_milestone(
    partnership: Partnership,
    *,
    pilot_year: int = 1,
    number: int | None = None,
    status: MilestoneStatus = MilestoneStatus.PLANNED,
    key: bool = False,
    **fields: Any,
) -> Milestone:
    """A task of the work plan; `key=True` makes it a done Key Accomplishment."""
    if key:
        status = MilestoneStatus.DONE
    milestone = Milestone(
        partnership_id=partnership.id,
        pilot_year=pilot_year,
        number=number or next(_sequence),
        title_en=fields.pop("title_en", "Install air monitors"),
        title_zh=fields.pop("title_zh", "安装空气监测仪"),
        target=fields.pop("target", "Ten monitors reporting hourly"),
        due_on=fields.pop("due_on", date(2026, 6, 30)),
        status=status,
        completed_on=fields.pop(
            "completed_on", date(2026, 5, 1) if status == MilestoneStatus.DONE else None
        ),
        is_key_accomplishment=key,
        **fields,
    )
    db.session.add(milestone)
    db.session.flush()
    return milestone


def make_update(
    partnership: Partnership,
    *,
    author: User | None = None,
    state: UpdateState = UpdateState.PUBLISHED,
    visibility: Visibility = Visibility.PUBLIC,
    published_at: datetime | None = None,
    flush: bool = True,
    **fields: Any,
) -> ProgressUpdate:
    """A progress update; published and public unless said otherwise."""
    published = state == UpdateState.PUBLISHED
    update = ProgressUpdate(
        partnership_id=partnership.id,
        author_id=author.id if author else None,
        title=fields.pop("title", "Monitors are live"),
        body=fields.pop("body", "All **ten** monitors report hourly."),
        language=fields.pop("language", Language.EN),
        visibility=visibility,
        state=state,
        submitted_at=fields.pop(
            "submitted_at", clock.now() if state != UpdateState.DRAFT else None
        ),
        published_at=(published_at or datetime(2026, 5, 2, 12, tzinfo=UTC)) if published else None,
        returned_at=clock.now() if state == UpdateState.RETURNED else None,
        **fields,
    )
    db.session.add(update)
    if flush:
        db.session.flush()
    return update


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
        title_zh=fields.pop("title_zh", f"{year}年生态合作伙伴关系征集"),
        guidance_en=fields.pop("guidance_en", "Apply with a partner from the other country."),
        opens_at=opens_at or datetime(year - 1, 10, 1, tzinfo=UTC),
        closes_at=closes_at or datetime(year, 5, 31, 15, 59, tzinfo=UTC),
        status=status,
        **fields,
    )
    db.session.add(solicitation)
    db.session.flush()
    return solicitation
