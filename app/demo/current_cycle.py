"""The illustrative current cycle: the 2025 call with its reviews, decisions and three active
partnerships, and the open 2026/27 call with its applications."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from app.accounts.models import Language, User
from app.demo import specs
from app.demo.data import cycle
from app.demo.records import PILOT_YEARS, DemoRecords, add_years, at_noon
from app.partnerships.models import (
    ImplementationPlan,
    Milestone,
    Partnership,
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
from app.proposals.resubmission import resubmit_proposal, save_response, why_not_resubmittable
from app.reviews.models import (
    AssignmentState,
    Decision,
    DecisionOutcome,
    DecisionState,
    Recommendation,
    ReviewAssignment,
    ReviewScore,
)
from app.solicitations.models import Solicitation
from app.updates.models import ProgressUpdate, UpdateState, Visibility

DECISIONS_PROPOSED_AT = datetime(2025, 7, 15, 14, tzinfo=UTC)
DECISIONS_APPROVED_AT = datetime(2025, 7, 22, 2, tzinfo=UTC)


class CurrentCycle(DemoRecords):
    """Loads the 2025 and 2026/27 cycles from `app.demo.data.cycle`."""

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
            self.ensure_focus_areas(org, spec.focus_areas)
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
                self.session.expire(assignment, ["scores"])  # written by key, not through it
                assignment.store_weighted_mean()
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
                pilot_ends_on=add_years(signed, PILOT_YEARS),
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
                submitted_at=at_noon(cycle.SELECTED_ON + timedelta(days=24)),
                approved_at=at_noon(cycle.SELECTED_ON + timedelta(days=41)),
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
        self._resubmission(solicitation, cycle.RESUBMITTED_2025)

    def _resubmission(self, solicitation: Solicitation, spec: specs.ResubmissionSpec) -> None:
        """A proposal declined in 2025, carried into the open call by its lead, as the portal's
        "Resubmit" does, with a draft of its response to last year's reviews."""
        original = self.session.scalar(select(Proposal).where(Proposal.reference == spec.reference))
        if original is None:
            return
        self.totals["resubmissions"] += 1
        lead = self.user(spec.by)
        if why_not_resubmittable(original, solicitation, lead) is not None:
            return  # already carried into this call, or the call no longer takes proposals
        copy = resubmit_proposal(original, solicitation, actor=lead)
        save_response(copy, {"response_en": spec.response_en, "response_zh": spec.response_zh},
                      actor=lead)  # fmt: skip
        self.created["resubmissions"] += 1
