"""The Atom feeds, the iCalendar of public dates, the sitemap and robots.txt."""

from __future__ import annotations

from datetime import UTC, date, datetime
from xml.etree import ElementTree

from icalendar import Calendar

from app.partnerships.models import PartnershipStatus
from app.solicitations.models import SolicitationStatus
from app.updates.models import UpdateState, Visibility
from tests.partnerships.factories import make_update
from tests.public.factories import make_partnership, make_solicitation

ATOM = "{http://www.w3.org/2005/Atom}"


def _xml(body: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(body)  # noqa: S314 - the portal's own output


def _entries(body: bytes) -> list[ElementTree.Element]:
    return _xml(body).findall(f"{ATOM}entry")


def test_the_updates_feed_is_atom_with_published_public_updates_only(client) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership(name_en="Utah – Qinghai", name_zh="犹他—青海")
    make_update(partnership, title="Newest", body="Hello <script>x</script> **world**",
                published_at=datetime(2026, 6, 1, tzinfo=UTC))  # fmt: skip
    make_update(partnership, title="Older", published_at=datetime(2026, 1, 1, tzinfo=UTC))
    make_update(partnership, title="Secret", visibility=Visibility.SECRETARIAT)
    make_update(partnership, title="Draft", state=UpdateState.DRAFT)
    make_update(partnership, title="Returned", state=UpdateState.RETURNED)

    response = client.get("/updates.atom")

    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = _xml(response.data)
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://portal.test/updates.atom"  # type: ignore[union-attr]
    entries = _entries(response.data)
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Newest", "Older"]
    newest = entries[0]
    link = newest.find(f"{ATOM}link").get("href")  # type: ignore[union-attr]
    assert link.startswith(f"http://portal.test/partnerships/{partnership.slug}#update-")
    assert newest.findtext(f"{ATOM}published").startswith("2026-06-01T00:00:00")  # type: ignore[union-attr]
    content = newest.findtext(f"{ATOM}content") or ""
    assert "<strong>world</strong>" in content and "<script>" not in content
    assert "犹他—青海" in newest.find(f"{ATOM}author").findtext(f"{ATOM}name")  # type: ignore[union-attr,operator]


def test_each_partnership_has_its_own_feed(client) -> None:  # type: ignore[no-untyped-def]
    mine, other = make_partnership(), make_partnership()
    make_update(mine, title="Mine")
    make_update(other, title="Other")

    response = client.get(f"/partnerships/{mine.slug}/updates.atom")

    assert [e.findtext(f"{ATOM}title") for e in _entries(response.data)] == ["Mine"]
    assert (
        client.get(f"/partnerships/{mine.slug}")
        .get_data(as_text=True)
        .count(f'type="application/atom+xml" title="Updates of {mine.name_en} (Atom feed)"')
        == 1
    )


def test_an_empty_feed_is_still_a_valid_feed(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/updates.atom")
    assert response.status_code == 200
    assert _entries(response.data) == []
    assert _xml(response.data).findtext(f"{ATOM}updated")


def test_the_calendar_holds_public_calls_signing_dates_and_pilot_ends(client) -> None:  # type: ignore[no-untyped-def]
    make_solicitation(2027)
    make_solicitation(2028, status=SolicitationStatus.DRAFT, title_en="Not yet announced")
    make_partnership(
        slug="utah-qinghai",
        signed_on=date(2011, 12, 7),
        cohort_year=2011,
        name_zh="犹他州—青海省",
        pilot_starts_on=date(2026, 1, 10),
        pilot_ends_on=date(2029, 1, 9),
    )
    make_partnership(status=PartnershipStatus.WITHDRAWN, name_en="Gone away")
    make_partnership(
        status=PartnershipStatus.GRADUATED,
        name_en="Done already",
        signed_on=None,
        ended_on=date(2020, 1, 1),
    )

    response = client.get("/calendar.ics")

    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {
        "solicitation-2027-opens@portal.test",
        "solicitation-2027-deadline@portal.test",
        "partnership-utah-qinghai-signing@portal.test",
        "partnership-utah-qinghai-pilot-end@portal.test",
    }
    pilot_end = events["partnership-utah-qinghai-pilot-end@portal.test"]
    assert pilot_end.decoded("dtstart") == date(2029, 1, 9)
    assert pilot_end.decoded("dtend") == date(2029, 1, 10)  # one whole day
    assert "Pilot ends" in str(pilot_end["summary"]) and "试点结束：犹他州—青海省" in str(
        pilot_end["summary"]
    )
    assert str(pilot_end["url"]) == "http://portal.test/partnerships/utah-qinghai"
    assert b"Done already" not in response.data  # a graduated pilot has no end to come
    deadline = events["solicitation-2027-deadline@portal.test"]
    assert deadline.decoded("dtstart") == datetime(2027, 5, 31, 15, 59, tzinfo=UTC)
    assert "Washington: 2027-05-31 11:59 EDT" in str(deadline["description"])
    assert "2027-05-31 23:59 CST" in str(deadline["description"])
    signing = events["partnership-utah-qinghai-signing@portal.test"]
    assert signing.decoded("dtstart") == date(2011, 12, 7)
    assert str(signing["url"]) == "http://portal.test/partnerships/utah-qinghai"
    assert b"Not yet announced" not in response.data and b"Gone away" not in response.data


def test_the_sitemap_lists_public_pages_and_partnerships(client) -> None:  # type: ignore[no-untyped-def]
    shown = make_partnership()
    hidden = make_partnership(status=PartnershipStatus.WITHDRAWN)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200 and response.mimetype == "application/xml"
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    addresses = [loc.text for loc in _xml(response.data).iter(f"{namespace}loc")]
    assert "http://portal.test/" in addresses
    assert "http://portal.test/partnerships" in addresses
    assert "http://portal.test/statistics" in addresses
    assert f"http://portal.test/partnerships/{shown.slug}" in addresses
    assert f"http://portal.test/partnerships/{hidden.slug}" not in addresses


def test_the_sitemap_lists_organization_pages_and_every_page_in_both_languages(client) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import make_organization

    organization = make_organization()

    root = _xml(client.get("/sitemap.xml").data)

    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    links = {
        url.find(f"{namespace}loc").text: {  # type: ignore[union-attr]
            link.get("hreflang"): link.get("href")
            for link in url.iter("{http://www.w3.org/1999/xhtml}link")
            if link.get("rel") == "alternate"
        }
        for url in root.iter(f"{namespace}url")
    }
    profile = f"http://portal.test/organizations/{organization.id}"
    assert links[profile] == {
        "en": f"{profile}?lang=en",
        "zh-Hans": f"{profile}?lang=zh_Hans",
        "x-default": profile,
    }
    assert "http://portal.test/organizations" in links
    assert all(set(alternates) == {"en", "zh-Hans", "x-default"} for alternates in links.values())
    chinese = client.get(f"/organizations/{organization.id}?lang=zh_Hans")
    assert '<html lang="zh-Hans"' in chinese.get_data(as_text=True)


def test_robots_allow_the_public_site_and_name_the_sitemap(client) -> None:  # type: ignore[no-untyped-def]
    text = client.get("/robots.txt").get_data(as_text=True)
    assert "User-agent: *" in text and "Allow: /" in text
    assert "Disallow: /dashboard" in text and "Disallow: /admin/" in text
    assert "Sitemap: http://portal.test/sitemap.xml" in text
