"""HTTP on the public site: validators, conditional GETs answered 304, cache lifetimes,
canonical addresses, titles, descriptions and link previews."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.extensions import db
from tests.factories import make_user
from tests.partnerships.factories import make_update
from tests.public.factories import make_partnership

PAGES = ["/", "/partnerships", "/partnerships/map", "/updates", "/statistics"]
DOCUMENTS = ["/updates.atom", "/calendar.ics", "/partnerships.csv", "/sitemap.xml",
             "/robots.txt", "/api/v1/partnerships", "/api/v1/statistics"]  # fmt: skip


@pytest.mark.parametrize("url", PAGES + DOCUMENTS)
def test_a_conditional_get_is_answered_304_until_the_data_changes(client, url: str) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership()
    first = client.get(url)
    assert first.status_code == 200
    etag = first.headers["ETag"]
    assert etag.startswith('W/"') and first.headers["Last-Modified"]

    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag

    make_update(partnership, title="Something new")
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_if_modified_since_answers_304_too(client) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership()
    make_update(partnership, published_at=datetime(2026, 5, 2, tzinfo=UTC))
    first = client.get("/api/v1/updates")
    since = first.headers["Last-Modified"]
    assert client.get("/api/v1/updates", headers={"If-Modified-Since": since}).status_code == 304
    old = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get("/api/v1/updates", headers={"If-Modified-Since": old}).status_code == 200


def test_pages_are_private_and_revalidated_documents_are_shared_for_minutes(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/partnerships")
    assert {"private", "no-cache"} <= set(page.headers["Cache-Control"].replace(" ", "").split(","))
    assert "Accept-Language" in page.headers["Vary"] and "Cookie" in page.headers["Vary"]
    feed = client.get("/updates.atom")
    assert feed.headers["Cache-Control"] in ("public, max-age=300", "max-age=300, public")


def test_a_page_validator_depends_on_the_language(client) -> None:  # type: ignore[no-untyped-def]
    english = client.get("/partnerships").headers["ETag"]
    chinese = client.get("/partnerships?lang=zh_Hans").headers["ETag"]
    assert english != chinese
    again = client.get("/partnerships", headers={"If-None-Match": english, "Accept-Language": "zh"})
    assert again.status_code == 200  # another language is another page


def test_signed_in_readers_get_fresh_pages_that_no_cache_stores(client, login) -> None:  # type: ignore[no-untyped-def]
    login(make_user())
    response = client.get("/partnerships")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    assert "ETag" not in response.headers


def test_a_pending_message_is_never_hidden_behind_a_304(client) -> None:  # type: ignore[no-untyped-def]
    etag = client.get("/").headers["ETag"]
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "You are signed out.")]
    response = client.get("/", headers={"If-None-Match": etag})
    assert response.status_code == 200 and "You are signed out." in response.get_data(as_text=True)


def test_a_304_runs_only_the_validator_query(client, count_queries) -> None:  # type: ignore[no-untyped-def]
    make_partnership()
    etag = client.get("/statistics").headers["ETag"]
    db.session.expire_all()
    with count_queries() as statements:
        assert client.get("/statistics", headers={"If-None-Match": etag}).status_code == 304
    assert len(statements) == 1


@pytest.mark.parametrize("url", PAGES)
def test_pages_have_a_title_description_canonical_address_and_link_preview(
    client, url: str
) -> None:  # type: ignore[no-untyped-def]
    page = client.get(url + "?lang=en&utm_source=x").get_data(as_text=True)
    canonical = "http://portal.test" + url
    assert f'<link rel="canonical" href="{canonical}">' in page
    assert f'<meta property="og:url" content="{canonical}">' in page
    assert '<meta property="og:title" content="' in page
    assert '<meta name="description" content="' in page
    assert page.count("<h1") == 1
    assert f'hreflang="zh-Hans" href="{canonical}?lang=zh_Hans"' in page
    assert 'type="application/atom+xml"' in page


def test_a_partnership_page_is_an_article_with_its_goal_as_description(client) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership(name_en="Utah – Qinghai", goal_en="Clean energy in highlands.")
    page = client.get(f"/partnerships/{partnership.slug}").get_data(as_text=True)
    assert "<title>Utah – Qinghai | U.S.–China EcoPartnerships</title>" in page
    assert '<meta name="description" content="Clean energy in highlands.">' in page
    assert '<meta property="og:type" content="article">' in page


def test_the_directory_canonical_address_keeps_its_filters_and_page(client) -> None:  # type: ignore[no-untyped-def]
    for _ in range(30):
        make_partnership(cn_province="CN-QH")
    page = client.get("/partnerships?cn_province=CN-QH&page=2&lang=zh_Hans").get_data(as_text=True)
    assert (
        'rel="canonical" href="http://portal.test/partnerships?cn_province=CN-QH&amp;page=2"'
        in page
    )
