"""A call whose decisions are published, through the review services: a selected proposal (now an
EcoPartnership with milestones and updates), a declined one, reviews with confidential comments,
the two co-chairs' keys and an internal discussion; a withdrawn partnership of the same cohort."""

from __future__ import annotations

import hashlib
import io
import itertools
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from app import clock
from app.accounts.models import Language, Side, User
from app.exports.models import IssuedDocument
from app.extensions import db
from app.organizations.models import Country, Organization, OrganizationType
from app.partnerships.models import MilestoneStatus, Partnership, PartnershipStatus
from app.proposals.models import Proposal
from app.reviews import publication as review_publication
from app.reviews import reviewing as review_reviewing
from app.reviews.models import DecisionOutcome, Recommendation
from app.solicitations.models import Solicitation
from app.updates import services as update_services
from app.updates.models import UpdateState, Visibility
from tests.factories import make_organization, make_user
from tests.partnerships.factories import make_milestone, make_update
from tests.partnerships.factories import make_partnership as make_bare_partnership
from tests.reviews.factories import (
    make_assignment,
    make_chair,
    make_closed_solicitation,
    make_decision,
    make_reviewer,
    make_submitted,
)

# Words that must never reach an applicant, and names that must never reach the public.
CONFIDENTIAL = "CONFIDENTIAL-REMARK: the lead's budget looks thin."
DISCUSSION = "INTERNAL-DISCUSSION: compare with last year's winner."
REVIEWER_NAMES = ("Alice Whitfield", "王静怡")
CHAIR_NAMES = ("Jordan Ellery", "林清远")
CHAIR_TITLES = (
    ("Director, Office of Environmental Quality", "环境质量办公室主任"),
    ("Deputy Director-General, Department of Climate Change", "应对气候变化司副司长"),
)
LEAD_ADDRESS = ("1594 West North Temple, Suite 3610", "84116")
DRAFT_UPDATE = "DRAFT-UPDATE not yet submitted"
SECRETARIAT_UPDATE = "SECRETARIAT-ONLY budget note"
PUBLIC_UPDATE = "Monitors are live in Xining"
_issued = itertools.count(1)


def _picture() -> bytes:
    """A 900 × 600 photograph with a transparent corner (flattened on white in print)."""
    from PIL import Image

    image = Image.new("RGBA", (900, 600), (20, 110, 70, 255))
    image.paste((0, 0, 0, 0), (0, 0, 200, 150))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


PICTURE = _picture()


@dataclass
class PublishedCall:
    """The records the PDF tests read."""

    solicitation: Solicitation
    selected: Proposal
    declined: Proposal
    partnership: Partnership
    withdrawn: Partnership
    applicant: User  # a member of the selected proposal's lead organization
    declined_applicant: User  # a member of the declined proposal's lead organization
    chinese_member: User  # a member of the selected proposal's Chinese partner, reading in Chinese
    outsider: User
    reviewers: tuple[User, User]
    chairs: tuple[User, User]
    lead: Organization
    partner: Organization


