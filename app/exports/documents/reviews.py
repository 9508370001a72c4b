"""The records of a proposal's review: the chairs' dossier and the applicants' summary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.accounts.models import User
from app.exports.documents.common import moment, person
from app.exports.documents.proposals import (
    decided_at,
    outcome_of,
    proposal_file,
    proposal_summary,
)
from app.exports.rendering import Document
from app.extensions import db
from app.proposals.models import (
    Proposal,
)
from app.reviews import queries as review_queries
from app.reviews import ranking as review_ranking
from app.reviews.models import Conflict, ReviewAssignment
from app.solicitations.models import Solicitation


@dataclass(frozen=True)
class ReviewLine:
    """A submitted review as the dossier shows it."""

    number: int
    assignment: ReviewAssignment
    scores: dict[int, int]  # criterion id → score
    weighted_mean: float | None


def review_lines(proposal: Proposal) -> list[ReviewLine]:
    """The submitted reviews of `proposal`, numbered, with their scores and weighted means."""
    return [
        ReviewLine(
            number=index,
            assignment=review,
            scores={s.criterion_id: s.score for s in review.scores},
            weighted_mean=review_queries.review_weighted_mean(review),
        )
        for index, review in enumerate(review_queries.submitted_reviews(proposal), start=1)
    ]


def _rounded(value: float | None) -> float | None:
    return round(value, 4) if value is not None else None


def dossier_document(proposal: Proposal, *, viewer: User) -> Document:
    """The chairs' review dossier: scores by criterion and reviewer, weighted and calibrated
    scores, every comment (confidential ones too), conflicts declared, the discussion and the
    decision trail with both co-chairs' keys.

    `viewer` is a reader free of conflict with the proposal (the permission says so); the
    ranking's numbers do not depend on who reads them.
    """
    solicitation = proposal.solicitation
    criteria = list(solicitation.criteria)
    lines = review_lines(proposal)
    spread = float(solicitation.disagreement_spread)
    ranked = next(
        (
            line
            for line in review_ranking.ranking(
                solicitation, viewer=viewer, disagreement_spread=spread
            )
            if line.proposal.id == proposal.id
        ),
        None,
    )
    assignments = review_queries.assignments_for(solicitation).get(proposal.id, [])
    conflicts = _conflicts_with(proposal)
    decisions = review_queries.decision_history(proposal)
    discussion = review_queries.comments_on(proposal)
    published_at = decided_at(proposal)
    row = ranked.row if ranked else None
    record = {
        "proposal": {
            **proposal_summary(proposal),
            "is_eligible": proposal.is_eligible,
            "ineligibility_reason": proposal.ineligibility_reason,
        },
        "rubric": _rubric(solicitation),
        "reviews": [
            {
                "number": line.number,
                "reviewer": person(line.assignment.reviewer),
                "submitted_at": moment(line.assignment.submitted_at),
                "scores": _scores(line, criteria),
                "weighted_mean": _rounded(line.weighted_mean),
                "recommendation": line.assignment.recommendation.value
                if line.assignment.recommendation
                else None,
                "comments_to_applicant": line.assignment.comments_to_applicant,
                "comments_to_secretariat": line.assignment.comments_to_secretariat,
            }
            for line in lines
        ],
        "ranking": {
            "position": ranked.position if ranked else None,
            "reviews": row.reviews if row else len(lines),
            "weighted_mean": _rounded(row.raw) if row else _rounded(_mean(lines)),
            "calibrated": _rounded(row.calibrated) if row else None,
            "spread": _rounded(row.spread) if row else None,
            "disagreement": row.disagreement if row else False,
            "disagreement_spread": spread,
        },
        "assignments": [
            {
                "reviewer": person(a.reviewer),
                "state": a.state.value,
                "recusal_reason": a.recusal_reason,
            }
            for a in assignments
        ],
        "conflicts": [
            {
                "reviewer": person(c.reviewer),
                "organization": {
                    "name_en": c.organization.name_en,
                    "name_zh": c.organization.name_zh,
                },
                "reason": c.reason,
            }
            for c in conflicts
        ],
        "decisions": [
            {
                "outcome": d.outcome.value,
                "state": d.state.value,
                "rationale": d.rationale,
                "proposed_by": person(d.proposed_by),
                "proposed_at": moment(d.proposed_at),
                "approved_by": person(d.approved_by),
                "approved_at": moment(d.approved_at),
            }
            for d in decisions
        ],
        "published_at": moment(published_at),
        "discussion": [
            {
                "author": person(c.author),
                "posted_at": moment(c.created_at),
                "body": c.body,
            }
            for c in discussion
        ],
    }
    return proposal_file(
        proposal,
        "dossier",
        "review-dossier",
        lambda reference: _("Review dossier of %(reference)s", reference=reference),
        template="pdf/dossier.html",
        context={
            **_review_context(
                proposal,
                lines,
                raw_mean=row.raw if row else _mean(lines),
                published_at=published_at,
                anonymized=False,
            ),
            "ranked": ranked,
            "spread_threshold": spread,
            "assignments": assignments,
            "conflicts": conflicts,
            "decisions": decisions,
            "discussion": discussion,
        },
        record=record,
        contents=True,
    )


def _conflicts_with(proposal: Proposal) -> list[Conflict]:
    """Conflicts of interest recorded with the proposal's participant organizations (the
    chairs' conflicts page lists the same records for the whole program)."""
    return list(
        db.session.scalars(
            select(Conflict)
            .where(Conflict.organization_id.in_([p.organization_id for p in proposal.participants]))
            .options(selectinload(Conflict.reviewer), selectinload(Conflict.organization))
            .order_by(Conflict.id)
        )
    )


