"""Journey 4, the public, in a real browser, once in English and once in Chinese (switched with
the header's language button): from the home page to the directory, filtered by a Chinese
province; the partnership's page with its Key Accomplishment and published update; its PDF
record downloaded; its Atom feed opened; the site-wide list of updates, the statistics and the
map.

Every page is checked by axe-core and the Nu Html Checker (tests/e2e/audit.py), with the
portal's Content-Security-Policy in force (no ``bypass_csp``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from xml.etree import ElementTree

import pytest

from app.focus_areas import FocusArea
from app.organizations.models import Country, OrganizationType
from app.partnerships.models import PartnershipStatus
from tests.e2e.audit import save_screenshot
from tests.e2e.conftest import LiveServer
from tests.e2e.visitors import WIDER_THAN_THE_PAGE, Visitor
from tests.factories import make_organization
from tests.partnerships.factories import make_milestone, make_update
from tests.public.factories import make_partnership

pytestmark = pytest.mark.e2e

NAME_EN, NAME_ZH = "Sea Turtles 911 – Hainan Normal University", "海龟911—海南师范大学"
UPDATE = "Nesting survey of the 2026 season"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def sea_turtles(live_server: LiveServer) -> str:
    """The 2015 partnership of Hawaii and Hainan, with a Key Accomplishment and a published
    update; and another one elsewhere, which the province filter leaves out."""
    with live_server.records():
        partnership = make_partnership(
            us=make_organization(
                country=Country.US,
                subdivision_code="US-HI",
                type=OrganizationType.NGO,
                name_en="Sea Turtles 911",
                name_zh="海龟911",
            ),
            cn=make_organization(
                country=Country.CN,
                subdivision_code="CN-HI",
                type=OrganizationType.UNIVERSITY,
                name_en="Hainan Normal University",
                name_zh="海南师范大学",
                city="Haikou",
            ),
            name_en=NAME_EN,
            name_zh=NAME_ZH,
            slug="sea-turtles-911-hainan-normal-e2e",
            cohort_year=2015,
            status=PartnershipStatus.GRADUATED,
            goal_en="Save sea turtles from extinction in the Asia-Pacific region.",
            goal_zh="拯救亚太地区濒危海龟。",
            description_en="The partners track sea turtle migration, help restore habitats and "
            "foster community involvement in sea turtle protection in the South China Sea.",
            description_zh="双方追踪海龟迁徙、协助恢复栖息地，并推动社区参与南海海龟保护。",
            focus_areas=(FocusArea.FORESTS_WETLANDS,),
        )
        make_milestone(
            partnership,
            key=True,
            pilot_year=2,
            number=1,
            title_en="Tag 40 nesting turtles",
            title_zh="为40只筑巢海龟安装标签",
            target="40 turtles tracked by satellite",
            due_on=date(2017, 9, 30),
            completed_on=date(2017, 8, 30),
        )
        make_update(
            partnership,
            title=UPDATE,
            body="Volunteers counted **212** nests on Hainan's east coast.",
            published_at=datetime(2026, 10, 2, 3, tzinfo=UTC),
        )
        make_partnership(
            name_en="Boeing – COMAC",
            name_zh="波音—中国商飞",
            us_state="US-WA",
            cn_province="CN-SH",
            cohort_year=2015,
        )
        return partnership.slug


@pytest.mark.parametrize("language", ["en", "zh_Hans"], ids=["english", "chinese"])
def test_the_public_finds_a_partnership_by_province_reads_it_and_takes_its_pdf_and_feed(
    language: str,
    browse,  # type: ignore[no-untyped-def]
    audit,  # type: ignore[no-untyped-def]
    live_server: LiveServer,
    sea_turtles: str,
) -> None:
    t = live_server.translate(language)
    chinese = language == "zh_Hans"
    reader = Visitor(browse(), audit, t)

    reader.go("/")
    if chinese:
        reader.press("简体中文", within="header")
        assert reader.page.evaluate("document.documentElement.lang") == "zh-Hans"
    reader.follow("Find a partnership")
    reader.select("Chinese province", "Hainan – 海南省")
    reader.press("Show partnerships")
    reader.sees(t("%(num)s partnership found.", num=1))
    assert "波音" not in reader.main_text() and "Boeing" not in reader.main_text()

    name = NAME_ZH if chinese else NAME_EN
    reader.follow(name)
    reader.sees(name, t("Key accomplishments"), UPDATE, "212")
    assert ("为40只筑巢海龟安装标签" if chinese else "Tag 40 nesting turtles") in reader.main_text()
    save_screenshot(reader.page, f"public-partnership-{'zh' if chinese else 'en'}")

    # The PDF and the feed are files, not pages: fetched from the links' addresses, with the
    # reader's cookies (a PDF shown inline raises no download event in headless Chromium).
    if "exports.partnership_record" in live_server.app.view_functions:
        pdf = reader.fetch("Download the record (PDF)")
        assert pdf.headers["content-type"] == "application/pdf"
        assert pdf.body().startswith(b"%PDF"), pdf.body()[:20]

    feed = reader.fetch("Follow its updates (Atom feed)")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    entries = ElementTree.fromstring(feed.body())  # noqa: S314 - the portal's own feed
    assert UPDATE in [e.text for e in entries.iter(f"{ATOM}title")]

    reader.follow("Updates", within="header nav")
    reader.sees(UPDATE)
    # The rest of the public site's pages, for the checks.
    reader.follow("Statistics", within="header nav")
    reader.follow("Partnership directory", within="header nav")
    reader.follow("Map view")
    audit.assert_clean()


PHONE = {"width": 375, "height": 812}
PUBLIC_PAGES = {
    "home": "/",
    "directory": "/partnerships?status=graduated&cohort_year=2015",
    "partnership": "/partnerships/sea-turtles-911-hainan-normal-e2e",
    "statistics": "/statistics",
    "updates": "/updates",
    "calls": "/solicitations",
    "map": "/partnerships/map",
    "about": "/about",
    "accessibility": "/accessibility",
    "privacy": "/privacy",
    "contact": "/contact",
}
SCREENSHOT_PAGES = ("home", "directory", "partnership", "statistics")


def wider(reader: Visitor) -> list[str]:
    """What makes the page wider than the phone's screen."""
    return list(reader.page.evaluate(WIDER_THAN_THE_PAGE))


