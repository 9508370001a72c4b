"""A synthetic data set at program scale and far beyond it, for benchmarks and capacity checks.

The program selected 45 partnerships in ten years; `seed_scale(n, seed=s)` adds `n` more over ten
cohorts (2016–2025), each made from a selected proposal, with 2 to 4 participant organizations
(at least one of each country), one or two focus areas, about nine milestones and about ten
published updates; and `n / 5` proposals a year (the others declined), each reviewed by three
secretariat members scoring every rubric criterion, with its two-chair decision.

The same `n` and `seed` give the same records, field for field: every value comes from one
`random.Random(seed)` and from fixed dates, never from the clock. The rows are built first as
plain dictionaries (`plan_scale`, pure) and then written with bulk INSERTs, ten thousand
partnerships and their ~700,000 rows in about a minute. Keys come back from the database
(``INSERT … RETURNING``), so no id is ever set by hand and PostgreSQL's sequences stay right.

Synthetic accounts (the reviewers and chairs) cannot sign in: their password hash is not one.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from math import ceil
from typing import Any

from sqlalchemy import func, insert, select

from app.accounts.models import Language, Role, Side, User, UserRole
from app.audit.services import record_event
from app.demo.data import cycle
from app.extensions import db
from app.focus_areas import FocusArea
from app.organizations.models import Country, Organization, OrganizationType
from app.organizations.subdivisions import subdivisions
from app.partnerships.models import (
    Milestone,
    MilestoneStatus,
    Partnership,
    PartnershipFocusArea,
    PartnershipParticipant,
    PartnershipStatus,
)
from app.proposals.models import (
    DeliverableKind,
    Participant,
    ParticipantRole,
    ParticipantState,
    Proposal,
    ProposalFocusArea,
    ProposalState,
)
from app.reviews.models import (
    AssignmentState,
    Decision,
    DecisionOutcome,
    DecisionState,
    Recommendation,
    ReviewAssignment,
    ReviewScore,
)
from app.solicitations.models import RubricCriterion, Solicitation, SolicitationStatus
from app.updates.models import ProgressUpdate, UpdateState, Visibility

SCALE_YEARS = tuple(range(2016, 2026))  # ten cohorts
SLUG_PREFIX = "scale-"  # every synthetic partnership's slug starts with it
# The day the data set describes: milestones due before it are reported on, pilots that ended
# before it have graduated. Fixed, so that a seed always gives the same data.
AS_OF = date(2026, 11, 1)
PILOT_DAYS = 1096  # three years
REVIEWERS_PER_PROPOSAL = 3
REVIEWERS_PER_SIDE = 6
ACCOUNT_DOMAIN = "scale.ecopartnerships.example"
NOT_A_PASSWORD_HASH = "!synthetic-account-no-sign-in"
BATCH = 5_000  # rows per INSERT round trip

_LEFT_OUT_PLACES = {"CN-TW", "CN-HK", "CN-MO", "US-AS", "US-GU", "US-MP", "US-PR", "US-UM", "US-VI"}

# (English, Chinese) word pairs the names, goals and texts are built from.
THEMES = (
    ("Solar", "太阳能", FocusArea.CLEAN_ELECTRICITY),
    ("Wind Power", "风电", FocusArea.CLEAN_ELECTRICITY),
    ("Smart Grid", "智能电网", FocusArea.CLEAN_ELECTRICITY),
    ("Energy Storage", "储能", FocusArea.CLEAN_ELECTRICITY),
    ("Clean Air", "清洁空气", FocusArea.CLEAN_AIR),
    ("Air Quality", "空气质量", FocusArea.CLEAN_AIR),
    ("Watershed", "流域", FocusArea.CLEAN_WATER),
    ("Water Reuse", "水循环利用", FocusArea.CLEAN_WATER),
    ("Electric Vehicle", "电动汽车", FocusArea.CLEAN_TRANSPORTATION),
    ("Transit", "公共交通", FocusArea.CLEAN_TRANSPORTATION),
    ("Wetlands", "湿地", FocusArea.FORESTS_WETLANDS),
    ("Forestry", "林业", FocusArea.FORESTS_WETLANDS),
    ("Building Efficiency", "建筑节能", FocusArea.ENERGY_EFFICIENCY),
    ("Industrial Efficiency", "工业能效", FocusArea.ENERGY_EFFICIENCY),
    ("Green Finance", "绿色金融", FocusArea.GREEN_GROWTH),
    ("Circular Economy", "循环经济", FocusArea.GREEN_GROWTH),
    ("Low-Carbon City", "低碳城市", FocusArea.LOW_CARBON_COMMUNITIES),
    ("Eco-District", "生态社区", FocusArea.LOW_CARBON_COMMUNITIES),
)
KINDS = {
    OrganizationType.ENTERPRISE: (("Technologies", "科技公司"), ("Systems Inc.", "系统有限公司")),
    OrganizationType.INDUSTRY_ASSOCIATION: (("Industry Alliance", "产业联盟"),),
    OrganizationType.UNIVERSITY: (("Research Institute", "研究院"), ("University", "大学")),
    OrganizationType.NGO: (("Foundation", "基金会"), ("Council", "促进会")),
    OrganizationType.STATE_GOVERNMENT: (("Energy Office", "能源局"),),
    OrganizationType.COUNTY_GOVERNMENT: (("County Environment Bureau", "县生态环境局"),),
    OrganizationType.CITY_GOVERNMENT: (("City Sustainability Office", "市可持续发展办公室"),),
}
TYPE_WEIGHTS = (
    (OrganizationType.ENTERPRISE, 30),
    (OrganizationType.INDUSTRY_ASSOCIATION, 6),
    (OrganizationType.UNIVERSITY, 25),
    (OrganizationType.NGO, 14),
    (OrganizationType.STATE_GOVERNMENT, 8),
    (OrganizationType.COUNTY_GOVERNMENT, 5),
    (OrganizationType.CITY_GOVERNMENT, 12),
)
QUALIFIERS = (
    ("", ""),
    ("Northern", "北方"),
    ("Pacific", "太平洋"),
    ("Highland", "高原"),
    ("River Valley", "河谷"),
    ("Coastal", "沿海"),
    ("Frontier", "前沿"),
    ("United", "联合"),
)
OUTCOMES = (
    ("pilot", "试点"),
    ("demonstration", "示范"),
    ("monitoring network", "监测网络"),
    ("policy toolkit", "政策工具包"),
    ("training program", "培训项目"),
    ("investment model", "投资模式"),
)
STEPS = (
    ("Baseline survey", "基线调查"),
    ("Site selection", "选址"),
    ("Joint workshop", "联合研讨会"),
    ("Equipment installed", "设备安装"),
    ("First field results", "首批现场结果"),
    ("Staff exchange", "人员交流"),
    ("Interim report", "中期报告"),
    ("Scale-up plan", "推广方案"),
    ("Policy brief", "政策简报"),
    ("Final demonstration", "最终示范"),
    ("Public results event", "成果发布会"),
)
SENTENCES = (
    "The partners met in {place} to review the {theme} {outcome} and agree on next steps.",
    "Field teams from both countries collected {n} weeks of measurements.",
    "A joint workshop brought together {n} engineers, officials and students.",
    "The {theme} {outcome} now serves {n},000 residents.",
    "Results so far exceed the year's target by {n} percent.",
    "Both sides exchanged staff for {n} weeks to share methods and data.",
    "The next phase widens the {outcome} to {n} more sites.",
)


def _at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def places() -> dict[Country, list[tuple[str, str, str]]]:
    """(code, English name, Chinese name) of the states and provinces names are drawn from."""
    found: dict[Country, list[tuple[str, str, str]]] = {Country.US: [], Country.CN: []}
    for code, place in subdivisions().items():
        if code not in _LEFT_OUT_PLACES:
            found[place.country].append((code, place.name_en, place.name_zh))
    return found


# --- the plan: every row, as plain values ---------------------------------------------------------


@dataclass
class ScalePlan:
    """Every row of the data set, with references between them as positions in these lists
    (``"organization": 12`` means the 13th organization), resolved to keys when written."""

    n: int
    seed: int
    organizations: list[dict[str, Any]] = field(default_factory=list)
    proposals: list[dict[str, Any]] = field(default_factory=list)
    proposal_participants: list[dict[str, Any]] = field(default_factory=list)
    proposal_focus_areas: list[dict[str, Any]] = field(default_factory=list)
    reviews: list[dict[str, Any]] = field(default_factory=list)  # with their "scores"
    decisions: list[dict[str, Any]] = field(default_factory=list)
    partnerships: list[dict[str, Any]] = field(default_factory=list)
    participants: list[dict[str, Any]] = field(default_factory=list)
    focus_areas: list[dict[str, Any]] = field(default_factory=list)
    milestones: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)


class _Planner:
    """Draws the data set from one random generator, in a fixed order."""

    def __init__(self, n: int, seed: int) -> None:
        self.random = random.Random(seed)
        self.plan = ScalePlan(n=n, seed=seed)
        self.places = places()
        self.types = [kind for kind, _weight in TYPE_WEIGHTS]
        self.type_weights = [weight for _kind, weight in TYPE_WEIGHTS]

    def build(self) -> ScalePlan:
        n = self.plan.n
        years = len(SCALE_YEARS)
        per_year = [n // years + (i < n % years) for i in range(years)]
        proposals_per_year = ceil(n / 5)
        # Organizations that apply without being selected, again and again.
        applicants = {
            country: [self.organization(country) for _ in range(max(2, n // 4))]
            for country in Country
        }
        number = 0
        for year, selected in zip(SCALE_YEARS, per_year, strict=True):
            for k in range(max(proposals_per_year, selected)):
                number += 1
                if k < selected:
                    self.selected_proposal(year, number)
                else:
                    lead = self.random.choice(applicants[Country.US])
                    partner = self.random.choice(applicants[Country.CN])
                    self.proposal(year, number, [lead, partner], ProposalState.DECLINED)
        return self.plan

    # -- organizations ------------------------------------------------------------------------

    def organization(
        self, country: Country, theme: tuple[str, str, FocusArea] | None = None
    ) -> int:
        code, place_en, place_zh = self.random.choice(self.places[country])
        kind = self.random.choices(self.types, self.type_weights)[0]
        kind_en, kind_zh = self.random.choice(KINDS[kind])
        theme_en, theme_zh, _area = theme or self.random.choice(THEMES)
        qualifier_en, qualifier_zh = self.random.choice(QUALIFIERS)
        name_en = " ".join(w for w in (place_en, qualifier_en, theme_en, kind_en) if w)
        stamp = _at(date(SCALE_YEARS[0] - 1, 1, 1) + timedelta(days=self.random.randrange(365)))
        self.plan.organizations.append(
            {
                "name_en": name_en[:200],
                "name_zh": f"{place_zh}{qualifier_zh}{theme_zh}{kind_zh}"[:200],
                "country": country,
                "type": kind,
                "subdivision_code": code,
                "city": "",
                "website": "",
                "description": f"{name_en} works on {theme_en.lower()} in {place_en}.",
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        return len(self.plan.organizations) - 1

    # -- proposals and their reviews ----------------------------------------------------------

    def proposal(
        self,
        year: int,
        number: int,
        organizations: list[int],
        state: ProposalState,
        theme: tuple[str, str, FocusArea] | None = None,
    ) -> int:
        theme = theme or self.random.choice(THEMES)
        outcome_en, outcome_zh = self.random.choice(OUTCOMES)
        submitted = _at(date(year, 5, 1) + timedelta(days=self.random.randrange(30)))
        index = len(self.plan.proposals)
        self.plan.proposals.append(
            {
                "year": year,
                "lead_organization": organizations[0],
                "reference": f"EP-{year}-S{number:05d}",
                "state": state,
                "title_en": f"{theme[0]} {outcome_en} across the Pacific",
                "title_zh": f"中美{theme[1]}{outcome_zh}",
                "summary_en": f"A three-year {theme[0].lower()} {outcome_en}.",
                "summary_zh": f"为期三年的{theme[1]}{outcome_zh}。",
                "deliverable_kind": self.random.choice(list(DeliverableKind)),
                "submitted_at": submitted,
                "created_at": submitted - timedelta(days=20),
                "updated_at": submitted + timedelta(days=90),
            }
        )
        for position, organization in enumerate(organizations):
            self.plan.proposal_participants.append(
                {
                    "proposal": index,
                    "organization": organization,
                    "role": ParticipantRole.LEAD if position == 0 else ParticipantRole.PARTNER,
                    "state": ParticipantState.CONFIRMED,
                    "answered_at": submitted - timedelta(days=10),
                    "created_at": submitted - timedelta(days=20),
                    "updated_at": submitted - timedelta(days=10),
                }
            )
        self.plan.proposal_focus_areas.append({"proposal": index, "focus_area": theme[2]})
        # Reviewers: at least one of each side (positions in the synthetic reviewer list).
        us = self.random.randrange(REVIEWERS_PER_SIDE)
        cn = REVIEWERS_PER_SIDE + self.random.randrange(REVIEWERS_PER_SIDE)
        third = self.random.choice([r for r in range(2 * REVIEWERS_PER_SIDE) if r not in (us, cn)])
        lean = 1 if state == ProposalState.SELECTED else -1
        for reviewer in (us, cn, third)[:REVIEWERS_PER_PROPOSAL]:
            scores = [
                min(5, max(1, 3 + lean + self.random.choice((-1, 0, 0, 1)))) for _ in cycle.RUBRIC
            ]
            mean = sum(scores) / len(scores)
            recommendation = (
                Recommendation.SELECT
                if mean >= 3.8
                else Recommendation.DISCUSS
                if mean >= 2.8
                else Recommendation.DECLINE
            )
            reviewed = submitted + timedelta(days=30 + self.random.randrange(20))
            self.plan.reviews.append(
                {
                    "proposal": index,
                    "reviewer": reviewer,
                    "state": AssignmentState.SUBMITTED,
                    "comments_to_applicant": "Clear objectives; strengthen the monitoring plan.",
                    "comments_to_secretariat": "",
                    "recommendation": recommendation,
                    "submitted_at": reviewed,
                    "created_at": submitted + timedelta(days=25),
                    "updated_at": reviewed,
                    "scores": scores,
                }
            )
        decided = _at(date(year, 8, 1))
        self.plan.decisions.append(
            {
                "proposal": index,
                "outcome": DecisionOutcome.SELECTED
                if state == ProposalState.SELECTED
                else DecisionOutcome.DECLINED,
                "rationale": "Ranked by the weighted mean of the reviewers' scores.",
                "state": DecisionState.APPROVED,
                "proposed_at": decided,
                "approved_at": decided + timedelta(days=3),
                "created_at": decided,
                "updated_at": decided + timedelta(days=3),
            }
        )
        return index

    # -- partnerships ---------------------------------------------------------------------------

    def selected_proposal(self, year: int, number: int) -> None:
        theme = self.random.choice(THEMES)
        countries = [Country.US, Country.CN] + [
            self.random.choice(list(Country)) for _ in range(self.random.choice((0, 0, 1, 1, 2)))
        ]
        organizations = [self.organization(country, theme) for country in countries]
        proposal = self.proposal(year, number, organizations, ProposalState.SELECTED, theme)
        us, cn = (
            self.plan.organizations[organizations[0]],
            self.plan.organizations[organizations[1]],
        )
        signed = date(year, 9, 1) + timedelta(days=self.random.randrange(60))
        ends = signed + timedelta(days=PILOT_DAYS)
        withdrawn = self.random.random() < 0.02
        status = (
            PartnershipStatus.WITHDRAWN
            if withdrawn
            else PartnershipStatus.GRADUATED
            if ends < AS_OF
            else PartnershipStatus.ACTIVE
        )
        ended = None
        if status == PartnershipStatus.GRADUATED:
            ended = ends
        elif status == PartnershipStatus.WITHDRAWN:
            ended = min(signed + timedelta(days=400 + self.random.randrange(300)), AS_OF)
        outcome_en, outcome_zh = self.random.choice(OUTCOMES)
        index = len(self.plan.partnerships)
        last = min(ended or AS_OF, AS_OF)
        self.plan.partnerships.append(
            {
                "slug": f"{SLUG_PREFIX}{index + 1:05d}",
                "proposal": proposal,
                "cohort_year": year,
                "name_en": f"{us['name_en']} – {cn['name_en']}",
                "name_zh": f"{us['name_zh']}—{cn['name_zh']}",
                "goal_en": f"A {theme[0].lower()} {outcome_en} shared by {us['name_en']} "
                f"and {cn['name_en']}.",
                "goal_zh": f"{us['name_zh']}与{cn['name_zh']}共同开展的{theme[1]}{outcome_zh}。",
                "description_en": " ".join(self.sentences(theme, outcome_en, us, 4)),
                "description_zh": f"双方将在三年内开展{theme[1]}{outcome_zh}，并公开分享成果。",
                "signed_on": signed,
                "pilot_starts_on": signed,
                "pilot_ends_on": ends,
                "status": status,
                "status_reason": "The partners ended the pilot early." if withdrawn else "",
                "ended_on": ended,
                "created_at": _at(signed),
                "updated_at": _at(last),
            }
        )
        for position, organization in enumerate(organizations):
            self.plan.participants.append(
                {
                    "partnership": index,
                    "organization": organization,
                    "role": ParticipantRole.LEAD if position == 0 else ParticipantRole.PARTNER,
                }
            )
        areas = {theme[2]}
        if self.random.random() < 0.4:
            areas.add(self.random.choice(list(FocusArea)))
        for area in sorted(areas):
            self.plan.focus_areas.append({"partnership": index, "focus_area": area})
        self.milestones(index, signed, ended)
        self.updates(index, signed, last, theme, outcome_en, us)

    def sentences(
        self, theme: tuple[str, str, FocusArea], outcome: str, us: dict[str, Any], count: int
    ) -> Iterator[str]:
        place = us["name_en"].split(" ")[0]
        for template in self.random.sample(SENTENCES, count):
            yield template.format(
                place=place, theme=theme[0].lower(), outcome=outcome, n=self.random.randint(2, 40)
            )

    def milestones(self, partnership: int, starts: date, ended: date | None) -> None:
        done_numbers = []
        for year in (1, 2, 3):
            for number in range(1, self.random.choice((2, 3, 3, 3, 4)) + 1):
                title_en, title_zh = self.random.choice(STEPS)
                due = starts + timedelta(
                    days=365 * (year - 1) + 90 * number + self.random.randrange(60)
                )
                completed = None
                if due < AS_OF and (ended is None or due < ended):
                    status = self.random.choices(
                        [MilestoneStatus.DONE, MilestoneStatus.DELAYED, MilestoneStatus.DROPPED],
                        [88, 8, 4],
                    )[0]
                    if status == MilestoneStatus.DONE:
                        completed = due - timedelta(days=self.random.randrange(30))
                elif due < AS_OF + timedelta(days=120) and ended is None:
                    status = MilestoneStatus.IN_PROGRESS
                else:
                    status = MilestoneStatus.PLANNED
                status_on = completed or (
                    min(due, AS_OF) if status != MilestoneStatus.PLANNED else None
                )
                self.plan.milestones.append(
                    {
                        "partnership": partnership,
                        "pilot_year": year,
                        "number": number,
                        "title_en": f"{title_en} ({year}.{number})",
                        "title_zh": f"{title_zh}（{year}.{number}）",
                        "target": f"{self.random.randint(2, 50)} sites reporting",
                        "due_on": due,
                        "status": status,
                        "evidence": "Report filed with the secretariat." if completed else "",
                        "status_on": status_on,
                        "completed_on": completed,
                        "is_key_accomplishment": False,
                        "created_at": _at(starts),
                        "updated_at": _at(status_on or starts),
                    }
                )
                if completed:
                    done_numbers.append(len(self.plan.milestones) - 1)
        for position in self.random.sample(
            done_numbers, min(len(done_numbers), self.random.choice((1, 2)))
        ):
            self.plan.milestones[position]["is_key_accomplishment"] = True

    def updates(
        self,
        partnership: int,
        starts: date,
        last: date,
        theme: tuple[str, str, FocusArea],
        outcome: str,
        us: dict[str, Any],
    ) -> None:
        span = max(1, (last - starts).days)
        count = self.random.randint(8, 12)
        for k in range(count):
            published = _at(starts + timedelta(days=span * (k + 1) // (count + 1)), 8 + k % 10)
            language = Language.ZH if k % 3 == 2 else Language.EN
            title = (
                f"{theme[1]}{'进展' if k % 2 else '阶段成果'}（第{k + 1}期）"
                if language == Language.ZH
                else f"{theme[0]} {outcome}: update {k + 1}"
            )
            paragraphs = [" ".join(self.sentences(theme, outcome, us, 3)) for _ in range(2)]
            body = "\n\n".join(paragraphs) + "\n\n- Next: site visits\n- Data shared openly"
            self._update(partnership, title, body, language, published, UpdateState.PUBLISHED)
        if self.random.random() < 0.3:  # now and then, a note for the secretariat only
            published = _at(last - timedelta(days=self.random.randrange(60)))
            self._update(
                partnership,
                "Budget and staffing note",
                "For the secretariat.",
                Language.EN,
                published,
                UpdateState.PUBLISHED,
                Visibility.SECRETARIAT,
            )
        if self.random.random() < 0.2:  # and a draft in progress
            self._update(
                partnership, "Draft: next results", "To be completed.", Language.EN, _at(last), None
            )

    def _update(
        self,
        partnership: int,
        title: str,
        body: str,
        language: Language,
        at: datetime,
        state: UpdateState | None,
        visibility: Visibility = Visibility.PUBLIC,
    ) -> None:
        published = state == UpdateState.PUBLISHED
        self.plan.updates.append(
            {
                "partnership": partnership,
                "title": title,
                "body": body,
                "language": language,
                "visibility": visibility,
                "state": state or UpdateState.DRAFT,
                "submitted_at": at - timedelta(days=2) if published else None,
                "declared_non_sensitive_at": at - timedelta(days=2) if published else None,
                "published_at": at if published else None,
                "created_at": at - timedelta(days=5),
                "updated_at": at,
            }
        )


def plan_scale(n: int, *, seed: int = 1) -> ScalePlan:
    """Every row of a data set of `n` partnerships drawn with `seed`: the same for the same
    arguments, whatever the database or the day."""
    if n < 1:
        raise ValueError("the scale must be at least 1 partnership")
    return _Planner(n, seed).build()


# --- writing it -------------------------------------------------------------------------------


@dataclass
class ScaleSummary:
    """What `seed_scale` wrote (nothing if the data set was already there), and how long it took."""

    n: int
    seed: int
    created: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def describe(self) -> str:
        """A line for the command line."""
        if not self.created:
            return "Synthetic data set already loaded: nothing to add."
        rows = ", ".join(f"{count} {kind}" for kind, count in self.created.items())
        return (
            f"Synthetic data set (scale {self.n}, seed {self.seed}) loaded in "
            f"{self.seconds:.1f} s: {rows}."
        )


def _batches(rows: Sequence[dict[str, Any]]) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def _insert(model: Any, rows: Sequence[dict[str, Any]]) -> None:
    for batch in _batches(rows):
        db.session.execute(insert(model), batch)


def _insert_returning_ids(model: Any, rows: Sequence[dict[str, Any]]) -> list[int]:
    ids: list[int] = []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    for batch in _batches(rows):
        ids += db.session.scalars(statement, batch).all()
    return ids


def _resolve(rows: list[dict[str, Any]], **keys: tuple[str, list[int]]) -> list[dict[str, Any]]:
    """Rows with their references by position replaced by keys: ``organization=("organization_id",
    ids)`` turns ``"organization": 3`` into ``"organization_id": ids[3]``."""
    resolved = []
    for row in rows:
        row = dict(row)
        for reference, (column, ids) in keys.items():
            row[column] = ids[row.pop(reference)]
        resolved.append(row)
    return resolved


def is_loaded() -> bool:
    """Whether a synthetic data set is already in the database."""
    return bool(
        db.session.scalar(
            select(func.count(Partnership.id)).where(Partnership.slug.startswith(SLUG_PREFIX))
        )
    )


def seed_scale(n: int, *, seed: int = 1) -> ScaleSummary:
    """Add the synthetic data set of `n` partnerships drawn with `seed` to the current
    transaction, unless one is loaded already. Flushes; the caller commits.

    Records one ``demo.scaled`` audit event, on the U.S. synthetic chair.
    """
    summary = ScaleSummary(n=n, seed=seed)
    if is_loaded():
        return summary
    started = time.perf_counter()
    plan = plan_scale(n, seed=seed)
    reviewers, chairs = _accounts()
    criteria = _solicitations()

    organization_ids = _insert_returning_ids(Organization, plan.organizations)
    proposal_rows, proposal_years = [], []
    for row in plan.proposals:
        row = dict(row)
        proposal_years.append(row.pop("year"))
        row["solicitation_id"] = criteria[proposal_years[-1]][0]
        row["lead_organization_id"] = organization_ids[row.pop("lead_organization")]
        proposal_rows.append(row)
    proposal_ids = _insert_returning_ids(Proposal, proposal_rows)
    by_proposal = ("proposal_id", proposal_ids)
    by_organization = ("organization_id", organization_ids)
    _insert(
        Participant,
        _resolve(plan.proposal_participants, proposal=by_proposal, organization=by_organization),
    )
    _insert(ProposalFocusArea, _resolve(plan.proposal_focus_areas, proposal=by_proposal))
    reviews = _resolve(plan.reviews, proposal=by_proposal, reviewer=("reviewer_id", reviewers))
    scores = [
        (review.pop("scores"), criteria[proposal_years[planned["proposal"]]][1])
        for review, planned in zip(reviews, plan.reviews, strict=True)
    ]
    review_ids = _insert_returning_ids(ReviewAssignment, reviews)
    _insert(
        ReviewScore,
        [
            {"assignment_id": review_id, "criterion_id": criterion, "score": score}
            for review_id, (values, rubric) in zip(review_ids, scores, strict=True)
            for criterion, score in zip(rubric, values, strict=True)
        ],
    )
    decisions = _resolve(plan.decisions, proposal=by_proposal)
    for decision in decisions:
        decision["proposed_by_id"], decision["approved_by_id"] = chairs
    _insert(Decision, decisions)

    partnership_ids = _insert_returning_ids(
        Partnership, _resolve(plan.partnerships, proposal=by_proposal)
    )
    by_partnership = ("partnership_id", partnership_ids)
    _insert(
        PartnershipParticipant,
        _resolve(plan.participants, partnership=by_partnership, organization=by_organization),
    )
    _insert(PartnershipFocusArea, _resolve(plan.focus_areas, partnership=by_partnership))
    _insert(Milestone, _resolve(plan.milestones, partnership=by_partnership))
    _insert(ProgressUpdate, _resolve(plan.updates, partnership=by_partnership))

    summary.created = {
        "partnerships": len(plan.partnerships),
        "organizations": len(plan.organizations),
        "milestones": len(plan.milestones),
        "updates": len(plan.updates),
        "proposals": len(plan.proposals),
        "reviews": len(plan.reviews),
    }
    chair = db.session.get(User, chairs[0])
    record_event("demo.scaled", chair, actor=None, n=n, seed=seed, created=summary.created)
    db.session.flush()
    summary.seconds = time.perf_counter() - started
    return summary


def _accounts() -> tuple[list[int], tuple[int, int]]:
    """The synthetic reviewers (U.S. side first) and the two chairs (U.S., Chinese), created
    if missing. They cannot sign in."""

    def account(local: str, role: Role, side: Side) -> int:
        email = f"{local}@{ACCOUNT_DOMAIN}"
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(
                email=email,
                password_hash=NOT_A_PASSWORD_HASH,
                display_name=f"Synthetic {role.value} {local}",
                language=Language.ZH if side == Side.CN else Language.EN,
                time_zone="Asia/Shanghai" if side == Side.CN else "America/New_York",
                side=side,
                is_active=False,
            )
            db.session.add(user)
            db.session.flush()
            db.session.add(UserRole(user_id=user.id, role=role))
        return user.id

    reviewers = [
        account(f"reviewer{i + 1}.{side.value.lower()}", Role.REVIEWER, side)
        for side in (Side.US, Side.CN)
        for i in range(REVIEWERS_PER_SIDE)
    ]
    chairs = (account("chair.us", Role.CHAIR, Side.US), account("chair.cn", Role.CHAIR, Side.CN))
    db.session.flush()
    return reviewers, chairs


def _solicitations() -> dict[int, tuple[int, list[int]]]:
    """For each cohort year: its call (the existing one, or a new archived one) and the ids of
    its rubric criteria in order (created when the call has none)."""
    found: dict[int, tuple[int, list[int]]] = {}
    for year in SCALE_YEARS:
        solicitation = db.session.scalar(select(Solicitation).where(Solicitation.year == year))
        if solicitation is None:
            solicitation = Solicitation(
                year=year,
                title_en=f"{year} U.S.–China EcoPartnerships solicitation",
                title_zh=f"{year}年中美绿色合作伙伴计划征集",
                guidance_en="A synthetic call of the scale data set.",
                guidance_zh="规模测试数据集中的虚构征集。",
                opens_at=_at(date(year, 3, 1)),
                closes_at=_at(date(year, 5, 31), 15),
                reviewers_per_proposal=REVIEWERS_PER_PROPOSAL,
                target_selections=5,
                status=SolicitationStatus.ARCHIVED,
            )
            db.session.add(solicitation)
            db.session.flush()
        ids = list(
            db.session.scalars(
                select(RubricCriterion.id)
                .where(RubricCriterion.solicitation_id == solicitation.id)
                .order_by(RubricCriterion.position)
            )
        )
        if len(ids) < len(cycle.RUBRIC):
            # Calls of the history carry no rubric; the synthetic reviews score against one.
            start = len(ids)
            for position, spec in enumerate(cycle.RUBRIC[start:], start=start + 1):
                criterion = RubricCriterion(
                    solicitation_id=solicitation.id,
                    position=position,
                    name_en=spec.name_en,
                    name_zh=spec.name_zh,
                    description_en=spec.description_en,
                    description_zh=spec.description_zh,
                    weight=spec.weight,
                )
                db.session.add(criterion)
                db.session.flush()
                ids.append(criterion.id)
        found[year] = (solicitation.id, ids[: len(cycle.RUBRIC)])
    return found
