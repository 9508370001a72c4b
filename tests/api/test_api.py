"""The open-data API: lists with the directory's filters and pages, records, errors as JSON."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.accounts.models import Language
from app.focus_areas import FocusArea
from app.organizations.models import Country, OrganizationType
from app.partnerships.models import MilestoneStatus, PartnershipStatus
from app.solicitations.models import SolicitationStatus
from app.updates.models import UpdateState, Visibility
from tests.partnerships.factories import make_milestone, make_update
from tests.public.factories import make_partnership, make_solicitation


def test_the_index_links_every_resource(client) -> None:  # type: ignore[no-untyped-def]
    links = client.get("/api/v1/").json["links"]
    assert links["openapi"] == "http://portal.test/api/v1/openapi.json"
    assert links["partnerships"] == "http://portal.test/api/v1/partnerships"
    assert links["updates_feed"] == "http://portal.test/updates.atom"


def test_partnerships_are_listed_with_the_directorys_filters_and_pages(client) -> None:  # type: ignore[no-untyped-def]
    qinghai = [make_partnership(cn_province="CN-QH", name_en=f"Qinghai {n}") for n in range(3)]
    make_partnership(cn_province="CN-BJ", focus_areas=(FocusArea.CLEAN_WATER,))
    make_partnership(cn_province="CN-QH", status=PartnershipStatus.WITHDRAWN)

    body = client.get("/api/v1/partnerships?cn_province=CN-QH&sort=name&per_page=2").json

    assert [p["slug"] for p in body["data"]] == [qinghai[0].slug, qinghai[1].slug]
    assert body["meta"] == {"page": 1, "per_page": 2, "total": 3, "pages": 2}
    assert body["links"]["next"] == (
        "http://portal.test/api/v1/partnerships?cn_province=CN-QH&sort=name&per_page=2&page=2"
    )
    assert body["links"]["previous"] is None
    second = client.get(body["links"]["next"].removeprefix("http://portal.test")).json
    assert [p["slug"] for p in second["data"]] == [qinghai[2].slug]
    water = client.get("/api/v1/partnerships?focus_area=clean_water").json
    assert water["meta"]["total"] == 1


def test_a_listed_partnership_names_its_participants_and_places(client) -> None:  # type: ignore[no-untyped-def]
    make_partnership(us_state="US-UT", cn_province="CN-QH", name_en="Utah – Qinghai",
                     name_zh="犹他—青海", us_type=OrganizationType.STATE_GOVERNMENT)  # fmt: skip
    item = client.get("/api/v1/partnerships").json["data"][0]
    assert item["name_zh"] == "犹他—青海"
    assert item["us_states"] == ["US-UT"] and item["chinese_provinces"] == ["CN-QH"]
    us, cn = item["participants"]
    assert (us["country"], us["role"], us["type"]) == ("US", "lead", "state_government")
    assert us["subdivision"] == {"code": "US-UT", "name_en": "Utah", "name_zh": "犹他州"}
    assert cn["country"] == "CN" and cn["name_zh"].startswith("中方机构")


def test_chinese_is_sent_as_utf8_not_escaped(client) -> None:  # type: ignore[no-untyped-def]
    make_partnership(name_zh="犹他—青海")
    response = client.get("/api/v1/partnerships")
    assert "犹他—青海".encode() in response.data
    assert response.mimetype == "application/json"


def test_a_partnership_record_has_its_work_plan_accomplishments_and_updates(client) -> None:  # type: ignore[no-untyped-def]
    partnership = make_partnership(description_en="Two cities share data.")
    make_milestone(partnership, pilot_year=1, number=1, key=True, completed_on=date(2026, 3, 4),
                   evidence="internal-evidence-note")  # fmt: skip
    make_milestone(partnership, pilot_year=2, number=1, status=MilestoneStatus.DELAYED)
    make_update(partnership, title="Live", language=Language.ZH, body="**十个**监测站")
    make_update(partnership, title="Draft", state=UpdateState.DRAFT)

    record = client.get(f"/api/v1/partnerships/{partnership.slug}").json

    assert record["description_en"] == "Two cities share data."
    assert [(m["pilot_year"], m["number"], m["status"]) for m in record["work_plan"]] == [
        (1, 1, "done"),
        (2, 1, "delayed"),
    ]
    assert record["key_accomplishments"][0]["completed_on"] == "2026-03-04"
    assert [u["title"] for u in record["updates"]] == ["Live"]
    assert record["updates"][0]["language"] == "zh_Hans"
    assert record["updates"][0]["body_html"] == "<p><strong>十个</strong>监测站</p>\n"
    assert record["links"]["updates"].endswith(f"/api/v1/updates?partnership={partnership.slug}")
    assert "internal-evidence-note" not in str(record)


def test_missing_records_are_json_404s(client) -> None:  # type: ignore[no-untyped-def]
    withdrawn = make_partnership(status=PartnershipStatus.WITHDRAWN)
    for url in (
        "/api/v1/partnerships/nope",
        f"/api/v1/partnerships/{withdrawn.slug}",
        "/api/v1/partnerships/a/b",
        "/api/v1/organizations/999999",
        "/api/v1/organizations/abc",
        "/api/v1/solicitations/1999",
        "/api/v1/solicitations/20x7",
        "/api/v1/updates?partnership=nope",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response.mimetype == "application/problem+json", url
        assert response.json["status"] == 404, url


def test_invalid_or_empty_arguments_are_json_400s_naming_the_argument(client) -> None:  # type: ignore[no-untyped-def]
    cases = {
        "/api/v1/partnerships?status=withdrawn": "status",
        "/api/v1/partnerships?us_state=CN-QH": "us_state",
        "/api/v1/partnerships?cohort_year=1999": "cohort_year",
        "/api/v1/partnerships?per_page=101": "per_page",
        "/api/v1/partnerships?page=0": "page",
        "/api/v1/partnerships?q=": "q",
        "/api/v1/organizations?country=FR": "country",
        "/api/v1/updates?partnership=Not%20A%20Slug": "partnership",
    }
    for url, argument in cases.items():
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.mimetype == "application/problem+json", url
        assert argument in response.json["fields"], url


def test_every_organizations_profile_is_listed_with_only_its_public_partnerships(client) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import make_organization

    shown = make_partnership(us_type=OrganizationType.UNIVERSITY)
    withdrawn = make_partnership(status=PartnershipStatus.WITHDRAWN)
    applicant_only = make_organization(
        description="Wetland restoration along the Yellow River.",
        description_zh="黄河沿岸湿地修复。",
        focus_areas=(FocusArea.FORESTS_WETLANDS, FocusArea.CLEAN_WATER),
    )

    body = client.get("/api/v1/organizations?per_page=100").json
    ids = {o["id"] for o in body["data"]}
    assert ids == {
        *(p.organization_id for p in shown.participants),
        *(p.organization_id for p in withdrawn.participants),
        applicant_only.id,
    }
    universities = client.get("/api/v1/organizations?type=university&country=US").json["data"]
    assert [o["partnerships"][0]["slug"] for o in universities] == [shown.slug]
    one = client.get(f"/api/v1/organizations/{universities[0]['id']}").json
    assert one["partnerships"][0]["role"] == "lead"
    a_withdrawn_one = withdrawn.participants[0].organization_id
    assert client.get(f"/api/v1/organizations/{a_withdrawn_one}").json["partnerships"] == []
    profile = client.get(f"/api/v1/organizations/{applicant_only.id}").json
    assert profile["description_zh"] == "黄河沿岸湿地修复。"
    assert profile["focus_areas"] == ["clean_water", "forests_wetlands"]
    assert profile["partnerships"] == []


def test_organizations_are_filtered_by_focus_area_and_words_in_either_language(client) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import make_organization

    wetlands = make_organization(
        name_en="Delta Wetlands Trust",
        name_zh="三角洲湿地信托",
        subdivision_code="US-LA",
        focus_areas=(FocusArea.FORESTS_WETLANDS,),
    )
    make_organization(name_en="Air Watch", focus_areas=(FocusArea.CLEAN_AIR,))
    make_organization(country=Country.CN, focus_areas=(FocusArea.FORESTS_WETLANDS,))

    def ids(query: str) -> list[int]:
        return [o["id"] for o in client.get(f"/api/v1/organizations?{query}").json["data"]]

    assert ids("focus_area=forests_wetlands&country=US") == [wetlands.id]
    assert ids("q=湿地") == [wetlands.id]
    assert ids("q=delta%20trust&subdivision=US-LA") == [wetlands.id]
    assert ids("q=delta&subdivision=US-UT") == []
    body = client.get("/api/v1/organizations?focus_area=forests_wetlands&per_page=1").json
    assert body["meta"]["total"] == 2
    assert body["links"]["next"] == (
        "http://portal.test/api/v1/organizations?focus_area=forests_wetlands&per_page=1&page=2"
    )
    assert client.get("/api/v1/organizations?focus_area=oceans").status_code == 400


def test_solicitations_show_public_calls_with_both_capitals_deadlines(client) -> None:  # type: ignore[no-untyped-def]
    make_solicitation(2027)
    make_solicitation(2028, status=SolicitationStatus.DRAFT)

    calls = client.get("/api/v1/solicitations").json["data"]

    assert [c["year"] for c in calls] == [2027]
    call = client.get("/api/v1/solicitations/2027").json
    assert call["closes_at"] == "2027-05-31T15:59:00+00:00"
    assert call["closes_at_washington"] == "2027-05-31T11:59:00-04:00"
    assert call["closes_at_beijing"] == "2027-05-31T23:59:00+08:00"
    assert client.get("/api/v1/solicitations/2028").status_code == 404


def test_updates_are_published_public_ones_newest_first(client) -> None:  # type: ignore[no-untyped-def]
    mine, other = make_partnership(), make_partnership()
    make_update(mine, title="Old", published_at=datetime(2026, 1, 1, tzinfo=UTC))
    make_update(mine, title="New", published_at=datetime(2026, 6, 1, tzinfo=UTC))
    make_update(other, title="Theirs", published_at=datetime(2026, 3, 1, tzinfo=UTC))
    make_update(mine, title="Secret", visibility=Visibility.SECRETARIAT)
    make_update(mine, title="Submitted", state=UpdateState.SUBMITTED)

    everything = client.get("/api/v1/updates").json
    assert [u["title"] for u in everything["data"]] == ["New", "Theirs", "Old"]
    only_mine = client.get(f"/api/v1/updates?partnership={mine.slug}").json
    assert [u["title"] for u in only_mine["data"]] == ["New", "Old"]


def test_statistics_are_aggregates(client) -> None:  # type: ignore[no-untyped-def]
    make_partnership(cohort_year=2011, us_state="US-UT", cn_province="CN-QH")
    make_partnership(cohort_year=2011, us_state="US-OH", cn_province="CN-QH")

    numbers = client.get("/api/v1/statistics").json

    assert numbers["partnerships_per_cohort"] == [
        {"cohort_year": 2011, "partnerships": 2, "unlisted_selections": 0}
    ]
    assert numbers["us_states_covered"] == 2 and numbers["chinese_provinces_covered"] == 1
    qinghai = next(p for p in numbers["places"] if p["code"] == "CN-QH")
    assert qinghai == {
        "code": "CN-QH",
        "name_en": "Qinghai",
        "name_zh": "青海省",
        "partnerships": 2,
    }


def test_the_api_sets_no_cookie_for_anonymous_readers(client) -> None:  # type: ignore[no-untyped-def]
    make_partnership()
    for url in ("/api/v1/partnerships", "/updates.atom", "/partnerships.csv"):
        response = client.get(url)
        assert "Set-Cookie" not in response.headers, url


PROBLEM_MEMBERS = {"type", "title", "status", "detail"}


def _assert_problem(response, status: int) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert set(response.json) >= PROBLEM_MEMBERS
    assert response.json["status"] == status
    assert response.json["type"] == "about:blank"
    assert "Set-Cookie" not in response.headers


def test_an_undeclared_method_is_a_405_problem_with_allow_and_no_cookie(app, client) -> None:  # type: ignore[no-untyped-def]
    """RFC 9110: a 405 lists the methods the resource answers, in `Allow`."""
    partnership = make_partnership()
    for method, url in (
        ("TRACE", "/api/v1/partnerships"),
        ("DELETE", f"/api/v1/partnerships/{partnership.slug}"),
        ("PUT", "/api/v1/statistics"),
        ("POST", "/api/v1/"),
        ("PATCH", "/api/v1/organizations/1"),
    ):
        response = client.open(url, method=method)
        _assert_problem(response, 405)
        allowed = {m.strip() for m in response.headers["Allow"].split(",")}
        assert allowed == {"GET", "HEAD", "OPTIONS"}, (method, url)
        assert "GET" in response.json["detail"]


def test_an_unknown_api_address_is_a_404_problem_and_sets_no_cookie(client) -> None:  # type: ignore[no-untyped-def]
    _assert_problem(client.get("/api/v1/nothing-here"), 404)
    _assert_problem(client.get("/api/v1/partnerships/nope"), 404)
    _assert_problem(client.get("/api/v1/partnerships?page=0"), 400)


def test_the_api_neither_sets_nor_refreshes_a_signed_in_session(client, login) -> None:  # type: ignore[no-untyped-def]
    """A browser that is signed in (or carries a stale anonymous session) reads the API as
    anyone does: no answer sets, refreshes or deletes a cookie."""
    from tests.factories import make_user

    client.get("/login")  # an anonymous session holding a CSRF token
    client.set_cookie("portal_remember", "stale-token")  # not spent, nor deleted, by the API
    for url in ("/api/v1/partnerships", "/api/v1/nothing-here"):
        response = client.open(url, method="GET")
        assert "Set-Cookie" not in response.headers, url
    login(make_user())
    for method, url in (("GET", "/api/v1/statistics"), ("TRACE", "/api/v1/"), ("GET", "/api/v1/x")):
        response = client.open(url, method=method)
        assert "Set-Cookie" not in response.headers, (method, url)
    assert client.get("/dashboard").status_code == 200  # and the session still holds


def test_pages_keep_their_html_error_pages(client) -> None:  # type: ignore[no-untyped-def]
    response = client.open("/partnerships.csv", method="DELETE")
    assert response.status_code == 405
    assert response.mimetype == "text/html"
    assert client.get("/no-such-page").mimetype == "text/html"
