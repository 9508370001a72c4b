"""Who may do what with partner-search notices (`app.permissions` declares the routes).

- An organization's members keep its notices: list, write, submit, withdraw.
- Chairs moderate every submitted notice (a draft stays with its organization: the chairs'
  pages answer 404 for it).
- Everyone reads a standing notice (published, not past its end date): public routes.
"""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import Role, User
from app.extensions import db
from app.organizations.models import Organization, OrganizationMember


def may_keep_notices(user: User | None, organization: Organization) -> bool:
    """Members of `organization` keep its notices."""
    if user is None:
        return False
    return (
        db.session.scalar(
            select(OrganizationMember.user_id).where(
                OrganizationMember.organization_id == organization.id,
                OrganizationMember.user_id == user.id,
            )
        )
        is not None
    )


def may_moderate_notices(user: User | None) -> bool:
    """Chairs moderate notices (as they moderate progress updates)."""
    return user is not None and user.has_role(Role.CHAIR)