def review_summary_document(proposal: Proposal) -> Document:
    """The anonymized dossier for the applicants, once the decision is published: each review's
    scores by criterion and weighted mean, and its comments to the applicant, numbered; no
    reviewer, chair or confidential comment, no recommendation, no discussion."""
    solicitation = proposal.solicitation
    criteria = list(solicitation.criteria)
    lines = review_lines(proposal)
    published_at = decided_at(proposal)
    outcome = outcome_of(proposal)
    record = {
        "proposal": proposal_summary(proposal),
        "rubric": _rubric(solicitation),
        "reviews": [
            {
                "number": line.number,
                "scores": _scores(line, criteria),
                "weighted_mean": _rounded(line.weighted_mean),
                "comments_to_applicant": line.assignment.comments_to_applicant,
            }
            for line in lines
        ],
        "weighted_mean": _rounded(_mean(lines)),
        "decision": {
            "outcome": outcome.value if outcome else None,
            "is_eligible": proposal.is_eligible,
            "ineligibility_reason": "" if proposal.is_eligible else proposal.ineligibility_reason,
            "published_at": moment(published_at),
        },
    }
    return proposal_file(
        proposal,
        "review-summary",
        "reviews",
        lambda reference: _("Reviews of %(reference)s", reference=reference),
        template="pdf/dossier.html",
        context=_review_context(
            proposal, lines, raw_mean=_mean(lines), published_at=published_at, anonymized=True
        ),
        record=record,
    )


def _review_context(
    proposal: Proposal,
    lines: Sequence[ReviewLine],
    *,
    raw_mean: float | None,
    published_at: datetime | None,
    anonymized: bool,
) -> dict[str, Any]:
    """What the dossier template needs of the reviews, in the chairs' dossier and the
    applicants' summary alike (`anonymized` for the applicants)."""
    solicitation = proposal.solicitation
    return {
        "proposal": proposal,
        "solicitation": solicitation,
        "criteria": list(solicitation.criteria),
        "lines": lines,
        "raw_mean": raw_mean,
        "criterion_means": _criterion_means(lines),
        "published_at": published_at,
        "outcome": outcome_of(proposal),
        "anonymized": anonymized,
    }


def _rubric(solicitation: Solicitation) -> dict[str, Any]:
    return {
        "scale": [solicitation.score_min, solicitation.score_max],
        "criteria": [
            {
                "id": c.id,
                "position": c.position,
                "name_en": c.name_en,
                "name_zh": c.name_zh,
                "weight": float(c.weight),
            }
            for c in solicitation.criteria
        ],
    }


def _scores(line: ReviewLine, criteria: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {"criterion_id": c.id, "score": line.scores.get(c.id)}
        for c in criteria
        if c.id in line.scores
    ]


def _criterion_means(lines: Sequence[ReviewLine]) -> dict[int, float]:
    """Criterion id → the mean of its scores over the reviews."""
    found: dict[int, list[int]] = {}
    for line in lines:
        for criterion_id, value in line.scores.items():
            found.setdefault(criterion_id, []).append(value)
    return {criterion_id: sum(v) / len(v) for criterion_id, v in found.items()}


def _mean(lines: Sequence[ReviewLine]) -> float | None:
    values = [line.weighted_mean for line in lines if line.weighted_mean is not None]
    return sum(values) / len(values) if values else None
