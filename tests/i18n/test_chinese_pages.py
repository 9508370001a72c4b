"""A Chinese reader walks the pages of the four journeys (public, applicant, reviewer, co-chair,
partner; forms with their error messages; an error page) and meets no English interface text.

The catalog test (test_catalog.py) proves every *wrapped* string has a translation; this one
reads what the pages actually show, so it also catches text never wrapped, English put
together in code, labels of enums, and strings that reach a page by another road.

What counts as interface text, and what is left out (the heuristic):
- every text node of the body and the <title>, and the attributes people read (aria-label,
  title, alt, placeholder, the description meta);
- left out: scripts and styles; any element marked ``lang="en"`` (English the page shows on
  purpose — the language switch, the English side of a bilingual record); record content —
  every string stored in the database by this test's records (names, titles, targets, e-mail
  addresses, references…), whatever language it is in; addresses, e-mail addresses, codes
  (EP-2027-001, US-UT) and numbers;
- what remains may hold no ASCII word of three letters or more, apart from the allow-list
  below (formats, standards and the program's own name).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from flask import Flask
from flask.testing import FlaskClient
from lxml import html as lxml_html
from sqlalchemy import Enum, String, Text, select

from app.accounts.models import Language, Side, User
from app.extensions import db
from app.organizations.models import Country
from app.organizations.subdivisions import subdivisions
from app.partnerships.models import PlanState
from app.proposals.models import ProposalState
from app.solicitations.models import SolicitationStatus
from app.updates.models import UpdateState
from tests.factories import PASSWORD, make_organization, make_user
from tests.partnerships.factories import make_milestone, make_partnership, make_plan, make_update
from tests.proposals.factories import make_proposal
from tests.reviews.factories import make_assignment, make_chair, make_decision, make_reviewer
from tests.solicitations.factories import make_solicitation

# ASCII words a Chinese interface may show: formats, standards, the program's name; and the
# English search terms the directory's hint gives as examples ("e.g. Qinghai, wetlands or 青海").
ALLOWED = {
    "PDF", "CSV", "API", "JSON", "UTC", "GMT", "Atom", "ISO", "URL", "HTTP", "HTTPS", "Markdown",
    "HTML", "PNG", "JPEG", "WebP", "GIF", "iCalendar", "EcoPartnerships", "EcoPartnership", "YYYY",
    "Qinghai", "wetlands",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z][A-Za-z'’]{2,}")
NOT_WORDS = re.compile(
    r"https?://\S+"  # addresses
    r"|(?<![\w/])/[\w./-]+"  # paths (/api/v1/statistics)
    r"|[\w.+-]+@[\w-]+(\.[\w-]+)+"  # e-mail addresses
    r"|\b[A-Z][A-Za-z]*(?:/[A-Za-z0-9_+-]+)+"  # time zones (America/New_York, US/Pacific)
    r"|\b[A-Z]{2}-[A-Z0-9]{1,3}\b|\bEP-\d{4}-\d+\b"  # places (US-UT), references
)
READ_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")


@dataclass
class World:
    """The records behind the pages, and the people who read them (all in Chinese)."""

    applicant: User
    partner: User
    reviewer: User
    chair: User
    pages: dict[str, list[str]] = field(default_factory=dict)


def record_strings() -> list[str]:
    """Every string the test's records hold (not enum values), and the English names of the
    states and provinces (place data, shown bilingual on purpose), longest first."""
    found: set[str] = {place.name_en for place in subdivisions().values()}
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns
                   if isinstance(c.type, (String, Text)) and not isinstance(c.type, Enum)]  # fmt: skip
        if not columns:
            continue
        for row in db.session.execute(select(*columns)):
            for value in row:
                if isinstance(value, str) and re.search(r"[A-Za-z]{3}", value):
                    found.update(line.strip() for line in value.splitlines() if line.strip())
    return sorted(found, key=len, reverse=True)


def english_in(page: str, records: list[str]) -> list[str]:
    """The English words of `page`'s interface text, each with a little context."""
    document = lxml_html.fromstring(page)
    for element in document.xpath(
        "//script | //style | //*[@lang and not(starts-with(@lang, 'zh'))]"
    ):
        element.drop_tree()
    texts = list(document.xpath("//title//text() | //body//text()"))
    for name in READ_ATTRIBUTES:
        texts.extend(document.xpath(f"//body//@{name}"))
    texts.extend(document.xpath("//meta[@name='description']/@content"))
    found = []
    for text in texts:
        text = NOT_WORDS.sub(" ", " ".join(str(text).split()))
        for record in records:
            if record in text:
                text = text.replace(record, " ")
        words = [w for w in WORD.findall(text) if w not in ALLOWED]
        if words:
            found.append(f"{', '.join(words)}  ← “{text[:100]}”")
    return found


def client_for(app: Flask, user: User | None) -> FlaskClient:
    """A browser of its own, signed in as `user` (who reads Chinese), or anonymous with the
    language cookie set to Chinese."""
    client = app.test_client()
    if user is None:
        client.set_cookie("lang", "zh_Hans")
    else:
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return client


