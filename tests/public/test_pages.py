"""The home page, a partnership's page, the updates list and the statistics page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from flask import Flask
from flask_babel import force_locale

from app import clock, create_app, permissions
from app.accounts.models import Language
from app.db import Page
from app.extensions import db
from app.focus_areas import FocusArea
from app.organizations.models import OrganizationType
from app.partnerships.models import MilestoneStatus, PartnershipStatus
from app.permissions import requires
from app.public import charts, views
from app.public.queries import program_statistics
from app.solicitations.models import SolicitationStatus
from app.updates.models import UpdateState, Visibility
from tests.partnerships.factories import make_milestone, make_update
from tests.public.factories import make_partnership, make_solicitation


def test_home_shows_headline_numbers_latest_updates_and_partnerships(client) -> None:  # type: ignore[no-untyped-def]
    utah = make_partnership(us_state="US-UT", cn_province="CN-QH")
    make_partnership(us_state="US-OH", cn_province="CN-QH")
    make_update(utah, title="Monitors are live", published_at=datetime(2026, 5, 2, tzinfo=UTC))
    make_update(utah, title="Older news", published_at=datetime(2026, 1, 2, tzinfo=UTC))
    make_solicitation(2027)

    with clock.frozen_at(datetime(2026, 11, 23, tzinfo=UTC)):
        page = client.get("/").get_data(as_text=True)

    assert '<p class="portal-stat">2</p><p>partnerships</p>' in page
    assert '<p class="portal-stat">2</p><p>U.S. states</p>' in page
    assert '<p class="portal-stat">1</p><p>Chinese provinces</p>' in page
    assert page.index("Monitors are live") < page.index("Older news")
    assert f'href="/partnerships/{utah.slug}#update-' in page
    assert f'href="/partnerships/{utah.slug}"' in page
    assert "11:59:00" in page and "Eastern Daylight Time" in page
    assert 'href="/calendar.ics"' in page and 'href="/updates.atom"' in page


def test_a_partnership_page_is_its_public_record(client) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership(
        name_en="Utah – Qinghai",
        name_zh="犹他—青海",
        goal_en="Clean energy for two highland regions.",
        description_en="The partners *share* data.",
        us_type=OrganizationType.STATE_GOVERNMENT,
        focus_areas=(FocusArea.CLEAN_ELECTRICITY, FocusArea.ENERGY_EFFICIENCY),
    )
    make_milestone(partnership, pilot_year=1, number=1, title_en="Sign the plan", key=True,
                   completed_on=date(2026, 3, 4))  # fmt: skip
    make_milestone(partnership, pilot_year=2, number=1, title_en="Build the pilot",
                   status=MilestoneStatus.IN_PROGRESS)  # fmt: skip
    make_update(partnership, title="Pilot under way", language=Language.EN)

    response = client.get(f"/partnerships/{partnership.slug}")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1" in page and "Utah – Qinghai</h1>" in page and "犹他—青海" in page
    assert "Clean energy for two highland regions." in page
    assert "<em>share</em>" in page  # description rendered from Markdown, sanitized
    assert "Clean and efficient electricity" in page and "Energy efficiency" in page
    us_org, cn_org = (p.organization for p in partnership.participants)
    assert page.index(us_org.name_en) < page.index(cn_org.name_en)  # U.S. organization first
    assert "United States" in page and "China" in page and "State or provincial government" in page
    assert ">Utah</a>" in page and ">Qinghai</a>" in page
    assert "Key accomplishments" in page and "Mar 4, 2026" in page
    assert "Pilot year 1" in page and "Pilot year 2" in page and "In progress" in page
    assert 'id="update-' in page and "Pilot under way" in page
    assert f'href="/partnerships/{partnership.slug}/updates.atom"' in page
    assert f'href="/api/v1/partnerships/{partnership.slug}"' in page
    has_pdf = "exports.partnership_record" in client.application.view_functions
    assert (f'href="/partnerships/{partnership.slug}.pdf"' in page) == has_pdf  # never a dead link


def test_the_pdf_record_is_linked_once_its_endpoint_exists(app: Flask) -> None:
    partnership = make_partnership()
    portal = app
    if "exports.partnership_record" not in app.view_functions:
        portal = create_app("testing")  # the PDF issue's route, stood in for by a stub
        portal.add_url_rule(
            "/partnerships/<slug>.pdf",
            "exports.partnership_record",
            requires(permissions.anyone)(lambda slug: ""),
        )
    page = portal.test_client().get(f"/partnerships/{partnership.slug}")
    assert f'href="/partnerships/{partnership.slug}.pdf"' in page.get_data(as_text=True)


def test_missing_or_withdrawn_partnerships_are_404(client) -> None:  # type: ignore[no-untyped-def]
    withdrawn = make_partnership(status=PartnershipStatus.WITHDRAWN)
    assert client.get("/partnerships/no-such-partnership").status_code == 404
    assert client.get(f"/partnerships/{withdrawn.slug}").status_code == 404
    assert client.get(f"/partnerships/{withdrawn.slug}/updates.atom").status_code == 404


def test_a_partnership_with_nothing_reported_says_so(client) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership(status=PartnershipStatus.GRADUATED)
    page = client.get(f"/partnerships/{partnership.slug}").get_data(as_text=True)
    assert "No key accomplishments have been reported yet." in page
    assert "The work plan of this partnership is not on the portal." in page
    assert "This partnership has not published an update yet." in page


def test_the_updates_list_pages_through_published_updates(client) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership()
    for day in range(1, 13):
        make_update(partnership, title=f"Update of day {day:02d}",
                    published_at=datetime(2026, 3, day, tzinfo=UTC))  # fmt: skip
    make_update(partnership, title="A draft", state=UpdateState.DRAFT)

    first = client.get("/updates").get_data(as_text=True)
    assert "Update of day 12" in first and "Update of day 03" in first
    assert "Update of day 02" not in first and "A draft" not in first
    assert 'href="/updates?page=2"' in first
    second = client.get("/updates?page=2").get_data(as_text=True)
    assert "Update of day 02" in second and "Update of day 01" in second
    assert client.get("/updates?page=abc").status_code == 200


def test_chinese_updates_are_marked_as_chinese(client) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership()
    make_update(partnership, title="监测站已上线", body="十个监测站", language=Language.ZH)
    page = client.get("/updates").get_data(as_text=True)
    assert 'lang="zh-Hans"><a class="usa-link"' in page


def test_statistics_draw_each_chart_beside_its_table(client) -> None:  # type: ignore[no-untyped-def]
    make_partnership(cohort_year=2011, us_state="US-UT", cn_province="CN-QH",
                     focus_areas=(FocusArea.CLEAN_AIR, FocusArea.CLEAN_WATER))  # fmt: skip
    make_partnership(cohort_year=2011, us_state="US-OH", cn_province="CN-QH",
                     us_type=OrganizationType.UNIVERSITY)  # fmt: skip
    make_partnership(cohort_year=2015, status=PartnershipStatus.WITHDRAWN)

    response = client.get("/statistics")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    # Each chart twice: a desktop's drawing and a phone's (its text is not scaled below 12 px).
    assert page.count('class="pygal-chart"') == 12
    assert page.count('class="portal-chart__narrow"') == 6
    assert page.count("<table") == 6 and page.count("<caption>") == 6
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<script" not in main  # readable without JavaScript
    assert 'style="' not in page  # nothing inline the security policy would refuse
    cohort_row = (
        '<a href="/partnerships?cohort_year=2011">2011</a></th><td class="text-right">2</td>'
    )
    assert cohort_row in page
    assert "2015" not in page.split("Partnerships per cohort", 1)[1].split("</table>", 1)[0]
    assert "2 U.S. states covered" in page and "1 Chinese province covered" in page
    assert 'href="/statistics/charts.css"' in page


def _cohort_chart(page: str) -> str:
    """The desktop drawing of the first chart (partnerships per cohort)."""
    return page.split('class="portal-chart__wide">', 1)[1].split("</svg>", 1)[0]


def test_a_chart_is_drawn_again_only_when_its_numbers_or_language_change(  # type: ignore[no-untyped-def]
    client, monkeypatch
) -> None:
    partnership = make_partnership(cohort_year=2011, slug="first")
    drawn: list[int] = []
    draw = charts._drawing
    monkeypatch.setattr(charts, "_drawing", lambda *a, **k: drawn.append(1) or draw(*a, **k))
    charts._bar_chart.cache_clear()

    before = _cohort_chart(client.get("/statistics").get_data(as_text=True))
    assert len(drawn) == 12  # six charts, twice each
    partnership.name_en = "Renamed"  # a change no chart shows
    db.session.flush()
    assert _cohort_chart(client.get("/statistics").get_data(as_text=True)) == before
    assert len(drawn) == 12

    make_partnership(cohort_year=2011, slug="second")
    after = _cohort_chart(client.get("/statistics").get_data(as_text=True))
    assert after != before and ">2<" in after and ">1<" in before

    drawn.clear()
    assert client.get("/statistics?lang=zh_Hans").status_code == 200
    assert len(drawn) == 12  # the same numbers, in Chinese


def test_a_chart_remembered_in_one_language_is_drawn_again_in_the_other(app: Flask) -> None:
    """An empty chart's labels and series may read the same in both languages: its "no data"
    text does not."""
    empty = (("2027", [], "applications"),)
    with app.test_request_context("/statistics"):
        assert "No data yet" in charts.bar_chart([], empty)
        with force_locale("zh_Hans"):
            assert "暂无数据" in charts.bar_chart([], empty)


def test_the_chart_stylesheet_is_served_as_css(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/statistics/charts.css")
    assert response.status_code == 200 and response.mimetype == "text/css"
    css = response.get_data(as_text=True)
    assert ".pygal-chart .color-0" in css and "&gt;" not in css and "#chart-" not in css
    sizes = [int(size) for size in re.findall(r"font-size:\s*(\d+)px", css)]
    assert sizes and min(sizes) >= 12  # drawn at the phone's width, so read at these sizes
    assert ".pygal-chart .portal-colour--selections" in css


def test_a_colour_means_one_thing_on_the_whole_statistics_page(client) -> None:  # type: ignore[no-untyped-def]
    """Selections green (like a "Selected" tag), Chinese organizations red, partnerships blue:
    a series' colour follows what it counts, not its place in its chart."""
    make_partnership(cohort_year=2011)
    page = client.get("/statistics").get_data(as_text=True)
    assert "color-1" not in page and "color-0" not in page
    for meaning in ("partnerships", "us", "cn"):
        assert f"portal-colour--{meaning}" in page


