"""Disagreement resolved, not just flagged: the discussion opens by itself and tells its readers
(never one in conflict), the chairs ask one more reviewer (free of conflict, keeping the sides
balanced) or resolve it, reviewers revise their scores while it is open (every revision kept and
shown), and the ranking shows where each disagreement stands."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.models import Language, Side, User
from app.errors import ServiceError
from app.extensions import db
from app.notifications.models import Notification
from app.proposals.models import Proposal
from app.reviews import discussions, queries, ranking, reviewing
from app.reviews.models import (
    Conflict,
    DiscussionState,
    Recommendation,
    ReviewAssignment,
    ReviewRevision,
)
from tests.reviews.factories import (
    Review,
    events,
    full_scores,
    make_assignment,
    make_chair,
    make_reviewer,
)


def mails(kind: str) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(Notification.kind == kind).order_by(Notification.id)
        )
    )


def submit(assignment: ReviewAssignment, value: int) -> None:
    """The reviewer submits a review scoring every criterion `value`."""
    reviewing.save_review(
        assignment,
        {
            **full_scores(assignment.proposal, value),
            "comments_to_applicant": "Clear aims.",
            "recommendation": "select" if value >= 3 else "decline",
        },
        submit=True,
        actor=assignment.reviewer,
    )


def conflicted_with(proposal: Proposal, user: User) -> None:
    """A conflict recorded straight in the table (a chair-recorded one would recuse)."""
    db.session.add(
        Conflict(
            reviewer_id=user.id,
            organization_id=proposal.lead_organization_id,
            reason="Former employer.",
        )
    )
    db.session.flush()


def disagreeing(review: Review, proposal: Proposal | None = None) -> Proposal:
    """A proposal whose U.S. reviewer gave 5 and whose Chinese reviewer now submits 2."""
    proposal = proposal or review.proposals[0]
    make_assignment(proposal, review.us[0], scores=[5] * 5, submitted=True)
    submit(make_assignment(proposal, review.cn[0]), 2)
    return proposal


# --- the flag opens the discussion ----------------------------------------------------------------


def test_a_review_that_reaches_the_threshold_opens_the_discussion_and_tells_its_readers(
    review: Review,
) -> None:
    review.chair_cn.language = Language.ZH
    proposal = review.proposals[0]
    # In conflict: a third chair (a recorded conflict) and a reviewer whose address shares a
    # domain with the participants; the latter's review was submitted before the domain froze.
    conflicted_chair = make_chair(Side.US, display_name="Chair Conflicted")
    conflicted_with(proposal, conflicted_chair)
    conflicted_reviewer = make_reviewer(Side.CN, email="li@tsinghua.edu.cn")
    make_assignment(proposal, conflicted_reviewer, scores=[4] * 5, submitted=True)
    proposal.conflict_domains = ["tsinghua.edu.cn"]
    not_yet = make_assignment(proposal, review.us[1])  # assigned, not submitted: blind still
    disagreeing(review, proposal)

    discussion = queries.discussion_of(proposal)
    assert discussion is not None and discussion.state == DiscussionState.FLAGGED
    assert discussion.spread == 3.0 and discussion.threshold == 1.5
    sent = {m.to_address: m for m in mails("reviews.discussion_opened")}
    assert set(sent) == {
        review.chair_us.email,
        review.chair_cn.email,
        review.us[0].email,
        review.cn[0].email,
    }
    assert conflicted_chair.email not in sent and conflicted_reviewer.email not in sent
    assert not_yet.reviewer.email not in sent
    assert "意见分歧" in sent[review.chair_cn.email].subject  # in the reader's language
    assert "disagree" in sent[review.chair_us.email].subject
    own = queries.assignment_of(review.cn[0], proposal)
    assert own is not None
    assert f"http://portal.test/review/assignments/{own.id}#discussion" in (
        sent[review.cn[0].email].body_text
    )
    assert f"http://portal.test/secretariat/review/proposals/{proposal.id}#disagreement" in (
        sent[review.chair_us.email].body_text
    )
    assert [e.details["cause"] for e in events("review.discussion_opened")] == ["review_submitted"]


def test_a_spread_below_the_threshold_opens_nothing_and_a_discussion_opens_once(
    review: Review,
) -> None:
    proposal = review.proposals[0]
    make_assignment(proposal, review.us[0], scores=[4] * 5, submitted=True)
    submit(make_assignment(proposal, review.cn[0]), 3)  # spread 1.0 < 1.5
    assert queries.discussion_of(proposal) is None and mails("reviews.discussion_opened") == []
    submit(make_assignment(proposal, review.cn[1]), 1)  # spread 3.0: opens
    count = len(mails("reviews.discussion_opened"))
    assert count == 5  # two chairs, three reviewers
    submit(make_assignment(proposal, review.us[1]), 5)  # wider still: already open
    assert len(mails("reviews.discussion_opened")) == count


def test_two_reviews_submitted_at_once_open_one_discussion(
    review: Review, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second transaction does not see the first one's discussion yet: the unique index
    decides, and the loser opens (and mails) nothing."""
    proposal = disagreeing(review)
    count = len(mails("reviews.discussion_opened"))
    monkeypatch.setattr(discussions, "discussion_of", lambda _proposal: None)
    assert discussions.open_if_disagreeing(proposal, cause="review_submitted") is None
    assert len(mails("reviews.discussion_opened")) == count
    assert len(events("review.discussion_opened")) == 1


