"""The portal's one permission policy.

Every route declares exactly one rule with `@requires(...)`. A `before_request` hook refuses any
endpoint that declared none (deny by default), so a forgotten decorator is a 403, not a leak, and
the authorization matrix test can walk `app.url_map` and know the rule of every route.

A rule is either a predicate on the user alone (`can_*(user)`) or a predicate on the user and a
record loaded by the route argument it names (`requires(rule, proposal_id=Proposal)`): a missing
record is a 404 before any permission question is asked, and the record is handed to the view.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from flask import Flask, abort, current_app, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select
from werkzeug.routing import IntegerConverter, Map

from app.accounts.models import Role, RoleChange, User
from app.accounts.policy import is_chair, is_reviewer, may_confirm
from app.audit.policy import may_read_audit_log
from app.extensions import db
from app.notices import policy as notice_policy
from app.notices.models import PartnerNotice
from app.notifications.models import Notification
from app.organizations.models import Organization, OrganizationMember
from app.partnerships.models import MilestoneEvidence, Partnership, PartnershipParticipant
from app.proposals.models import (
    SENT_STATES,
    TAKING_PART,
    Attachment,
    Participant,
    ParticipantState,
    Proposal,
    ProposalState,
    WorkplanTask,
)
from app.reviews import policy as review_policy
from app.reviews import queries as review_queries
from app.reviews.models import Decision, ReviewAssignment
from app.solicitations.models import Solicitation, SolicitationStatus
from app.updates.models import ProgressUpdate, UpdateState

if TYPE_CHECKING:  # the exports own the record; only its type is named here
    from app.exports.models import IssuedDocument

F = TypeVar("F", bound=Callable[..., Any])

Predicate = Callable[..., bool]


# --- predicates on the user alone -------------------------------------------------------------


def anyone(user: User | None, record: object = None) -> bool:
    """Public pages and records: everyone, signed in or not."""
    return True


def signed_in(user: User | None) -> bool:
    """Any signed-in user."""
    return user is not None


def can_apply(user: User | None) -> bool:
    """Applicants manage organizations and proposals."""
    return user is not None and user.has_role(Role.APPLICANT)


def can_administer_users(user: User | None) -> bool:
    """Only administrators manage accounts and roles."""
    return user is not None and user.has_role(Role.ADMIN)


# --- predicates on a record -------------------------------------------------------------------


def is_member(user: User, organization: Organization) -> bool:
    """Whether `user` belongs to `organization`."""
    return (
        db.session.scalar(
            select(OrganizationMember.user_id).where(
                OrganizationMember.organization_id == organization.id,
                OrganizationMember.user_id == user.id,
            )
        )
        is not None
    )


def is_owner(user: User, organization: Organization) -> bool:
    """Whether `user` owns `organization` (manages its members)."""
    return bool(
        db.session.scalar(
            select(OrganizationMember.is_owner).where(
                OrganizationMember.organization_id == organization.id,
                OrganizationMember.user_id == user.id,
            )
        )
    )


def can_edit_organization(user: User | None, organization: Organization) -> bool:
    """Members edit their organization's profile."""
    return user is not None and is_member(user, organization)


def can_manage_members(user: User | None, organization: Organization) -> bool:
    """The owner invites and removes members."""
    return user is not None and is_owner(user, organization)


def can_administer_user(user: User | None, target: User) -> bool:
    """Administrators edit any account."""
    return can_administer_users(user)


def can_watch_outbox(user: User | None) -> bool:
    """Administrators see the mail waiting or failed in the outbox."""
    return can_administer_users(user)


def can_retry_mail(user: User | None, notification: Notification) -> bool:
    """Administrators send a waiting or failed message again."""
    return can_watch_outbox(user)


def can_see_appointments(user: User | None) -> bool:
    """Chairs and administrators see the chair appointments waiting for confirmation."""
    return user is not None and (user.has_role(Role.CHAIR) or user.has_role(Role.ADMIN))


