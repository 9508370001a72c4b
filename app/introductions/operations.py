"""Introduction operations, in the program's words: a member requests an introduction, the
counterpart accepts or declines it (or reports it as abuse), the requester withdraws it, a chair
or an administrator settles a report, and an accepted introduction starts a proposal.

Each operation checks the rules, moves the state with `transition()`, writes one audit event,
queues the mail it implies and flushes; the view commits (`app.unit_of_work`). A refusal is a
`ServiceError` naming the form field it belongs next to.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app import clock
from app.accounts.models import User
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.introductions import queries
from app.introductions.models import (
    MESSAGE_MAX,
    REASON_MAX,
    Introduction,
    IntroductionBlock,
    IntroductionState,
    ReportOutcome,
)
from app.notifications.services import queue_mail
from app.organizations.models import Organization
from app.proposals.invitations import invite_organization
from app.proposals.models import Proposal
from app.proposals.services import start_proposal
from app.solicitations.queries import accepting_solicitation
from app.states import transition


def _clean_message(message: str | None) -> str:
    text = (message or "").replace("\r\n", "\n").strip()
    if not text:
        raise ServiceError(
            _l("Write a short message: who you are and what you would like to work on."),
            field="message",
        )
    if len(text) > MESSAGE_MAX:
        raise ServiceError(
            _l(
                "A message has at most %(most)d characters; this one has %(count)d.",
                most=MESSAGE_MAX,
                count=len(text),
            ),
            field="message",
        )
    return text


def _members(organization: Organization) -> list[User]:
    return [m.user for m in organization.memberships if m.user.is_active]


def request_introduction(
    sender: Organization, recipient: Organization, message: str | None, *, actor: User
) -> Introduction:
    """`actor`, for `sender`, asks `recipient` (an organization of the other country) to get in
    touch. Its members are told by mail, in each reader's language; nobody's address is shown
    to anyone until they accept."""
    if sender.id not in queries.member_organization_ids(actor):
        raise ServiceError(_l("Choose one of your own organizations."), field="organization_id")
    if recipient.id == sender.id or recipient.id in queries.member_organization_ids(actor):
        raise ServiceError(
            _l("This is your own organization: an introduction goes to another organization."),
            field="organization_id",
        )
    if recipient.country == sender.country:
        raise ServiceError(
            _l(
                "%(organization)s is in the same country as %(own)s: an introduction goes to "
                "an organization of the other country.",
                organization=recipient.name_en,
                own=sender.name_en,
            ),
            field="organization_id",
        )
    if queries.is_blocked(actor):
        raise ServiceError(
            _l(
                "You can no longer send introduction requests: the Joint Secretariat blocked "
                "them after a report. Write to the Secretariat if you think this is a mistake."
            ),
            field="message",
        )
    if queries.pending_between(sender, recipient) is not None:
        raise ServiceError(
            _l(
                "A request between %(own)s and %(organization)s is already waiting for an "
                "answer. You can send another once it is answered or withdrawn.",
                own=sender.name_en,
                organization=recipient.name_en,
            ),
            field="organization_id",
        )
    text = _clean_message(message)
    if queries.sent_today(actor) >= queries.DAILY_LIMIT:
        raise ServiceError(
            _l(
                "You have sent %(most)d introduction requests in the last 24 hours, the most "
                "the portal accepts. Your message is kept here: send it tomorrow.",
                most=queries.DAILY_LIMIT,
            ),
            field="message",
        )
    introduction = Introduction(
        from_organization=sender,
        to_organization=recipient,
        requested_by=actor,
        message=text,
        state=IntroductionState.PENDING,
    )
    db.session.add(introduction)
    db.session.flush()
    for member in _members(recipient):
        queue_mail(
            "introductions.requested",
            to=member,
            introduction=introduction,
            sender=sender,
            organization=recipient,
            requester=actor,
        )
    record_event(
        "introduction.requested",
        introduction,
        actor=actor,
        organization=sender.name_en,
        counterpart=recipient.name_en,
    )
    return introduction


def _refuse_answer(current: IntroductionState) -> object:
    return _l("This request was already answered: it is %(state)s.", state=current.label.lower())


def _answer(introduction: Introduction, target: IntroductionState, *, actor: User) -> None:
    if introduction.to_organization_id not in queries.member_organization_ids(actor):
        raise ServiceError(_l("Only a member of the organization asked can answer."))
    transition(introduction, target, refusal=_refuse_answer)
    introduction.answered_at = clock.now()
    introduction.answered_by_id = actor.id


def _tell_the_requesters(introduction: Introduction) -> None:
    for member in _members(introduction.from_organization):
        queue_mail(
            "introductions.answered",
            to=member,
            introduction=introduction,
            sender=introduction.from_organization,
            organization=introduction.to_organization,
            accepted=introduction.state == IntroductionState.ACCEPTED,
        )


def accept_introduction(introduction: Introduction, *, actor: User) -> None:
    """The counterpart accepts: from now on both sides see each other's addresses."""
    _answer(introduction, IntroductionState.ACCEPTED, actor=actor)
    db.session.flush()
    _tell_the_requesters(introduction)
    record_event(
        "introduction.accepted",
        introduction,
        actor=actor,
        organization=introduction.to_organization.name_en,
    )