def test_setting_the_threshold_opens_the_proposals_that_reach_it(review: Review) -> None:
    close, far = review.proposals[0], review.proposals[1]
    for proposal, low in ((close, 4), (far, 2)):
        make_assignment(proposal, review.us[0], scores=[5] * 5, submitted=True)
        make_assignment(proposal, review.cn[0], scores=[low] * 5, submitted=True)
    opened = discussions.set_disagreement_threshold(
        review.solicitation, "1.00", actor=review.chair_us
    )
    assert [d.proposal_id for d in opened] == [close.id, far.id]
    assert review.solicitation.disagreement_spread == 1.0
    assert [e.details["cause"] for e in events("review.discussion_opened")] == ["threshold_set"] * 2
    assert events("review.disagreement_threshold_set")[0].details == {"before": 1.5, "after": 1.0}
    # Raising it closes nothing.
    assert (
        discussions.set_disagreement_threshold(review.solicitation, 3, actor=review.chair_cn) == []
    )
    assert queries.discussion_of(close) is not None


@pytest.mark.parametrize("value", ["0", "-1", "5", "many", None])
def test_the_threshold_is_a_spread_the_scale_allows(review: Review, value: object) -> None:
    with pytest.raises(ServiceError, match="spread above 0"):
        discussions.set_disagreement_threshold(review.solicitation, value, actor=review.chair_us)  # type: ignore[arg-type]


def test_only_a_chair_sets_the_threshold(review: Review) -> None:
    with pytest.raises(ServiceError, match="Only a chair"):
        discussions.set_disagreement_threshold(review.solicitation, 1, actor=review.us[0])


def test_the_chairs_set_the_threshold_on_the_ranking(client, login, review: Review) -> None:  # type: ignore[no-untyped-def]
    proposal = review.proposals[0]
    make_assignment(proposal, review.us[0], scores=[5] * 5, submitted=True)
    make_assignment(proposal, review.cn[0], scores=[4] * 5, submitted=True)
    login(review.chair_us)
    sid = review.solicitation.id
    response = client.post(f"/secretariat/review/{sid}/ranking/threshold", data={"spread": "1"})
    assert response.status_code == 302
    page = client.get(f"/secretariat/review/{sid}/ranking").get_data(as_text=True)
    assert "1 new disagreement is open for discussion" in page
    assert "Disagreement: flagged" in page
    refused = client.post(f"/secretariat/review/{sid}/ranking/threshold", data={"spread": "9"})
    assert refused.status_code == 200 and "spread above 0 and at most 4" in (
        refused.get_data(as_text=True)
    )


