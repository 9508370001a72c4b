"""A call for proposals."""

from __future__ import annotations

from typing import Annotated

from app import clock
from app.api.schemas.base import (
    Moment,
    Record,
    Url,
    _values,
    one_of,
)
from app.public.addresses import public_url
from app.solicitations.models import Solicitation as SolicitationRow
from app.solicitations.models import SolicitationStatus
from app.solicitations.queries import (
    PUBLIC_SOLICITATION_STATUSES,
    displayed_status,
    is_accepting_proposals,
)


class SolicitationLinks(Record):
    """Where the call is."""

    self: Url


class Solicitation(Record):
    """A call for proposals: its public terms and dates (the deadline also in both capitals)."""

    year: int
    title_en: str
    title_zh: str
    guidance_en: str
    guidance_zh: str
    status: Annotated[SolicitationStatus, one_of(_values(PUBLIC_SOLICITATION_STATUSES))]
    opens_at: Moment
    closes_at: Moment
    closes_at_washington: Moment
    """The deadline in Washington's time."""
    closes_at_beijing: Moment
    """The deadline in Beijing's time."""
    is_accepting_proposals: bool
    target_selections: int
    """How many partnerships the call means to select."""
    unlisted_selections: int
    """Partnerships the call selected whose names no record holds (history; the partnership
    list holds the others)."""
    links: SolicitationLinks

    @classmethod
    def of(cls, item: SolicitationRow) -> Solicitation:
        """The call `item`."""
        return cls(
            year=item.year,
            title_en=item.title_en,
            title_zh=item.title_zh,
            guidance_en=item.guidance_en,
            guidance_zh=item.guidance_zh,
            status=displayed_status(item),  # by the clock: past the deadline, closed
            opens_at=item.opens_at,
            closes_at=item.closes_at,
            closes_at_washington=item.closes_at.astimezone(clock.WASHINGTON),
            closes_at_beijing=item.closes_at.astimezone(clock.BEIJING),
            is_accepting_proposals=is_accepting_proposals(item),
            target_selections=item.target_selections,
            unlisted_selections=item.unlisted_selections,
            links=SolicitationLinks(self=public_url("api.solicitation", year=item.year)),
        )


class SolicitationCount(Record):
    """How many calls the list holds."""

    total: int


class SolicitationList(Record):
    """Every public call, newest first."""

    data: list[Solicitation]
    meta: SolicitationCount
