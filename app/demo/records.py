"""Get-or-create for the demo's records: each looked up by its natural key, counted, and added
only when missing. The loaders in `app.demo.current_cycle` and `app.demo.services` build on it.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.accounts.models import Language, Role, Side, User
from app.accounts.services import create_user, find_user_by_email
from app.demo import specs
from app.demo.data import cycle
from app.focus_areas import FocusArea
from app.organizations.models import Organization, OrganizationFocusArea, OrganizationMember
from app.partnerships.models import Partnership, PartnershipFocusArea, PartnershipParticipant
from app.proposals.models import ParticipantRole
from app.solicitations.models import RubricCriterion, Solicitation, SolicitationStatus

REVIEW_WEEKS = timedelta(weeks=8)  # a current call's reviews are due this long after it closes

# When the demo's accounts took up their roles: before any event of its history, so that the
# chairs' keys on its decisions count (a decision's second key needs a chair appointed before).
DEMO_ROLES_SINCE = datetime(2008, 1, 1, tzinfo=UTC)

PILOT_YEARS = 3

M = TypeVar("M")


def at_noon(day: date) -> datetime:
    """Noon UTC on `day`: when a demo event known only by its date happened."""
    return datetime.combine(day, time(12), tzinfo=UTC)


def add_years(day: date, years: int) -> date:
    """The same day `years` later (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def rubric_criterion(
    solicitation: Solicitation, position: int, spec: specs.Criterion
) -> RubricCriterion:
    """The demo rubric's criterion `spec` as the `position`-th (from 1) of `solicitation`'s
    rubric: the demo's calls and the synthetic data set's score against the same rubric."""
    return RubricCriterion(
        solicitation_id=solicitation.id,
        position=position,
        name_en=spec.name_en,
        name_zh=spec.name_zh,
        description_en=spec.description_en,
        description_zh=spec.description_zh,
        weight=spec.weight,
    )


class DemoRecords:
    """Get-or-create for every kind of demo record, counting what it finds and what it adds."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.totals: Counter[str] = Counter()
        self.created: Counter[str] = Counter()
        self._users: dict[str, User] = {}
        self._orgs: dict[tuple[str, str], Organization] = {}
        self._focus_areas: set[tuple[int, FocusArea]] = set()  # each counted once

    # -- bookkeeping ---------------------------------------------------------------------------

    def _found(self, kind: str, record: M | None, make: Any) -> M:
        """Return `record`, or add the one `make()` builds and count it as created."""
        self.totals[kind] += 1
        if record is not None:
            return record
        new = make()
        self.session.add(new)
        self.session.flush()
        self.created[kind] += 1
        return new  # type: ignore[no-any-return]

    # -- people and organizations --------------------------------------------------------------

    def user(self, local: str) -> User:
        """The demo user whose address starts with `local`."""
        return self._users[local]

    def _ensure_user(self, person: specs.Person) -> User:
        user = find_user_by_email(person.email)
        self.totals["users"] += 1
        if user is None:
            user = create_user(
                email=person.email,
                password=cycle.DEMO_PASSWORD,
                display_name=person.display_name,
                roles=[Role(role) for role in person.roles],
                side=Side(person.side) if person.side else None,
                language=Language(person.language),
                time_zone=person.time_zone,
                email_confirmed=True,
            )
            for role in user.roles:  # the demo's people held their roles through its history
                role.granted_at = DEMO_ROLES_SINCE
            user.title_en, user.title_zh = person.title
            user.office_en, user.office_zh = person.office
            self.created["users"] += 1
        self._users[person.email.partition("@")[0]] = user
        return user

    def org(self, spec: specs.Org) -> Organization:
        """The organization described by `spec`, created if missing."""
        key = (spec.name_en, spec.country.value)
        if key in self._orgs:
            return self._orgs[key]
        existing = self.session.scalar(
            select(Organization).where(
                Organization.name_en == spec.name_en, Organization.country == spec.country
            )
        )
        org = self._found(
            "organizations",
            existing,
            lambda: Organization(
                name_en=spec.name_en,
                name_zh=spec.name_zh,
                country=spec.country,
                type=spec.type,
                subdivision_code=spec.subdivision,
                city=spec.city,
                street_address=spec.street_address,
                postal_code=spec.postal_code,
                website=spec.website,
                description=spec.description,
                description_zh=spec.description_zh,
            ),
        )
        self._orgs[key] = org
        self.ensure_focus_areas(org, spec.focus_areas)
        return org

    def ensure_focus_areas(self, org: Organization, areas: tuple[FocusArea, ...]) -> None:
        """`org` works on `areas` (besides those it already names)."""
        for area in areas:
            if (org.id, area) in self._focus_areas:
                continue
            self._focus_areas.add((org.id, area))
            self._found(
                "organization_focus_areas",
                self.session.get(OrganizationFocusArea, (org.id, area)),
                lambda area=area: OrganizationFocusArea(organization_id=org.id, focus_area=area),
            )

    def _ensure_member(self, org: Organization, user: User, is_owner: bool) -> None:
        self._found(
            "organization_members",
            self.session.get(OrganizationMember, (org.id, user.id)),
            lambda: OrganizationMember(
                organization_id=org.id, user_id=user.id, is_owner=is_owner, joined_at=clock.now()
            ),
        )

    # -- solicitations --------------------------------------------------------------------------

    def _solicitation(self, year: int, make: Any) -> Solicitation:
        existing = self.session.scalar(select(Solicitation).where(Solicitation.year == year))
        return self._found("solicitations", existing, make)

    def _ensure_rubric(self, solicitation: Solicitation) -> list[RubricCriterion]:
        criteria = []
        for position, spec in enumerate(cycle.RUBRIC, start=1):
            existing = self.session.scalar(
                select(RubricCriterion).where(
                    RubricCriterion.solicitation_id == solicitation.id,
                    RubricCriterion.position == position,
                )
            )
            criteria.append(
                self._found(
                    "rubric_criteria",
                    existing,
                    lambda spec=spec, position=position: rubric_criterion(
                        solicitation, position, spec
                    ),
                )
            )
        return criteria

    def _current_solicitation(self, spec: specs.SolicitationSpec) -> Solicitation:
        return self._solicitation(
            spec.year,
            lambda: Solicitation(
                year=spec.year,
                title_en=spec.title_en,
                title_zh=spec.title_zh,
                guidance_en=spec.guidance_en,
                guidance_zh=spec.guidance_zh,
                opens_at=spec.opens_at,
                closes_at=spec.closes_at,
                # Reviews are due eight weeks after the call closes (reminders then follow).
                review_deadline=spec.closes_at + REVIEW_WEEKS,
                score_min=1,
                score_max=5,
                reviewers_per_proposal=3,
                target_selections=spec.target_selections,
                status=SolicitationStatus(spec.status),
            ),
        )

    # -- partnerships ---------------------------------------------------------------------------

    def _partnership(self, slug: str, make: Any, kind: str) -> Partnership:
        existing = self.session.scalar(select(Partnership).where(Partnership.slug == slug))
        return self._found(kind, existing, make)

    def _ensure_partnership_members(
        self,
        partnership: Partnership,
        us: tuple[specs.Org, ...],
        cn: tuple[specs.Org, ...],
        focus_areas: tuple[FocusArea, ...],
    ) -> None:
        for index, spec in enumerate(us + cn):
            org = self.org(spec)
            self.ensure_focus_areas(org, focus_areas)
            role = ParticipantRole.LEAD if index == 0 else ParticipantRole.PARTNER
            self._found(
                "partnership_participants",
                self.session.get(PartnershipParticipant, (partnership.id, org.id)),
                lambda org=org, role=role: PartnershipParticipant(
                    partnership_id=partnership.id, organization_id=org.id, role=role
                ),
            )
        for area in focus_areas:
            self._found(
                "partnership_focus_areas",
                self.session.get(PartnershipFocusArea, (partnership.id, area)),
                lambda area=area: PartnershipFocusArea(
                    partnership_id=partnership.id, focus_area=area
                ),
            )
