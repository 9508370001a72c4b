"""Factories that build valid records with sensible defaults; override what a test is about."""

from __future__ import annotations

import itertools
from functools import cache
from typing import Any

from app import clock
from app.accounts.models import Language, Role, Side, User, UserRole
from app.accounts.services import hash_password
from app.extensions import db
from app.organizations.models import (
    Country,
    Organization,
    OrganizationFocusArea,
    OrganizationMember,
    OrganizationType,
)

PASSWORD = "correct horse battery staple"
_sequence = itertools.count(1)


@cache
def _password_hash() -> str:
    # One Argon2id hash for the whole run: hashing per user would slow the suite for nothing.
    return hash_password(PASSWORD)


def make_user(
    *roles: Role,
    email: str | None = None,
    side: Side | None = None,
    language: Language = Language.EN,
    confirmed: bool = True,
    is_active: bool = True,
    **fields: Any,
) -> User:
    """A user with `roles` (applicant by default) and the shared test password."""
    n = next(_sequence)
    roles = roles or (Role.APPLICANT,)
    if side is None and ({Role.REVIEWER, Role.CHAIR} & set(roles)):
        side = Side.US
    user = User(
        email=email or f"user{n}@example.org",
        password_hash=_password_hash(),
        display_name=fields.pop("display_name", f"Test User {n}"),
        language=language,
        side=side,
        is_active=is_active,
        email_confirmed_at=clock.now() if confirmed else None,
        roles=[UserRole(role=role) for role in roles],
        **fields,
    )
    db.session.add(user)
    db.session.flush()
    return user


def make_organization(
    *members: User,
    country: Country = Country.US,
    subdivision_code: str | None = None,
    **fields: Any,
) -> Organization:
    """An organization; the first member given is its owner (`focus_areas`: the areas it works
    on)."""
    n = next(_sequence)
    areas = fields.pop("focus_areas", ())
    organization = Organization(
        name_en=fields.pop("name_en", f"Test Organization {n}"),
        name_zh=fields.pop("name_zh", f"测试机构{n}"),
        country=country,
        type=fields.pop("type", OrganizationType.NGO),
        subdivision_code=subdivision_code or ("US-UT" if country == Country.US else "CN-QH"),
        focus_areas=[OrganizationFocusArea(focus_area=area) for area in sorted(areas)],
        **fields,
    )
    for index, member in enumerate(members):
        organization.memberships.append(
            OrganizationMember(user=member, is_owner=index == 0, joined_at=clock.now())
        )
    db.session.add(organization)
    db.session.flush()
    return organization