def test_applications_against_selections_count_decided_calls_only() -> None:
    make_solicitation(2011, status=SolicitationStatus.ARCHIVED)
    make_solicitation(2027)  # open: its applications are nobody's business yet
    make_partnership(cohort_year=2011)

    rows = program_statistics().applications
    assert [(r.year, r.applications, r.selections) for r in rows] == [(2011, None, 1)]


def test_public_pages_do_not_offer_secretariat_only_updates(client) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership()
    make_update(partnership, title="Only for the chairs", visibility=Visibility.SECRETARIAT)
    assert "Only for the chairs" not in client.get("/updates").get_data(as_text=True)


def test_the_updates_pagination_is_as_long_at_any_number_of_pages(client) -> None:  # type: ignore[no-untyped-def]
    """It walked every page: at 10,000 partnerships 100 KB of the page was blank lines."""
    partnership = make_partnership()
    for n in range(25):
        make_update(partnership, title=f"Update {n}")
    few = client.get("/updates").get_data(as_text=True)
    for n in range(25, 205):
        make_update(partnership, title=f"Update {n}")
    many = client.get("/updates").get_data(as_text=True)

    assert 'aria-label="Page 3"' in few and 'aria-label="Page 21"' in many
    assert 'aria-label="Page 4"' not in many and "usa-pagination__overflow" in many
    bar = many.split('class="usa-pagination"', 1)[1].split("</nav>", 1)[0]
    assert len(bar) < 3_000
    assert abs(len(many) - len(few)) < 500


def test_the_directory_counts_and_pages_with_the_language_s_grouping(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    entries = views.cached_directory_entries

    def many(filters, *, page, per_page):  # type: ignore[no-untyped-def]
        found = entries(filters, page=page, per_page=per_page)
        return Page(items=found.items, number=page, per_page=per_page, total=123_456)

    make_partnership(name_en="Salt Lake – Xining")
    monkeypatch.setattr(views, "cached_directory_entries", many)
    english = client.get("/partnerships").get_data(as_text=True)
    assert "123,456 partnerships found." in english and "Page 1 of 4,939." in english
    chinese = client.get("/partnerships", headers={"Accept-Language": "zh-CN"}).get_data(
        as_text=True
    )
    assert "共找到123,456对绿色合作伙伴。" in chinese
