"""Who holds a Joint Secretariat seat: the one spelling of "is a chair" and "is a reviewer",
since when, and who may confirm a change of the chairs (the two-person rule).

Reviews, the route policy (`app/permissions.py`) and every other module ask these predicates
rather than the roles themselves, so the rule that a chair may do all a reviewer may is kept once.
"""

from __future__ import annotations

from datetime import datetime

from app.accounts.models import Role, RoleChange, User


def is_chair(user: User | None) -> bool:
    """Whether `user` holds the chair role (a confirmed co-chair of the Joint Secretariat)."""
    return user is not None and user.has_role(Role.CHAIR)


def is_reviewer(user: User | None) -> bool:
    """Reviewers and chairs: a chair may do all a reviewer may."""
    return user is not None and (user.has_role(Role.REVIEWER) or is_chair(user))


def chair_since(user: User) -> datetime | None:
    """When `user` became a chair (None if not one)."""
    for role in user.roles:
        if role.role == Role.CHAIR:
            return role.granted_at
    return None


def may_confirm(actor: User | None, change: RoleChange) -> bool:
    """A sitting chair of the change's side, neither its subject nor its requester."""
    return (
        actor is not None
        and actor.is_active
        and is_chair(actor)
        and actor.side == change.side
        and actor.id != change.user_id
        and actor.id != change.requested_by_id
    )