@pytest.fixture
def world(client: FlaskClient) -> World:  # `client`: CSRF off for the forms sent below
    """A year of the program seen from every side, every person reading Chinese."""
    zh = {"language": Language.ZH, "time_zone": "Asia/Shanghai"}
    applicant = make_user(display_name="陈语桐", **zh)
    partner = make_user(display_name="王书瑶", **zh)
    reviewer = make_reviewer(Side.CN, display_name="周明澈", **zh)
    chair = make_chair(Side.CN, display_name="林清远", **zh)
    chair_us = make_chair(Side.US, display_name="Jordan Ellery")
    cn = make_organization(applicant, partner, country=Country.CN, subdivision_code="CN-YN",
                           name_en="Yunshan Institute", name_zh="云山研究院")  # fmt: skip
    us = make_organization(make_user(), country=Country.US, subdivision_code="US-WA",
                           name_en="Cedar River Council", name_zh="雪松河委员会")  # fmt: skip

    open_call = make_solicitation()
    draft = make_proposal(lead=cn, partner=us, solicitation=open_call)
    closed_call = make_solicitation(status=SolicitationStatus.CLOSED)
    submitted = make_proposal(lead=us, partner=cn, solicitation=closed_call,
                              state=ProposalState.SUBMITTED)  # fmt: skip
    assignment = make_assignment(submitted, reviewer)
    make_assignment(submitted, make_reviewer(Side.US), scores=[4, 4, 3, 5, 4], submitted=True)
    make_decision(submitted, chair_us)

    partnership = make_partnership(partner, us=us, cn=cn, name_zh="雪松河委员会—云山研究院",
                                   goal_zh="两座城市的空气更清洁。")  # fmt: skip
    plan = make_plan(partnership, state=PlanState.SUBMITTED)
    milestone = make_milestone(partnership, title_zh="安装监测设备", target="12台设备上报数据")
    draft_update = make_update(
        partnership,
        author=partner,
        state=UpdateState.DRAFT,
        title="监测设备上线",
        body="数据每日公开。",
    )
    waiting = make_update(partnership, author=partner, state=UpdateState.SUBMITTED,
                          title="第一季度进展", body="完成**三项**任务。")  # fmt: skip
    make_update(partnership, title="项目启动", body="双方签署协议。")
    db.session.flush()

    p, s, w = partnership.id, f"/workspace/partnerships/{partnership.id}", "/secretariat"
    pages = {
        "anonymous": [
            "/", "/solicitations", f"/solicitations/{open_call.id}", "/partnerships",
            "/partnerships?cn_province=CN-YN", f"/partnerships/{partnership.slug}", "/updates",
            "/statistics", "/partnerships/map", "/login", "/register", "/forgot-password",
            "POST /register", "POST /login", "/partnerships/no-such-partnership",
            "/about", "/accessibility", "/privacy", "/contact",
        ],
        "applicant": [
            "/dashboard", "/account", "/organizations/mine", "/organizations", "/organizations/new",
            "POST /organizations/new", f"/organizations/{cn.id}",
            f"/organizations/{cn.id}/members", "/proposals/new", f"/proposals/{draft.id}",
            f"/proposals/{draft.id}/edit", f"/proposals/{draft.id}/workplan",
            f"/proposals/{draft.id}/partners", f"/proposals/{draft.id}/submit",
            f"POST /proposals/{draft.id}/submit",
        ],
        "partner": [
            "/workspace/partnerships", s, f"{s}/plan", f"{s}/plan/versions/1",
            f"{s}/milestones/{milestone.id}", f"POST {s}/milestones/{milestone.id}",
            f"{s}/updates", f"{s}/updates/new", f"POST {s}/updates/new",
            f"{s}/updates/{draft_update.id}",
        ],
        "reviewer": ["/review/", f"/review/assignments/{assignment.id}", "/review/conflicts"],
        "chair": [
            "/dashboard", f"{w}/solicitations/", f"{w}/solicitations/{closed_call.id}",
            f"{w}/solicitations/{open_call.id}/edit", f"{w}/review/",
            f"{w}/review/{closed_call.id}/screening", f"{w}/review/{closed_call.id}/assignments",
            f"{w}/review/{closed_call.id}/ranking", f"{w}/review/{closed_call.id}/selection",
            f"{w}/review/proposals/{submitted.id}", f"{w}/review/conflicts",
            f"{w}/partnerships", f"{w}/partnerships/{p}",
            f"{w}/partnerships/{p}/plan/versions/{plan.version_number}",
            f"{w}/partnerships/updates", f"{w}/partnerships/{p}/updates/{waiting.id}",
        ],
    }  # fmt: skip
    return World(applicant, partner, reviewer, chair, pages)


def walk(app: Flask, user: User | None, addresses: list[str]) -> Iterator[tuple[str, str]]:
    """Each page's address and HTML; ``POST /x`` sends the form at /x empty (its errors)."""
    client = client_for(app, user)
    for address in addresses:
        method, _, path = address.rpartition(" ")
        response = client.post(path, data={}) if method == "POST" else client.get(path)
        expected = 404 if "no-such" in path else 200
        assert response.status_code == expected, (address, response.status_code)
        assert response.mimetype == "text/html", address
        yield address, response.get_data(as_text=True)


@pytest.mark.parametrize("persona", ["anonymous", "applicant", "partner", "reviewer", "chair"])
def test_a_chinese_reader_meets_no_english_interface_text(
    app: Flask, world: World, persona: str
) -> None:
    records = record_strings()
    user = None if persona == "anonymous" else getattr(world, persona)
    problems = []
    for address, page in walk(app, user, world.pages[persona]):
        assert 'lang="zh-Hans"' in page[:200], f"{address} is not in Chinese"
        problems.extend(f"{address}: {found}" for found in english_in(page, records))
    assert not problems, "English on Chinese pages:\n" + "\n".join(problems)
