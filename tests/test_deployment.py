"""Production serving: gunicorn's settings come from the environment, and behind a reverse
proxy (PROXY_FIX) the portal sees the client's address and scheme, and only then."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from flask import Flask, request

from app import create_app, permissions
from app.permissions import requires

GUNICORN_CONF = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
PROXY_HEADERS = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}


def test_gunicorn_defaults_are_two_sync_workers_on_loopback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("GUNICORN_BIND", "GUNICORN_WORKERS", "WEB_CONCURRENCY", "GUNICORN_ACCESS_LOG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    settings = runpy.run_path(str(GUNICORN_CONF))
    assert settings["bind"] == "127.0.0.1:8000"
    assert settings["workers"] == 2 and settings["worker_class"] == "sync"
    assert settings["timeout"] == 30
    assert settings["accesslog"] is None
    assert settings["forwarded_allow_ips"] == "127.0.0.1,::1"


def test_gunicorn_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")
    monkeypatch.setenv("GUNICORN_WORKERS", "5")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "90")
    monkeypatch.setenv("GUNICORN_ACCESS_LOG", "-")
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.5")
    settings = runpy.run_path(str(GUNICORN_CONF))
    assert settings["bind"] == "0.0.0.0:9000"
    assert settings["workers"] == 5 and settings["timeout"] == 90
    assert settings["accesslog"] == "-"
    assert settings["forwarded_allow_ips"] == "10.0.0.5"


def _production(monkeypatch: pytest.MonkeyPatch, **settings: object) -> Flask:
    from config import ProductionConfig

    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "k" * 40)
    app = create_app("production", SQLALCHEMY_DATABASE_URI="sqlite://", **settings)
    app.add_url_rule(
        "/client", "client", requires(permissions.anyone)(lambda: request.remote_addr or "")
    )
    return app


def test_behind_a_proxy_the_portal_sees_the_clients_address_and_https(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = _production(monkeypatch, PROXY_FIX=1).test_client()
    response = client.get("/client", headers=PROXY_HEADERS)
    assert response.status_code == 200  # HTTPS at the proxy: no redirect
    assert response.get_data(as_text=True) == "203.0.113.7"  # rate limits key on this
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]


def test_without_proxy_fix_forwarded_headers_are_not_believed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    client = _production(monkeypatch).test_client()
    response = client.get("/client", headers=PROXY_HEADERS, base_url="https://portal.example")
    assert response.get_data(as_text=True) == "127.0.0.1"  # a client cannot forge its address
    assert client.get("/client").status_code in (301, 302)  # plain HTTP is sent to HTTPS


def test_a_new_process_loads_the_compiled_templates_instead_of_compiling_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "template-cache"
    first = create_app("testing", TEMPLATE_CACHE_DIR=str(folder))
    page = first.test_client().get("/no-such-page")
    assert page.status_code == 404 and "Page not found" in page.get_data(as_text=True)
    assert list(folder.glob("*.cache"))  # the 404 page, the layout and their partials

    later = create_app("testing", TEMPLATE_CACHE_DIR=str(folder))  # as another process would

    def compile_again(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"compiled again: {args[1:3]}")

    monkeypatch.setattr(later.jinja_env, "compile", compile_again)
    again = later.test_client().get("/no-such-page")
    assert again.get_data() == page.get_data()
