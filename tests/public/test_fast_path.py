"""The cache's fast path in front of Flask: a hit of an anonymous GET is answered before any of
Flask's work, with the stored headers; anything else goes on to Flask; and a commit by any
process changes the page at once, through the connection the worker keeps."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask, request_started
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, update
from sqlalchemy.orm import Session

from app import clock, create_app
from app.extensions import db
from app.notices.models import NoticeState
from app.partnerships.models import Partnership
from app.public import response_cache
from app.public.caching import forget_derived
from app.public.fast_path import FastPath
from app.public.queries import next_version_change, public_data_version
from tests.factories import make_organization, make_user
from tests.notices.factories import make_notice
from tests.public.factories import make_partnership, make_solicitation

CACHE_BYTES = 4 * 1024 * 1024


@pytest.fixture
def cache_on(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The cache of whole answers as in production (the test configuration turns it off)."""
    monkeypatch.setitem(app.config, "PUBLIC_CACHE_BYTES", CACHE_BYTES)
    response_cache.forget()
    forget_derived()
    yield
    response_cache.forget()
    forget_derived()


@contextmanager
def flask_requests(app: Flask) -> Iterator[list[str]]:
    """The paths of the requests Flask itself handled meanwhile (its `request_started`)."""
    seen: list[str] = []

    def started(_sender: Flask, **_: object) -> None:
        from flask import request

        seen.append(request.path)

    request_started.connect(started, app)
    try:
        yield seen
    finally:
        request_started.disconnect(started, app)


def test_a_hit_is_answered_before_flask_with_the_stored_headers(cache_on, app, client) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership()
    url = f"/partnerships/{partnership.slug}"
    cold = client.get(url)
    with flask_requests(app) as seen:
        warm = client.get(url)
        again = client.get(url, headers={"If-None-Match": warm.headers["ETag"]})
    assert seen == []
    assert warm.get_data() == cold.get_data()
    for header in ("Content-Security-Policy", "X-Frame-Options", "ETag", "Cache-Control", "Vary"):
        assert warm.headers[header] == cold.headers[header], header
    assert "Set-Cookie" not in warm.headers
    assert again.status_code == 304 and not again.get_data()
    assert again.headers["ETag"] == cold.headers["ETag"]
    assert "Content-Type" not in again.headers


def test_a_session_cookie_goes_on_to_flask(cache_on, app, client, login) -> None:  # type: ignore[no-untyped-def]
    make_partnership()
    stored = client.get("/partnerships").get_data(as_text=True)
    assert "Sign out" not in stored
    login(make_user(display_name="Dana Reader"))
    with flask_requests(app) as seen:
        page = client.get("/partnerships").get_data(as_text=True)
    assert seen == ["/partnerships"]
    assert "Sign out" in page


def test_a_post_and_a_page_never_stored_go_on_to_flask(cache_on, app, client) -> None:  # type: ignore[no-untyped-def]
    client.get("/login")
    with flask_requests(app) as seen:
        client.get("/login")
        client.post("/partnerships")
    assert seen == ["/login", "/partnerships"]


def test_each_language_has_its_own_stored_page(cache_on, app, client) -> None:  # type: ignore[no-untyped-def]
    make_partnership()
    client.get("/partnerships")
    chinese = {"Accept-Language": "zh-CN,zh;q=0.9"}
    with flask_requests(app) as seen:
        assert '<html lang="zh-Hans">' in client.get("/partnerships", headers=chinese).text
        assert '<html lang="en">' in client.get("/partnerships").text
        assert '<html lang="zh-Hans">' in client.get("/partnerships", headers=chinese).text
    assert seen == ["/partnerships"]  # the Chinese page, rendered once


def _worker(scratch_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    """A worker on a real database, with the cache on and sessions of its own (the suite's
    rolled-back session set aside): its fast path reads the version on its own connection."""
    monkeypatch.setattr(db, "session", db._make_scoped_session({}))
    return create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=scratch_url,
        PUBLIC_CACHE_BYTES=CACHE_BYTES,
        UPLOAD_DIR=str(tmp_path / "uploads"),
        PDF_CACHE_DIR=str(tmp_path / "pdf"),
    )


def test_a_commit_by_another_process_changes_the_page_at_once(
    scratch_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real database and a real commit: the version read on the worker's own connection (in
    autocommit), not the test's rolled-back session."""
    worker = _worker(scratch_url, tmp_path, monkeypatch)
    with worker.app_context():
        db.create_all()
        partnership = make_partnership(name_en="Salt Lake – Xining")
        db.session.commit()
        slug, partnership_id = partnership.slug, partnership.id
        db.session.remove()
    response_cache.forget()
    browser: FlaskClient = worker.test_client()
    try:
        for url in ("/partnerships", f"/partnerships/{slug}"):
            browser.get(url)
            with flask_requests(worker) as seen:
                assert "Salt Lake – Xining" in browser.get(url).text
            assert seen == [], url  # from the fast path
        editor = create_engine(scratch_url)
        with Session(editor) as session:  # another process
            session.execute(
                update(Partnership)
                .where(Partnership.id == partnership_id)
                .values(name_en="Renamed")
            )
            session.commit()
        editor.dispose()
        for url in ("/partnerships", f"/partnerships/{slug}"):
            assert "Renamed" in browser.get(url).text, url
    finally:
        fast_path = worker.extensions["public_fast_path"]
        assert isinstance(fast_path, FastPath)
        fast_path.close()
        response_cache.forget()
        with worker.app_context():
            db.engine.dispose()


