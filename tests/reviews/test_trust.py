"""The promises no single person can break: two keys on every decision (ineligibility and the
chair role included), conflicts from facts the applicant cannot steer, conflicts that arise
late, and the side balance of assignments."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app import clock
from app.accounts import appointments
from app.accounts.models import Role, Side
from app.errors import ServiceError
from app.extensions import db
from app.notifications.models import Notification
from app.organizations.models import Country, OrganizationMember
from app.proposals.models import ProposalState
from app.proposals.services import conflict_domains_now, submit_proposal
from app.reviews import assignment as review_assignment
from app.reviews import decisions, policy, publication, queries, screening
from app.reviews.models import AssignmentState
from tests.factories import make_organization, make_user
from tests.proposals.factories import make_proposal
from tests.reviews.factories import (
    make_assignment,
    make_chair,
    make_closed_solicitation,
    make_decision,
    make_reviewer,
    make_submitted,
)
from tests.solicitations.factories import make_solicitation


def mails(kind: str) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.kind == kind)))


# --- ineligibility takes two keys ---------------------------------------------------------------


def test_one_chair_marking_ineligible_does_not_decline_the_proposal() -> None:
    solicitation = make_closed_solicitation()
    chair_us, chair_cn = make_chair(Side.US), make_chair(Side.CN)
    other_us = make_chair(Side.US)
    proposal = make_submitted(solicitation)
    screening.screen_proposal(proposal, eligible=False, reason="Late.", actor=chair_us)
    assert [m.to_address for m in mails("reviews.ineligibility_awaits")] == [chair_cn.email]
    blockers = publication.publication_blockers(solicitation)
    assert any("must confirm" in b for b in blockers)
    with pytest.raises(ServiceError):
        publication.publish_decisions(solicitation, actor=chair_us)
    for wrong in (chair_us, other_us):  # the marker, and a chair of the same side
        with pytest.raises(ServiceError, match="other side"):
            screening.confirm_ineligibility(proposal, actor=wrong)
    screening.confirm_ineligibility(proposal, actor=chair_cn)
    assert publication.publication_blockers(solicitation) == []
    publication.publish_decisions(solicitation, actor=chair_us)
    assert proposal.state == ProposalState.DECLINED


def test_marking_ineligible_again_asks_for_a_new_confirmation() -> None:
    solicitation = make_closed_solicitation()
    chair_us, chair_cn = make_chair(Side.US), make_chair(Side.CN)
    proposal = make_submitted(solicitation)
    screening.screen_proposal(proposal, eligible=False, reason="Late.", actor=chair_us)
    screening.confirm_ineligibility(proposal, actor=chair_cn)
    screening.screen_proposal(proposal, eligible=False, reason="Another reason.", actor=chair_cn)
    assert proposal.ineligibility_confirmed_by_id is None
    assert any("must confirm" in b for b in publication.publication_blockers(solicitation))


# --- the chair role ------------------------------------------------------------------------------


def test_one_administrator_cannot_make_the_two_keys_alone() -> None:
    """The reported attack: an admin makes himself and a second account of his chairs of the
    two sides, then proposes, approves and publishes."""
    solicitation = make_closed_solicitation()
    real_us, real_cn = make_chair(Side.US), make_chair(Side.CN)
    admin = make_user(Role.ADMIN)
    sock_puppet = make_user(Role.REVIEWER, side=Side.CN)
    with pytest.raises(ServiceError):
        appointments.update_account(
            admin, roles=[Role.ADMIN, Role.CHAIR], side=Side.US, is_active=True, actor=admin
        )
    change = appointments.update_account(
        sock_puppet, roles=[Role.REVIEWER, Role.CHAIR], side=Side.CN, is_active=True, actor=admin
    )
    assert not sock_puppet.has_role(Role.CHAIR)
    assert {m.to_address for m in mails("accounts.role_change")} == {real_us.email, real_cn.email}
    proposal = make_submitted(solicitation)
    decision = decisions.propose_decision(proposal, "selected", "Strong.", actor=real_us)
    with pytest.raises(ServiceError):
        decisions.approve_decision(decision, actor=sock_puppet)
    assert change is not None


def test_the_second_key_comes_from_a_chair_confirmed_before_the_proposal() -> None:
    solicitation = make_closed_solicitation()
    chair_us = make_chair(Side.US)
    proposal = make_submitted(solicitation)
    decision = decisions.propose_decision(proposal, "selected", "Strong.", actor=chair_us)
    late = make_chair(Side.CN)
    [role] = [r for r in late.roles if r.role == Role.CHAIR]
    role.granted_at = decision.proposed_at + timedelta(seconds=1)
    with pytest.raises(ServiceError, match="confirmed after"):
        decisions.approve_decision(decision, actor=late)
    role.granted_at = decision.proposed_at - timedelta(days=1)
    decisions.approve_decision(decision, actor=late)
    # Publication checks it again: a role re-granted later breaks the key.
    role.granted_at = decision.proposed_at + timedelta(hours=1)
    assert any("two co-chairs" in b for b in publication.publication_blockers(solicitation))


def test_a_chair_who_turns_out_conflicted_breaks_their_key_at_publication() -> None:
    solicitation = make_closed_solicitation()
    chair_us, chair_cn = make_chair(Side.US), make_chair(Side.CN)
    proposal = make_submitted(solicitation)
    make_decision(proposal, chair_us, approver=chair_cn)
    assert publication.publication_blockers(solicitation) == []
    proposal.lead_organization.memberships.append(
        OrganizationMember(user=chair_cn, is_owner=False, joined_at=clock.now())
    )
    db.session.flush()
    assert any("two co-chairs" in b for b in publication.publication_blockers(solicitation))


def test_two_chairs_proposing_at_once_get_a_409_not_a_500(
    client, login, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_closed_solicitation()
    chair_us, chair_cn = make_chair(Side.US), make_chair(Side.CN)
    proposal = make_submitted(solicitation)
    make_decision(proposal, chair_cn)
    # The other chair's decision was not committed yet when this one read the proposal.
    monkeypatch.setattr(decisions, "live_decision", lambda _proposal: None)
    monkeypatch.setattr(queries, "live_decision", lambda _proposal: None)
    login(chair_us)
    response = client.post(
        f"/secretariat/review/proposals/{proposal.id}/decision",
        data={"outcome": "selected", "rationale": "Strong."},
    )
    assert response.status_code == 409
    assert "at the same moment" in response.get_data(as_text=True)


# --- conflicts the applicant cannot steer -----------------------------------------------------


def test_conflicts_come_from_verified_member_addresses_frozen_at_submission() -> None:
    lead_owner = make_user(email="director@utah.gov")
    lead = make_organization(lead_owner, country=Country.US, website="https://utah.gov")
    partner = make_organization(make_user(email="head@tsinghua.edu.cn"), country=Country.CN)
    solicitation = make_solicitation()
    proposal = make_proposal(solicitation=solicitation, lead=lead, partner=partner)
    submit_proposal(proposal, actor=lead_owner)
    assert proposal.conflict_domains == ["tsinghua.edu.cn", "utah.gov"]
    colleague = make_reviewer(Side.CN, email="prof@mails.tsinghua.edu.cn")
    secretariat = make_reviewer(Side.US, email="officer@state.gov")
    assert policy.is_conflicted(colleague, proposal)
    assert "tsinghua.edu.cn" in " ".join(policy.conflict_reasons(colleague, proposal))
    # After submission the applicant edits the website to the Secretariat's own domain, or
    # blanks it: nobody moves in or out of conflict.
    for website in ("https://www.state.gov", ""):
        lead.website = website  # what the organization's edit page saves
        db.session.flush()
        assert not policy.is_conflicted(secretariat, proposal)
        assert policy.is_conflicted(colleague, proposal)


def test_the_secretariats_own_domain_and_unverified_addresses_never_count() -> None:
    lead = make_organization(make_user(email="someone@state.gov"), country=Country.US)
    partner = make_organization(
        make_user(email="unverified@sjtu.edu.cn", confirmed=False), country=Country.CN
    )
    proposal = make_proposal(lead=lead, partner=partner)
    assert conflict_domains_now(proposal) == []


def test_a_reviewer_who_joins_a_participant_after_assignment_is_recused_at_once() -> None:
    solicitation = make_closed_solicitation()
    chair_us, chair_cn = make_chair(Side.US), make_chair(Side.CN)
    proposal = make_submitted(solicitation)
    reviewer = make_reviewer(Side.CN)
    assignment = make_assignment(proposal, reviewer, scores=[4] * 5, submitted=True)
    proposal.lead_organization.memberships.append(
        OrganizationMember(user=reviewer, is_owner=False, joined_at=clock.now())
    )
    db.session.flush()
    assert assignment.state == AssignmentState.RECUSED and assignment.submitted_at is None
    assert queries.submitted_reviews(proposal) == []
    told = {m.to_address for m in mails("reviews.recused_for_new_conflict")}
    assert told == {chair_us.email, chair_cn.email}


# --- side balance ----------------------------------------------------------------------------


def test_removing_the_only_reviewer_of_a_side_is_refused_with_the_reason() -> None:
    solicitation = make_closed_solicitation()
    chair = make_chair(Side.US)
    proposal = make_submitted(solicitation)
    only_cn = make_assignment(proposal, make_reviewer(Side.CN))
    make_assignment(proposal, make_reviewer(Side.US))
    with pytest.raises(ServiceError, match="only reviewer of the Chinese side"):
        review_assignment.remove_assignment(only_cn, actor=chair)
    second_cn = make_assignment(proposal, make_reviewer(Side.CN))
    review_assignment.remove_assignment(only_cn, actor=chair)
    assert second_cn.state == AssignmentState.ASSIGNED
