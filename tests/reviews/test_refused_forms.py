"""The Secretariat's small forms (assignment, due dates, screening, discussion, conflicts):
a refused one comes back on its page with the error summary at its top, its message at the
field and what was typed kept; reviewers are picked in a combo box."""

from __future__ import annotations

import re

from sqlalchemy import select

from app.accounts.models import Side
from app.extensions import db
from app.reviews.models import ReviewAssignment
from tests.reviews.factories import (
    make_assignment,
    make_chair,
    make_closed_solicitation,
    make_reviewer,
    make_submitted,
)

SUMMARY = "There is a problem"


def _summary_links(page: str) -> list[str]:
    """The fields the error summary's links lead to."""
    summary = page[page.index("data-error-summary") :]
    summary = summary[: summary.index("</ul>")]
    return re.findall(r'href="#([^"]+)"', summary)


def test_reviewers_are_picked_in_a_combo_box(client, login) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_closed_solicitation(reviewers_per_proposal=2)
    proposal = make_submitted(solicitation)
    make_reviewer(Side.US, display_name="Morgan Hale")
    login(make_chair(Side.US))
    page = client.get(f"/secretariat/review/{solicitation.id}/assignments").get_data(as_text=True)
    picker = page[page.index(f'id="p{proposal.id}-reviewer_id"') - 200 :]
    assert '<div class="usa-combo-box">' in picker[:200]
    # Typing the name or the side finds the reviewer; the placeholder is no choice of its own.
    assert "Morgan Hale (U.S. side)</option>" in picker
    assert '<option selected value="">' in picker or '<option value="">' in picker
    conflicts = client.get("/secretariat/review/conflicts").get_data(as_text=True)
    assert conflicts.count('<div class="usa-combo-box">') == 2  # the reviewer, the organization


def test_an_assignment_without_a_reviewer_comes_back_with_the_summary(client, login) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_closed_solicitation(reviewers_per_proposal=2)
    proposal = make_submitted(solicitation)
    login(make_chair(Side.US))
    response = client.post(
        f"/secretariat/review/proposals/{proposal.id}/assignments",
        data={f"p{proposal.id}-reviewer_id": ""},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert SUMMARY in page and "Choose a reviewer." in page
    assert _summary_links(page) == [f"p{proposal.id}-reviewer_id"]
    assert proposal.reference in page  # the whole assignment page, not a bare error


def test_a_refused_assignment_says_why_above_its_form(client, login) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_closed_solicitation(reviewers_per_proposal=2)
    proposal = make_submitted(solicitation)
    reviewer = make_reviewer(Side.US)
    make_assignment(proposal, reviewer)
    login(make_chair(Side.US))
    response = client.post(
        f"/secretariat/review/proposals/{proposal.id}/assignments",
        data={f"p{proposal.id}-reviewer_id": str(reviewer.id)},
    )
    assert response.status_code == 200  # the page as it is now, the refusal on it
    page = response.get_data(as_text=True)
    assert SUMMARY in page
    assigned = db.session.scalars(
        select(ReviewAssignment).where(ReviewAssignment.proposal_id == proposal.id)
    ).all()
    assert [a.reviewer_id for a in assigned] == [reviewer.id]  # nothing written


def test_a_due_date_that_is_no_date_keeps_what_was_typed(client, login) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_closed_solicitation(reviewers_per_proposal=2)
    proposal = make_submitted(solicitation)
    assignment = make_assignment(proposal, make_reviewer(Side.US))
    login(make_chair(Side.US))
    response = client.post(
        f"/secretariat/review/assignments/{assignment.id}/due",
        data={f"a{assignment.id}-due_at": "next Friday", f"a{assignment.id}-due_at_zone": "UTC"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert SUMMARY in page and 'value="next Friday"' in page
    assert _summary_links(page) == [f"a{assignment.id}-due_at"]
    assert assignment.due_at is None


def test_ineligible_without_a_reason_is_refused_at_the_field(client, login) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_closed_solicitation(reviewers_per_proposal=2)
    proposal = make_submitted(solicitation)
    login(make_chair(Side.US))
    response = client.post(
        f"/secretariat/review/proposals/{proposal.id}/screening",
        data={f"s{proposal.id}-eligible": "no", f"s{proposal.id}-reason": ""},
    )
    assert response.status_code == 200  # refused by the rule, shown on the page
    page = response.get_data(as_text=True)
    assert SUMMARY in page and "Give the reason; the applicant will read it." in page
    assert _summary_links(page) == [f"s{proposal.id}-reason"]
    # The choice stays as it was sent: "Ineligible" is still ticked.
    assert re.search(rf'id="s{proposal.id}-eligible-1"[^>]*value="no"|checked[^>]*value="no"', page)
    assert proposal.is_eligible


def test_an_empty_comment_comes_back_on_the_page_it_was_written_on(client, login) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_closed_solicitation(reviewers_per_proposal=2)
    proposal = make_submitted(solicitation)
    assignment = make_assignment(proposal, make_reviewer(Side.US), scores=[4] * 5, submitted=True)
    login(assignment.reviewer)
    response = client.post(f"/review/proposals/{proposal.id}/comments", data={"body": ""})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert SUMMARY in page and _summary_links(page) == ["body"]
    assert f"/review/proposals/{proposal.id}/comments" in page  # the review page's discussion
    client.post("/logout")
    login(make_chair(Side.CN))
    response = client.post(f"/review/proposals/{proposal.id}/comments", data={"body": "  "})
    assert response.status_code == 200
    assert SUMMARY in response.get_data(as_text=True)
