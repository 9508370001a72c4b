"""Reads of introductions: one organization's requests, a user's, the chairs' queue, and the
addresses an accepted introduction shows. Each page reads in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app import clock
from app.accounts.models import User
from app.extensions import db
from app.introductions.models import Introduction, IntroductionBlock, IntroductionState
from app.organizations.models import Organization, OrganizationMember

# How many new requests one person may send in a day, and the day.
DAILY_LIMIT = 5
LIMIT_WINDOW = timedelta(days=1)


def member_organization_ids(user: User) -> set[int]:
    """The ids of the organizations `user` belongs to."""
    return set(
        db.session.scalars(
            select(OrganizationMember.organization_id).where(OrganizationMember.user_id == user.id)
        )
    )


def organizations_of(user: User) -> list[Organization]:
    """The organizations `user` belongs to, by English name."""
    return list(
        db.session.scalars(
            select(Organization)
            .join(OrganizationMember, OrganizationMember.organization_id == Organization.id)
            .where(OrganizationMember.user_id == user.id)
            .order_by(Organization.name_en, Organization.id)
        )
    )


def _with_organizations() -> tuple[object, ...]:
    return (
        joinedload(Introduction.from_organization),
        joinedload(Introduction.to_organization),
        joinedload(Introduction.requested_by),
    )


@dataclass(frozen=True)
class IntroductionLists:
    """What /introductions shows: the requests my organizations sent and received."""

    sent: list[Introduction]
    received: list[Introduction]

    @property
    def waiting(self) -> list[Introduction]:
        """Received requests still waiting for an answer."""
        return [i for i in self.received if i.state == IntroductionState.PENDING]


def introductions_of(user: User) -> IntroductionLists:
    """The requests sent and received by the user's organizations, newest first (one query)."""
    mine = select(OrganizationMember.organization_id).where(OrganizationMember.user_id == user.id)
    rows = db.session.scalars(
        select(Introduction)
        .where(
            or_(
                Introduction.from_organization_id.in_(mine),
                Introduction.to_organization_id.in_(mine),
            )
        )
        .options(*_with_organizations())  # type: ignore[arg-type]
        .order_by(Introduction.created_at.desc(), Introduction.id.desc())
    ).all()
    ids = member_organization_ids(user)
    return IntroductionLists(
        sent=[i for i in rows if i.from_organization_id in ids],
        received=[i for i in rows if i.to_organization_id in ids],
    )


def waiting_for(user: User) -> list[Introduction]:
    """Pending requests to the user's organizations, oldest first: the dashboard's cards."""
    mine = select(OrganizationMember.organization_id).where(OrganizationMember.user_id == user.id)
    return list(
        db.session.scalars(
            select(Introduction)
            .where(
                Introduction.to_organization_id.in_(mine),
                Introduction.state == IntroductionState.PENDING,
            )
            .options(*_with_organizations())  # type: ignore[arg-type]
            .order_by(Introduction.created_at, Introduction.id)
        )
    )


def pending_between(first: Organization, second: Organization) -> Introduction | None:
    """A pending request between the two organizations, in either direction."""
    return db.session.scalars(
        select(Introduction)
        .where(
            Introduction.state == IntroductionState.PENDING,
            or_(
                (Introduction.from_organization_id == first.id)
                & (Introduction.to_organization_id == second.id),
                (Introduction.from_organization_id == second.id)
                & (Introduction.to_organization_id == first.id),
            ),
        )
        .limit(1)
    ).first()


def sent_since(user: User, moment: datetime) -> int:
    """How many requests `user` sent from `moment` on."""
    return (
        db.session.scalar(
            select(func.count(Introduction.id)).where(
                Introduction.requested_by_id == user.id, Introduction.created_at >= moment
            )
        )
        or 0
    )


def sent_today(user: User) -> int:
    """How many requests `user` sent in the last 24 hours (the rate limit's count)."""
    return sent_since(user, clock.now() - LIMIT_WINDOW)


def is_blocked(user: User) -> bool:
    """Whether a chair or an administrator blocked `user` from sending requests."""
    return db.session.get(IntroductionBlock, user.id) is not None


def reported_queue() -> list[Introduction]:
    """Reports not yet settled, oldest first: the chairs' and administrators' queue."""
    return list(
        db.session.scalars(
            select(Introduction)
            .where(Introduction.reported_at.is_not(None), Introduction.report_outcome.is_(None))
            .options(*_with_organizations())  # type: ignore[arg-type]
            .order_by(Introduction.reported_at, Introduction.id)
        )
    )


def blocked_user_ids(user_ids: set[int]) -> set[int]:
    """Which of `user_ids` are blocked (the queue says so beside each sender)."""
    if not user_ids:
        return set()
    return set(
        db.session.scalars(
            select(IntroductionBlock.user_id).where(IntroductionBlock.user_id.in_(user_ids))
        )
    )


@dataclass(frozen=True)
class Contact:
    """One side of an accepted introduction: its organization and its members' addresses."""

    organization: Organization
    members: list[User]


def contacts_of(introduction: Introduction) -> list[Contact]:
    """Both sides' organizations and members (the caller shows them only once accepted)."""
    organizations = db.session.scalars(
        select(Organization)
        .where(
            Organization.id.in_(
                [introduction.from_organization_id, introduction.to_organization_id]
            )
        )
        .options(selectinload(Organization.memberships).joinedload(OrganizationMember.user))
    ).all()
    by_id = {organization.id: organization for organization in organizations}
    return [
        Contact(
            organization=by_id[organization_id],
            members=sorted(
                (m.user for m in by_id[organization_id].memberships if m.user.is_active),
                key=lambda user: user.display_name,
            ),
        )
        for organization_id in (introduction.from_organization_id, introduction.to_organization_id)
    ]
