"""Declining an assignment for lack of time, the chairs told, and the slot refilled by someone
else of the same side; a reviewer taken off a review is told too."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.accounts.models import Language, Side
from app.errors import ServiceError
from app.extensions import db
from app.notifications.models import Notification
from app.reviews import assignment as review_assignment
from app.reviews import conflicts as review_conflicts
from app.reviews import queries
from app.reviews.models import AssignmentState
from tests.reviews.factories import Review, events, make_assignment


def _mail(user, kind: str) -> list[Notification]:  # type: ignore[no-untyped-def]
    return list(
        db.session.scalars(
            select(Notification).where(
                Notification.recipient_id == user.id, Notification.kind == kind
            )
        )
    )


def _staff(review: Review) -> None:
    """The first proposal reviewed by U.S. Reviewer 1 and CN Reviewer 1."""
    make_assignment(review.proposals[0], review.us[0])
    make_assignment(review.proposals[0], review.cn[0])


def test_a_reviewer_declines_from_the_review_page_and_the_chairs_are_told(
    client, login, review: Review
) -> None:  # type: ignore[no-untyped-def]
    review.chair_cn.language = Language.ZH
    proposal = review.proposals[0]
    assignment = make_assignment(proposal, review.us[0])
    login(review.us[0])
    page = client.get(f"/review/assignments/{assignment.id}").get_data(as_text=True)
    assert "Decline this review" in page

    refused = client.post(f"/review/assignments/{assignment.id}/decline", data={"note": " "})
    assert refused.status_code == 400
    assert assignment.state == AssignmentState.ASSIGNED

    response = client.post(
        f"/review/assignments/{assignment.id}/decline",
        data={"note": "On mission abroad until August."},
    )
    assert response.status_code == 302
    db.session.refresh(assignment)
    assert assignment.state == AssignmentState.DECLINED
    assert assignment.decline_note == "On mission abroad until August."
    assert assignment.declined_at is not None
    (event,) = events("review.declined")
    assert event.actor_id == review.us[0].id
    # The workspace no longer links to it; its page is closed to the decliner.
    index = client.get("/review/").get_data(as_text=True)
    assert "declined (no time)" in index
    assert f"/review/assignments/{assignment.id}" not in index
    assert client.get(f"/review/assignments/{assignment.id}").status_code == 403

    (english,) = _mail(review.chair_us, "reviews.declined")
    assert english.subject == f"US Reviewer 1 declined to review {proposal.reference}"
    assert "On mission abroad until August." in english.body_text
    (chinese,) = _mail(review.chair_cn, "reviews.declined")
    assert "拒绝" in chinese.subject or "谢绝" in chinese.subject
    assert "On mission abroad until August." in chinese.body_text
    assert _mail(review.us[0], "reviews.declined") == []

    client.post("/logout")
    login(review.chair_us)
    chairs_page = client.get(f"/secretariat/review/{review.solicitation.id}/assignments")
    text = chairs_page.get_data(as_text=True)
    assert "Declined for lack of time:" in text and "On mission abroad until August." in text


def test_only_the_assignee_declines_and_only_a_review_still_to_write(
    client, login, review: Review
) -> None:  # type: ignore[no-untyped-def]
    assignment = make_assignment(review.proposals[0], review.us[0])
    for someone in (review.us[1], review.chair_us):
        client.post("/logout")
        login(someone)
        response = client.post(
            f"/review/assignments/{assignment.id}/decline", data={"note": "Busy."}
        )
        assert response.status_code == 403
        with pytest.raises(ServiceError, match="Only the assigned reviewer"):
            review_assignment.decline_assignment(assignment, "Busy.", actor=someone)
    assert assignment.state == AssignmentState.ASSIGNED
    submitted = make_assignment(review.proposals[1], review.us[0], scores=[4] * 5, submitted=True)
    with pytest.raises(ServiceError, match="not yet submitted"):
        review_assignment.decline_assignment(submitted, "Busy.", actor=review.us[0])
    with pytest.raises(ServiceError, match="why"):
        review_assignment.decline_assignment(assignment, "  ", actor=review.us[0])


def test_refill_picks_another_reviewer_of_the_same_side_free_of_conflict(review: Review) -> None:
    _staff(review)
    proposal = review.proposals[0]
    declined = queries.assignment_of(review.us[0], proposal)
    assert declined is not None
    review_assignment.decline_assignment(declined, "No time.", actor=review.us[0])
    # U.S. Reviewer 2 is in conflict: the only U.S. reviewer left is the U.S. chair.
    review_conflicts.declare_conflict(
        review.us[1], proposal.lead_organization, "Former employee.", actor=review.us[1]
    )
    review_assignment.assign_automatically(review.solicitation, actor=review.chair_cn)
    live = [
        a
        for a in queries.assignments_for(review.solicitation)[proposal.id]
        if a.state in queries.LIVE_ASSIGNMENT
    ]
    reviewers = {a.reviewer for a in live}
    assert reviewers == {review.cn[0], review.chair_us}
    assert {r.side for r in reviewers} == {Side.US, Side.CN}
    assert review.us[0] not in reviewers and review.us[1] not in reviewers
    # The declined assignment stays on record, and counts for no load.
    assert declined.state == AssignmentState.DECLINED
    assert queries.reviewer_loads(review.solicitation).get(review.us[0].id, 0) == sum(
        1
        for items in queries.assignments_for(review.solicitation).values()
        for a in items
        if a.reviewer_id == review.us[0].id and a.state in queries.LIVE_ASSIGNMENT
    )


def test_refill_never_falls_back_on_the_decliner(review: Review) -> None:
    _staff(review)
    proposal = review.proposals[0]
    declined = queries.assignment_of(review.us[0], proposal)
    assert declined is not None
    review_assignment.decline_assignment(declined, "No time.", actor=review.us[0])
    for reviewer in (review.us[1], review.chair_us):
        review_conflicts.declare_conflict(
            reviewer, proposal.lead_organization, "Adviser.", actor=reviewer
        )
    with pytest.raises(ServiceError, match=r"no U\.S\. reviewer free of conflicts"):
        review_assignment.assign_automatically(review.solicitation, actor=review.chair_cn)
    with pytest.raises(ServiceError, match="already assigned"):
        review_assignment.assign_reviewer(proposal, review.us[0], actor=review.chair_cn)


def test_a_declined_assignment_stays_on_record(review: Review) -> None:
    assignment = make_assignment(review.proposals[0], review.us[0], declined="No time.")
    with pytest.raises(ServiceError, match="declined assignment stays"):
        review_assignment.remove_assignment(assignment, actor=review.chair_us)


def test_a_reviewer_taken_off_a_review_is_told(review: Review) -> None:
    proposal = review.proposals[0]
    _staff(review)
    extra = make_assignment(proposal, review.us[1])
    review.us[1].language = Language.ZH
    review_assignment.remove_assignment(extra, actor=review.chair_us)
    (notice,) = _mail(review.us[1], "reviews.unassigned")
    assert proposal.reference in notice.subject
    assert "/review/" in notice.body_text
    assert events("review.unassigned")
