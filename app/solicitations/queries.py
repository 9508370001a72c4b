"""Reads of solicitations shared by the public pages, the chairs' pages (and the open-data API):
which calls a reader may see, in what order, how many proposals each has, and the time left."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app import clock, permissions
from app.accounts.models import User
from app.extensions import db
from app.i18n import format_in_zone
from app.organizations.models import OrganizationMember
from app.proposals.models import Proposal, ProposalState
from app.solicitations.models import Solicitation, SolicitationStatus
from app.states import Labelled

PUBLIC_SOLICITATION_STATUSES = (
    SolicitationStatus.OPEN,
    SolicitationStatus.CLOSED,
    SolicitationStatus.DECISIONS_PUBLISHED,
    SolicitationStatus.ARCHIVED,
)


def current_solicitation(*, other_than: Solicitation | None = None) -> Solicitation | None:
    """The open call (there is at most one), whether or not its opening time has come; with
    `other_than`, an open call other than that one (the check before opening another)."""
    statement = select(Solicitation).where(Solicitation.status == SolicitationStatus.OPEN)
    if other_than is not None and other_than.id is not None:
        statement = statement.where(Solicitation.id != other_than.id)
    return db.session.scalar(statement.limit(1))


def accepting_solicitation() -> Solicitation | None:
    """The call accepting proposals now, if any: open, and its opening time come, its
    deadline not yet passed."""
    moment = clock.now()
    return db.session.scalar(
        select(Solicitation).where(
            Solicitation.status == SolicitationStatus.OPEN,
            Solicitation.opens_at <= moment,
            Solicitation.closes_at > moment,
        )
    )


def past_solicitations() -> list[Solicitation]:
    """Calls that no longer accept proposals, newest year first."""
    return list(
        db.session.scalars(
            select(Solicitation)
            .where(Solicitation.status.in_(PUBLIC_SOLICITATION_STATUSES[1:]))
            .order_by(Solicitation.year.desc())
        )
    )


def draft_solicitations() -> list[Solicitation]:
    """Calls still being prepared (for chairs only), newest year first."""
    return list(
        db.session.scalars(
            select(Solicitation)
            .where(Solicitation.status == SolicitationStatus.DRAFT)
            .order_by(Solicitation.year.desc())
        )
    )


def all_solicitations() -> list[Solicitation]:
    """Every call, newest year first (the chairs' list)."""
    return list(db.session.scalars(select(Solicitation).order_by(Solicitation.year.desc())))


def proposal_counts() -> dict[int, Counter[ProposalState]]:
    """Per solicitation id, how many proposals are in each state (one query for all calls)."""
    counts: dict[int, Counter[ProposalState]] = {}
    rows = db.session.execute(
        select(Proposal.solicitation_id, Proposal.state, func.count(Proposal.id)).group_by(
            Proposal.solicitation_id, Proposal.state
        )
    )
    for solicitation_id, state, count in rows:
        counts.setdefault(solicitation_id, Counter())[ProposalState(state)] = count
    return counts


@dataclass(frozen=True)
class TimeLeft:
    """Where a call stands against the clock: ``upcoming`` (until it opens), ``open`` (until
    the deadline) or ``closed``, with the remaining time in whole days, hours and minutes."""

    phase: str
    days: int = 0
    hours: int = 0
    minutes: int = 0


def time_left(solicitation: Solicitation, at: datetime | None = None) -> TimeLeft:
    """The time left before `solicitation` opens or closes, by the server's clock."""
    moment = at or clock.now()
    if is_accepting_proposals(solicitation, moment):
        target, phase = solicitation.closes_at, "open"
    elif (
        solicitation.status in (SolicitationStatus.DRAFT, SolicitationStatus.OPEN)
        and moment < solicitation.opens_at
    ):
        target, phase = solicitation.opens_at, "upcoming"
    else:
        return TimeLeft("closed")
    seconds = int((target - moment).total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    return TimeLeft(phase, days=days, hours=hours, minutes=rest // 60)


def is_accepting_proposals(solicitation: Solicitation, at: datetime | None = None) -> bool:
    """Open, and `at` (default: now, by the server's UTC clock) inside [opens_at, closes_at).

    The deadline is exclusive to the second: a proposal at 11:59:59 is in time, at 12:00:00 late.
    """
    moment = at or clock.now()
    return (
        solicitation.status == SolicitationStatus.OPEN
        and solicitation.opens_at <= moment < solicitation.closes_at
    )


class ApplyStep(Labelled):
    """The first step a call's page and the home page offer a reader towards a proposal; the
    label is the button's."""

    START = "start", _l("Start your proposal")
    SIGN_IN = "sign_in", _l("Sign in or create an account to apply")
    REGISTER_ORGANIZATION = "register_organization", _l("Register your organization to apply")


def apply_step(reader: User | None, solicitation: Solicitation | None) -> ApplyStep | None:
    """What a reader is offered to apply to `solicitation`: nothing unless it accepts proposals
    now; an anonymous reader signs in (or registers) first; an applicant without an
    organization registers one; an applicant with one starts the proposal. Secretariat
    members and administrators, who do not apply, are offered nothing."""
    if solicitation is None or not is_accepting_proposals(solicitation):
        return None
    if reader is None:
        return ApplyStep.SIGN_IN
    if not permissions.can_apply(reader):
        return None
    has_organization = db.session.scalar(
        select(OrganizationMember.organization_id)
        .where(OrganizationMember.user_id == reader.id)
        .limit(1)
    )
    return ApplyStep.START if has_organization is not None else ApplyStep.REGISTER_ORGANIZATION


def displayed_status(solicitation: Solicitation, at: datetime | None = None) -> SolicitationStatus:
    """The status a reader is shown: an open call whose deadline has passed is closed, by the
    clock, before any chair records it (the badge, the pages and the API say the same)."""
    moment = at or clock.now()
    if solicitation.status == SolicitationStatus.OPEN and moment >= solicitation.closes_at:
        return SolicitationStatus.CLOSED
    return solicitation.status


def why_not_accepting(solicitation: Solicitation, at: datetime | None = None) -> str | None:
    """Why the call takes no proposal (no start, change, submission or withdrawal) at `at`,
    in words that name the deadline; None while it accepts them."""
    moment = at or clock.now()
    if is_accepting_proposals(solicitation, moment):
        return None
    if solicitation.closed_early:
        assert solicitation.closed_at is not None  # closed_early says so
        return str(
            _l(
                "Submissions to this call ended early, on %(washington)s (Washington) / "
                "%(beijing)s (Beijing), before the deadline.",
                washington=format_in_zone(solicitation.closed_at, clock.WASHINGTON),
                beijing=format_in_zone(solicitation.closed_at, clock.BEIJING),
            )
        )
    if moment >= solicitation.closes_at or solicitation.status not in (
        SolicitationStatus.DRAFT,
        SolicitationStatus.OPEN,
    ):
        return str(
            _l(
                "The deadline of this call passed on %(washington)s (Washington) / "
                "%(beijing)s (Beijing): proposals can no longer be started, changed, "
                "submitted or withdrawn.",
                washington=format_in_zone(solicitation.closes_at, clock.WASHINGTON),
                beijing=format_in_zone(solicitation.closes_at, clock.BEIJING),
            )
        )
    return str(_l("This call for proposals is not open yet."))
