"""Writing the synthetic data set (`app.demo.synthetic` plans it) with bulk INSERTs: keys come
back from the database (``INSERT … RETURNING``), so no id is set by hand."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, insert, select

from app.accounts.models import Language, Role, Side, User, UserRole
from app.audit.services import record_event
from app.demo.data import cycle
from app.demo.records import rubric_criterion
from app.demo.synthetic import (
    ACCOUNT_DOMAIN,
    BATCH,
    NOT_A_PASSWORD_HASH,
    REVIEWERS_PER_PROPOSAL,
    REVIEWERS_PER_SIDE,
    SCALE_YEARS,
    SLUG_PREFIX,
    day_at,
    plan_scale,
)
from app.extensions import db
from app.organizations.models import Organization
from app.partnerships.models import (
    Milestone,
    Partnership,
    PartnershipFocusArea,
    PartnershipParticipant,
)
from app.proposals.models import (
    Participant,
    Proposal,
    ProposalFocusArea,
)
from app.reviews.models import (
    Decision,
    ReviewAssignment,
    ReviewScore,
)
from app.solicitations.models import RubricCriterion, Solicitation, SolicitationStatus
from app.updates.models import ProgressUpdate


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


def _batches(rows: Sequence[dict[str, Any]]) -> Iterator[Sequence[dict[str, Any]]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def _insert(model: Any, rows: Sequence[dict[str, Any]]) -> None:
    for batch in _batches(rows):
        db.session.execute(insert(model), batch)


def _insert_returning_ids(model: Any, rows: Sequence[dict[str, Any]]) -> list[int]:
    ids: list[int] = []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    for batch in _batches(rows):
        ids += db.session.scalars(statement, batch).all()
    return ids


def _resolve(rows: list[dict[str, Any]], **keys: tuple[str, list[int]]) -> list[dict[str, Any]]:
    """Rows with their references by position replaced by keys: ``organization=("organization_id",
    ids)`` turns ``"organization": 3`` into ``"organization_id": ids[3]``."""
    resolved = []
    for row in rows:
        row = dict(row)
        for reference, (column, ids) in keys.items():
            row[column] = ids[row.pop(reference)]
        resolved.append(row)
    return resolved


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

    organization_ids = _insert_returning_ids(Organization, plan.organizations)
    proposal_rows, proposal_years = [], []
    for row in plan.proposals:
        row = dict(row)
        proposal_years.append(row.pop("year"))
        row["solicitation_id"] = criteria[proposal_years[-1]][0]
        row["lead_organization_id"] = organization_ids[row.pop("lead_organization")]
        proposal_rows.append(row)
    proposal_ids = _insert_returning_ids(Proposal, proposal_rows)
    by_proposal = ("proposal_id", proposal_ids)
    by_organization = ("organization_id", organization_ids)
    _insert(
        Participant,
        _resolve(plan.proposal_participants, proposal=by_proposal, organization=by_organization),
    )
    _insert(ProposalFocusArea, _resolve(plan.proposal_focus_areas, proposal=by_proposal))
    reviews = _resolve(plan.reviews, proposal=by_proposal, reviewer=("reviewer_id", reviewers))
    scores = [
        (review.pop("scores"), criteria[proposal_years[planned["proposal"]]][1])
        for review, planned in zip(reviews, plan.reviews, strict=True)
    ]
    review_ids = _insert_returning_ids(ReviewAssignment, reviews)
    _insert(
        ReviewScore,
        [
            {"assignment_id": review_id, "criterion_id": criterion, "score": score}
            for review_id, (values, rubric) in zip(review_ids, scores, strict=True)
            for criterion, score in zip(rubric, values, strict=True)
        ],
    )
    decisions = _resolve(plan.decisions, proposal=by_proposal)
    for decision in decisions:
        decision["proposed_by_id"], decision["approved_by_id"] = chairs
    _insert(Decision, decisions)

    partnership_ids = _insert_returning_ids(
        Partnership, _resolve(plan.partnerships, proposal=by_proposal)
    )
    by_partnership = ("partnership_id", partnership_ids)
    _insert(
        PartnershipParticipant,
        _resolve(plan.participants, partnership=by_partnership, organization=by_organization),
    )
    _insert(PartnershipFocusArea, _resolve(plan.focus_areas, partnership=by_partnership))
    _insert(Milestone, _resolve(plan.milestones, partnership=by_partnership))
    _insert(ProgressUpdate, _resolve(plan.updates, partnership=by_partnership))

    summary.created = {
        "partnerships": len(plan.partnerships),
        "organizations": len(plan.organizations),
        "milestones": len(plan.milestones),
        "updates": len(plan.updates),
        "proposals": len(plan.proposals),
        "reviews": len(plan.reviews),
    }
    chair = db.session.get(User, chairs[0])
    record_event("demo.scaled", chair, actor=None, n=n, seed=seed, created=summary.created)
    db.session.flush()
    summary.seconds = time.perf_counter() - started
    return summary


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


def _solicitations() -> dict[int, tuple[int, list[int]]]:
    """For each cohort year: its call (the existing one, or a new archived one) and the ids of
    its rubric criteria in order (created when the call has none)."""
    found: dict[int, tuple[int, list[int]]] = {}
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
        ids = list(
            db.session.scalars(
                select(RubricCriterion.id)
                .where(RubricCriterion.solicitation_id == solicitation.id)
                .order_by(RubricCriterion.position)
            )
        )
        if len(ids) < len(cycle.RUBRIC):
            # Calls of the history carry no rubric; the synthetic reviews score against one.
            start = len(ids)
            for position, spec in enumerate(cycle.RUBRIC[start:], start=start + 1):
                criterion = rubric_criterion(solicitation, position, spec)
                db.session.add(criterion)
                db.session.flush()
                ids.append(criterion.id)
        found[year] = (solicitation.id, ids[: len(cycle.RUBRIC)])
    return found