def make_published_call() -> PublishedCall:
    """Review, decide (two keys) and publish a call of two proposals."""
    solicitation = make_closed_solicitation(reviewers_per_proposal=2, target_selections=1)
    applicant = make_user(display_name="Una Applicant")
    chinese_member = make_user(
        display_name="青海申请人", language=Language.ZH, time_zone="Asia/Shanghai"
    )
    lead = make_organization(
        applicant,
        country=Country.US,
        name_en="Utah Office of Energy Development",
        name_zh="犹他州能源发展办公室",
        subdivision_code="US-UT",
        type=OrganizationType.STATE_GOVERNMENT,
        city="Salt Lake City",
        street_address=LEAD_ADDRESS[0],
        postal_code=LEAD_ADDRESS[1],
    )
    partner = make_organization(
        chinese_member,
        country=Country.CN,
        name_en="Qinghai Provincial Energy Bureau",
        name_zh="青海省能源局",
        subdivision_code="CN-QH",
        type=OrganizationType.STATE_GOVERNMENT,
        city="西宁",
    )
    selected = make_submitted(
        solicitation,
        lead=lead,
        partner=partner,
        title_en="Clean air monitoring for two highland capitals",
        title_zh="两座高原省会的清洁空气监测",
        summary_en="Low-cost sensors in **Salt Lake City** and Xining.",
        summary_zh="在盐湖城和西宁布设低成本传感器。",
    )
    declined_applicant = make_user(display_name="Dale Declined")
    declined = make_submitted(
        solicitation,
        lead=make_organization(declined_applicant, country=Country.US, name_en="Harbor NGO"),
        title_en="Harbor cleanup",
        title_zh="港口清理",
    )
    reviewers = (
        make_reviewer(Side.US, display_name=REVIEWER_NAMES[0]),
        make_reviewer(Side.CN, display_name=REVIEWER_NAMES[1]),
    )
    chairs = (
        make_chair(
            Side.US,
            display_name=CHAIR_NAMES[0],
            title_en=CHAIR_TITLES[0][0],
            title_zh=CHAIR_TITLES[0][1],
            office_en="U.S. Department of State",
            office_zh="美国国务院",
        ),
        make_chair(
            Side.CN,
            display_name=CHAIR_NAMES[1],
            title_en=CHAIR_TITLES[1][0],
            title_zh=CHAIR_TITLES[1][1],
            office_en="National Development and Reform Commission",
            office_zh="国家发展和改革委员会",
        ),
    )
    for proposal, scores in ((selected, [5, 4, 4, 5, 4]), (declined, [2, 3, 2, 2, 3])):
        make_assignment(
            proposal,
            reviewers[0],
            scores=scores,
            submitted=True,
            comments_to_applicant=f"Clear targets for {proposal.reference}.",
            comments_to_secretariat=CONFIDENTIAL,
            recommendation=Recommendation.SELECT,
        )
        make_assignment(
            proposal,
            reviewers[1],
            scores=[max(1, s - 1) for s in scores],
            submitted=True,
            comments_to_applicant="目标明确，合作伙伴均衡。",
            comments_to_secretariat=CONFIDENTIAL,
            recommendation=Recommendation.DISCUSS,
        )
    review_reviewing.post_comment(selected, DISCUSSION, actor=chairs[0])
    make_decision(selected, chairs[0], approver=chairs[1], rationale="Top of the ranking.")
    make_decision(
        declined,
        chairs[1],
        outcome=DecisionOutcome.DECLINED,
        approver=chairs[0],
        rationale="Weak on replicability.",
    )
    review_publication.publish_decisions(solicitation, actor=chairs[0])
    partnership = db.session.scalar(
        select(Partnership).where(Partnership.proposal_id == selected.id)
    )
    assert partnership is not None
    partnership.goal_en = "Cleaner air in Salt Lake City and Xining."
    partnership.goal_zh = "让盐湖城和西宁的空气更清洁。"
    start = partnership.pilot_starts_on
    make_milestone(
        partnership,
        1,
        1,
        title_en="Install 24 sensors",
        title_zh="安装24个传感器",
        status=MilestoneStatus.DONE,
        is_key_accomplishment=True,
        evidence="Installation report, 24 units.",
        due_on=start + timedelta(days=30),
    )
    make_milestone(
        partnership,
        1,
        2,
        title_en="Open data portal",
        title_zh="开放数据平台",
        status=MilestoneStatus.IN_PROGRESS,
        due_on=start + timedelta(days=120),
    )
    make_milestone(partnership, 2, 1, title_en="Bilingual handbook", title_zh="双语手册")
    member = applicant
    make_update(
        partnership,
        member,
        state=UpdateState.PUBLISHED,
        title=PUBLIC_UPDATE,
        body="西宁的监测设备已经上线。 <script>alert(1)</script> ![x](file:///etc/passwd)",
        published_at=clock.now() - timedelta(days=2),
        image_name=update_services._store(update_services.prepare_image(io.BytesIO(PICTURE))),
        image_alt="A monitoring station on a roof in Xining",
    )
    make_update(
        partnership,
        member,
        state=UpdateState.PUBLISHED,
        visibility=Visibility.SECRETARIAT,
        title=SECRETARIAT_UPDATE,
    )
    make_update(partnership, member, title=DRAFT_UPDATE, state=UpdateState.DRAFT)
    withdrawn = make_bare_partnership(
        cohort_year=solicitation.year,
        status=PartnershipStatus.WITHDRAWN,
        name_en="Withdrawn Pair",
        name_zh="已退出的伙伴",
        ended_on=clock.now().date(),
        status_reason="The partners parted ways.",
    )
    db.session.flush()
    return PublishedCall(
        solicitation=solicitation,
        selected=selected,
        declined=declined,
        partnership=partnership,
        withdrawn=withdrawn,
        applicant=applicant,
        declined_applicant=declined_applicant,
        chinese_member=chinese_member,
        outsider=make_user(display_name="Otto Outsider"),
        reviewers=reviewers,
        chairs=chairs,
        lead=lead,
        partner=partner,
    )


def make_issued_document(**fields: object) -> IssuedDocument:
    """A file in the register of issued documents (a decision letter unless told)."""
    n = next(_issued)
    values: dict[str, object] = {
        "sha256": hashlib.sha256(f"issued file {n}".encode()).hexdigest(),
        "code": f"code{n:016d}",
        "kind": "decision-letter",
        "record_id": n,
        "reference": f"EP-2027-{n:03d}",
        "language": "en",
        "paper": "letter",
        "issued_at": clock.now(),
        "revocation_reason": "",
        **fields,
    }
    document = IssuedDocument(**values)
    db.session.add(document)
    db.session.flush()
    return document
