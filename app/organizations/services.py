"""Organization operations: profiles, members, and invitations by e-mail."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select

from app import clock
from app.accounts.models import User
from app.accounts.services import find_user_by_email, normalize_email
from app.audit.services import record_event
from app.errors import ServiceError
from app.extensions import db
from app.focus_areas import FocusArea
from app.notifications.services import queue_mail
from app.organizations.models import (
    Country,
    InvitationState,
    Organization,
    OrganizationFocusArea,
    OrganizationInvitation,
    OrganizationMember,
    OrganizationType,
)

PROFILE_FIELDS = (
    "name_en",
    "name_zh",
    "country",
    "type",
    "subdivision_code",
    "city",
    "street_address",
    "postal_code",
    "website",
    "description",
    "description_zh",
)


def organizations_of(user: User) -> list[Organization]:
    """The organizations `user` is a member of, by English name."""
    return list(
        db.session.scalars(
            select(Organization)
            .join(OrganizationMember)
            .where(OrganizationMember.user_id == user.id)
            .order_by(Organization.name_en)
        )
    )


def _check_unique_name(name_en: str, country: Country, exclude: int | None = None) -> None:
    statement = select(Organization.id).where(
        func.lower(Organization.name_en) == name_en.strip().lower(),
        Organization.country == country,
    )
    if exclude is not None:
        statement = statement.where(Organization.id != exclude)
    if db.session.scalar(statement) is not None:
        raise ServiceError(
            _l(
                "An organization with this name is already registered in this country. "
                "Ask one of its members to invite you."
            ),
            field="name_en",
        )


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    values = {key: data.get(key) or "" for key in PROFILE_FIELDS}
    for key in (
        "name_en",
        "name_zh",
        "city",
        "street_address",
        "postal_code",
        "website",
        "description",
        "description_zh",
    ):
        values[key] = values[key].strip()
    values["country"] = Country(values["country"])
    values["type"] = OrganizationType(values["type"])
    return values


def _focus_areas(data: dict[str, Any]) -> list[FocusArea]:
    return sorted({FocusArea(value) for value in data.get("focus_areas") or ()})


def _set_focus_areas(organization: Organization, wanted: list[FocusArea]) -> None:
    current = {area.focus_area: area for area in organization.focus_areas}
    organization.focus_areas = [
        current.get(area) or OrganizationFocusArea(focus_area=area) for area in wanted
    ]


def create_organization(data: dict[str, Any], *, actor: User) -> Organization:
    """Register an organization; its creator becomes the owner."""
    values = _clean(data)
    _check_unique_name(values["name_en"], values["country"])
    organization = Organization(**values)
    _set_focus_areas(organization, _focus_areas(data))
    organization.memberships.append(
        OrganizationMember(user=actor, is_owner=True, joined_at=clock.now())
    )
    db.session.add(organization)
    db.session.flush()
    record_event("organization.created", organization, actor=actor, name=organization.name_en)
    return organization


def update_organization(organization: Organization, data: dict[str, Any], *, actor: User) -> None:
    """Change an organization's profile, recording what changed."""
    values = _clean(data)
    _check_unique_name(values["name_en"], values["country"], exclude=organization.id)
    changes = {
        key: {"before": getattr(organization, key), "after": value}
        for key, value in values.items()
        if getattr(organization, key) != value
    }
    for key, value in values.items():
        setattr(organization, key, value)
    before = [area.focus_area for area in organization.focus_areas]
    wanted = _focus_areas(data)
    if sorted(before) != wanted:
        changes["focus_areas"] = {
            "before": [str(a) for a in sorted(before)],
            "after": [str(a) for a in wanted],
        }
        _set_focus_areas(organization, wanted)
    if changes:
        record_event("organization.updated", organization, actor=actor, changes=changes)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="organization-invitation")


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_link_token(invitation: OrganizationInvitation) -> str:
    """A signed, dated token naming `invitation` and carrying a fresh secret, of which only the
    digest is kept: the link it makes is the only one that works for this invitation."""
    secret = secrets.token_urlsafe(32)
    invitation.token_digest = _digest(secret)
    return _serializer().dumps([invitation.id, secret])


