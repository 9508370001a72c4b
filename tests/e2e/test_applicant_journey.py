"""Journey 1, the applicant, in a real browser: register, confirm the e-mail address from the
link in the mail, register an organization, write a proposal in English and Chinese with its
workplan, invite a registered Chinese organization whose member confirms (in Chinese), attach
a letter of support, submit and read the receipt.

It runs three times: with the mouse, with the keyboard alone (Tab, Shift+Tab, Enter, Space,
arrows, typing) — the skip link first on every page, a visible focus indicator, no pointer —
and on a 375 px touch screen, where no page may scroll sideways.
Every page visited is checked by axe-core (WCAG 2.1 A/AA: no serious or critical violation) and
by the Nu Html Checker (no error), with the portal's Content-Security-Policy in force: axe-core
is evaluated through the DevTools protocol, not added as a script the policy would block, so
no ``bypass_csp`` is needed (tests/e2e/audit.py).
"""

from __future__ import annotations

import dataclasses
import io
import itertools
from dataclasses import dataclass
from pathlib import Path

import pytest
from pypdf import PdfWriter
from sqlalchemy import select

from app.accounts.models import Language
from app.extensions import db
from app.focus_areas import FocusArea
from app.organizations.models import Country, OrganizationType
from app.proposals.models import Proposal, ProposalState
from app.solicitations.models import SolicitationStatus
from app.solicitations.queries import accepting_solicitation
from tests.e2e.audit import save_screenshot
from tests.e2e.conftest import LiveServer
from tests.e2e.visitors import PASSWORD, KeyboardVisitor, PhoneVisitor, Visitor
from tests.factories import PASSWORD as PARTNER_PASSWORD
from tests.factories import make_organization, make_user
from tests.solicitations.factories import make_solicitation

pytestmark = pytest.mark.e2e

_runs = itertools.count(1)


@dataclass(frozen=True)
class ApplicantWorld:
    """What the applicant finds: an open call, and a Chinese organization with a member."""

    email: str
    organization_en: str
    partner_en: str
    partner_zh: str
    partner_email: str
    call_year: int


class TaskList:
    """The proposal page's task list, as the applicant reads it."""

    def __init__(self, visitor: Visitor) -> None:
        self.visitor = visitor

    def status(self, section: str) -> str:
        """The status tag shown next to `section`."""
        item = self.visitor.page.locator(".portal-task-list__item").filter(
            has_text=self.visitor.t(section)
        )
        return (item.first.locator(".usa-tag").text_content() or "").strip()


@pytest.fixture
def applicant_world(live_server: LiveServer) -> ApplicantWorld:
    """An open call (made if none is open) and a registered Chinese partner organization."""
    n = next(_runs)
    again = "" if n == 1 else f" {n}"  # the names are unique; the first run's read best
    world = ApplicantWorld(
        email=f"avery.{n}@cedar-river.example.org",
        organization_en=f"Cedar River Watershed Council{again}",
        partner_en=f"Yunshan Environmental Research Institute{again}",
        partner_zh=f"云山环境研究院{again.strip()}",
        partner_email=f"zhou.{n}@yunshan.example.cn",
        call_year=0,  # the open call's, below
    )
    with live_server.records():
        call = accepting_solicitation() or make_solicitation(status=SolicitationStatus.OPEN)
        world = dataclasses.replace(world, call_year=call.year)
        member = make_user(
            email=world.partner_email,
            display_name="周晓云",
            language=Language.ZH,
            time_zone="Asia/Shanghai",
        )
        make_organization(
            member,
            country=Country.CN,
            subdivision_code="CN-YN",
            name_en=world.partner_en,
            name_zh=world.partner_zh,
            type=OrganizationType.NGO,
            focus_areas=(FocusArea.CLEAN_WATER,),
        )
    return world


