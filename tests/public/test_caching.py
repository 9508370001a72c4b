"""The data version behind the validators, and the cache of derived data it keys: what a
reader sees changes as soon as the data does, whichever way it changed."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from flask import Flask, g
from flask.testing import FlaskClient

from app.audit.services import record_event
from app.extensions import db
from app.focus_areas import FocusArea
from app.partnerships.models import PartnershipFocusArea
from app.public import caching
from app.public.caching import derived, forget_derived
from app.public.queries import public_data_version
from tests.factories import make_user
from tests.partnerships.factories import make_update
from tests.public.factories import make_partnership


@pytest.fixture
def cache_on(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The derived-data cache as in production (the test configuration turns it off)."""
    monkeypatch.setitem(app.config, "PUBLIC_DATA_CACHE_ENTRIES", 512)
    forget_derived()
    yield
    forget_derived()


def _found(client: FlaskClient, url: str) -> int:
    text = client.get(url).get_data(as_text=True)
    match = re.search(r"([\d,]+) partnerships? found", text)
    assert match, text[:300]
    return int(match.group(1).replace(",", ""))


def test_a_new_partnership_is_counted_at_once_with_the_cache(cache_on, client) -> None:  # type: ignore[no-untyped-def]
    make_partnership(focus_areas=(FocusArea.CLEAN_WATER,))
    assert _found(client, "/partnerships?focus_area=clean_water") == 1
    assert _found(client, "/partnerships?focus_area=clean_water") == 1  # from the cache

    make_partnership(focus_areas=(FocusArea.CLEAN_WATER,))
    assert _found(client, "/partnerships?focus_area=clean_water") == 2
    api = client.get("/api/v1/partnerships?focus_area=clean_water").get_json()
    assert api["meta"]["total"] == 2 and len(api["data"]) == 2


def test_a_warm_page_skips_the_aggregates_but_not_the_validator(  # type: ignore[no-untyped-def]
    cache_on, client, count_queries
) -> None:
    make_update(make_partnership(), title="Cached or not")
    with count_queries() as cold:
        assert client.get("/statistics").status_code == 200
    with count_queries() as warm:
        assert client.get("/statistics").status_code == 200
    assert len(warm) == 1 < len(cold)  # the data version only
    with count_queries() as updates:
        page = client.get("/updates")
    assert "Cached or not" in page.get_data(as_text=True)  # records are read every time
    assert len(updates) > 1


def test_signed_in_readers_are_answered_without_the_cache(cache_on, client, login) -> None:  # type: ignore[no-untyped-def]
    make_partnership(focus_areas=(FocusArea.GREEN_GROWTH,))
    login(make_user())
    assert _found(client, "/partnerships?focus_area=green_growth") == 1
    assert not caching._derived  # nothing was remembered for a page that is not validated


def test_the_cache_keeps_only_its_most_recent_entries(app: Flask, cache_on, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "PUBLIC_DATA_CACHE_ENTRIES", 2)
    calls: list[int] = []

    def compute(n: int) -> int:
        calls.append(n)
        return n * 10

    with app.test_request_context("/"):
        g.public_data_version = public_data_version()
        assert [derived("n", lambda n=n: compute(n), n) for n in (1, 2, 1, 3)] == [10, 20, 10, 30]
        assert calls == [1, 2, 3]  # the second 1 came from the cache
        assert derived("n", lambda: compute(2), 2) == 20  # 2 was the oldest: it went
        assert calls == [1, 2, 3, 2]
        assert len(caching._derived) == 2


def test_outside_a_validated_request_it_simply_computes(app: Flask, cache_on) -> None:  # type: ignore[no-untyped-def]
    with app.test_request_context("/"):
        assert derived("x", lambda: 1) == 1
        assert derived("x", lambda: 2) == 2
    assert not caching._derived


def test_changes_that_leave_no_timestamp_still_change_the_version() -> None:
    partnership = make_partnership()
    before = public_data_version().token

    # A focus area added: its table keeps no timestamp, but the service records the change.
    db.session.add(
        PartnershipFocusArea(partnership_id=partnership.id, focus_area=FocusArea.GREEN_GROWTH)
    )
    record_event("partnership.updated", partnership, actor=None, focus_areas="added")
    db.session.flush()
    after_area = public_data_version().token
    assert after_area != before

    # A draft update discarded: a deletion, recorded too.
    draft = make_update(partnership, title="Draft")
    with_draft = public_data_version().token
    record_event("update.discarded", draft, actor=None)
    db.session.delete(draft)
    db.session.flush()
    assert public_data_version().token not in (with_draft, after_area)


