"""What each PDF record shows, gathered through the reads the portal's pages use, and the JSON copy
of the record each PDF carries.

Every builder returns a `Document` (or None when there is nothing to show: the view answers 404).
Its `record` holds everything the document shows, in both languages where the record has both;
the record is attached to the PDF as ``record.json`` and its hash is the document's version, so
any change to what a document shows invalidates the cached file. The records are the same
whoever reads them (the permission decides who may; nothing in a document depends on the reader
but the language, paper size and time zone, which are part of the cache key).

Builders are called inside `force_locale` with the reader's language: labels and titles come out
in it; the records themselves are language-independent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.api import schemas
from app.audit.models import Event
from app.exports.rendering import Document, in_both_languages
from app.extensions import db
from app.focus_areas import FOCUS_AREA_LABELS
from app.organizations.models import Country
from app.partnerships import queries as partnership_queries
from app.partnerships import services as partnership_services
from app.partnerships.models import (
    ImplementationPlan,
    Milestone,
    MilestoneStatus,
    Partnership,
    PartnershipStatus,
)
from app.proposals.models import (
    Participant,
    ParticipantRole,
    ParticipantState,
    Proposal,
    ProposalState,
)
from app.proposals.services import TEXT_FIELDS
from app.reviews import services as review_services
from app.reviews.models import Conflict, DecisionOutcome, ReviewAssignment
from app.solicitations.models import Solicitation
from app.updates import services as update_services
from app.updates.models import ProgressUpdate, UpdateState

KIND_LABELS = {
    "proposal": _l("Proposal as submitted"),
    "dossier": _l("Review dossier"),
    "review-summary": _l("Review summary for the applicants"),
    "partnership": _l("Partnership record"),
    "partnership-internal": _l("Partnership record (internal)"),
    "cohort": _l("Cohort report"),
    "cohort-chairs": _l("Cohort report (Secretariat)"),
    "decision-letter": _l("Decision letter"),
    "certificate": _l("Selection certificate"),
}
# The two signatures a letter or certificate of the Joint Secretariat carries.
SIGNATURE_LABELS = (
    _l("U.S. Co-Chair, Joint Secretariat"),
    _l("Chinese Co-Chair, Joint Secretariat"),
)
# Milestone states in the order a report stacks them: what is done first.
MILESTONE_STATES = (
    MilestoneStatus.DONE,
    MilestoneStatus.IN_PROGRESS,
    MilestoneStatus.DELAYED,
    MilestoneStatus.PLANNED,
    MilestoneStatus.DROPPED,
)
PUBLISHED_OUTCOMES = (ProposalState.SELECTED, ProposalState.DECLINED)


# --- small JSON pieces ------------------------------------------------------------------------


def _day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _solicitation(solicitation: Solicitation) -> dict[str, Any]:
    return {
        "year": solicitation.year,
        "title_en": solicitation.title_en,
        "title_zh": solicitation.title_zh,
        "closes_at": _moment(solicitation.closes_at),
    }


def _person(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"name": user.display_name, "side": user.side.value if user.side else None}


def _safe_filename(text: str) -> str:
    cleaned = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in text)
    return "-".join(part for part in cleaned.split("-") if part) or "record"


# --- proposals --------------------------------------------------------------------------------


def ordered_proposal_participants(proposal: Proposal) -> list[Participant]:
    """The lead first, then U.S. organizations before Chinese ones, by English name."""
    return sorted(
        proposal.participants,
        key=lambda p: (
            p.role != ParticipantRole.LEAD,
            p.organization.country != Country.US,
            p.organization.name_en,
        ),
    )


def _proposal_summary(proposal: Proposal) -> dict[str, Any]:
    return {
        "id": proposal.id,
        "reference": proposal.reference,
        "state": proposal.state.value,
        "title_en": proposal.title_en,
        "title_zh": proposal.title_zh,
        "solicitation": _solicitation(proposal.solicitation),
        "lead_organization": schemas.OrganizationSummary.of(proposal.lead_organization).document(),
    }


def _proposal_reference(proposal: Proposal) -> str:
    return proposal.reference or _("Draft proposal %(number)d", number=proposal.id)


def proposal_document(proposal: Proposal) -> Document:
    """The proposal as submitted (or, while a draft, as it stands, marked so): both language
    versions, participants, workplan and the list of letters of support."""
    participants = ordered_proposal_participants(proposal)
    record = {
        **_proposal_summary(proposal),
        "submitted_at": _moment(proposal.submitted_at),
        **{name: getattr(proposal, name) for name in TEXT_FIELDS},
        "deliverable_kind": proposal.deliverable_kind.value if proposal.deliverable_kind else None,
        "focus_areas": sorted(area.focus_area.value for area in proposal.focus_areas),
        "participants": [
            {
                **schemas.OrganizationSummary.of(p.organization).document(),
                "role": p.role.value,
                "state": p.state.value,
            }
            for p in participants
        ],
        "workplan": [
            {
                "pilot_year": task.pilot_year,
                "number": task.number,
                "title_en": task.title_en,
                "title_zh": task.title_zh,
                "target": task.target,
                "due_month": _day(task.due_month),
            }
            for task in proposal.tasks
        ],
        "attachments": [
            {"filename": a.filename, "size_bytes": a.size_bytes, "sha256": a.sha256}
            for a in proposal.attachments
        ],
    }
    reference = _proposal_reference(proposal)
    return Document(
        kind="proposal",
        record_id=proposal.id,
        label=str(KIND_LABELS["proposal"]),
        reference=reference,
        title=proposal.title_en or proposal.title_zh or reference,
        filename=f"{_safe_filename(reference)}-proposal.pdf",
        template="pdf/proposal.html",
        context={
            "proposal": proposal,
            "participants": participants,
            "is_draft": proposal.state == ProposalState.DRAFT,
            "focus_area_labels": FOCUS_AREA_LABELS,
        },
        record=record,
    )


# --- reviews ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewLine:
    """A submitted review as the dossier shows it."""

    number: int
    assignment: ReviewAssignment
    scores: dict[int, int]  # criterion id → score
    weighted_mean: float | None


def _review_lines(proposal: Proposal) -> list[ReviewLine]:
    return [
        ReviewLine(
            number=index,
            assignment=review,
            scores={s.criterion_id: s.score for s in review.scores},
            weighted_mean=review_services.review_weighted_mean(review),
        )
        for index, review in enumerate(review_services.submitted_reviews(proposal), start=1)
    ]


def _rounded(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


def decided_at(proposal: Proposal) -> datetime | None:
    """When the decision on `proposal` was published: its ``proposal.decided`` event, or, for
    history recorded without one, the proposal's last change (a decided proposal is frozen).
    None while undecided."""
    if proposal.state not in PUBLISHED_OUTCOMES:
        return None
    published = db.session.scalar(
        select(Event.occurred_at)
        .where(
            Event.record_type == Proposal.__tablename__,
            Event.record_id == proposal.id,
            Event.action == "proposal.decided",
        )
        .order_by(Event.occurred_at.desc(), Event.id.desc())
        .limit(1)
    )
    return published or proposal.updated_at


def _outcome(proposal: Proposal) -> DecisionOutcome | None:
    if proposal.state == ProposalState.SELECTED:
        return DecisionOutcome.SELECTED
    if proposal.state == ProposalState.DECLINED:
        return DecisionOutcome.DECLINED
    return None


def dossier_document(proposal: Proposal, *, viewer: User) -> Document:
    """The chairs' review dossier: scores by criterion and reviewer, weighted and calibrated
    scores, every comment (confidential ones too), conflicts declared, the discussion and the
    decision trail with both co-chairs' keys.

    `viewer` is a reader free of conflict with the proposal (the permission says so); the
    ranking's numbers do not depend on who reads them.
    """
    solicitation = proposal.solicitation
    criteria = list(solicitation.criteria)
    lines = _review_lines(proposal)
    spread = float(
        current_app.config.get(
            "REVIEW_DISAGREEMENT_SPREAD", review_services.DEFAULT_DISAGREEMENT_SPREAD
        )
    )
    ranked = next(
        (
            line
            for line in review_services.ranking(
                solicitation, viewer=viewer, disagreement_spread=spread
            )
            if line.proposal.id == proposal.id
        ),
        None,
    )
    assignments = review_services.assignments_for(solicitation).get(proposal.id, [])
    conflicts = _conflicts_with(proposal)
    decisions = review_services.decision_history(proposal)
    discussion = review_services.comments_on(proposal)
    published_at = decided_at(proposal)
    row = ranked.row if ranked else None
    record = {
        "proposal": {
            **_proposal_summary(proposal),
            "is_eligible": proposal.is_eligible,
            "ineligibility_reason": proposal.ineligibility_reason,
        },
        "rubric": _rubric(solicitation),
        "reviews": [
            {
                "number": line.number,
                "reviewer": _person(line.assignment.reviewer),
                "submitted_at": _moment(line.assignment.submitted_at),
                "scores": _scores(line, criteria),
                "weighted_mean": _rounded(line.weighted_mean),
                "recommendation": line.assignment.recommendation.value
                if line.assignment.recommendation
                else None,
                "comments_to_applicant": line.assignment.comments_to_applicant,
                "comments_to_secretariat": line.assignment.comments_to_secretariat,
            }
            for line in lines
        ],
        "ranking": {
            "position": ranked.position if ranked else None,
            "reviews": row.reviews if row else len(lines),
            "weighted_mean": _rounded(row.raw) if row else _rounded(_mean(lines)),
            "calibrated": _rounded(row.calibrated) if row else None,
            "spread": _rounded(row.spread) if row else None,
            "disagreement": row.disagreement if row else False,
            "disagreement_spread": spread,
        },
        "assignments": [
            {
                "reviewer": _person(a.reviewer),
                "state": a.state.value,
                "recusal_reason": a.recusal_reason,
            }
            for a in assignments
        ],
        "conflicts": [
            {
                "reviewer": _person(c.reviewer),
                "organization": {
                    "name_en": c.organization.name_en,
                    "name_zh": c.organization.name_zh,
                },
                "reason": c.reason,
            }
            for c in conflicts
        ],
        "decisions": [
            {
                "outcome": d.outcome.value,
                "state": d.state.value,
                "rationale": d.rationale,
                "proposed_by": _person(d.proposed_by),
                "proposed_at": _moment(d.proposed_at),
                "approved_by": _person(d.approved_by),
                "approved_at": _moment(d.approved_at),
            }
            for d in decisions
        ],
        "published_at": _moment(published_at),
        "discussion": [
            {
                "author": _person(c.author),
                "posted_at": _moment(c.created_at),
                "body": c.body,
            }
            for c in discussion
        ],
    }
    reference = _proposal_reference(proposal)
    return Document(
        kind="dossier",
        record_id=proposal.id,
        label=str(KIND_LABELS["dossier"]),
        reference=reference,
        title=_("Review dossier of %(reference)s", reference=reference),
        filename=f"{_safe_filename(reference)}-review-dossier.pdf",
        template="pdf/dossier.html",
        context={
            "proposal": proposal,
            "solicitation": solicitation,
            "criteria": criteria,
            "lines": lines,
            "ranked": ranked,
            "raw_mean": row.raw if row else _mean(lines),
            "criterion_means": _criterion_means(lines),
            "spread_threshold": spread,
            "assignments": assignments,
            "conflicts": conflicts,
            "decisions": decisions,
            "discussion": discussion,
            "published_at": published_at,
            "outcome": _outcome(proposal),
            "recommendation_labels": review_services.RECOMMENDATION_LABELS,
            "outcome_labels": review_services.OUTCOME_LABELS,
            "anonymized": False,
        },
        record=record,
        contents=True,
    )


def _conflicts_with(proposal: Proposal) -> list[Conflict]:
    """Conflicts of interest recorded with the proposal's participant organizations (the
    chairs' conflicts page lists the same records for the whole program)."""
    return list(
        db.session.scalars(
            select(Conflict)
            .where(Conflict.organization_id.in_([p.organization_id for p in proposal.participants]))
            .options(selectinload(Conflict.reviewer), selectinload(Conflict.organization))
            .order_by(Conflict.id)
        )
    )


