"""Notice pages: members write, submit and withdraw; chairs publish and return; the public
profile shows standing notices only, as text; bad input keeps what was typed."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from app import clock
from app.accounts.models import Role, Side
from app.extensions import db
from app.notices.models import NoticeState, PartnerNotice
from app.organizations.models import Country
from tests.factories import make_organization, make_user
from tests.notices.factories import form_data, make_notice


def _as(client, login, user) -> None:  # type: ignore[no-untyped-def]
    client.post("/logout")
    login(user)


def test_a_member_writes_submits_and_a_chair_publishes(client, login) -> None:  # type: ignore[no-untyped-def]
    member, chair = make_user(), make_user(Role.CHAIR, side=Side.US)
    organization = make_organization(member, name_en="Wetlands Institute")
    login(member)
    form = client.get(f"/organizations/{organization.id}/notices/new").get_data(as_text=True)
    # Only the other country's provinces are offered; the texts count their characters.
    assert 'value="CN-QH"' in form and 'value="US-UT"' not in form
    assert "usa-character-count" in form
    response = client.post(f"/organizations/{organization.id}/notices/new", data=form_data())
    assert response.status_code == 302
    notice = db.session.scalars(select(PartnerNotice)).one()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Wetland restoration science" in page and "Draft" in page
    assert (
        client.post(f"/organizations/{organization.id}/notices/{notice.id}/submit").status_code
        == 302
    )
    assert notice.state == NoticeState.SUBMITTED
    listing = client.get(f"/organizations/{organization.id}/notices").get_data(as_text=True)
    assert "Waiting for moderation" in listing

    _as(client, login, chair)
    queue = client.get("/secretariat/notices").get_data(as_text=True)
    assert "Wetlands Institute" in queue
    assert "Notices to moderate (1)" in client.get("/secretariat/partnerships").get_data(
        as_text=True
    )
    assert client.post(f"/secretariat/notices/{notice.id}/publish").status_code == 302
    assert notice.state == NoticeState.PUBLISHED

    client.post("/logout")
    profile = client.get(f"/organizations/{organization.id}").get_data(as_text=True)
    assert "Seeking a partner" in profile and "Wetland restoration science" in profile
    assert "寻找中国的自然保护区" in profile


def test_bad_input_keeps_what_was_typed_with_each_message_at_its_field(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    organization = make_organization(member)
    login(member)
    far = (clock.today() + timedelta(days=500)).isoformat()
    response = client.post(
        f"/organizations/{organization.id}/notices/new",
        data=form_data(offer_en="", offer_zh="", focus_areas=[], ends_on=far),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Say what your organization brings" in page
    assert "Choose at least one focus area" in page
    assert "A nature reserve in China to share monitoring methods." in page  # kept
    chosen = re.findall(r'<input checked[^>]*name="regions"[^>]*value="([A-Z-]+)"', page)
    assert sorted(chosen) == ["CN-HI", "CN-QH"]
    assert db.session.scalar(select(PartnerNotice.id)) is None
    # The end date is checked by the service once the form itself is fine.
    response = client.post(
        f"/organizations/{organization.id}/notices/new", data=form_data(ends_on=far)
    )
    page = response.get_data(as_text=True)
    assert "at most 12 months" in page and "Wetland restoration science" in page
    assert db.session.scalar(select(PartnerNotice.id)) is None


def test_a_region_of_the_organizations_own_country_is_refused_on_the_server(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    organization = make_organization(member, country=Country.CN)
    login(member)
    page = client.post(
        f"/organizations/{organization.id}/notices/new",
        data=form_data(regions=["CN-BJ"]),
    ).get_data(as_text=True)
    assert "choose states or provinces of" in page
    assert db.session.scalar(select(PartnerNotice.id)) is None


def test_a_member_edits_a_returned_notice_and_sees_the_reason(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    organization = make_organization(member)
    notice = make_notice(organization, member, NoticeState.RETURNED, regions=("CN-QH",))
    login(member)
    form = client.get(f"/organizations/{organization.id}/notices/{notice.id}/edit")
    text = form.get_data(as_text=True)
    assert "Say more about the sensors." in text and "Air-quality monitoring" in text
    response = client.post(
        f"/organizations/{organization.id}/notices/{notice.id}/edit",
        data=form_data(offer_en="Sensors, 500 of them."),
    )
    assert response.status_code == 302 and notice.offer_en == "Sensors, 500 of them."


def test_a_published_notice_cannot_be_edited_and_is_withdrawn_after_a_confirmation(  # type: ignore[no-untyped-def]
    client, login
) -> None:
    member = make_user()
    organization = make_organization(member)
    notice = make_notice(organization, member)
    login(member)
    edit = client.get(f"/organizations/{organization.id}/notices/{notice.id}/edit")
    assert edit.status_code == 302
    url = f"/organizations/{organization.id}/notices/{notice.id}/withdraw"
    asked = client.post(url)
    assert asked.status_code == 200 and "Withdraw this notice?" in asked.get_data(as_text=True)
    assert notice.state == NoticeState.PUBLISHED
    assert client.post(url, data={"confirmed": "yes"}).status_code == 302
    assert notice.state == NoticeState.WITHDRAWN
    assert "Seeking a partner" not in client.get(f"/organizations/{organization.id}").get_data(
        as_text=True
    )


def test_a_chair_returns_a_notice_with_a_reason_and_an_empty_one_is_refused(client, login) -> None:  # type: ignore[no-untyped-def]
    chair = make_user(Role.CHAIR, side=Side.CN)
    notice = make_notice(make_organization(make_user()), state=NoticeState.SUBMITTED)
    login(chair)
    page = client.post(f"/secretariat/notices/{notice.id}/return", data={"reason": ""})
    assert "Tell the organization what to change." in page.get_data(as_text=True)
    assert notice.state == NoticeState.SUBMITTED
    response = client.post(
        f"/secretariat/notices/{notice.id}/return", data={"reason": "Name the sensors."}
    )
    assert response.status_code == 302
    assert notice.state == NoticeState.RETURNED and notice.return_reason == "Name the sensors."


def test_chairs_never_see_a_draft_and_members_only_their_own(client, login) -> None:  # type: ignore[no-untyped-def]
    member, other = make_user(), make_user()
    organization = make_organization(member)
    other_organization = make_organization(other)
    draft = make_notice(organization, member, NoticeState.DRAFT)
    login(make_user(Role.CHAIR, side=Side.US))
    assert client.get(f"/secretariat/notices/{draft.id}").status_code == 404
    assert client.post(f"/secretariat/notices/{draft.id}/publish").status_code == 404
    _as(client, login, other)
    assert client.get(f"/organizations/{organization.id}/notices/{draft.id}").status_code == 403
    # Another organization's notice under one's own organization's address: no such notice.
    assert (
        client.get(f"/organizations/{other_organization.id}/notices/{draft.id}").status_code == 404
    )


def test_the_profile_shows_only_standing_notices_as_text(client) -> None:  # type: ignore[no-untyped-def]
    organization = make_organization()
    make_notice(organization, offer_en="<script>alert(1)</script> **bold**")
    hidden = (NoticeState.DRAFT, NoticeState.SUBMITTED, NoticeState.RETURNED, NoticeState.WITHDRAWN)
    for state in hidden:
        make_notice(organization, state=state, offer_en=f"Hidden {state.value}")
    page = client.get(f"/organizations/{organization.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; **bold**" in page
    assert "<script>alert(1)" not in page
    assert "Hidden" not in page


def test_members_find_the_notices_from_their_organizations_page(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    organization = make_organization(member)
    login(member)
    page = client.get(f"/organizations/{organization.id}").get_data(as_text=True)
    assert f"/organizations/{organization.id}/notices" in page
    client.post("/logout")
    page = client.get(f"/organizations/{organization.id}").get_data(as_text=True)
    assert f"/organizations/{organization.id}/notices" not in page


def test_a_returned_notice_is_a_next_task_on_the_dashboard(client, login) -> None:  # type: ignore[no-untyped-def]
    member = make_user()
    organization = make_organization(member, name_en="Lakeshore Water Reuse Institute")
    notice = make_notice(organization, member, NoticeState.RETURNED)
    make_notice(organization, member, NoticeState.SUBMITTED)
    login(member)
    page = client.get("/dashboard").get_data(as_text=True)
    assert 'data-next-task="notice"' in page and page.count('data-next-task="notice"') == 1
    assert "returned your partner-search notice" in page
    assert f"/organizations/{organization.id}/notices/{notice.id}/edit" in page
