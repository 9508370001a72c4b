"""Review services: conflicts, screening, assignment, reviewing, blindness, discussion, the
two-key rule and publication."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.accounts.models import Role, Side, User
from app.audit.models import Event
from app.errors import ServiceError
from app.extensions import db
from app.notifications.models import Notification
from app.organizations.domains import email_domain, registrable_domain
from app.partnerships.models import Partnership
from app.proposals.models import Proposal, ProposalState
from app.reviews import assignment as review_assignment
from app.reviews import conflicts as review_conflicts
from app.reviews import decisions, policy, queries
from app.reviews import publication as review_publication
from app.reviews import ranking as review_ranking
from app.reviews import reviewing as review_reviewing
from app.reviews import screening as review_screening
from app.reviews.models import (
    AssignmentState,
    DecisionOutcome,
    DecisionState,
    ReviewAssignment,
)
from app.solicitations.models import Solicitation, SolicitationStatus
from tests.factories import make_user
from tests.proposals.factories import owner_of
from tests.reviews.factories import (
    make_assignment,
    make_chair,
    make_closed_solicitation,
    make_decision,
    make_reviewer,
    make_submitted,
)
from tests.solicitations.factories import make_solicitation


@dataclass
class Review:
    """A call under review: two chairs, two reviewers per side, proposals."""

    solicitation: Solicitation
    chair_us: User
    chair_cn: User
    us: list[User]
    cn: list[User]
    proposals: list[Proposal]


@pytest.fixture
def review() -> Review:
    solicitation = make_closed_solicitation(reviewers_per_proposal=2, target_selections=1)
    return Review(
        solicitation=solicitation,
        chair_us=make_chair(Side.US, display_name="Chair Ellery"),
        chair_cn=make_chair(Side.CN, display_name="Chair Lin"),
        us=[make_reviewer(Side.US, display_name=f"US Reviewer {i}") for i in (1, 2)],
        cn=[make_reviewer(Side.CN, display_name=f"CN Reviewer {i}") for i in (1, 2)],
        proposals=[make_submitted(solicitation) for _ in range(3)],
    )


def events(action: str) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.action == action)))


def full_scores(proposal: Proposal, value: int = 4) -> dict[str, str]:
    return {f"score_{c.id}": str(value) for c in proposal.solicitation.criteria}


# --- conflicts ---------------------------------------------------------------------------------


def test_registrable_domains() -> None:
    assert registrable_domain("mails.tsinghua.edu.cn") == "tsinghua.edu.cn"
    assert registrable_domain("www.duke-energy.com") == "duke-energy.com"
    assert email_domain("someone@gmail.com") is None
    assert email_domain("a@Sub.Utah.gov") == "utah.gov"


def test_a_member_of_a_participant_is_in_conflict(review: Review) -> None:
    proposal = review.proposals[0]
    applicant = owner_of(proposal.lead_organization)
    applicant.roles.append(type(applicant.roles[0])(role=Role.REVIEWER))
    applicant.side = Side.US
    db.session.flush()
    assert policy.is_conflicted(applicant, proposal)
    assert not policy.is_conflicted(applicant, review.proposals[1])
    assert not policy.is_conflicted(review.us[0], proposal)


def test_a_declared_conflict_recuses_live_reviews(review: Review) -> None:
    proposal = review.proposals[0]
    reviewer = review.us[0]
    assignment = make_assignment(proposal, reviewer)
    conflict = review_conflicts.declare_conflict(
        reviewer, proposal.lead_organization, "I advised them last year.", actor=reviewer
    )
    assert conflict.declared_by_id == reviewer.id
    assert assignment.state == AssignmentState.RECUSED
    assert "advised" in assignment.recusal_reason
    assert policy.is_conflicted(reviewer, proposal)
    assert events("review.conflict_declared") and events("review.recused")


def test_a_chair_records_a_conflict_for_a_reviewer_and_a_submitted_review_is_voided(
    review: Review,
) -> None:
    proposal = review.proposals[0]
    reviewer = review.cn[0]
    assignment = make_assignment(proposal, reviewer, scores=[4] * 5, submitted=True)
    review_conflicts.declare_conflict(
        reviewer, proposal.lead_organization, "Former employee.", actor=review.chair_us
    )
    assert assignment.state == AssignmentState.RECUSED and assignment.submitted_at is None
    assert queries.submitted_reviews(proposal) == []


def test_conflict_declarations_are_checked(review: Review) -> None:
    organization = review.proposals[0].lead_organization
    with pytest.raises(ServiceError, match="reason"):
        review_conflicts.declare_conflict(review.us[0], organization, "  ", actor=review.us[0])
    with pytest.raises(ServiceError, match="Only the reviewer or a chair"):
        review_conflicts.declare_conflict(review.us[0], organization, "x", actor=review.us[1])
    review_conflicts.declare_conflict(review.us[0], organization, "x", actor=review.us[0])
    with pytest.raises(ServiceError, match="already recorded"):
        review_conflicts.declare_conflict(review.us[0], organization, "y", actor=review.chair_cn)


# --- screening ---------------------------------------------------------------------------------


def test_screening_marks_a_proposal_ineligible_with_a_reason(review: Review) -> None:
    proposal = review.proposals[0]
    with pytest.raises(ServiceError, match="reason"):
        review_screening.screen_proposal(proposal, eligible=False, reason="", actor=review.chair_us)
    review_screening.screen_proposal(
        proposal,
        eligible=False,
        reason="No confirmed Chinese partner letter.",
        actor=review.chair_us,
    )
    assert not proposal.is_eligible
    assert proposal.ineligibility_reason == "No confirmed Chinese partner letter."
    [event] = events("review.screened")
    assert event.details["after"]["eligible"] is False
    review_screening.screen_proposal(proposal, eligible=True, reason="", actor=review.chair_cn)
    assert proposal.is_eligible and proposal.ineligibility_reason == ""


def test_screening_waits_for_the_deadline_and_is_for_chairs(review: Review) -> None:
    open_call = make_solicitation()
    proposal = make_submitted(open_call)
    with pytest.raises(ServiceError, match="closed"):
        review_screening.screen_proposal(
            proposal, eligible=False, reason="x", actor=review.chair_us
        )
    with pytest.raises(ServiceError, match="chair"):
        review_screening.screen_proposal(
            review.proposals[0], eligible=False, reason="x", actor=review.us[0]
        )


# --- assignment --------------------------------------------------------------------------------


def test_manual_assignment_refuses_conflicts_and_duplicates(review: Review) -> None:
    proposal = review.proposals[0]
    assignment = review_assignment.assign_reviewer(proposal, review.us[0], actor=review.chair_us)
    assert assignment.state == AssignmentState.ASSIGNED
    assert (
        db.session.scalar(
            select(Notification).where(Notification.kind == "reviews.assigned")
        ).to_address
        == review.us[0].email
    )
    with pytest.raises(ServiceError, match="already assigned"):
        review_assignment.assign_reviewer(proposal, review.us[0], actor=review.chair_us)
    review_conflicts.declare_conflict(
        review.cn[0], proposal.lead_organization, "Co-author.", actor=review.cn[0]
    )
    with pytest.raises(ServiceError, match="conflict"):
        review_assignment.assign_reviewer(proposal, review.cn[0], actor=review.chair_us)
    with pytest.raises(ServiceError, match="chair"):
        review_assignment.assign_reviewer(proposal, review.cn[1], actor=review.us[1])


def test_automatic_assignment_staffs_every_proposal_from_both_sides(review: Review) -> None:
    ineligible = review.proposals[2]
    review_screening.screen_proposal(
        ineligible, eligible=False, reason="Late.", actor=review.chair_us
    )
    review_conflicts.declare_conflict(
        review.us[0], review.proposals[0].lead_organization, "Board member.", actor=review.us[0]
    )
    added = review_assignment.assign_automatically(review.solicitation, actor=review.chair_us)
    assert added == 4
    by_proposal = queries.assignments_for(review.solicitation)
    assert ineligible.id not in by_proposal
    for proposal in review.proposals[:2]:
        reviewers = [a.reviewer for a in by_proposal[proposal.id]]
        assert len(reviewers) == 2 and {r.side for r in reviewers} == {Side.US, Side.CN}
    assert review.us[0] not in [a.reviewer for a in by_proposal[review.proposals[0].id]]
    loads = queries.reviewer_loads(review.solicitation)
    assert max(loads.values()) - min(loads.values()) <= 1
    # Running it again adds nothing: the proposals are staffed.
    assert review_assignment.assign_automatically(review.solicitation, actor=review.chair_cn) == 0


def test_automatic_assignment_explains_what_cannot_be_done(review: Review) -> None:
    proposal = review.proposals[1]
    for reviewer in review.cn:
        review_conflicts.declare_conflict(reviewer, proposal.lead_organization, "x", actor=reviewer)
    # Chairs with the reviewer role are in the pool too: take the Chinese chair out of it.
    review_conflicts.declare_conflict(
        review.chair_cn, proposal.lead_organization, "x", actor=review.chair_cn
    )
    with pytest.raises(ServiceError) as caught:
        review_assignment.assign_automatically(review.solicitation, actor=review.chair_us)
    assert f"{proposal.reference} has no Chinese reviewer free of conflicts" in caught.value.message
    assert db.session.scalar(select(ReviewAssignment)) is None


def test_a_submitted_review_cannot_be_unassigned(review: Review) -> None:
    assignment = make_assignment(review.proposals[0], review.us[0], scores=[3] * 5, submitted=True)
    with pytest.raises(ServiceError, match="submitted"):
        review_assignment.remove_assignment(assignment, actor=review.chair_us)
    other = make_assignment(review.proposals[0], review.cn[0])
    make_assignment(review.proposals[0], review.cn[1])  # the Chinese side keeps a reviewer
    review_assignment.remove_assignment(other, actor=review.chair_us)
    assert db.session.get(ReviewAssignment, other.id) is None


# --- reviewing, blindness, recusal ---------------------------------------------------------------


def test_a_reviewer_saves_a_draft_then_submits(review: Review) -> None:
    proposal = review.proposals[0]
    assignment = make_assignment(proposal, review.us[0])
    first = proposal.solicitation.criteria[0]
    review_reviewing.save_review(
        assignment,
        {f"score_{first.id}": "5", "comments_to_applicant": "Half done."},
        submit=False,
        actor=review.us[0],
    )
    assert assignment.state == AssignmentState.ASSIGNED
    assert [s.score for s in assignment.scores] == [5]
    with pytest.raises(ServiceError, match="Score every criterion"):
        review_reviewing.save_review(
            assignment, {"comments_to_applicant": "x"}, submit=True, actor=review.us[0]
        )
    with pytest.raises(ServiceError, match="from 1 to 5"):
        review_reviewing.save_review(
            assignment, {f"score_{first.id}": "9"}, submit=False, actor=review.us[0]
        )
    data = {
        **full_scores(proposal),
        "comments_to_applicant": "Clear plan.",
        "comments_to_secretariat": "Strong team.",
        "recommendation": "select",
    }
    review_reviewing.save_review(assignment, data, submit=True, actor=review.us[0])
    assert assignment.state == AssignmentState.SUBMITTED and assignment.submitted_at
    assert queries.review_weighted_mean(assignment) == pytest.approx(4.0)
    with pytest.raises(ServiceError, match="submitted"):
        review_reviewing.save_review(assignment, data, submit=False, actor=review.us[0])


def test_only_the_assigned_reviewer_writes_and_only_during_the_review(review: Review) -> None:
    assignment = make_assignment(review.proposals[0], review.us[0])
    with pytest.raises(ServiceError, match="Only the assigned reviewer"):
        review_reviewing.save_review(assignment, {}, submit=False, actor=review.chair_us)
    review.solicitation.status = SolicitationStatus.DECISIONS_PUBLISHED
    with pytest.raises(ServiceError, match="published"):
        review_reviewing.save_review(assignment, {}, submit=False, actor=review.us[0])


def test_other_reviews_are_hidden_until_one_submits_ones_own(review: Review) -> None:
    proposal = review.proposals[0]
    mine = make_assignment(proposal, review.us[0])
    make_assignment(proposal, review.cn[0], scores=[2] * 5, submitted=True)
    assert not policy.may_see_reviews(review.us[0], proposal)
    assert not policy.may_see_reviews(review.us[1], proposal)  # not assigned at all
    review_reviewing.save_review(
        mine,
        {**full_scores(proposal), "comments_to_applicant": "x", "recommendation": "discuss"},
        submit=True,
        actor=review.us[0],
    )
    assert policy.may_see_reviews(review.us[0], proposal)
    assert policy.may_see_reviews(review.chair_cn, proposal)


def test_a_conflicted_chair_sees_no_reviews_of_the_proposal(review: Review) -> None:
    proposal = review.proposals[0]
    review_conflicts.declare_conflict(
        review.chair_us, proposal.lead_organization, "x", actor=review.chair_us
    )
    assert not policy.may_see_reviews(review.chair_us, proposal)
    assert policy.may_see_reviews(review.chair_us, review.proposals[1])


def test_recusal(review: Review) -> None:
    proposal = review.proposals[0]
    assignment = make_assignment(proposal, review.us[0])
    with pytest.raises(ServiceError, match="reason"):
        review_conflicts.recuse(assignment, "", actor=review.us[0])
    review_conflicts.recuse(assignment, "My sister works there.", actor=review.us[0])
    assert assignment.state == AssignmentState.RECUSED
    assert not policy.may_review(review.us[0], assignment)
    assert policy.is_conflicted(review.us[0], proposal)
    # A recused reviewer is not assigned again, by hand or automatically.
    with pytest.raises(ServiceError):
        review_assignment.assign_reviewer(proposal, review.us[0], actor=review.chair_us)
    review_assignment.assign_automatically(review.solicitation, actor=review.chair_us)
    live = [
        a.reviewer_id
        for a in queries.assignments_for(review.solicitation)[proposal.id]
        if a.state != AssignmentState.RECUSED
    ]
    assert review.us[0].id not in live and len(live) == 2


# --- discussion --------------------------------------------------------------------------------


def test_discussion_is_for_chairs_and_reviewers_who_submitted(review: Review) -> None:
    proposal = review.proposals[0]
    pending = make_assignment(proposal, review.us[0])
    make_assignment(proposal, review.cn[0], scores=[3] * 5, submitted=True)
    with pytest.raises(ServiceError, match="cannot take part"):
        review_reviewing.post_comment(proposal, "Early thoughts", actor=review.us[0])
    review_reviewing.post_comment(proposal, "Budget realistic?", actor=review.cn[0])
    review_reviewing.post_comment(proposal, "Yes, per the letters.", actor=review.chair_us)
    assert [c.body for c in queries.comments_on(proposal)] == [
        "Budget realistic?",
        "Yes, per the letters.",
    ]
    with pytest.raises(ServiceError, match="Write a comment"):
        review_reviewing.post_comment(proposal, "   ", actor=review.chair_us)
    assert pending.state == AssignmentState.ASSIGNED


# --- the two-key rule ----------------------------------------------------------------------------


def test_a_decision_needs_a_chair_of_the_other_side(review: Review) -> None:
    proposal = review.proposals[0]
    decision = decisions.propose_decision(
        proposal, "selected", "Top of the ranking.", actor=review.chair_us
    )
    assert decision.state == DecisionState.PROPOSED
    with pytest.raises(ServiceError, match="your own"):
        decisions.approve_decision(decision, actor=review.chair_us)
    other_us_chair = make_chair(Side.US)
    with pytest.raises(ServiceError, match="other side"):
        decisions.approve_decision(decision, actor=other_us_chair)
    with pytest.raises(ServiceError, match="already proposed"):
        decisions.propose_decision(proposal, "declined", "No.", actor=review.chair_cn)
    decisions.approve_decision(decision, actor=review.chair_cn)
    assert decision.state == DecisionState.APPROVED
    assert decision.approved_by_id == review.chair_cn.id
    assert [e.details["side"] for e in events("decision.approved")] == ["CN"]


def test_no_role_bypasses_the_two_keys(review: Review) -> None:
    proposal = review.proposals[0]
    admin = make_user(Role.ADMIN)
    with pytest.raises(ServiceError, match="co-chair"):
        decisions.propose_decision(proposal, "selected", "Because.", actor=admin)
    decision = decisions.propose_decision(proposal, "selected", "Because.", actor=review.chair_us)
    with pytest.raises(ServiceError, match="co-chair"):
        decisions.approve_decision(decision, actor=admin)
    admin_chair = make_chair(Side.US)
    admin_chair.roles.append(type(admin_chair.roles[0])(role=Role.ADMIN))
    with pytest.raises(ServiceError, match="other side"):
        decisions.approve_decision(decision, actor=admin_chair)
    with pytest.raises(ServiceError, match="co-chair"):
        review_publication.publish_decisions(review.solicitation, actor=admin)


def test_the_database_refuses_approving_ones_own_decision(review: Review) -> None:
    decision = make_decision(review.proposals[0], review.chair_us)
    decision.state = DecisionState.APPROVED
    decision.approved_by_id = review.chair_us.id
    decision.approved_at = decision.proposed_at
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.flush()


def test_withdrawing_either_key(review: Review) -> None:
    proposal = review.proposals[0]
    decision = decisions.propose_decision(proposal, "declined", "Weak.", actor=review.chair_cn)
    decisions.approve_decision(decision, actor=review.chair_us)
    with pytest.raises(ServiceError, match="Only the chairs"):
        decisions.withdraw_decision(decision, actor=make_chair(Side.US))
    decisions.withdraw_decision(decision, actor=review.chair_us)  # the approval goes
    assert decision.state == DecisionState.PROPOSED and decision.approved_by_id is None
    decisions.withdraw_decision(decision, actor=review.chair_cn)  # the proposal goes
    assert decision.state == DecisionState.WITHDRAWN
    again = decisions.propose_decision(
        proposal, "selected", "On reflection.", actor=review.chair_us
    )
    assert queries.live_decision(proposal) == again
    assert len(queries.decision_history(proposal)) == 2


def test_an_ineligible_proposal_gets_no_decision(review: Review) -> None:
    proposal = review.proposals[0]
    review_screening.screen_proposal(
        proposal, eligible=False, reason="Late.", actor=review.chair_us
    )
    with pytest.raises(ServiceError, match="eligible"):
        decisions.propose_decision(proposal, "selected", "x", actor=review.chair_us)


def test_the_target_is_counted(review: Review) -> None:
    make_decision(review.proposals[0], review.chair_us, approver=review.chair_cn)
    make_decision(review.proposals[1], review.chair_cn)
    summary = queries.selection_summary(review.solicitation)
    assert (summary.target, summary.selected_approved, summary.selected_proposed) == (1, 1, 1)
    assert summary.undecided == 2


# --- publication ---------------------------------------------------------------------------------


def decide_everything(review: Review) -> tuple[Proposal, Proposal, Proposal]:
    selected, declined, ineligible = review.proposals
    for proposal, score in ((selected, 5), (declined, 2)):
        make_assignment(
            proposal,
            review.us[0],
            scores=[score] * 5,
            submitted=True,
            comments_to_applicant=f"Applicant note on {proposal.reference}.",
            comments_to_secretariat="CONFIDENTIAL remark.",
        )
        make_assignment(proposal, review.cn[0], scores=[score] * 5, submitted=True)
    make_decision(selected, review.chair_us, approver=review.chair_cn)
    make_decision(
        declined, review.chair_cn, outcome=DecisionOutcome.DECLINED, approver=review.chair_us
    )
    review_screening.screen_proposal(
        ineligible,
        eligible=False,
        reason="The Chinese partner is a national ministry.",
        actor=review.chair_us,
    )
    review_screening.confirm_ineligibility(ineligible, actor=review.chair_cn)
    return selected, declined, ineligible


def test_publication_needs_every_eligible_proposal_decided(review: Review) -> None:
    make_decision(review.proposals[0], review.chair_us, approver=review.chair_cn)
    make_decision(review.proposals[1], review.chair_us)
    blockers = review_publication.publication_blockers(review.solicitation)
    assert any("awaits the approval" in b for b in blockers)
    assert any(f"{review.proposals[2].reference} has no decision" in b for b in blockers)
    with pytest.raises(ServiceError, match="cannot be published yet"):
        review_publication.publish_decisions(review.solicitation, actor=review.chair_us)


def test_publication_rechecks_the_two_keys(review: Review) -> None:
    _selected, declined, _ineligible = decide_everything(review)
    same_side = make_chair(Side.US)
    decision = queries.live_decision(declined)  # approved by the U.S. chair
    decision.proposed_by_id = same_side.id  # both keys now on the U.S. side
    db.session.flush()
    db.session.expire(decision)
    blockers = review_publication.publication_blockers(review.solicitation)
    assert blockers == [
        f"{declined.reference} was not approved by two co-chairs of different sides."
    ]


def test_publication(review: Review) -> None:
    selected, declined, ineligible = decide_everything(review)
    result = review_publication.publish_decisions(review.solicitation, actor=review.chair_us)
    assert (result.selected, result.declined) == (1, 2)
    assert review.solicitation.status == SolicitationStatus.DECISIONS_PUBLISHED
    assert selected.state == ProposalState.SELECTED
    assert declined.state == ProposalState.DECLINED
    assert ineligible.state == ProposalState.DECLINED

    partnership = db.session.scalar(
        select(Partnership).where(Partnership.proposal_id == selected.id)
    )
    assert partnership is not None
    assert {p.organization_id for p in partnership.participants} == {
        p.organization_id for p in selected.participants
    }
    [plan] = partnership.plans
    assert plan.state == "draft" and len(plan.tasks) == len(selected.tasks) == 3
    assert (
        db.session.scalar(select(Partnership).where(Partnership.proposal_id == declined.id)) is None
    )

    letters = {
        (n.to_address, n.body_text, n.subject)
        for n in db.session.scalars(
            select(Notification).where(Notification.kind == "reviews.decision_letter")
        )
    }
    assert result.letters == len(letters) == 6  # two applicants for each of three proposals
    by_address = {address: (body, subject) for address, body, subject in letters}
    body, subject = by_address[owner_of(selected.lead_organization).email]
    assert selected.reference in subject
    english, _, chinese = body.partition("-" * 60)
    assert selected.title_en in english and selected.title_zh in chinese
    assert f"Applicant note on {selected.reference}." in english
    assert f"Applicant note on {selected.reference}." in chinese
    for body, _subject in by_address.values():
        assert "CONFIDENTIAL" not in body
        for reviewer in (review.us[0], review.cn[0]):
            assert reviewer.display_name not in body and reviewer.email not in body
    body, _ = by_address[owner_of(ineligible.lead_organization).email]
    assert "The Chinese partner is a national ministry." in body
    assert events("solicitation.decisions_published")
    with pytest.raises(ServiceError):
        review_publication.publish_decisions(review.solicitation, actor=review.chair_us)


# --- ranking -------------------------------------------------------------------------------------


def test_the_ranking_hides_proposals_a_chair_is_in_conflict_with(review: Review) -> None:
    first, second, _third = review.proposals
    make_assignment(first, review.us[0], scores=[5] * 5, submitted=True)
    make_assignment(first, review.cn[0], scores=[3] * 5, submitted=True)
    make_assignment(second, review.us[0], scores=[2] * 5, submitted=True)
    lines = review_ranking.ranking(
        review.solicitation, viewer=review.chair_us, disagreement_spread=2
    )
    assert [line.proposal.id for line in lines][:2] == [first.id, second.id]
    assert lines[0].row.raw == 4.0 and lines[0].row.disagreement
    review_conflicts.declare_conflict(
        review.chair_cn, first.lead_organization, "x", actor=review.chair_cn
    )
    hidden = review_ranking.ranking(review.solicitation, viewer=review.chair_cn)
    assert first.id not in [line.proposal.id for line in hidden]
    # Hiding a row does not change anyone's numbers.
    assert hidden[0].row == lines[1].row


def test_the_csv_names_no_reviewer_and_runs_no_formula(review: Review) -> None:
    proposal = review.proposals[0]
    proposal.title_en = '=HYPERLINK("http://evil")'
    make_assignment(proposal, review.us[0], scores=[4] * 5, submitted=True)
    text = review_ranking.ranking_csv(
        review_ranking.ranking(review.solicitation, viewer=review.chair_us)
    )
    assert text.startswith("\ufeff")  # the byte-order mark every portal CSV carries
    assert text.removeprefix("\ufeff").splitlines()[0].startswith("rank,reference,title_en")
    assert "'=HYPERLINK" in text
    assert review.us[0].display_name not in text and review.us[0].email not in text
