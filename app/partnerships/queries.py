"""Reads about partnerships shared by the public pages, the API, feeds and PDFs.

What the public may see is decided here, once: published public updates, done milestones marked
as Key Accomplishments, the work plan of partnerships that are not withdrawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.partnerships.models import Milestone, MilestoneStatus, Partnership
from app.updates.models import ProgressUpdate, UpdateState, Visibility

PUBLIC_UPDATE = (ProgressUpdate.state == UpdateState.PUBLISHED) & (
    ProgressUpdate.visibility == Visibility.PUBLIC
)


def published_updates(
    partnership: Partnership | None = None, *, limit: int | None = 20
) -> Sequence[ProgressUpdate]:
    """Published public updates, newest first; of one partnership, or of all."""
    statement = (
        select(ProgressUpdate)
        .where(PUBLIC_UPDATE)
        .options(selectinload(ProgressUpdate.partnership))
        .order_by(ProgressUpdate.published_at.desc(), ProgressUpdate.id.desc())
    )
    if partnership is not None:
        statement = statement.where(ProgressUpdate.partnership_id == partnership.id)
    if limit is not None:
        statement = statement.limit(limit)
    return db.session.scalars(statement).all()


def key_accomplishments(partnership: Partnership) -> Sequence[Milestone]:
    """Done milestones the partners chose to feature, most recent first."""
    return db.session.scalars(
        select(Milestone)
        .where(
            Milestone.partnership_id == partnership.id,
            Milestone.status == MilestoneStatus.DONE,
            Milestone.is_key_accomplishment.is_(True),
        )
        .order_by(Milestone.completed_on.desc(), Milestone.number)
    ).all()


def work_plan(partnership: Partnership) -> list[tuple[int, list[Milestone]]]:
    """The milestones by pilot year: [(1, [...]), (2, [...]), (3, [...])]."""
    milestones = db.session.scalars(
        select(Milestone)
        .where(Milestone.partnership_id == partnership.id)
        .order_by(Milestone.pilot_year, Milestone.number)
    ).all()
    return [(year, list(items)) for year, items in groupby(milestones, key=lambda m: m.pilot_year)]
