"""The directory: its query, the page with filters, order and pages, the CSV and the map."""

from __future__ import annotations

import csv
import io

from flask_babel import force_locale, gettext

from app.extensions import db
from app.focus_areas import FocusArea
from app.organizations.models import Country, OrganizationType
from app.partnerships.models import PartnershipParticipant, PartnershipStatus
from app.proposals.models import ParticipantRole
from app.public.read_model import (
    DirectoryFilters,
    DirectorySort,
    directory_page,
    directory_rows,
    partnerships_per_place,
)
from tests.factories import make_organization
from tests.public.factories import make_partnership


def _slugs(filters: DirectoryFilters) -> list[str]:
    return [p.slug for p in directory_page(filters, page=1, per_page=50).items]


def test_the_directory_lists_active_and_graduated_partnerships_but_not_withdrawn_ones() -> None:
    active = make_partnership()
    graduated = make_partnership(status=PartnershipStatus.GRADUATED, cohort_year=2011)
    make_partnership(status=PartnershipStatus.WITHDRAWN)

    assert _slugs(DirectoryFilters()) == [active.slug, graduated.slug]


def test_each_filter_narrows_the_list() -> None:
    utah = make_partnership(us_state="US-UT", cn_province="CN-QH", cohort_year=2011,
                            focus_areas=(FocusArea.CLEAN_ELECTRICITY,))  # fmt: skip
    ohio = make_partnership(us_state="US-OH", cn_province="CN-AH", cohort_year=2012,
                            us_type=OrganizationType.UNIVERSITY,
                            status=PartnershipStatus.GRADUATED)  # fmt: skip

    assert _slugs(DirectoryFilters(us_state="US-OH")) == [ohio.slug]
    assert _slugs(DirectoryFilters(cn_province="CN-QH")) == [utah.slug]
    assert _slugs(DirectoryFilters(cohort_year=2012)) == [ohio.slug]
    assert _slugs(DirectoryFilters(focus_area=FocusArea.CLEAN_ELECTRICITY)) == [utah.slug]
    assert _slugs(DirectoryFilters(status=PartnershipStatus.GRADUATED)) == [ohio.slug]
    assert _slugs(DirectoryFilters(organization_type=OrganizationType.UNIVERSITY)) == [ohio.slug]
    assert _slugs(DirectoryFilters(us_state="US-OH", cn_province="CN-QH")) == []


def test_search_finds_names_in_both_languages_goals_and_participants() -> None:
    wetlands = make_partnership(
        name_en="Marsh Alliance – Lake Institute",
        name_zh="沼泽联盟—湖泊研究所",
        goal_en="Restore 100% of the wetlands",
        goal_zh="恢复湿地",
    )
    other = make_partnership(goal_en="Cleaner buses")

    assert _slugs(DirectoryFilters(text="marsh")) == [wetlands.slug]
    assert _slugs(DirectoryFilters(text="湖泊")) == [wetlands.slug]
    assert _slugs(DirectoryFilters(text="WETLANDS restore")) == [wetlands.slug]
    assert _slugs(DirectoryFilters(text="恢复湿地")) == [wetlands.slug]
    participant = other.participants[0].organization.name_en
    assert _slugs(DirectoryFilters(text=participant)) == [other.slug]
    # % and _ are letters to find, not wildcards.
    assert _slugs(DirectoryFilters(text="100%")) == [wetlands.slug]
    assert _slugs(DirectoryFilters(text="%")) == [wetlands.slug]
    assert _slugs(DirectoryFilters(text="_")) == []