def review_summary_document(proposal: Proposal) -> Document:
    """The anonymized dossier for the applicants, once the decision is published: each review's
    scores by criterion and weighted mean, and its comments to the applicant, numbered; no
    reviewer, chair or confidential comment, no recommendation, no discussion."""
    solicitation = proposal.solicitation
    criteria = list(solicitation.criteria)
    lines = _review_lines(proposal)
    published_at = decided_at(proposal)
    outcome = _outcome(proposal)
    record = {
        "proposal": _proposal_summary(proposal),
        "rubric": _rubric(solicitation),
        "reviews": [
            {
                "number": line.number,
                "scores": _scores(line, criteria),
                "weighted_mean": _rounded(line.weighted_mean),
                "comments_to_applicant": line.assignment.comments_to_applicant,
            }
            for line in lines
        ],
        "weighted_mean": _rounded(_mean(lines)),
        "decision": {
            "outcome": outcome.value if outcome else None,
            "is_eligible": proposal.is_eligible,
            "ineligibility_reason": "" if proposal.is_eligible else proposal.ineligibility_reason,
            "published_at": _moment(published_at),
        },
    }
    reference = _proposal_reference(proposal)
    return Document(
        kind="review-summary",
        record_id=proposal.id,
        label=str(KIND_LABELS["review-summary"]),
        reference=reference,
        title=_("Reviews of %(reference)s", reference=reference),
        filename=f"{_safe_filename(reference)}-reviews.pdf",
        template="pdf/dossier.html",
        context={
            "proposal": proposal,
            "solicitation": solicitation,
            "criteria": criteria,
            "lines": lines,
            "raw_mean": _mean(lines),
            "criterion_means": _criterion_means(lines),
            "published_at": published_at,
            "outcome": outcome,
            "outcome_labels": review_services.OUTCOME_LABELS,
            "anonymized": True,
        },
        record=record,
    )


