"""Writing the synthetic data set (`app.demo.synthetic` plans it) in bulk.

On PostgreSQL every table is written with ``COPY … FROM STDIN`` (psycopg's ``cursor.copy``), the
keys drawn beforehand from the tables' own sequences, so the sequences stay right and no id is
made up; 100,000 partnerships (about nine million rows) load in minutes. On SQLite parents are
inserted with ``INSERT … RETURNING`` and the rest with ``executemany`` in large batches. Either
way the rows go to the database in the current transaction, as the columns' types bind them,
with the models' Python-side defaults filled in, and each list of the plan is let go once written.
On PostgreSQL the tables keep their keys while the rows go in; their other indexes are built,
and their foreign keys checked, once at the end (`app.bulk.indexes_built_after`), and their
statistics refreshed (`_analyze`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain, islice
from typing import Any

from sqlalchemy import Table, func, insert, select, text

from app import bulk, data_version
from app.accounts.models import Language, Role, Side, User, UserRole
from app.audit.services import record_event
from app.demo.data import cycle
from app.demo.finder_data import plan_finder_organizations
from app.demo.records import rubric_criterion
from app.demo.scale_notices import plan_notices
from app.demo.synthetic import (
    ACCOUNT_DOMAIN,
    NOT_A_PASSWORD_HASH,
    REVIEWERS_PER_PROPOSAL,
    REVIEWERS_PER_SIDE,
    SCALE_YEARS,
    SLUG_PREFIX,
    day_at,
    places,
    plan_scale,
)
from app.extensions import db
from app.finder import index as finder_index
from app.notices.models import NoticeFocusArea, NoticeRegion, PartnerNotice
from app.organizations.models import Country, Organization, OrganizationFocusArea
from app.partnerships.models import (
    Milestone,
    Partnership,
    PartnershipFocusArea,
    PartnershipParticipant,
    PartnershipStatus,
)
from app.proposals.models import (
    Participant,
    Proposal,
    ProposalFocusArea,
)
from app.reviews import calibration
from app.reviews.models import (
    Decision,
    ReviewAssignment,
    ReviewScore,
)
from app.solicitations.models import RubricCriterion, Solicitation, SolicitationStatus
from app.updates.models import ProgressUpdate

# Every table the data set writes to in bulk.
WRITTEN = (
    Organization,
    OrganizationFocusArea,
    Proposal,
    Participant,
    ProposalFocusArea,
    ReviewAssignment,
    ReviewScore,
    Decision,
    Partnership,
    PartnershipParticipant,
    PartnershipFocusArea,
    Milestone,
    ProgressUpdate,
    PartnerNotice,
    NoticeFocusArea,
    NoticeRegion,
)
SQLITE_BATCH = 50_000  # rows per executemany on SQLite
RETURNING_BATCH = 5_000  # rows per INSERT … RETURNING round trip (SQLite)


@dataclass
class ScaleSummary:
    """What `seed_scale` wrote (nothing if the data set was already there), and how long it took."""

    n: int
    seed: int
    created: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def describe(self) -> str:
        """A line for the command line."""
        if not self.created:
            return "Synthetic data set already loaded: nothing to add."
        rows = ", ".join(f"{count} {kind}" for kind, count in self.created.items())
        return (
            f"Synthetic data set (scale {self.n}, seed {self.seed}) loaded in "
            f"{self.seconds:.1f} s: {rows}."
        )


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


def _is_postgresql() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _with_defaults(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """`row` with every column the models fill in Python (scalars and callables such as
    ``created_at``) that it leaves out: what an ORM INSERT would send."""
    for column in table.columns:
        if column.name not in row and column.default is not None and not column.primary_key:
            default = column.default
            if default.is_scalar:
                row[column.name] = default.arg  # type: ignore[attr-defined]
            elif default.is_callable:
                row[column.name] = default.arg(None)  # type: ignore[attr-defined]
    return row


def _copy(table: Table, rows: Iterable[dict[str, Any]]) -> None:
    """Write `rows` (ids included) with one ``COPY … FROM STDIN``, each value bound as the
    column's type binds it."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return
    first = _with_defaults(table, first)
    names = list(first)
    dialect = db.session.get_bind().dialect
    binders = [table.columns[name].type._cached_bind_processor(dialect) for name in names]
    columns = ", ".join(f'"{name}"' for name in names)
    raw = db.session.connection().connection.driver_connection
    with (
        raw.cursor() as cursor,  # type: ignore[union-attr]
        cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy,
    ):
        for row in chain((first,), (_with_defaults(table, row) for row in iterator)):
            copy.write_row(
                [
                    bind(row[name]) if bind else row[name]
                    for name, bind in zip(names, binders, strict=True)
                ]
            )


