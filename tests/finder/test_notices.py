"""The finder and the partner-search notices: a notice is a seeker of its own (its focus areas,
wished regions and texts); a counterpart whose notice looks for the seeker's region ranks
higher and says so; a notice past its end date is gone from the finder at once."""

from __future__ import annotations

from datetime import timedelta

from flask.testing import FlaskClient
from flask_babel import force_locale

from app import clock
from app.finder.queries import rank
from app.finder.seekers import from_notice, from_organization
from app.focus_areas import FocusArea
from app.notices.models import NoticeState
from app.organizations.models import Country, OrganizationType
from tests.factories import make_user
from tests.finder.test_ranking import make_organization
from tests.notices.factories import make_notice

CN, US = Country.CN, Country.US


def _ids(results: list) -> list[int]:  # type: ignore[type-arg]
    return [r.organization.id for r in results]


def test_a_notice_ranks_by_its_own_focus_areas_regions_and_texts() -> None:
    city = make_organization(
        country=CN, subdivision_code="CN-GD", type=OrganizationType.CITY_GOVERNMENT,
        focus_areas=[FocusArea.CLEAN_AIR],
    )  # fmt: skip
    notice = make_notice(
        city,
        focus_areas=(FocusArea.CLEAN_WATER,),
        regions=("US-OR",),
        offer_en="Stormwater wetlands for a river city.",
        seeking_en="A county with wetland restoration experience.",
    )
    air = make_organization(country=US, subdivision_code="US-UT", focus_areas=[FocusArea.CLEAN_AIR])
    water = make_organization(
        country=US, subdivision_code="US-OR", focus_areas=[FocusArea.CLEAN_WATER],
        description="Wetland restoration along the county's rivers.",
    )  # fmt: skip
    by_notice = rank(from_notice(notice))
    assert _ids(by_notice)[0] == water.id
    best = by_notice[0]
    assert best.shared == (FocusArea.CLEAN_WATER,) and best.in_wished_region
    assert "wetland" in best.terms
    # The organization's own profile ranks the other way round.
    assert _ids(rank(from_organization(city)))[0] == air.id


def test_a_counterpart_whose_notice_seeks_the_seekers_region_ranks_higher_and_says_so() -> None:
    seeker = make_organization(
        country=CN, subdivision_code="CN-SC", focus_areas=[FocusArea.CLEAN_AIR]
    )
    quiet = make_organization(country=US, focus_areas=[FocusArea.CLEAN_AIR])
    seeking = make_organization(country=US, focus_areas=[FocusArea.CLEAN_AIR])
    make_notice(seeking, regions=("CN-SC", "CN-YN"))
    elsewhere = make_organization(country=US, focus_areas=[FocusArea.CLEAN_AIR])
    make_notice(elsewhere, regions=("CN-GD",))
    results = rank(from_organization(seeker))
    assert _ids(results)[0] == seeking.id
    assert results[0].wishes_for_seeker and results[0].notice is not None
    with force_locale("en"):
        assert "Its partner-search notice looks for a partner in Sichuan (+2)" in results[0].why
    others = {r.organization.id: r for r in results[1:]}
    assert not others[quiet.id].wishes_for_seeker and not others[elsewhere.id].wishes_for_seeker
    assert others[quiet.id].score == others[elsewhere.id].score


def test_a_notice_open_to_anywhere_seeks_every_region() -> None:
    seeker = make_organization(
        country=US, subdivision_code="US-MN", focus_areas=[FocusArea.CLEAN_AIR]
    )
    anywhere = make_organization(country=CN, focus_areas=[FocusArea.CLEAN_AIR])
    make_notice(anywhere, regions=())
    assert rank(from_organization(seeker))[0].wishes_for_seeker


def test_a_notice_past_its_end_date_or_withdrawn_counts_no_more() -> None:
    seeker = make_organization(
        country=CN, subdivision_code="CN-SC", focus_areas=[FocusArea.CLEAN_AIR]
    )
    seeking = make_organization(country=US, focus_areas=[FocusArea.CLEAN_AIR])
    make_notice(seeking, regions=("CN-SC",), ends_on=clock.today() - timedelta(days=1))
    withdrawn = make_organization(country=US, focus_areas=[FocusArea.CLEAN_AIR])
    make_notice(withdrawn, state=NoticeState.WITHDRAWN, regions=("CN-SC",))
    results = rank(from_organization(seeker))
    assert not any(r.wishes_for_seeker or r.notice for r in results)


def test_the_page_ranks_for_a_standing_notice_and_forgets_an_expired_one(
    client: FlaskClient,
) -> None:
    city = make_organization(
        country=CN, name_en="Shenzhen Water Office", focus_areas=[FocusArea.CLEAN_WATER]
    )
    notice = make_notice(city, focus_areas=(FocusArea.CLEAN_WATER,))
    county = make_organization(
        country=US, name_en="Lane County", focus_areas=[FocusArea.CLEAN_WATER]
    )
    page = client.get(f"/partners?notice={notice.id}").get_data(as_text=True)
    assert "For the partner-search notice of Shenzhen Water Office" in page
    assert "Lane County" in page and "Sign in to request an introduction" in page
    assert f'name="notice" type="hidden" value="{notice.id}"' in page  # kept by the filters
    profile = client.get(f"/organizations/{city.id}").get_data(as_text=True)
    assert f"/partners?notice={notice.id}" in profile

    notice.ends_on = clock.today() - timedelta(days=1)
    assert client.get(f"/partners?notice={notice.id}").status_code == 404
    assert county is not None


def test_a_member_of_the_other_side_is_offered_an_introduction(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    city = make_organization(member, country=CN, focus_areas=[FocusArea.CLEAN_WATER])
    county = make_organization(
        country=US, name_en="Lane County", focus_areas=[FocusArea.CLEAN_WATER]
    )
    login(member)
    page = client.get(f"/partners?organization={city.id}").get_data(as_text=True)
    assert f'href="/introductions/new/{county.id}"' in page