# --- one more reviewer ------------------------------------------------------------------------------


def test_one_more_reviewer_comes_from_the_lighter_side_free_of_conflict(review: Review) -> None:
    """Two U.S. reviewers and one Chinese: the new one is Chinese, though a U.S. reviewer has
    less work, and never the Chinese reviewer in conflict."""
    proposal = disagreeing(review)
    make_assignment(proposal, review.us[1])
    for cn in (review.cn[1], review.chair_cn):
        conflicted_with(proposal, cn)
    idle_us = make_reviewer(Side.US, display_name="Idle US")
    busy_cn = make_reviewer(Side.CN, display_name="Busy CN")
    for other in review.proposals[1:]:
        make_assignment(other, busy_cn)
    assignment = discussions.ask_one_more_reviewer(proposal, actor=review.chair_us)
    assert assignment.reviewer_id == busy_cn.id and idle_us.id != assignment.reviewer_id
    [mail] = mails("reviews.assigned")
    assert mail.to_address == busy_cn.email and proposal.reference in mail.body_text
    discussion = queries.discussion_of(proposal)
    assert discussion is not None and discussion.state == DiscussionState.IN_DISCUSSION
    assert events("review.discussion_reviewer_added")[0].details["side"] == "CN"


def test_with_even_sides_one_more_reviewer_is_the_least_loaded_free_of_conflict(
    review: Review,
) -> None:
    proposal = disagreeing(review)  # one U.S., one Chinese
    conflicted_with(proposal, review.us[1])  # the idlest, but in conflict
    for other in review.proposals[1:]:
        make_assignment(other, review.cn[1])  # load 2
    make_assignment(review.proposals[1], review.chair_us)  # load 1
    make_assignment(review.proposals[2], review.chair_cn)  # load 1
    assignment = discussions.ask_one_more_reviewer(proposal, actor=review.chair_cn)
    assert assignment.reviewer_id in (review.chair_us.id, review.chair_cn.id)


def test_no_one_more_reviewer_when_the_lighter_side_has_nobody_free(review: Review) -> None:
    proposal = disagreeing(review)
    make_assignment(proposal, review.us[1])
    for cn in (review.cn[1], review.chair_cn):
        conflicted_with(proposal, cn)
    before = db.session.query(ReviewAssignment).count()
    with pytest.raises(ServiceError, match="No other Chinese reviewer"):
        discussions.ask_one_more_reviewer(proposal, actor=review.chair_us)
    assert db.session.query(ReviewAssignment).count() == before


def test_one_more_reviewer_only_during_an_open_discussion_and_by_a_chair(review: Review) -> None:
    quiet = review.proposals[1]
    with pytest.raises(ServiceError, match="no open discussion"):
        discussions.ask_one_more_reviewer(quiet, actor=review.chair_us)
    proposal = disagreeing(review)
    with pytest.raises(ServiceError, match="Only a chair"):
        discussions.ask_one_more_reviewer(proposal, actor=review.us[0])
    conflicted_with(proposal, review.chair_cn)
    with pytest.raises(ServiceError, match="conflict of interest"):
        discussions.ask_one_more_reviewer(proposal, actor=review.chair_cn)
    discussions.resolve_disagreement(proposal, "Agreed after the call.", actor=review.chair_us)
    with pytest.raises(ServiceError, match="no open discussion"):
        discussions.ask_one_more_reviewer(proposal, actor=review.chair_us)


# --- resolving --------------------------------------------------------------------------------------


