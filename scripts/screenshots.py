"""Refresh docs/screenshots/ from the demo data: the pages a first-time visitor, an applicant,
a reviewer and a chair meet, in English and Chinese, on a 1280 px desktop and a 375 px phone.

    .venv/bin/python scripts/screenshots.py

The portal is served from a fresh SQLite file loaded with the demo data (`seed_demo`), on a
thread of this process, and Chromium (Playwright) visits each page as a demo account. The files
are named `<page>-<desktop|phone>-<en|zh>.png` and written by the browser journeys' own
`save_screenshot` (tests/e2e/audit.py): palette-reduced, under 300 KB, and left alone when the
page looks the same. A page that scrolls sideways on the phone stops the run.
"""

from __future__ import annotations

import logging
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app import create_app  # noqa: E402 - the portal's root is put on the path first
from app.accounts.models import Language, User  # noqa: E402
from app.accounts.services import set_language  # noqa: E402
from app.demo.data.cycle import DEMO_PASSWORD  # noqa: E402
from app.demo.services import seed_demo  # noqa: E402
from app.demo.specs import demo_email  # noqa: E402
from app.extensions import db  # noqa: E402
from app.notices.queries import standing_notices  # noqa: E402
from app.partnerships.models import Partnership, PartnershipStatus  # noqa: E402
from app.proposals.models import Proposal, ProposalState  # noqa: E402
from app.reviews.models import AssignmentState, ReviewAssignment  # noqa: E402
from app.solicitations.models import Solicitation, SolicitationStatus  # noqa: E402
from tests.e2e.audit import save_screenshot  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}
LANGUAGES = {"en": Language.EN, "zh": Language.ZH}
# The innermost elements reaching past the right edge of the screen, to say what to fix.
WIDER_THAN_THE_SCREEN = """[...document.querySelectorAll("body *")]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 1
    && ![...e.children].some(c => c.getBoundingClientRect().right > innerWidth + 1))
  .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className ? "." + e.className : "")
    + " " + Math.round(e.getBoundingClientRect().right) + "px").join("; ")"""


@dataclass(frozen=True)
class Shot:
    """One page to take: its file name's stem, its address, and who is signed in (None: nobody)."""

    name: str
    path: str
    account: str | None = None


def shots() -> list[Shot]:
    """The pages, found in the demo data: the open call, an active partnership, the applicant's
    draft, a review not yet submitted, the chairs' dashboard, an organization seeking a partner
    and the partner finder ranking for its notice."""
    call = (
        db.session.scalars(
            select(Solicitation)
            .where(Solicitation.status == SolicitationStatus.OPEN)
            .order_by(Solicitation.year.desc())
        ).first()
        or db.session.scalars(select(Solicitation).order_by(Solicitation.year.desc())).first()
    )
    partnership = db.session.scalars(
        select(Partnership)
        .where(Partnership.status == PartnershipStatus.ACTIVE)
        .order_by(Partnership.slug)
    ).first()
    applicant = _user("applicant.us")
    draft = next(
        p
        for p in db.session.scalars(
            select(Proposal).where(Proposal.state == ProposalState.DRAFT).order_by(Proposal.id)
        )
        if any(m.user_id == applicant.id for m in p.lead_organization.memberships)
    )
    reviews = {
        a.state: a
        for a in db.session.scalars(
            select(ReviewAssignment)
            .join(User, ReviewAssignment.reviewer_id == User.id)
            .where(User.email == demo_email("reviewer.us"))
            .order_by(ReviewAssignment.id.desc())
        )
    }  # the first of each state: a review still to write, else one submitted
    review = reviews.get(AssignmentState.ASSIGNED) or reviews.get(AssignmentState.SUBMITTED)
    notice = next(iter(standing_notices(limit=1)), None)
    assert call and partnership and review and notice, (
        "the demo data lacks a call, partnership, review or standing notice"
    )
    return [
        Shot("home", "/"),
        Shot("call", f"/solicitations/{call.id}"),
        Shot("directory", "/partnerships"),
        Shot("partnership", f"/partnerships/{partnership.slug}"),
        Shot("proposal-task-list", f"/proposals/{draft.id}", "applicant.us"),
        Shot("review-form", f"/review/assignments/{review.id}", "reviewer.us"),
        Shot("chairs-dashboard", "/secretariat/review/", "chair.us"),
        Shot("organization", f"/organizations/{notice.organization_id}"),
        Shot("partner-finder", f"/partners?notice={notice.id}", "applicant.cn"),
    ]


def _user(local: str) -> User:
    return db.session.scalars(select(User).where(User.email == demo_email(local))).one()


@contextmanager
def served(folder: Path) -> Iterator[tuple[str, object]]:
    """The portal on the demo data, served on a free port for the duration of the block."""
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'portal.sqlite3'}",
        SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"timeout": 30, "check_same_thread": False}},
        WTF_CSRF_ENABLED=True,
        RATELIMIT_ENABLED=False,
        MAIL_BACKEND="memory",
        UPLOAD_DIR=str(folder / "uploads"),
        PDF_CACHE_DIR=str(folder / "pdf-cache"),
    )
    with app.app_context():
        db.create_all()
        seed_demo()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", app
    finally:
        server.shutdown()
        thread.join(timeout=10)


def _page(browser: Browser, url: str, viewport: str, language: str) -> Page:
    context = browser.new_context(
        viewport=VIEWPORTS[viewport],  # type: ignore[arg-type]
        locale="zh-CN" if language == "zh" else "en-US",
        reduced_motion="reduce",
    )
    context.add_cookies([{"name": "lang", "value": LANGUAGES[language].value, "url": url}])
    return context.new_page()


def _sign_in(page: Page, url: str, account: str) -> None:
    page.goto(f"{url}/login")
    page.fill("input[name=email]", demo_email(account))
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form[method=post] [type=submit]").first.click()
    page.wait_for_load_state()
    assert "/login" not in page.url, f"{account} could not sign in"


def take(url: str, app: object, browser: Browser, language: str) -> list[Path]:
    """Every page in one language, at both widths."""
    taken = []
    with app.app_context():  # type: ignore[attr-defined]
        pages = shots()
        for local in {s.account for s in pages if s.account}:
            set_language(_user(local), LANGUAGES[language])
        db.session.commit()
    for viewport in VIEWPORTS:
        signed_in: dict[str | None, Page] = {}
        for shot in pages:
            page = signed_in.get(shot.account)
            if page is None:
                page = signed_in[shot.account] = _page(browser, url, viewport, language)
                if shot.account:
                    _sign_in(page, url, shot.account)
            response = page.goto(url + shot.path)
            assert response and response.ok, f"{shot.path}: {response and response.status}"
            page.wait_for_load_state("networkidle")
            if viewport == "phone":
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 375, (
                    f"{shot.path} ({language}) scrolls sideways: {width} px, past the edge: "
                    + page.evaluate(WIDER_THAN_THE_SCREEN)
                )
            taken.append(save_screenshot(page, f"{shot.name}-{viewport}-{language}"))
        for page in signed_in.values():
            page.context.close()
    return taken


def main() -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        served(Path(folder)) as (url, app),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for language in LANGUAGES:
            for path in take(url, app, browser, language):
                print(f"{path.relative_to(ROOT)}  {path.stat().st_size // 1024} KB")
        browser.close()


if __name__ == "__main__":
    main()
