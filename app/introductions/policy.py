"""Who may do what with introductions: `can_*` predicates, the rules of the routes
(`@requires(...)`) and of the pages' buttons.

The requesting side is the members of the organization that sent a request; the receiving side
the members of the organization it was sent to. Addresses are shown only once accepted
(`can_see_contacts`).
"""

from __future__ import annotations

from app.accounts.models import Role, User
from app.introductions import queries
from app.introductions.models import Introduction, IntroductionState
from app.organizations.models import Organization


def can_use_introductions(user: User | None) -> bool:
    """Applicants keep their organizations' introductions (/introductions)."""
    return user is not None and user.has_role(Role.APPLICANT)


def can_ask_for_introduction(user: User | None, organization: Organization) -> bool:
    """The route of the request form: applicants with an organization. Whether this one may be
    asked (own organization, same country, a pending request, the limit, a block) the
    operation decides and says at the field."""
    return can_use_introductions(user) and bool(queries.member_organization_ids(user))  # type: ignore[arg-type]


def offers_introduction(user: User | None, organization: Organization) -> bool:
    """Whether the profile offers `user` to request an introduction to `organization`: a
    member of an organization of the other country, not of this one."""
    if not can_use_introductions(user):
        return False
    mine = queries.organizations_of(user)  # type: ignore[arg-type]
    if any(own.id == organization.id for own in mine):
        return False
    return any(own.country != organization.country for own in mine)


def is_requesting_side(user: User | None, introduction: Introduction) -> bool:
    """A member of the organization that sent the request."""
    return (
        user is not None
        and introduction.from_organization_id in queries.member_organization_ids(user)
    )


def is_receiving_side(user: User | None, introduction: Introduction) -> bool:
    """A member of the organization the request was sent to."""
    return user is not None and introduction.to_organization_id in queries.member_organization_ids(
        user
    )


def can_see_introduction(user: User | None, introduction: Introduction) -> bool:
    """The members of both organizations, and nobody else."""
    if user is None:
        return False
    ids = queries.member_organization_ids(user)
    return bool({introduction.from_organization_id, introduction.to_organization_id} & ids)


def can_answer_introduction(user: User | None, introduction: Introduction) -> bool:
    """The receiving side accepts, declines or reports a request."""
    return is_receiving_side(user, introduction)


def can_withdraw_introduction(user: User | None, introduction: Introduction) -> bool:
    """The requesting side withdraws its request."""
    return is_requesting_side(user, introduction)


def can_see_contacts(user: User | None, introduction: Introduction) -> bool:
    """Both sides see each other's addresses, once the request is accepted."""
    return introduction.state == IntroductionState.ACCEPTED and can_see_introduction(
        user, introduction
    )


def can_moderate_introductions(user: User | None) -> bool:
    """Chairs and administrators settle reports of abuse."""
    return user is not None and (user.has_role(Role.CHAIR) or user.has_role(Role.ADMIN))


def can_settle_report(user: User | None, introduction: Introduction) -> bool:
    """Chairs and administrators dismiss a report or block the sender."""
    return can_moderate_introductions(user)