def can_confirm_role_change(user: User | None, change: RoleChange) -> bool:
    """A sitting chair of the same side, neither the person concerned nor the requester."""
    return may_confirm(user, change)


def can_settle_role_change(user: User | None, change: RoleChange) -> bool:
    """Who may confirm it refuses it; an administrator (not its subject) cancels it."""
    return can_confirm_role_change(user, change) or (
        can_administer_users(user) and user is not None and user.id != change.user_id
    )


def can_read_audit_log(user: User | None) -> bool:
    """Chairs and administrators read the audit log (app/audit/policy.py)."""
    return may_read_audit_log(user)


# --- proposals ----------------------------------------------------------------------------------


def _member_of_participant(
    user: User, proposal: Proposal, states: frozenset[ParticipantState]
) -> bool:
    return (
        db.session.scalar(
            select(OrganizationMember.user_id)
            .join(Participant, Participant.organization_id == OrganizationMember.organization_id)
            .where(
                Participant.proposal_id == proposal.id,
                Participant.state.in_(states),
                OrganizationMember.user_id == user.id,
            )
            .limit(1)
        )
        is not None
    )


CONFIRMED = frozenset({ParticipantState.CONFIRMED})


def can_view_proposal(user: User | None, proposal: Proposal) -> bool:
    """Members of the participants taking part (invited ones too, to decide; not those that
    declined). Once it is submitted, also the chairs and the reviewers assigned to it (not
    recused, free of conflict): a draft is sent to nobody. The page shows no review or reviewer.
    Its letters and its PDF follow this rule."""
    if user is None:
        return False
    if _member_of_participant(user, proposal, TAKING_PART):
        return True
    if proposal.state not in SENT_STATES:
        return False
    if user.has_role(Role.CHAIR):
        return True
    assignment = review_queries.assignment_of(user, proposal)
    return assignment is not None and review_policy.may_review(user, assignment)


def can_edit_proposal(user: User | None, proposal: Proposal) -> bool:
    """Members of confirmed participants write the draft together (both languages)."""
    return user is not None and _member_of_participant(user, proposal, CONFIRMED)


def can_lead_proposal(user: User | None, proposal: Proposal) -> bool:
    """Members of the lead organization invite partners, submit and withdraw."""
    return user is not None and is_member(user, proposal.lead_organization)


def can_resubmit_proposal(user: User | None, proposal: Proposal) -> bool:
    """Members of the lead organization carry their declined proposal into a later call, which
    the same organization leads (`app.proposals.resubmission` checks the rest: declined, an
    open call, once per call)."""
    return can_lead_proposal(user, proposal)


def can_answer_participation(user: User | None, participant: Participant) -> bool:
    """Members of the invited organization answer its invitation."""
    return user is not None and is_member(user, participant.organization)


def can_edit_task(user: User | None, task: WorkplanTask) -> bool:
    """Workplan tasks follow their proposal."""
    return can_edit_proposal(user, task.proposal)


def can_view_attachment(user: User | None, attachment: Attachment) -> bool:
    """Letters of support follow their proposal."""
    return can_view_proposal(user, attachment.proposal)


def can_edit_attachment(user: User | None, attachment: Attachment) -> bool:
    """Letters of support follow their proposal."""
    return can_edit_proposal(user, attachment.proposal)


def can_remove_participant(user: User | None, participant: Participant) -> bool:
    """The lead manages who takes part."""
    return can_lead_proposal(user, participant.proposal)


# --- solicitations ----------------------------------------------------------------------------


def can_run_solicitations(user: User | None) -> bool:
    """Chairs create solicitations, set their rubric and deadlines, open, close and archive them."""
    return user is not None and user.has_role(Role.CHAIR)


def can_manage_solicitation(user: User | None, solicitation: Solicitation) -> bool:
    """Chairs run every solicitation, whatever its status."""
    return can_run_solicitations(user)


