"""The finder's score: each component moves a counterpart up, the "why" says so, and what
may never be listed is not."""

from __future__ import annotations

from dataclasses import replace

from flask_babel import force_locale

from app.extensions import db
from app.finder.queries import rank
from app.finder.seekers import from_organization
from app.focus_areas import FocusArea
from app.organizations.models import Country, OrganizationType
from app.organizations.queries import OrganizationFilters
from tests import factories

_names = iter(range(1, 10_000))


def make_organization(*members: object, **fields: object):  # type: ignore[no-untyped-def]
    """An organization whose names share no term with another's (the factory's "Test
    Organization 7" and 测试机构7 would make every pair similar)."""
    n = next(_names)
    fields.setdefault("name_en", f"N{n}q")
    fields.setdefault("name_zh", str(n))
    return factories.make_organization(*members, **fields)  # type: ignore[arg-type]


CN = Country.CN
US = Country.US


def _ids(results: list) -> list[int]:  # type: ignore[type-arg]
    return [r.organization.id for r in results]


def test_a_shared_focus_area_ranks_above_none() -> None:
    seeker = make_organization(
        country=US, type=OrganizationType.UNIVERSITY, focus_areas=[FocusArea.CLEAN_AIR]
    )
    none = make_organization(country=CN, focus_areas=[FocusArea.CLEAN_WATER])
    shared = make_organization(country=CN, focus_areas=[FocusArea.CLEAN_AIR])
    results = rank(from_organization(seeker))
    assert _ids(results)[:2] == [shared.id, none.id]
    assert results[0].shared == (FocusArea.CLEAN_AIR,)
    assert results[0].score > results[1].score
    with force_locale("en"):
        assert results[0].why[0] == "Shares 1 focus area: Clean air (+3)"


def test_two_shared_focus_areas_rank_above_one() -> None:
    areas = [FocusArea.CLEAN_AIR, FocusArea.CLEAN_WATER]
    seeker = make_organization(country=US, focus_areas=areas)
    one = make_organization(country=CN, focus_areas=areas[:1])
    two = make_organization(country=CN, focus_areas=areas)
    assert _ids(rank(from_organization(seeker)))[:2] == [two.id, one.id]


def test_complementary_types_rank_above_others_and_say_why() -> None:
    city = make_organization(country=CN, type=OrganizationType.CITY_GOVERNMENT)
    company = make_organization(country=US, type=OrganizationType.ENTERPRISE)
    association = make_organization(country=US, type=OrganizationType.INDUSTRY_ASSOCIATION)
    results = rank(from_organization(city))
    assert _ids(results)[0] == company.id
    assert association.id not in _ids(results)  # no pairing, nothing else: no reason to list
    with force_locale("en"):
        assert results[0].why == [
            "Enterprise: a local government offers a pilot site for a company's technology (+2)"
        ]
    with force_locale("zh_Hans"):
        assert "企业" in results[0].why[0]


def test_a_wished_region_ranks_above_another() -> None:
    seeker = make_organization(country=CN, focus_areas=[FocusArea.CLEAN_AIR])
    utah = make_organization(
        country=US, subdivision_code="US-UT", focus_areas=[FocusArea.CLEAN_AIR]
    )
    ohio = make_organization(
        country=US, subdivision_code="US-OH", focus_areas=[FocusArea.CLEAN_AIR]
    )
    wished = replace(from_organization(seeker), wished_regions=frozenset({"US-OH"}))
    results = rank(wished)
    assert _ids(results)[:2] == [ohio.id, utah.id]
    with force_locale("en"):
        assert "In Ohio, a region sought (+2)" in results[0].why
    assert not results[1].in_wished_region


def test_similar_english_descriptions_rank_first_with_the_terms_named() -> None:
    seeker = make_organization(
        country=US, description="We restore coastal wetlands and mangrove habitats."
    )
    make_organization(country=CN, description="A software company making accounting tools.")
    similar = make_organization(
        country=CN, description="Mangrove and wetland restoration along the coast."
    )
    results = rank(from_organization(seeker))
    assert _ids(results)[0] == similar.id
    assert {"mangrove", "wetland"} <= set(results[0].terms)
    with force_locale("en"):
        assert any(
            r.startswith("Similar description: ") and "mangrove" in r for r in results[0].why
        )


def test_similar_chinese_descriptions_rank_first() -> None:
    seeker = make_organization(country=CN, description="", description_zh="青海湖湿地保护与监测")
    make_organization(country=US, description_zh="城市公共交通规划")
    similar = make_organization(country=US, description_zh="湿地保护和候鸟监测")
    results = rank(from_organization(seeker))
    assert _ids(results)[0] == similar.id
    assert "湿地" in results[0].terms


def test_same_country_and_own_organizations_are_never_listed() -> None:
    areas = [FocusArea.CLEAN_AIR]
    seeker = make_organization(country=US, focus_areas=areas)
    same_country = make_organization(country=US, focus_areas=areas)
    own_across = make_organization(country=CN, focus_areas=areas)
    other = make_organization(country=CN, focus_areas=areas)
    ids = _ids(rank(from_organization(seeker, excluded=[own_across.id])))
    assert other.id in ids
    assert seeker.id not in ids and same_country.id not in ids and own_across.id not in ids


def test_the_directory_filters_narrow_the_counterparts() -> None:
    seeker = make_organization(country=US, focus_areas=[FocusArea.CLEAN_AIR])
    qinghai = make_organization(
        country=CN, subdivision_code="CN-QH", focus_areas=[FocusArea.CLEAN_AIR]
    )
    hainan = make_organization(
        country=CN, subdivision_code="CN-HI", focus_areas=[FocusArea.CLEAN_AIR]
    )
    ids = _ids(rank(from_organization(seeker), OrganizationFilters(subdivision_code="CN-HI")))
    assert ids == [hainan.id]
    assert qinghai.id not in ids


def test_the_index_follows_a_changed_description_without_a_rebuild() -> None:
    seeker = make_organization(country=US, description="Solar microgrids for rural clinics.")
    counterpart = make_organization(country=CN, description="Accounting software.")
    assert counterpart.id not in _ids(rank(from_organization(seeker)))
    counterpart.description = "Rural solar microgrids and battery storage."
    db.session.flush()
    results = rank(from_organization(seeker))
    assert _ids(results)[0] == counterpart.id
    assert "microgrid" in results[0].terms
    counterpart.description = "Accounting software."
    db.session.flush()
    assert counterpart.id not in _ids(rank(from_organization(seeker)))


def test_the_index_follows_changed_focus_areas() -> None:
    from app.organizations.models import OrganizationFocusArea

    seeker = make_organization(country=US, focus_areas=[FocusArea.CLEAN_WATER])
    counterpart = make_organization(country=CN)
    assert counterpart.id not in _ids(rank(from_organization(seeker)))
    counterpart.focus_areas.append(OrganizationFocusArea(focus_area=FocusArea.CLEAN_WATER))
    db.session.flush()
    assert _ids(rank(from_organization(seeker))) == [counterpart.id]
