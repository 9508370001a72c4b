"""Organizations: registration, profile, members and invitations."""

from __future__ import annotations

import html
import json
import re

import pytest
from sqlalchemy import func, select

from app.accounts.models import Language
from app.errors import ServiceError
from app.extensions import db
from app.notifications.models import Notification
from app.organizations import services
from app.organizations.models import InvitationState, Organization, OrganizationInvitation
from app.organizations.subdivisions import subdivision, subdivision_choices, subdivisions
from tests.factories import make_organization, make_user

PROFILE = {
    "name_en": "Qinghai Provincial Department of Ecology and Environment",
    "name_zh": "青海省生态环境厅",
    "country": "CN",
    "type": "state_government",
    "subdivision_code": "CN-QH",
    "city": "Xining",
    "website": "https://sthjt.qinghai.gov.cn",
    "description": "Provincial authority.",
}


def test_subdivisions_cover_both_countries_in_both_languages() -> None:
    assert subdivision("US-UT").name_en == "Utah"
    assert subdivision("CN-QH").name_zh == "青海省"
    assert subdivision("CN-QH").name_en == "Qinghai"
    assert len(subdivision_choices()) >= 51 + 31
    assert subdivision("FR-75") is None


def test_every_state_and_province_has_a_chinese_name() -> None:
    """A Chinese reader sees every place in Chinese, the map's tiles included."""
    untranslated = [
        s.code for s in subdivisions().values() if not re.search(r"[\u4e00-\u9fff]", s.name_zh)
    ]
    assert untranslated == []
    assert subdivision("US-MD").name_zh == "马里兰州"


def test_create_organization_makes_the_creator_owner(client, login) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    login(user)
    response = client.post("/organizations/new", data=PROFILE)
    assert response.status_code == 302
    organization = db.session.scalars(select(Organization)).one()
    assert organization.name_zh == "青海省生态环境厅"
    assert [(m.user_id, m.is_owner) for m in organization.memberships] == [(user.id, True)]
    profile = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Qinghai" in profile and "Xining" in profile


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"subdivision_code": "US-UT"}, "subdivision_code"),  # Utah is not in China
        ({"subdivision_code": "CN-XX"}, "subdivision_code"),  # no such province
        ({"name_zh": ""}, "name_zh"),
        ({"name_en": "x" * 201}, "name_en"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"type": "political_party"}, "type"),
    ],
)
def test_bad_profiles_are_refused_next_to_the_field_and_keep_input(
    client, login, change, field
) -> None:  # type: ignore[no-untyped-def]
    login(make_user())
    page = client.post("/organizations/new", data={**PROFILE, **change}).get_data(as_text=True)
    assert f'id="{field}-error"' in page
    assert "青海省生态环境厅" in page or field == "name_zh"
    assert db.session.scalar(select(func.count(Organization.id))) == 0


def test_the_same_name_twice_in_one_country_is_refused(client, login) -> None:  # type: ignore[no-untyped-def]
    make_organization(name_en=PROFILE["name_en"], country="CN", subdivision_code="CN-QH")
    login(make_user())
    page = client.post("/organizations/new", data=PROFILE).get_data(as_text=True)
    assert 'id="name_en-error"' in page


def test_members_edit_the_profile_and_others_cannot(client, login) -> None:  # type: ignore[no-untyped-def]
    owner, member, outsider = make_user(), make_user(), make_user()
    organization = make_organization(
        owner,
        member,
        **{k: v for k, v in PROFILE.items() if k not in {"country", "type", "subdivision_code"}},
        country="CN",
    )
    login(member)
    response = client.post(
        f"/organizations/{organization.id}/edit", data={**PROFILE, "city": "Golmud"}
    )
    assert response.status_code == 302
    assert organization.city == "Golmud"
    client.post("/logout")
    login(outsider)
    assert client.get(f"/organizations/{organization.id}/edit").status_code == 403


