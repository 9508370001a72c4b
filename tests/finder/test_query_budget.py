"""The finder runs the same number of SQL statements with a handful of counterparts as with
many more: none of them is read one by one."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.finder.queries import rank
from app.finder.seekers import from_organization
from app.focus_areas import FocusArea
from app.organizations.models import Country, OrganizationType
from tests.finder.test_ranking import make_organization
from tests.notices.factories import make_notice

AREAS = [FocusArea.CLEAN_AIR, FocusArea.CLEAN_WATER]
BUDGET = 14  # statements of the whole page, the user's and the session's included


def _counterparts(count: int) -> None:
    for n in range(count):
        counterpart = make_organization(
            country=Country.CN,
            type=OrganizationType.UNIVERSITY if n % 2 else OrganizationType.ENTERPRISE,
            focus_areas=AREAS[: 1 + n % 2],
            description=f"Air and water monitoring, wetland study {n}.",
            description_zh="空气和水质监测",
        )
        if n % 3 == 0:  # a standing notice, open to anywhere in the seeker's country
            make_notice(counterpart)


def _statements(client: FlaskClient, count_queries, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    client.get(path)  # warm: the first request of a test reads what later ones keep
    with count_queries() as statements:
        assert client.get(path).status_code == 200
    return statements


def test_the_page_runs_a_constant_number_of_statements(client: FlaskClient, count_queries) -> None:  # type: ignore[no-untyped-def]
    seeker = make_organization(
        country=Country.US, type=OrganizationType.CITY_GOVERNMENT, focus_areas=AREAS,
        description="Air and water monitoring for the city.", description_zh="城市空气监测",
    )  # fmt: skip
    path = f"/partners?organization={seeker.id}"
    _counterparts(3)
    few = _statements(client, count_queries, path)
    _counterparts(30)
    many = _statements(client, count_queries, path)
    assert len(many) == len(few), "\n".join(many)
    assert len(many) <= BUDGET, "\n".join(many)


def test_the_ranking_runs_ten_statements(count_queries) -> None:  # type: ignore[no-untyped-def]
    seeker = make_organization(
        country=Country.US, focus_areas=AREAS, description="Air monitoring networks."
    )
    _counterparts(25)
    with count_queries() as statements:
        results = rank(from_organization(seeker))
        for result in results:
            assert result.why  # reading the reasons reads nothing more
            assert result.organization.focus_areas
    assert len(results) == 20
    # The terms and the corpus (2), the candidates by structure, text and notices (3), their
    # scores (1), the results' organizations, focus areas, terms and notices (4).
    assert len(statements) == 10, "\n".join(statements)
