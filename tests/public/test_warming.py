"""After a change of public data is committed, the pages readers last waited for are rendered
again at once, so the next reader is served a stored answer that already shows the change."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.accounts.models import Role
from app.extensions import db
from app.public import response_cache, stores, warming
from app.public.caching import forget_derived
from app.updates.models import UpdateState
from tests.factories import make_user
from tests.partnerships.factories import make_update
from tests.public.factories import make_partnership


@pytest.fixture
def warming_on(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The cache of whole answers and its warming as in production."""
    monkeypatch.setitem(app.config, "PUBLIC_CACHE_BYTES", 4 * 1024 * 1024)
    monkeypatch.setitem(app.config, "PUBLIC_CACHE_WARM_PAGES", 24)
    response_cache.forget()
    warming.forget()
    forget_derived()
    yield
    response_cache.forget()
    warming.forget()
    forget_derived()


def _work(statements: list[str]) -> list[str]:
    """The statements of a request, but the savepoint the suite's session opens after a commit."""
    return [s for s in statements if not s.startswith("SAVEPOINT")]


def _read(client: FlaskClient, url: str, **kwargs: object) -> str:
    response = client.get(url, **kwargs)  # type: ignore[arg-type]
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def test_after_a_committed_change_the_next_reader_gets_the_new_page_stored(  # type: ignore[no-untyped-def]
    warming_on, client, count_queries
) -> None:
    partnership = make_partnership(name_en="Salt Lake – Xining")
    db.session.commit()
    urls = ["/", "/partnerships", f"/partnerships/{partnership.slug}", "/api/v1/partnerships"]
    for url in urls:
        _read(client, url)

    partnership.name_en = "Salt Lake City – Xining"
    db.session.commit()  # the change, committed as a view or a command commits

    for url in urls:
        with count_queries() as queries:
            page = _read(client, url)
        assert len(_work(queries)) == 1, (url, queries)  # the data version: the page was stored
        assert "Salt Lake City – Xining" in page, url


def test_a_search_asked_for_again_is_warmed_like_any_page(
    warming_on, client, count_queries
) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership(name_en="Salt Lake – Xining")
    db.session.commit()
    for _ in range(2):  # stored at its second ask (`response_cache.AskedOnce`)
        _read(client, "/partnerships?q=salt")
    partnership.name_en = "Salt Lake City – Xining"
    db.session.commit()
    with count_queries() as queries:
        assert "Salt Lake City – Xining" in _read(client, "/partnerships?q=salt")
    assert len(_work(queries)) == 1, queries


def test_without_warming_the_first_reader_after_a_change_waits_for_the_page(  # type: ignore[no-untyped-def]
    warming_on, app, client, count_queries, monkeypatch
) -> None:
    monkeypatch.setitem(app.config, "PUBLIC_CACHE_WARM_PAGES", 0)
    partnership = make_partnership(name_en="Salt Lake – Xining")
    db.session.commit()
    _read(client, f"/partnerships/{partnership.slug}")
    partnership.name_en = "Renamed"
    db.session.commit()
    with count_queries() as queries:
        assert "Renamed" in _read(client, f"/partnerships/{partnership.slug}")
    assert len(_work(queries)) > 1  # rendered for this reader


def test_each_language_is_warmed_as_it_was_read(warming_on, client, count_queries) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership(name_en="Salt Lake – Xining", name_zh="盐湖城—西宁")
    db.session.commit()
    url = f"/partnerships/{partnership.slug}"
    _read(client, url, headers={"Accept-Language": "zh-CN"})
    partnership.name_zh = "盐湖城—西宁绿色合作伙伴"
    db.session.commit()
    with count_queries() as queries:
        page = _read(client, url, headers={"Accept-Language": "zh-CN"})
    assert len(_work(queries)) == 1 and "盐湖城—西宁绿色合作伙伴" in page
    assert '<html lang="zh' in page


def test_a_change_made_in_a_request_warms_after_its_answer(  # type: ignore[no-untyped-def]
    warming_on, client, login, count_queries
) -> None:
    partnership = make_partnership()
    update = make_update(partnership, title="Monitors are live", state=UpdateState.SUBMITTED)
    chair = make_user(Role.CHAIR)
    db.session.commit()
    url = f"/partnerships/{partnership.slug}"
    assert "Monitors are live" not in _read(client, url)
    login(chair)
    warmed: list[int] = []
    real_warm = warming.warm
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(warming, "warm", lambda app: warmed.append(real_warm(app)))
        answer = client.post(
            f"/secretariat/partnerships/{partnership.id}/updates/{update.id}/publish",
            buffered=True,  # the answer is read to its end and closed, as a server does
        )
    assert answer.status_code == 302
    assert warmed == [1]  # once the answer was sent, in the same process
    client.post("/logout")
    client.delete_cookie("session")
    with count_queries() as queries:
        assert "Monitors are live" in _read(client, url)
    assert len(_work(queries)) == 1


