"""Reads for the public site and the open-data API that span modules: headline numbers, the
signing dates and addresses (calendar, sitemap), solicitations' public records, program
statistics and the version of the public data.

What the public may see, and the reads about partnerships themselves (one partnership, the
directory, updates, organizations), live in `app.public.read_model`; this module builds on its
rules and never spells them again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Connection, Date, Select, bindparam, distinct, func, select
from sqlalchemy.orm import lazyload

from app import clock
from app.data_version import ROW_ID
from app.data_version import DataVersion as StoredVersion
from app.db import UTCDateTime
from app.extensions import db
from app.focus_areas import FocusArea
from app.notices.models import NoticeState, PartnerNotice
from app.organizations.models import Country, Organization, OrganizationType
from app.partnerships.models import (
    Partnership,
    PartnershipFocusArea,
    PartnershipParticipant,
    PartnershipStatus,
)
from app.proposals.models import Proposal, ProposalState
from app.public.read_model import (
    PUBLIC_PARTNERSHIP,
    PUBLIC_SOLICITATION,
    partnerships_per_place,
    places_with_partnerships,
)
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
    counted = PUBLIC_PARTNERSHIP
    totals = db.session.execute(
        select(
            func.count(Partnership.id),
            func.count(Partnership.id).filter(Partnership.status == PartnershipStatus.ACTIVE),
            func.count(distinct(Partnership.cohort_year)),
        ).where(counted)
    ).one()
    # A place's code opens with its country's (ck_organization_subdivision_in_country): the
    # places read place by place, where counting distinct codes over every participant cost a
    # pass over all of them (17 ms at 10,000 partnerships, against 1 ms).
    places = Counter(code[:2] for code in places_with_partnerships())
    return HeadlineNumbers(
        partnerships=totals[0],
        active=totals[1],
        cohorts=totals[2],
        us_states=places[Country.US.value],
        chinese_provinces=places[Country.CN.value],
    )


def recent_partnerships(limit: int = 6) -> list[Partnership]:
    """The newest partnerships, newest cohort first."""
    return list(
        db.session.scalars(
            select(Partnership)
            .where(PUBLIC_PARTNERSHIP)
            .order_by(Partnership.cohort_year.desc(), Partnership.name_en)
            .options(lazyload(Partnership.focus_areas))  # the home page shows none
            .limit(limit)
        )
    )


# --- dates and addresses of public partnerships, for the calendar and the sitemap ---------


@dataclass(frozen=True)
class PublicDate:
    """A date of a public partnership worth a calendar entry: its signing."""

    slug: str
    name_en: str
    name_zh: str
    signed_on: date


def signing_dates() -> list[PublicDate]:
    """The signing date of every public partnership that has one, oldest first."""
    return [
        PublicDate(slug, name_en, name_zh, signed_on)
        for slug, name_en, name_zh, signed_on in db.session.execute(
            select(
                Partnership.slug, Partnership.name_en, Partnership.name_zh, Partnership.signed_on
            )
            .where(PUBLIC_PARTNERSHIP, Partnership.signed_on.is_not(None))
            .order_by(Partnership.signed_on, Partnership.slug)
        ).all()
        if signed_on is not None
    ]


@dataclass(frozen=True)
class PilotEnd:
    """The day an active partnership's three-year pilot ends."""

    slug: str
    name_en: str
    name_zh: str
    ends_on: date


def pilot_end_dates() -> list[PilotEnd]:
    """The pilot end of every active partnership, soonest first."""
    return [
        PilotEnd(slug, name_en, name_zh, ends_on)
        for slug, name_en, name_zh, ends_on in db.session.execute(
            select(
                Partnership.slug,
                Partnership.name_en,
                Partnership.name_zh,
                Partnership.pilot_ends_on,
            )
            .where(Partnership.status == PartnershipStatus.ACTIVE)
            .order_by(Partnership.pilot_ends_on, Partnership.slug)
        ).all()
    ]


def public_slugs() -> list[tuple[str, datetime]]:
    """(slug, updated_at) of every public partnership, for the sitemap."""
    return [
        (slug, updated_at)
        for slug, updated_at in db.session.execute(
            select(Partnership.slug, Partnership.updated_at)
            .where(PUBLIC_PARTNERSHIP)
            .order_by(Partnership.cohort_year.desc(), Partnership.slug)
        ).all()
    ]


# --- solicitations as public records ----------------------------------------------------------

DECIDED_STATUSES = (SolicitationStatus.DECISIONS_PUBLISHED, SolicitationStatus.ARCHIVED)


def public_solicitations() -> Sequence[Solicitation]:
    """Every call that is or was open, newest first."""
    return db.session.scalars(
        select(Solicitation).where(PUBLIC_SOLICITATION).order_by(Solicitation.year.desc())
    ).all()