def test_sorting_and_pages() -> None:
    made = [make_partnership(name_en=f"Name {letter}", cohort_year=year)
            for letter, year in (("B", 2011), ("A", 2015), ("C", 2008))]  # fmt: skip

    assert _slugs(DirectoryFilters(sort=DirectorySort.NAME)) == [
        made[1].slug,
        made[0].slug,
        made[2].slug,
    ]
    assert _slugs(DirectoryFilters(sort=DirectorySort.NAME_DESC))[0] == made[2].slug
    assert _slugs(DirectoryFilters(sort=DirectorySort.COHORT))[0] == made[2].slug
    assert _slugs(DirectoryFilters())[0] == made[1].slug  # newest cohort first
    second = directory_page(DirectoryFilters(sort=DirectorySort.NAME), page=2, per_page=2)
    assert [p.slug for p in second.items] == [made[2].slug]
    assert (second.total, second.pages, second.has_previous, second.has_next) == (3, 2, True, False)


def test_places_count_each_partnership_once_per_place() -> None:
    make_partnership(us_state="US-UT", cn_province="CN-QH")
    make_partnership(us_state="US-UT", cn_province="CN-BJ", focus_areas=(FocusArea.CLEAN_WATER,))
    make_partnership(us_state="US-UT", status=PartnershipStatus.WITHDRAWN)

    assert partnerships_per_place() == {"US-UT": 2, "CN-QH": 1, "CN-BJ": 1}
    assert partnerships_per_place(DirectoryFilters(focus_area=FocusArea.CLEAN_WATER)) == {
        "US-UT": 1,
        "CN-BJ": 1,
    }


def test_the_page_shows_the_table_and_keeps_the_filters(client) -> None:  # type: ignore[no-untyped-def]
    qinghai = make_partnership(name_en="Utah – Qinghai", cn_province="CN-QH")
    make_partnership(name_en="Ohio – Anhui", cn_province="CN-AH")

    page = client.get("/partnerships?cn_province=CN-QH&q=utah").get_data(as_text=True)

    assert "1 partnership found." in page
    assert f'href="/partnerships/{qinghai.slug}"' in page and "Ohio – Anhui" not in page
    assert '<option selected value="CN-QH">' in page and 'value="utah"' in page
    assert "<caption" in page and 'scope="col"' in page
    assert 'href="/partnerships.csv?q=utah&amp;cn_province=CN-QH"' in page


def test_each_row_shows_its_own_focus_areas_and_places_under_their_headings(client) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership(
        name_en="Utah – Qinghai Lakes",
        us_state="US-UT",
        cn_province="CN-QH",
        focus_areas=(FocusArea.GREEN_GROWTH, FocusArea.CLEAN_AIR),
    )
    colorado = make_organization(country=Country.US, subdivision_code="US-CO")
    partnership.participants.append(
        PartnershipParticipant(organization_id=colorado.id, role=ParticipantRole.PARTNER)
    )
    make_partnership(name_en="Ohio – Anhui", us_state="US-OH", cn_province="CN-AH")
    db.session.flush()

    page = client.get("/partnerships?q=lakes").get_data(as_text=True)
    row = page.split("<tbody>")[1].split("</tr>")[0]

    assert "Utah – Qinghai Lakes" in row
    assert 'data-label="U.S. states">Colorado and Utah</td>' in row
    assert 'data-label="Chinese provinces">Qinghai</td>' in row
    areas = row.split('data-label="Focus areas"')[1].split("</td>")[0]
    assert (
        "Clean air" in areas
        and "Green growth" in areas
        and areas.index("Clean air") < areas.index("Green growth")
    )
    assert "Ohio" not in page.split("<tbody>")[1]


def test_sort_headers_toggle_and_announce_the_order(client) -> None:  # type: ignore[no-untyped-def]
    make_partnership()
    page = client.get("/partnerships?sort=name").get_data(as_text=True)
    assert 'aria-sort="ascending"' in page
    assert 'href="/partnerships?sort=-name"' in page


def test_pages_link_to_each_other(client) -> None:  # type: ignore[no-untyped-def]
    for n in range(27):
        make_partnership(name_en=f"Partnership {n:02d}")
    first = client.get("/partnerships?sort=name").get_data(as_text=True)
    assert "27 partnerships found." in first and "Page 1 of 2." in first
    assert 'href="/partnerships?sort=name&amp;page=2"' in first
    second = client.get("/partnerships?sort=name&page=2").get_data(as_text=True)
    assert "Partnership 26" in second and "Partnership 00" not in second
    beyond = client.get("/partnerships?page=9").get_data(as_text=True)
    assert "There is no page 9" in beyond


