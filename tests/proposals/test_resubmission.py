"""Resubmission, the operation: only a declined proposal, only by its lead's members, only into
an open call, once per call; what the copy takes, and the response the task list asks for."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from app import clock
from app.errors import ServiceError
from app.extensions import db
from app.notifications.models import Notification
from app.proposals import readiness
from app.proposals.models import (
    Attachment,
    ParticipantRole,
    ParticipantState,
    Proposal,
    ProposalState,
)
from app.proposals.queries import earlier_reviews, resubmission_offer
from app.proposals.resubmission import resubmit_proposal, save_response
from app.proposals.services import submit_proposal
from app.solicitations.models import SolicitationStatus
from tests.factories import make_user
from tests.proposals.factories import make_proposal
from tests.proposals.resubmission_factories import (
    TO_APPLICANT,
    TO_APPLICANT_CN,
    TO_SECRETARIAT,
    Declined,
    make_declined,
)
from tests.solicitations.factories import make_solicitation


def resubmitted(declined: Declined) -> Proposal:
    return resubmit_proposal(declined.original, declined.new_call, actor=declined.lead_member)


def test_a_declined_proposal_becomes_a_draft_of_the_open_call_linked_both_ways() -> None:
    declined = make_declined()
    declined.original.attachments.append(
        Attachment(filename="letter.pdf", stored_name="x" * 32, size_bytes=10, sha256="0" * 64)
    )

    copy = resubmitted(declined)

    assert copy.state == ProposalState.DRAFT and copy.solicitation == declined.new_call
    assert copy.resubmission_of == declined.original
    assert declined.original.resubmissions == [copy]
    assert copy.is_resubmission and not declined.original.is_resubmission
    assert (copy.title_en, copy.title_zh) == (
        declined.original.title_en,
        declined.original.title_zh,
    )
    assert copy.deliverable_kind == declined.original.deliverable_kind
    assert [a.focus_area for a in copy.focus_areas] == [
        a.focus_area for a in declined.original.focus_areas
    ]
    # The workplan moves on by the year between the calls; letters are uploaded again.
    assert [t.due_month.year for t in copy.tasks if t.due_month] == [
        t.due_month.year + 1 for t in declined.original.tasks if t.due_month
    ]
    assert copy.attachments == []
    assert copy.reference is None and copy.response_en == ""


def test_the_partners_are_invited_again_and_told() -> None:
    declined = make_declined()

    copy = resubmitted(declined)

    partner = next(p for p in copy.participants if p.role == ParticipantRole.PARTNER)
    assert partner.state == ParticipantState.INVITED
    lead = next(p for p in copy.participants if p.role == ParticipantRole.LEAD)
    assert lead.state == ParticipantState.CONFIRMED
    mail = db.session.scalars(
        db.select(Notification).where(Notification.kind == "proposals.partner_invited")
    ).all()
    assert declined.partner_member.email in {m.to_address for m in mail}


@pytest.mark.parametrize("state", [ProposalState.DRAFT, ProposalState.SUBMITTED])
def test_only_a_declined_proposal_is_resubmitted(state: ProposalState) -> None:
    declined = make_declined()
    declined.original.state = state

    with pytest.raises(ServiceError, match="Only a declined proposal"):
        resubmitted(declined)


def test_a_selected_proposal_is_not_resubmitted() -> None:
    declined = make_declined()
    declined.original.state = ProposalState.SELECTED

    with pytest.raises(ServiceError, match="Only a declined proposal"):
        resubmitted(declined)
    assert resubmission_offer(declined.original, declined.lead_member) is None


def test_only_the_lead_organizations_members_resubmit() -> None:
    declined = make_declined()

    for outsider in (declined.partner_member, make_user()):
        with pytest.raises(ServiceError, match="Only the members of the lead organization"):
            resubmit_proposal(declined.original, declined.new_call, actor=outsider)
        assert resubmission_offer(declined.original, outsider) is None


def test_only_into_an_open_call() -> None:
    declined = make_declined(new_call=False)
    now = clock.now()
    closed = make_solicitation(
        year=2027,
        status=SolicitationStatus.CLOSED,
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=1),
    )

    # No partner to invite again, whose invitation would be refused on its own.
    for participant in declined.original.participants:
        if participant.role == ParticipantRole.PARTNER:
            participant.state = ParticipantState.DECLINED

    with pytest.raises(ServiceError):
        resubmit_proposal(declined.original, closed, actor=declined.lead_member)
    assert declined.original.resubmissions == []
    with pytest.raises(ServiceError, match="No call for proposals is open"):
        resubmit_proposal(declined.original, None, actor=declined.lead_member)
    assert resubmission_offer(declined.original, declined.lead_member) is None


def test_not_into_its_own_call() -> None:
    declined = make_declined()
    declined.old_call.status = SolicitationStatus.OPEN
    declined.old_call.closes_at = clock.now() + timedelta(days=3)
    declined.new_call.status = SolicitationStatus.DRAFT  # type: ignore[union-attr]

    with pytest.raises(ServiceError, match="later call"):
        resubmit_proposal(declined.original, declined.old_call, actor=declined.lead_member)


def test_once_per_original_and_call() -> None:
    declined = make_declined()
    assert resubmission_offer(declined.original, declined.lead_member) == declined.new_call
    resubmitted(declined)

    with pytest.raises(ServiceError, match="already been resubmitted"):
        resubmitted(declined)
    assert resubmission_offer(declined.original, declined.lead_member) is None


def test_the_database_refuses_a_second_resubmission_into_one_call() -> None:
    declined = make_declined()
    resubmitted(declined)
    twin = make_proposal(
        lead=declined.original.lead_organization, solicitation=declined.new_call, complete=False
    )

    twin.resubmission_of = declined.original
    with pytest.raises(IntegrityError):
        db.session.flush()


def test_the_response_is_a_required_section_in_both_languages() -> None:
    declined = make_declined()
    copy = resubmitted(declined)
    next(
        p for p in copy.participants if p.role == ParticipantRole.PARTNER
    ).state = ParticipantState.CONFIRMED

    sections = [task.section for task in readiness.task_list(copy)]
    assert readiness.Section.RESPONSE in sections
    response = next(t for t in readiness.task_list(copy) if t.section == readiness.Section.RESPONSE)
    assert response.status == readiness.SectionStatus.NOT_STARTED
    with pytest.raises(readiness.NotReady, match="Response to last year's reviews in English"):
        submit_proposal(copy, actor=declined.lead_member)

    save_response(copy, {"response_en": "We funded the monitoring."}, actor=declined.lead_member)
    response = next(t for t in readiness.task_list(copy) if t.section == readiness.Section.RESPONSE)
    assert response.status == readiness.SectionStatus.IN_PROGRESS
    with pytest.raises(readiness.NotReady, match="Response to last year's reviews in Chinese"):
        submit_proposal(copy, actor=declined.lead_member)

    save_response(copy, {"response_zh": "我们已落实监测经费。"}, actor=declined.lead_member)
    submit_proposal(copy, actor=declined.lead_member)
    assert copy.state == ProposalState.SUBMITTED


def test_a_proposal_that_is_no_resubmission_has_no_response_section() -> None:
    proposal = make_proposal()

    assert readiness.Section.RESPONSE not in [t.section for t in readiness.task_list(proposal)]
    with pytest.raises(ServiceError, match="Only a resubmission"):
        save_response(proposal, {"response_en": "x"}, actor=make_user())


def test_the_earlier_reviews_are_the_comments_to_the_applicant_alone() -> None:
    declined = make_declined()
    copy = resubmitted(declined)

    earlier = earlier_reviews(copy)

    assert earlier is not None and earlier.original == declined.original
    assert set(earlier.comments) == {TO_APPLICANT, TO_APPLICANT_CN}
    assert TO_SECRETARIAT not in earlier.comments
    assert earlier_reviews(declined.original) is None