def invite_member(organization: Organization, email: str, *, actor: User) -> OrganizationInvitation:
    """Invite a person by e-mail; they accept once signed in (or registered) with that address."""
    email = normalize_email(email)
    existing_user = find_user_by_email(email)
    if existing_user is not None and any(
        m.user_id == existing_user.id for m in organization.memberships
    ):
        raise ServiceError(_l("This person is already a member."), field="email")
    invitation = db.session.scalar(
        select(OrganizationInvitation).where(
            OrganizationInvitation.organization_id == organization.id,
            OrganizationInvitation.email == email,
        )
    )
    if invitation is None:
        invitation = OrganizationInvitation(organization=organization, email=email)
        db.session.add(invitation)
    invitation.state = InvitationState.PENDING
    invitation.invited_by_id = actor.id
    invitation.answered_at = None
    db.session.flush()
    token = _new_link_token(invitation)  # a re-invite kills the links mailed before
    queue_mail(
        "organizations.invitation",
        to=existing_user or email,
        organization=organization,
        inviter=actor,
        token=token,
    )
    record_event("organization.member_invited", organization, actor=actor, email=email)
    return invitation


def invitation_for_token(token: str) -> OrganizationInvitation | None:
    """The pending invitation a link was made for; None if invalid, expired, answered, revoked,
    or superseded by a newer invitation of the same address."""
    try:
        payload = _serializer().loads(
            token, max_age=current_app.config["ORGANIZATION_INVITATION_MAX_AGE"]
        )
    except (BadSignature, SignatureExpired):
        return None
    match payload:
        case [int(invitation_id), str(secret)]:
            pass
        case _:  # a link made before links were single-use names no secret
            return None
    invitation = db.session.get(OrganizationInvitation, invitation_id)
    if (
        invitation is None
        or invitation.state != InvitationState.PENDING
        or invitation.token_digest is None
        or not hmac.compare_digest(invitation.token_digest, _digest(secret))
    ):
        return None
    return invitation


def accept_invitation(invitation: OrganizationInvitation, user: User) -> None:
    """Join the organization. Only an account whose confirmed address is the invited one may
    accept: a link forwarded to, or opened by, anyone else joins no one. The link is spent."""
    if invitation.state != InvitationState.PENDING:
        raise ServiceError(_l("This invitation is invalid, expired or already answered."))
    if normalize_email(user.email) != invitation.email:
        raise ServiceError(
            _l(
                "This invitation was sent to %(email)s. Sign in with that address to accept it.",
                email=invitation.email,
            )
        )
    if not user.is_email_confirmed:
        raise ServiceError(
            _l(
                "Confirm your address %(email)s first, with the link we sent when you registered "
                "(your profile page sends a new one); then open this invitation again.",
                email=invitation.email,
            )
        )
    organization = invitation.organization
    if not any(m.user_id == user.id for m in organization.memberships):
        organization.memberships.append(
            OrganizationMember(user=user, is_owner=False, joined_at=clock.now())
        )
    invitation.state = InvitationState.ACCEPTED
    invitation.answered_at = clock.now()
    invitation.token_digest = None
    record_event("organization.member_joined", organization, actor=user, email=user.email)


def revoke_invitation(invitation: OrganizationInvitation, *, actor: User) -> None:
    """Withdraw a pending invitation; its link stops working."""
    invitation.state = InvitationState.REVOKED
    invitation.answered_at = clock.now()
    invitation.token_digest = None
    record_event(
        "organization.invitation_revoked",
        invitation.organization,
        actor=actor,
        email=invitation.email,
    )


def remove_member(organization: Organization, member: User, *, actor: User) -> None:
    """Remove a member. The owner stays: ownership is never left empty."""
    membership = next((m for m in organization.memberships if m.user_id == member.id), None)
    if membership is None:
        raise ServiceError(_l("This person is not a member."))
    if membership.is_owner:
        raise ServiceError(_l("The owner cannot be removed."))
    organization.memberships.remove(membership)
    record_event("organization.member_removed", organization, actor=actor, email=member.email)