def test_bad_filters_are_explained_next_to_their_field(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/partnerships?cohort_year=20x1&us_state=CN-QH&q=" + "x" * 101)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Enter a year from 2008 to 2100." in page
    assert "At most 100 characters." in page
    assert 'id="us_state-error"' in page
    assert 'value="20x1"' in page  # what was typed is kept
    assert "Please correct the filters" in page


def test_the_csv_holds_every_filtered_row_in_both_languages(client) -> None:  # type: ignore[no-untyped-def]
    for n in range(30):
        make_partnership(cn_province="CN-QH", name_en=f"=HYPERLINK(evil) {n}")
    make_partnership(cn_province="CN-BJ")

    response = client.get("/partnerships.csv?cn_province=CN-QH")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 30
    row = rows[0]
    assert row["name_en"].startswith("'=HYPERLINK")  # a formula would run in a spreadsheet
    assert row["chinese_provinces"] == "CN-QH Qinghai"
    assert "美方机构" in row["us_organizations"]
    assert row["url"].startswith("http://portal.test/partnerships/public-partnership-")


def test_the_csv_refuses_invalid_filters(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/partnerships.csv?status=withdrawn").status_code == 400


def test_directory_rows_load_participants_in_one_query(app, count_queries) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        make_partnership()
    with count_queries() as queries:
        rows = directory_rows(DirectoryFilters())
        names = [p.organization.name_en for r in rows for p in r.participants]
        areas = [a.focus_area for r in rows for a in r.focus_areas]
    assert len(names) == 10 and len(areas) == 5
    assert len(queries) == 1


def test_the_map_links_places_to_the_directory_and_lists_them_as_text(client) -> None:  # type: ignore[no-untyped-def]
    make_partnership(us_state="US-UT", cn_province="CN-QH", focus_areas=(FocusArea.CLEAN_AIR,))
    make_partnership(us_state="US-OH", cn_province="CN-QH", focus_areas=(FocusArea.CLEAN_WATER,))

    page = client.get("/partnerships/map").get_data(as_text=True)
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="portal-cartogram"' in page
    assert (
        'href="/partnerships?cn_province=CN-QH" aria-label="QH – Qinghai: 2 partnerships"' in page
    )
    assert 'aria-label="UT – Utah: 1 partnership"' in page
    assert "<caption>" in page and ">Qinghai</a>" in page
    # Filtered: the tiles link to the directory under the same filters.
    water = client.get("/partnerships/map?focus_area=clean_water").get_data(as_text=True)
    assert 'href="/partnerships?focus_area=clean_water&amp;cn_province=CN-QH"' in water
    assert 'aria-label="Utah' not in water


def test_the_map_uses_chinese_short_names_for_chinese_readers(client) -> None:  # type: ignore[no-untyped-def]
    make_partnership(cn_province="CN-NM")
    page = client.get("/partnerships/map?lang=zh_Hans").get_data(as_text=True)
    assert ">内蒙古</text>" in page


def test_the_filters_lists_follow_the_language_and_the_data(client) -> None:  # type: ignore[no-untyped-def]
    make_partnership(cohort_year=2021)
    english = client.get("/partnerships").get_data(as_text=True)
    chinese = client.get("/partnerships?lang=zh_Hans").get_data(as_text=True)
    with force_locale("zh_Hans"):
        any_year = gettext("Any year")
    assert any_year != "Any year"
    assert '<option selected value="">Any year</option>' in english
    assert f'<option selected value="">{any_year}</option>' in chinese
    assert '<option value="2031">' not in english

    make_partnership(cohort_year=2031)
    again = client.get("/partnerships?status=active").get_data(as_text=True)
    assert '<option value="2031">2031</option>' in again
    assert '<option selected value="active">' in again
