"""Journey 3, a selected partnership's first months, in a real browser: the U.S. partner dates
the tasks of the Implementation Plan drafted from the proposal and submits it; a co-chair
approves it and its tasks become milestones; the Chinese partner (in Chinese) reports the
first milestone done and asks to feature it as a Key Accomplishment, then writes a progress update
and submits it; the co-chair publishes it, and the public page shows both.

Every page is checked by axe-core and the Nu Html Checker (tests/e2e/audit.py), with the
portal's Content-Security-Policy in force (no ``bypass_csp``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.accounts.models import Language, Side
from app.clock import today
from app.extensions import db
from app.organizations.models import Country
from app.partnerships import lifecycle
from app.partnerships.models import MilestoneStatus, Partnership, PlanState
from app.solicitations.models import Solicitation
from app.updates.models import ProgressUpdate, UpdateState
from tests.e2e.audit import save_screenshot
from tests.e2e.conftest import LiveServer
from tests.e2e.visitors import Visitor
from tests.factories import PASSWORD, make_organization, make_user
from tests.partnerships.factories import make_selected_proposal
from tests.reviews.factories import make_chair

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Pilot:
    """A partnership made from a selected proposal 60 days ago, its partners and a co-chair."""

    partnership_id: int
    name_en: str
    name_zh: str
    slug: str
    us_member: str
    cn_member: str
    chair: str


@pytest.fixture
def pilot(live_server: LiveServer) -> Pilot:
    """The partnership as publication makes it: a draft plan seeded from the workplan."""
    with live_server.records():
        dana = make_user(email="dana@slc-air.example.org", display_name="Dana Whitfield")
        wang = make_user(
            email="wang@xining-monitoring.example.cn",
            display_name="王书瑶",
            language=Language.ZH,
            time_zone="Asia/Shanghai",
        )
        chair = make_chair(Side.US, email="okafor@state.example.gov", display_name="Riley Okafor")
        us = make_organization(
            dana,
            country=Country.US,
            subdivision_code="US-UT",
            name_en="Salt Lake Clean Air Alliance",
            name_zh="盐湖清洁空气联盟",
        )
        cn = make_organization(
            wang,
            country=Country.CN,
            subdivision_code="CN-QH",
            name_en="Xining Environmental Monitoring Center",
            name_zh="西宁环境监测中心",
        )
        year = next(y for y in range(2026, 2100) if _year_is_free(y))
        proposal = make_selected_proposal(us, cn, year=year)
        partnership = lifecycle.create_partnership_from_proposal(
            proposal, actor=chair, signed_on=today() - timedelta(days=60)
        )
        db.session.flush()
        return Pilot(
            partnership_id=partnership.id,
            name_en=partnership.name_en,
            name_zh=partnership.name_zh,
            slug=partnership.slug,
            us_member=dana.email,
            cn_member=wang.email,
            chair=chair.email,
        )


def _year_is_free(year: int) -> bool:
    return db.session.scalar(select(Solicitation.id).where(Solicitation.year == year)) is None


def test_partners_submit_the_plan_report_a_milestone_and_publish_an_update(
    browse,  # type: ignore[no-untyped-def]
    audit,  # type: ignore[no-untyped-def]
    live_server: LiveServer,
    pilot: Pilot,
) -> None:
    en, zh = live_server.translate("en"), live_server.translate("zh_Hans")
    day = today()

    # The U.S. partner dates the tasks (the workplan gave months long past) and submits.
    dana = Visitor(browse(), audit, en)
    dana.sign_in(pilot.us_member, PASSWORD)
    dana.sees("Submit the draft Implementation Plan")
    dana.follow(pilot.name_en, within="main h3")
    dana.follow("Open the plan")
    dana.follow("Edit the draft")
    for task, due in [("Task 1.1", 30), ("Task 1.2", 200), ("Task 2.1", 400)]:
        dana.fill("Due date", (day + timedelta(days=due)).isoformat(), within=dana.group(task))
    dana.press("Save the draft")
    dana.press("Submit to the Secretariat")
    dana.sees("Version 1 of the plan is submitted to the Secretariat.")

    # A co-chair approves it.
    okafor = Visitor(browse(), audit, en)
    okafor.sign_in(pilot.chair, PASSWORD)
    okafor.follow("Partnerships", within="nav.portal-worknav")
    okafor.sees("Plans waiting for approval")
    okafor.follow(pilot.name_en)
    okafor.fill("Comments to the partners (optional)", "Approved; report every six months.")
    okafor.press(en("Approve version %(n)d", n=1))

    # The Chinese partner, in Chinese: the first milestone is done, and featured.
    wang = Visitor(browse(locale="zh-CN"), audit, zh)
    wang.sign_in(pilot.cn_member, PASSWORD)
    wang.follow(pilot.name_zh, within="main h3")
    wang.follow("安装传感器")  # milestone 1.1, named in Chinese
    wang.choose("Done", within=wang.group("Status"))
    wang.fill("Date", (day - timedelta(days=2)).isoformat())
    wang.fill("Evidence", "24个传感器自11月起每日上报数据。")
    wang.choose("Feature this milestone as a Key Accomplishment on the public page")
    wang.press("Save the report")
    wang.sees(zh("Milestone %(n)s is updated.", n="1.1"))

    # …and a progress update, submitted for moderation.
    wang.follow("Write an update")
    wang.fill("Title", "传感器网络上线")
    wang.choose("Chinese")
    wang.fill("Update", "两座城市的**24个**传感器已全部上线，数据每日公开。")
    wang.choose("Public: on the partnership's page and in the feed once published")
    wang.press("Save the draft")
    wang.choose(
        "I declare that this update contains no business-sensitive information and may be "
        "shared as chosen."
    )
    wang.press("Submit the update")

    # The co-chair publishes it.
    okafor.follow("Partnerships", within="nav.portal-worknav")
    okafor.follow(en("Updates to moderate (%(n)d)", n=1))
    okafor.follow("传感器网络上线")
    okafor.press("Publish the update")
    # …and confirms the Key Accomplishment the partners asked to feature: nothing shows on
    # the public page until a chair has.
    okafor.go(f"/secretariat/partnerships/{pilot.partnership_id}#accomplishments")
    okafor.sees("Key Accomplishments to review", "Install sensors")
    okafor.press("Confirm: show it on the public page")

    # The public page shows the Key Accomplishment and the update.
    visitor = Visitor(browse(), audit, en)
    visitor.go(f"/partnerships/{pilot.slug}")
    visitor.sees("Install sensors", "传感器网络上线")
    save_screenshot(visitor.page, "partnership-public-page")

    with live_server.app.app_context():
        partnership = db.session.get(Partnership, pilot.partnership_id)
        assert partnership.plans[0].state == PlanState.APPROVED
        first = partnership.milestones[0]
        assert first.status == MilestoneStatus.DONE and first.is_key_accomplishment
        update = db.session.scalars(
            select(ProgressUpdate).where(ProgressUpdate.partnership_id == partnership.id)
        ).one()
        assert update.state == UpdateState.PUBLISHED
    audit.assert_clean()