def public_solicitation(year: int) -> Solicitation | None:
    """The call of `year`, if it is public."""
    return db.session.scalar(
        select(Solicitation).where(Solicitation.year == year, PUBLIC_SOLICITATION)
    )


# --- statistics: aggregates only ----------------------------------------------------------------


@dataclass(frozen=True)
class YearOfApplications:
    """A year's call: how many applied and how many were selected.

    `applications` is None when the portal holds no record of them (the 2008–2017 history).
    `selections` are the partnerships the directory lists; `unlisted` those the program
    selected that no record names (the call's `unlisted_selections`): the number selected is
    their sum, and a page showing it says which part is not recorded.
    """

    year: int
    applications: int | None
    selections: int
    unlisted: int = 0
    resubmissions: int = 0  # of the applications, those carrying a declined one on

    @property
    def selected(self) -> int:
        """How many the program selected that year, named or not."""
        return self.selections + self.unlisted


@dataclass(frozen=True)
class ProgramStatistics:
    """The program in aggregates, over public partnerships; nothing about any one proposal."""

    per_cohort: list[tuple[int, int]]
    unlisted_per_cohort: dict[int, int]  # year → selected partnerships no record names
    per_focus_area: list[tuple[FocusArea, int]]
    organizations_per_type: list[tuple[OrganizationType, int, int]]  # (type, U.S., Chinese)
    places: dict[str, int]  # ISO 3166-2 code → partnerships with a participant there
    applications: list[YearOfApplications]

    @property
    def cohort_rows(self) -> list[tuple[int, int, int]]:
        """(year, partnerships listed, selected but not named) for every cohort, 2014's six
        unnamed ones included."""
        listed = dict(self.per_cohort)
        years = sorted(set(listed) | set(self.unlisted_per_cohort))
        return [(y, listed.get(y, 0), self.unlisted_per_cohort.get(y, 0)) for y in years]

    @property
    def us_places(self) -> dict[str, int]:
        """The U.S. states covered."""
        return {code: n for code, n in self.places.items() if code.startswith("US-")}

    @property
    def chinese_places(self) -> dict[str, int]:
        """The Chinese provinces covered."""
        return {code: n for code, n in self.places.items() if code.startswith("CN-")}


def program_statistics() -> ProgramStatistics:
    """Partnerships per cohort, focus area, organization type and place, and applications
    against selections for every call whose decisions are published. Five queries."""
    per_cohort = db.session.execute(
        select(Partnership.cohort_year, func.count(Partnership.id))
        .where(PUBLIC_PARTNERSHIP)
        .group_by(Partnership.cohort_year)
        .order_by(Partnership.cohort_year)
    ).all()
    areas = dict(
        db.session.execute(
            select(PartnershipFocusArea.focus_area, func.count(distinct(Partnership.id)))
            .join(Partnership, Partnership.id == PartnershipFocusArea.partnership_id)
            .where(PUBLIC_PARTNERSHIP)
            .group_by(PartnershipFocusArea.focus_area)
        ).all()
    )
    types: dict[tuple[OrganizationType, Country], int] = {
        (kind, country): count
        for kind, country, count in db.session.execute(
            select(Organization.type, Organization.country, func.count(distinct(Organization.id)))
            .join(PartnershipParticipant, PartnershipParticipant.organization_id == Organization.id)
            .join(Partnership, Partnership.id == PartnershipParticipant.partnership_id)
            .where(PUBLIC_PARTNERSHIP)
            .group_by(Organization.type, Organization.country)
        ).all()
    }
    counted_states = (ProposalState.SUBMITTED, ProposalState.SELECTED, ProposalState.DECLINED)
    applied: dict[int, tuple[int, int]] = {
        year: (count, resubmitted)
        for year, count, resubmitted in db.session.execute(
            select(
                Solicitation.year, func.count(Proposal.id), func.count(Proposal.resubmission_of_id)
            )
            .outerjoin(
                Proposal,
                (Proposal.solicitation_id == Solicitation.id) & Proposal.state.in_(counted_states),
            )
            .where(Solicitation.status.in_(DECIDED_STATUSES))
            .group_by(Solicitation.year)
        ).all()
    }
    selections = dict(per_cohort)
    unlisted = unlisted_selections()
    return ProgramStatistics(
        per_cohort=[(year, count) for year, count in per_cohort],
        unlisted_per_cohort=unlisted,
        per_focus_area=[(area, areas.get(area, 0)) for area in FocusArea],
        organizations_per_type=[
            (kind, types.get((kind, Country.US), 0), types.get((kind, Country.CN), 0))
            for kind in OrganizationType
        ],
        places=partnerships_per_place(),
        applications=[
            YearOfApplications(
                year,
                applied.get(year, (0, 0))[0] or None,
                selections.get(year, 0),
                unlisted.get(year, 0),
                applied.get(year, (0, 0))[1],
            )
            for year in sorted(set(applied) | set(selections) | set(unlisted))
        ],
    )


