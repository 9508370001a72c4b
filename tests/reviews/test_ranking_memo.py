"""The calibrated ranking is kept in memory under the ranking's version: asked for again with
nothing changed, it is not computed again; every committed change to what it is computed from
(a score, a review's state, a proposal's eligibility, the threshold, a decision in the
selection's counts) shows at once; a change
not yet committed is shown to its own transaction only, and a rolled-back one never."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.proposals.models import Proposal
from app.reviews import decisions, discussions, queries, reviewing, screening
from app.reviews import ranking as review_ranking
from app.reviews.models import DecisionOutcome, ReviewAssignment
from tests.reviews.factories import Review, full_scores, make_assignment, make_decision


def calls_of(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """The call (solicitation) id of each call `app.reviews.ranking` makes to its `name` from now on."""
    calls: list[int] = []
    original = getattr(review_ranking, name)

    def counting(solicitation):  # type: ignore[no-untyped-def]
        calls.append(solicitation.id)
        return original(solicitation)

    monkeypatch.setattr(review_ranking, name, counting)
    return calls


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the ranking read the reviews' means (computed it, not remembered it)."""
    return calls_of(monkeypatch, "review_weighted_means")


def raw_of(review: Review) -> dict[int, float | None]:
    lines = review_ranking.ranking(review.solicitation, viewer=review.chair_us)
    return {line.proposal.id: line.row.raw for line in lines}


def reviewed(review: Review) -> tuple[ReviewAssignment, ReviewAssignment]:
    """Two disagreeing submitted reviews of the first proposal, committed."""
    proposal = review.proposals[0]
    high = make_assignment(proposal, review.us[0], scores=[5] * 5, submitted=True)
    low = make_assignment(proposal, review.cn[0], scores=[1] * 5, submitted=True)
    discussions.open_if_disagreeing(proposal, cause="review_submitted")
    db.session.commit()
    return high, low


def revise(assignment: ReviewAssignment, value: int) -> None:
    reviewing.revise_review(
        assignment,
        {**full_scores(assignment.proposal, value), "recommendation": "discuss"},
        actor=assignment.reviewer,
    )


def test_asked_again_with_nothing_changed_the_ranking_is_remembered(
    review: Review, computed: list[int]
) -> None:
    reviewed(review)
    first = raw_of(review)
    assert raw_of(review) == first
    review_ranking.ranking_page(review.solicitation, viewer=review.chair_cn)
    assert len(computed) == 1


def test_a_revised_score_changes_the_ranking_at_once(review: Review, computed: list[int]) -> None:
    _, low = reviewed(review)
    proposal = review.proposals[0]
    assert raw_of(review)[proposal.id] == 3.0
    revise(low, 5)
    db.session.commit()
    assert raw_of(review)[proposal.id] == 5.0
    assert len(computed) == 2


def test_a_new_review_and_an_ineligible_proposal_change_the_ranking_at_once(
    review: Review,
) -> None:
    reviewed(review)
    second = review.proposals[1]
    assert raw_of(review)[second.id] is None
    make_assignment(second, review.us[0], scores=[4] * 5, submitted=True)
    db.session.commit()
    assert raw_of(review)[second.id] == 4.0
    screening.screen_proposal(second, eligible=False, reason="Out of scope.", actor=review.chair_us)
    db.session.commit()
    assert second.id not in raw_of(review)


def test_a_new_threshold_changes_the_disagreement_at_once(review: Review) -> None:
    reviewed(review)
    proposal = review.proposals[0]

    def flagged() -> bool:
        lines = review_ranking.ranking(review.solicitation, viewer=review.chair_us)
        return next(line.row.disagreement for line in lines if line.proposal.id == proposal.id)

    assert flagged()  # a spread of 4
    review.solicitation.disagreement_spread = 4.5
    db.session.commit()
    assert not flagged()


def test_an_uncommitted_change_is_its_own_and_a_rolled_back_one_is_forgotten(
    review: Review, computed: list[int]
) -> None:
    _, low = reviewed(review)
    proposal = review.proposals[0]
    assert raw_of(review)[proposal.id] == 3.0
    with db.session.begin_nested() as savepoint:
        revise(low, 5)
        assert raw_of(review)[proposal.id] == 5.0  # this transaction's own change
        savepoint.rollback()
    db.session.rollback()  # the transaction that wrote ends without committing
    db.session.expire_all()
    assert queries.review_weighted_mean(low) == 1.0
    assert raw_of(review)[proposal.id] == 3.0
    assert len(computed) == 2  # the uncommitted one computed, not remembered
    # The next committed change takes the version the rolled-back one had reached.
    revise(low, 4)
    db.session.commit()
    assert raw_of(review)[proposal.id] == 4.5


