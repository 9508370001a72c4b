"""Whole public answers cached for readers who are not signed in: served before any work, never
another reader's or another language's, and changed at once by any change of a public record."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import update

from app import data_version
from app.extensions import db
from app.partnerships.models import Partnership, PartnershipStatus
from app.public import response_cache
from app.public.caching import forget_derived
from app.public.stores import MemoryStore, Stored, forget_clients
from tests.factories import make_user
from tests.partnerships.factories import make_update
from tests.public.factories import make_partnership

PAGES = ["/", "/partnerships", "/partnerships/map", "/statistics", "/updates", "/solicitations"]


@pytest.fixture
def cache_on(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The cache of whole answers as in production (the test configuration turns it off)."""
    monkeypatch.setitem(app.config, "PUBLIC_CACHE_BYTES", 4 * 1024 * 1024)
    response_cache.forget()
    forget_derived()
    yield
    response_cache.forget()
    forget_derived()


def _text(client: FlaskClient, url: str, **kwargs: object) -> str:
    response = client.get(url, **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def test_a_warm_page_is_the_same_bytes_for_one_query(cache_on, client, count_queries) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership(name_en="Salt Lake – Xining")
    for url in [
        *PAGES,
        f"/partnerships/{partnership.slug}",
        "/updates.atom",
        "/api/v1/partnerships",
    ]:
        cold = client.get(url)
        with count_queries() as warm_queries:
            warm = client.get(url)
        assert warm.status_code == 200 and warm.get_data() == cold.get_data(), url
        assert len(warm_queries) == 1, (url, warm_queries)  # the data version, nothing else


def test_anonymous_public_pages_carry_no_secret(cache_on, csrf_client) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership(status=PartnershipStatus.ACTIVE)
    for url in [*PAGES, f"/partnerships/{partnership.slug}"]:
        response = csrf_client.get(url)
        assert response.status_code == 200, url
        assert "Set-Cookie" not in response.headers, url
        assert "csrf_token" not in response.get_data(as_text=True), url
        assert "nonce" not in response.headers["Content-Security-Policy"], url
        assert "nonce=" not in response.get_data(as_text=True), url


def test_the_language_switch_is_a_plain_link_for_anonymous_readers(cache_on, client) -> None:  # type: ignore[no-untyped-def]
    page = _text(client, "/partnerships?sort=name")
    assert '<form method="get" action="/language"' in page
    answer = client.get("/language", query_string={"language": "zh_Hans", "next": "/partnerships"})
    assert answer.status_code == 302 and answer.headers["Location"] == "/partnerships"
    assert "lang=zh_Hans" in answer.headers["Set-Cookie"]
    assert 'lang="zh-Hans"' in _text(client, "/partnerships")


def test_a_cached_page_never_shows_another_language(cache_on, client) -> None:  # type: ignore[no-untyped-def]
    make_partnership()
    english = _text(client, "/partnerships")
    assert '<html lang="en">' in english
    chinese = _text(client, "/partnerships", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert '<html lang="zh-Hans">' in chinese
    assert '<html lang="en">' in _text(client, "/partnerships")  # the English one, still
    client.set_cookie("lang", "zh_Hans")
    assert '<html lang="zh-Hans">' in _text(client, "/partnerships")
    client.delete_cookie("lang")
    assert '<html lang="zh-Hans">' in _text(client, "/partnerships?lang=zh_Hans")


def test_signed_in_readers_bypass_the_cache_both_ways(cache_on, app, client, login) -> None:  # type: ignore[no-untyped-def]
    make_partnership()
    assert "Sign out" not in _text(client, "/partnerships")  # stored for anonymous readers
    login(make_user(display_name="Dana Reader"))
    signed_in = client.get("/partnerships")
    assert "Sign out" in signed_in.get_data(as_text=True)  # not the stored page
    assert "no-store" in signed_in.headers["Cache-Control"]
    _text(client, "/statistics")  # rendered for a signed-in reader: never stored
    stranger = app.test_client()
    for url in ("/partnerships", "/statistics"):
        assert "Sign out" not in _text(stranger, url), url


def test_a_page_with_a_message_waiting_is_neither_served_nor_stored(cache_on, app, client) -> None:  # type: ignore[no-untyped-def]
    _text(client, "/")
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "Your session has ended.")]
    assert "Your session has ended." in _text(client, "/")
    assert "Your session has ended." not in _text(app.test_client(), "/")