def letter_of_support(folder: Path) -> Path:
    """A one-page PDF."""
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    path = folder / "letter-of-support.pdf"
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize(
    "person", [Visitor, KeyboardVisitor, PhoneVisitor], ids=["mouse", "keyboard", "phone"]
)
def test_an_applicant_submits_a_bilingual_proposal_with_a_chinese_partner(
    person: type[Visitor],
    browse,  # type: ignore[no-untyped-def]
    audit,  # type: ignore[no-untyped-def]
    live_server: LiveServer,
    applicant_world: ApplicantWorld,
    tmp_path: Path,
) -> None:
    world = applicant_world
    avery = person(browse(**person.device), audit, live_server.translate("en"))
    shots = "" if person is Visitor else "-phone" if person is PhoneVisitor else None

    # Registration: a mistake first, explained next to the field and announced.
    avery.go("/")
    assert avery.page.evaluate("window.uswdsPresent") is True  # USWDS's scripts run under the CSP
    avery.follow("Register", within="header")
    avery.fill("Full name", "Avery Lindqvist")
    avery.fill("E-mail address", world.email)
    avery.fill("New password", PASSWORD)
    avery.fill("Repeat the new password", PASSWORD + " typo")
    avery.press("Create account")
    summary = avery.page.locator("main form .usa-alert--error")
    assert summary.get_attribute("role") == "alert"  # read out as the page arrives
    assert summary.evaluate("el => el === document.activeElement")  # and the focus is on it
    assert summary.get_by_role("link").first.get_attribute("href") == "#password_again"
    repeat = avery.field("Repeat the new password")
    assert repeat.get_attribute("aria-invalid") == "true"
    error = avery.page.locator("#password_again-error")
    assert error.get_attribute("role") == "alert"
    assert "do not match" in error.inner_text()
    assert "password_again-error" in (repeat.get_attribute("aria-describedby") or "").split()
    assert avery.field("Full name").input_value() == "Avery Lindqvist"  # nothing typed is lost
    avery.fill("New password", PASSWORD)
    avery.fill("Repeat the new password", PASSWORD)
    avery.choose("English")
    avery.press("Create account")
    avery.sees("Welcome, Avery Lindqvist", "Please confirm your e-mail address")

    # The confirmation link, as the mail in the outbox has it.
    avery.go(live_server.mail_link(world.email, "accounts.confirm_email"))
    avery.sees("Thank you, your e-mail address is confirmed.")

    # The organization.
    avery.follow("Register an organization")
    avery.fill("Name in English", world.organization_en)
    avery.fill("Name in Chinese", "雪松河流域委员会")
    avery.choose("United States")
    avery.select("Type of organization", "Non-governmental organization")
    avery.select("U.S. state or Chinese province", "Washington – 华盛顿州")
    avery.fill("City", "Spokane")
    avery.fill("Website", "https://cedar-river.example.org")
    avery.press("Register")
    avery.sees(f"{world.organization_en} is registered. You are its owner.")

    # The draft, in both languages, started from the call on the home page.
    avery.follow("Home", within="header")
    avery.follow("Start your proposal")
    avery.press("Start the draft")
    texts = {
        "Title in English": "River sensors for two watersheds",
        "Title in Chinese": "两个流域的河流传感器",
        "Summary in English": "Low-cost sensors watch water quality in the Spokane and Erhai basins.",
        "Summary in Chinese": "低成本传感器监测斯波坎河与洱海流域的水质。",
        "The deliverable, in English": "An open network of 40 sensors and its data portal.",
        "The deliverable, in Chinese": "由40个传感器组成的开放网络及其数据平台。",
        "Objectives in English": "Share methods; publish data daily.",
        "Objectives in Chinese": "共享方法；每日公开数据。",
        "Expected impact in English": "Earlier warnings of algal blooms.",
        "Expected impact in Chinese": "更早预警藻华。",
    }
    for label, value in texts.items():
        avery.fill(label, value)
    avery.choose("Clean water")
    avery.choose("A technology")
    avery.press("Save draft")
    avery.sees("Draft saved.")
    avery.follow("Back to the proposal")

    # The task list: the texts are done, the partners and the workplan not yet.
    tasks = TaskList(avery)
    assert tasks.status("Proposal texts in English") == "Completed"
    assert tasks.status("Proposal texts in Chinese") == "Completed"
    assert tasks.status("Deliverable") == "Completed"
    assert tasks.status("Participants") == "Not started"
    assert tasks.status("Workplan") == "Not started"
    assert tasks.status("Check and submit") == "Cannot start yet"
    avery.sees("Continue: Participants")  # the one next action

    avery.follow("Workplan")
    year = world.call_year
    for pilot, english, chinese, target, (month, due_year) in [
        ("Year 1", "Install 40 sensors", "安装40个传感器", "40 sensors reporting daily", ("October", year + 1)),
        ("Year 2", "Publish the data daily", "每日公开数据", "An open data portal", ("September", year + 2)),
        ("Year 3", "Write the shared handbook", "编写共享手册", "A bilingual handbook", ("June", year + 3)),
    ]:  # fmt: skip
        avery.select("Pilot year", pilot)
        avery.fill("Task in English", english)
        avery.fill("Task in Chinese", chinese)
        avery.fill("Measurable target", target)
        avery.select("Month", month)
        avery.select("Year", str(due_year))
        avery.press("Add task")
        avery.sees("Task added.", english)
    avery.follow("Back to the proposal")
    assert tasks.status("Workplan") == "Completed"

    # The partner: invited here, confirmed by its member in the portal, in Chinese.
    # Suggested for sharing the proposal's focus area, found in the combo box by its Chinese name.
    avery.follow("Participants")
    avery.sees("Suggested for this proposal", world.partner_en, "Shares 1 focus area: Clean water")
    avery.pick(
        "Registered organization",
        world.partner_zh,
        f"{world.partner_en} – {world.partner_zh} · Yunnan · Non-governmental organization",
    )
    avery.press("Invite organization")
    avery.sees(f"{world.partner_en} is invited. Its members will answer in the portal.")
    proposal_url = avery.page.url.split("#")[0].replace("/partners", "")
    avery.follow("Back to the proposal")
    assert tasks.status("Participants") == "In progress"  # until the partner answers

    zh = live_server.translate("zh_Hans")
    zhou = person(browse(locale="zh-CN", **person.device), audit, zh)
    zhou.sign_in(world.partner_email, PARTNER_PASSWORD)
    zhou.sees(zh("Invitations waiting for your answer"))
    zhou.follow(
        zh(
            "%(lead)s invites %(organization)s to “%(title)s”",
            lead="雪松河流域委员会",
            organization=world.partner_zh,
            title="两个流域的河流传感器",
        )
    )
    zhou.press("Confirm taking part")
    zhou.sees(zh("You confirmed taking part."))

    # The letter of support, then the check of the answers, the submission and its receipt.
    avery.go(proposal_url)
    assert tasks.status("Participants") == "Completed"
    assert tasks.status("Check and submit") == "Not started"
    avery.follow("Letters of support")
    avery.attach("Letter of support (PDF, at most 10 MB)", letter_of_support(tmp_path))
    avery.press("Upload")
    avery.sees("The letter is attached.", "letter-of-support.pdf")
    avery.follow("Back to the proposal")
    assert tasks.status("Letters of support") == "Completed"
    if shots is not None:
        save_screenshot(avery.page, f"proposal-task-list{shots}")
    avery.follow("Check your answers and submit")
    avery.sees(
        "Check your answers before submitting", "两个流域的河流传感器", "letter-of-support.pdf"
    )
    if shots is not None:
        save_screenshot(avery.page, f"proposal-check-your-answers{shots}")
    avery.press("Submit the proposal")  # the declaration forgotten
    summary = avery.page.locator("[data-error-summary]")
    assert summary.evaluate("el => el === document.activeElement")
    assert summary.get_by_role("link").first.get_attribute("href") == "#declaration"
    avery.choose(
        "The English and Chinese versions are identical in content, and all participants "
        "agreed to this submission."
    )
    avery.press("Submit the proposal")
    avery.sees("Receipt", "A receipt was sent to every participant.")
    if shots is not None:
        save_screenshot(avery.page, f"proposal-receipt{shots}")

    with live_server.app.app_context():
        proposal = db.session.scalars(
            select(Proposal).where(Proposal.title_en == "River sensors for two watersheds")
            .order_by(Proposal.id.desc())
        ).first()  # fmt: skip
        assert proposal is not None and proposal.state == ProposalState.SUBMITTED
        assert proposal.reference and proposal.reference in avery.main_text()
        assert len(proposal.attachments) == 1
    audit.assert_clean()
