"""The dashboard's "what to do next" cards: one per thing a signed-in user has to act on, each
saying what, by when, and with one button to do it.

- a draft proposal the user's organization writes (confirmed participant), while its call takes
  proposals: by the call's deadline;
- a review assigned to the user, while the review is on: by its due date;
- an active partnership of the user's organization with something of the partners' to do (the
  Implementation Plan to draft or revise, a milestone due within 14 days or overdue, a public
  update due within 14 days or overdue): its soonest item, by its date;
- an open call the user's organization has no draft for: start one;
- a partner-search notice of the user's organization the chairs returned: revise it (issue 18).
- an introduction request to the user's organization waiting for an answer: answer it.

Everything is read in a fixed number of queries, however many proposals, reviews and
partnerships the user has (tests/public/test_next_tasks.py counts them). The wording is here
too, so the template only lays the cards out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app import clock
from app.accounts.models import User
from app.extensions import db
from app.i18n import localized
from app.introductions import queries as introduction_queries
from app.notices.models import NoticeState, PartnerNotice
from app.organizations.models import OrganizationMember
from app.partnerships import queries as partnership_queries
from app.partnerships.models import Partnership
from app.partnerships.schedule import UPDATE_REMINDER_DAYS
from app.proposals.models import (
    TAKING_PART,
    Participant,
    ParticipantRole,
    ParticipantState,
    Proposal,
    ProposalState,
)
from app.reviews.checks import REVIEW_STATUS
from app.reviews.models import AssignmentState, ReviewAssignment
from app.solicitations import queries as solicitation_queries
from app.solicitations.models import Solicitation

# What the partners do themselves (the approval and the graduation are the Secretariat's).
PARTNER_KINDS = ("plan_draft", "plan_returned", "milestone", "update")


@dataclass(frozen=True)
class NextTask:
    """One card: what to do, by when (a moment shown in the reader's zone, or a day), and the
    one button that does it."""

    # start | draft | review | plan_draft | plan_returned | milestone | update | notice |
    # introduction
    kind: str
    heading: str
    what: str
    action: str
    url: str
    due_at: datetime | None = None
    due_on: date | None = None
    is_overdue: bool = False
    also_due: int = 0  # further items of the same partnership


def next_tasks(user: User, agendas: partnership_queries.Agendas) -> list[NextTask]:
    """The user's cards, most urgent first (overdue ones, then by date); `agendas` are the
    user's partnerships with their agendas (`partnership_queries.agendas_of`), which the
    dashboard also lists."""
    tasks = [
        *_draft_tasks(user),
        *_review_tasks(user),
        *_partnership_tasks(agendas),
        *_notice_tasks(user),
        *_introduction_tasks(user),
    ]
    start = _start_task(user)
    if start is not None:
        tasks.append(start)
    return sorted(tasks, key=_urgency)


def _urgency(task: NextTask) -> tuple[bool, datetime | date]:
    when: datetime | date = task.due_at or task.due_on or date.max
    # A day and a moment sort together: a day counts from its start.
    if isinstance(when, datetime):
        when = when.date()
    return (not task.is_overdue, when)


def _locale() -> str:
    return str(get_locale() or "en")


def _draft_tasks(user: User) -> list[NextTask]:
    """Drafts of the user's organizations (as confirmed participants: those who write them)
    whose call still takes proposals; the lead's members are told they submit it."""
    rows = db.session.execute(
        select(Proposal, Participant.role)
        .join(Participant, Participant.proposal_id == Proposal.id)
        .join(
            OrganizationMember,
            OrganizationMember.organization_id == Participant.organization_id,
        )
        .where(
            OrganizationMember.user_id == user.id,
            Participant.state == ParticipantState.CONFIRMED,
            Proposal.state == ProposalState.DRAFT,
        )
        .options(joinedload(Proposal.solicitation), joinedload(Proposal.lead_organization))
        .order_by(Proposal.id)
    ).all()
    leads: dict[int, bool] = {}
    proposals: dict[int, Proposal] = {}
    for proposal, role in rows:
        proposals[proposal.id] = proposal
        leads[proposal.id] = leads.get(proposal.id, False) or role == ParticipantRole.LEAD
    locale = _locale()
    tasks = []
    for proposal in proposals.values():
        if not solicitation_queries.is_accepting_proposals(proposal.solicitation):
            continue  # a draft of a closed call can no longer be sent
        title = localized(proposal, "title", locale) or _("Untitled proposal")
        what = (
            _("Finish the proposal and submit it before the deadline.")
            if leads[proposal.id]
            else _(
                "Finish your part of the proposal; %(lead)s submits it.",
                lead=localized(proposal.lead_organization, "name", locale),
            )
        )
        tasks.append(
            NextTask(
                kind="draft",
                heading=title,
                what=what,
                action=_("Continue the proposal"),
                url=url_for("proposals.detail", proposal_id=proposal.id),
                due_at=proposal.solicitation.closes_at,
            )
        )
    return tasks


def _review_tasks(user: User) -> list[NextTask]:
    """Reviews assigned to the user and not yet submitted, while the review is on."""
    assignments = db.session.scalars(
        select(ReviewAssignment)
        .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
        .join(Solicitation, Solicitation.id == Proposal.solicitation_id)
        .where(
            ReviewAssignment.reviewer_id == user.id,
            ReviewAssignment.state == AssignmentState.ASSIGNED,
            Solicitation.status == REVIEW_STATUS,
        )
        .options(
            joinedload(ReviewAssignment.proposal).joinedload(Proposal.solicitation),
            selectinload(ReviewAssignment.scores),
        )
        .order_by(ReviewAssignment.id)
    ).all()
    moment = clock.now()
    locale = _locale()
    return [
        NextTask(
            kind="review",
            heading=_("Review %(reference)s", reference=assignment.proposal.reference),
            what=localized(assignment.proposal, "title", locale),
            action=_("Continue the review") if assignment.scores else _("Start the review"),
            url=url_for("reviews.review", assignment_id=assignment.id),
            due_at=assignment.effective_due_at,
            is_overdue=assignment.is_overdue(moment),
        )
        for assignment in assignments
    ]


def _partnership_tasks(agendas: partnership_queries.Agendas) -> list[NextTask]:
    """One card per active partnership of the user's organizations with something of the
    partners' to do: its soonest item."""
    on = clock.today()
    locale = _locale()
    tasks = []
    for partnership, agenda in agendas:
        items = [item for item in agenda if item.kind in PARTNER_KINDS and _is_near(item, on)]
        if not items:
            continue
        first = items[0]
        what, action, url = _partnership_step(partnership, first, locale)
        tasks.append(
            NextTask(
                kind=first.kind,
                heading=localized(partnership, "name", locale),
                what=what,
                action=action,
                url=url,
                due_on=first.due_on,
                is_overdue=first.is_overdue,
                also_due=len(items) - 1,
            )
        )
    return tasks


def _is_near(item: partnership_queries.AgendaItem, on: date) -> bool:
    """A public update is always on the agenda; it is a next task from 14 days before it is
    due (when the reminder goes out)."""
    if item.kind != "update" or item.due_on is None:
        return True
    return (item.due_on - on).days <= UPDATE_REMINDER_DAYS


def _partnership_step(
    partnership: Partnership, item: partnership_queries.AgendaItem, locale: str
) -> tuple[str, str, str]:
    """What the item asks, its button and where the button leads."""
    if item.kind == "plan_draft":
        return (
            _("Draft the Implementation Plan and submit it to the Joint Secretariat."),
            _("Work on the plan"),
            url_for("partnerships.plan", partnership_id=partnership.id),
        )
    if item.kind == "plan_returned":
        return (
            _("The Joint Secretariat returned the Implementation Plan with comments: revise it."),
            _("Revise the plan"),
            url_for("partnerships.plan", partnership_id=partnership.id),
        )
    if item.kind == "milestone" and item.milestone is not None:
        milestone = item.milestone
        return (
            _(
                "Report on milestone %(n)s: %(title)s.",
                n=f"{milestone.pilot_year}.{milestone.number}",
                title=localized(milestone, "title", locale),
            ),
            _("Update the milestone"),
            url_for(
                "partnerships.milestone", partnership_id=partnership.id, milestone_id=milestone.id
            ),
        )
    return (
        _("Share a public progress update (one is due at least every six months)."),
        _("Write an update"),
        url_for("updates.create", partnership_id=partnership.id),
    )


def _notice_tasks(user: User) -> list[NextTask]:
    """Partner-search notices of the user's organizations that the chairs returned, by when
    they would have ended: one query."""
    notices = db.session.scalars(
        select(PartnerNotice)
        .join(
            OrganizationMember,
            OrganizationMember.organization_id == PartnerNotice.organization_id,
        )
        .where(OrganizationMember.user_id == user.id, PartnerNotice.state == NoticeState.RETURNED)
        .options(joinedload(PartnerNotice.organization))
        .order_by(PartnerNotice.ends_on, PartnerNotice.id)
    ).all()
    locale = _locale()
    return [
        NextTask(
            kind="notice",
            heading=localized(notice.organization, "name", locale),
            what=_("The Joint Secretariat returned your partner-search notice: revise it."),
            action=_("Revise the notice"),
            url=url_for(
                "notices.edit", organization_id=notice.organization_id, notice_id=notice.id
            ),
        )
        for notice in notices
    ]


def _introduction_tasks(user: User) -> list[NextTask]:
    """Introduction requests to the user's organizations waiting for an answer (one query)."""
    locale = _locale()
    return [
        NextTask(
            kind="introduction",
            heading=localized(introduction.from_organization, "name", locale),
            what=_(
                "%(sender)s asks %(organization)s for an introduction: accept or decline.",
                sender=localized(introduction.from_organization, "name", locale),
                organization=localized(introduction.to_organization, "name", locale),
            ),
            action=_("Answer the request"),
            url=url_for("introductions.show", introduction_id=introduction.id),
        )
        for introduction in introduction_queries.waiting_for(user)
    ]


def _start_task(user: User) -> NextTask | None:
    """An open call, for an applicant with an organization taking part in no proposal of it."""
    solicitation = solicitation_queries.accepting_solicitation()
    if (
        solicitation_queries.apply_step(user, solicitation) != solicitation_queries.ApplyStep.START
        or solicitation is None
    ):
        return None
    if _takes_part_in(user, solicitation):
        return None
    return NextTask(
        kind="start",
        heading=localized(solicitation, "title", _locale()),
        what=_(
            "The call for proposals is open: your organization leads a proposal with a "
            "partner on the other side."
        ),
        action=str(solicitation_queries.ApplyStep.START.label),
        url=url_for("proposals.start"),
        due_at=solicitation.closes_at,
    )


def _takes_part_in(user: User, solicitation: Solicitation) -> bool:
    """Whether an organization of `user` takes part in a proposal of `solicitation`."""
    return (
        db.session.scalar(
            select(Proposal.id)
            .join(Participant, Participant.proposal_id == Proposal.id)
            .join(
                OrganizationMember,
                OrganizationMember.organization_id == Participant.organization_id,
            )
            .where(
                Proposal.solicitation_id == solicitation.id,
                OrganizationMember.user_id == user.id,
                Participant.state.in_(TAKING_PART),
            )
            .limit(1)
        )
        is not None
    )
