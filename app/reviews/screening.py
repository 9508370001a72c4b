"""Screening after the deadline: a chair marks a proposal eligible or ineligible, and a chair of
the other side confirms an ineligibility (the second key)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app import clock
from app.accounts.appointments import mail_chairs
from app.accounts.models import Side, User
from app.accounts.policy import is_chair
from app.audit.services import record_event
from app.extensions import db
from app.proposals.models import Proposal, ProposalState
from app.reviews.checks import require, require_review_period
from app.reviews.policy import chair_before, is_conflicted
from app.reviews.queries import live_decision


def screen_proposal(proposal: Proposal, *, eligible: bool, reason: str, actor: User) -> None:
    """After the deadline a chair marks a proposal eligible or ineligible (with the reason,
    which the applicant reads in the decision letter). Ineligibility is one key: it stops the
    proposal's review at once, but it is declined at publication only once a chair of the
    other side confirms it (`confirm_ineligibility`). Marking it eligible again takes one."""
    require(is_chair(actor), _l("Only a chair screens proposals."))
    require_review_period(proposal.solicitation)
    require(proposal.state == ProposalState.SUBMITTED, _l("Only submitted proposals are screened."))
    reason = (reason or "").strip()
    if not eligible:
        require(bool(reason), _l("Give the reason; the applicant will read it."), "reason")
        require(len(reason) <= 2000, _l("At most 2,000 characters."), "reason")
        require(
            live_decision(proposal) is None,
            _l("Withdraw the selection decision on this proposal first."),
        )
    before = {"eligible": proposal.is_eligible, "reason": proposal.ineligibility_reason}
    proposal.is_eligible = eligible
    proposal.ineligibility_reason = "" if eligible else reason
    proposal.ineligibility_marked_by_id = None if eligible else actor.id
    proposal.ineligibility_marked_at = None if eligible else clock.now()
    proposal.ineligibility_confirmed_by_id = None
    proposal.ineligibility_confirmed_at = None
    db.session.flush()
    record_event(
        "review.screened",
        proposal,
        actor=actor,
        reference=proposal.reference,
        before=before,
        after={"eligible": eligible, "reason": proposal.ineligibility_reason},
    )
    if not eligible and actor.side is not None:
        other = Side.CN if actor.side == Side.US else Side.US
        mail_chairs(
            "reviews.ineligibility_awaits",
            side=other,
            leave_out=lambda chair: is_conflicted(chair, proposal),
            proposal=proposal,
            actor=actor,
        )


def confirm_ineligibility(proposal: Proposal, *, actor: User) -> None:
    """The second key on ineligibility: a chair of the other side, free of conflict, who was a
    chair when the proposal was marked, confirms it."""
    require(is_chair(actor) and actor.side is not None, _l("Only a co-chair decides."))
    require(
        not is_conflicted(actor, proposal),
        _l("You have a conflict of interest with this proposal."),
    )
    require_review_period(proposal.solicitation)
    require(
        proposal.state == ProposalState.SUBMITTED and not proposal.is_eligible,
        _l("Only a proposal marked ineligible is confirmed ineligible."),
    )
    require(
        proposal.ineligibility_confirmed_by_id is None,
        _l("Its ineligibility is confirmed already."),
    )
    marker = proposal.ineligibility_marked_by
    require(
        marker is not None and actor.id != marker.id and actor.side != marker.side,
        _l("Ineligibility needs the confirmation of a chair of the other side."),
    )
    require(
        chair_before(actor, proposal.ineligibility_marked_at),
        _l(
            "Your chair role was confirmed after this proposal was marked ineligible; a chair "
            "who held the role before confirms it."
        ),
    )
    proposal.ineligibility_confirmed_by_id = actor.id
    proposal.ineligibility_confirmed_at = clock.now()
    db.session.flush()
    record_event(
        "review.ineligibility_confirmed",
        proposal,
        actor=actor,
        reference=proposal.reference,
        side=actor.side,
    )
