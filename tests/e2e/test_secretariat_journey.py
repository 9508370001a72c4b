"""Journey 2, the Joint Secretariat, in a real browser: the U.S. co-chair opens the call; when
the proposals are in, closes it and screens them; assigns a U.S. and a Chinese reviewer; both
score (the Chinese reviewer in Chinese); the ranking shows their scores; the U.S. co-chair
proposes the selection; the Chinese co-chair, told by mail that it awaits her key, approves it
from the mail's link (the second key, in Chinese); and the decisions are published.

Every page is checked by axe-core and the Nu Html Checker (tests/e2e/audit.py), with the
portal's Content-Security-Policy in force (axe-core is evaluated through the DevTools protocol,
so no ``bypass_csp`` is needed).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.accounts.models import Language, Side
from app.extensions import db
from app.proposals.models import Proposal, ProposalState
from app.solicitations.models import Solicitation, SolicitationStatus
from tests.e2e.audit import save_screenshot
from tests.e2e.conftest import LiveServer
from tests.e2e.visitors import Visitor
from tests.factories import PASSWORD
from tests.proposals.factories import make_proposal
from tests.reviews.factories import make_chair, make_reviewer
from tests.solicitations.factories import make_solicitation

pytestmark = pytest.mark.e2e

_runs = itertools.count(1)


@dataclass(frozen=True)
class Secretariat:
    """The co-chairs and reviewers of both sides, and a draft call ready to open."""

    call_id: int
    year: int
    chair_us: str
    chair_cn: str
    reviewer_us: str
    reviewer_cn: str


@pytest.fixture
def secretariat(live_server: LiveServer) -> Secretariat:
    """Both sides' co-chairs and reviewers, and this year's call as a draft. (Only one call is
    open at a time: one left open by another journey is closed first.)"""
    n = next(_runs)
    now = clock.now()
    with live_server.records():
        for other in db.session.scalars(
            select(Solicitation).where(Solicitation.status == SolicitationStatus.OPEN)
        ):
            other.status, other.closed_at = SolicitationStatus.CLOSED, now
        call = make_solicitation(
            year=next(y for y in range(now.year + 2, 2100) if _year_is_free(y)),
            status=SolicitationStatus.DRAFT,
            opens_at=now - timedelta(hours=1),
            closes_at=now + timedelta(days=45),
            reviewers_per_proposal=2,
        )
        make_chair(Side.US, email=f"ellery.{n}@state.example.gov", display_name="Jordan Ellery")
        make_chair(
            Side.CN,
            email=f"lin.{n}@ndrc.example.cn",
            display_name="林清远",
            language=Language.ZH,
            time_zone="Asia/Shanghai",
        )
        make_reviewer(Side.US, email=f"hale.{n}@state.example.gov", display_name="Morgan Hale")
        make_reviewer(
            Side.CN,
            email=f"zhou.{n}@ndrc.example.cn",
            display_name="周明澈",
            language=Language.ZH,
            time_zone="Asia/Shanghai",
        )
        return Secretariat(
            call_id=call.id,
            year=call.year,
            chair_us=f"ellery.{n}@state.example.gov",
            chair_cn=f"lin.{n}@ndrc.example.cn",
            reviewer_us=f"hale.{n}@state.example.gov",
            reviewer_cn=f"zhou.{n}@ndrc.example.cn",
        )


def _year_is_free(year: int) -> bool:
    return db.session.scalar(select(Solicitation.id).where(Solicitation.year == year)) is None


def the_proposals_come_in(live_server: LiveServer, call_id: int) -> tuple[Proposal, Proposal]:
    """Meanwhile, applicants submit two proposals (journey 1 shows how)."""
    with live_server.records():
        call = db.session.get(Solicitation, call_id)
        strong = make_proposal(
            solicitation=call,
            state=ProposalState.SUBMITTED,
            title_en="Tidal marsh restoration for two estuaries",
            title_zh="两个河口的潮汐沼泽修复",
        )
        weak = make_proposal(
            solicitation=call,
            state=ProposalState.SUBMITTED,
            title_en="A conference on clean air",
            title_zh="清洁空气研讨会",
        )
        db.session.flush()
        db.session.expunge_all()
    return strong, weak


def score_review(
    person: Visitor,
    scores: list[int],
    criteria: list[tuple[str, str]],
    mean: str,
    screenshot: str | None = None,
) -> None:
    """Score each criterion (by its name and weight, as the form labels it) on its row of
    choices, each named by its score and anchor, and watch the running weighted mean reach
    `mean` (the script's figure, which the ranking must then show); comment, recommend and
    submit."""
    anchors = [
        "Poor: does not address the criterion, or has serious flaws.",
        "Fair: addresses the criterion with major weaknesses.",
        "Good: addresses the criterion well, with some weaknesses.",
        "Very good: strong, with only minor weaknesses.",
        "Excellent: exceptionally strong, with no real weakness.",
    ]
    running = person.page.locator("[data-review-total-value]")
    assert running.inner_text() == "—"
    for (name, weight), score in zip(criteria, scores, strict=True):
        criterion = person.group("%(name)s (weight %(weight)s)", name=name, weight=weight)
        person.choose(f"{score} {person.t(anchors[score - 1])}", within=criterion)
    assert running.inner_text() == mean, running.inner_text()
    assert person.t("%(scored)s of %(total)s criteria scored", scored=5, total=5) in (
        person.page.locator("[data-review-total-count]").inner_text()
    )
    person.fill("Comments to the applicant", "A clear plan; measure the outcomes early.")
    person.choose("Select", within=person.group("Recommendation"))
    if screenshot:  # the proposal beside the scores and their total, as the reviewer sees them
        person.page.evaluate("document.getElementById('my-review').scrollIntoView()")
        save_screenshot(person.page, screenshot, full_page=False)
    person.press("Submit review")
    person.sees(person.t("Your review is submitted. You can now read the other reviews."))


def test_the_secretariat_opens_the_call_reviews_selects_with_two_keys_and_publishes(
    browse,  # type: ignore[no-untyped-def]
    audit,  # type: ignore[no-untyped-def]
    live_server: LiveServer,
    secretariat: Secretariat,
) -> None:
    year = secretariat.year
    zh = live_server.translate("zh_Hans")

    # The U.S. co-chair opens the call.
    ellery = Visitor(browse(), audit, live_server.translate("en"))
    ellery.sign_in(secretariat.chair_us, PASSWORD)
    ellery.follow("Solicitations", within="nav.portal-worknav")
    ellery.follow(f"{year} U.S.–China EcoPartnerships Solicitation")
    ellery.press(ellery.t("Open the %(year)s call to the public", year=year))
    ellery.follow("See the public page")
    ellery.sees(f"{year} U.S.–China EcoPartnerships Solicitation")

    # The proposals come in; the co-chair ends submissions (early, with the reason).
    strong, weak = the_proposals_come_in(live_server, secretariat.call_id)
    ellery.page.go_back()
    ellery.arrived()
    ellery.follow("End submissions early…")
    ellery.sees(ellery.t("End submissions to the %(year)s call early?", year=year))
    ellery.fill("Reason for closing early", "Enough proposals for this journey's review.")
    ellery.press("Yes, end submissions now")

    # Screening: the conference is not a pilot.
    ellery.follow("Selection", within="nav.portal-worknav")
    ellery.follow("Screening")
    row = f"#proposal-{weak.id}"
    ellery.choose("Ineligible", within=row)
    ellery.fill("Reason for ineligibility", "A conference is not a three-year pilot.", within=row)
    ellery.press(ellery.t("Record the screening of %(reference)s", reference=weak.reference))

    # Assignment: one reviewer of each side.
    ellery.follow("2. Assignment")
    section = f"#proposal-{strong.id}"
    for typed, reviewer in (("Hale", "Morgan Hale (U.S. side)"), ("周", "周明澈 (Chinese side)")):
        ellery.pick("Add a reviewer", typed, reviewer, within=section)
        ellery.press(ellery.t("Assign to %(reference)s", reference=strong.reference))
    ellery.sees(ellery.t("%(have)d of %(need)d reviewers; U.S. side: %(us)d, Chinese side: %(cn)d.", have=2, need=2, us=1, cn=1))  # fmt: skip

    # Both reviewers score: the U.S. one in English, the Chinese one in Chinese.
    criteria_en = [("Impact", "25"), ("Innovation", "20"), ("Viability", "20"),
                   ("Tangible deliverable", "20"), ("Replicability", "15")]  # fmt: skip
    criteria_zh = [("影响力", "25"), ("创新性", "20"), ("可行性", "20"), ("有形成果", "20"),
                   ("可复制性", "15")]  # fmt: skip
    hale = Visitor(browse(), audit, live_server.translate("en"))
    hale.sign_in(secretariat.reviewer_us, PASSWORD)
    hale.follow(strong.reference)
    score_review(hale, [4, 4, 5, 4, 3], criteria_en, "4.05", "secretariat-review-form")

    zhou = Visitor(browse(locale="zh-CN"), audit, zh)
    zhou.sign_in(secretariat.reviewer_cn, PASSWORD)
    zhou.follow(strong.reference)
    score_review(zhou, [5, 4, 4, 4, 4], criteria_zh, "4.25")

    # The ranking shows both reviews; the U.S. co-chair proposes the selection.
    ellery.follow("3. Ranking")
    ranking = ellery.page.get_by_role("row").filter(has_text=strong.reference)
    assert ranking.get_by_role("cell").nth(1).inner_text().strip() == "2"  # reviews
    assert ranking.get_by_role("cell").nth(2).inner_text().strip() == "4.15"  # (4.05 + 4.25) / 2
    save_screenshot(ellery.page, "secretariat-ranking")
    ellery.follow(strong.reference)
    ellery.sees("Morgan Hale", "周明澈")
    ellery.choose("Selected")
    ellery.fill("Rationale", "Both reviewers rate it highly; it restores two estuaries.")
    ellery.press("Propose this decision")
    ellery.sees("Decision proposed. It takes effect when a chair of the other side approves it.")

    # The Chinese co-chair is told, in Chinese, that the decision awaits their key, and acts
    # from the mail's link: the second key.
    lin = Visitor(browse(locale="zh-CN"), audit, zh)
    lin.sign_in(secretariat.chair_cn, PASSWORD)
    lin.go(live_server.mail_link(secretariat.chair_cn, "reviews.decision_awaits_key"))
    lin.sees(strong.reference)
    lin.press("Approve (second key)")
    lin.sees(zh("Decision approved: it takes effect at publication."))
    # Ineligibility takes two keys as well: Lin confirms Ellery's screening of the conference.
    lin.follow("Selection", within="nav.portal-worknav")
    lin.follow("Screening")
    lin.press(lin.t("Confirm that %(reference)s is ineligible", reference=weak.reference))
    lin.sees(lin.t("Ineligibility of %(reference)s confirmed.", reference=weak.reference))

    # Publication.
    ellery.page.reload()
    ellery.arrived()
    ellery.sees("Approved by", "林清远")
    ellery.follow(ellery.t("Ranking of the %(year)s proposals", year=year))
    ellery.follow("4. Selection and publication")
    ellery.press("Publish the decisions")
    # A letter to each member of the four organizations: the decision, in English and Chinese.
    ellery.sees(ellery.t("Decisions published: %(selected)d selected, %(declined)d declined, %(letters)d letters queued.", selected=1, declined=1, letters=4))  # fmt: skip
    save_screenshot(ellery.page, "secretariat-selection-published")

    with live_server.app.app_context():
        assert db.session.get(Proposal, strong.id).state == ProposalState.SELECTED
        assert db.session.get(Proposal, weak.id).state == ProposalState.DECLINED
        call = db.session.get(Solicitation, secretariat.call_id)
        assert call.status == SolicitationStatus.DECISIONS_PUBLISHED
    audit.assert_clean()
