"""Every public page, feed, download and API route runs the same number of SQL queries with
10 partnerships as with 200 (none of them loads records one by one), and never more than 10."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import permissions
from app.accounts.models import Language
from app.extensions import db
from app.focus_areas import FocusArea
from app.notices.models import NoticeFocusArea, NoticeRegion, NoticeState, PartnerNotice
from app.organizations import queries as organization_queries
from app.organizations.models import Country, Organization, OrganizationType
from app.partnerships.models import (
    Milestone,
    MilestoneStatus,
    Partnership,
    PartnershipFocusArea,
    PartnershipParticipant,
    PartnershipStatus,
)
from app.proposals.models import DeliverableKind, ParticipantRole
from app.public import caching
from app.public.caching import forget_derived
from app.solicitations.models import SolicitationStatus
from app.updates.models import ProgressUpdate, UpdateState, Visibility
from tests.factories import make_organization
from tests.public.factories import make_solicitation

US_STATES = ["US-UT", "US-OH", "US-CA", "US-NY", "US-TX", "US-WA"]
PROVINCES = ["CN-QH", "CN-BJ", "CN-SH", "CN-AH", "CN-GD", "CN-SC"]
AREAS = list(FocusArea)


def _grow(start: int, stop: int) -> None:
    """Partnerships number `start` to `stop` - 1, each with two organizations, two milestones
    and three updates (two public), added in bulk."""
    organizations = []
    for n in range(start, stop):
        organizations += [
            Organization(name_en=f"Budget U.S. {n}", name_zh=f"美方{n}", country=Country.US,
                         type=OrganizationType.UNIVERSITY, subdivision_code=US_STATES[n % 6]),
            Organization(name_en=f"Budget China {n}", name_zh=f"中方{n}", country=Country.CN,
                         type=OrganizationType.ENTERPRISE, subdivision_code=PROVINCES[n % 6]),
        ]  # fmt: skip
    db.session.add_all(organizations)
    db.session.flush()
    partnerships = []
    for index, n in enumerate(range(start, stop)):
        us, cn = organizations[2 * index], organizations[2 * index + 1]
        begins = date(2011 + n % 15, 9, 1)
        partnerships.append(
            Partnership(
                slug=f"budget-{n:04d}",
                cohort_year=begins.year,
                name_en=f"Budget U.S. {n} – Budget China {n}",
                name_zh=f"美方{n}—中方{n}",
                goal_en="A goal.",
                pilot_starts_on=begins,
                pilot_ends_on=begins + timedelta(days=1096),
                signed_on=begins,
                status=PartnershipStatus.GRADUATED if n % 2 else PartnershipStatus.ACTIVE,
                participants=[
                    PartnershipParticipant(organization_id=us.id, role=ParticipantRole.LEAD),
                    PartnershipParticipant(organization_id=cn.id, role=ParticipantRole.PARTNER),
                ],
                focus_areas=[PartnershipFocusArea(focus_area=AREAS[n % len(AREAS)])],
            )
        )
    db.session.add_all(partnerships)
    db.session.flush()
    rows: list[object] = []
    for n, partnership in zip(range(start, stop), partnerships, strict=True):
        rows += [
            Milestone(partnership_id=partnership.id, pilot_year=1, number=1, title_en="Done",
                      due_on=date(2026, 1, 1), status=MilestoneStatus.DONE,
                      completed_on=date(2025, 12, 1), is_key_accomplishment=True),
            Milestone(partnership_id=partnership.id, pilot_year=2, number=1, title_en="Next",
                      due_on=date(2027, 1, 1)),
        ]  # fmt: skip
        for k, (state, visibility) in enumerate(
            [(UpdateState.PUBLISHED, Visibility.PUBLIC)] * 2
            + [(UpdateState.PUBLISHED, Visibility.SECRETARIAT)]
        ):
            rows.append(
                ProgressUpdate(
                    partnership_id=partnership.id,
                    title=f"Update {k} of {n}",
                    body="Body",
                    language=Language.EN,
                    visibility=visibility,
                    state=state,
                    submitted_at=datetime(2026, 1, 1, tzinfo=UTC),
                    published_at=datetime(2026, 1, 1 + k, tzinfo=UTC) + timedelta(minutes=n),
                )
            )
    # Issue 18: a standing notice of each U.S. organization, with a region and a focus area.
    rows += [
        PartnerNotice(organization_id=us.id, offer_en="Offer", seeking_en="Seeking",
                      deliverable_kind=DeliverableKind.PROGRAM, ends_on=date(2099, 1, 1),
                      state=NoticeState.PUBLISHED, submitted_at=datetime(2026, 1, 1, tzinfo=UTC),
                      published_at=datetime(2026, 1, 2, tzinfo=UTC),
                      focus_areas=[NoticeFocusArea(focus_area=AREAS[n % len(AREAS)])],
                      regions=[NoticeRegion(subdivision_code=PROVINCES[n % 6])])
        for n, us in zip(range(start, stop), organizations[::2], strict=True)
    ]  # fmt: skip
    db.session.add_all(rows)
    db.session.flush()


def _urls(app: Flask) -> list[str]:
    """Every public GET route (the first partnership, organization and call as examples), and
    the lists filtered, searched and paged."""
    example = {"slug": "budget-0000", "organization_id": "", "year": "2027", "notice_id": ""}
    example["organization_id"] = str(
        db.session.scalar(db.select(Organization.id).where(Organization.name_en == "Budget U.S. 0"))
    )
    example["notice_id"] = str(db.session.scalar(db.select(db.func.min(PartnerNotice.id))))
    urls = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if not rule.endpoint.startswith(("public.", "api.")) or "GET" not in rule.methods:
            continue
        if getattr(view, "permission", None) is not permissions.anyone:
            continue
        if rule.endpoint == "public.switch_language":
            continue  # not a page: sets the language cookie and redirects
        urls.append(re.sub(r"<(?:\w+:)?(\w+)>", lambda m: example[m.group(1)], rule.rule))
    # Pages that hold records at both sizes (an empty page would skip its loading queries).
    urls += [
        "/partnerships?q=budget&us_state=US-UT&sort=name",
        "/partnerships?cn_province=CN-QH&organization_type=university",
        "/partnerships/map?status=active",
        "/partnerships.csv?status=graduated",
        "/updates?page=2",
        "/api/v1/partnerships?q=china&per_page=4&page=2",
        "/api/v1/organizations?country=CN&per_page=100",
        "/api/v1/updates?partnership=budget-0000",
        "/api/v1/updates?per_page=5&page=3",
        # The organization directory (served by the organizations' blueprint; a profile is
        # counted in `test_an_organization_directory_page_costs_the_same_queries_at_any_size`).
        "/organizations?country=CN&q=china",
        "/api/v1/notices?subdivision=CN-QH&focus_area=clean_air",
    ]
    return urls


def _count(client: FlaskClient, urls: list[str], count_queries) -> dict[str, int]:  # type: ignore[no-untyped-def]
    counts = {}
    for url in urls:
        with count_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(statements)
    return counts


QUERY_BUDGET = 10  # SQL statements per public page, feed, download or API answer


@pytest.mark.parametrize("cache_entries", [0, 512], ids=["uncached", "derived-data-cache"])
def test_queries_do_not_grow_with_the_data(  # type: ignore[no-untyped-def]
    app: Flask,
    client: FlaskClient,
    count_queries,
    monkeypatch: pytest.MonkeyPatch,
    cache_entries: int,
) -> None:
    """Cold, and with the cache of derived data on also warm: the same number of queries at
    both sizes, never more than the budget; a warm answer never needs more than a cold one."""
    monkeypatch.setitem(app.config, "PUBLIC_DATA_CACHE_ENTRIES", cache_entries)
    # Rows remembered across pages would make a cold page's count depend on the pages before.
    monkeypatch.setattr(caching, "ENTRIES_KEPT", 0)
    forget_derived()
    make_solicitation(2027)
    make_solicitation(2011, status=SolicitationStatus.ARCHIVED)
    _grow(0, 10)
    urls = _urls(app)
    assert len(urls) >= 30
    small = _count(client, urls, count_queries)
    small_warm = _count(client, urls, count_queries) if cache_entries else small

    _grow(10, 200)
    assert db.session.scalar(db.select(db.func.count(Partnership.id))) == 200
    large = _count(client, urls, count_queries)
    large_warm = _count(client, urls, count_queries) if cache_entries else large
    forget_derived()

    grew = {url: (small[url], large[url]) for url in urls if small[url] != large[url]}
    assert not grew, grew
    grew_warm = {u: (small_warm[u], large_warm[u]) for u in urls if small_warm[u] != large_warm[u]}
    assert not grew_warm, grew_warm
    assert max(large.values()) <= QUERY_BUDGET, large
    assert all(large_warm[url] <= large[url] for url in urls), (large, large_warm)


def test_an_organization_directory_page_costs_the_same_queries_at_any_size(
    client, count_queries
) -> None:  # type: ignore[no-untyped-def]
    """The directory's page and a profile (its partnerships and their updates) read in the same
    number of queries with 2 or 10 partnerships' worth of organizations."""

    def cost(start: int, stop: int) -> tuple[int, int]:
        _grow(start, stop)
        for _ in range(stop - start):
            make_organization(focus_areas=(FocusArea.CLEAN_AIR, FocusArea.CLEAN_WATER))
        profile = db.session.scalar(
            db.select(Organization.id).where(Organization.name_en == "Budget U.S. 0")
        )
        db.session.expire_all()  # what a request finds: nothing loaded yet
        with count_queries() as statements:
            page = organization_queries.directory_page(
                organization_queries.OrganizationFilters(), page=1, per_page=25
            )
            areas = [a.focus_area for o in page.items for a in o.focus_areas]
            organization_queries.public_partnerships_of(page.items)
        assert areas
        db.session.expire_all()
        with count_queries() as profile_statements:
            assert client.get(f"/organizations/{profile}").status_code == 200
        return len(statements), len(profile_statements)

    # Directory: count, page, their focus areas, their partnerships. Profile: the organization,
    # its partnerships, their updates, its focus areas (and the signed-out visitor's none).
    assert cost(0, 2) == cost(2, 10)
    assert cost(10, 12)[0] == 4
