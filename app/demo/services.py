"""Loading the demo data set: the program's history 2008–2017 and an illustrative current cycle.

`seed_demo` is idempotent: every record is looked up by its natural key (an e-mail address, an
organization's English name and country, a solicitation's year, a partnership's slug, a
proposal's reference or title, …) and only what is missing is created. It adds to the current
transaction and flushes; the caller (the ``seed-demo`` command) commits.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import clock
from app.accounts.models import Language, Role, Side, User, UserRole
from app.accounts.services import create_user, find_user_by_email
from app.audit.services import record_event
from app.demo import specs
from app.demo.data import cycle, history
from app.extensions import db
from app.focus_areas import FocusArea
from app.organizations.models import Organization, OrganizationMember
from app.partnerships.models import (
    ImplementationPlan,
    Milestone,
    Partnership,
    PartnershipFocusArea,
    PartnershipParticipant,
    PartnershipStatus,
    PlanState,
    PlanTask,
)
from app.proposals.models import (
    Participant,
    ParticipantRole,
    ParticipantState,
    Proposal,
    ProposalFocusArea,
    ProposalState,
    WorkplanTask,
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

# When the demo's accounts took up their roles: before any event of its history, so that the
# chairs' keys on its decisions count (a decision's second key needs a chair appointed before).
DEMO_ROLES_SINCE = datetime(2008, 1, 1, tzinfo=UTC)

PILOT_YEARS = 3
DECISIONS_PROPOSED_AT = datetime(2025, 7, 15, 14, tzinfo=UTC)
DECISIONS_APPROVED_AT = datetime(2025, 7, 22, 2, tzinfo=UTC)

M = TypeVar("M")


@dataclass(frozen=True)
class DemoAccount:
    """A demo sign-in: every demo account shares the same password."""

    email: str
    roles: tuple[Role, ...]
    side: Side | None
    password: str
    display_name: str = ""


@dataclass
class DemoSummary:
    """What the demo data set holds, and what this run had to add."""

    totals: dict[str, int] = field(default_factory=dict)  # demo records present, by kind
    created: dict[str, int] = field(default_factory=dict)  # records this run created, by kind
    accounts: list[DemoAccount] = field(default_factory=list)

    @property
    def created_anything(self) -> bool:
        """Whether this run changed the database."""
        return any(self.created.values())

    def describe(self) -> str:
        """A plain-text report for the command line: what was added, and how to sign in."""
        if self.created_anything:
            added = ", ".join(f"{count} {kind}" for kind, count in self.created.items() if count)
            lines = [f"Demo data loaded: added {added}."]
        else:
            lines = ["Demo data already loaded: nothing to add."]
        lines.append(
            f"{self.totals.get('historical_partnerships', 0)} historical and "
            f"{self.totals.get('active_partnerships', 0)} active partnerships, "
            f"{self.totals.get('organizations', 0)} organizations, "
            f"{self.totals.get('solicitations', 0)} solicitations, "
            f"{self.totals.get('proposals', 0)} proposals."
        )
        password = self.accounts[0].password if self.accounts else ""
        lines.append(f"Demo accounts (password for all: {password}):")
        for account in self.accounts:
            roles = ", ".join(role.value for role in account.roles)
            side = f" ({account.side.value} side)" if account.side else ""
            lines.append(f"  {account.email:<42} {roles}{side}")
        return "\n".join(lines)


def seed_demo() -> DemoSummary:
    """Load the demo data set into `db.session`, creating only what is missing. Does not commit.

    Records one ``demo.seeded`` audit event when, and only when, something was created.
    """
    loader = _Loader(db.session())
    loader.load()
    loader.totals["partnerships"] = (
        loader.totals["historical_partnerships"] + loader.totals["active_partnerships"]
    )
    summary = DemoSummary(
        totals=dict(sorted(loader.totals.items())),
        created=dict(sorted(loader.created.items())),
        accounts=[
            DemoAccount(
                email=person.email,
                roles=tuple(Role(role) for role in person.roles),
                side=Side(person.side) if person.side else None,
                password=cycle.DEMO_PASSWORD,
                display_name=person.display_name,
            )
            for person in cycle.PEOPLE
        ],
    )
    if summary.created_anything:
        admin = loader.user("admin")
        first_admin = db.session.scalar(
            select(User).join(UserRole).where(UserRole.role == Role.ADMIN).order_by(User.id)
        )
        record_event("demo.seeded", admin, actor=first_admin or admin, created=summary.created)
        db.session.flush()
    return summary


def _at_noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class _Loader:
    """Get-or-create for every kind of demo record, counting what it finds and what it adds."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.totals: Counter[str] = Counter()
        self.created: Counter[str] = Counter()
        self._users: dict[str, User] = {}
        self._orgs: dict[tuple[str, str], Organization] = {}

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

    def load(self) -> None:
        """Load everything, in dependency order."""
        for person in cycle.PEOPLE:
            self._ensure_user(person)
        for local, spec, is_owner in cycle.MEMBERSHIPS:
            self._ensure_member(self.org(spec), self.user(local), is_owner)
        self._load_history()
        self._load_2025()
        self._load_2027()

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
                website=spec.website,
                description=spec.description,
            ),
        )
        self._orgs[key] = org
        return org

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
                    lambda spec=spec, position=position: RubricCriterion(
                        solicitation_id=solicitation.id,
                        position=position,
                        name_en=spec.name_en,
                        name_zh=spec.name_zh,
                        description_en=spec.description_en,
                        description_zh=spec.description_zh,
                        weight=spec.weight,
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
                score_min=1,
                score_max=5,
                reviewers_per_proposal=3,
                target_selections=spec.target_selections,
                status=SolicitationStatus(spec.status),
            ),
        )

    # -- the history, 2008–2017 -----------------------------------------------------------------

    def _load_history(self) -> None:
        for cohort in history.COHORTS:
            self._solicitation(cohort.year, lambda cohort=cohort: self._historical_call(cohort))
        signed = {cohort.year: cohort.signed_on for cohort in history.COHORTS}
        for spec in history.HISTORICAL_PARTNERSHIPS:
            partnership = self._partnership(
                spec.slug,
                lambda spec=spec: Partnership(
                    slug=spec.slug,
                    cohort_year=spec.cohort_year,
                    name_en=spec.name_en,
                    name_zh=spec.name_zh,
                    goal_en=spec.goal_en,
                    goal_zh=spec.goal_zh,
                    description_en=spec.description_en,
                    description_zh=spec.description_zh,
                    signed_on=signed[spec.cohort_year],
                    pilot_starts_on=signed[spec.cohort_year],
                    pilot_ends_on=_add_years(signed[spec.cohort_year], PILOT_YEARS),
                    status=PartnershipStatus.GRADUATED,
                ),
                kind="historical_partnerships",
            )
            self._ensure_partnership_members(partnership, spec.us, spec.cn, spec.focus_areas)

    @staticmethod
    def _historical_call(cohort: specs.Cohort) -> Solicitation:
        dates = (
            "The closing date is as published; the opening date is approximate."
            if cohort.window_known
            else "The opening and closing dates shown are approximate."
        )
        return Solicitation(
            year=cohort.year,
            title_en=f"{cohort.year} U.S.–China EcoPartnerships selection",
            title_zh=f"{cohort.year}年中美绿色合作伙伴计划遴选",
            guidance_en=(
                f"Historical record. {cohort.selected} EcoPartnerships were selected in "
                f"{cohort.year} ({cohort.ceremony}). {dates}"
            ),
            guidance_zh=(
                f"历史记录。{cohort.year}年共遴选出{cohort.selected}对绿色合作伙伴。"
                "所示征集起止日期为近似值。"
            ),
            opens_at=_at_noon(cohort.opens_on),
            closes_at=cohort.closes_at,
            reviewers_per_proposal=2,
            target_selections=cohort.selected,
            status=SolicitationStatus.ARCHIVED,
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

    # -- proposals ------------------------------------------------------------------------------

    def _proposal(self, solicitation: Solicitation, spec: specs.ProposalSpec) -> Proposal:
        lead = self.org(spec.lead)
        if spec.reference is not None:
            existing = self.session.scalar(
                select(Proposal).where(Proposal.reference == spec.reference)
            )
        else:
            existing = self.session.scalar(
                select(Proposal).where(
                    Proposal.solicitation_id == solicitation.id,
                    Proposal.lead_organization_id == lead.id,
                    Proposal.title_en == spec.title_en,
                )
            )
        author = self.user(spec.created_by)
        proposal = self._found(
            "proposals",
            existing,
            lambda: Proposal(
                solicitation_id=solicitation.id,
                lead_organization_id=lead.id,
                created_by_id=author.id,
                reference=spec.reference,
                state=ProposalState(spec.state),
                title_en=spec.title_en,
                title_zh=spec.title_zh,
                summary_en=spec.summary_en,
                summary_zh=spec.summary_zh,
                deliverable_kind=spec.deliverable_kind,
                deliverable_en=spec.deliverable_en,
                deliverable_zh=spec.deliverable_zh,
                objectives_en=spec.objectives_en,
                objectives_zh=spec.objectives_zh,
                impact_en=spec.impact_en,
                impact_zh=spec.impact_zh,
                submitted_at=spec.submitted_at,
            ),
        )
        answered = spec.submitted_at or solicitation.opens_at + timedelta(days=20)
        participants = [(lead, ParticipantRole.LEAD, ParticipantState.CONFIRMED)]
        participants += [
            (self.org(org), ParticipantRole.PARTNER, ParticipantState(state))
            for org, state in spec.partners
        ]
        for org, role, state in participants:
            self._found(
                "proposal_participants",
                self.session.scalar(
                    select(Participant).where(
                        Participant.proposal_id == proposal.id,
                        Participant.organization_id == org.id,
                    )
                ),
                lambda org=org, role=role, state=state: Participant(
                    proposal_id=proposal.id,
                    organization_id=org.id,
                    role=role,
                    state=state,
                    invited_by_id=None if role == ParticipantRole.LEAD else author.id,
                    answered_at=(
                        answered - timedelta(days=3)
                        if state == ParticipantState.CONFIRMED
                        else None
                    ),
                ),
            )
        for area in spec.focus_areas:
            self._found(
                "proposal_focus_areas",
                self.session.get(ProposalFocusArea, (proposal.id, area)),
                lambda area=area: ProposalFocusArea(proposal_id=proposal.id, focus_area=area),
            )
        for task in spec.tasks:
            self._found(
                "workplan_tasks",
                self.session.scalar(
                    select(WorkplanTask).where(
                        WorkplanTask.proposal_id == proposal.id,
                        WorkplanTask.pilot_year == task.pilot_year,
                        WorkplanTask.number == task.number,
                    )
                ),
                lambda task=task: WorkplanTask(
                    proposal_id=proposal.id,
                    pilot_year=task.pilot_year,
                    number=task.number,
                    title_en=task.title_en,
                    title_zh=task.title_zh,
                    target=task.target,
                    due_month=task.due_on.replace(day=1),
                ),
            )
        return proposal

    def _assignment(
        self,
        proposal: Proposal,
        reviewer: User,
        *,
        submitted_at: datetime | None = None,
        recommendation: Recommendation | None = None,
        comments: tuple[str, str] = ("", ""),
    ) -> ReviewAssignment:
        existing = self.session.scalar(
            select(ReviewAssignment).where(
                ReviewAssignment.proposal_id == proposal.id,
                ReviewAssignment.reviewer_id == reviewer.id,
            )
        )
        return self._found(
            "review_assignments",
            existing,
            lambda: ReviewAssignment(
                proposal_id=proposal.id,
                reviewer_id=reviewer.id,
                state=AssignmentState.SUBMITTED if submitted_at else AssignmentState.ASSIGNED,
                recommendation=recommendation,
                comments_to_applicant=comments[0],
                comments_to_secretariat=comments[1],
                submitted_at=submitted_at,
            ),
        )

    # -- the 2025 cycle: decisions published, three partnerships active -------------------------

    def _load_2025(self) -> None:
        solicitation = self._current_solicitation(cycle.SOLICITATION_2025)
        criteria = self._ensure_rubric(solicitation)
        chair_us, chair_cn = self.user("chair.us"), self.user("chair.cn")
        reviewers = (self.user("reviewer.us"), self.user("reviewer.cn"))
        proposals = {
            spec.reference: self._proposal(solicitation, spec) for spec in cycle.PROPOSALS_2025
        }

        for reference, proposal in proposals.items():
            selected = proposal.state == ProposalState.SELECTED
            for offset, (reviewer, scores) in enumerate(
                zip(reviewers, cycle.REVIEW_SCORES_2025[str(reference)], strict=True)
            ):
                assignment = self._assignment(
                    proposal,
                    reviewer,
                    submitted_at=datetime(2025, 6, 20 + offset, 15, tzinfo=UTC),
                    recommendation=Recommendation.SELECT if selected else Recommendation.DECLINE,
                    comments=(
                        "Clear workplan with measurable targets."
                        if selected
                        else "A worthwhile idea; the deliverable needs to be more specific.",
                        "Strong partners on both sides." if selected else "Below the cut-off.",
                    ),
                )
                for criterion, score in zip(criteria, scores, strict=True):
                    self._found(
                        "review_scores",
                        self.session.get(ReviewScore, (assignment.id, criterion.id)),
                        lambda a=assignment, c=criterion, s=score: ReviewScore(
                            assignment_id=a.id, criterion_id=c.id, score=s
                        ),
                    )
            self._found(
                "decisions",
                self.session.scalar(select(Decision).where(Decision.proposal_id == proposal.id)),
                lambda proposal=proposal, selected=selected: Decision(
                    proposal_id=proposal.id,
                    outcome=DecisionOutcome.SELECTED if selected else DecisionOutcome.DECLINED,
                    rationale=(
                        "Ranked among the top three; tangible deliverable and balanced partners."
                        if selected
                        else "Ranked below the selection line this year."
                    ),
                    state=DecisionState.APPROVED,
                    proposed_by_id=chair_us.id,
                    proposed_at=DECISIONS_PROPOSED_AT,
                    approved_by_id=chair_cn.id,
                    approved_at=DECISIONS_APPROVED_AT,
                ),
            )

        for spec in cycle.ACTIVE_PARTNERSHIPS:
            self._active_partnership(spec, proposals[spec.proposal.reference], chair_us)

    def _active_partnership(
        self, spec: specs.ActivePartnershipSpec, proposal: Proposal, approver: User
    ) -> None:
        signed = cycle.SIGNED_ON_2025
        partnership = self._partnership(
            spec.slug,
            lambda: Partnership(
                slug=spec.slug,
                proposal_id=proposal.id,
                cohort_year=cycle.SOLICITATION_2025.year,
                name_en=spec.name_en,
                name_zh=spec.name_zh,
                goal_en=spec.goal_en,
                goal_zh=spec.goal_zh,
                description_en=spec.description_en,
                description_zh=spec.description_zh,
                signed_on=signed,
                pilot_starts_on=signed,
                pilot_ends_on=_add_years(signed, PILOT_YEARS),
                status=PartnershipStatus.ACTIVE,
            ),
            kind="active_partnerships",
        )
        partners = tuple(org for org, _ in spec.proposal.partners)
        us = tuple(o for o in (spec.proposal.lead, *partners) if o.country == specs.US)
        cn = tuple(o for o in (spec.proposal.lead, *partners) if o.country == specs.CN)
        self._ensure_partnership_members(partnership, us, cn, spec.proposal.focus_areas)

        plan = self._found(
            "implementation_plans",
            self.session.scalar(
                select(ImplementationPlan).where(
                    ImplementationPlan.partnership_id == partnership.id,
                    ImplementationPlan.version_number == 1,
                )
            ),
            lambda: ImplementationPlan(
                partnership_id=partnership.id,
                version_number=1,
                state=PlanState.APPROVED,
                body=f"{len(spec.milestones)} tasks over the three pilot years, agreed with the "
                "Secretariat; each became a milestone on approval.",
                chair_comments="Approved. Please report on milestones at least every six months.",
                draft_due_on=cycle.SELECTED_ON + timedelta(days=30),
                approval_due_on=cycle.SELECTED_ON + timedelta(days=60),
                submitted_at=_at_noon(cycle.SELECTED_ON + timedelta(days=24)),
                approved_at=_at_noon(cycle.SELECTED_ON + timedelta(days=41)),
                approved_by_id=approver.id,
            ),
        )
        for task in spec.milestones:  # the approved plan's tasks, which became the milestones
            self._found(
                "plan_tasks",
                self.session.scalar(
                    select(PlanTask).where(
                        PlanTask.plan_id == plan.id,
                        PlanTask.pilot_year == task.pilot_year,
                        PlanTask.number == task.number,
                    )
                ),
                lambda task=task: PlanTask(
                    plan_id=plan.id,
                    pilot_year=task.pilot_year,
                    number=task.number,
                    title_en=task.title_en,
                    title_zh=task.title_zh,
                    target=task.target,
                    due_on=task.due_on,
                ),
            )
        for task in spec.milestones:
            self._found(
                "milestones",
                self.session.scalar(
                    select(Milestone).where(
                        Milestone.partnership_id == partnership.id,
                        Milestone.pilot_year == task.pilot_year,
                        Milestone.number == task.number,
                    )
                ),
                lambda task=task: Milestone(
                    partnership_id=partnership.id,
                    pilot_year=task.pilot_year,
                    number=task.number,
                    title_en=task.title_en,
                    title_zh=task.title_zh,
                    target=task.target,
                    due_on=task.due_on,
                    status=task.status,
                    evidence=task.evidence,
                    completed_on=task.completed_on,
                    is_key_accomplishment=task.key_accomplishment,
                ),
            )
        for update in spec.updates:
            self._found(
                "progress_updates",
                self.session.scalar(
                    select(ProgressUpdate).where(
                        ProgressUpdate.partnership_id == partnership.id,
                        ProgressUpdate.title == update.title,
                    )
                ),
                lambda update=update: self._progress_update(partnership, update),
            )

    def _progress_update(self, partnership: Partnership, spec: specs.UpdateSpec) -> ProgressUpdate:
        state = UpdateState(spec.state)
        submitted_at = spec.submitted_at
        if submitted_at is None and spec.published_at is not None:
            submitted_at = spec.published_at - timedelta(days=2)
        return ProgressUpdate(
            partnership_id=partnership.id,
            author_id=self.user(spec.author).id,
            title=spec.title,
            body=spec.body,
            language=Language(spec.language),
            visibility=Visibility(spec.visibility),
            state=state,
            submitted_at=submitted_at,
            published_at=spec.published_at if state == UpdateState.PUBLISHED else None,
        )

    # -- the open 2026/27 call --------------------------------------------------------------------

    def _load_2027(self) -> None:
        solicitation = self._current_solicitation(cycle.SOLICITATION_2027)
        self._ensure_rubric(solicitation)
        for spec in cycle.PROPOSALS_2027:
            proposal = self._proposal(solicitation, spec)
            for local in spec.reviewers:
                self._assignment(proposal, self.user(local))
