"""Home page, dashboard, language switch, health check and error pages."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.exc import OperationalError

from app import clock
from app.accounts.models import Language, Role
from app.extensions import db
from app.solicitations.models import Solicitation, SolicitationStatus
from tests.factories import make_user


def test_healthz_reports_the_database(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def unreachable(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(db.session, "execute", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_home_shows_the_open_call_in_both_capitals_time(client) -> None:  # type: ignore[no-untyped-def]
    db.session.add(
        Solicitation(
            year=2027,
            title_en="2027 EcoPartnerships Solicitation",
            title_zh="2027年绿色合作伙伴征集",
            opens_at=datetime(2026, 10, 1, tzinfo=UTC),
            closes_at=datetime(2027, 5, 31, 15, 59, tzinfo=UTC),  # 11:59 a.m. EDT
            status=SolicitationStatus.OPEN,
        )
    )
    db.session.flush()
    with clock.frozen_at(datetime(2026, 11, 23, tzinfo=UTC)):
        page = client.get("/").get_data(as_text=True)
    assert "2027 EcoPartnerships Solicitation" in page
    assert "11:59:00" in page  # Washington
    assert "11:59:00\u202fPM" in page or "11:59:00 PM" in page  # Beijing, 23:59


def test_home_says_when_no_call_is_open(client) -> None:  # type: ignore[no-untyped-def]
    assert "No call for proposals is open" in client.get("/").get_data(as_text=True)


def test_language_switch_sets_a_cookie_and_the_html_lang(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/language", data={"language": "zh_Hans", "next": "/login"})
    assert response.headers["Location"] == "/login"
    page = client.get("/login").get_data(as_text=True)
    assert '<html lang="zh-Hans">' in page


def test_language_switch_never_redirects_off_site(client) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/language", data={"language": "en", "next": "//evil.example"})
    assert response.headers["Location"] == "/"


def test_accept_language_chooses_chinese(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get_data(as_text=True)
    assert '<html lang="zh-Hans">' in page


def test_language_switch_updates_a_signed_in_users_preference(client, login) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    login(user)
    client.post("/language", data={"language": "zh_Hans", "next": "/dashboard"})
    assert user.language == Language.ZH


def test_dashboard_shows_each_role_its_sections(client, login) -> None:  # type: ignore[no-untyped-def]
    login(make_user(Role.REVIEWER))
    page = client.get("/dashboard").get_data(as_text=True)
    assert "assigned to me for review" in page
    assert "My organizations" not in page


def test_missing_page_is_a_404_page_without_a_trace(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/no/such/page")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "Page not found" in body and "Traceback" not in body


def test_an_unexpected_error_is_a_500_page_without_a_trace(app, client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from app.public import queries

    def broken():  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(queries, "headline_numbers", broken)
    response = client.get("/")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Something went wrong" in body and "ZeroDivisionError" not in body


def test_a_form_without_csrf_token_is_refused(csrf_client) -> None:  # type: ignore[no-untyped-def]
    response = csrf_client.post("/login", data={"email": "a@example.org", "password": "x" * 12})
    assert response.status_code == 400
    assert "Your form expired" in response.get_data(as_text=True)