def decline_introduction(introduction: Introduction, *, actor: User) -> None:
    """The counterpart declines; the requesters are told, no address is shown."""
    _answer(introduction, IntroductionState.DECLINED, actor=actor)
    db.session.flush()
    _tell_the_requesters(introduction)
    record_event(
        "introduction.declined",
        introduction,
        actor=actor,
        organization=introduction.to_organization.name_en,
    )


def withdraw_introduction(introduction: Introduction, *, actor: User) -> None:
    """The requesting side takes back a request still waiting for an answer."""
    if introduction.from_organization_id not in queries.member_organization_ids(actor):
        raise ServiceError(_l("Only a member of the organization that asked can withdraw."))
    transition(
        introduction,
        IntroductionState.WITHDRAWN,
        refusal=lambda current: _l(
            "Only a request waiting for an answer can be withdrawn; this one is %(state)s.",
            state=current.label.lower(),
        ),
    )
    introduction.answered_at = clock.now()
    introduction.answered_by_id = actor.id
    db.session.flush()
    record_event(
        "introduction.withdrawn",
        introduction,
        actor=actor,
        organization=introduction.from_organization.name_en,
    )


def report_introduction(introduction: Introduction, reason: str | None, *, actor: User) -> None:
    """The receiving side reports a request as abuse: it goes to the chairs' and
    administrators' queue, and a request still waiting is declined at the same time."""
    if introduction.to_organization_id not in queries.member_organization_ids(actor):
        raise ServiceError(_l("Only a member of the organization asked can report a request."))
    if introduction.is_reported:
        raise ServiceError(_l("This request has already been reported."))
    text = (reason or "").strip()
    if not text:
        raise ServiceError(_l("Say briefly what is wrong with this request."), field="reason")
    if len(text) > REASON_MAX:
        raise ServiceError(
            _l("A reason has at most %(most)d characters.", most=REASON_MAX), field="reason"
        )
    declined = introduction.state == IntroductionState.PENDING
    if declined:
        _answer(introduction, IntroductionState.DECLINED, actor=actor)
    introduction.reported_at = clock.now()
    introduction.reported_by_id = actor.id
    introduction.report_reason = text
    db.session.flush()
    record_event(
        "introduction.reported",
        introduction,
        actor=actor,
        organization=introduction.from_organization.name_en,
        declined=declined,
    )


def _open_report(introduction: Introduction) -> None:
    if not introduction.report_is_open:
        raise ServiceError(_l("This report has already been settled, or there is none."))


def dismiss_report(introduction: Introduction, *, actor: User) -> None:
    """A chair or an administrator finds nothing wrong: the report leaves the queue."""
    _open_report(introduction)
    introduction.report_outcome = ReportOutcome.DISMISSED
    introduction.report_settled_at = clock.now()
    introduction.report_settled_by_id = actor.id
    db.session.flush()
    record_event("introduction.report_dismissed", introduction, actor=actor)


def block_sender(introduction: Introduction, *, actor: User) -> None:
    """A chair or an administrator upholds the report: its sender sends no further request
    (their requests still waiting are withdrawn)."""
    _open_report(introduction)
    sender = introduction.requested_by
    if sender is None:
        raise ServiceError(_l("The sender's account no longer exists."))
    introduction.report_outcome = ReportOutcome.SENDER_BLOCKED
    introduction.report_settled_at = clock.now()
    introduction.report_settled_by_id = actor.id
    if not queries.is_blocked(sender):
        db.session.add(
            IntroductionBlock(
                user_id=sender.id,
                blocked_at=clock.now(),
                blocked_by_id=actor.id,
                introduction_id=introduction.id,
            )
        )
    for waiting in db.session.scalars(
        select(Introduction).where(
            Introduction.requested_by_id == sender.id,
            Introduction.state == IntroductionState.PENDING,
        )
    ):
        transition(waiting, IntroductionState.WITHDRAWN)
        waiting.answered_at = clock.now()
        waiting.answered_by_id = actor.id
    db.session.flush()
    record_event("introduction.sender_blocked", introduction, actor=actor, user=sender.id)


def start_proposal_from(introduction: Introduction, *, actor: User) -> Proposal:
    """Start a proposal with …: a draft for the open call, led by the actor's side of the
    accepted introduction, with the other side invited as a partner, in one step."""
    if introduction.state != IntroductionState.ACCEPTED:
        raise ServiceError(_l("A proposal can be started once the introduction is accepted."))
    mine = queries.member_organization_ids(actor)
    if introduction.from_organization_id in mine:
        lead, partner = introduction.from_organization, introduction.to_organization
    elif introduction.to_organization_id in mine:
        lead, partner = introduction.to_organization, introduction.from_organization
    else:
        raise ServiceError(_l("Only the members of the two organizations can start a proposal."))
    if introduction.proposal_id is not None:
        raise ServiceError(_l("A proposal has already been started from this introduction."))
    solicitation = accepting_solicitation()
    if solicitation is None:
        raise ServiceError(
            _l(
                "No call for proposals is open now, so no proposal can be started. The "
                "introduction stays here: start one when the next call opens."
            )
        )
    proposal = start_proposal(solicitation, lead, actor=actor)
    invite_organization(proposal, partner, actor=actor)
    introduction.proposal_id = proposal.id
    db.session.flush()
    record_event(
        "introduction.proposal_started",
        introduction,
        actor=actor,
        organization=lead.name_en,
        counterpart=partner.name_en,
        proposal=proposal.id,
    )
    return proposal