def _rubric(solicitation: Solicitation) -> dict[str, Any]:
    return {
        "scale": [solicitation.score_min, solicitation.score_max],
        "criteria": [
            {
                "id": c.id,
                "position": c.position,
                "name_en": c.name_en,
                "name_zh": c.name_zh,
                "weight": float(c.weight),
            }
            for c in solicitation.criteria
        ],
    }


def _scores(line: ReviewLine, criteria: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {"criterion_id": c.id, "score": line.scores.get(c.id)}
        for c in criteria
        if c.id in line.scores
    ]


def _criterion_means(lines: Sequence[ReviewLine]) -> dict[int, float]:
    """Criterion id → the mean of its scores over the reviews."""
    found: dict[int, list[int]] = {}
    for line in lines:
        for criterion_id, value in line.scores.items():
            found.setdefault(criterion_id, []).append(value)
    return {criterion_id: sum(v) / len(v) for criterion_id, v in found.items()}


def _mean(lines: Sequence[ReviewLine]) -> float | None:
    values = [line.weighted_mean for line in lines if line.weighted_mean is not None]
    return sum(values) / len(values) if values else None


# --- decision letter and certificate ------------------------------------------------------------


def partnership_of(proposal: Proposal) -> Partnership | None:
    """The EcoPartnership a selected proposal became, if any."""
    return db.session.scalar(select(Partnership).where(Partnership.proposal_id == proposal.id))


