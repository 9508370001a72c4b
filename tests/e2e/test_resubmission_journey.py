"""Journey (issue 18): a proposal declined in 2026 is resubmitted to the 2027 call. Its lead,
in English, carries it over from the dashboard and answers last year's comments beside them;
its Chinese partner confirms again on a phone, in Chinese; the lead submits; a reviewer of each
side reads the resubmission, last year's comments to the applicant and the response beside the
review form, and nothing of last year's scores or reviewers.

Screenshots: the response page and the review page, on a desktop and at 375 px, in English and
in Chinese (docs/screenshots/resubmission-*.png).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import ViewportSize
from sqlalchemy import select

from app import clock
from app.accounts.models import Language, Side, User
from app.extensions import db
from app.organizations.models import Country
from app.proposals.models import Proposal, ProposalState
from app.solicitations.models import Solicitation, SolicitationStatus
from tests.e2e.audit import save_screenshot
from tests.e2e.conftest import LiveServer
from tests.e2e.visitors import Visitor
from tests.factories import PASSWORD, make_organization, make_user
from tests.proposals.factories import make_proposal
from tests.reviews.factories import make_assignment, make_reviewer
from tests.solicitations.factories import make_solicitation

pytestmark = pytest.mark.e2e

PHONE: ViewportSize = {"width": 375, "height": 812}
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
COMMENT_EN = "Show how the second pilot year's monitoring is funded."
COMMENT_ZH = "请说明第二个试点年度的监测经费来源。"
SECRETARIAT_NOTE = "Internal: the lead's budget looks thin."
EARLIER_REVIEWERS = ("Harriet Quillfeather", "黎文静")
RESPONSE_EN = "The city now funds the monitoring of the second pilot year from its budget."
RESPONSE_ZH = "第二个试点年度的监测经费现由市财政预算保障。"

_runs = itertools.count(1)


@dataclass(frozen=True)
class Declined:
    """Who takes part, and the two calls."""

    old_year: int
    new_year: int
    new_call_id: int
    original_reference: str
    original_id: int
    lead_email: str
    partner_email: str
    reviewer_us: str
    reviewer_cn: str


def _year_is_free(year: int) -> bool:
    return db.session.scalar(select(Solicitation.id).where(Solicitation.year == year)) is None


@pytest.fixture
def declined(live_server: LiveServer) -> Declined:
    """The 2026 call, its decisions published, with a declined proposal reviewed by two
    reviewers; the 2027 call open now (a call another journey left open is closed first)."""
    n = next(_runs)
    now = clock.now()
    with live_server.records():
        for other in db.session.scalars(
            select(Solicitation).where(Solicitation.status == SolicitationStatus.OPEN)
        ):
            other.status, other.closed_at = SolicitationStatus.CLOSED, now
        old_year = next(y for y in range(2026, 2100) if _year_is_free(y) and _year_is_free(y + 1))
        old_call = make_solicitation(
            year=old_year,
            status=SolicitationStatus.DECISIONS_PUBLISHED,
            opens_at=now - timedelta(days=400),
            closes_at=now - timedelta(days=330),
        )
        new_call = make_solicitation(
            year=old_year + 1, opens_at=now - timedelta(days=5), closes_at=now + timedelta(days=40)
        )
        lead_email, partner_email = (
            f"avery.resub.{n}@example.org",
            f"zhou.resub.{n}@xiamen.example.org",
        )
        lead = make_organization(
            make_user(email=lead_email, display_name="Avery Stone"),
            country=Country.US,
            name_en=f"Cedar River Basin Commission {n}",
            name_zh=f"雪松河流域委员会{n}",
        )
        partner = make_organization(
            make_user(
                email=partner_email,
                display_name="周文",
                language=Language.ZH,
                time_zone="Asia/Shanghai",
            ),
            country=Country.CN,
            name_en=f"Xiamen Municipal Government {n}",
            name_zh=f"厦门市人民政府{n}",
        )
        original = make_proposal(
            lead=lead,
            partner=partner,
            solicitation=old_call,
            state=ProposalState.DECLINED,
            title_en="River sensors for two watersheds",
            title_zh="两个流域的河流传感器",
        )
        original.decided_at = now - timedelta(days=300)
        for side, name, comment, note in (
            (Side.US, EARLIER_REVIEWERS[0], COMMENT_EN, SECRETARIAT_NOTE),
            (Side.CN, EARLIER_REVIEWERS[1], COMMENT_ZH, ""),
        ):
            make_assignment(
                original,
                make_reviewer(side, display_name=name),
                scores=[1, 2, 1, 2, 1],
                submitted=True,
                comments_to_applicant=comment,
                comments_to_secretariat=note,
            )
        # Names of their own: the secretariat journey picks its reviewers by name.
        reviewer_us, reviewer_cn = f"hale.resub.{n}@state.example.gov", f"zhou.resub.{n}@ndrc.example.cn"  # fmt: skip
        make_reviewer(Side.US, email=reviewer_us, display_name="Riley Quinn")
        make_reviewer(
            Side.CN,
            email=reviewer_cn,
            display_name="陈思远",
            language=Language.ZH,
            time_zone="Asia/Shanghai",
        )
        return Declined(
            old_year,
            old_year + 1,
            new_call.id,
            original.reference or "",
            original.id,
            lead_email,
            partner_email,
            reviewer_us,
            reviewer_cn,
        )


def both_sizes(person: Visitor, name: str, first: str, second: str) -> None:
    """Screenshots of the page as it is, then at the other size."""
    save_screenshot(person.page, f"{name}-{first}")
    person.page.set_viewport_size(DESKTOP if first.startswith("phone") else PHONE)
    save_screenshot(person.page, f"{name}-{second}")


def reads_last_year_and_the_response(person: Visitor, reference: str, original_id: int) -> None:
    """The resubmission, last year's comments and the response; no earlier score or name."""
    person.sees(reference, COMMENT_EN, COMMENT_ZH, RESPONSE_EN, RESPONSE_ZH)
    shown = person.main_text()
    assert person.t("Resubmission").upper() in shown  # its tag, in capitals
    for hidden in (*EARLIER_REVIEWERS, SECRETARIAT_NOTE):
        assert hidden not in shown
    assert person.page.locator(f'a[href="/proposals/{original_id}"]').count() == 0