def test_a_chair_resolves_a_disagreement_with_a_note(review: Review) -> None:
    proposal = disagreeing(review)
    with pytest.raises(ServiceError, match="Say how"):
        discussions.resolve_disagreement(proposal, "  ", actor=review.chair_us)
    discussion = discussions.resolve_disagreement(
        proposal, "The CN reviewer's concern is answered by letter 2.", actor=review.chair_cn
    )
    assert discussion.state == DiscussionState.RESOLVED
    assert discussion.resolved_by_id == review.chair_cn.id and discussion.resolved_at is not None
    assert events("review.discussion_resolved")[0].details["before"] == "flagged"


# --- revisions ----------------------------------------------------------------------------------------


def revise(assignment: ReviewAssignment, value: int, **data: str) -> ReviewRevision:
    return reviewing.revise_review(
        assignment,
        {**full_scores(assignment.proposal, value), "recommendation": "discuss", **data},
        actor=assignment.reviewer,
    )


def test_a_revision_during_the_discussion_is_kept_and_the_ranking_uses_the_latest(
    review: Review,
) -> None:
    proposal = disagreeing(review)
    low = queries.assignment_of(review.cn[0], proposal)
    assert low is not None
    revision = revise(low, 4, note="The letters of support convinced me.")
    assert revision.revised_by_id == review.cn[0].id and revision.revised_at is not None
    assert revision.old_recommendation == Recommendation.DECLINE
    assert revision.new_recommendation == Recommendation.DISCUSS
    assert {(s.old_score, s.new_score) for s in revision.scores} == {(2, 4)}
    assert len(revision.scores) == len(proposal.solicitation.criteria)
    revise(low, 5)
    assert [{s.new_score for s in r.scores} for r in queries.revisions_of(proposal)] == [{4}, {5}]
    [line] = [
        line
        for line in ranking.ranking(review.solicitation, viewer=review.chair_us)
        if line.proposal.id == proposal.id
    ]
    assert line.row.raw == 5.0 and line.row.spread == 0.0  # the latest scores
    assert line.disagreement_state == DiscussionState.IN_DISCUSSION  # still open: chairs resolve it
    assert [e.details["after"] for e in events("review.revised")][-1] == {
        str(c.id): 5 for c in proposal.solicitation.criteria
    }


def test_only_the_reviews_author_revises(review: Review) -> None:
    proposal = disagreeing(review)
    low = queries.assignment_of(review.cn[0], proposal)
    assert low is not None
    for intruder in (review.us[0], review.chair_us):
        with pytest.raises(ServiceError, match="Only the review's author"):
            reviewing.revise_review(
                low,
                {**full_scores(proposal, 4), "recommendation": "select"},
                actor=intruder,
            )
    assert db.session.query(ReviewRevision).count() == 0


def test_revisions_only_while_the_discussion_is_open(review: Review) -> None:
    quiet = review.proposals[1]
    make_assignment(quiet, review.us[0], scores=[4] * 5, submitted=True)
    calm = make_assignment(quiet, review.cn[0], scores=[4] * 5, submitted=True)
    with pytest.raises(ServiceError, match="only while the proposal's disagreement"):
        revise(calm, 5)
    proposal = disagreeing(review)
    low = queries.assignment_of(review.cn[0], proposal)
    assert low is not None
    draft = make_assignment(proposal, review.us[1], scores=[3] * 5)
    with pytest.raises(ServiceError, match="Only a submitted review"):
        revise(draft, 4)
    with pytest.raises(ServiceError, match="Nothing changed"):
        reviewing.revise_review(
            low, {**full_scores(proposal, 2), "recommendation": "decline"}, actor=review.cn[0]
        )
    discussions.resolve_disagreement(proposal, "Settled.", actor=review.chair_us)
    with pytest.raises(ServiceError, match="only while the proposal's disagreement"):
        revise(low, 4)
    assert db.session.query(ReviewRevision).count() == 0