def _decision_record(proposal: Proposal, kind: str) -> tuple[dict[str, Any], dict[str, Any]]:
    outcome = _outcome(proposal)
    participants = [
        p for p in ordered_proposal_participants(proposal) if p.state == ParticipantState.CONFIRMED
    ]
    partnership = partnership_of(proposal)
    published_at = decided_at(proposal)
    comments = [
        review.comments_to_applicant
        for review in review_services.submitted_reviews(proposal)
        if review.comments_to_applicant.strip()
    ]
    reason = "" if proposal.is_eligible else proposal.ineligibility_reason
    record: dict[str, Any] = {
        "proposal": _proposal_summary(proposal),
        "outcome": outcome.value if outcome else None,
        "is_eligible": proposal.is_eligible,
        "ineligibility_reason": reason,
        "published_at": _moment(published_at),
        "participants": [
            schemas.Participant(
                **schemas.OrganizationSummary.facts(p.organization), role=p.role
            ).document()
            for p in participants
        ],
        "partnership": {
            "slug": partnership.slug,
            "name_en": partnership.name_en,
            "name_zh": partnership.name_zh,
            "cohort_year": partnership.cohort_year,
            "signed_on": _day(partnership.signed_on),
            "pilot_starts_on": _day(partnership.pilot_starts_on),
            "pilot_ends_on": _day(partnership.pilot_ends_on),
            "focus_areas": sorted(a.focus_area.value for a in partnership.focus_areas),
        }
        if partnership is not None
        else None,
    }
    if kind == "decision-letter":
        record["comments_to_applicant"] = comments
    context = {
        "proposal": proposal,
        "outcome": outcome.value if outcome else None,
        "reason": reason,
        "comments": comments,
        "participants": participants,
        "partnership": partnership,
        "published_at": published_at,
        "letter_date": (published_at.date() if published_at else None),
        "signatures": [in_both_languages(label) for label in SIGNATURE_LABELS],
        "focus_area_labels": FOCUS_AREA_LABELS,
    }
    return record, context


