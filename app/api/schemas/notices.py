"""A partner-search notice, as the open data shows a standing one."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from app.api.schemas.base import Area, Moment, Place, Record, Url, _Paged, _values, one_of
from app.api.schemas.organizations import OrganizationSummary
from app.notices.models import PartnerNotice
from app.proposals.models import DeliverableKind
from app.public.addresses import public_url

Kind = Annotated[DeliverableKind, one_of(_values(DeliverableKind))]


class NoticeLinks(Record):
    """Where the notice is."""

    self: Url
    html: Url
    """On the organization's public profile."""
    organization: Url


class Notice(Record):
    """A standing "Seeking a partner" notice: published, and not past its end date."""

    id: int
    organization: OrganizationSummary
    """The organization that seeks a partner."""
    offer_en: str
    """What the organization brings, in English (may be empty when given in Chinese)."""
    offer_zh: str
    seeking_en: str
    """What it looks for in a partner, in English (may be empty when given in Chinese)."""
    seeking_zh: str
    focus_areas: list[Area]
    deliverable_kind: Kind
    regions: list[Place]
    """States or provinces of the other country it would work with; empty means any."""
    ends_on: date
    """The last day the notice stands."""
    published_at: Moment
    links: NoticeLinks

    @classmethod
    def of(cls, notice: PartnerNotice) -> Notice:
        """`notice`'s public record (its organization, focus areas and regions loaded)."""
        assert notice.published_at is not None  # a standing notice is published
        return cls(
            id=notice.id,
            organization=OrganizationSummary.of(notice.organization),
            offer_en=notice.offer_en,
            offer_zh=notice.offer_zh,
            seeking_en=notice.seeking_en,
            seeking_zh=notice.seeking_zh,
            focus_areas=[link.focus_area for link in notice.focus_areas],
            deliverable_kind=notice.deliverable_kind,
            regions=[Place.of(code) for code in notice.region_codes],
            ends_on=notice.ends_on,
            published_at=notice.published_at,
            links=NoticeLinks(
                self=public_url("api.notice", notice_id=notice.id),
                html=public_url(
                    "organizations.profile",
                    organization_id=notice.organization_id,
                    _anchor=f"notice-{notice.id}",
                ),
                organization=public_url("api.organization", organization_id=notice.organization_id),
            ),
        )


class NoticePage(_Paged):
    """A page of standing notices, soonest to end first."""

    data: list[Notice]