def _agreed_and_split(review: Review) -> tuple[Proposal, Proposal]:
    """Two proposals each scored by both sides: one agreed on (mean 4.0, spread 0), one split
    (mean 3.5, spread 3), so by spread the split one comes first and by mean second."""
    agreed, split = review.proposals[0], review.proposals[1]
    make_assignment(agreed, review.us[0], scores=[4] * 5, submitted=True)
    make_assignment(agreed, review.cn[0], scores=[4] * 5, submitted=True)
    make_assignment(split, review.us[0], scores=[5] * 5, submitted=True)
    make_assignment(split, review.cn[0], scores=[2] * 5, submitted=True)
    return agreed, split


def test_sorted_by_another_column_each_line_keeps_its_place_by_weighted_mean(
    review: Review, computed: list[int]
) -> None:
    agreed, split = _agreed_and_split(review)
    db.session.commit()

    by_spread = review_ranking.ranking_page(
        review.solicitation, viewer=review.chair_us, sort="spread"
    ).items
    places = {line.proposal.id: line.position for line in by_spread}
    assert [line.proposal.id for line in by_spread][:2] == [split.id, agreed.id]
    assert places[agreed.id] == 1 and places[split.id] == 2  # means 4.0 and 3.5
    by_mean = review_ranking.ranking(review.solicitation, viewer=review.chair_us)
    assert {line.proposal.id: line.position for line in by_mean} == places
    assert len(computed) == 2  # each order computed once, then remembered
    review_ranking.ranking_page(review.solicitation, viewer=review.chair_cn, sort="spread")
    assert len(computed) == 2


def test_inside_an_uncommitted_change_the_places_are_still_by_weighted_mean(
    review: Review,
) -> None:
    agreed, split = _agreed_and_split(review)
    db.session.flush()  # written, not committed: nothing may be remembered

    lines = review_ranking.ranking_page(
        review.solicitation, viewer=review.chair_us, sort="spread"
    ).items
    assert [(line.proposal.id, line.position) for line in lines][:2] == [
        (split.id, 2),
        (agreed.id, 1),
    ]


def test_the_selection_counts_follow_each_decision_at_once(
    review: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = calls_of(monkeypatch, "queries_selection_summary")
    reviewed(review)
    proposal = review.proposals[0]

    def summary() -> queries.SelectionSummary:
        return review_ranking.selection_summary(review.solicitation)

    assert (summary().undecided, summary().selected_proposed) == (3, 0)
    assert len(counted) == 1  # asked twice, counted once
    make_decision(review.proposals[1], review.chair_us, outcome=DecisionOutcome.DECLINED)
    db.session.commit()  # a decision alone written, nothing else the ranking reads
    assert summary().declined_approved == 0 and summary().undecided == 3
    assert len(counted) == 2
    decision = decisions.propose_decision(
        proposal, DecisionOutcome.SELECTED, "Strong.", actor=review.chair_us
    )
    db.session.commit()
    assert (summary().undecided, summary().selected_proposed) == (3, 1)
    decisions.approve_decision(decision, actor=review.chair_cn)
    db.session.commit()
    assert (summary().undecided, summary().selected_approved) == (2, 1)
    assert len(counted) == 4


def test_sorted_by_another_column_the_places_follow_a_revised_score(review: Review) -> None:
    agreed, split = _agreed_and_split(review)
    discussions.open_if_disagreeing(split, cause="review_submitted")
    db.session.commit()

    def places() -> dict[int, int]:
        lines = review_ranking.ranking_page(
            review.solicitation, viewer=review.chair_us, sort="spread"
        ).items
        return {line.proposal.id: line.position for line in lines}

    assert (places()[agreed.id], places()[split.id]) == (1, 2)  # means 4.0 and 3.5
    low = db.session.scalars(
        select(ReviewAssignment).filter_by(proposal_id=split.id, reviewer_id=review.cn[0].id)
    ).one()
    revise(low, 5)  # the split one agreed on at 5.0: first by mean now
    db.session.commit()
    assert (places()[agreed.id], places()[split.id]) == (2, 1)