def decision_letter_document(proposal: Proposal) -> Document | None:
    """The decision letter, in English and in Chinese, for a proposal whose outcome is published:
    the same words as the letter mailed to the applicants (comments unsigned, no reviewer)."""
    if proposal.state not in PUBLISHED_OUTCOMES:
        return None
    record, context = _decision_record(proposal, "decision-letter")
    reference = _proposal_reference(proposal)
    return Document(
        kind="decision-letter",
        record_id=proposal.id,
        label=str(KIND_LABELS["decision-letter"]),
        reference=reference,
        title=_("Decision on proposal %(reference)s", reference=reference),
        filename=f"{_safe_filename(reference)}-decision-letter.pdf",
        template="pdf/letter.html",
        bilingual="pdf/_letter_body.html",
        context=context,
        record=record,
    )


def certificate_document(proposal: Proposal) -> Document | None:
    """The selection certificate of a selected proposal, in both languages, to be signed by the
    two co-chairs."""
    if proposal.state != ProposalState.SELECTED:
        return None
    record, context = _decision_record(proposal, "certificate")
    reference = _proposal_reference(proposal)
    return Document(
        kind="certificate",
        record_id=proposal.id,
        label=str(KIND_LABELS["certificate"]),
        reference=reference,
        title=_("Certificate of selection: %(reference)s", reference=reference),
        filename=f"{_safe_filename(reference)}-certificate.pdf",
        template="pdf/certificate.html",
        bilingual="pdf/_certificate_body.html",
        context=context,
        record=record,
        landscape=True,
    )


# --- partnerships -----------------------------------------------------------------------------


def public_partnership_document(slug: str) -> Document | None:
    """A partnership's public record, as its public page and the open-data API show it: goal,
    participants, the work plan with the state of each task, key accomplishments and every
    published update. None when the public may not see the partnership."""
    partnership = partnership_queries.public_partnership(slug)
    if partnership is None:
        return None
    work_plan = partnership_queries.work_plan(partnership)
    accomplishments = partnership_queries.key_accomplishments(partnership)
    updates = partnership_queries.published_updates(partnership, limit=None)
    record = schemas.Partnership.of_record(
        partnership, work_plan=work_plan, accomplishments=accomplishments, updates=updates
    ).document()
    return Document(
        kind="partnership",
        record_id=partnership.id,
        label=str(KIND_LABELS["partnership"]),
        reference=_("EcoPartnership %(slug)s", slug=partnership.slug),
        title=f"{partnership.name_en} · {partnership.name_zh}".strip(" ·"),
        filename=f"{partnership.slug}.pdf",
        template="pdf/partnership.html",
        context={
            "partnership": partnership,
            "participants": partnership_queries.ordered_participants(partnership),
            "work_plan": work_plan,
            "accomplishments": accomplishments,
            "updates": updates,
            "focus_area_labels": FOCUS_AREA_LABELS,
            "internal": False,
        },
        record=record,
        public=True,
    )


def _audit_trail(partnership: Partnership, updates: Iterable[ProgressUpdate]) -> list[Event]:
    """Every audit event on the partnership, its plan versions, milestones and updates."""
    records = (
        (Partnership.__tablename__, [partnership.id]),
        (ImplementationPlan.__tablename__, [p.id for p in partnership.plans]),
        (Milestone.__tablename__, [m.id for m in partnership.milestones]),
        (ProgressUpdate.__tablename__, [u.id for u in updates]),
    )
    conditions = [
        and_(Event.record_type == kind, Event.record_id.in_(ids)) for kind, ids in records if ids
    ]
    return list(
        db.session.scalars(
            select(Event)
            .where(or_(*conditions))
            .options(selectinload(Event.actor))
            .order_by(Event.occurred_at, Event.id)
        )
    )