def test_rows_loaded_with_old_timestamps_change_the_version() -> None:
    make_partnership(slug="first")
    before = public_data_version()
    old = before.last_modified
    assert old is not None
    # The synthetic data set writes past timestamps: the highest id still moves.
    make_partnership(slug="loaded-later", updated_at=old.replace(year=old.year - 5))
    assert public_data_version().token != before.token


def test_the_directory_table_follows_every_change_of_what_its_rows_show(  # type: ignore[no-untyped-def]
    cache_on, client, count_queries
) -> None:
    partnership = make_partnership(name_en="Salt Lake – Xining", focus_areas=(FocusArea.CLEAN_AIR,))
    us_lead = partnership.participants[0].organization
    page = client.get("/partnerships").get_data(as_text=True)
    assert "Salt Lake – Xining" in page and "Utah" in page and "Clean air" in page
    with count_queries() as warm:
        assert client.get("/partnerships").status_code == 200
    assert len(warm) == 1  # the rows come from the cache: the data version only

    partnership.name_en = "Salt Lake City – Xining"
    db.session.flush()
    assert "Salt Lake City – Xining" in client.get("/partnerships").get_data(as_text=True)

    us_lead.subdivision_code = "US-CO"  # the lead organization moves to Colorado
    db.session.flush()
    page = client.get("/partnerships").get_data(as_text=True)
    assert "Colorado" in page and "Utah" not in page.split("<tbody>")[1]

    db.session.add(
        PartnershipFocusArea(partnership_id=partnership.id, focus_area=FocusArea.GREEN_GROWTH)
    )
    record_event("partnership.updated", partnership, actor=None, focus_areas="added")
    db.session.flush()
    db.session.expire_all()  # as the next request's own session would read it
    assert "Green growth" in client.get("/partnerships").get_data(as_text=True).split("<tbody>")[1]


def test_a_new_search_reads_only_the_rows_no_page_showed_before(  # type: ignore[no-untyped-def]
    cache_on, client, count_queries
) -> None:
    make_partnership(name_en="Great Salt Lake Wetlands", slug="salt-lake")
    make_partnership(name_en="Poyang Lake Wetlands", slug="poyang")
    make_partnership(name_en="Shenzhen Solar Grid", slug="shenzhen")
    assert "Poyang Lake Wetlands" in client.get("/partnerships").get_data(as_text=True)

    def reads_rows(statements: list[str]) -> bool:
        return any("FROM partnership_focus_area" in s for s in statements)

    with count_queries() as shown_before:
        page = client.get("/partnerships?q=wetlands").get_data(as_text=True)
    assert "2 partnerships found" in page and "Great Salt Lake Wetlands" in page
    assert "Shenzhen Solar Grid" not in page
    assert not reads_rows(shown_before)

    make_partnership(name_en="Dongting Lake Wetlands", slug="dongting")  # a new data version
    with count_queries() as after_a_change:
        page = client.get("/partnerships?q=wetland").get_data(as_text=True)
    assert "3 partnerships found" in page and "Dongting Lake Wetlands" in page
    assert reads_rows(after_a_change)


def test_a_row_remembered_in_one_language_is_written_again_in_the_other(
    client: FlaskClient, cache_on: None
) -> None:
    make_partnership(name_en="Utah Qinghai Lakes", name_zh="犹他青海湖泊", cn_province="CN-QH")

    english = client.get("/partnerships?q=lakes").get_data(as_text=True)
    chinese = client.get("/partnerships?q=lake&lang=zh_Hans").get_data(as_text=True)

    assert 'data-label="Partnership"' in english and "Qinghai</td>" in english
    assert 'data-label="绿色合作伙伴"' in chinese and 'data-label="Partnership"' not in chinese
    assert "青海省</td>" in chinese and "Qinghai</td>" not in chinese


def test_a_list_remembered_with_one_selection_shows_the_next_reader_s_own(
    client: FlaskClient,
) -> None:
    make_partnership(name_en="Utah Qinghai Lakes", us_state="US-UT", cn_province="CN-QH")

    chosen = client.get("/partnerships?q=lakes&us_state=US-UT").get_data(as_text=True)
    other = client.get("/partnerships?q=lake").get_data(as_text=True)

    assert '<option selected value="US-UT">' in chosen
    assert '<option selected value="US-UT">' not in other
    assert '<option selected value="">Any state</option>' in other