@pytest.mark.parametrize("language", ["en", "zh_Hans"], ids=["english", "chinese"])
def test_on_a_375_px_phone_nothing_scrolls_sideways_and_the_menu_is_easy_to_tap(
    language: str,
    browse,  # type: ignore[no-untyped-def]
    audit,  # type: ignore[no-untyped-def]
    live_server: LiveServer,
    sea_turtles: str,
) -> None:
    t = live_server.translate(language)
    suffix = "zh" if language == "zh_Hans" else "en"
    locale = "zh-CN" if language == "zh_Hans" else "en-US"
    phone = browse(viewport=PHONE, is_mobile=True, has_touch=True, locale=locale)
    reader = Visitor(phone, audit, t)
    for name, path in PUBLIC_PAGES.items():
        reader.go(path)
        width = reader.page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], (f"{path} scrolls sideways: {width} px wide", wider(reader))
        if name in SCREENSHOT_PAGES:
            save_screenshot(reader.page, f"public-{name}-phone-{suffix}")
    # The directory's rows are cards, its filters folded into an accordion that says how many
    # are in use.
    reader.go(PUBLIC_PAGES["directory"])
    toggle = reader.page.locator(".portal-filters .usa-accordion__button")
    assert toggle.inner_text().strip() == t("Filters (%(num)d active)", num=2)
    assert toggle.get_attribute("aria-expanded") == "false"
    assert not reader.page.locator("#directory-filters").is_visible()
    toggle.click()
    assert reader.page.locator("#directory-filters").is_visible()
    # The menu's links and buttons are at least 44 px tall.
    reader.go("/")
    reader.page.locator(".usa-menu-btn").click()
    targets = reader.page.locator(".usa-nav__secondary-links a, .usa-nav__secondary-links button")
    assert targets.count() >= 3
    for index in range(targets.count()):
        box = targets.nth(index).bounding_box()
        assert box is not None and box["height"] >= 44, (targets.nth(index).inner_text(), box)
    audit.assert_clean()


@pytest.mark.parametrize("language", ["en", "zh_Hans"], ids=["english", "chinese"])
def test_the_public_pages_on_a_desktop_for_the_screenshots(
    language: str,
    browse,  # type: ignore[no-untyped-def]
    audit,  # type: ignore[no-untyped-def]
    live_server: LiveServer,
    sea_turtles: str,
) -> None:
    t = live_server.translate(language)
    suffix = "zh" if language == "zh_Hans" else "en"
    reader = Visitor(browse(locale="zh-CN" if language == "zh_Hans" else "en-US"), audit, t)
    for name in ("home", "directory", "statistics"):
        reader.go(PUBLIC_PAGES[name])
        assert reader.page.evaluate("document.documentElement.scrollWidth") <= 1280
        save_screenshot(reader.page, f"public-{name}-{suffix}")
    audit.assert_clean()
