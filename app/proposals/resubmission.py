"""Resubmission: a declined proposal carried into the next open call, and the applicant's
response to last year's reviews. Each operation flushes; the caller commits.

What the copy takes: the texts in both languages, the deliverable and focus areas, the workplan
(every due month moved on by the years between the two calls) and the partners, invited again
(a partner agreed to last year's call, not to this one: its members confirm anew). Letters of
support are not copied: they are addressed to last year's call and are uploaded again.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from app import clock
from app.accounts.models import User
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.proposals import invitations
from app.proposals.models import (
    Participant,
    ParticipantRole,
    ParticipantState,
    Proposal,
    ProposalFocusArea,
    ProposalState,
    WorkplanTask,
)
from app.proposals.queries import why_not_resubmittable
from app.proposals.services import TEXT_FIELDS, require_draft
from app.solicitations.models import Solicitation

RESPONSE_FIELDS = ("response_en", "response_zh")


def _moved(task: WorkplanTask, years: int) -> WorkplanTask:
    due = task.due_month
    if due is not None:
        due = due.replace(year=due.year + years)
    return WorkplanTask(
        pilot_year=task.pilot_year,
        number=task.number,
        title_en=task.title_en,
        title_zh=task.title_zh,
        target=task.target,
        due_month=due,
    )


def resubmit_proposal(
    original: Proposal, solicitation: Solicitation | None, *, actor: User
) -> Proposal:
    """Carry the declined `original` into `solicitation` as a new draft led by the same
    organization, linked to the original; its partners are invited again."""
    refusal = why_not_resubmittable(original, solicitation, actor)
    if refusal is not None:
        raise ServiceError(refusal)
    assert solicitation is not None  # why_not_resubmittable refuses a missing call
    years = solicitation.year - original.solicitation.year
    copy = Proposal(
        solicitation=solicitation,
        lead_organization=original.lead_organization,
        created_by_id=actor.id,
        state=ProposalState.DRAFT,
        deliverable_kind=original.deliverable_kind,
        **{name: getattr(original, name) for name in TEXT_FIELDS},
    )
    db.session.add(copy)  # before any link to the original, which a lazy load would flush
    copy.resubmission_of = original
    copy.focus_areas = [ProposalFocusArea(focus_area=a.focus_area) for a in original.focus_areas]
    copy.tasks = [_moved(task, years) for task in original.tasks]
    copy.participants.append(
        Participant(
            organization=original.lead_organization,
            role=ParticipantRole.LEAD,
            state=ParticipantState.CONFIRMED,
            invited_by_id=actor.id,
            answered_at=clock.now(),
        )
    )
    db.session.flush()
    record_event(
        "proposal.resubmitted",
        copy,
        actor=actor,
        original=original.reference,
        solicitation=solicitation.year,
    )
    for participant in original.participants:
        if participant.role == ParticipantRole.PARTNER and participant.state == (
            ParticipantState.CONFIRMED
        ):
            invitations.invite_organization(copy, participant.organization, actor=actor)
    return copy


def save_response(proposal: Proposal, data: dict[str, Any], *, actor: User) -> None:
    """Save the response to last year's reviews (both languages; complete or not)."""
    require_draft(proposal)
    if not proposal.is_resubmission:
        raise ServiceError(_l("Only a resubmission answers last year's reviews."))
    for name in RESPONSE_FIELDS:
        if name in data:
            setattr(proposal, name, (data[name] or "").strip())
    db.session.flush()
    record_event("proposal.response_saved", proposal, actor=actor)
