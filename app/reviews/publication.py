"""Publication of a call's decisions: what still blocks it, and the one step that gives every
proposal its outcome, queues the letters, starts the partnerships and closes the review."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.accounts.models import User
from app.accounts.policy import is_chair
from app.errors import ServiceError
from app.partnerships.lifecycle import create_partnership_from_proposal
from app.proposals.models import ProposalState
from app.proposals.services import record_outcome
from app.reviews.checks import REVIEW_STATUS, require
from app.reviews.letters import queue_decision_letters
from app.reviews.models import (
    DecisionOutcome,
    DecisionState,
)
from app.reviews.policy import ineligibility_holds, two_keys_hold
from app.reviews.queries import live_decisions, proposals_under_review
from app.solicitations.models import Solicitation
from app.solicitations.services import mark_decisions_published


@dataclass(frozen=True)
class PublicationResult:
    """What publication did."""

    selected: int
    declined: int
    letters: int


def publication_blockers(solicitation: Solicitation) -> list[str]:
    """Why decisions cannot be published yet (empty when they can)."""
    blockers = []
    if solicitation.status != REVIEW_STATUS:
        blockers.append(str(_l("Decisions are published once, after the call has closed.")))
        return blockers
    proposals = proposals_under_review(solicitation)
    if not proposals:
        blockers.append(str(_l("The call received no proposals.")))
    decisions = live_decisions(solicitation)
    for proposal in proposals:
        if proposal.state != ProposalState.SUBMITTED:
            continue
        if not proposal.is_eligible:
            if proposal.ineligibility_confirmed_by_id is None:
                blockers.append(
                    str(
                        _l(
                            "%(reference)s was marked ineligible; a chair of the other side "
                            "must confirm it.",
                            reference=proposal.reference,
                        )
                    )
                )
            elif not ineligibility_holds(proposal):
                blockers.append(
                    str(
                        _l(
                            "%(reference)s was not found ineligible by two co-chairs of "
                            "different sides.",
                            reference=proposal.reference,
                        )
                    )
                )
            continue
        decision = decisions.get(proposal.id)
        if decision is None:
            blockers.append(str(_l("%(reference)s has no decision.", reference=proposal.reference)))
        elif decision.state != DecisionState.APPROVED:
            blockers.append(
                str(
                    _l(
                        "%(reference)s awaits the approval of a chair of the other side.",
                        reference=proposal.reference,
                    )
                )
            )
        elif not two_keys_hold(decision):
            blockers.append(
                str(
                    _l(
                        "%(reference)s was not approved by two co-chairs of different sides.",
                        reference=proposal.reference,
                    )
                )
            )
    return blockers


def publish_decisions(solicitation: Solicitation, *, actor: User) -> PublicationResult:
    """Once every eligible proposal has an approved two-key decision: proposals become selected
    or declined (ineligible ones declined, with the screening reason), every applicant receives
    a bilingual decision letter, each selected proposal becomes an EcoPartnership with a draft
    implementation plan, and the call's decisions are published."""
    require(is_chair(actor) and actor.side is not None, _l("Only a co-chair publishes decisions."))
    blockers = publication_blockers(solicitation)
    if blockers:
        raise ServiceError(" ".join([str(_l("Decisions cannot be published yet:")), *blockers]))
    decisions = live_decisions(solicitation)
    selected = declined = letters = 0
    for proposal in proposals_under_review(solicitation):
        if proposal.state != ProposalState.SUBMITTED:
            continue
        if proposal.is_eligible:
            decision = decisions[proposal.id]
            outcome, reason = decision.outcome, ""
        else:
            decision, outcome, reason = (
                None,
                DecisionOutcome.DECLINED,
                proposal.ineligibility_reason,
            )
        record_outcome(
            proposal,
            selected=outcome == DecisionOutcome.SELECTED,
            actor=actor,
            outcome=outcome,
            eligible=proposal.is_eligible,
            decision=decision.id if decision is not None else None,
        )
        letters += queue_decision_letters(proposal, outcome, reason)
        if outcome == DecisionOutcome.SELECTED:
            create_partnership_from_proposal(proposal, actor=actor)
            selected += 1
        else:
            declined += 1
    mark_decisions_published(
        solicitation, actor=actor, selected=selected, declined=declined, letters=letters
    )
    return PublicationResult(selected, declined, letters)
