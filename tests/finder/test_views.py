"""The finder's page: anyone picks an organization, a member finds theirs chosen, the
directory's filters narrow the results, both languages, and bad input is told at its field."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.focus_areas import FocusArea
from app.organizations.models import Country, OrganizationType
from tests.factories import make_user
from tests.finder.test_ranking import make_organization

AIR = FocusArea.CLEAN_AIR


def _world() -> tuple:  # type: ignore[type-arg]
    seeker = make_organization(
        country=Country.CN,
        name_en="Xining City",
        name_zh="西宁市",
        type=OrganizationType.CITY_GOVERNMENT,
        focus_areas=[AIR],
        description="Air quality monitoring across the city.",
    )
    county = make_organization(
        country=Country.US,
        name_en="Salt Lake County",
        name_zh="盐湖县",
        subdivision_code="US-UT",
        type=OrganizationType.UNIVERSITY,
        focus_areas=[AIR],
        description="Air quality research and monitoring stations.",
    )
    ohio = make_organization(
        country=Country.US,
        name_en="Ohio Air Lab",
        subdivision_code="US-OH",
        type=OrganizationType.ENTERPRISE,
        focus_areas=[AIR],
    )
    same = make_organization(country=Country.CN, name_en="Lanzhou Air", focus_areas=[AIR])
    return seeker, county, ohio, same


def test_anyone_picks_an_organization_and_reads_why(client: FlaskClient) -> None:
    seeker, county, _ohio, _same = _world()
    page = client.get(f"/partners?organization={seeker.id}&lang=en").get_data(as_text=True)
    results = page[page.index('id="results-heading"') :]
    assert "Counterparts for Xining City" in results
    assert results.index("Salt Lake County") < results.index("Ohio Air Lab")
    assert "盐湖县" in results  # the other language's name too
    assert "Lanzhou Air" not in results and "Xining City</a>" not in results
    assert "Shares 1 focus area: Clean air (+3)" in results
    assert "a university brings research and monitoring" in results
    assert "Similar description: " in results and "monitoring" in results
    assert f'href="/organizations/{county.id}"' in results
    combo = page[page.index('class="usa-combo-box"') :]
    assert f'<option selected value="{seeker.id}">' in combo


def test_the_page_in_chinese(client: FlaskClient) -> None:
    seeker, *_ = _world()
    page = client.get(f"/partners?organization={seeker.id}&lang=zh").get_data(as_text=True)
    assert "盐湖县" in page and "Salt Lake County" in page
    assert "Find a partner across the Pacific" not in page
    assert "共有1个重点领域：清洁大气（+3）" in page
    assert "寻找太平洋彼岸的合作伙伴" in page and "排名理由" in page


def test_the_directory_filters_narrow_the_results(client: FlaskClient) -> None:
    seeker, *_ = _world()
    page = client.get(f"/partners?organization={seeker.id}&subdivision=US-OH").get_data(
        as_text=True
    )
    results = page[page.index('id="results-heading"') :]
    assert "Ohio Air Lab" in results and "Salt Lake County" not in results
    page = client.get(f"/partners?organization={seeker.id}&type=university").get_data(as_text=True)
    results = page[page.index('id="results-heading"') :]
    assert "Salt Lake County" in results and "Ohio Air Lab" not in results


def test_a_member_finds_their_own_organization_chosen(client: FlaskClient, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    seeker, *_ = _world()
    seeker.memberships  # noqa: B018
    mine = make_organization(member, country=Country.US, name_en="My Own Across", focus_areas=[AIR])
    from app import clock
    from app.extensions import db
    from app.organizations.models import OrganizationMember

    seeker.memberships.append(
        OrganizationMember(user=member, is_owner=False, joined_at=clock.now())
    )
    db.session.flush()
    login(member)
    page = client.get("/partners").get_data(as_text=True)
    results = page[page.index('id="results-heading"') :]
    # Their first organization by English name is chosen; their own are never listed.
    assert "Counterparts for My Own Across" in results
    assert "Xining City</a>" not in results
    page = client.get(f"/partners?organization={seeker.id}").get_data(as_text=True)
    results = page[page.index('id="results-heading"') :]
    assert "Salt Lake County" in results and f"{mine.name_en}</a>" not in results


def test_finding_by_name_offers_and_chooses_the_one_match(client: FlaskClient) -> None:
    _seeker, *_ = _world()
    page = client.get("/partners?who=西宁").get_data(as_text=True)
    assert "Counterparts for Xining City" in page
    page = client.get("/partners?who=Air").get_data(as_text=True)
    assert "Choose an organization to see its counterparts." in page
    assert "Ohio Air Lab" in page[page.index('class="usa-combo-box"') :]


def test_bad_input_is_told_at_its_field(client: FlaskClient) -> None:
    seeker, *_ = _world()
    for query in ("organization=999999", "organization=abc", "organization=1e9"):
        page = client.get(f"/partners?{query}&lang=en")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert 'id="organization-error"' in text and "Choose an organization from the list." in text
    text = client.get(f"/partners?organization={seeker.id}&subdivision=XX-99").get_data(
        as_text=True
    )
    assert 'id="subdivision-error"' in text
    assert "Please correct the filters to see counterparts." in text
    text = client.get(f"/partners?who={'x' * 101}").get_data(as_text=True)
    assert 'id="who-error"' in text


def test_markup_in_names_is_shown_as_text(client: FlaskClient) -> None:
    seeker, *_ = _world()
    make_organization(
        country=Country.US, name_en="<script>alert(1)</script> Air", focus_areas=[AIR]
    )
    text = client.get(f"/partners?organization={seeker.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Air" in text
