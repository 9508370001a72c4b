"""Review pages, as reviewers, chairs and applicants use them."""

from __future__ import annotations

from sqlalchemy import select

from app.accounts.models import Role, Side
from app.extensions import db
from app.proposals.models import ProposalState
from app.reviews.models import AssignmentState, Decision, DecisionState, ReviewAssignment
from app.solicitations.models import SolicitationStatus
from tests.factories import make_user
from tests.proposals.factories import owner_of
from tests.proposals.test_services import pdf_bytes
from tests.reviews.factories import (
    make_assignment,
    make_chair,
    make_closed_solicitation,
    make_decision,
    make_reviewer,
    make_submitted,
)


def setup_call():  # type: ignore[no-untyped-def]
    solicitation = make_closed_solicitation(reviewers_per_proposal=2)
    proposal = make_submitted(solicitation)
    return solicitation, proposal


def scores(proposal, value: int = 4) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {f"score_{c.id}": str(value) for c in proposal.solicitation.criteria}


# --- the reviewer workspace --------------------------------------------------------------------


def test_a_reviewer_reads_scores_and_submits(client, login) -> None:  # type: ignore[no-untyped-def]
    from app.proposals.services import add_attachment

    solicitation, proposal = setup_call()
    # Letters are attached before submission, while the call is open.
    proposal.state, solicitation.status = ProposalState.DRAFT, SolicitationStatus.OPEN
    add_attachment(proposal, "support.pdf", pdf_bytes(), actor=owner_of(proposal.lead_organization))
    proposal.state, solicitation.status = ProposalState.SUBMITTED, SolicitationStatus.CLOSED
    reviewer = make_reviewer(Side.US)
    other = make_reviewer(Side.CN, display_name="Zhou Mingche")
    assignment = make_assignment(proposal, reviewer)
    make_assignment(
        proposal,
        other,
        scores=[2] * 5,
        submitted=True,
        comments_to_applicant="Needs sharper targets.",
        comments_to_secretariat="Secret doubts.",
    )
    login(reviewer)

    index = client.get("/review/").get_data(as_text=True)
    assert proposal.reference in index and "to do" in index
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert f"/review/assignments/{assignment.id}" in dashboard

    page = client.get(f"/review/assignments/{assignment.id}").get_data(as_text=True)
    assert proposal.title_en in page and proposal.title_zh in page  # both languages
    assert "support.pdf" in page
    assert "Excellent: exceptionally strong" in page  # anchors
    assert "Needs sharper targets." not in page  # not before submitting my own
    assert client.get(f"/proposals/{proposal.id}").status_code == 200
    attachment = proposal.attachments[0]
    assert client.get(f"/proposals/attachments/{attachment.id}").status_code == 200

    first = solicitation.criteria[0]
    response = client.post(
        f"/review/assignments/{assignment.id}",
        data={f"score_{first.id}": "5", "comments_to_applicant": "Draft words", "action": "save"},
    )
    assert response.status_code == 302
    assert assignment.state == AssignmentState.ASSIGNED
    page = client.get(f"/review/assignments/{assignment.id}").get_data(as_text=True)
    assert "Draft words" in page

    response = client.post(
        f"/review/assignments/{assignment.id}",
        data={"comments_to_applicant": "Kept text", "action": "submit"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Score every criterion" in page and "Kept text" in page

    response = client.post(
        f"/review/assignments/{assignment.id}",
        data={
            **scores(proposal),
            "comments_to_applicant": "Good.",
            "recommendation": "select",
            "action": "submit",
            "version": str(assignment.version),
        },
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert assignment.state == AssignmentState.SUBMITTED
    assert "Needs sharper targets." in page  # the other review, now
    assert "Zhou Mingche" not in page and "Secret doubts." not in page  # blind to reviewers


def test_recusal_from_the_workspace(client, login) -> None:  # type: ignore[no-untyped-def]
    _, proposal = setup_call()
    reviewer = make_reviewer(Side.US)
    assignment = make_assignment(proposal, reviewer)
    login(reviewer)
    response = client.post(f"/review/assignments/{assignment.id}/recuse", data={"reason": ""})
    assert response.status_code == 200 and "This field is required" in response.get_data(
        as_text=True
    )
    response = client.post(
        f"/review/assignments/{assignment.id}/recuse", data={"reason": "Former colleague."}
    )
    assert response.status_code == 302
    assert assignment.state == AssignmentState.RECUSED
    assert client.get(f"/review/assignments/{assignment.id}").status_code == 403
    assert client.get(f"/proposals/{proposal.id}").status_code == 403


def test_a_reviewer_declares_a_conflict(client, login) -> None:  # type: ignore[no-untyped-def]
    _, proposal = setup_call()
    reviewer = make_reviewer(Side.CN)
    login(reviewer)
    assert client.get("/review/conflicts").status_code == 200
    response = client.post(
        "/review/conflicts",
        data={"organization_id": proposal.lead_organization_id, "reason": "Board member."},
        follow_redirects=True,
    )
    assert "Board member." in response.get_data(as_text=True)
    response = client.post(
        "/review/conflicts",
        data={"organization_id": proposal.lead_organization_id, "reason": "Again."},
    )
    assert "already recorded" in response.get_data(as_text=True)


def test_other_reviewers_and_applicants_are_kept_out(client, login) -> None:  # type: ignore[no-untyped-def]
    _, proposal = setup_call()
    assignment = make_assignment(proposal, make_reviewer(Side.US))
    stranger = make_reviewer(Side.CN)
    login(stranger)
    assert client.get(f"/review/assignments/{assignment.id}").status_code == 403
    assert client.get(f"/proposals/{proposal.id}").status_code == 403
    assert client.get(f"/secretariat/review/proposals/{proposal.id}").status_code == 403


def test_applicants_never_see_reviewer_identities(client, login) -> None:  # type: ignore[no-untyped-def]
    _, proposal = setup_call()
    reviewer = make_reviewer(Side.US, display_name="Morgan Hale")
    make_assignment(
        proposal,
        reviewer,
        scores=[4] * 5,
        submitted=True,
        comments_to_applicant="Fine work.",
        comments_to_secretariat="Hush.",
    )
    login(owner_of(proposal.lead_organization))
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "Morgan Hale" not in page and reviewer.email not in page and "Hush." not in page
    for url in (
        "/review/",
        f"/secretariat/review/proposals/{proposal.id}",
        f"/secretariat/review/{proposal.solicitation_id}/ranking",
    ):
        assert client.get(url).status_code == 403


# --- the chairs --------------------------------------------------------------------------------


def test_chair_pages_render(client, login) -> None:  # type: ignore[no-untyped-def]
    solicitation, proposal = setup_call()
    chair = make_chair(Side.US)
    reviewer = make_reviewer(Side.CN, display_name="Xu Ruolan")
    make_assignment(
        proposal,
        reviewer,
        scores=[3] * 5,
        submitted=True,
        comments_to_secretariat="Confidential note.",
    )
    make_decision(proposal, chair)
    login(chair)
    sid = solicitation.id
    for url in (
        "/secretariat/review/",
        f"/secretariat/review/{sid}/screening",
        f"/secretariat/review/{sid}/assignments",
        "/secretariat/review/conflicts",
        f"/secretariat/review/{sid}/ranking?sort=spread&order=asc&spread=0.5",
        f"/secretariat/review/{sid}/selection",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.get_data(as_text=True)
        assert proposal.reference in text or url.endswith(("conflicts", "review/"))
    page = client.get(f"/secretariat/review/proposals/{proposal.id}").get_data(as_text=True)
    assert "Xu Ruolan" in page and "Confidential note." in page  # chairs see both
    csv = client.get(f"/secretariat/review/{sid}/ranking.csv")
    assert csv.mimetype == "text/csv" and proposal.reference in csv.get_data(as_text=True)
    assert "Xu Ruolan" not in csv.get_data(as_text=True)
    assert client.get("/secretariat/review/999999/ranking").status_code == 404


def test_chairs_screen_assign_decide_and_publish(client, login) -> None:  # type: ignore[no-untyped-def]
    solicitation, proposal = setup_call()
    late = make_submitted(solicitation)
    chair_us, chair_cn = make_chair(Side.US), make_chair(Side.CN)
    make_reviewer(Side.US), make_reviewer(Side.CN)
    sid = solicitation.id
    login(chair_us)

    response = client.post(
        f"/secretariat/review/proposals/{late.id}/screening",
        data={
            f"s{late.id}-eligible": "no",
            f"s{late.id}-reason": "Arrived by post after the deadline.",
        },
    )
    assert response.status_code == 302 and not late.is_eligible

    response = client.post(f"/secretariat/review/{sid}/assignments/auto", follow_redirects=True)
    assert "assignments added" in response.get_data(as_text=True)
    live = db.session.scalars(select(ReviewAssignment)).all()
    assert {a.proposal_id for a in live} == {proposal.id}
    for assignment in live:
        assignment.state, assignment.submitted_at = (
            AssignmentState.SUBMITTED,
            solicitation.closes_at,
        )
        assignment.comments_to_applicant = "Promising."
    db.session.flush()

    response = client.post(
        f"/secretariat/review/proposals/{proposal.id}/decision",
        data={"outcome": "selected", "rationale": ""},
    )
    assert response.status_code == 200 and "This field is required" in response.get_data(
        as_text=True
    )
    client.post(
        f"/secretariat/review/proposals/{proposal.id}/decision",
        data={"outcome": "selected", "rationale": "Best in class."},
    )
    decision = db.session.scalar(select(Decision))
    assert decision.state == DecisionState.PROPOSED
    client.post(f"/secretariat/review/decisions/{decision.id}/approve", follow_redirects=True)
    assert decision.state == DecisionState.PROPOSED  # own side: refused
    selection = client.get(f"/secretariat/review/{sid}/selection").get_data(as_text=True)
    assert "awaits the approval" in selection and "Selected 0 of a target of 5" in selection

    client.post("/logout")
    login(chair_cn)
    client.post(f"/secretariat/review/decisions/{decision.id}/approve")
    assert decision.state == DecisionState.APPROVED
    response = client.post(f"/secretariat/review/{sid}/publish", follow_redirects=True)
    assert "must confirm" in response.get_data(as_text=True)  # ineligibility: one key so far
    screening = client.get(f"/secretariat/review/{sid}/screening").get_data(as_text=True)
    assert f"Confirm that {late.reference} is ineligible" in screening
    client.post(f"/secretariat/review/proposals/{late.id}/screening/confirm")
    assert late.ineligibility_confirmed_by_id == chair_cn.id
    response = client.post(f"/secretariat/review/{sid}/publish", follow_redirects=True)
    assert "Decisions published: 1 selected, 1 declined" in response.get_data(as_text=True)
    assert solicitation.status == SolicitationStatus.DECISIONS_PUBLISHED
    assert (proposal.state, late.state) == (ProposalState.SELECTED, ProposalState.DECLINED)


def test_a_conflicted_chair_sees_neither_reviews_nor_ranking_row(client, login) -> None:  # type: ignore[no-untyped-def]
    solicitation, proposal = setup_call()
    other = make_submitted(solicitation)
    chair = make_chair(Side.CN)
    from app.reviews.conflicts import declare_conflict

    declare_conflict(chair, proposal.lead_organization, "Adviser.", actor=chair)
    login(chair)
    assert client.get(f"/secretariat/review/proposals/{proposal.id}").status_code == 403
    assert (
        client.post(
            f"/secretariat/review/proposals/{proposal.id}/decision",
            data={"outcome": "selected", "rationale": "x"},
        ).status_code
        == 403
    )
    ranking = client.get(f"/secretariat/review/{solicitation.id}/ranking").get_data(as_text=True)
    assert proposal.reference not in ranking and other.reference in ranking


def test_an_administrator_cannot_decide(client, login) -> None:  # type: ignore[no-untyped-def]
    solicitation, proposal = setup_call()
    decision = make_decision(proposal, make_chair(Side.US))
    login(make_user(Role.ADMIN))
    assert client.post(f"/secretariat/review/decisions/{decision.id}/approve").status_code == 403
    assert client.post(f"/secretariat/review/{solicitation.id}/publish").status_code == 403
    assert decision.state == DecisionState.PROPOSED


def test_discussion_from_both_sides(client, login) -> None:  # type: ignore[no-untyped-def]
    _, proposal = setup_call()
    reviewer = make_reviewer(Side.US)
    assignment = make_assignment(proposal, reviewer, scores=[4] * 5, submitted=True)
    chair = make_chair(Side.CN)
    login(reviewer)
    response = client.post(
        f"/review/proposals/{proposal.id}/comments", data={"body": "Is the budget realistic?"}
    )
    assert response.headers["Location"].endswith(f"/review/assignments/{assignment.id}#discussion")
    client.post("/logout")
    login(chair)
    response = client.post(
        f"/review/proposals/{proposal.id}/comments", data={"body": "Yes."}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "Is the budget realistic?" in page and "Yes." in page
