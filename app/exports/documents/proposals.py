"""The records of a proposal as submitted, and when its decision was taken (the letters and the
certificate are in `app.exports.documents.letters`)."""

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
    day,
    moment,
    safe_filename,
    solicitation_brief,
)
from app.exports.rendering import Document
from app.extensions import db
from app.organizations.models import Country
from app.proposals.models import (
    Participant,
    ParticipantRole,
    Proposal,
    ProposalState,
)
from app.proposals.services import TEXT_FIELDS
from app.reviews.models import Decision, DecisionOutcome, DecisionState

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
        "resubmission_of": proposal.resubmission_of.reference if proposal.resubmission_of else None,
        "resubmitted_as": [later.reference or later.id for later in proposal.resubmissions],
        "response_en": proposal.response_en,
        "response_zh": proposal.response_zh,
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
    """When the decision on `proposal` was taken, from the decision's own records: its
    publication (the ``proposal.decided`` event) or, for history recorded without one, the
    moment the second co-chair approved it. Never the day a document is rendered, nor the day the
    record last changed (loading data or fixing a typo would redate every letter). None while
    undecided, or when the record holds no date at all."""
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
    if published is not None:
        return published
    decision = approved_decision(proposal)
    return decision.approved_at if decision is not None else None


def approved_decision(proposal: Proposal) -> Decision | None:
    """The decision both co-chairs gave their keys to, if any."""
    return db.session.scalar(
        select(Decision)
        .where(Decision.proposal_id == proposal.id, Decision.state == DecisionState.APPROVED)
        .order_by(Decision.id.desc())
        .limit(1)
    )


def outcome_of(proposal: Proposal) -> DecisionOutcome | None:
    if proposal.state == ProposalState.SELECTED:
        return DecisionOutcome.SELECTED
    if proposal.state == ProposalState.DECLINED:
        return DecisionOutcome.DECLINED
    return None
