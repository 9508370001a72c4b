"""Solicitations: factories for tests of solicitations and of the modules that use them."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from app import clock
from app.extensions import db
from app.solicitations.models import Solicitation, SolicitationStatus
from app.solicitations.services import default_criteria

_years = itertools.count(2100)


def make_solicitation(
    status: SolicitationStatus = SolicitationStatus.OPEN,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    criteria: bool = True,
    year: int | None = None,
    **fields: Any,
) -> Solicitation:
    """A solicitation (by default open now: opened 30 days ago, closing in 30 days, relative to
    `clock.now()`), with the five default rubric criteria unless `criteria` is False.

    The year defaults to 2027; when a solicitation of that year already exists in the test's
    transaction a later unused year is taken, so a test may make several.
    """
    now = clock.now()
    opens_at = opens_at or (
        closes_at - timedelta(days=60) if closes_at is not None else now - timedelta(days=30)
    )
    closes_at = closes_at or opens_at + timedelta(days=60)
    if year is None:
        year = 2027 if _year_is_free(2027) else next(y for y in _years if _year_is_free(y))
    solicitation = Solicitation(
        year=year,
        title_en=fields.pop("title_en", f"{year} U.S.–China EcoPartnerships Solicitation"),
        title_zh=fields.pop("title_zh", f"{year}年中美绿色合作伙伴计划征集"),
        guidance_en=fields.pop(
            "guidance_en", "Partner across the Pacific. **Apply** by the deadline."
        ),
        guidance_zh=fields.pop("guidance_zh", "跨太平洋合作。请在截止时间前**申请**。"),
        opens_at=opens_at,
        closes_at=closes_at,
        score_min=fields.pop("score_min", 1),
        score_max=fields.pop("score_max", 5),
        reviewers_per_proposal=fields.pop("reviewers_per_proposal", 2),
        target_selections=fields.pop("target_selections", 5),
        status=status,
        criteria=default_criteria() if criteria else [],
        **fields,
    )
    db.session.add(solicitation)
    db.session.flush()
    return solicitation


def _year_is_free(year: int) -> bool:
    return db.session.scalar(db.select(Solicitation.id).where(Solicitation.year == year)) is None