def test_revisions_are_shown_to_the_chairs_and_the_discussions_reviewers(
    client, login, review: Review
) -> None:  # type: ignore[no-untyped-def]
    proposal = disagreeing(review)
    low = queries.assignment_of(review.cn[0], proposal)
    high = queries.assignment_of(review.us[0], proposal)
    assert low is not None and high is not None
    login(review.cn[0])
    page = client.get(f"/review/assignments/{low.id}").get_data(as_text=True)
    assert "Revise my scores" in page and "Disagreement: flagged" in page
    # The revision is scored on the same rows, starting from the submitted scores and their mean.
    revise_form = page[page.index('action="/review/assignments/') :]
    assert revise_form.count('class="usa-fieldset usa-form-group portal-score"') == 5
    assert "<output data-review-total-value>2.00</output>" in revise_form
    response = client.post(
        f"/review/assignments/{low.id}/revise",
        data={**full_scores(proposal, 4), "recommendation": "select", "note": "Convinced."},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("#revisions")
    page = client.get(f"/review/assignments/{low.id}").get_data(as_text=True)
    assert "Revised reviews" in page and "2 → 4" in page and "Your review" in page
    # The other reviewer reads it anonymously; the chairs with the name.
    client.post("/logout")
    login(review.us[0])
    page = client.get(f"/review/assignments/{high.id}").get_data(as_text=True)
    assert "2 → 4" in page and "Convinced." in page and review.cn[0].display_name not in page
    assert client.post(f"/review/assignments/{low.id}/revise", data={}).status_code == 403
    client.post("/logout")
    login(review.chair_us)
    page = client.get(f"/secretariat/review/proposals/{proposal.id}").get_data(as_text=True)
    assert "2 → 4" in page and review.cn[0].display_name in page
    assert "Disagreement: in discussion" in page and "Ask one more reviewer" in page


def test_the_chairs_act_on_the_disagreement_from_the_proposal_page(
    client, login, review: Review
) -> None:  # type: ignore[no-untyped-def]
    proposal = disagreeing(review)
    login(review.chair_cn)
    base = f"/secretariat/review/proposals/{proposal.id}"
    response = client.post(f"{base}/discussion/reviewer")
    assert response.status_code == 302 and response.headers["Location"].endswith("#disagreement")
    assert len(mails("reviews.assigned")) == 1
    refused = client.post(f"{base}/discussion/resolve", data={"note": ""})
    assert refused.status_code == 200
    assert client.post(f"{base}/discussion/resolve", data={"note": "Settled."}).status_code == 302
    page = client.get(base).get_data(as_text=True)
    assert "Disagreement: resolved" in page and "Settled." in page
    assert "Mark the disagreement resolved" not in page


# --- the ranking's labels ----------------------------------------------------------------------------


def test_the_ranking_shows_where_each_disagreement_stands(client, login, review: Review) -> None:  # type: ignore[no-untyped-def]
    flagged, discussed, resolved = review.proposals
    for proposal in review.proposals:
        disagreeing(review, proposal)
    reviewing.post_comment(discussed, "Let us look at the budget.", actor=review.chair_us)
    discussions.resolve_disagreement(resolved, "Agreed.", actor=review.chair_us)
    lines = {
        line.proposal.id: line.disagreement_state
        for line in ranking.ranking(review.solicitation, viewer=review.chair_cn)
    }
    assert lines == {
        flagged.id: DiscussionState.FLAGGED,
        discussed.id: DiscussionState.IN_DISCUSSION,
        resolved.id: DiscussionState.RESOLVED,
    }
    login(review.chair_cn)
    sid = review.solicitation.id
    page = client.get(f"/secretariat/review/{sid}/ranking").get_data(as_text=True)
    for label in ("flagged", "in discussion", "resolved"):
        assert f"Disagreement: {label}" in page
    csv = client.get(f"/secretariat/review/{sid}/ranking.csv").get_data(as_text=True)
    assert "discussion" in csv.splitlines()[0]
    assert {"flagged", "in_discussion", "resolved"} <= set(csv.replace("\r", "").split(","))
