"""The records of a proposal: as submitted, and the decision letter and selection certificate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from app.api import schemas
from app.audit.models import Event
from app.exports.documents.common import (
    KIND_LABELS,
    SIGNATURE_LABELS,
    day,
    moment,
    safe_filename,
    solicitation_brief,
)
from app.exports.rendering import Document, in_both_languages
from app.extensions import db
from app.organizations.models import Country
from app.partnerships.models import Partnership
from app.proposals.models import (
    Participant,
    ParticipantRole,
    ParticipantState,
    Proposal,
    ProposalState,
)
from app.proposals.services import TEXT_FIELDS
from app.reviews import queries as review_queries
from app.reviews.models import DecisionOutcome

PUBLISHED_OUTCOMES = (ProposalState.SELECTED, ProposalState.DECLINED)


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


def proposal_summary(proposal: Proposal) -> dict[str, Any]:
    return {
        "id": proposal.id,
        "reference": proposal.reference,
        "state": proposal.state.value,
        "title_en": proposal.title_en,
        "title_zh": proposal.title_zh,
        "solicitation": solicitation_brief(proposal.solicitation),
        "lead_organization": schemas.OrganizationSummary.of(proposal.lead_organization).as_json(),
    }


def proposal_reference(proposal: Proposal) -> str:
    """The proposal's reference, or while a draft (it has none yet) its number."""
    return proposal.reference or _("Draft proposal %(number)d", number=proposal.id)


def proposal_file(
    proposal: Proposal, kind: str, file_suffix: str, title: Callable[[str], str], **fields: Any
) -> Document:
    """A document of `kind` on `proposal`, headed with its reference, `title` (given the
    reference) and a file name of the reference and `file_suffix`."""
    reference = proposal_reference(proposal)
    return Document(
        kind=kind,
        record_id=proposal.id,
        label=str(KIND_LABELS[kind]),
        reference=reference,
        title=title(reference),
        filename=f"{safe_filename(reference)}-{file_suffix}.pdf",
        **fields,
    )


def proposal_document(proposal: Proposal) -> Document:
    """The proposal as submitted (or, while a draft, as it stands, marked so): both language
    versions, participants, workplan and the list of letters of support."""
    participants = ordered_proposal_participants(proposal)
    record = {
        **proposal_summary(proposal),
        "submitted_at": moment(proposal.submitted_at),
        **{name: getattr(proposal, name) for name in TEXT_FIELDS},
        "deliverable_kind": proposal.deliverable_kind.value if proposal.deliverable_kind else None,
        "focus_areas": sorted(area.focus_area.value for area in proposal.focus_areas),
        "participants": [
            {**schemas.Participant.of_participant(p).as_json(), "state": p.state.value}
            for p in participants
        ],
        "workplan": [
            {
                "pilot_year": task.pilot_year,
                "number": task.number,
                "title_en": task.title_en,
                "title_zh": task.title_zh,
                "target": task.target,
                "due_month": day(task.due_month),
            }
            for task in proposal.tasks
        ],
        "attachments": [
            {"filename": a.filename, "size_bytes": a.size_bytes, "sha256": a.sha256}
            for a in proposal.attachments
        ],
    }
    return proposal_file(
        proposal,
        "proposal",
        "proposal",
        lambda reference: proposal.title_en or proposal.title_zh or reference,
        template="pdf/proposal.html",
        context={
            "proposal": proposal,
            "participants": participants,
            "is_draft": proposal.state == ProposalState.DRAFT,
        },
        record=record,
    )


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


def outcome_of(proposal: Proposal) -> DecisionOutcome | None:
    if proposal.state == ProposalState.SELECTED:
        return DecisionOutcome.SELECTED
    if proposal.state == ProposalState.DECLINED:
        return DecisionOutcome.DECLINED
    return None


# --- decision letter and certificate ------------------------------------------------------------


def partnership_of(proposal: Proposal) -> Partnership | None:
    """The EcoPartnership a selected proposal became, if any."""
    return db.session.scalar(select(Partnership).where(Partnership.proposal_id == proposal.id))


def _decision_record(proposal: Proposal, kind: str) -> tuple[dict[str, Any], dict[str, Any]]:
    outcome = outcome_of(proposal)
    participants = [
        p for p in ordered_proposal_participants(proposal) if p.state == ParticipantState.CONFIRMED
    ]
    partnership = partnership_of(proposal)
    published_at = decided_at(proposal)
    comments = [
        review.comments_to_applicant
        for review in review_queries.submitted_reviews(proposal)
        if review.comments_to_applicant.strip()
    ]
    reason = "" if proposal.is_eligible else proposal.ineligibility_reason
    record: dict[str, Any] = {
        "proposal": proposal_summary(proposal),
        "outcome": outcome.value if outcome else None,
        "is_eligible": proposal.is_eligible,
        "ineligibility_reason": reason,
        "published_at": moment(published_at),
        "participants": [schemas.Participant.of_participant(p).as_json() for p in participants],
        "partnership": {
            "slug": partnership.slug,
            "name_en": partnership.name_en,
            "name_zh": partnership.name_zh,
            "cohort_year": partnership.cohort_year,
            "signed_on": day(partnership.signed_on),
            "pilot_starts_on": day(partnership.pilot_starts_on),
            "pilot_ends_on": day(partnership.pilot_ends_on),
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
    }
    return record, context


def decision_letter_document(proposal: Proposal) -> Document | None:
    """The decision letter, in English and in Chinese, for a proposal whose outcome is published:
    the same words as the letter mailed to the applicants (comments unsigned, no reviewer)."""
    if proposal.state not in PUBLISHED_OUTCOMES:
        return None
    record, context = _decision_record(proposal, "decision-letter")
    return proposal_file(
        proposal,
        "decision-letter",
        "decision-letter",
        lambda reference: _("Decision on proposal %(reference)s", reference=reference),
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
    return proposal_file(
        proposal,
        "certificate",
        "certificate",
        lambda reference: _("Certificate of selection: %(reference)s", reference=reference),
        template="pdf/certificate.html",
        bilingual="pdf/_certificate_body.html",
        context=context,
        record=record,
        landscape=True,
    )
