"""The shapes of the demo data and the few helpers its tables are written with.

The values themselves live in `app.demo.data` (the program's real history and the fictional
current cycle); `app.demo.services.seed_demo` loads them. Nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from app.focus_areas import FocusArea
from app.organizations.models import Country, OrganizationType
from app.partnerships.models import MilestoneStatus
from app.proposals.models import DeliverableKind

# Short names the data tables are written with.
US = Country.US
CN = Country.CN
ENTERPRISE = OrganizationType.ENTERPRISE
ASSOCIATION = OrganizationType.INDUSTRY_ASSOCIATION
UNIVERSITY = OrganizationType.UNIVERSITY  # universities and research institutes
NGO = OrganizationType.NGO
STATE = OrganizationType.STATE_GOVERNMENT  # U.S. states, Chinese provinces and their agencies
COUNTY = OrganizationType.COUNTY_GOVERNMENT
CITY = OrganizationType.CITY_GOVERNMENT

AIR = FocusArea.CLEAN_AIR
WATER = FocusArea.CLEAN_WATER
ELECTRICITY = FocusArea.CLEAN_ELECTRICITY
TRANSPORT = FocusArea.CLEAN_TRANSPORTATION
WETLANDS = FocusArea.FORESTS_WETLANDS
EFFICIENCY = FocusArea.ENERGY_EFFICIENCY
GREEN_GROWTH = FocusArea.GREEN_GROWTH
COMMUNITIES = FocusArea.LOW_CARBON_COMMUNITIES

DONE = MilestoneStatus.DONE
IN_PROGRESS = MilestoneStatus.IN_PROGRESS
DELAYED = MilestoneStatus.DELAYED

CONFIRMED = "confirmed"  # ParticipantState values
INVITED = "invited"

# Every demo account's e-mail is in this domain, so that none can reach a real person.
DEMO_DOMAIN = "demo.ecopartnerships.org"


@dataclass(frozen=True)
class Org:
    """An organization; (name_en, country) is its natural key."""

    name_en: str
    name_zh: str
    country: Country
    type: OrganizationType
    subdivision: str  # ISO 3166-2, e.g. "US-UT", "CN-QH"
    city: str = ""
    website: str = ""
    description: str = ""  # in English
    street_address: str = ""  # demo organizations only: real ones' addresses are not guessed
    postal_code: str = ""
    description_zh: str = ""
    # Beside these, an organization works on the focus areas of the partnerships and proposals
    # it takes part in (the loader adds them).
    focus_areas: tuple[FocusArea, ...] = ()


@dataclass(frozen=True)
class HistoricalPartnership:
    """A graduated EcoPartnership. The first U.S. organization is the lead."""

    slug: str
    cohort_year: int
    name_en: str  # "U.S. side – Chinese side", as the program's site showed it
    name_zh: str
    us: tuple[Org, ...]
    cn: tuple[Org, ...]
    focus_areas: tuple[FocusArea, ...]
    goal_en: str
    goal_zh: str
    description_en: str
    description_zh: str


@dataclass(frozen=True)
class Cohort:
    """A selection year: when its partnerships were signed, and how many were selected."""

    year: int
    signed_on: date
    signing_known: bool  # False: the ceremony date is not on record; December 1 stands in
    ceremony: str
    selected: int  # how many EcoPartnerships the program selected that year (public record)
    opens_on: date  # the call's window; approximate except where `window_known`
    closes_at: datetime
    window_known: bool = False


@dataclass(frozen=True)
class Person:
    """A demo account. Reviewers and chairs have a side; nobody else does."""

    email: str
    display_name: str
    roles: tuple[str, ...]  # Role values
    side: str | None = None  # Side values
    language: str = "en"
    time_zone: str = "America/New_York"
    # A co-chair's signature block: title and office, in English and Chinese.
    title: tuple[str, str] = ("", "")
    office: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class Criterion:
    """A rubric criterion and its weight (percent)."""

    name_en: str
    name_zh: str
    description_en: str
    description_zh: str
    weight: float


@dataclass(frozen=True)
class SolicitationSpec:
    """An illustrative solicitation of the current cycle."""

    year: int
    title_en: str
    title_zh: str
    guidance_en: str
    guidance_zh: str
    opens_at: datetime
    closes_at: datetime
    status: str  # SolicitationStatus value
    target_selections: int


@dataclass(frozen=True)
class Task:
    """A workplan task (proposals) or milestone (partnerships)."""

    pilot_year: int
    number: int
    title_en: str
    title_zh: str
    target: str
    due_on: date
    status: MilestoneStatus = MilestoneStatus.PLANNED
    completed_on: date | None = None
    evidence: str = ""
    key_accomplishment: bool = False


@dataclass(frozen=True)
class ResubmissionSpec:
    """A declined proposal its lead carries into the open call, with a draft response."""

    reference: str
    by: str  # e-mail local part of a member of its lead organization
    response_en: str
    response_zh: str


@dataclass(frozen=True)
class ProposalSpec:
    """A proposal. Submitted ones have a reference and a submission time."""

    title_en: str
    title_zh: str
    lead: Org
    partners: tuple[tuple[Org, str], ...]  # (organization, ParticipantState value)
    created_by: str  # e-mail local part
    focus_areas: tuple[FocusArea, ...]
    deliverable_kind: DeliverableKind
    summary_en: str
    summary_zh: str
    deliverable_en: str
    deliverable_zh: str
    objectives_en: str
    objectives_zh: str
    impact_en: str
    impact_zh: str
    tasks: tuple[Task, ...] = ()
    state: str = "draft"  # ProposalState value
    reference: str | None = None
    submitted_at: datetime | None = None
    reviewers: tuple[str, ...] = ()  # e-mail local parts of assigned reviewers


@dataclass(frozen=True)
class UpdateSpec:
    """A progress update."""

    title: str
    body: str
    language: str  # Language value
    author: str  # e-mail local part
    visibility: str = "public"
    state: str = "published"
    submitted_at: datetime | None = None
    published_at: datetime | None = None


@dataclass(frozen=True)
class ActivePartnershipSpec:
    """A 2025 partnership, made from a selected proposal."""

    slug: str
    name_en: str
    name_zh: str
    goal_en: str
    goal_zh: str
    description_en: str
    description_zh: str
    proposal: ProposalSpec
    milestones: tuple[Task, ...]
    updates: tuple[UpdateSpec, ...] = field(default_factory=tuple)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A moment in UTC, as the tables give it."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def demo_email(local: str) -> str:
    """A demo account's address in the demo domain."""
    return f"{local}@{DEMO_DOMAIN}"


def demo_org(
    en: str,
    zh: str,
    country: Country,
    kind: OrganizationType,
    sub: str,
    city: str,
    address: tuple[str, str] = ("", ""),
) -> Org:
    """A fictional organization, its names marked "(Demo)" / "（演示）" so that none can be taken
    for a real one; `address` is a made-up (street, postal code) for its letters."""
    return Org(
        f"{en} (Demo)",
        f"{zh}（演示）",
        country,
        kind,
        sub,
        city,
        "",
        "Fictional organization, part of the portal's demonstration data.",
        street_address=address[0],
        postal_code=address[1],
        description_zh="虚构机构，属于本门户网站的演示数据。",
    )


def proposed_tasks(milestones: tuple[Task, ...]) -> tuple[Task, ...]:
    """The workplan as proposed: the same tasks, nothing yet done."""
    return tuple(
        Task(m.pilot_year, m.number, m.title_en, m.title_zh, m.target, m.due_on) for m in milestones
    )


def task_rows(*rows: tuple[int, int, str, str, str, date]) -> tuple[Task, ...]:
    """Planned tasks from (pilot year, number, title, 标题, target, due) rows."""
    return tuple(Task(*row) for row in rows)