def unlisted_selections() -> dict[int, int]:
    """Year → partnerships its published call selected that no record names (only the years
    that have any). The one place the pages and the API learn how the record is incomplete."""
    return dict(
        db.session.execute(
            select(Solicitation.year, Solicitation.unlisted_selections).where(
                Solicitation.status.in_(DECIDED_STATUSES), Solicitation.unlisted_selections > 0
            )
        ).all()
    )


# --- the version of the public data, for HTTP validators and the cache of whole pages ----------


@dataclass(frozen=True)
class DataVersion:
    """A fingerprint of everything the public site shows, and when it last changed."""

    token: str
    last_modified: datetime | None


@cache
def _version_statement() -> Select[Any]:
    """The version's one statement, built once (building it costs more than running it)."""
    moment = bindparam("moment", type_=UTCDateTime())
    passed = (
        select(func.count())
        .select_from(Solicitation)
        .where(Solicitation.opens_at <= moment)
        .scalar_subquery()
        .label("opened"),
        select(func.count())
        .select_from(Solicitation)
        .where(Solicitation.closes_at <= moment)
        .scalar_subquery()
        .label("closed"),
    )
    # Issue 18: a published notice leaves the public face the day after its end date, with no
    # write; how many have expired by today counts too (read from ix_partner_notice_standing).
    # The last of them ended on `last_ended`: the public data changed the day after.
    expired_notices = (
        PartnerNotice.state == NoticeState.PUBLISHED,
        PartnerNotice.ends_on < (bindparam("today", type_=Date())),
    )
    expired = (
        select(func.count()).where(*expired_notices).scalar_subquery().label("expired"),
        select(func.max(PartnerNotice.ends_on))
        .where(*expired_notices)
        .scalar_subquery()
        .label("last_ended"),
    )
    return select(
        StoredVersion.epoch, StoredVersion.counter, StoredVersion.changed_at, *passed, *expired
    ).where(StoredVersion.id == ROW_ID)


def _day_after(last_day: date | str) -> datetime:
    """The midnight (UTC) after a notice's last day, when it leaves the public face (a string
    on SQLite, where a subquery's type is not always kept)."""
    ended = date.fromisoformat(str(last_day)[:10]) + timedelta(days=1)
    return datetime.combine(ended, time(), tzinfo=UTC)


def public_data_version(
    connection: Connection | None = None, moment: datetime | None = None
) -> DataVersion:
    """One query, of one row by its key and the few calls' times: what a cached public page
    is keyed by at `moment` (by default now) — on `connection` (the one the fast path keeps),
    else the request's session.

    The row (`app.data_version`) changes with every committed write to a public record. A call
    opening or closing changes the home page and the calls' pages without any write, so how
    many openings and deadlines have already passed counts too (a handful of calls: nothing to
    index), and so do the partner-search notices past their end date (issue 18), which leave
    the profiles and the open data the day after without any write.
    """
    moment = moment or clock.now()
    row = (
        (connection or db.session.connection())
        .execute(_version_statement(), {"moment": moment, "today": moment.date()})
        .one_or_none()
    )
    if row is None:  # a database created without its row: nothing can be trusted to hold
        return DataVersion(token=f"none-{moment.timestamp()}", last_modified=None)
    epoch, counter, changed_at, opened, closed, expired, last_ended = row
    if last_ended is not None:
        changed_at = max(changed_at, _day_after(last_ended))
    return DataVersion(
        token=f"{epoch}.{counter}.{opened}.{closed}.{expired}", last_modified=changed_at
    )


@cache
def _next_change_statement() -> Select[datetime, datetime, date]:
    """When the time-bound terms of `_version_statement` next change with no write: the next
    call opening or closing, and the end date of the next published notice still standing."""
    moment = bindparam("moment", type_=UTCDateTime())
    return select(
        select(func.min(Solicitation.opens_at))
        .where(Solicitation.opens_at > moment)
        .scalar_subquery(),
        select(func.min(Solicitation.closes_at))
        .where(Solicitation.closes_at > moment)
        .scalar_subquery(),
        select(func.min(PartnerNotice.ends_on))
        .where(
            PartnerNotice.state == NoticeState.PUBLISHED,
            PartnerNotice.ends_on >= bindparam("today", type_=Date()),
        )
        .scalar_subquery(),
    )


def next_version_change(connection: Connection, moment: datetime) -> datetime | None:
    """The first moment after `moment` when `public_data_version` changes without any write
    (None: never), so that a reader who learns the stored row has not moved may keep the
    version it read until then: a call opens or closes at its time, a notice leaves the public
    face at the midnight (UTC) after its end date."""
    opens, closes, ends_on = connection.execute(
        _next_change_statement(), {"moment": moment, "today": moment.date()}
    ).one()
    leaves = _day_after(ends_on) if ends_on is not None else None
    return min((m for m in (opens, closes, leaves) if m is not None), default=None)
