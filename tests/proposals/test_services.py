"""Proposal services: the program's rules for drafting and submitting an application."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pypdf import PdfWriter
from sqlalchemy import func, select

from app import clock
from app.audit.models import Event
from app.errors import ServiceError
from app.extensions import db
from app.notifications.models import Notification
from app.organizations.models import Country
from app.partnerships.models import Partnership, PartnershipParticipant, PartnershipStatus
from app.proposals import invitations, services
from app.proposals.models import EmailInvitationState, ParticipantState, ProposalState
from app.solicitations.models import SolicitationStatus
from tests.factories import make_organization, make_user
from tests.proposals.factories import make_proposal, owner_of
from tests.solicitations.factories import make_solicitation

# 11:59 a.m. EDT on 31 May 2027, the program's customary deadline hour.
DEADLINE = datetime(2027, 5, 31, 15, 59, tzinfo=UTC)


def pdf_bytes(pages: int = 1) -> bytes:
    import io

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_start_makes_the_organization_the_confirmed_lead() -> None:
    user = make_user()
    organization = make_organization(user)
    proposal = services.start_proposal(make_solicitation(), organization, actor=user)
    (lead,) = proposal.participants
    assert lead.organization is organization and lead.state == ParticipantState.CONFIRMED
    assert proposal.state == ProposalState.DRAFT


def test_start_is_refused_for_a_closed_call_or_someone_elses_organization() -> None:
    user = make_user()
    closed = make_solicitation(status=SolicitationStatus.CLOSED)
    with pytest.raises(ServiceError):
        services.start_proposal(closed, make_organization(user), actor=user)
    with pytest.raises(ServiceError):
        services.start_proposal(make_solicitation(), make_organization(make_user()), actor=user)


def test_submit_freezes_numbers_audits_and_sends_receipts_to_every_participant() -> None:
    proposal = make_proposal()
    lead_owner = owner_of(proposal.lead_organization)
    services.submit_proposal(proposal, actor=lead_owner)
    assert proposal.state == ProposalState.SUBMITTED
    assert proposal.reference == f"EP-{proposal.solicitation.year}-001"
    assert proposal.submitted_at is not None
    receipts = db.session.scalars(
        select(Notification).where(Notification.kind == "proposals.submitted")
    ).all()
    assert {n.to_address for n in receipts} == {
        m.user.email for p in proposal.participants for m in p.organization.memberships
    }
    assert db.session.scalar(select(Event).where(Event.action == "proposal.submitted")) is not None
    with pytest.raises(ServiceError):
        services.save_draft(proposal, {"title_en": "Changed after submission"}, actor=lead_owner)
    assert proposal.title_en == "Clean buses for harbor cities"


def test_references_count_up_within_the_year() -> None:
    solicitation = make_solicitation()
    first, second = (
        make_proposal(solicitation=solicitation),
        make_proposal(solicitation=solicitation),
    )
    services.submit_proposal(first, actor=owner_of(first.lead_organization))
    services.submit_proposal(second, actor=owner_of(second.lead_organization))
    assert [first.reference, second.reference] == [
        f"EP-{solicitation.year}-001",
        f"EP-{solicitation.year}-002",
    ]


def test_every_unmet_requirement_is_listed_at_once() -> None:
    proposal = make_proposal(complete=False, partner_state=ParticipantState.INVITED)
    with pytest.raises(ServiceError) as refused:
        services.submit_proposal(proposal, actor=owner_of(proposal.lead_organization))
    message = refused.value.message
    for expected in (
        "confirmed Chinese participant",
        "still waiting for an answer",
        "Title in Chinese",
        "Summary in English",
        "focus area",
        "pilot year 3",
    ):
        assert expected in message
    assert proposal.state == ProposalState.DRAFT


def test_a_proposal_with_only_us_participants_is_refused() -> None:
    us_partner = make_organization(make_user(), country=Country.US)
    proposal = make_proposal(partner=us_partner)
    with pytest.raises(ServiceError) as refused:
        services.submit_proposal(proposal, actor=owner_of(proposal.lead_organization))
    assert "Chinese participant" in refused.value.message


def test_deadline_is_exact_to_the_second() -> None:
    solicitation = make_solicitation(opens_at=DEADLINE - timedelta(days=90), closes_at=DEADLINE)
    in_time, late = (
        make_proposal(solicitation=solicitation),
        make_proposal(solicitation=solicitation),
    )
    with clock.frozen_at(DEADLINE - timedelta(seconds=1)):  # 11:59:59 a.m. EDT
        services.submit_proposal(in_time, actor=owner_of(in_time.lead_organization))
    with clock.frozen_at(DEADLINE), pytest.raises(ServiceError) as refused:  # 12:00:00
        services.submit_proposal(late, actor=owner_of(late.lead_organization))
    assert in_time.state == ProposalState.SUBMITTED
    assert late.state == ProposalState.DRAFT
    assert "deadline" in refused.value.message


def test_an_organization_in_an_active_partnership_may_not_apply_with_new_partners() -> None:
    proposal = make_proposal()
    old_partner = make_organization(make_user(), country=Country.CN)
    partnership = Partnership(
        slug="existing",
        cohort_year=2025,
        name_en="Existing",
        pilot_starts_on=datetime(2025, 6, 1).date(),
        pilot_ends_on=datetime(2028, 6, 1).date(),
        status=PartnershipStatus.ACTIVE,
        participants=[
            PartnershipParticipant(organization=proposal.lead_organization, role="lead"),
            PartnershipParticipant(organization=old_partner, role="partner"),
        ],
    )
    db.session.add(partnership)
    db.session.flush()
    with pytest.raises(ServiceError) as refused:
        services.submit_proposal(proposal, actor=owner_of(proposal.lead_organization))
    assert proposal.lead_organization.name_en in refused.value.message
    partnership.status = PartnershipStatus.GRADUATED  # once graduated, new partners are fine
    services.submit_proposal(proposal, actor=owner_of(proposal.lead_organization))


def test_withdraw_returns_to_draft_keeps_the_reference_and_allows_resubmission() -> None:
    proposal = make_proposal()
    owner = owner_of(proposal.lead_organization)
    services.submit_proposal(proposal, actor=owner)
    reference = proposal.reference
    services.withdraw_proposal(proposal, actor=owner)
    assert proposal.state == ProposalState.DRAFT and proposal.submitted_at is None
    services.save_draft(
        proposal,
        {
            **{"title_en": "Better title"},
            "focus_areas": ["clean_air"],
            "deliverable_kind": "program",
        },
        actor=owner,
    )
    services.submit_proposal(proposal, actor=owner)
    assert proposal.reference == reference and proposal.title_en == "Better title"


def test_withdraw_is_refused_after_the_deadline() -> None:
    proposal = make_proposal()
    owner = owner_of(proposal.lead_organization)
    services.submit_proposal(proposal, actor=owner)
    with clock.frozen_at(proposal.solicitation.closes_at), pytest.raises(ServiceError):
        services.withdraw_proposal(proposal, actor=owner)


def test_a_second_submit_is_refused_and_creates_nothing() -> None:
    proposal = make_proposal()
    owner = owner_of(proposal.lead_organization)
    services.submit_proposal(proposal, actor=owner)
    with pytest.raises(ServiceError) as refused:
        services.submit_proposal(proposal, actor=owner)
    assert "already been submitted" in refused.value.message
    assert (
        db.session.scalar(select(func.count(Event.id)).where(Event.action == "proposal.submitted"))
        == 1
    )


@pytest.mark.parametrize("state", [ProposalState.SELECTED, ProposalState.DECLINED])
def test_a_decided_proposal_is_never_submitted_again(state: ProposalState) -> None:
    proposal = make_proposal(state=state)
    with pytest.raises(ServiceError, match="already been submitted"):
        services.submit_proposal(proposal, actor=owner_of(proposal.lead_organization))
    assert proposal.state == state


def test_stale_draft_is_refused_with_the_text_kept_by_the_caller() -> None:
    proposal = make_proposal()
    owner = owner_of(proposal.lead_organization)
    seen = proposal.version
    services.save_draft(proposal, {"title_en": "First writer"}, actor=owner, version=seen)
    with pytest.raises(ServiceError) as refused:
        services.save_draft(proposal, {"title_en": "Second writer"}, actor=owner, version=seen)
    assert "Someone else saved" in refused.value.message
    assert proposal.title_en == "First writer"


def test_invitation_answer_and_mails() -> None:
    proposal = make_proposal(partner_state=ParticipantState.INVITED)
    partner = next(p for p in proposal.participants if p.role == "partner")
    stranger = make_user()
    with pytest.raises(ServiceError):
        invitations.answer_invitation(partner, accept=True, actor=stranger)
    invitations.answer_invitation(partner, accept=True, actor=owner_of(partner.organization))
    assert partner.state == ParticipantState.CONFIRMED
    answered = db.session.scalars(
        select(Notification).where(Notification.kind == "proposals.invitation_answered")
    ).all()
    assert {n.to_address for n in answered} == {owner_of(proposal.lead_organization).email}


def test_inviting_ones_own_organization_is_refused() -> None:
    proposal = make_proposal()
    with pytest.raises(ServiceError) as refused:
        invitations.invite_organization(
            proposal, proposal.lead_organization, actor=owner_of(proposal.lead_organization)
        )
    assert refused.value.field == "organization_id"


def test_invitation_by_email_is_accepted_with_a_new_organization() -> None:
    proposal = make_proposal(partner=make_organization(make_user(), country=Country.US))
    owner = owner_of(proposal.lead_organization)
    invitation = invitations.invite_by_email(proposal, "Li.Wei@Example.cn", actor=owner)
    token = invitations._invitation_serializer().dumps(invitation.id)
    invitee = make_user(email="li.wei@example.cn")
    organization = make_organization(invitee, country=Country.CN)
    found = invitations.email_invitation_for_token(token)
    assert found is invitation
    invitations.accept_email_invitation(found, organization, actor=invitee)
    assert any(
        p.organization is organization and p.state == "confirmed" for p in proposal.participants
    )
    assert invitations.email_invitation_for_token(token) is None  # answered


def test_an_email_invitation_takes_its_own_confirmed_address_and_works_once() -> None:
    proposal = make_proposal(partner=make_organization(make_user(), country=Country.US))
    owner = owner_of(proposal.lead_organization)
    invitation = invitations.invite_by_email(proposal, "li.wei@example.cn", actor=owner)
    stranger = make_user(email="someone.else@example.cn")
    invitee = make_user(email="li.wei@example.cn", confirmed=False)
    for actor, reason in [(stranger, "was sent to li.wei@example.cn"), (invitee, "Confirm")]:
        with pytest.raises(ServiceError, match=reason):
            invitations.accept_email_invitation(
                invitation, make_organization(actor, country=Country.CN), actor=actor
            )
    assert invitation.state == EmailInvitationState.PENDING
    invitee.email_confirmed_at = clock.now()  # the real owner of the address confirms it
    invitations.accept_email_invitation(
        invitation, make_organization(invitee, country=Country.CN), actor=invitee
    )
    with pytest.raises(ServiceError, match="already answered"):
        invitations.accept_email_invitation(
            invitation, make_organization(invitee, country=Country.CN), actor=invitee
        )


def test_only_real_pdfs_are_accepted(app) -> None:  # type: ignore[no-untyped-def]
    proposal = make_proposal()
    owner = owner_of(proposal.lead_organization)
    for content, reason in [
        (b"GIF89a not a pdf at all", "not a PDF"),
        (b"", "empty"),
        (b"%PDF-1.7\n garbage that does not parse", "could not be read"),
        (pdf_bytes()[:-200] + b"/JavaScript (app.alert(1))" + pdf_bytes()[-200:], "scripts"),
        (b"%PDF-1.4\n" + b"0" * (app.config["MAX_UPLOAD_BYTES"] + 1), "larger than"),
    ]:
        with pytest.raises(ServiceError) as refused:
            services.add_attachment(proposal, "letter.pdf", content, actor=owner)
        assert reason in refused.value.message
    attachment = services.add_attachment(
        proposal, "../../etc/letter of support.pdf", pdf_bytes(), actor=owner
    )
    assert attachment.filename == "letter of support.pdf"
    stored = services.attachment_path(attachment)
    assert stored.read_bytes() == pdf_bytes() and stored.parent == services._upload_dir()
    assert len(attachment.stored_name) == 32


def test_polyglot_files_are_refused() -> None:
    """A PDF that is also an archive, a program or a web page is not a letter of support."""
    proposal = make_proposal()
    owner = owner_of(proposal.lead_organization)
    zip_archive = b"PK\x03\x04" + b"\x00" * 26 + b"payload.exe"
    for content in [
        pdf_bytes() + zip_archive,  # an archive after the end of the PDF
        pdf_bytes() + b"\n<script>alert(1)</script>\n",  # a script after it
        pdf_bytes().replace(b"\n", b"\n%<html><script>alert(2)</script>\n", 1),  # sniffed
    ]:
        with pytest.raises(ServiceError) as refused:
            services.add_attachment(proposal, "letter.pdf", content, actor=owner)
        assert "combined with another kind of file" in refused.value.message
        assert refused.value.field == "file"
    # Line ends and padding after the end are what PDF writers leave: a plain PDF.
    padded = pdf_bytes() + b"\r\n\x00\x00"
    assert services.add_attachment(proposal, "letter.pdf", padded, actor=owner).size_bytes > 0
    with pytest.raises(ServiceError) as refused:  # no end at all: cut short
        services.add_attachment(proposal, "letter.pdf", pdf_bytes()[:-8], actor=owner)
    assert "could not be read" in refused.value.message


def test_encrypted_pdfs_are_refused() -> None:
    import io

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    proposal = make_proposal()
    with pytest.raises(ServiceError) as refused:
        services.add_attachment(
            proposal, "x.pdf", buffer.getvalue(), actor=owner_of(proposal.lead_organization)
        )
    assert "Encrypted" in refused.value.message
