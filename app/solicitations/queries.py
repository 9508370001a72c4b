"""Reads of solicitations shared by the public pages, the chairs' pages (and the open-data API):
which calls a reader may see, in what order, how many proposals each has, and the time left."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from app import clock
from app.extensions import db
from app.proposals.models import Proposal, ProposalState
from app.solicitations.models import Solicitation, SolicitationStatus

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
