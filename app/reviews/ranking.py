"""The chairs' ranking of a call's eligible proposals (calibrated in `calibration.py`), without the
rows the viewer is in conflict with, each with where its disagreement stands, and its CSV."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from app.accounts.models import User
from app.db import Page
from app.proposals.models import Proposal
from app.reviews import calibration
from app.reviews.models import (
    Decision,
    DiscussionState,
    ReviewDiscussion,
)
from app.reviews.policy import conflict_pairs
from app.reviews.queries import (
    discussions_for,
    eligible_proposal_ids,
    live_decisions,
    proposals_by_id,
    ranking_version,
    review_weighted_means,
)
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


# The calibrated rows of the last few rankings asked for, by (ranking version, call, threshold,
# sort): every write to what they are computed from moves the version (`app.data_version`), so
# an entry is never read after its data changed; the pages' records (proposals, decisions,
# discussions, conflicts) are read on every request.
MEMO_SIZE = 16
_memo: OrderedDict[tuple[object, ...], list[calibration.Row]] = OrderedDict()
_memo_lock = threading.Lock()


def forget_rankings() -> None:
    """Empty the memo (the tests' rolled-back transactions reuse versions)."""
    with _memo_lock:
        _memo.clear()


def _rows(
    version: str | None,
    solicitation: Solicitation,
    disagreement_spread: float | None,
    sort: str,
    descending: bool,
) -> list[calibration.Row]:
    """Every eligible proposal's row, sorted (the list is shared: never change it), remembered
    under the ranking's `version` (None: computed, not remembered). Calibration uses every
    submitted review of the call, with its latest scores; disagreement is judged against
    `disagreement_spread`, by default the call's threshold."""
    if disagreement_spread is None:
        disagreement_spread = float(solicitation.disagreement_spread)
    sort = sort if sort in calibration.SORT_KEYS else "raw"
    key = (version, solicitation.id, disagreement_spread, sort, descending)
    if version is not None:
        with _memo_lock:
            if (found := _memo.get(key)) is not None:
                _memo.move_to_end(key)
                return found
    proposal_ids = eligible_proposal_ids(solicitation)
    rows = calibration.rank_means(
        review_weighted_means(solicitation),
        (solicitation.score_min, solicitation.score_max),
        disagreement_spread,
        proposal_ids=proposal_ids,
    )
    rows = calibration.sort_rows(rows, sort, descending)
    if version is not None:
        with _memo_lock:
            _memo[key] = rows
            while len(_memo) > MEMO_SIZE:
                _memo.popitem(last=False)
    return rows


def _ranked(
    solicitation: Solicitation, disagreement_spread: float | None, sort: str, descending: bool
) -> tuple[list[calibration.Row], list[calibration.Row]]:
    """The call's rows in the order asked for, and by weighted mean, highest first (each line's
    place): both remembered while the ranking's version holds (sorting 20,000 rows again cost
    10 ms a page), else the rows sorted again (this transaction wrote what the ranking reads)."""
    version = ranking_version()
    rows = _rows(version, solicitation, disagreement_spread, sort, descending)
    if (sort if sort in calibration.SORT_KEYS else "raw", descending) == ("raw", True):
        return rows, rows
    if version is None:
        return rows, calibration.sort_rows(rows, "raw")
    return rows, _rows(version, solicitation, disagreement_spread, "raw", True)


def _lines(
    solicitation: Solicitation,
    rows: list[calibration.Row],
    shown: list[calibration.Row],
    viewer: User,
) -> list[RankingLine]:
    """The lines of `shown` (some of `rows`, the whole ranking by weighted mean: `_ranked`),
    without those `viewer` is in conflict with, each at its place in `rows`."""
    ids = [row.proposal_id for row in shown]
    proposals = proposals_by_id(ids)
    hidden = {pid for _, pid in conflict_pairs([viewer], proposals.values())}
    decisions = live_decisions(solicitation, among=ids, chairs=False)
    discussions = discussions_for(solicitation, among=ids)
    by_raw = {row.proposal_id: position for position, row in enumerate(rows, start=1)}
    return [
        RankingLine(
            by_raw[row.proposal_id],
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
    rows, by_raw = _ranked(solicitation, disagreement_spread, sort, descending)
    return _lines(solicitation, by_raw, rows, viewer)


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
    rows, by_raw = _ranked(solicitation, None, sort, descending)
    number = max(1, min(number, -(-len(rows) // PER_PAGE)))
    shown = rows[(number - 1) * PER_PAGE : number * PER_PAGE]
    lines = _lines(solicitation, by_raw, shown, viewer)
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
