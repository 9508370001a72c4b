"""The public read model: what the public may see of partnerships, their updates and
organizations, and of the calls, read by the public pages, the API, the feeds and the PDFs.

Each rule is decided here, once (the rules below): published public updates, done milestones
marked as Key Accomplishments, the work plan of partnerships that are not withdrawn, the calls
from their opening on, the public cohorts. Organizations' public profiles are read, with the
same rules of partnerships and updates, by ``app.organizations.queries``.
Signed-in reads stay in each domain's ``queries.py``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Any

from sqlalchemy import ColumnElement, Select, distinct, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.db import Page
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
from app.search.queries import search_hits
from app.solicitations.models import Solicitation
from app.solicitations.queries import PUBLIC_SOLICITATION_STATUSES
from app.updates.models import ProgressUpdate

# --- what the public may see: each rule spelled once, here ------------------------------------
# A withdrawn partnership leaves the public record; an update is public once a chair published
# it and only if it was written for the public; a call is public from its opening on (a draft
# is the chairs' work). Organizations' profiles are public (`app.organizations.queries`).

PUBLIC_STATUSES = (PartnershipStatus.ACTIVE, PartnershipStatus.GRADUATED)
PUBLIC_PARTNERSHIP = Partnership.is_public.expression
PUBLIC_UPDATE = ProgressUpdate.is_published_publicly.expression
PUBLIC_SOLICITATION = Solicitation.status.in_(PUBLIC_SOLICITATION_STATUSES)

# An update is shown with its partnership's names and address, never its focus areas.
_WITH_PARTNERSHIP = selectinload(ProgressUpdate.partnership).lazyload(Partnership.focus_areas)


def published_updates(
    partnership: Partnership | None = None, *, limit: int | None = 20
) -> Sequence[ProgressUpdate]:
    """Published public updates, newest first; of one partnership, or of all."""
    statement = (
        select(ProgressUpdate)
        .where(PUBLIC_UPDATE)
        .order_by(ProgressUpdate.published_at.desc(), ProgressUpdate.id.desc())
    )
    if partnership is not None:
        # Their partnership is in the session already: `update.partnership` costs no query.
        statement = statement.where(ProgressUpdate.partnership_id == partnership.id)
    else:
        statement = statement.options(_WITH_PARTNERSHIP)
    if limit is not None:
        statement = statement.limit(limit)
    return db.session.scalars(statement).all()


def key_accomplishments(partnership: Partnership) -> Sequence[Milestone]:
    """Done milestones the partners chose to feature, most recent first."""
    return db.session.scalars(
        select(Milestone)
        .where(
            Milestone.partnership_id == partnership.id,
            Milestone.status == MilestoneStatus.DONE,
            Milestone.is_key_accomplishment.is_(True),
        )
        .order_by(Milestone.completed_on.desc(), Milestone.number)
    ).all()


def work_plan(partnership: Partnership) -> list[tuple[int, list[Milestone]]]:
    """The milestones by pilot year: [(1, [...]), (2, [...]), (3, [...])]."""
    milestones = db.session.scalars(
        select(Milestone)
        .where(Milestone.partnership_id == partnership.id)
        .order_by(Milestone.pilot_year, Milestone.number)
    ).all()
    return [(year, list(items)) for year, items in groupby(milestones, key=lambda m: m.pilot_year)]


# --- the public directory, its map, organizations and the updates list ------------------------
# Every read below returns its records in a fixed number of queries whatever the data size, so
# the pages, the API, the CSV download and the feeds built on them stay fast as the program grows.


class DirectorySort(enum.StrEnum):
    """The orders the directory can be read in; ``-`` means descending. Relevance ranks a
    search's results (`app.search.queries`); without a search text it is the newest cohort
    first."""

    RELEVANCE = "relevance"
    COHORT_DESC = "-cohort"
    COHORT = "cohort"
    NAME = "name"
    NAME_DESC = "-name"


_DIRECTORY_ORDER = {
    DirectorySort.COHORT_DESC: (
        Partnership.cohort_year.desc(),
        Partnership.name_en,
        Partnership.id,
    ),
    DirectorySort.COHORT: (Partnership.cohort_year, Partnership.name_en, Partnership.id),
    DirectorySort.NAME: (Partnership.name_en, Partnership.id),
    DirectorySort.NAME_DESC: (Partnership.name_en.desc(), Partnership.id.desc()),
}


@dataclass(frozen=True)
class DirectoryFilters:
    """What a reader narrowed the directory to; all empty means every public partnership."""

    text: str = ""
    cohort_year: int | None = None
    focus_area: FocusArea | None = None
    status: PartnershipStatus | None = None
    us_state: str | None = None  # ISO 3166-2, e.g. "US-UT"
    cn_province: str | None = None  # ISO 3166-2, e.g. "CN-QH"
    organization_type: OrganizationType | None = None
    sort: DirectorySort = DirectorySort.COHORT_DESC

    def without_places(self) -> DirectoryFilters:
        """The same filters, anywhere: the map counts every place under the other filters."""
        return replace(self, us_state=None, cn_province=None)


def _participating(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    """Partnerships with at least one participant organization matching `condition`."""
    return Partnership.id.in_(
        select(PartnershipParticipant.partnership_id)
        .join(Organization, Organization.id == PartnershipParticipant.organization_id)
        .where(condition)
    )


def _directory_conditions(
    filters: DirectoryFilters, *, searched: bool = True
) -> list[ColumnElement[bool]]:
    """What `filters` ask of a partnership; the search text too unless `searched` is False
    (`_in_order` joins the search's hits instead)."""
    conditions: list[ColumnElement[bool]] = [PUBLIC_PARTNERSHIP]
    if filters.cohort_year is not None:
        conditions.append(Partnership.cohort_year == filters.cohort_year)
    if filters.status is not None:
        conditions.append(Partnership.status == filters.status)
    if filters.focus_area is not None:
        conditions.append(
            Partnership.id.in_(
                select(PartnershipFocusArea.partnership_id).where(
                    PartnershipFocusArea.focus_area == filters.focus_area
                )
            )
        )
    for code in (filters.us_state, filters.cn_province):
        if code:
            conditions.append(_participating(Organization.subdivision_code == code))
    if filters.organization_type is not None:
        conditions.append(_participating(Organization.type == filters.organization_type))
    hits = search_hits(filters.text) if searched else None
    if hits is not None:
        conditions.append(Partnership.id.in_(select(hits.c.partnership_id)))
    return conditions


def _in_order(statement: Select[Any], filters: DirectoryFilters) -> Select[Any]:
    """`statement` over the partnerships `filters` select, in the order they ask for: by the
    search's rank, then newest cohort first, for relevance."""
    hits = search_hits(filters.text) if filters.sort == DirectorySort.RELEVANCE else None
    if hits is None:
        order = _DIRECTORY_ORDER.get(filters.sort, _DIRECTORY_ORDER[DirectorySort.COHORT_DESC])
        return statement.where(*_directory_conditions(filters)).order_by(*order)
    return (
        statement.join(hits, hits.c.partnership_id == Partnership.id)
        .where(*_directory_conditions(filters, searched=False))
        .order_by(hits.c.rank, *_DIRECTORY_ORDER[DirectorySort.COHORT_DESC])
    )


def _with_organizations(statement: Select[Any]) -> Select[Any]:
    return statement.options(
        selectinload(Partnership.participants).selectinload(PartnershipParticipant.organization)
    )


def ordered_participants(partnership: Partnership) -> list[PartnershipParticipant]:
    """U.S. organizations first, each side's lead first, then by English name."""
    return sorted(
        partnership.participants,
        key=lambda p: (
            p.organization.country != Country.US,
            p.role != ParticipantRole.LEAD,
            p.organization.name_en,
        ),
    )


def participant_places(partnership: Partnership, country: Country) -> list[str]:
    """The ISO 3166-2 codes of the states or provinces of `country` where it has participants."""
    return sorted(
        {
            p.organization.subdivision_code
            for p in partnership.participants
            if p.organization.country == country
        }
    )


@dataclass(frozen=True)
class DirectoryEntry:
    """A partnership as the directory's table shows it, in plain values: what a cache may keep
    across requests (`app.public.caching.cached_directory_entries`), where records may not."""

    slug: str
    name_en: str
    name_zh: str
    cohort_year: int
    status: PartnershipStatus
    focus_areas: tuple[FocusArea, ...]
    us_states: tuple[str, ...]
    chinese_provinces: tuple[str, ...]


def directory_entry(partnership: Partnership) -> DirectoryEntry:
    """The directory's row of `partnership` (its participants' organizations loaded)."""
    return _entry(
        (
            partnership.slug,
            partnership.name_en,
            partnership.name_zh,
            partnership.cohort_year,
            partnership.status,
        ),
        [area.focus_area for area in partnership.focus_areas],
        [
            (p.organization.country, p.organization.subdivision_code)
            for p in partnership.participants
        ],
    )


def directory_entries(ids: Iterable[int]) -> dict[int, DirectoryEntry]:
    """The directory's rows of those of the partnerships `ids` the public may see, by id, read
    as columns (three statements, no records built: a new search's page pays for 25 rows, not
    for 25 partnerships with their participants and organizations)."""
    wanted = list(ids)
    if not wanted:
        return {}
    heads = {
        row[0]: row[1:]
        for row in db.session.execute(
            select(
                Partnership.id,
                Partnership.slug,
                Partnership.name_en,
                Partnership.name_zh,
                Partnership.cohort_year,
                Partnership.status,
            ).where(Partnership.id.in_(wanted), PUBLIC_PARTNERSHIP)
        )
    }
    areas: dict[int, list[FocusArea]] = {}
    for partnership_id, area in db.session.execute(
        select(PartnershipFocusArea.partnership_id, PartnershipFocusArea.focus_area).where(
            PartnershipFocusArea.partnership_id.in_(wanted)
        )
    ):
        areas.setdefault(partnership_id, []).append(area)
    places: dict[int, list[tuple[Country, str]]] = {}
    for partnership_id, country, code in db.session.execute(
        select(
            PartnershipParticipant.partnership_id,
            Organization.country,
            Organization.subdivision_code,
        )
        .join(Organization, Organization.id == PartnershipParticipant.organization_id)
        .where(PartnershipParticipant.partnership_id.in_(wanted))
    ):
        places.setdefault(partnership_id, []).append((country, code))
    return {
        i: _entry(tuple(head), areas.get(i, []), places.get(i, [])) for i, head in heads.items()
    }


def _entry(
    head: tuple[Any, ...],
    focus_areas: list[FocusArea],
    places: list[tuple[Country, str]],
) -> DirectoryEntry:
    """A row from (slug, names, cohort, status), its focus areas and its participants' places."""
    slug, name_en, name_zh, cohort_year, status = head

    def codes(country: Country) -> tuple[str, ...]:
        return tuple(sorted({code for where, code in places if where == country}))

    return DirectoryEntry(
        slug=slug,
        name_en=name_en,
        name_zh=name_zh,
        cohort_year=cohort_year,
        status=status,
        focus_areas=tuple(sorted(focus_areas)),
        us_states=codes(Country.US),
        chinese_provinces=codes(Country.CN),
    )


def public_partnership(slug: str) -> Partnership | None:
    """The partnership at `slug`, with its participant organizations, if the public may see it."""
    return db.session.scalar(
        _with_organizations(select(Partnership).where(Partnership.slug == slug, PUBLIC_PARTNERSHIP))
    )


def directory_total(filters: DirectoryFilters) -> int:
    """How many public partnerships `filters` select."""
    conditions = _directory_conditions(filters)
    return db.session.scalar(select(func.count(Partnership.id)).where(*conditions)) or 0


def directory_page(filters: DirectoryFilters, *, page: int, per_page: int) -> Page[Partnership]:
    """One page of the public directory under `filters`, with participant organizations."""
    ids, total = directory_ids_and_total(filters, page=page, per_page=per_page)
    return Page(items=partnerships_in_order(ids), number=page, per_page=per_page, total=total)


def directory_ids_and_total(
    filters: DirectoryFilters, *, page: int, per_page: int
) -> tuple[tuple[int, ...], int]:
    """The ids of one page of the directory under `filters`, in order, and how many there are
    in all: what a cache may keep (`app.public.caching.cached_directory_page`), where records
    may not be kept.

    A search reads both in one statement, the count riding along the page as a window over
    every match, so its matches are found and ranked once rather than once more to be counted
    (a page past the last counts on its own). Without a search the page stops at its last row
    by the order's index, and the count is its own statement."""
    statement = _in_order(select(Partnership.id), filters)
    window = (page - 1) * per_page
    if not filters.text:
        ids = db.session.scalars(statement.limit(per_page).offset(window))
        return tuple(ids), directory_total(filters)
    rows = db.session.execute(
        statement.add_columns(func.count().over()).limit(per_page).offset(window)
    ).all()
    if not rows:
        return (), directory_total(filters) if page > 1 else 0
    return tuple(row[0] for row in rows), rows[0][1]


def partnerships_in_order(ids: Sequence[int]) -> list[Partnership]:
    """The public partnerships `ids`, in that order, with participant organizations."""
    if not ids:
        return []
    # Participants and their organizations joined in one query: for one page, a fifth faster
    # than loading them in two more.
    found = {
        p.id: p
        for p in db.session.scalars(
            select(Partnership)
            .where(Partnership.id.in_(list(ids)), PUBLIC_PARTNERSHIP)
            .options(
                joinedload(Partnership.participants).joinedload(PartnershipParticipant.organization)
            )
        ).unique()
    }
    return [found[i] for i in ids if i in found]


def directory_rows(filters: DirectoryFilters) -> Sequence[Partnership]:
    """Every partnership under `filters`, for the CSV download: one query, however many."""
    return (
        db.session.scalars(
            _in_order(select(Partnership), filters).options(
                joinedload(Partnership.participants).joinedload(
                    PartnershipParticipant.organization
                ),
                joinedload(Partnership.focus_areas),
            )
        )
        .unique()
        .all()
    )


def partnerships_per_place(filters: DirectoryFilters | None = None) -> dict[str, int]:
    """How many public partnerships (under `filters`) have a participant in each state or
    province, by ISO 3166-2 code."""
    conditions = _directory_conditions(filters or DirectoryFilters())
    return {
        code: count
        for code, count in db.session.execute(
            select(Organization.subdivision_code, func.count(distinct(Partnership.id)))
            .join(PartnershipParticipant, PartnershipParticipant.organization_id == Organization.id)
            .join(Partnership, Partnership.id == PartnershipParticipant.partnership_id)
            .where(*conditions)
            .group_by(Organization.subdivision_code)
        ).all()
    }


def public_cohort_years() -> list[int]:
    """The cohort years of public partnerships, newest first."""
    return list(
        db.session.scalars(
            select(Partnership.cohort_year)
            .where(PUBLIC_PARTNERSHIP)
            .distinct()
            .order_by(Partnership.cohort_year.desc())
        )
    )


def places_with_partnerships() -> set[str]:
    """The ISO 3166-2 codes of the states and provinces where public partnerships are.

    Place by place (a hundred at most, read from the index on the code), the first
    organization there in a public partnership is enough: joining every participant first
    and then removing duplicates costs a pass over all of them."""
    code = select(Organization.subdivision_code.label("code")).distinct().subquery()
    somewhere = (
        select(PartnershipParticipant.partnership_id)
        .join(Organization, Organization.id == PartnershipParticipant.organization_id)
        .join(Partnership, Partnership.id == PartnershipParticipant.partnership_id)
        .where(Organization.subdivision_code == code.c.code, PUBLIC_PARTNERSHIP)
        .exists()
    )
    return set(db.session.scalars(select(code.c.code).where(somewhere)))


def published_updates_total(partnership: Partnership | None = None) -> int:
    """How many published public updates public partnerships have (or `partnership` has).

    Every published public update, less those of withdrawn partnerships: the first count is
    read from the index on (state, visibility, …) alone, the second goes through the few
    withdrawn partnerships."""
    if partnership is not None:
        return (
            db.session.scalar(
                select(func.count(ProgressUpdate.id))
                .join(Partnership, Partnership.id == ProgressUpdate.partnership_id)
                .where(
                    PUBLIC_UPDATE,
                    PUBLIC_PARTNERSHIP,
                    ProgressUpdate.partnership_id == partnership.id,
                )
            )
            or 0
        )
    published = select(func.count()).select_from(ProgressUpdate).where(PUBLIC_UPDATE)
    # Counted per withdrawn partnership (ix_progress_update_partnership_public): as a join,
    # SQLite walked every published update to its partnership (116 ms at 10,000 partnerships,
    # against 1 ms).
    of_one = (
        select(func.count())
        .select_from(ProgressUpdate)
        .where(PUBLIC_UPDATE, ProgressUpdate.partnership_id == Partnership.id)
        .correlate(Partnership)
        .scalar_subquery()
    )
    withdrawn = select(func.sum(of_one)).where(~PUBLIC_PARTNERSHIP)
    row = db.session.execute(select(published.scalar_subquery(), withdrawn.scalar_subquery()))
    total, hidden = row.one()
    return (total or 0) - (hidden or 0)


def _published_updates_in_order(conditions: list[ColumnElement[bool]]) -> Select[Any]:
    """Published public updates of public partnerships under `conditions`, newest first (in
    the order of `ix_progress_update_public_order`)."""
    return (
        select(ProgressUpdate)
        .join(Partnership, Partnership.id == ProgressUpdate.partnership_id)
        .where(PUBLIC_UPDATE, PUBLIC_PARTNERSHIP, *conditions)
        .options(_WITH_PARTNERSHIP)
        .order_by(ProgressUpdate.published_at.desc(), ProgressUpdate.id.desc())
    )


def latest_published_updates(limit: int) -> Sequence[ProgressUpdate]:
    """The newest published public updates of public partnerships, without counting them
    all (the home page and the feed show a few and no pages)."""
    return db.session.scalars(_published_updates_in_order([]).limit(limit)).all()


def published_updates_page(
    *,
    page: int,
    per_page: int,
    partnership: Partnership | None = None,
    total: int | None = None,
) -> Page[ProgressUpdate]:
    """One page of published public updates of public partnerships, newest first.

    `total`, when the caller already knows it (`published_updates_total`), saves counting."""
    conditions = []
    if partnership is not None:
        conditions.append(ProgressUpdate.partnership_id == partnership.id)
    if total is None:
        total = published_updates_total(partnership)
    items = db.session.scalars(
        _published_updates_in_order(conditions).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return Page(items=items, number=page, per_page=per_page, total=total)
