"""Who may read the audit log: the one spelling of that rule."""

from __future__ import annotations

from app.accounts.models import Role, User
from app.accounts.policy import is_chair


def may_read_audit_log(user: User | None) -> bool:
    """The chairs and the administrators read every event; nobody else reads any (reviewers
    would learn of other reviews, applicants of other proposals)."""
    return user is not None and (is_chair(user) or user.has_role(Role.ADMIN))
