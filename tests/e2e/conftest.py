"""Fixtures of the browser journeys: Debian's ``chromium`` driven by Playwright (pytest-playwright)
against the portal served live, in a thread of the test process, on a database of its own.

The rest of the suite runs each test inside a rolled-back transaction (tests/conftest.py). A
server on another thread cannot see such a transaction, so here the autouse ``database``
fixture does nothing: the journeys commit to a fresh SQLite file made for the session, and each
journey seeds, through the factories, only the people and records it starts from.

Playwright's own browser download is never used (it does not work offline): the browser is the
``chromium`` found on the PATH (``make setup`` installs Debian's package when it can). Without
one, or without the checkers (npm ``axe-core`` and ``vnu-jar``, and Java), the journeys are
skipped with the reason, and fail with it in CI (``PORTAL_CI``, see tests/ci.py).
"""

from __future__ import annotations

import logging
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale, gettext
from playwright.sync_api import BrowserContext, Page
from sqlalchemy import select
from werkzeug.serving import make_server

from app import clock, create_app
from app.extensions import db
from app.notifications.models import Notification
from tests.ci import cannot_run
from tests.e2e.audit import AXE_SCRIPT, ROOT, VNU_JAR, Audit, AuditLog

CHROMIUM = shutil.which("chromium")
# Debian's chromium in a container: no sandbox (no user namespaces), no GPU, no network chatter.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
JOURNEYS_AT = datetime(2026, 11, 23, 15, 0, tzinfo=UTC)  # 10 a.m. in Washington, 11 p.m. in Beijing


def _missing_tools() -> str | None:
    """Why the journeys cannot run here, or None."""
    if CHROMIUM is None:
        return (
            "no `chromium` on the PATH: install Debian's package "
            "(apt-get install --no-install-recommends chromium; `make setup` does it as root)"
        )
    if not AXE_SCRIPT.exists() or not VNU_JAR.exists():
        return "axe-core or vnu-jar is missing from node_modules: run `make setup` (npm ci)"
    if shutil.which("java") is None:
        return "no `java` on the PATH: the Nu Html Checker (vnu-jar) needs it"
    return None


@pytest.fixture(autouse=True)
def database() -> None:
    """No rolled-back transaction here: the live server commits to a database of its own."""


@pytest.fixture(scope="module", autouse=True)
def frozen_clock() -> Iterator[None]:
    """The portal's clock (the server's thread reads it too) stands still at one moment for
    each journey module: every run shows the same dates and times, so the screenshots change
    only when the pages do."""
    with clock.frozen_at(JOURNEYS_AT):
        yield


@pytest.fixture(scope="session")
def base_url() -> None:
    """Each browser context gets the live server's address instead (pytest-playwright's own
    fallback fixture is an instance method pytest warns about)."""


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch the machine's chromium, headless, never a downloaded browser."""
    reason = _missing_tools()
    if reason:
        cannot_run(reason)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@dataclass
class LiveServer:
    """The portal served on 127.0.0.1 and a free port, and a way into its database."""

    url: str
    app: Flask

    @contextmanager
    def records(self) -> Iterator[None]:
        """Add records through the factories or services in the block; committed at the end."""
        with self.app.app_context():
            yield
            db.session.commit()

    def translate(self, language: str) -> Callable[..., str]:
        """``t(text, **values)``: the interface's `text` as the portal shows it in `language`."""

        def t(text: str, **values: object) -> str:
            with self.app.test_request_context(), force_locale(language):
                return gettext(text, **values)

        return t

    def mail_link(self, address: str, kind: str) -> str:
        """The first link of the latest mail of `kind` (e.g. ``accounts.confirm_email``) sent
        to `address`, read from the outbox."""
        with self.app.app_context():
            body = db.session.scalar(
                select(Notification.body_text)
                .where(Notification.to_address == address, Notification.kind == kind)
                .order_by(Notification.id.desc())
                .limit(1)
            )
        assert body, f"no {kind} mail to {address} in the outbox"
        found = re.search(re.escape(self.url) + r"/\S+", body)
        assert found, body
        return found.group(0)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The portal with CSRF protection on (a real browser sends the tokens), rate limits off,
    mail kept in the outbox, served by Werkzeug in a thread for the whole session."""
    reason = _missing_tools()
    if reason:
        cannot_run(reason)
    folder = tmp_path_factory.mktemp("e2e-portal")
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'portal.sqlite3'}",
        # Requests run on several threads; SQLite makes a writer wait rather than fail.
        SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"timeout": 30, "check_same_thread": False}},
        WTF_CSRF_ENABLED=True,
        RATELIMIT_ENABLED=False,
        MAIL_BACKEND="memory",
        SEND_FILE_MAX_AGE_DEFAULT=3600,  # the browser keeps the static files between pages
        UPLOAD_DIR=str(folder / "uploads"),
        PDF_CACHE_DIR=str(folder / "pdf-cache"),
    )
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_BASE_URL"] = url  # links in mails lead back to this server
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    thread = threading.Thread(target=server.serve_forever, name="live-portal", daemon=True)
    thread.start()
    try:
        yield LiveServer(url, app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def audit_log() -> Iterator[AuditLog]:
    """Every page the journeys checked, written to test-results/e2e-pages.txt at the end."""
    log = AuditLog()
    yield log
    log.write(ROOT / "test-results" / "e2e-pages.txt")


@pytest.fixture
def audit(request: pytest.FixtureRequest, tmp_path: Path, audit_log: AuditLog) -> Audit:
    """This journey's checks: axe-core on every page it visits, their HTML kept for the Nu
    Html Checker, run once over the lot by ``audit.assert_clean()``."""
    return Audit(request.node.name, tmp_path / "pages", audit_log)


@pytest.fixture
def browse(
    new_context: Callable[..., BrowserContext], live_server: LiveServer, audit: Audit
) -> Callable[..., Page]:
    """``browse(**context_options)``: a page in a fresh browser context (its own cookies: one
    person), watched by the audit. The portal's Content-Security-Policy stays on (see
    tests/e2e/audit.py for how axe-core gets in)."""

    def open_page(**options: Any) -> Page:
        options = {"viewport": VIEWPORT, "locale": "en-US", **options}
        context = new_context(base_url=live_server.url, **options)
        context.set_default_timeout(15_000)
        page = context.new_page()
        audit.watch(page)
        return page

    return open_page
