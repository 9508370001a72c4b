"""The chairs' ranking and its CSV."""

from __future__ import annotations

from app.reviews import conflicts as review_conflicts
from app.reviews import ranking as review_ranking
from tests.reviews.factories import (
    Review,
    make_assignment,
)

# --- ranking -------------------------------------------------------------------------------------


def test_the_ranking_hides_proposals_a_chair_is_in_conflict_with(review: Review) -> None:
    first, second, _third = review.proposals
    make_assignment(first, review.us[0], scores=[5] * 5, submitted=True)
    make_assignment(first, review.cn[0], scores=[3] * 5, submitted=True)
    make_assignment(second, review.us[0], scores=[2] * 5, submitted=True)
    lines = review_ranking.ranking(
        review.solicitation, viewer=review.chair_us, disagreement_spread=2
    )
    assert [line.proposal.id for line in lines][:2] == [first.id, second.id]
    assert lines[0].row.raw == 4.0 and lines[0].row.disagreement
    review_conflicts.declare_conflict(
        review.chair_cn, first.lead_organization, "x", actor=review.chair_cn
    )
    hidden = review_ranking.ranking(review.solicitation, viewer=review.chair_cn)
    assert first.id not in [line.proposal.id for line in hidden]
    # Hiding a row does not change anyone's numbers.
    assert hidden[0].row == lines[1].row


def test_the_csv_names_no_reviewer_and_runs_no_formula(review: Review) -> None:
    proposal = review.proposals[0]
    proposal.title_en = '=HYPERLINK("http://evil")'
    make_assignment(proposal, review.us[0], scores=[4] * 5, submitted=True)
    text = review_ranking.ranking_csv(
        review_ranking.ranking(review.solicitation, viewer=review.chair_us)
    )
    assert text.startswith("\ufeff")  # the byte-order mark every portal CSV carries
    assert text.removeprefix("\ufeff").splitlines()[0].startswith("rank,reference,title_en")
    assert "'=HYPERLINK" in text
    assert review.us[0].display_name not in text and review.us[0].email not in text
