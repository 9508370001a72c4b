"""The review form's layout: one compact row of score choices per criterion carrying its weight,
the anchors in an accordion, the running weighted mean by the ranking's rule, the proposal in a
column beside the review; and it still saves and validates as before."""

from __future__ import annotations

import re

from app.accounts.models import Side
from app.reviews.calibration import weighted_mean
from app.reviews.models import AssignmentState
from tests.reviews.factories import (
    make_assignment,
    make_closed_solicitation,
    make_reviewer,
    make_submitted,
)


def setup():  # type: ignore[no-untyped-def]
    proposal = make_submitted(make_closed_solicitation())
    reviewer = make_reviewer(Side.US)
    return proposal, reviewer, make_assignment(proposal, reviewer)


def rows(page: str) -> list[str]:
    """The score rows of the review form, as HTML."""
    form = page[
        page.index("data-review-form") : page.index("</form>", page.index("data-review-form"))
    ]
    return re.findall(r'<fieldset class="[^"]*portal-score[^"]*".*?</fieldset>', form, re.S)


def total(page: str) -> tuple[str, str]:
    """The running total as the page arrives: (mean, count)."""
    mean = re.search(r"<output data-review-total-value>([^<]*)</output>", page)
    count = re.search(r'data-review-total-count data-template="[^"]*">([^<]*)<', page)
    assert mean and count, page
    return mean.group(1), count.group(1)


def test_one_compact_row_per_criterion_with_its_weight_and_the_anchors_folded(
    client, login
) -> None:  # type: ignore[no-untyped-def]
    proposal, reviewer, assignment = setup()
    login(reviewer)
    page = client.get(f"/review/assignments/{assignment.id}").get_data(as_text=True)
    criteria = proposal.solicitation.criteria
    found = rows(page)
    assert len(found) == len(criteria) == 5
    for row, criterion in zip(found, criteria, strict=True):
        assert f'data-weight="{float(criterion.weight):g}"' in row
        assert row.count('type="radio"') == 5 and "usa-radio" not in row
        assert f"{criterion.name_en} (weight {float(criterion.weight):g})" in row
        # Each button shows the score and its word, its label the whole anchor.
        assert re.search(
            r'<span class="portal-score__number">4</span> <span class="portal-score__word">Very good</span>'
            r'<span class="usa-sr-only">: strong, with only minor weaknesses.</span>',
            row,
        )
    accordion = page[page.index('class="usa-accordion') : page.index("portal-score")]
    assert "What each score means" in accordion and "Excellent: exceptionally strong" in accordion
    assert 'aria-expanded="false"' in accordion and "hidden" not in accordion  # open without JS


def test_the_proposal_reads_beside_the_review_and_the_total_is_a_script_file(client, login) -> None:  # type: ignore[no-untyped-def]
    _, reviewer, assignment = setup()
    login(reviewer)
    page = client.get(f"/review/assignments/{assignment.id}").get_data(as_text=True)
    assert page.index('class="desktop:grid-col-7 portal-review-proposal"') < page.index(
        'id="proposal"'
    )
    assert page.index('class="desktop:grid-col-5"') < page.index('id="my-review"')
    assert '<script src="/static/js/review-total.js">' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # nothing inline (the CSP)


def test_the_running_total_is_the_weighted_mean_of_what_is_saved(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal, reviewer, assignment = setup()
    criteria = proposal.solicitation.criteria
    login(reviewer)
    page = client.get(f"/review/assignments/{assignment.id}").get_data(as_text=True)
    assert total(page) == ("—", "0 of 5 criteria scored")

    chosen = dict(zip([c.id for c in criteria[:2]], [5, 2], strict=True))
    response = client.post(
        f"/review/assignments/{assignment.id}",
        data={**{f"score_{k}": str(v) for k, v in chosen.items()}, "action": "save"},
    )
    assert response.status_code == 302
    page = client.get(f"/review/assignments/{assignment.id}").get_data(as_text=True)
    weights = {c.id: float(c.weight) for c in criteria}
    expected = weighted_mean({k: float(v) for k, v in chosen.items()}, weights)
    assert total(page) == (f"{expected:.2f}", "2 of 5 criteria scored")  # (5·25 + 2·20) / 45
    assert total(page)[0] == "3.67"


def test_a_refused_submission_keeps_every_choice_and_its_total(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal, reviewer, assignment = setup()
    criteria = proposal.solicitation.criteria
    login(reviewer)
    response = client.post(
        f"/review/assignments/{assignment.id}",
        data={f"score_{criteria[0].id}": "3", "comments_to_applicant": "Kept", "action": "submit"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Score every criterion" in page
    assert re.search(
        rf'id="score_{criteria[0].id}-2"[^>]*checked|checked[^>]*id="score_{criteria[0].id}-2"',
        page,
    )
    assert total(page) == ("3.00", "1 of 5 criteria scored") and "Kept" in page
    assert assignment.state == AssignmentState.ASSIGNED and assignment.scores == []


def test_a_score_off_the_scale_is_refused_at_its_row(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal, reviewer, assignment = setup()
    first = proposal.solicitation.criteria[0]
    login(reviewer)
    response = client.post(
        f"/review/assignments/{assignment.id}", data={f"score_{first.id}": "9", "action": "save"}
    )
    assert response.status_code == 200
    [row] = [r for r in rows(response.get_data(as_text=True)) if f"score_{first.id}" in r]
    assert "usa-form-group--error" in row and "Not a valid choice" in row
    assert assignment.scores == []


def test_a_criterion_worded_its_own_way_has_its_own_scale(client, login) -> None:  # type: ignore[no-untyped-def]
    proposal, reviewer, assignment = setup()
    impact = proposal.solicitation.criteria[0]
    impact.anchors_en = [f"Impact level {n}" for n in range(1, 6)]
    login(reviewer)
    page = client.get(f"/review/assignments/{assignment.id}").get_data(as_text=True)
    assert f"What each score means for “{impact.name_en}”" in page
    [row] = [r for r in rows(page) if f"score_{impact.id}" in r]
    assert '<span class="usa-sr-only"> — Impact level 5</span>' in row  # no word: the number
    assert "portal-score__word" not in row