def internal_partnership_document(partnership: Partnership) -> Document:
    """A partnership as the chairs keep it: the public record, plus where the plan stands, every
    plan version with its tasks, milestone evidence, every submitted update (drafts stay with
    their authors) and the audit trail. As of today (overdue flags change with the date)."""
    today = partnership_services.today()
    work_plan = partnership_queries.work_plan(partnership)
    accomplishments = partnership_queries.key_accomplishments(partnership)
    published = partnership_queries.published_updates(partnership, limit=None)
    # As on the chairs' page: a draft stays with its authors until it is submitted.
    all_updates = [
        u for u in update_services.updates_of(partnership) if u.state != UpdateState.DRAFT
    ]
    plan_status = partnership_services.plan_status(partnership, today)
    overdue = {m.id for m in partnership_services.overdue_milestones(partnership, today)}
    events = _audit_trail(partnership, all_updates)
    record = schemas.Partnership.of_record(
        partnership, work_plan=work_plan, accomplishments=accomplishments, updates=published
    ).document()
    record["internal"] = {
        "as_of": _day(today),
        "status_reason": partnership.status_reason,
        "ended_on": _day(partnership.ended_on),
        "plan_status": {
            "key": plan_status.key,
            "due_on": _day(plan_status.due_on),
            "is_overdue": plan_status.is_overdue,
        },
        "plans": [
            {
                "version_number": plan.version_number,
                "state": plan.state.value,
                "is_amendment": plan.is_amendment,
                "body": plan.body,
                "chair_comments": plan.chair_comments,
                "draft_due_on": _day(plan.draft_due_on),
                "approval_due_on": _day(plan.approval_due_on),
                "submitted_at": _moment(plan.submitted_at),
                "approved_at": _moment(plan.approved_at),
                "approved_by": _person(plan.approved_by),
                "returned_at": _moment(plan.returned_at),
                "tasks": [
                    {
                        "pilot_year": t.pilot_year,
                        "number": t.number,
                        "title_en": t.title_en,
                        "title_zh": t.title_zh,
                        "target": t.target,
                        "due_on": _day(t.due_on),
                    }
                    for t in plan.tasks
                ],
            }
            for plan in partnership.plans
        ],
        "milestones": [
            {
                "pilot_year": m.pilot_year,
                "number": m.number,
                "status": m.status.value,
                "status_on": _day(m.status_on),
                "evidence": m.evidence,
                "is_overdue": m.id in overdue,
            }
            for m in partnership.milestones
        ],
        "updates": [
            {
                "id": u.id,
                "title": u.title,
                "language": u.language.value,
                "visibility": u.visibility.value,
                "state": u.state.value,
                "author": _person(u.author),
                "submitted_at": _moment(u.submitted_at),
                "published_at": _moment(u.published_at),
                "returned_at": _moment(u.returned_at),
                "return_reason": u.return_reason,
            }
            for u in all_updates
        ],
        "audit_trail": [
            {
                "occurred_at": _moment(e.occurred_at),
                "action": e.action,
                "record_type": e.record_type,
                "record_id": e.record_id,
                "actor": _person(e.actor),
                "details": e.details,
            }
            for e in events
        ],
    }
    return Document(
        kind="partnership-internal",
        record_id=partnership.id,
        label=str(KIND_LABELS["partnership-internal"]),
        reference=_("EcoPartnership %(slug)s", slug=partnership.slug),
        title=f"{partnership.name_en} · {partnership.name_zh}".strip(" ·"),
        filename=f"{partnership.slug}-internal.pdf",
        template="pdf/partnership.html",
        context={
            "partnership": partnership,
            "participants": partnership_queries.ordered_participants(partnership),
            "work_plan": work_plan,
            "accomplishments": accomplishments,
            "updates": published,
            "all_updates": all_updates,
            "plan_status": plan_status,
            "overdue": overdue,
            "events": events,
            "today": today,
            "focus_area_labels": FOCUS_AREA_LABELS,
            "internal": True,
        },
        record=record,
        contents=True,
    )


# --- cohort reports ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortEntry:
    """One partnership of a cohort, with what the report counts."""

    partnership: Partnership
    milestones: dict[str, int]  # status → how many
    accomplishments: list[Milestone]
    updates: list[ProgressUpdate]
    row: partnership_services.DashboardRow | None = None  # the chairs' flags

    @property
    def total(self) -> int:
        """Milestones in the work plan."""
        return sum(self.milestones.values())

    @property
    def done(self) -> int:
        """Milestones done."""
        return self.milestones.get(MilestoneStatus.DONE.value, 0)


