"""Invitations to join an organization: each link works once, for one invitation, and only for an
account whose confirmed address is the invited one."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from app import clock
from app.accounts.models import User
from app.extensions import db
from app.notifications.models import Notification
from app.organizations import services
from app.organizations.models import InvitationState, Organization, OrganizationInvitation
from tests.conftest import sign_in
from tests.factories import make_organization, make_user

INVITEE = "invitee@partner.example"


def _mailed_links() -> list[str]:
    """The invitation links mailed so far, oldest first."""
    mails = db.session.scalars(
        select(Notification)
        .where(Notification.kind == "organizations.invitation")
        .order_by(Notification.id)
    )
    return [mail.body_text.split("http://portal.test")[1].split()[0] for mail in mails]


def _invite(client: FlaskClient, owner: User, organization: Organization) -> str:
    """The owner invites INVITEE through the members page; the link mailed."""
    sign_in(client, owner)
    response = client.post(f"/organizations/{organization.id}/members", data={"email": INVITEE})
    assert response.status_code == 302
    client.post("/logout")
    return _mailed_links()[-1]


def _revoke(client: FlaskClient, owner: User, organization: Organization) -> None:
    invitation = db.session.scalars(select(OrganizationInvitation)).one()
    sign_in(client, owner)
    client.post(
        f"/organizations/{organization.id}/invitations/revoke",
        data={"invitation_id": invitation.id},
    )
    client.post("/logout")
    assert invitation.state == InvitationState.REVOKED


def _is_member(user: User, organization: Organization) -> bool:
    return user.id in {m.user_id for m in organization.memberships}


def test_a_revoked_link_stays_dead_when_the_address_is_invited_again(client) -> None:  # type: ignore[no-untyped-def]
    owner = make_user()
    organization = make_organization(owner)
    revoked = _invite(client, owner, organization)
    _revoke(client, owner, organization)
    fresh = _invite(client, owner, organization)
    assert fresh != revoked
    invitee = make_user(email=INVITEE)
    sign_in(client, invitee)
    page = client.get(revoked, follow_redirects=True).get_data(as_text=True)
    assert "invalid, expired or already answered" in page
    client.post(revoked)
    assert not _is_member(invitee, organization)
    assert client.post(fresh).status_code == 302
    assert _is_member(invitee, organization)


def test_inviting_again_kills_the_link_mailed_before(client) -> None:  # type: ignore[no-untyped-def]
    owner = make_user()
    organization = make_organization(owner)
    first = _invite(client, owner, organization)
    second = _invite(client, owner, organization)
    assert services.invitation_for_token(first.rsplit("/", 1)[1]) is None
    assert services.invitation_for_token(second.rsplit("/", 1)[1]) is not None


def test_a_link_is_spent_by_its_first_use(client) -> None:  # type: ignore[no-untyped-def]
    owner = make_user()
    organization = make_organization(owner)
    link = _invite(client, owner, organization)
    invitee = make_user(email=INVITEE)
    sign_in(client, invitee)
    assert client.post(link).status_code == 302
    invitation = db.session.scalars(select(OrganizationInvitation)).one()
    assert invitation.token_digest is None
    services.remove_member(organization, invitee, actor=owner)
    # Even were the invitation pending again by any path, the spent link names no live secret.
    invitation.state = InvitationState.PENDING
    assert services.invitation_for_token(link.rsplit("/", 1)[1]) is None
    client.post(link)
    assert not _is_member(invitee, organization)


def test_a_link_names_one_invitation(client) -> None:  # type: ignore[no-untyped-def]
    """A validly signed token naming another invitation with this link's secret is refused, as
    is the old form of the token (the bare invitation id)."""
    owner = make_user()
    organization, other = make_organization(owner), make_organization(owner)
    link = _invite(client, owner, organization)
    target = services.invite_member(other, "someone@partner.example", actor=owner)
    _id, secret = services._serializer().loads(link.rsplit("/", 1)[1])
    assert services.invitation_for_token(services._serializer().dumps([target.id, secret])) is None
    assert services.invitation_for_token(services._serializer().dumps(target.id)) is None


def test_an_unconfirmed_account_cannot_accept_and_is_told_why(client) -> None:  # type: ignore[no-untyped-def]
    owner = make_user()
    organization = make_organization(owner)
    link = _invite(client, owner, organization)
    invitee = make_user(email=INVITEE, confirmed=False)
    sign_in(client, invitee)
    page = client.post(link, follow_redirects=True).get_data(as_text=True)
    assert "Confirm your address invitee@partner.example first" in page
    assert not _is_member(invitee, organization)
    invitee.email_confirmed_at = clock.now()
    assert client.post(link).status_code == 302
    assert _is_member(invitee, organization)


def test_another_address_cannot_accept_and_is_told_which_one_to_use(client) -> None:  # type: ignore[no-untyped-def]
    owner = make_user()
    organization = make_organization(owner)
    link = _invite(client, owner, organization)
    stranger = make_user(email="forwarded.to@elsewhere.example")
    sign_in(client, stranger)
    page = client.post(link, follow_redirects=True).get_data(as_text=True)
    assert "This invitation was sent to invitee@partner.example" in page
    assert not _is_member(stranger, organization)
    invitation = db.session.scalars(select(OrganizationInvitation)).one()
    assert invitation.state == InvitationState.PENDING  # still the invitee's to accept
