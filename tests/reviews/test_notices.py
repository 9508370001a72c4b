"""The review's hand-offs are mailed, in each reader's language, linking to where they act: a
decision awaiting the other side's key, a key withdrawn, a recusal, a new discussion comment
(never to anyone in conflict with the proposal, never to its author)."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import Language, Side
from app.extensions import db
from app.notifications.models import Notification
from app.reviews import conflicts, decisions, reviewing
from app.reviews.models import DecisionOutcome, ReviewAssignment
from tests.reviews.factories import Review, make_assignment, make_chair, make_reviewer
from tests.reviews.test_discussions import conflicted_with


def mails(kind: str) -> dict[str, Notification]:
    """The queued mails of `kind`, by address (one each: a second would be a bug)."""
    found = list(db.session.scalars(select(Notification).where(Notification.kind == kind)))
    by_address = {mail.to_address: mail for mail in found}
    assert len(by_address) == len(found), "someone got the same notice twice"
    return by_address


# --- a decision awaits the other side's key -----------------------------------------------------


def test_a_proposed_decision_asks_every_chair_of_the_other_side_for_their_key(
    client, login, review: Review
) -> None:  # type: ignore[no-untyped-def]
    review.chair_cn.language = Language.ZH
    second_cn = make_chair(Side.CN, display_name="Chair Wang")
    conflicted_cn = make_chair(Side.CN, display_name="Chair Conflicted")
    retired_cn = make_chair(Side.CN, display_name="Chair Retired", is_active=False)
    other_us = make_chair(Side.US, display_name="Chair Other US")
    proposal = review.proposals[0]
    conflicted_with(proposal, conflicted_cn)
    decisions.propose_decision(
        proposal, DecisionOutcome.SELECTED, "Strong plan.", actor=review.chair_us
    )
    sent = mails("reviews.decision_awaits_key")
    assert set(sent) == {review.chair_cn.email, second_cn.email}
    for absent in (conflicted_cn, retired_cn, other_us, review.chair_us):
        assert absent.email not in sent
    link = f"http://portal.test/secretariat/review/proposals/{proposal.id}#decision"
    chinese = sent[review.chair_cn.email]
    assert chinese.subject == f"{proposal.reference} 的决定等待您的确认"
    assert link in chinese.body_text and "入选" in chinese.body_text
    english = sent[second_cn.email]
    assert english.subject == f"A decision on {proposal.reference} awaits your key"
    assert "Chair Ellery (U.S. side) proposes this decision" in english.body_text
    assert "Selected" in english.body_text and link in english.body_text
    # The second chair follows the link and gives the second key from that page.
    db.session.commit()
    login(second_cn)
    page = client.get(link.removeprefix("http://portal.test").removesuffix("#decision"))
    assert page.status_code == 200 and "Approve (second key)" in page.get_data(as_text=True)


def test_a_withdrawn_decision_is_told_to_the_other_chairs(review: Review) -> None:
    conflicted_us = make_chair(Side.US, display_name="Chair Conflicted")
    proposal = review.proposals[0]
    conflicted_with(proposal, conflicted_us)
    review.chair_us.language = Language.ZH
    decision = decisions.propose_decision(
        proposal, DecisionOutcome.DECLINED, "Out of scope.", actor=review.chair_cn
    )
    decisions.approve_decision(decision, actor=review.chair_us)
    decisions.withdraw_decision(decision, actor=review.chair_us)  # the approver's key
    sent = mails("reviews.decision_key_withdrawn")
    assert set(sent) == {review.chair_cn.email}  # not the approver, not the conflicted chair
    mail = sent[review.chair_cn.email]
    assert mail.subject == f"The approval of the decision on {proposal.reference} was withdrawn"
    assert "awaits the approval of a chair of the other side again" in mail.body_text
    assert f"/secretariat/review/proposals/{proposal.id}#decision" in mail.body_text
    db.session.query(Notification).delete()
    decisions.withdraw_decision(decision, actor=review.chair_cn)  # the proposer's
    sent = mails("reviews.decision_key_withdrawn")
    assert set(sent) == {review.chair_us.email}
    assert sent[review.chair_us.email].subject == f"{proposal.reference} 的拟议决定已撤回"


# --- a recusal ------------------------------------------------------------------------------------


def test_a_recusal_is_told_to_the_chairs_free_of_conflict(review: Review) -> None:
    review.chair_cn.language = Language.ZH
    conflicted_us = make_chair(Side.US, display_name="Chair Conflicted")
    proposal = review.proposals[0]
    conflicted_with(proposal, conflicted_us)
    assignment = make_assignment(proposal, review.cn[0])
    conflicts.recuse(assignment, "My brother leads the partner.", actor=review.cn[0])
    sent = mails("reviews.recused")
    assert set(sent) == {review.chair_us.email, review.chair_cn.email}
    english = sent[review.chair_us.email]
    assert english.subject == f"CN Reviewer 1 recused from {proposal.reference}"
    assert "My brother leads the partner." in english.body_text
    link = (
        f"http://portal.test/secretariat/review/{proposal.solicitation_id}/assignments"
        f"#proposal-{proposal.id}"
    )
    assert link in english.body_text
    assert sent[review.chair_cn.email].subject == f"CN Reviewer 1 已回避 {proposal.reference}"


def test_a_conflict_declared_by_a_chair_tells_the_other_chairs_of_each_recusal(
    review: Review,
) -> None:
    proposal = review.proposals[0]
    make_assignment(proposal, review.us[0])
    conflicts.declare_conflict(
        review.us[0], proposal.lead_organization, "Board member.", actor=review.chair_us
    )
    assert set(mails("reviews.recused")) == {review.chair_cn.email}


# --- a new discussion comment ---------------------------------------------------------------------


def test_a_comment_is_told_to_the_discussions_other_readers_never_to_one_in_conflict(
    review: Review,
) -> None:
    proposal = review.proposals[0]
    review.cn[0].language = Language.ZH
    make_assignment(proposal, review.us[0], scores=[4] * 5, submitted=True)
    own = make_assignment(proposal, review.cn[0], scores=[4] * 5, submitted=True)
    make_assignment(proposal, review.us[1])  # has not submitted: cannot read the discussion
    # Submitted before the conflict came to light: still reads nothing, and is told nothing.
    conflicted_reviewer = make_reviewer(Side.CN, email="li@tsinghua.edu.cn")
    make_assignment(proposal, conflicted_reviewer, scores=[4] * 5, submitted=True)
    proposal.conflict_domains = ["tsinghua.edu.cn"]
    conflicted_chair = make_chair(Side.US)
    conflicted_with(proposal, conflicted_chair)
    reviewing.post_comment(proposal, "Is the budget realistic?", actor=review.us[0])
    sent = mails("reviews.discussion_comment")
    assert set(sent) == {review.chair_us.email, review.chair_cn.email, review.cn[0].email}
    assert conflicted_reviewer.email not in sent and conflicted_chair.email not in sent
    assert review.us[0].email not in sent and review.us[1].email not in sent
    chinese = sent[review.cn[0].email]
    assert chinese.subject == f"{proposal.reference} 的讨论有新评论"
    assert f"http://portal.test/review/assignments/{own.id}#discussion" in chinese.body_text
    assert "Is the budget realistic?" not in chinese.body_text  # internal text stays inside
    chair = sent[review.chair_us.email]
    assert chair.subject == f"New comment in the discussion of {proposal.reference}"
    assert f"/secretariat/review/proposals/{proposal.id}#discussion" in chair.body_text
    assert "US Reviewer 1 commented" in chair.body_text


def test_a_chairs_comment_is_not_mailed_back_to_them(review: Review) -> None:
    proposal = review.proposals[0]
    reviewer: ReviewAssignment = make_assignment(
        proposal, review.us[0], scores=[4] * 5, submitted=True
    )
    reviewing.post_comment(proposal, "Please weigh in.", actor=review.chair_cn)
    assert set(mails("reviews.discussion_comment")) == {
        review.chair_us.email,
        reviewer.reviewer.email,
    }
