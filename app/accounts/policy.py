"""Who holds a Joint Secretariat seat: the one spelling of "is a chair" and "is a reviewer".

Reviews, the route policy (`app/permissions.py`) and every other module ask these predicates
rather than the roles themselves, so the rule that a chair may do all a reviewer may is kept once.
"""

from __future__ import annotations

from app.accounts.models import Role, User


def is_chair(user: User | None) -> bool:
    """Whether `user` holds the chair role (a confirmed co-chair of the Joint Secretariat)."""
    return user is not None and user.has_role(Role.CHAIR)


def is_reviewer(user: User | None) -> bool:
    """Reviewers and chairs: a chair may do all a reviewer may."""
    return user is not None and (user.has_role(Role.REVIEWER) or is_chair(user))
