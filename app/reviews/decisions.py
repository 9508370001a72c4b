"""Two-key selection: a chair proposes to select or decline, a chair of the other side approves,
either withdraws their part before publication. A role alone decides nothing, administrators'
included. Each hand-off is mailed: a proposed decision to every chair of the other side (whose
key it awaits), a withdrawn key to the other chairs; never to a chair in conflict."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from app import clock
from app.accounts.appointments import mail_chairs
from app.accounts.models import Side, User
from app.accounts.policy import is_chair
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.proposals.models import Proposal, ProposalState
from app.reviews.checks import MAX_TEXT, require, require_review_period
from app.reviews.models import (
    Decision,
    DecisionOutcome,
    DecisionState,
)
from app.reviews.policy import chair_before, is_conflicted
from app.reviews.queries import LIVE_DECISION, live_decision
from app.states import transition


def _check_decider(actor: User, proposal: Proposal) -> None:
    # Every role, administrators included, passes through here: a role alone decides nothing.
    require(is_chair(actor) and actor.side is not None, _l("Only a co-chair decides."))
    require(
        not is_conflicted(actor, proposal),
        _l("You have a conflict of interest with this proposal."),
    )


def propose_decision(
    proposal: Proposal, outcome: DecisionOutcome | str, rationale: str, *, actor: User
) -> Decision:
    """A chair proposes to select or decline; nothing takes effect until a chair of the other
    side approves."""
    _check_decider(actor, proposal)
    require_review_period(proposal.solicitation)
    require(
        proposal.state == ProposalState.SUBMITTED and proposal.is_eligible,
        _l("Only eligible submitted proposals receive a decision."),
    )
    try:
        outcome = DecisionOutcome(outcome)
    except ValueError:
        raise ServiceError(_l("Choose selected or declined."), field="outcome") from None
    rationale = (rationale or "").strip()
    require(bool(rationale), _l("Give the rationale for the decision."), "rationale")
    require(len(rationale) <= MAX_TEXT, _l("At most 10,000 characters."), "rationale")
    require(
        live_decision(proposal) is None,
        _l("A decision is already proposed for this proposal; withdraw it first."),
    )
    decision = Decision(
        proposal=proposal,
        outcome=outcome,
        rationale=rationale,
        state=DecisionState.PROPOSED,
        proposed_by_id=actor.id,
        proposed_at=clock.now(),
    )
    try:
        with db.session.begin_nested():  # the unique index decides a race between two chairs
            db.session.add(decision)
            db.session.flush()
    except IntegrityError:
        raise ServiceError(
            _l(
                "Another chair proposed a decision on this proposal at the same moment; "
                "read it below, and withdraw it first if you disagree."
            ),
            status=409,
        ) from None
    record_event(
        "decision.proposed",
        decision,
        actor=actor,
        proposal=proposal.reference,
        outcome=outcome,
        side=actor.side,
    )
    assert actor.side is not None  # `_check_decider`
    mail_chairs(
        "reviews.decision_awaits_key",
        side=Side.CN if actor.side == Side.US else Side.US,
        leave_out=lambda chair: is_conflicted(chair, proposal),
        decision=decision,
        proposal=proposal,
        actor=actor,
    )
    return decision


def approve_decision(decision: Decision, *, actor: User) -> None:
    """The second key: a chair of the other side approves a proposed decision."""
    proposal = decision.proposal
    _check_decider(actor, proposal)
    require_review_period(proposal.solicitation)
    require(decision.state == DecisionState.PROPOSED, _l("Only a proposed decision is approved."))
    require(actor.id != decision.proposed_by_id, _l("You cannot approve your own proposal."))
    require(
        decision.proposed_by.side is not None and actor.side != decision.proposed_by.side,
        _l("A decision needs the approval of a chair of the other side."),
    )
    require(
        chair_before(actor, decision.proposed_at),
        _l(
            "Your chair role was confirmed after this decision was proposed; a chair who "
            "held the role before gives the second key."
        ),
    )
    transition(decision, DecisionState.APPROVED)
    decision.approved_by_id = actor.id
    decision.approved_at = clock.now()
    db.session.flush()
    record_event(
        "decision.approved",
        decision,
        actor=actor,
        proposal=proposal.reference,
        outcome=decision.outcome,
        side=actor.side,
    )


def withdraw_decision(decision: Decision, *, actor: User) -> None:
    """Before publication, the proposing chair withdraws the decision, or the approving chair
    withdraws their approval (the decision is then proposed again)."""
    proposal = decision.proposal
    require_review_period(proposal.solicitation)
    require(decision.state in LIVE_DECISION, _l("This decision has been withdrawn already."))
    if actor.id == decision.proposed_by_id:
        before = transition(decision, DecisionState.WITHDRAWN)
        decision.approved_by_id = None
        decision.approved_at = None
        action = "decision.withdrawn"
    elif decision.state == DecisionState.APPROVED and actor.id == decision.approved_by_id:
        before = transition(decision, DecisionState.PROPOSED)
        decision.approved_by_id = None
        decision.approved_at = None
        action = "decision.approval_withdrawn"
    else:
        raise ServiceError(
            _l("Only the chairs who proposed or approved it can withdraw their part.")
        )
    db.session.flush()
    record_event(action, decision, actor=actor, proposal=proposal.reference, before=before)
    mail_chairs(
        "reviews.decision_key_withdrawn",
        except_for=actor,
        leave_out=lambda chair: is_conflicted(chair, proposal),
        decision=decision,
        proposal=proposal,
        actor=actor,
        approval_only=action == "decision.approval_withdrawn",
    )