def test_owner_invites_by_email_and_the_invitee_accepts(client, login) -> None:  # type: ignore[no-untyped-def]
    owner = make_user()
    organization = make_organization(owner)
    login(owner)
    response = client.post(
        f"/organizations/{organization.id}/members", data={"email": "New.Member@Example.org"}
    )
    assert response.status_code == 302
    mail = db.session.scalars(
        select(Notification).where(Notification.kind == "organizations.invitation")
    ).one()
    assert mail.to_address == "new.member@example.org"
    link = mail.body_text.split("http://portal.test")[1].split()[0]
    client.post("/logout")

    stranger = make_user(email="someone.else@example.org")
    login(stranger)
    client.post(link)
    assert stranger.id not in {m.user_id for m in organization.memberships}
    client.post("/logout")

    invitee = make_user(email="new.member@example.org")
    login(invitee)
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302
    assert invitee.id in {m.user_id for m in organization.memberships}
    invitation = db.session.scalars(select(OrganizationInvitation)).one()
    assert invitation.state == InvitationState.ACCEPTED
    assert client.get(link).status_code == 302  # answered: the link is spent


def test_owner_cannot_be_removed_and_members_can(client, login) -> None:  # type: ignore[no-untyped-def]
    owner, member = make_user(), make_user()
    organization = make_organization(owner, member)
    with pytest.raises(ServiceError):
        services.remove_member(organization, owner, actor=owner)
    login(owner)
    client.post(f"/organizations/{organization.id}/members/remove", data={"user_id": member.id})
    assert [m.user_id for m in organization.memberships] == [owner.id]


def test_inviting_an_existing_member_is_refused(client, login) -> None:  # type: ignore[no-untyped-def]
    owner, member = make_user(), make_user()
    organization = make_organization(owner, member)
    login(owner)
    page = client.post(
        f"/organizations/{organization.id}/members", data={"email": member.email}
    ).get_data(as_text=True)
    assert 'id="email-error"' in page


def test_revoked_invitation_link_stops_working(client, login) -> None:  # type: ignore[no-untyped-def]
    owner = make_user()
    organization = make_organization(owner)
    invitation = services.invite_member(organization, "late@example.org", actor=owner)
    token = services._serializer().dumps(invitation.id)
    login(owner)
    client.post(
        f"/organizations/{organization.id}/invitations/revoke",
        data={"invitation_id": invitation.id},
    )
    assert services.invitation_for_token(token) is None


def test_profile_is_public_but_members_are_shown_only_to_members(client, login) -> None:  # type: ignore[no-untyped-def]
    owner = make_user(display_name="Owner Person")
    organization = make_organization(owner)
    public = client.get(f"/organizations/{organization.id}").get_data(as_text=True)
    assert organization.name_en in public and "Owner Person" not in public
    login(owner)
    assert "Owner Person" in client.get(f"/organizations/{organization.id}").get_data(as_text=True)


def test_the_postal_address_letters_are_sent_to(client, login) -> None:  # type: ignore[no-untyped-def]
    login(make_user())
    address = {"street_address": " 12 Example Road\r\nSuite 3 ", "postal_code": "810000"}
    fictional = {**PROFILE, "name_en": "Example Test Bureau", "name_zh": "示例测试局"}
    assert client.post("/organizations/new", data={**fictional, **address}).status_code == 302
    organization = db.session.scalars(select(Organization)).one()
    assert (organization.street_address, organization.postal_code) == (
        "12 Example Road\r\nSuite 3",
        "810000",
    )
    from app.exports.documents.letters import postal_lines

    assert postal_lines(organization) == [
        "12 Example Road",
        "Suite 3",
        "Xining, 青海省 810000",
        "中国",
    ]


@pytest.mark.parametrize(
    ("language", "message"),
    [("en", "Minnesota is not in China."), ("zh_Hans", "明尼苏达州不属于中国。")],
)
def test_a_place_outside_the_country_is_named_in_the_readers_language(
    client, login, language, message
) -> None:  # type: ignore[no-untyped-def]
    login(make_user(language=Language(language)))
    page = client.post(
        "/organizations/new", data={**PROFILE, "subdivision_code": "US-MN"}
    ).get_data(as_text=True)
    error = re.search(r'id="subdivision_code-error"[^>]*>([^<]+)<', page)
    assert error and error.group(1).strip() == message


def test_the_place_list_follows_the_chosen_country_where_javascript_runs(client, login) -> None:  # type: ignore[no-untyped-def]
    login(make_user())
    page = client.get("/organizations/new").get_data(as_text=True)
    assert 'data-follows="country"' in page and "js/subdivisions.js" in page
    groups = re.search(r"data-groups=\"([^\"]+)\"", page)
    assert groups
    assert json.loads(html.unescape(groups.group(1))) == {
        "US": "United States – 美国",
        "CN": "China – 中国",
    }
    for label in ("United States – 美国", "China – 中国"):
        assert f'<optgroup label="{label}">' in page
