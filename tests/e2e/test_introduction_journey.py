"""Journey (issue 18): contact through the portal. A member of a Chinese city government, reading
the portal in Chinese, finds a U.S. county working on the same focus area with the partner
finder (/partners, from the dashboard), reads why it ranks there and requests an introduction
from its result; the county's member sees the request on the dashboard and accepts; the Chinese
member now reads the U.S. member's e-mail address and starts a proposal with one click, and the
county has the invitation to take part.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.accounts.models import Language
from app.extensions import db
from app.focus_areas import FocusArea
from app.organizations.models import Country, OrganizationType
from app.solicitations.models import Solicitation, SolicitationStatus
from tests.e2e.conftest import LiveServer
from tests.e2e.visitors import Visitor
from tests.factories import PASSWORD, make_organization, make_user
from tests.solicitations.factories import make_solicitation

pytestmark = pytest.mark.e2e

MESSAGE = (
    "洛阳市希望与贵县在清洁空气方面开展合作。Luoyang would like to work with your county on "
    "clean air <b>monitoring</b>."
)
_runs = itertools.count(1)


@dataclass(frozen=True)
class Counterparts:
    """The two members and their organizations' names."""

    county_en: str
    county_zh: str
    city_en: str
    city_zh: str
    us_email: str
    cn_email: str


@pytest.fixture
def counterparts(live_server: LiveServer) -> Counterparts:
    """A U.S. county and a Chinese city government, both on clean air, one member each; a call
    open now (a call another journey left open stays the open one)."""
    n = next(_runs)
    now = clock.now()
    with live_server.records():
        if (
            db.session.scalar(
                select(Solicitation.id).where(Solicitation.status == SolicitationStatus.OPEN)
            )
            is None
        ):
            make_solicitation(opens_at=now - timedelta(days=5), closes_at=now + timedelta(days=60))
        us_email, cn_email = (
            f"dana.intro.{n}@larimer.example.gov",
            f"wang.intro.{n}@luoyang.example.cn",
        )
        county = make_organization(
            make_user(email=us_email, display_name="Dana Whitfield"),
            country=Country.US,
            subdivision_code="US-CO",
            type=OrganizationType.COUNTY_GOVERNMENT,
            name_en=f"Larimer County {n}",
            name_zh=f"拉里默县{n}",
            focus_areas=[FocusArea.CLEAN_AIR, FocusArea.ENERGY_EFFICIENCY],
        )
        # Another county, on another focus area: the finder's filter leaves it out.
        make_organization(
            make_user(),
            country=Country.US,
            subdivision_code="US-CO",
            type=OrganizationType.COUNTY_GOVERNMENT,
            name_en=f"Boulder Water County {n}",
            name_zh=f"拉里默水务县{n}",
            focus_areas=[FocusArea.CLEAN_WATER],
        )
        city = make_organization(
            make_user(
                email=cn_email,
                display_name="王芳",
                language=Language.ZH,
                time_zone="Asia/Shanghai",
            ),
            country=Country.CN,
            subdivision_code="CN-HA",
            type=OrganizationType.CITY_GOVERNMENT,
            name_en=f"Luoyang Municipal Government {n}",
            name_zh=f"洛阳市人民政府{n}",
            focus_areas=[FocusArea.CLEAN_AIR],
        )
        return Counterparts(
            county.name_en, county.name_zh, city.name_en, city.name_zh, us_email, cn_email
        )


def find_counterpart(person: Visitor, name: str) -> None:
    """Find the organization called `name` (as the person reads it) with the partner finder —
    the person's own organization chosen already, counterparts narrowed to county governments
    sharing a focus area — read why it ranks there, and ask for an introduction from its
    result."""
    person.follow("Find partners across the Pacific")  # from the dashboard
    search = person.page.get_by_role("search")
    own = person.combo_box("Organization looking for a partner", within=search).input_value()
    assert own, "the member's own organization is not shown as chosen"
    person.select("Type of organization", "County or prefecture government", within=search)
    person.select("Focus area", "Clean air", within=search)
    person.press("Find partners")
    assert re.search(r"[?&]organization=\d+", person.page.url), person.page.url  # kept
    result = person.page.locator("main li").filter(
        has=person.page.get_by_role("heading", name=name, exact=True)
    )
    why = result.locator(".portal-why").inner_text()
    assert person.t("Shares %(num)d focus area: %(names)s (+%(points)d)", num=1,
                    names=person.t("Clean air"), points=3) in why, why  # fmt: skip
    person.follow(person.t("Request an introduction to %(name)s", name=name), within=result)


def test_a_chinese_city_finds_a_us_county_and_the_introduction_becomes_a_proposal(
    browse,  # type: ignore[no-untyped-def]
    audit,  # type: ignore[no-untyped-def]
    live_server: LiveServer,
    counterparts: Counterparts,
) -> None:
    zh = live_server.translate("zh_Hans")
    c = counterparts

    # The Chinese member finds the county and asks for an introduction, in Chinese.
    wang = Visitor(browse(locale="zh-CN"), audit, zh)
    wang.sign_in(c.cn_email, PASSWORD)
    find_counterpart(wang, c.county_zh)
    wang.sees(zh("Request an introduction to %(organization)s", organization=c.county_zh))
    wang.fill("Message", MESSAGE)
    wang.press("Send the request")
    wang.sees(
        zh(
            "Your request is on its way to %(organization)s. You will hear by e-mail when "
            "they answer.",
            organization=c.county_zh,
        ),
        MESSAGE,  # the markup shown as text
    )
    assert c.us_email not in wang.main_text()
    introduction_url = wang.page.url

    # The county's member sees the request on the dashboard and accepts it.
    dana = Visitor(browse(), audit, live_server.translate("en"))
    dana.sign_in(c.us_email, PASSWORD)
    dana.sees("Introduction request", c.city_en)
    assert c.cn_email not in dana.main_text()
    dana.follow("Answer the request")
    dana.sees(MESSAGE)
    assert c.cn_email not in dana.main_text()
    dana.press("Accept the introduction")
    dana.sees(
        dana.t(
            "You accepted. %(organization)s and you now see each other's e-mail addresses.",
            organization=c.city_en,
        ),
        c.cn_email,
    )

    # The Chinese member reads the county member's address and starts a proposal in one step.
    wang.go(introduction_url)
    wang.sees(zh("Contact addresses"), c.us_email)
    wang.press(zh("Start a proposal with %(organization)s", organization=c.county_zh))
    wang.sees(
        zh(
            "Your draft proposal is started and %(organization)s is invited as a partner.",
            organization=c.county_zh,
        )
    )

    # The county has the invitation to take part.
    dana.go("/dashboard")
    dana.sees("Invitations waiting for your answer")
    dana.follow(
        dana.t(
            "%(lead)s invites %(organization)s to “%(title)s”",
            lead=c.city_en,
            organization=c.county_en,
            title=dana.t("Untitled proposal"),
        )
    )
    dana.sees("Confirm taking part")
    audit.assert_clean()
