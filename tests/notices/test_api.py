"""The open data's notices: only standing ones, filtered like the notices' own search form,
documented with exactly that form's arguments, user text as text."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.api.forms import NoticeArguments
from app.focus_areas import FocusArea
from app.notices.models import NoticeState
from app.organizations.models import Country
from app.proposals.models import DeliverableKind
from tests.factories import make_organization
from tests.notices.factories import make_notice


def _ids(client: FlaskClient, query: str = "") -> list[int]:
    response = client.get(f"/api/v1/notices{query}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["id"] for item in response.json["data"]]


def test_the_list_holds_standing_notices_only_and_a_notice_its_record(client) -> None:  # type: ignore[no-untyped-def]
    us = make_organization(country=Country.US, name_en="Utah Clean Air")
    standing = make_notice(us, regions=("CN-QH",), focus_areas=(FocusArea.CLEAN_AIR,))
    hidden = [
        make_notice(us, state=state)
        for state in (
            NoticeState.DRAFT,
            NoticeState.SUBMITTED,
            NoticeState.RETURNED,
            NoticeState.WITHDRAWN,
        )
    ]
    assert _ids(client) == [standing.id]
    record = client.get(f"/api/v1/notices/{standing.id}").json
    assert record["organization"]["name_en"] == "Utah Clean Air"
    assert record["regions"] == [{"code": "CN-QH", "name_en": "Qinghai", "name_zh": "青海省"}]
    assert record["focus_areas"] == ["clean_air"] and record["deliverable_kind"] == "technology"
    assert record["links"]["html"].endswith(f"/organizations/{us.id}#notice-{standing.id}")
    for notice in hidden:
        assert client.get(f"/api/v1/notices/{notice.id}").status_code == 404
    assert client.get("/api/v1/notices/99999").status_code == 404
    assert client.get("/api/v1/notices/abc").status_code == 404
    assert "notices" in client.get("/api/v1/").json["links"]


def test_the_filters_country_region_focus_area_and_kind(client) -> None:  # type: ignore[no-untyped-def]
    us = make_organization(country=Country.US)
    cn = make_organization(country=Country.CN)
    qinghai = make_notice(us, regions=("CN-QH",), focus_areas=(FocusArea.CLEAN_AIR,))
    anywhere = make_notice(
        us, focus_areas=(FocusArea.CLEAN_WATER,), deliverable_kind=DeliverableKind.POLICY
    )
    utah = make_notice(cn, regions=("US-UT",), deliverable_kind=DeliverableKind.PROGRAM)
    assert sorted(_ids(client, "?country=US")) == sorted([qinghai.id, anywhere.id])
    assert _ids(client, "?country=CN") == [utah.id]
    # A region of interest: the notices naming it, and those open to all of its country.
    assert sorted(_ids(client, "?subdivision=CN-QH")) == sorted([qinghai.id, anywhere.id])
    assert _ids(client, "?subdivision=CN-BJ") == [anywhere.id]
    assert _ids(client, "?subdivision=US-UT") == [utah.id]
    assert _ids(client, "?subdivision=US-OR") == []
    assert _ids(client, "?focus_area=clean_water") == [anywhere.id]
    assert _ids(client, "?kind=program") == [utah.id]
    assert _ids(client, "?kind=policy&country=US&focus_area=clean_water") == [anywhere.id]
    page = client.get("/api/v1/notices?per_page=2").json
    assert page["meta"]["total"] == 3 and page["meta"]["pages"] == 2
    assert "per_page=2" in page["links"]["next"]


def test_bad_arguments_are_refused_with_a_message_per_argument(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/notices?kind=party&subdivision=XX-00&country=")
    assert response.status_code == 400
    assert set(response.json["fields"]) == {"kind", "subdivision", "country"}


def test_markup_in_a_notice_is_data_in_the_api_and_text_on_the_page(client) -> None:  # type: ignore[no-untyped-def]
    organization = make_organization()
    notice = make_notice(organization, seeking_en='<img src=x onerror="alert(1)">')
    record = client.get(f"/api/v1/notices/{notice.id}").json
    assert record["seeking_en"] == '<img src=x onerror="alert(1)">'
    page = client.get(f"/organizations/{organization.id}").get_data(as_text=True)
    assert "<img src=x" not in page and "&lt;img src=x onerror=" in page


def test_the_document_lists_exactly_the_notice_forms_arguments(client) -> None:  # type: ignore[no-untyped-def]
    document = client.get("/api/v1/openapi.json").json
    operation = document["paths"]["/notices"]["get"]
    documented = {parameter["name"] for parameter in operation["parameters"]}
    with client.application.test_request_context():
        assert documented == set(NoticeArguments()._fields)
        assert {"country", "subdivision", "focus_area", "kind"} <= documented
    assert "/notices/{notice_id}" in document["paths"]
    assert {"Notice", "NoticePage"} <= set(document["components"]["schemas"])
