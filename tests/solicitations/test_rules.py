"""The rules found missing when a cycle was run: the rubric's weights make 100 and its anchors
are the chairs' to word; the Open badge follows the deadline; closing early is confirmed."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from flask.testing import FlaskClient

from app import clock
from app.accounts.models import Role, Side
from app.errors import ServiceError
from app.reviews.forms import review_form
from app.reviews.labels import ANCHORS, criterion_anchors
from app.solicitations import services
from app.solicitations.models import Solicitation, SolicitationStatus
from tests.factories import make_user
from tests.solicitations.factories import make_solicitation
from tests.solicitations.test_services import terms
from tests.solicitations.test_views import form_data

S = SolicitationStatus
NOW = datetime(2027, 5, 29, 12, 0, tzinfo=UTC)
DEADLINE = datetime(2027, 5, 31, 15, 59, tzinfo=UTC)


@pytest.fixture(autouse=True)
def frozen_now():  # type: ignore[no-untyped-def]
    with clock.frozen_at(NOW):
        yield


@pytest.fixture
def chair():  # type: ignore[no-untyped-def]
    return make_user(Role.CHAIR, Role.REVIEWER, side=Side.CN)


# --- weights make 100 ---------------------------------------------------------------------------


@pytest.mark.parametrize("weights", [(60, 30), (60, 50), (33.33, 33.33, 33.33)])
def test_weights_that_do_not_add_up_to_100_are_refused(chair, weights) -> None:  # type: ignore[no-untyped-def]
    criteria = [
        {"name_en": f"C{i}", "name_zh": f"标准{i}", "weight": w} for i, w in enumerate(weights)
    ]
    with pytest.raises(ServiceError, match="must make exactly 100") as refused:
        services.create_solicitation(terms(criteria=criteria), actor=chair)
    assert refused.value.field == "criteria"


def test_weights_that_add_up_to_100_are_saved(chair) -> None:  # type: ignore[no-untyped-def]
    criteria = [
        {"name_en": "A", "name_zh": "甲", "weight": 33.33},
        {"name_en": "B", "name_zh": "乙", "weight": 33.33},
        {"name_en": "C", "name_zh": "丙", "weight": 33.34},
    ]
    solicitation = services.create_solicitation(terms(criteria=criteria), actor=chair)
    assert [c.weight for c in solicitation.criteria] == [33.33, 33.33, 33.34]


def test_a_draft_whose_weights_do_not_make_100_cannot_be_opened(chair) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation(status=S.DRAFT, year=2031)
    solicitation.criteria[0].weight = 50
    with pytest.raises(ServiceError, match="must make exactly 100"):
        services.open_solicitation(solicitation, actor=chair)
    assert solicitation.status == S.DRAFT


def test_the_form_says_so_next_to_the_rubric_and_keeps_what_was_typed(
    client: FlaskClient, login, chair
) -> None:  # type: ignore[no-untyped-def]
    login(chair)
    response = client.post(
        "/secretariat/solicitations/new",
        data=form_data(**{"criteria-1-weight": "30", "criteria-1-name_en": "Viability typed"}),
    )
    html = response.get_data(as_text=True)
    assert re.search(r'id="rubric-error"[^>]*>The weights add up to 90', html)
    assert 'value="Viability typed"' in html and 'value="30' in html
    assert 'value="2028 U.S.–China EcoPartnerships Solicitation"' in html
    assert Solicitation.query.filter_by(year=2028).first() is None


# --- score anchors ------------------------------------------------------------------------------


def test_the_form_starts_from_the_programs_anchors_in_both_languages(
    client: FlaskClient, login, chair
) -> None:  # type: ignore[no-untyped-def]
    login(chair)
    html = client.get("/secretariat/solicitations/new").get_data(as_text=True)
    assert 'name="criteria-0-anchor_en-1"' not in html
    assert 'name="criteria-0-anchor_en_1"' in html and 'name="criteria-0-anchor_zh_5"' in html
    assert "Poor: does not address the criterion, or has serious flaws." in html


def test_a_chair_words_the_anchors_of_one_criterion(client: FlaskClient, login, chair) -> None:  # type: ignore[no-untyped-def]
    login(chair)
    anchors = {f"criteria-0-anchor_en_{n}": f"Impact level {n}" for n in range(1, 6)}
    anchors |= {f"criteria-0-anchor_zh_{n}": f"影响等级{n}" for n in range(1, 6)}
    response = client.post("/secretariat/solicitations/new", data=form_data(**anchors))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    solicitation = Solicitation.query.filter_by(year=2028).one()
    impact, viability = solicitation.criteria
    assert impact.anchors_en == [f"Impact level {n}" for n in range(1, 6)]
    assert impact.anchors_zh == [f"影响等级{n}" for n in range(1, 6)]
    assert viability.anchors_en == [] and viability.anchors_zh == []  # the program's
    assert criterion_anchors(impact, "zh_Hans")[0] == "影响等级1"
    assert criterion_anchors(viability, "en") == [str(a) for a in ANCHORS]


def test_the_reviewers_see_each_criterions_own_anchors(app) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation()
    solicitation.criteria[0].anchors_en = [f"Impact level {n}" for n in range(1, 6)]
    with app.test_request_context():
        form = review_form(solicitation)
        first, second = (form[name] for name in form.score_fields[:2])
        assert first.choices[2].label == "3 — Impact level 3"
        assert "Good: addresses the criterion well" in second.choices[2].label


def test_a_half_worded_set_of_anchors_is_refused_next_to_the_blank_ones(
    client: FlaskClient, login, chair
) -> None:  # type: ignore[no-untyped-def]
    login(chair)
    anchors = {f"criteria-0-anchor_en_{n}": f"Level {n}" for n in range(1, 6)}
    anchors["criteria-0-anchor_en_3"] = ""
    html = client.post("/secretariat/solicitations/new", data=form_data(**anchors)).get_data(
        as_text=True
    )
    assert re.search(r'id="criteria-0-anchor_en_3-error"[^>]*>Say what this score means', html)
    assert 'value="Level 4"' in html
    assert Solicitation.query.filter_by(year=2028).first() is None


# --- the Open badge follows the deadline ------------------------------------------------------


def badge(html: str) -> str:
    match = re.search(r'<span class="usa-tag[^"]*">([^<]+)</span>', html)
    assert match is not None
    return match.group(1).strip()


def test_the_badge_says_open_before_the_deadline_and_closed_after_by_itself(
    client: FlaskClient,
) -> None:
    solicitation = make_solicitation(closes_at=DEADLINE)
    page = f"/solicitations/{solicitation.id}"
    assert badge(client.get(page).get_data(as_text=True)) == "Open"
    with clock.frozen_at(DEADLINE):
        assert badge(client.get(page).get_data(as_text=True)) == "Closed"
    assert solicitation.status == S.OPEN  # nobody closed it


def test_the_api_status_follows_the_deadline_too(client: FlaskClient) -> None:
    solicitation = make_solicitation(closes_at=DEADLINE)
    url = f"/api/v1/solicitations/{solicitation.year}"
    assert client.get(url).get_json()["status"] == "open"
    with clock.frozen_at(DEADLINE + timedelta(seconds=1)):
        record = client.get(url).get_json()
    assert record["status"] == "closed" and record["is_accepting_proposals"] is False


# --- closing early is confirmed -----------------------------------------------------------------


def test_closing_early_is_a_confirmation_step_not_a_button_on_the_call(
    client: FlaskClient, login, chair
) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation(closes_at=DEADLINE)
    login(chair)
    show = client.get(f"/secretariat/solicitations/{solicitation.id}").get_data(as_text=True)
    close_url = f"/secretariat/solicitations/{solicitation.id}/close"
    assert f'action="{close_url}"' not in show  # no form that closes in one click
    assert re.search(rf'<a class="usa-button usa-button--secondary" href="{close_url}"', show)

    confirm = client.get(close_url)
    assert confirm.status_code == 200
    html = confirm.get_data(as_text=True)
    assert "End submissions to the 2027 call early?" in html
    assert re.search(r'<button type="submit" class="usa-button usa-button--secondary">', html)
    assert "No, keep the call open" in html
    assert solicitation.status == S.OPEN

    refused = client.post(close_url, data={"reason": ""}).get_data(as_text=True)
    assert "End submissions to the 2027 call early?" in refused  # still on the confirmation
    assert re.search(r'id="reason-error"[^>]*>The deadline has not passed yet', refused)

    done = client.post(close_url, data={"reason": "Postponed by both sides."})
    assert done.status_code == 302
    assert solicitation.status == S.CLOSED and solicitation.closed_early


def test_after_the_deadline_the_confirmation_page_is_not_needed(
    client: FlaskClient, login, chair
) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation(closes_at=NOW - timedelta(minutes=1))
    login(chair)
    response = client.get(f"/secretariat/solicitations/{solicitation.id}/close")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/secretariat/solicitations/{solicitation.id}")


def test_the_chairs_read_each_criterions_anchors_on_the_call(
    client: FlaskClient, login, chair
) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation()
    solicitation.criteria[0].anchors_en = [f"Impact level {n}" for n in range(1, 6)]
    login(chair)
    html = client.get(f"/secretariat/solicitations/{solicitation.id}").get_data(as_text=True)
    assert "5 — Impact level 5" in html
    assert "5 — Excellent: exceptionally strong" in html  # the other criteria: the program's
