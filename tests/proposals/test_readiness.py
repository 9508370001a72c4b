"""The task list's statuses: the readiness checks grouped into sections, as an applicant sees
them move while the proposal is written."""

from __future__ import annotations

import pytest

from app.errors import ServiceError
from app.organizations.models import Country
from app.proposals import readiness, services
from app.proposals.models import (
    Attachment,
    EmailInvitationState,
    ParticipantRole,
    ParticipantState,
    ProposalInvitation,
    ProposalState,
)
from app.proposals.readiness import Section, SectionStatus
from app.solicitations.models import SolicitationStatus
from tests.factories import make_organization, make_user
from tests.proposals.factories import COMPLETE_TEXTS, make_proposal, owner_of
from tests.solicitations.factories import make_solicitation

NOT_STARTED = SectionStatus.NOT_STARTED
IN_PROGRESS = SectionStatus.IN_PROGRESS
COMPLETED = SectionStatus.COMPLETED
CANNOT_START = SectionStatus.CANNOT_START


def _statuses(proposal) -> dict[Section, SectionStatus]:  # type: ignore[no-untyped-def]
    return {task.section: task.status for task in readiness.task_list(proposal)}


def _fresh_draft():  # type: ignore[no-untyped-def]
    """A draft just started: its lead and nothing else."""
    user = make_user()
    lead = make_organization(user, country=Country.US)
    return services.start_proposal(make_solicitation(), lead, actor=user)


def test_a_fresh_draft_has_nothing_started_and_cannot_be_checked_yet() -> None:
    assert _statuses(_fresh_draft()) == {
        Section.PARTICIPANTS: NOT_STARTED,
        Section.TEXTS_EN: NOT_STARTED,
        Section.TEXTS_ZH: NOT_STARTED,
        Section.DELIVERABLE: NOT_STARTED,
        Section.WORKPLAN: NOT_STARTED,
        Section.LETTERS: NOT_STARTED,
        Section.CHECK: CANNOT_START,
    }


def test_a_complete_proposal_is_ready_to_check_without_letters() -> None:
    statuses = _statuses(make_proposal())
    assert statuses.pop(Section.LETTERS) == NOT_STARTED  # optional: it does not hold anything up
    assert statuses.pop(Section.CHECK) == NOT_STARTED
    assert set(statuses.values()) == {COMPLETED}


def test_statuses_move_as_the_sections_are_written() -> None:
    proposal = _fresh_draft()
    actor = owner_of(proposal.lead_organization)
    services.save_draft(proposal, {"title_en": "Clean buses"}, actor=actor)
    assert _statuses(proposal)[Section.TEXTS_EN] == IN_PROGRESS
    assert _statuses(proposal)[Section.TEXTS_ZH] == NOT_STARTED
    english = {k: v for k, v in COMPLETE_TEXTS.items() if k.endswith("_en")}
    services.save_draft(proposal, english, actor=actor)
    statuses = _statuses(proposal)
    assert statuses[Section.TEXTS_EN] == COMPLETED
    assert statuses[Section.DELIVERABLE] == IN_PROGRESS  # its English description is written
    services.save_draft(
        proposal,
        {**COMPLETE_TEXTS, "deliverable_kind": "policy", "focus_areas": ["clean_air"]},
        actor=actor,
    )
    assert _statuses(proposal)[Section.DELIVERABLE] == COMPLETED
    services.save_task(
        proposal, pilot_year=1, title_en="Survey", title_zh="调查", target="3 sites",
        due_month=None, actor=actor,
    )  # fmt: skip
    assert _statuses(proposal)[Section.WORKPLAN] == IN_PROGRESS  # years 2 and 3 are missing


def test_participants_are_in_progress_until_a_chinese_partner_confirms() -> None:
    proposal = make_proposal(partner_state=ParticipantState.INVITED)
    assert _statuses(proposal)[Section.PARTICIPANTS] == IN_PROGRESS
    assert _statuses(proposal)[Section.CHECK] == CANNOT_START
    partner = next(p for p in proposal.participants if p.role == ParticipantRole.PARTNER)
    partner.state = ParticipantState.CONFIRMED
    assert _statuses(proposal)[Section.PARTICIPANTS] == COMPLETED
    assert _statuses(proposal)[Section.CHECK] == NOT_STARTED


def test_an_invitation_by_email_starts_the_participants_section() -> None:
    proposal = _fresh_draft()
    proposal.email_invitations.append(
        ProposalInvitation(
            email="someone@example.cn",
            state=EmailInvitationState.PENDING,
            invited_by_id=owner_of(proposal.lead_organization).id,
        )
    )
    assert _statuses(proposal)[Section.PARTICIPANTS] == IN_PROGRESS


def test_a_letter_completes_the_optional_letters_section() -> None:
    proposal = make_proposal()
    proposal.attachments.append(
        Attachment(filename="a.pdf", stored_name="a", size_bytes=1, sha256="0" * 64)
    )
    assert _statuses(proposal)[Section.LETTERS] == COMPLETED


def test_a_closed_call_means_check_and_submit_cannot_start() -> None:
    proposal = make_proposal(solicitation=make_solicitation(status=SolicitationStatus.CLOSED))
    statuses = _statuses(proposal)
    assert statuses[Section.TEXTS_EN] == COMPLETED and statuses[Section.CHECK] == CANNOT_START


def test_a_submitted_proposal_has_checked_and_submitted() -> None:
    assert _statuses(make_proposal(state=ProposalState.SUBMITTED))[Section.CHECK] == COMPLETED


def test_each_requirement_names_its_section_and_the_field_that_puts_it_right() -> None:
    proposal = make_proposal(complete=False)
    missing = {(r.section, r.field) for r in readiness.unmet(proposal)}
    assert (Section.TEXTS_ZH, "title_zh") in missing
    assert (Section.DELIVERABLE, "deliverable_kind-0") in missing
    assert (Section.DELIVERABLE, "focus_areas-0") in missing
    assert (Section.WORKPLAN, "pilot_year") in missing
    assert all(r.section != Section.PARTICIPANTS for r in readiness.unmet(proposal))


def test_the_server_refuses_what_the_task_list_shows_missing_and_lists_each() -> None:
    proposal = make_proposal(complete=False)
    with pytest.raises(readiness.NotReady) as refused:
        services.submit_proposal(proposal, actor=owner_of(proposal.lead_organization))
    assert [r.message for r in refused.value.unmet] == [
        r.message for r in readiness.unmet(proposal)
    ]
    assert isinstance(refused.value, ServiceError)
    assert "Title in Chinese." in refused.value.message