def _reserve_ids(table: Table, count: int) -> list[int]:
    """`count` fresh keys from the table's own sequence (PostgreSQL)."""
    return list(
        db.session.scalars(
            text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                "FROM generate_series(1, :count) ORDER BY 1"
            ),
            {"table": table.name, "count": count},
        )
    )


def _analyze(models: Sequence[Any]) -> None:
    """Refresh PostgreSQL's statistics of the tables just filled, as its manual advises after
    a bulk load ("Populating a Database") and as autovacuum would shortly after the commit:
    without them the first pages read after the load are planned blind."""
    for model in models:
        db.session.execute(text(f'ANALYZE "{model.__table__.name}"'))


def _insert(model: Any, rows: Iterable[dict[str, Any]]) -> None:
    if _is_postgresql():
        _copy(model.__table__, rows)
        return
    for batch in _batches(rows, SQLITE_BATCH):
        db.session.execute(insert(model), batch)


def _insert_returning_ids(model: Any, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Write `rows` and give back their keys, in order."""
    if _is_postgresql():
        ids = _reserve_ids(model.__table__, len(rows))
        _copy(model.__table__, ({"id": key, **row} for key, row in zip(ids, rows, strict=True)))
        return ids
    found: list[int] = []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    for batch in _batches(rows, RETURNING_BATCH):
        found += db.session.scalars(statement, batch).all()
    return found


def _resolve(
    rows: Iterable[dict[str, Any]], **keys: tuple[str, list[int]]
) -> Iterator[dict[str, Any]]:
    """Rows with their references by position replaced by keys: ``organization=("organization_id",
    ids)`` turns ``"organization": 3`` into ``"organization_id": ids[3]``."""
    for row in rows:
        row = dict(row)
        for reference, (column, ids) in keys.items():
            row[column] = ids[row.pop(reference)]
        yield row


def is_loaded() -> bool:
    """Whether a synthetic data set is already in the database."""
    return bool(
        db.session.scalar(
            select(func.count(Partnership.id)).where(Partnership.slug.startswith(SLUG_PREFIX))
        )
    )


def seed_scale(n: int, *, seed: int = 1) -> ScaleSummary:
    """Add the synthetic data set of `n` partnerships drawn with `seed` to the current
    transaction, unless one is loaded already. Flushes; the caller commits.

    Records one ``demo.scaled`` audit event, on the U.S. synthetic chair.
    """
    summary = ScaleSummary(n=n, seed=seed)
    if is_loaded():
        return summary
    started = time.perf_counter()
    plan = plan_scale(n, seed=seed)
    reviewers, chairs = _accounts()
    criteria = _solicitations()

    summary.created = {
        "partnerships": len(plan.partnerships),
        "organizations": len(plan.organizations),
        "milestones": len(plan.milestones),
        "updates": len(plan.updates),
        "proposals": len(plan.proposals),
        "reviews": len(plan.reviews),
    }
    # The rows go in with the tables' keys in place, and their other indexes and foreign keys
    # built and checked once at the end (`app.bulk`): the table is locked until the commit.
    written = [model.__tablename__ for model in WRITTEN]
    with bulk.indexes_built_after(db.session.connection(), *written, keep_keys=True):
        countries = [row["country"] for row in plan.organizations]
        organization_ids = _insert_returning_ids(Organization, plan.organizations)
        plan.organizations = []
        proposal_years = [row["year"] for row in plan.proposals]
        proposal_ids = _insert_returning_ids(
            Proposal,
            [
                {
                    **{k: v for k, v in row.items() if k not in ("year", "lead_organization")},
                    "solicitation_id": criteria[row["year"]][0],
                    "lead_organization_id": organization_ids[row["lead_organization"]],
                }
                for row in plan.proposals
            ],
        )
        plan.proposals = []
        by_proposal = ("proposal_id", proposal_ids)
        by_organization = ("organization_id", organization_ids)
        _insert(
            Participant,
            _resolve(
                plan.proposal_participants, proposal=by_proposal, organization=by_organization
            ),
        )
        _insert(ProposalFocusArea, _resolve(plan.proposal_focus_areas, proposal=by_proposal))
        plan.proposal_participants = plan.proposal_focus_areas = []
        scores = [
            (review.pop("scores"), criteria[proposal_years[review["proposal"]]][1])
            for review in plan.reviews
        ]
        for review, (values, rubric) in zip(plan.reviews, scores, strict=True):
            # What `ReviewAssignment.store_weighted_mean` keeps, without loading the rows back.
            review["weighted_mean"] = calibration.weighted_mean(
                dict(zip(rubric, values, strict=True)), rubric
            )
        review_ids = _insert_returning_ids(
            ReviewAssignment,
            list(_resolve(plan.reviews, proposal=by_proposal, reviewer=("reviewer_id", reviewers))),
        )
        plan.reviews = []
        _insert(
            ReviewScore,
            (
                {"assignment_id": review_id, "criterion_id": criterion, "score": score}
                for review_id, (values, rubric) in zip(review_ids, scores, strict=True)
                for criterion, score in zip(rubric, values, strict=True)
            ),
        )
        del scores, review_ids
        proposed_by, approved_by = chairs
        _insert(
            Decision,
            (
                {**row, "proposed_by_id": proposed_by, "approved_by_id": approved_by}
                for row in _resolve(plan.decisions, proposal=by_proposal)
            ),
        )
        plan.decisions = []

        partnership_ids = _insert_returning_ids(
            Partnership,
            [
                {**row, "is_active": row["status"] == PartnershipStatus.ACTIVE}
                for row in _resolve(plan.partnerships, proposal=by_proposal)
            ],
        )
        plan.partnerships = []
        by_partnership = ("partnership_id", partnership_ids)
        _insert(
            PartnershipParticipant,
            _resolve(plan.participants, partnership=by_partnership, organization=by_organization),
        )
        _insert(PartnershipFocusArea, _resolve(plan.focus_areas, partnership=by_partnership))
        plan.participants = plan.focus_areas = []
        _insert(Milestone, _resolve(plan.milestones, partnership=by_partnership))
        plan.milestones = []
        _insert(ProgressUpdate, _resolve(plan.updates, partnership=by_partnership))
        plan.updates = []
        summary.created["notices"] = _write_notices(countries, organization_ids, n, seed)
        summary.created["finder organizations"] = _finder_organizations(n, seed)

    chair = db.session.get(User, chairs[0])
    record_event("demo.scaled", chair, actor=None, n=n, seed=seed, created=summary.created)
    db.session.flush()
    # Bulk INSERTs: no flush told the finder's index; it is written in bulk once. Nor did the
    # COPYs move the versions of the data (`app.data_version`).
    finder_index.reindex(db.session.connection(), build_indexes_after=True)
    data_version.bump(db.session.connection(), public=True, ranking=True)
    if _is_postgresql():
        _analyze(WRITTEN)
        finder_index.analyze(db.session.connection())
    summary.seconds = time.perf_counter() - started
    return summary


def _write_notices(countries: list[Country], organization_ids: list[int], n: int, seed: int) -> int:
    """Issue 18: the partner-search notices (`app.demo.scale_notices`); how many."""
    notices = plan_notices(countries, n, seed=seed)
    by_organization = ("organization_id", organization_ids)
    notice_ids = _insert_returning_ids(
        PartnerNotice, list(_resolve(notices.notices, organization=by_organization))
    )
    by_notice = ("notice_id", notice_ids)
    _insert(NoticeFocusArea, _resolve(notices.focus_areas, notice=by_notice))
    _insert(NoticeRegion, _resolve(notices.regions, notice=by_notice))
    return len(notice_ids)


def _finder_organizations(n: int, seed: int) -> int:
    """The organizations the partner finder is measured with, and their focus areas; how many."""
    rows, areas = plan_finder_organizations(n, places(), seed=seed)
    ids = _insert_returning_ids(Organization, rows)
    _insert(
        OrganizationFocusArea,
        (
            {"organization_id": key, "focus_area": area}
            for key, held in zip(ids, areas, strict=True)
            for area in held
        ),
    )
    return len(ids)


def _accounts() -> tuple[list[int], tuple[int, int]]:
    """The synthetic reviewers (U.S. side first) and the two chairs (U.S., Chinese), created
    if missing. They cannot sign in."""

    def account(local: str, role: Role, side: Side) -> int:
        email = f"{local}@{ACCOUNT_DOMAIN}"
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(
                email=email,
                password_hash=NOT_A_PASSWORD_HASH,
                display_name=f"Synthetic {role.value} {local}",
                language=Language.ZH if side == Side.CN else Language.EN,
                time_zone="Asia/Shanghai" if side == Side.CN else "America/New_York",
                side=side,
                is_active=False,
            )
            db.session.add(user)
            db.session.flush()
            db.session.add(UserRole(user_id=user.id, role=role))
        return user.id

    reviewers = [
        account(f"reviewer{i + 1}.{side.value.lower()}", Role.REVIEWER, side)
        for side in (Side.US, Side.CN)
        for i in range(REVIEWERS_PER_SIDE)
    ]
    chairs = (account("chair.us", Role.CHAIR, Side.US), account("chair.cn", Role.CHAIR, Side.CN))
    db.session.flush()
    return reviewers, chairs


def _solicitations() -> dict[int, tuple[int, dict[int, float]]]:
    """For each cohort year: its call (the existing one, or a new archived one) and its rubric
    criteria in order, id → weight (created when the call has none)."""
    found: dict[int, tuple[int, dict[int, float]]] = {}
    for year in SCALE_YEARS:
        solicitation = db.session.scalar(select(Solicitation).where(Solicitation.year == year))
        if solicitation is None:
            solicitation = Solicitation(
                year=year,
                title_en=f"{year} U.S.–China EcoPartnerships solicitation",
                title_zh=f"{year}年中美绿色合作伙伴计划征集",
                guidance_en="A synthetic call of the scale data set.",
                guidance_zh="规模测试数据集中的虚构征集。",
                opens_at=day_at(date(year, 3, 1)),
                closes_at=day_at(date(year, 5, 31), 15),
                reviewers_per_proposal=REVIEWERS_PER_PROPOSAL,
                target_selections=5,
                status=SolicitationStatus.ARCHIVED,
            )
            db.session.add(solicitation)
            db.session.flush()
        rubric: list[tuple[int, float]] = list(
            db.session.execute(
                select(RubricCriterion.id, RubricCriterion.weight)
                .where(RubricCriterion.solicitation_id == solicitation.id)
                .order_by(RubricCriterion.position)
            ).all()
        )
        if len(rubric) < len(cycle.RUBRIC):
            # Calls of the history carry no rubric; the synthetic reviews score against one.
            start = len(rubric)
            for position, spec in enumerate(cycle.RUBRIC[start:], start=start + 1):
                criterion = rubric_criterion(solicitation, position, spec)
                db.session.add(criterion)
                db.session.flush()
                rubric.append((criterion.id, float(criterion.weight)))
        found[year] = (solicitation.id, dict(rubric[: len(cycle.RUBRIC)]))
    return found