def test_a_rolled_back_change_warms_nothing(warming_on, app, client) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership()
    db.session.commit()
    _read(client, "/partnerships")
    calls: list[object] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(warming, "warm", calls.append)
        partnership.name_en = "Never saved"
        db.session.flush()
        db.session.rollback()
        make_user().display_name = "A private change"
        db.session.commit()  # the user table is private: no page changed
    assert calls == []


def test_the_warming_renders_what_readers_asked_for_most(warming_on, app, client) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership()
    db.session.commit()
    _read(client, "/statistics")
    for _ in range(3):
        _read(client, "/partnerships?sort=name")  # waited for once, then served twice
    addresses = warming._read_pages.most_read(app.config)
    assert [(a.path, a.query) for a in addresses] == [
        ("/partnerships", "sort=name"),
        ("/statistics", ""),
    ]
    partnership.name_en = "Changed"
    db.session.commit()
    # The warming's own requests are not readers: the counts are as they were.
    assert warming._read_pages.most_read(app.config) == addresses


def test_one_off_addresses_do_not_push_out_the_pages_read_all_day(  # type: ignore[no-untyped-def]
    warming_on, app, client, monkeypatch
) -> None:
    monkeypatch.setitem(app.config, "PUBLIC_CACHE_WARM_PAGES", 2)  # 20 candidates kept
    make_partnership()
    db.session.commit()
    for _ in range(3):
        _read(client, "/")
    for n in range(10):  # searches asked for once are not stored, so not counted
        _read(client, f"/partnerships?q=never-asked-{n}")
    assert len(warming._read_pages._local) == 1
    for n in range(40):
        _read(client, f"/partnerships?sort=name&from=link-{n}")
    assert warming._read_pages.most_read(app.config)[0].path == "/"
    assert len(warming._read_pages._local) == 20


def test_signed_in_pages_are_never_noted(warming_on, app, client, login) -> None:  # type: ignore[no-untyped-def]
    login(make_user())
    _read(client, "/partnerships")
    assert warming._read_pages.most_read(app.config) == []


def test_with_a_shared_store_every_process_shares_the_pages_read(  # type: ignore[no-untyped-def]
    warming_on, shared, app, client, monkeypatch
) -> None:
    monkeypatch.setitem(app.config, "PUBLIC_CACHE_WARM_PAGES", 1)  # 10 candidates kept
    monkeypatch.setattr(warming, "SEND_SECONDS", 0.0)  # served answers counted at once
    make_partnership()
    db.session.commit()
    for _ in range(3):
        _read(client, "/updates")
    for n in range(12):
        _read(client, f"/partnerships?sort=name&from=link-{n}")
    warming.forget()  # another process: nothing of its own
    stores.forget_clients()
    assert [a.path for a in warming._read_pages.most_read(app.config)] == ["/updates"]
    monkeypatch.setitem(app.config, "PUBLIC_CACHE_WARM_PAGES", 24)
    assert len(warming._read_pages.most_read(app.config)) == 10


def test_a_change_made_in_another_process_is_warmed_for_every_worker(  # type: ignore[no-untyped-def]
    warming_on, shared, app, client, count_queries
) -> None:
    partnership = make_partnership(name_en="Salt Lake – Xining")
    db.session.commit()
    url = f"/partnerships/{partnership.slug}"
    _read(client, url)  # a reader's worker renders it, and counts it read
    # The change is committed by another process (a command, the job runner): it knows the
    # pages read only from the shared store, and stores what it renders there.
    response_cache.forget()
    warming.forget()
    stores.forget_clients()
    partnership.name_en = "Salt Lake City – Xining"
    db.session.commit()
    response_cache.forget()  # a reader's worker, with nothing of its own in memory
    stores.forget_clients()
    with count_queries() as queries:
        assert "Salt Lake City – Xining" in _read(client, url)
    assert len(_work(queries)) == 1, queries  # the data version: served from the shared store