def _counts(milestones: Iterable[Milestone]) -> dict[str, int]:
    found = Counter(m.status.value for m in milestones)
    return {status.value: found.get(status.value, 0) for status in MILESTONE_STATES}


def cohort_document(year: int, *, chairs: bool) -> Document | None:
    """Every partnership of the `year` cohort with a chart of its work plan and a summary table.

    The public report covers the partnerships the public sees (not withdrawn), from their public
    records; the chairs' report covers them all, with the dashboard's flags (plan, overdue
    milestones, silence, graduation), as of today. None when the cohort is empty.
    """
    entries: list[CohortEntry] = []
    today = partnership_services.today()
    if chairs:
        rows = partnership_services.dashboard_rows(
            partnership_services.DashboardFilters(cohort_year=year), today
        )
        rows.sort(key=lambda r: (r.partnership.name_en, r.partnership.id))
        for row in rows:
            p = row.partnership
            entries.append(
                CohortEntry(
                    partnership=p,
                    milestones=_counts(p.milestones),
                    accomplishments=list(partnership_queries.key_accomplishments(p)),
                    updates=list(partnership_queries.published_updates(p, limit=None)),
                    row=row,
                )
            )
    else:
        filters = partnership_queries.DirectoryFilters(
            cohort_year=year, sort=partnership_queries.DirectorySort.NAME
        )
        for p in partnership_queries.directory_rows(filters):
            milestones = [m for _year, items in partnership_queries.work_plan(p) for m in items]
            entries.append(
                CohortEntry(
                    partnership=p,
                    milestones=_counts(milestones),
                    accomplishments=list(partnership_queries.key_accomplishments(p)),
                    updates=list(partnership_queries.published_updates(p, limit=None)),
                )
            )
    if not entries:
        return None
    kind = "cohort-chairs" if chairs else "cohort"
    record: dict[str, Any] = {
        "cohort_year": year,
        "variant": "chairs" if chairs else "public",
        "partnerships": [_cohort_entry(entry) for entry in entries],
        "totals": {
            "partnerships": len(entries),
            "active": sum(e.partnership.status == PartnershipStatus.ACTIVE for e in entries),
            "graduated": sum(e.partnership.status == PartnershipStatus.GRADUATED for e in entries),
            "withdrawn": sum(e.partnership.status == PartnershipStatus.WITHDRAWN for e in entries),
            "milestones": {
                status.value: sum(e.milestones[status.value] for e in entries)
                for status in MILESTONE_STATES
            },
            "key_accomplishments": sum(len(e.accomplishments) for e in entries),
            "published_updates": sum(len(e.updates) for e in entries),
        },
    }
    if chairs:
        record["as_of"] = _day(today)
    return Document(
        kind=kind,
        record_id=year,
        label=str(KIND_LABELS[kind]),
        reference=_("Cohort %(year)d", year=year),
        title=_("The %(year)d cohort of EcoPartnerships", year=year),
        filename=f"ecopartnerships-cohort-{year}{'-secretariat' if chairs else ''}.pdf",
        template="pdf/cohort.html",
        context={
            "year": year,
            "entries": entries,
            "chairs": chairs,
            "as_of": today,
            "totals": record["totals"],
            "milestone_states": [s.value for s in MILESTONE_STATES],
            "focus_area_labels": FOCUS_AREA_LABELS,
        },
        record=record,
        public=not chairs,
        contents=True,
    )


def _cohort_entry(entry: CohortEntry) -> dict[str, Any]:
    p = entry.partnership
    document = schemas.PartnershipSummary.of(p).document()
    document.update(
        {
            "milestones": entry.milestones,
            "key_accomplishments": [
                schemas.KeyAccomplishment.model_validate(m).document()
                for m in entry.accomplishments
            ],
            "published_updates": len(entry.updates),
            "last_update_at": _moment(entry.updates[0].published_at) if entry.updates else None,
            "last_update_title": entry.updates[0].title if entry.updates else None,
        }
    )
    if entry.row is not None:
        row = entry.row
        document["secretariat"] = {
            "plan_status": row.plan.key,
            "plan_due_on": _day(row.plan.due_on),
            "plan_overdue": row.plan.is_overdue,
            "overdue_milestones": row.overdue_milestones,
            "update_due_on": _day(row.update_due_on),
            "is_silent": row.is_silent,
            "is_graduation_due": row.is_graduation_due,
            "status_reason": p.status_reason,
        }
    return document
