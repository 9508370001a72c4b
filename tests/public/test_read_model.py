"""The public read model's cohort years against the chairs' (withdrawn cohorts included)."""

from __future__ import annotations

from app.partnerships.dashboard import all_cohort_years
from app.partnerships.models import PartnershipStatus
from app.public.read_model import public_cohort_years
from tests.partnerships.factories import make_partnership


def test_a_cohort_whose_partnerships_all_withdrew_is_not_public() -> None:
    make_partnership(cohort_year=2019, status=PartnershipStatus.WITHDRAWN)
    make_partnership(cohort_year=2020)
    assert 2019 not in public_cohort_years()
    assert 2020 in public_cohort_years()
    assert {2019, 2020} <= set(all_cohort_years())
