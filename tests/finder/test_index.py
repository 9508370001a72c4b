"""The finder's index kept by the flush hook is what a rebuild from the records writes: every
change (a new organization, a new description, focus areas, a move to the other country, a
deletion) rewrites only what it touched, and the counts stay right."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.finder.index import reindex
from app.finder.models import FinderCorpus, FinderProfile, FinderTerm, FinderTermStat
from app.focus_areas import FocusArea
from app.organizations.models import Country, OrganizationFocusArea
from tests.finder.test_ranking import make_organization


def _snapshot() -> dict[str, list[tuple[object, ...]]]:
    """Every row of the index, but the impacts (weighed with the average length of the moment
    each document was written; the exact scores never read them)."""
    columns = {
        FinderProfile: list(FinderProfile.__table__.columns),
        FinderTerm: [c for c in FinderTerm.__table__.columns if c.name != "impact"],
        FinderTermStat: list(FinderTermStat.__table__.columns),
        FinderCorpus: list(FinderCorpus.__table__.columns),
    }
    return {
        model.__tablename__: sorted(tuple(row) for row in db.session.execute(select(*cols)))
        for model, cols in columns.items()
    }


@pytest.mark.parametrize("build_indexes_after", [False, True])
def test_the_kept_index_equals_a_rebuild_after_every_kind_of_change(
    build_indexes_after: bool,
) -> None:
    one = make_organization(
        country=Country.US, description="Wetland birds.", focus_areas=[FocusArea.CLEAN_AIR]
    )
    two = make_organization(country=Country.CN, description_zh="湿地候鸟监测")
    three = make_organization(country=Country.CN, description="Solar wetland pumps.")
    one.description = "Coastal wetland birds and mangroves."
    two.focus_areas.append(OrganizationFocusArea(focus_area=FocusArea.CLEAN_WATER))
    three.country = Country.US
    three.subdivision_code = "US-OH"
    db.session.flush()
    db.session.delete(two)
    db.session.flush()
    kept = _snapshot()
    assert kept["finder_profile"] and kept["finder_term"]
    reindex(db.session.connection(), build_indexes_after=build_indexes_after)
    assert _snapshot() == kept