def test_a_change_of_a_public_record_changes_every_page_at_once(cache_on, client) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership(name_en="Salt Lake – Xining")
    slug = partnership.slug
    urls = {
        "directory": "/partnerships",
        "page": f"/partnerships/{slug}",
        "feed": f"/partnerships/{slug}/updates.atom",
        "all updates": "/updates.atom",
        "API list": "/api/v1/partnerships",
        "API detail": f"/api/v1/partnerships/{slug}",
    }
    for url in urls.values():
        _text(client, url)
        _text(client, url)  # now from the cache

    partnership.name_en = "Salt Lake City – Xining"
    db.session.flush()
    for name in ("directory", "page", "API list", "API detail"):
        assert "Salt Lake City – Xining" in _text(client, urls[name]), name

    make_update(partnership, title="Monitors are live")
    db.session.flush()
    for name in ("page", "feed", "all updates"):
        assert "Monitors are live" in _text(client, urls[name]), name

    # A statement that bypasses the unit of work's objects changes it too.
    db.session.execute(
        update(Partnership).where(Partnership.id == partnership.id).values(name_en="Renamed")
    )
    assert "Renamed" in _text(client, urls["directory"])


def test_304_from_the_etag_before_any_work(cache_on, client, count_queries) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership()
    first = client.get("/partnerships")
    etag = first.headers["ETag"]
    with count_queries() as queries:
        again = client.get("/partnerships", headers={"If-None-Match": etag})
    assert again.status_code == 304 and not again.get_data()
    assert len(queries) == 1
    assert client.get("/partnerships?sort=name", headers={"If-None-Match": etag}).status_code == 200
    partnership.name_en = "Changed"
    db.session.flush()
    assert client.get("/partnerships", headers={"If-None-Match": etag}).status_code == 200


def test_only_public_writes_move_the_data_version(client) -> None:  # type: ignore[no-untyped-def]
    def version() -> int:
        found = data_version.read(db.session.connection())
        assert found is not None
        return found[1]

    partnership = make_partnership()
    before = version()
    partnership.description_en = "Edited."
    db.session.flush()
    assert version() == before + 1
    user = make_user()
    after_user = version()
    assert after_user == version()  # reading changes nothing
    user.display_name = "Renamed reader"  # the user table is private
    db.session.flush()
    assert version() == after_user
    nested = db.session.begin_nested()
    partnership.description_en = "Never saved."
    db.session.flush()
    assert version() == after_user + 1
    nested.rollback()  # the change and its bump go together
    assert version() == after_user


def test_every_private_table_exists() -> None:
    """A table renamed or removed must leave the list, or a private write would be missed."""
    assert set(db.metadata.tables) >= data_version.PRIVATE_TABLES


def test_a_call_page_follows_the_clock_to_the_minute(cache_on, client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    first = client.get("/solicitations").headers["ETag"]
    assert client.get("/solicitations").headers["ETag"] == first
    later = response_cache.time.time() + 60
    monkeypatch.setattr(response_cache.time, "time", lambda: later)
    assert client.get("/solicitations").headers["ETag"] != first


def test_the_shared_store_serves_another_process(cache_on, shared, client, count_queries) -> None:  # type: ignore[no-untyped-def]
    make_partnership(name_en="Shared – Everywhere")
    page = _text(client, "/partnerships?cohort_year=2025")
    assert "Shared – Everywhere" in page
    response_cache.forget()  # another worker: nothing in its own memory,
    forget_clients()  # its own client of the shared store
    with count_queries() as queries:
        assert _text(client, "/partnerships?cohort_year=2025") == page
    assert len(queries) == 1


def test_a_shared_store_that_fails_is_skipped_not_an_error(  # type: ignore[no-untyped-def]
    cache_on, app, client, monkeypatch, tmp_path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    monkeypatch.setitem(app.config, "PUBLIC_CACHE_DIR", str(blocked / "public-cache"))
    forget_clients()
    try:
        make_partnership(name_en="Salt Lake – Xining")
        assert "Salt Lake" in _text(client, "/partnerships")
        assert "Salt Lake" in _text(client, "/partnerships")
    finally:
        forget_clients()


def test_a_text_asked_for_once_is_not_stored(cache_on, client, count_queries) -> None:  # type: ignore[no-untyped-def]
    make_partnership(name_en="Salt Lake – Xining")
    for n in range(30):  # one-off searches: none takes a byte of the store
        _text(client, f"/partnerships?q=wetland{n}")
    assert "Salt Lake" in _text(client, "/partnerships?q=salt")
    assert response_cache._memory.bytes == 0
    with count_queries() as second_ask:
        page = _text(client, "/partnerships?q=salt")  # asked again: rendered and stored
    with count_queries() as third_ask:
        assert _text(client, "/partnerships?q=salt") == page
    assert len(second_ask) > 1 and len(third_ask) == 1
    assert response_cache._memory.bytes > 0


def test_the_memory_store_keeps_the_most_recent_within_its_bytes() -> None:
    store = MemoryStore()
    entry = Stored(headers=(("Content-Type", "text/html"),), body=b"x" * 1000)
    for key in "abc":
        store.put(key, entry, capacity=2 * entry.size)
    assert store.get("a") is None and store.get("b") and store.get("c")
    store.get("b")
    store.put("d", entry, capacity=2 * entry.size)
    assert store.get("c") is None and store.get("b") and store.get("d")
    assert store.bytes <= 2 * entry.size
    assert Stored.decode(entry.encode()) == entry