def can_view_solicitation(user: User | None, solicitation: Solicitation) -> bool:
    """Everyone reads a published call; a draft is seen by chairs only.

    The public routes are declared `anyone` and call this themselves, answering 404 rather
    than 403 for a draft, so that an unpublished call does not reveal it exists.
    """
    return solicitation.status != SolicitationStatus.DRAFT or can_run_solicitations(user)


# --- partnerships -----------------------------------------------------------------------------


def is_partnership_member(user: User, partnership: Partnership) -> bool:
    """Whether `user` belongs to an organization taking part in `partnership`."""
    return (
        db.session.scalar(
            select(OrganizationMember.user_id)
            .join(
                PartnershipParticipant,
                PartnershipParticipant.organization_id == OrganizationMember.organization_id,
            )
            .where(
                PartnershipParticipant.partnership_id == partnership.id,
                OrganizationMember.user_id == user.id,
            )
            .limit(1)
        )
        is not None
    )


def can_work_on_partnership(user: User | None, partnership: Partnership) -> bool:
    """Partnership members keep its workspace: plan, milestones, progress updates."""
    return user is not None and is_partnership_member(user, partnership)


def can_manage_partnerships(user: User | None) -> bool:
    """Chairs manage partnerships, approve plans, moderate updates and graduate pilots."""
    return user is not None and user.has_role(Role.CHAIR)


def can_revoke_document(user: User | None, document: IssuedDocument) -> bool:
    """Chairs revoke a file the portal issued (a superseded letter), on the verification page."""
    return is_chair(user)


def can_manage_partnership(user: User | None, partnership: Partnership) -> bool:
    """Chairs manage every partnership, whatever its status."""
    return can_manage_partnerships(user)


# Issue 17: milestone evidence files.


def can_read_milestone_evidence(user: User | None, evidence: MilestoneEvidence) -> bool:
    """A milestone's evidence files are its partnership's members' and the chairs'."""
    partnership = evidence.milestone.partnership
    return can_work_on_partnership(user, partnership) or can_manage_partnership(user, partnership)


def can_remove_milestone_evidence(user: User | None, evidence: MilestoneEvidence) -> bool:
    """The partnership's members keep its milestones' evidence."""
    return can_work_on_partnership(user, evidence.milestone.partnership)


def can_see_update(user: User | None, update: ProgressUpdate) -> bool:
    """A published public update of a partnership in the public record is everyone's (not once
    the partnership is withdrawn); otherwise its partnership's members, and the chairs once it
    has been submitted (drafts stay with their authors' partnership)."""
    if update.is_public:
        return True
    if user is None:
        return False
    if user.has_role(Role.CHAIR) and update.state != UpdateState.DRAFT:
        return True
    return is_partnership_member(user, update.partnership)


# Issue 18: partner-search notices (app/notices/policy.py).


def can_keep_notices(user: User | None, organization: Organization) -> bool:
    """An organization's members write, submit and withdraw its partner-search notices."""
    return notice_policy.may_keep_notices(user, organization)


def can_moderate_notices(user: User | None) -> bool:
    """Chairs moderate partner-search notices."""
    return notice_policy.may_moderate_notices(user)


def can_moderate_notice(user: User | None, notice: PartnerNotice) -> bool:
    """Chairs publish or return a submitted notice."""
    return notice_policy.may_moderate_notices(user)


# --- reviews ------------------------------------------------------------------------------------


def can_review_proposals(user: User | None) -> bool:
    """Reviewers and chairs (a chair may do all a reviewer may) keep a reviewer workspace."""
    return is_reviewer(user)


def can_review(user: User | None, assignment: ReviewAssignment) -> bool:
    """The assigned reviewer, while not recused (nor declined) and free of conflict with the
    proposal."""
    return review_policy.may_review(user, assignment)


def can_chair_review(user: User | None) -> bool:
    """Chairs screen, assign, rank, decide and publish."""
    return is_chair(user)


def can_chair_solicitation_review(user: User | None, solicitation: Solicitation) -> bool:
    """Chairs run the review of every call (rows they are in conflict with stay hidden)."""
    return can_chair_review(user)