def test_a_declined_proposal_is_resubmitted_and_reviewed_beside_last_years_comments(
    browse,  # type: ignore[no-untyped-def]
    audit,  # type: ignore[no-untyped-def]
    live_server: LiveServer,
    declined: Declined,
) -> None:
    zh = live_server.translate("zh_Hans")
    year = declined.new_year

    # The lead carries the declined proposal into the open call from the dashboard.
    avery = Visitor(browse(), audit, live_server.translate("en"))
    avery.sign_in(declined.lead_email, PASSWORD)
    avery.press(avery.t("Resubmit to the %(year)d call", year=year))
    avery.sees(
        avery.t(
            "Your proposal is carried into the %(year)d call as a draft. Answer last year's "
            "reviews, check every section, upload the letters of support again and submit.",
            year=year,
        ),
        "Last year's comments to the applicant",
        COMMENT_EN,
        COMMENT_ZH,
    )
    response_url = urlsplit(avery.page.url).path
    proposal_url = response_url.removesuffix("/response")
    avery.fill("Response to last year's reviews, in English", RESPONSE_EN)
    avery.fill("Response to last year's reviews, in Chinese", RESPONSE_ZH)
    avery.press("Save draft")
    avery.sees("Response saved.")
    both_sizes(avery, "resubmission-response", "desktop-en", "phone-en")

    # The Chinese partner, on a phone, confirms taking part again and reads the response page.
    zhou = Visitor(browse(locale="zh-CN", viewport=PHONE), audit, zh)
    zhou.sign_in(declined.partner_email, PASSWORD)
    zhou.go(proposal_url)
    zhou.press("Confirm taking part")
    zhou.sees(zh("You confirmed taking part."))
    zhou.go(response_url)
    zhou.sees(zh("Last year's comments to the applicant"), COMMENT_ZH)
    assert zhou.field("Response to last year's reviews, in Chinese").input_value() == RESPONSE_ZH
    both_sizes(zhou, "resubmission-response", "phone-zh", "desktop-zh")

    # The lead submits: every section, the response included, is complete.
    avery.page.set_viewport_size(DESKTOP)
    avery.go(proposal_url)
    avery.follow("Check your answers and submit")
    avery.sees("Response to last year's reviews", RESPONSE_EN)
    avery.choose(
        "The English and Chinese versions are identical in content, and all participants "
        "agreed to this submission."
    )
    avery.press("Submit the proposal")
    avery.sees("Receipt")

    # The deadline passes; a reviewer of each side is assigned.
    with live_server.records():
        copy = db.session.scalars(
            select(Proposal).where(Proposal.solicitation_id == declined.new_call_id)
        ).one()
        assert copy.state == ProposalState.SUBMITTED and copy.resubmission_of is not None
        reference = copy.reference or ""
        db.session.get(Solicitation, declined.new_call_id).status = SolicitationStatus.CLOSED  # type: ignore[union-attr]
        for email in (declined.reviewer_us, declined.reviewer_cn):
            make_assignment(copy, db.session.scalars(select(User).where(User.email == email)).one())

    # Each reads last year's comments and the response beside the review form.
    hale = Visitor(browse(), audit, live_server.translate("en"))
    hale.sign_in(declined.reviewer_us, PASSWORD)
    hale.follow(reference)
    hale.sees(
        hale.t(
            "Resubmits %(reference)s of the %(year)d call, which was not selected. Its "
            "reviewers' comments to the applicant and the applicant's response follow the "
            "workplan.",
            reference=declined.original_reference,
            year=declined.old_year,
        )
    )
    reads_last_year_and_the_response(hale, declined.original_reference, declined.original_id)
    hale.page.locator("#response").scroll_into_view_if_needed()
    save_screenshot(hale.page, "resubmission-review-desktop-en", full_page=False)
    hale.page.set_viewport_size(PHONE)
    save_screenshot(hale.page, "resubmission-review-phone-en")

    ming = Visitor(browse(locale="zh-CN", viewport=PHONE), audit, zh)
    ming.sign_in(declined.reviewer_cn, PASSWORD)
    ming.follow(reference)
    reads_last_year_and_the_response(ming, declined.original_reference, declined.original_id)
    save_screenshot(ming.page, "resubmission-review-phone-zh")
    ming.page.set_viewport_size(DESKTOP)
    ming.page.locator("#response").scroll_into_view_if_needed()
    save_screenshot(ming.page, "resubmission-review-desktop-zh", full_page=False)
    audit.assert_clean()