def test_a_miss_looks_in_the_stores_once(cache_on, app, client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The fast path's lookup is the only one: with Redis, a miss costs one round trip."""
    make_partnership()
    looked: list[str] = []
    lookup = response_cache.lookup

    def counted(config: object, key: str) -> object:
        looked.append(key)
        return lookup(config, key)  # type: ignore[arg-type]

    monkeypatch.setattr(response_cache, "lookup", counted)
    monkeypatch.setattr("app.public.fast_path.lookup", counted)
    assert client.get("/partnerships").status_code == 200  # a miss, rendered and stored
    assert client.get("/partnerships").status_code == 200  # a hit
    assert len(looked) == 2 and looked[0] == looked[1]


OPENS = datetime(2026, 10, 1, 4, 0, tzinfo=UTC)
CLOSES = datetime(2027, 5, 31, 15, 59, tzinfo=UTC)
NOTICE_ENDS = date(2027, 3, 31)


def _timed_records() -> None:
    make_solicitation(2027, opens_at=OPENS, closes_at=CLOSES)
    with clock.frozen_at(datetime(2026, 9, 1, tzinfo=UTC)):
        make_notice(make_organization(make_user()), ends_on=NOTICE_ENDS)
        make_notice(
            make_organization(make_user()), state=NoticeState.WITHDRAWN, ends_on=date(2026, 11, 30)
        )


@pytest.mark.parametrize(
    ("moment", "next_change"),
    [
        (datetime(2026, 9, 15, tzinfo=UTC), OPENS),
        (OPENS, datetime(2027, 4, 1, tzinfo=UTC)),  # the notice leaves the day after it ends
        (datetime(2027, 4, 1, tzinfo=UTC), CLOSES),
        (CLOSES, None),
    ],
)
def test_the_version_holds_until_its_next_change_and_moves_then(
    moment: datetime, next_change: datetime | None
) -> None:
    """`next_version_change` names the first moment the version moves with no write: the
    version is the same just before it and another at it."""
    _timed_records()
    connection = db.session.connection()
    assert next_version_change(connection, moment) == next_change
    if next_change is not None:
        before = public_data_version(connection, next_change - timedelta(microseconds=1))
        assert public_data_version(connection, moment) == before
        assert public_data_version(connection, next_change).token != before.token


def test_the_worker_keeps_the_version_until_a_call_opens_with_no_write(
    scratch_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the worker's own connection, a version read once is kept while the stored row has
    not moved; a call opening at its time moves it, though nothing was written."""
    worker = _worker(scratch_url, tmp_path, monkeypatch)
    fast_path = worker.extensions["public_fast_path"]
    assert isinstance(fast_path, FastPath)
    with worker.app_context():
        db.create_all()
        make_solicitation(2027, opens_at=OPENS, closes_at=CLOSES)
        db.session.commit()
        db.session.remove()
        engine = db.engine
    statements: list[str] = []

    def executed(*args: object) -> None:
        statements.append(str(args[2]))

    response_cache.forget()
    browser: FlaskClient = worker.test_client()
    try:
        with clock.frozen_at(OPENS - timedelta(seconds=1)):
            before = fast_path.read_version()
            assert "2027 EcoPartnerships Solicitation" not in browser.get("/").text
            event.listen(engine, "before_cursor_execute", executed)
            with flask_requests(worker) as seen:
                assert fast_path.read_version() == before
                browser.get("/")
            event.remove(engine, "before_cursor_execute", executed)
            assert seen == []  # from the fast path
            assert statements == []  # the stored row read on the driver's cursor, past Core
        with clock.frozen_at(OPENS):
            assert fast_path.read_version().token != before.token
            with flask_requests(worker) as seen:
                assert "2027 EcoPartnerships Solicitation" in browser.get("/").text
            assert seen == ["/"]
    finally:
        fast_path.close()
        response_cache.forget()
        with worker.app_context():
            db.engine.dispose()


def test_a_server_with_a_thread_per_request_is_left_no_connection_held(
    scratch_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The development server (`make run`) answers each request in a thread of its own: a
    connection kept by each would never go back to the pool, and after fifteen requests the
    next would wait for one (30 s, then an error). A worker of one long-lived thread keeps
    its connection."""
    worker = _worker(scratch_url, tmp_path, monkeypatch)
    fast_path = worker.extensions["public_fast_path"]
    assert isinstance(fast_path, FastPath)
    with worker.app_context():
        db.create_all()
        make_partnership()
        db.session.commit()
        db.session.remove()
        engine = db.engine
    browser: FlaskClient = worker.test_client()
    answers: list[int] = []

    def in_a_thread_of_its_own() -> None:
        answer = browser.get("/partnerships", environ_overrides={"wsgi.multithread": True})
        answers.append(answer.status_code)

    response_cache.forget()
    try:
        for _ in range(3):
            thread = threading.Thread(target=in_a_thread_of_its_own)
            thread.start()
            thread.join()
            assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
        assert answers == [200, 200, 200]
        assert browser.get("/partnerships").status_code == 200  # one thread, kept
        assert engine.pool.checkedout() == 1  # type: ignore[attr-defined]
    finally:
        fast_path.close()
        response_cache.forget()
        with worker.app_context():
            db.engine.dispose()