def can_see_reviews_of(user: User | None, proposal: Proposal) -> bool:
    """Chairs free of conflict; reviewers who submitted their own review and are free of
    conflict. The same people discuss the proposal."""
    return review_policy.may_see_reviews(user, proposal)


def can_decide_on(user: User | None, proposal: Proposal) -> bool:
    """Chairs free of conflict screen a proposal, assign its reviewers and propose a decision.
    No other role, administrators included, does."""
    return can_chair_review(user) and not review_policy.is_conflicted(user, proposal)  # type: ignore[arg-type]


def can_act_on_decision(user: User | None, decision: Decision) -> bool:
    """Chairs free of conflict approve or withdraw; the service enforces the other-side rule."""
    return can_decide_on(user, decision.proposal)


def can_manage_assignment(user: User | None, assignment: ReviewAssignment) -> bool:
    """Chairs change assignments."""
    return can_chair_review(user)


# --- exports ----------------------------------------------------------------------------------
# Every other PDF record uses the rule of the page it mirrors (see app/exports/views.py).


def can_read_decision(user: User | None, proposal: Proposal) -> bool:
    """Once the outcome is published: members of the proposal's confirmed participants and
    chairs free of conflict read its decision letter, its certificate and the anonymized
    reviews. Nobody reads them before publication."""
    if user is None or proposal.state not in (ProposalState.SELECTED, ProposalState.DECLINED):
        return False
    if _member_of_participant(user, proposal, CONFIRMED):
        return True
    return can_decide_on(user, proposal)


# --- the decorator and the deny-by-default hook -----------------------------------------------


class RecordIdConverter(IntegerConverter):
    """``<int:...>`` in the portal's addresses. Record ids are 32-bit integers: a larger number
    names no record (and the database would refuse to compare it), so it matches no route and
    is a 404 like any other unknown id."""

    def __init__(self, url_map: Map, max: int = 2**31 - 1, **options: Any) -> None:
        super().__init__(url_map, max=max, **options)


def requires(predicate: Predicate, **load: type) -> Callable[[F], F]:
    """Declare the one permission rule of a route.

    Anonymous users refused by a rule are sent to sign in; signed-in users get 403. A keyword
    names the route argument to load and its model — ``requires(can_review,
    assignment_id=ReviewAssignment)``: the record is fetched (404 if absent), checked with
    ``predicate(user, record)`` and passed to the view as ``assignment``. Other ``*_id``
    arguments reach the view as they are, for it to check they belong to the loaded record.
    """
    if len(load) > 1:
        raise TypeError("a rule loads at most one record")
    loaded = next(iter(load.items()), None)

    def decorate(view: F) -> F:
        @wraps(view)
        def guarded(**kwargs: Any) -> Any:
            user = current_user if current_user.is_authenticated else None
            if loaded is not None:
                key, model = loaded
                record = db.session.get(model, kwargs.pop(key))
                if record is None:
                    abort(404)
                allowed = predicate(user, record)
                kwargs[key.removesuffix("_id")] = record
            else:
                allowed = predicate(user)
            if not allowed:
                if user is None:
                    return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
                abort(403)
            return view(**kwargs)

        guarded.permission = predicate  # type: ignore[attr-defined]
        guarded.loads = loaded  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def permission_of(endpoint: str) -> Predicate | None:
    """The rule a route declared, or None."""
    view = current_app.view_functions.get(endpoint)
    return getattr(view, "permission", None)


# Endpoints served by Flask itself, not by a module of ours.
BUILT_IN_PUBLIC_ENDPOINTS = frozenset({"static"})


def init_app(app: Flask) -> None:
    """Refuse every request to an endpoint that declared no rule."""

    @app.before_request
    def deny_undeclared() -> None:
        endpoint = request.endpoint
        if endpoint is None or endpoint in BUILT_IN_PUBLIC_ENDPOINTS:
            return
        if permission_of(endpoint) is None:
            abort(403)
