"""A history that adds up: every count of selected partnerships the portal shows (calls, directory,
statistics, cohort reports, API) comes from the same records — the partnerships it lists plus
the call's `unlisted_selections` — and where the record is incomplete the page says so."""

from __future__ import annotations

import io
import json
import re

import pytest
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy import func, select

from app.demo.data import history
from app.demo.services import seed_demo
from app.extensions import db
from app.partnerships.models import Partnership
from app.public.queries import DECIDED_STATUSES, PUBLIC_PARTNERSHIP
from app.solicitations.models import Solicitation

DECLARED = {cohort.year: cohort.selected for cohort in history.COHORTS}


@pytest.fixture
def seeded() -> None:
    seed_demo()
    db.session.commit()


def listed_in_directory(client: FlaskClient, year: int) -> int:
    """How many partnerships the public directory lists for a cohort."""
    page = client.get(f"/partnerships?cohort_year={year}").get_data(as_text=True)
    found = re.search(r"(\d+) partnerships? found", page)
    return int(found.group(1)) if found else 0


def test_every_calls_selected_count_is_the_directorys_or_declared_otherwise(
    client: FlaskClient, seeded: None
) -> None:
    calls = db.session.scalars(
        select(Solicitation).where(Solicitation.status.in_(DECIDED_STATUSES))
    ).all()
    assert {c.year for c in calls} >= set(DECLARED)
    for call in calls:
        listed = listed_in_directory(client, call.year)
        public = db.session.scalar(
            select(func.count(Partnership.id)).where(
                PUBLIC_PARTNERSHIP, Partnership.cohort_year == call.year
            )
        )
        assert listed == public, call.year
        # The program's number selected (the public record for history) = listed + declared.
        assert listed + call.unlisted_selections == DECLARED.get(call.year, listed), call.year
        if call.unlisted_selections:
            assert "not in the public record" in call.guidance_en, call.year
    assert {c.year: c.unlisted_selections for c in calls if c.unlisted_selections} == {
        2008: 1,
        2012: 3,
        2013: 2,
        2014: 6,
        2015: 3,
        2016: 2,
    }


def test_the_pages_and_the_api_say_where_the_record_is_incomplete(
    client: FlaskClient, seeded: None
) -> None:
    statistics = client.get("/statistics").get_data(as_text=True)
    assert "6 selected — names not recorded" in statistics  # 2014: none named
    assert "6 selected — the names of 2 are not recorded" in statistics  # 2013: 4 listed
    directory = client.get("/partnerships?cohort_year=2013").get_data(as_text=True)
    assert "6 selected — the names of 2 are not recorded" in directory
    numbers = json.loads(client.get("/api/v1/statistics").data)
    per_cohort = {row["cohort_year"]: row for row in numbers["partnerships_per_cohort"]}
    assert per_cohort[2014] == {"cohort_year": 2014, "partnerships": 0, "unlisted_selections": 6}
    years = {row["year"]: row for row in numbers["applications_per_year"]}
    assert years[2013]["selections"] + years[2013]["unlisted"] == DECLARED[2013]
    call = json.loads(client.get("/api/v1/solicitations/2014").data)
    assert call["unlisted_selections"] == 6 and call["target_selections"] == 6


def test_a_historical_cohort_report_says_milestones_are_not_recorded(
    client: FlaskClient, seeded: None
) -> None:
    from tests.exports.reading import ReadPdf

    pdf = ReadPdf(client.get("/partnerships/cohorts/2013.pdf").data)
    assert pdf.has("Milestones are not recorded for the partnerships of this cohort")
    assert not pdf.has("0/0") and not pdf.has("of 0 milestones")
    assert pdf.has("the names of 2 are not in the public record")
    assert pdf.record["totals"]["unlisted_selections"] == 2
    assert pdf.record["milestones_recorded"] is False


def test_a_cohort_whose_names_are_not_recorded_has_a_report_that_says_so(
    client: FlaskClient, seeded: None
) -> None:
    response = client.get("/partnerships/cohorts/2014.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.data)).pages
    )
    assert "6 partnerships selected in 2014." in text
    assert "Selected in 2014: 6 partnerships whose names are not in the public record" in text
    assert client.get("/partnerships/cohorts/2009.pdf").status_code == 404  # no call that year
