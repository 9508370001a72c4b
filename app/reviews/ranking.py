"""The chairs' ranking of a call's eligible proposals (calibrated in `calibration.py`), without the
rows the viewer is in conflict with, each with where its disagreement stands, and its CSV."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from app.accounts.models import User
from app.extensions import db
from app.proposals.models import Proposal
from app.reviews import calibration
from app.reviews.models import (
    AssignmentState,
    Decision,
    DiscussionState,
    ReviewAssignment,
    ReviewDiscussion,
    ReviewScore,
)
from app.reviews.policy import conflict_pairs
from app.reviews.queries import discussions_for, live_decisions, proposals_under_review
from app.solicitations.models import Solicitation
from app.spreadsheets import csv_text


@dataclass(frozen=True)
class RankingLine:
    """A proposal with its row of the ranking, its recorded disagreement and live decision."""

    position: int
    proposal: Proposal
    row: calibration.Row
    decision: Decision | None
    discussion: ReviewDiscussion | None = None

    @property
    def disagreement_state(self) -> DiscussionState | None:
        """Where the proposal's disagreement stands: its discussion's state, or flagged when
        the spread reaches the threshold but no discussion opened (the review is over, or the
        reviews predate discussions)."""
        if self.discussion is not None:
            return self.discussion.state
        return DiscussionState.FLAGGED if self.row.disagreement else None


def ranking(
    solicitation: Solicitation,
    *,
    viewer: User,
    disagreement_spread: float | None = None,
    sort: str = "raw",
    descending: bool = True,
) -> list[RankingLine]:
    """The ranking of the call's eligible proposals, without those `viewer` is in conflict
    with. Calibration uses every submitted review of the call, with its latest scores (the
    viewer's conflicts hide rows, they do not change the numbers). Disagreement is judged
    against `disagreement_spread`, by default the call's threshold."""
    if disagreement_spread is None:
        disagreement_spread = float(solicitation.disagreement_spread)
    proposals = {p.id: p for p in proposals_under_review(solicitation) if p.is_eligible}
    weights = {c.id: float(c.weight) for c in solicitation.criteria}
    scores: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    if proposals:
        for reviewer_id, proposal_id, criterion_id, score in db.session.execute(
            select(
                ReviewAssignment.reviewer_id,
                ReviewAssignment.proposal_id,
                ReviewScore.criterion_id,
                ReviewScore.score,
            )
            .join(ReviewScore, ReviewScore.assignment_id == ReviewAssignment.id)
            .join(Proposal, Proposal.id == ReviewAssignment.proposal_id)
            .where(
                Proposal.solicitation_id == solicitation.id,
                ReviewAssignment.state == AssignmentState.SUBMITTED,
            )
        ):
            if proposal_id in proposals and criterion_id in weights:
                scores[(reviewer_id, proposal_id)][criterion_id] = score
    reviews = [
        calibration.Review(reviewer_id, proposal_id, criterion_scores)
        for (reviewer_id, proposal_id), criterion_scores in scores.items()
    ]
    rows = calibration.rank(
        reviews,
        weights,
        (solicitation.score_min, solicitation.score_max),
        disagreement_spread,
        proposal_ids=proposals,
    )
    rows = calibration.sort_rows(rows, sort if sort in calibration.SORT_KEYS else "raw", descending)
    hidden = {pid for _, pid in conflict_pairs([viewer], proposals.values())}
    decisions = live_decisions(solicitation)
    discussions = discussions_for(solicitation)
    by_raw = {
        row.proposal_id: position
        for position, row in enumerate(calibration.sort_rows(rows, "raw"), start=1)
    }
    return [
        RankingLine(
            by_raw[row.proposal_id],
            proposals[row.proposal_id],
            row,
            decisions.get(row.proposal_id),
            discussions.get(row.proposal_id),
        )
        for row in rows
        if row.proposal_id not in hidden
    ]


def ranking_csv(lines: Sequence[RankingLine]) -> str:
    """The ranking as CSV (no reviewer identities), escaped and marked as the portal's CSVs are."""

    def number(value: float | None) -> str:
        return "" if value is None else f"{value:.2f}"

    header = [
        "rank",
        "reference",
        "title_en",
        "title_zh",
        "reviews",
        "weighted_mean",
        "calibrated",
        "spread",
        "disagreement",
        "discussion",
        "decision",
        "decision_state",
    ]
    return csv_text(
        [
            header,
            *(
                [
                    line.position,
                    line.proposal.reference,
                    line.proposal.title_en,
                    line.proposal.title_zh,
                    line.row.reviews,
                    number(line.row.raw),
                    number(line.row.calibrated),
                    number(line.row.spread),
                    "yes" if line.row.disagreement else "no",
                    line.disagreement_state.value if line.disagreement_state else "",
                    line.decision.outcome.value if line.decision else "",
                    line.decision.state.value if line.decision else "",
                ]
                for line in lines
            ),
        ]
    )
