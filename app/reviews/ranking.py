"""The chairs' ranking of a call's eligible proposals (calibrated in `calibration.py`), without the
rows the viewer is in conflict with, each with where its disagreement stands, and its CSV."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app import data_version
from app.accounts.models import User
from app.db import Page
from app.extensions import db
from app.memo import Memo
from app.proposals.models import Proposal
from app.reviews import calibration
from app.reviews.models import (
    Decision,
    DiscussionState,
    ReviewDiscussion,
)
from app.reviews.policy import conflict_pairs
from app.reviews.queries import (
    SelectionSummary,
    discussions_for,
    eligible_proposal_ids,
    live_decisions,
    proposals_by_id,
    review_weighted_means,
)
from app.reviews.queries import selection_summary as queries_selection_summary
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


PER_PAGE = 100  # lines per page of the chairs' ranking


# What the last few rankings asked for were computed from, by (ranking version, what, call, …):
# their calibrated rows, each row's place, the selection's counts. Every write to what they are
# computed from moves the version (`app.data_version`), so an entry is never read after its data
# changed; the pages' records (proposals, decisions, discussions, conflicts) are read on every
# request.
_memo = Memo(48)


def _rows(
    version: str | None,
    solicitation: Solicitation,
    disagreement_spread: float | None,
    sort: str,
    descending: bool,
) -> list[calibration.Row]:
    """Every eligible proposal's row, sorted (the list is shared: never change it), remembered
    under the ranking's `version`. Calibration uses every submitted review of the call, with its
    latest scores; disagreement is judged against `disagreement_spread`, by default the call's
    threshold."""
    if disagreement_spread is None:
        disagreement_spread = float(solicitation.disagreement_spread)
    sort = sort if sort in calibration.SORT_KEYS else "raw"

    def compute() -> list[calibration.Row]:
        rows = calibration.rank_means(
            review_weighted_means(solicitation),
            (solicitation.score_min, solicitation.score_max),
            disagreement_spread,
            proposal_ids=eligible_proposal_ids(solicitation),
        )
        return calibration.sort_rows(rows, sort, descending)

    key = ("rows", solicitation.id, disagreement_spread, sort, descending)
    return _memo.get(version, key, compute)


def selection_summary(solicitation: Solicitation) -> SelectionSummary:
    """Where the call's selection stands (`queries.selection_summary`), remembered while the
    ranking's version holds (a decision moves it too): counting the 20,000 proposals and
    decisions of a call cost its ranking 66 ms a page."""
    return _memo.get(
        data_version.standing(db.session(), ranking=True),
        ("summary", solicitation.id),
        lambda: queries_selection_summary(solicitation),
    )


def _places(rows: list[calibration.Row]) -> dict[int, int]:
    """Each proposal's place in `rows` (by weighted mean, highest first), from 1."""
    return {row.proposal_id: place for place, row in enumerate(rows, start=1)}


def _ranked(
    solicitation: Solicitation, disagreement_spread: float | None, sort: str, descending: bool
) -> tuple[list[calibration.Row], dict[int, int]]:
    """The call's rows in the order asked for, and each proposal's place by weighted mean: both
    remembered while the ranking's version holds (sorting 20,000 rows again cost 10 ms a page,
    placing them 5 ms), else computed again (this transaction wrote what the ranking reads)."""
    version = data_version.standing(db.session(), ranking=True)
    rows = _rows(version, solicitation, disagreement_spread, sort, descending)
    if (sort if sort in calibration.SORT_KEYS else "raw", descending) == ("raw", True):
        by_mean = rows
    elif version is None:
        by_mean = calibration.sort_rows(rows, "raw")
    else:
        by_mean = _rows(version, solicitation, disagreement_spread, "raw", True)
    key = ("places", solicitation.id, disagreement_spread)
    return rows, _memo.get(version, key, lambda: _places(by_mean))


def _lines(
    solicitation: Solicitation,
    shown: list[calibration.Row],
    places: dict[int, int],
    viewer: User,
) -> list[RankingLine]:
    """The lines of `shown` (some of the call's rows), without those `viewer` is in conflict
    with, each at its place by weighted mean (`places`: `_ranked`)."""
    ids = [row.proposal_id for row in shown]
    proposals = proposals_by_id(ids)
    hidden = {pid for _, pid in conflict_pairs([viewer], proposals.values())}
    decisions = live_decisions(solicitation, among=ids, chairs=False)
    discussions = discussions_for(solicitation, among=ids)
    return [
        RankingLine(
            places[row.proposal_id],
            proposals[row.proposal_id],
            row,
            decisions.get(row.proposal_id),
            discussions.get(row.proposal_id),
        )
        for row in shown
        if row.proposal_id not in hidden
    ]


def ranking(
    solicitation: Solicitation,
    *,
    viewer: User,
    disagreement_spread: float | None = None,
    sort: str = "raw",
    descending: bool = True,
) -> list[RankingLine]:
    """The ranking of the call's eligible proposals, without those `viewer` is in conflict
    with (the viewer's conflicts hide rows, they do not change the numbers)."""
    rows, places = _ranked(solicitation, disagreement_spread, sort, descending)
    return _lines(solicitation, rows, places, viewer)


def ranking_page(
    solicitation: Solicitation,
    *,
    viewer: User,
    number: int = 1,
    sort: str = "raw",
    descending: bool = True,
) -> Page[RankingLine]:
    """Page `number` of the ranking (the last page past the end): the numbers of the whole
    call, the records of one page's proposals only."""
    rows, places = _ranked(solicitation, None, sort, descending)
    number = max(1, min(number, -(-len(rows) // PER_PAGE)))
    shown = rows[(number - 1) * PER_PAGE : number * PER_PAGE]
    lines = _lines(solicitation, shown, places, viewer)
    return Page(items=lines, number=number, per_page=PER_PAGE, total=len(rows))


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
        "resubmission_of",
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
                    line.proposal.resubmission_of.reference
                    if line.proposal.resubmission_of
                    else "",
                ]
                for line in lines
            ),
        ]
    )
