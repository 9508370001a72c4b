"""Organization profiles worth reading: both descriptions and focus areas (edited by members),
the public directory with its filters, and what a profile shows of partnerships and updates."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.audit.models import Event
from app.extensions import db
from app.focus_areas import FocusArea
from app.organizations import services
from app.organizations.models import Country, OrganizationType
from app.partnerships.models import PartnershipStatus
from app.updates.models import UpdateState, Visibility
from tests.factories import make_organization, make_user
from tests.organizations.test_organizations import PROFILE
from tests.partnerships.factories import make_update
from tests.public.factories import make_partnership


def test_a_profile_keeps_both_descriptions_and_its_focus_areas_and_the_log_says_what_changed() -> (
    None
):
    owner = make_user()
    organization = services.create_organization(
        {**PROFILE, "description_zh": " 省级主管部门。 ", "focus_areas": ["clean_water"]},
        actor=owner,
    )
    assert organization.description_zh == "省级主管部门。"
    assert [a.focus_area for a in organization.focus_areas] == [FocusArea.CLEAN_WATER]

    services.update_organization(
        organization,
        {
            **PROFILE,
            "description_zh": "省级主管部门。",
            "focus_areas": ["forests_wetlands", "clean_water"],
        },
        actor=owner,
    )
    db.session.flush()
    assert [a.focus_area for a in organization.focus_areas] == [
        FocusArea.CLEAN_WATER,
        FocusArea.FORESTS_WETLANDS,
    ]
    event = db.session.scalars(select(Event).where(Event.action == "organization.updated")).one()
    assert event.details["changes"] == {
        "focus_areas": {"before": ["clean_water"], "after": ["clean_water", "forests_wetlands"]}
    }


def test_members_edit_descriptions_and_focus_areas_in_the_form(client, login) -> None:  # type: ignore[no-untyped-def]
    owner = make_user()
    organization = make_organization(
        owner, focus_areas=(FocusArea.CLEAN_AIR,), country=Country.CN, subdivision_code="CN-QH"
    )
    login(owner)
    form = client.get(f"/organizations/{organization.id}/edit").get_data(as_text=True)
    assert 'name="description_zh"' in form
    assert re.search(
        r"<input checked[^>]*value=\"clean_air\"|<input[^>]*value=\"clean_air\"[^>]*checked", form
    ), form[form.find("focus_areas") :][:600]
    response = client.post(
        f"/organizations/{organization.id}/edit",
        data={
            **PROFILE,
            "description_zh": "青海的生态环境主管部门。",
            "focus_areas": ["energy_efficiency"],
        },
    )
    assert response.status_code == 302
    text = client.get(f"/organizations/{organization.id}").get_data(as_text=True)
    assert (
        "青海的生态环境主管部门。" in text
        and "Energy efficiency" in text
        and "Clean air" not in text
    )


def test_a_bad_focus_area_is_refused_next_to_the_field_and_keeps_what_was_typed(
    client, login
) -> None:  # type: ignore[no-untyped-def]
    owner = make_user()
    organization = make_organization(owner, country=Country.CN, subdivision_code="CN-QH")
    login(owner)
    page = client.post(
        f"/organizations/{organization.id}/edit",
        data={**PROFILE, "description_zh": "保留这段文字", "focus_areas": ["oceans"]},
    ).get_data(as_text=True)
    assert 'id="focus_areas-error"' in page and "保留这段文字" in page
    assert organization.focus_areas == []


def test_the_directory_is_public_and_filters_like_the_api(client) -> None:  # type: ignore[no-untyped-def]
    wetlands = make_organization(
        name_en="Delta Wetlands Trust",
        name_zh="三角洲湿地信托",
        subdivision_code="US-LA",
        type=OrganizationType.NGO,
        focus_areas=(FocusArea.FORESTS_WETLANDS,),
    )
    qinghai = make_organization(
        country=Country.CN,
        name_en="Qinghai Lake Reserve",
        name_zh="青海湖保护区",
        type=OrganizationType.STATE_GOVERNMENT,
        focus_areas=(FocusArea.FORESTS_WETLANDS, FocusArea.CLEAN_WATER),
    )
    make_organization(name_en="Air Watch", focus_areas=(FocusArea.CLEAN_AIR,))

    def names(query: str) -> list[str]:
        page = client.get(f"/organizations?{query}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        return [o.name_en for o in (wetlands, qinghai) if o.name_en in text]

    assert names("focus_area=forests_wetlands") == ["Delta Wetlands Trust", "Qinghai Lake Reserve"]
    assert names("focus_area=forests_wetlands&country=CN") == ["Qinghai Lake Reserve"]
    assert names("q=湿地") == ["Delta Wetlands Trust"]
    assert names("subdivision=US-LA&type=ngo") == ["Delta Wetlands Trust"]
    page = client.get("/organizations?type=party").get_data(as_text=True)
    assert 'id="type-error"' in page and "Please correct the filters" in page
    assert "Air Watch" in client.get("/organizations").get_data(as_text=True)


def test_a_profile_shows_public_partnerships_with_cohort_and_status_and_published_updates(
    client,
) -> None:  # type: ignore[no-untyped-def]
    graduated = make_partnership(cohort_year=2011, status=PartnershipStatus.GRADUATED)
    organization = graduated.participants[0].organization
    withdrawn = make_partnership(us=organization, status=PartnershipStatus.WITHDRAWN)
    make_update(graduated, title="Wind farm online")
    make_update(graduated, title="Draft note", state=UpdateState.DRAFT)
    make_update(graduated, title="For the secretariat", visibility=Visibility.SECRETARIAT)
    make_update(withdrawn, title="Of a withdrawn one")

    page = client.get(f"/organizations/{organization.id}").get_data(as_text=True)

    assert graduated.name_en in page and "2011" in page and "Graduated" in page
    assert withdrawn.name_en not in page
    assert "Wind farm online" in page
    for hidden in ("Draft note", "For the secretariat", "Of a withdrawn one"):
        assert hidden not in page


def test_my_organizations_moved_to_mine_and_need_signing_in(client, login) -> None:  # type: ignore[no-untyped-def]
    user = make_user()
    make_organization(user, name_en="Mine Only")
    assert client.get("/organizations/mine").status_code in (302, 401)
    login(user)
    page = client.get("/organizations/mine").get_data(as_text=True)
    assert "My organizations" in page and "Mine Only" in page
