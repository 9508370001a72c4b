"""A synthetic data set at program scale and far beyond it, for benchmarks and capacity checks.

The program selected 45 partnerships in ten years; `seed_scale(n, seed=s)` adds `n` more over ten
cohorts (2016–2025), each made from a selected proposal, with 2 to 4 participant organizations
(at least one of each country), one or two focus areas, about nine milestones and about ten
published updates; and `n / 5` proposals a year (the others declined), each reviewed by three
secretariat members scoring every rubric criterion, with its two-chair decision.

The same `n` and `seed` give the same records, field for field: every value comes from one
`random.Random(seed)` and from fixed dates, never from the clock. The rows are built first as
plain dictionaries (`plan_scale`, pure) and then written in bulk (`app.demo.scale`: COPY on
PostgreSQL, ``executemany`` on SQLite). Keys come from the database (its sequences, or
``INSERT … RETURNING``), so no id is ever made up and PostgreSQL's sequences stay right.

Synthetic accounts (the reviewers and chairs) cannot sign in: their password hash is not one.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from math import ceil
from typing import Any

from app.accounts.models import Language
from app.demo.data import cycle, words
from app.focus_areas import FocusArea
from app.organizations.models import Country
from app.organizations.subdivisions import subdivisions
from app.partnerships.models import (
    MilestoneStatus,
    PartnershipStatus,
)
from app.proposals.models import (
    DeliverableKind,
    ParticipantRole,
    ParticipantState,
    ProposalState,
)
from app.reviews.models import (
    AssignmentState,
    DecisionOutcome,
    DecisionState,
    Recommendation,
)
from app.updates.models import UpdateState, Visibility

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

_LEFT_OUT_PLACES = {"CN-TW", "CN-HK", "CN-MO", "US-AS", "US-GU", "US-MP", "US-PR", "US-UM", "US-VI"}


def day_at(day: date, hour: int = 12) -> datetime:
    """`hour` o'clock UTC on `day`: the data set's times are fixed, never the clock's."""
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
        self.types = [kind for kind, _weight in words.TYPE_WEIGHTS]
        self.type_weights = [weight for _kind, weight in words.TYPE_WEIGHTS]

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
        kind_en, kind_zh = self.random.choice(words.KINDS[kind])
        theme_en, theme_zh, _area = theme or self.random.choice(words.THEMES)
        qualifier_en, qualifier_zh = self.random.choice(words.QUALIFIERS)
        name_en = " ".join(w for w in (place_en, qualifier_en, theme_en, kind_en) if w)
        stamp = day_at(date(SCALE_YEARS[0] - 1, 1, 1) + timedelta(days=self.random.randrange(365)))
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
                "description_zh": f"在{place_zh}开展{theme_zh}工作。",
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
        theme = theme or self.random.choice(words.THEMES)
        outcome_en, outcome_zh = self.random.choice(words.OUTCOMES)
        submitted = day_at(date(year, 5, 1) + timedelta(days=self.random.randrange(30)))
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
        decided = day_at(date(year, 8, 1))
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
        theme = self.random.choice(words.THEMES)
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
        outcome_en, outcome_zh = self.random.choice(words.OUTCOMES)
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
                "created_at": day_at(signed),
                "updated_at": day_at(last),
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
        for template in self.random.sample(words.SENTENCES, count):
            yield template.format(
                place=place, theme=theme[0].lower(), outcome=outcome, n=self.random.randint(2, 40)
            )

    def milestones(self, partnership: int, starts: date, ended: date | None) -> None:
        done_numbers = []
        for year in (1, 2, 3):
            for number in range(1, self.random.choice((2, 3, 3, 3, 4)) + 1):
                title_en, title_zh = self.random.choice(words.STEPS)
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
                        "created_at": day_at(starts),
                        "updated_at": day_at(status_on or starts),
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
            published = day_at(starts + timedelta(days=span * (k + 1) // (count + 1)), 8 + k % 10)
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
            published = day_at(last - timedelta(days=self.random.randrange(60)))
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
                partnership,
                "Draft: next results",
                "To be completed.",
                Language.EN,
                day_at(last),
                None,
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
