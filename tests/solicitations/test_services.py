"""Solicitation operations: terms, time-zone entry, the rubric lock, and every status change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from app import clock
from app.accounts.models import Role, Side
from app.audit.models import Event
from app.errors import ServiceError
from app.extensions import db
from app.proposals.models import Proposal, ProposalState
from app.reviews.models import AssignmentState, ReviewAssignment, ReviewScore
from app.solicitations import queries, services
from app.solicitations.models import Solicitation, SolicitationStatus
from tests.factories import make_organization, make_user
from tests.solicitations.factories import make_solicitation

NOW = datetime(2027, 3, 1, 12, tzinfo=UTC)
S = SolicitationStatus


@pytest.fixture(autouse=True)
def frozen_now():  # type: ignore[no-untyped-def]
    """Every test here runs at the same, known moment."""
    with clock.frozen_at(NOW):
        yield


@pytest.fixture
def chair():  # type: ignore[no-untyped-def]
    return make_user(Role.CHAIR, Role.REVIEWER, side=Side.US)


def terms(**overrides: Any) -> dict[str, Any]:
    """Valid terms as the form hands them to the services (wall-clock times with a zone)."""
    data: dict[str, Any] = {
        "year": 2028,
        "title_en": "2028 U.S.–China EcoPartnerships Solicitation",
        "title_zh": "2028年中美绿色合作伙伴计划征集",
        "guidance_en": "Apply **together**.",
        "guidance_zh": "共同**申请**。",
        "opens_at": datetime(2027, 10, 1, 9, 0),
        "opens_at_zone": "America/New_York",
        "closes_at": datetime(2028, 5, 31, 11, 59),
        "closes_at_zone": "America/New_York",
        "score_min": 1,
        "score_max": 5,
        "reviewers_per_proposal": 3,
        "target_selections": 5,
    }
    data.update(overrides)
    return data


def events(action: str) -> list[Event]:
    return list(db.session.scalars(select(Event).where(Event.action == action)))


def count_solicitations() -> int:
    return db.session.scalar(select(func.count(Solicitation.id))) or 0


def score_a_proposal(solicitation: Solicitation) -> None:
    """A reviewer has scored the first criterion of a proposal to `solicitation`."""
    reviewer = make_user(Role.REVIEWER, side=Side.CN)
    proposal = Proposal(
        solicitation=solicitation,
        lead_organization=make_organization(make_user()),
        state=ProposalState.SUBMITTED,
        submitted_at=NOW,
        reference=f"EP-{solicitation.year}-001",
    )
    assignment = ReviewAssignment(
        proposal=proposal, reviewer=reviewer, state=AssignmentState.ASSIGNED
    )
    assignment.scores = [ReviewScore(criterion=solicitation.criteria[0], score=4)]
    db.session.add_all([proposal, assignment])
    db.session.flush()


# --- the factory the proposal and review tests build on -------------------------------------


def test_the_factory_makes_an_open_call_with_the_default_rubric() -> None:
    solicitation = make_solicitation()
    assert solicitation.year == 2027
    assert solicitation.status == S.OPEN
    assert solicitation.opens_at == NOW - timedelta(days=30)
    assert solicitation.closes_at == NOW + timedelta(days=30)
    assert queries.is_accepting_proposals(solicitation)
    assert [(c.name_en, c.name_zh, c.weight) for c in solicitation.criteria] == [
        ("Impact", "影响力", 25),
        ("Innovation", "创新性", 20),
        ("Viability", "可行性", 20),
        ("Tangible deliverable", "有形成果", 20),
        ("Replicability", "可复制性", 15),
    ]
    assert make_solicitation(status=S.DRAFT, criteria=False).year != 2027  # a free year
    assert make_solicitation(status=S.DRAFT, criteria=False).criteria == []


# --- creating and editing -------------------------------------------------------------------


def test_a_new_solicitation_is_a_draft_with_the_default_rubric(chair) -> None:  # type: ignore[no-untyped-def]
    solicitation = services.create_solicitation(terms(), actor=chair)
    assert solicitation.status == S.DRAFT
    assert [c.name_zh for c in solicitation.criteria] == [
        "影响力",
        "创新性",
        "可行性",
        "有形成果",
        "可复制性",
    ]
    assert [c.weight for c in solicitation.criteria] == [25, 20, 20, 20, 15]
    assert [c.position for c in solicitation.criteria] == [1, 2, 3, 4, 5]
    [event] = events("solicitation.created")
    assert event.record_id == solicitation.id and event.actor_id == chair.id


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("America/New_York", datetime(2027, 5, 31, 15, 59, tzinfo=UTC)),  # EDT, UTC−4
        ("Asia/Shanghai", datetime(2027, 5, 31, 3, 59, tzinfo=UTC)),  # UTC+8
        ("UTC", datetime(2027, 5, 31, 11, 59, tzinfo=UTC)),
    ],
)
def test_a_deadline_entered_in_a_zone_is_stored_in_utc(
    chair, zone: str, expected: datetime
) -> None:  # type: ignore[no-untyped-def]
    solicitation = services.create_solicitation(
        terms(
            opens_at=datetime(2027, 1, 4, 9, 0),
            closes_at=datetime(2027, 5, 31, 11, 59),
            closes_at_zone=zone,
        ),
        actor=chair,
    )
    db.session.expire(solicitation)
    assert solicitation.closes_at == expected
    assert solicitation.closes_at.tzinfo is not None


def test_winter_time_in_washington_is_five_hours_behind_utc(chair) -> None:  # type: ignore[no-untyped-def]
    solicitation = services.create_solicitation(
        terms(opens_at=datetime(2027, 12, 1, 9, 0)), actor=chair
    )
    assert solicitation.opens_at == datetime(2027, 12, 1, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("wall_time", "message"),
    [
        (datetime(2028, 3, 12, 2, 30), "does not exist"),  # clocks jump from 2:00 to 3:00
        (datetime(2027, 11, 7, 1, 30), "happens twice"),  # 1:00–2:00 runs twice
    ],
)
def test_a_wall_time_the_clock_change_makes_unclear_is_refused(
    chair, wall_time: datetime, message: str
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError, match=message) as refused:
        services.create_solicitation(terms(opens_at=wall_time), actor=chair)
    assert refused.value.field == "opens_at"
    assert count_solicitations() == 0


def test_an_unknown_time_zone_is_refused(chair) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError, match="time zone") as refused:
        services.create_solicitation(terms(closes_at_zone="Europe/Paris"), actor=chair)
    assert refused.value.field == "closes_at"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"closes_at": datetime(2027, 10, 1, 9, 0)}, "closes_at", "after the opening"),
        ({"closes_at": datetime(2027, 9, 1, 9, 0)}, "closes_at", "after the opening"),
        ({"reviewers_per_proposal": 1}, "reviewers_per_proposal", "one from each side"),
        ({"target_selections": 0}, "target_selections", "at least one"),
        ({"score_max": 1}, "score_max", "above the lowest"),
        ({"title_zh": "  "}, "title_zh", "title in Chinese"),
        ({"opens_at": None}, "opens_at", "date and a time"),
    ],
)
def test_bad_terms_are_refused_and_nothing_is_written(
    chair, overrides: dict[str, Any], field: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError, match=message) as refused:
        services.create_solicitation(terms(**overrides), actor=chair)
    assert refused.value.field == field
    assert count_solicitations() == 0


def test_the_year_is_unique(chair) -> None:  # type: ignore[no-untyped-def]
    make_solicitation(year=2028, status=S.ARCHIVED)
    with pytest.raises(ServiceError, match="already a solicitation for 2028") as refused:
        services.create_solicitation(terms(year=2028), actor=chair)
    assert refused.value.field == "year"
    other = services.create_solicitation(terms(year=2029), actor=chair)
    with pytest.raises(ServiceError, match="2028"):
        services.update_solicitation(other, terms(year=2028), actor=chair)
    services.update_solicitation(other, terms(year=2029, title_en="Renamed"), actor=chair)
    assert other.title_en == "Renamed"


def test_custom_criteria_skip_blank_and_removed_rows(chair) -> None:  # type: ignore[no-untyped-def]
    rows = [
        {"name_en": "Impact", "name_zh": "影响力", "weight": 60},
        {"name_en": "", "name_zh": "", "description_en": "", "weight": None},  # the spare row
        {"name_en": "Gone", "name_zh": "删除", "weight": 10, "remove": True},
        {"name_en": "Viability", "name_zh": "可行性", "description_en": "Can do", "weight": 40},
    ]
    solicitation = services.create_solicitation(terms(criteria=rows), actor=chair)
    assert [(c.position, c.name_en, c.weight) for c in solicitation.criteria] == [
        (1, "Impact", 60),
        (2, "Viability", 40),
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "at least one criterion"),
        ([{"name_en": "Impact", "name_zh": "", "weight": 50}], "English and in Chinese"),
        ([{"name_en": "Impact", "name_zh": "影响力", "weight": None}], "weight above zero"),
    ],
)
def test_a_rubric_needs_named_weighted_criteria(chair, rows, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ServiceError, match=message) as refused:
        services.create_solicitation(terms(criteria=rows), actor=chair)
    assert refused.value.field == "criteria"


def test_editing_records_what_changed_and_rewrites_the_rubric(chair) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation(status=S.DRAFT, year=2028)
    rows = [
        {"name_en": "Impact", "name_zh": "影响力", "weight": 50},
        {"name_en": "Replicability", "name_zh": "可复制性", "weight": 50},
    ]
    services.update_solicitation(
        solicitation, terms(title_en="New title", criteria=rows), actor=chair
    )
    assert solicitation.title_en == "New title"
    assert [(c.name_en, c.weight) for c in solicitation.criteria] == [
        ("Impact", 50),
        ("Replicability", 50),
    ]
    [event] = events("solicitation.updated")
    assert event.details["changes"]["title_en"]["after"] == "New title"
    assert len(event.details["changes"]["criteria"]["before"]) == 5


def test_editing_without_changes_records_nothing(chair) -> None:  # type: ignore[no-untyped-def]
    solicitation = services.create_solicitation(terms(), actor=chair)
    services.update_solicitation(solicitation, terms(), actor=chair)
    assert events("solicitation.updated") == []


def test_the_rubric_and_scale_are_locked_once_a_score_exists(chair) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation(status=S.CLOSED, closes_at=NOW - timedelta(days=1), year=2028)
    score_a_proposal(solicitation)
    assert services.is_rubric_locked(solicitation)
    dates = {
        "opens_at": solicitation.opens_at,
        "closes_at": solicitation.closes_at,
    }
    changed_weights = [
        {"name_en": c.name_en, "name_zh": c.name_zh, "description_en": c.description_en,
         "description_zh": c.description_zh, "weight": 10}
        for c in solicitation.criteria
    ]  # fmt: skip
    with pytest.raises(ServiceError, match="can no longer change") as refused:
        services.update_solicitation(
            solicitation, terms(year=2028, criteria=changed_weights, **dates), actor=chair
        )
    assert refused.value.field == "criteria"
    with pytest.raises(ServiceError, match="can no longer change") as refused:
        services.update_solicitation(
            solicitation, terms(year=2028, score_max=10, **dates), actor=chair
        )
    assert refused.value.field == "score_min"
    db.session.refresh(solicitation)
    assert [c.weight for c in solicitation.criteria] == [25, 20, 20, 20, 15]
    assert solicitation.score_max == 5

    # Everything else may still change, with the rubric left out (or resent unchanged).
    without_rubric = terms(year=2028, title_en="Corrected title", **dates)
    del without_rubric["score_min"], without_rubric["score_max"]
    services.update_solicitation(solicitation, without_rubric, actor=chair)
    assert solicitation.title_en == "Corrected title"
    assert solicitation.score_max == 5 and len(solicitation.criteria) == 5


def test_the_rubric_is_free_to_change_until_a_score_exists(chair) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation(year=2028)
    assert not services.is_rubric_locked(solicitation)


def test_an_open_calls_deadline_cannot_move_into_the_past(chair) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation(year=2028)
    with pytest.raises(ServiceError, match="close the call") as refused:
        services.update_solicitation(
            solicitation,
            terms(
                opens_at=solicitation.opens_at,
                closes_at=NOW - timedelta(hours=1),
            ),
            actor=chair,
        )
    assert refused.value.field == "closes_at"
    later = NOW + timedelta(days=60)
    services.update_solicitation(
        solicitation, terms(opens_at=solicitation.opens_at, closes_at=later), actor=chair
    )
    assert solicitation.closes_at == later


def test_a_closed_calls_dates_are_fixed(chair) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation(status=S.CLOSED, closes_at=NOW - timedelta(days=1), year=2028)
    with pytest.raises(ServiceError, match="dates can no longer change"):
        services.update_solicitation(
            solicitation,
            terms(opens_at=solicitation.opens_at, closes_at=NOW + timedelta(days=5)),
            actor=chair,
        )


@pytest.mark.parametrize("status", [S.DECISIONS_PUBLISHED, S.ARCHIVED])
def test_a_call_with_published_decisions_cannot_be_edited(chair, status) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation(status=status, closes_at=NOW - timedelta(days=90), year=2028)
    with pytest.raises(ServiceError, match="public record"):
        services.update_solicitation(solicitation, terms(title_en="Rewritten"), actor=chair)


# --- status -----------------------------------------------------------------------------------


OPERATIONS = {
    "open": (services.open_solicitation, S.OPEN),
    "close": (services.close_solicitation, S.CLOSED),
    "archive": (services.archive_solicitation, S.ARCHIVED),
}
ALLOWED = {("open", S.DRAFT), ("close", S.OPEN), ("archive", S.DECISIONS_PUBLISHED)}


def test_the_transitions_table_is_the_documented_life_cycle() -> None:
    life_cycle = {
        S.DRAFT: {S.OPEN},
        S.OPEN: {S.CLOSED},
        S.CLOSED: {S.DECISIONS_PUBLISHED},
        S.DECISIONS_PUBLISHED: {S.ARCHIVED},
        S.ARCHIVED: set(),
    }
    assert life_cycle == {status: status.successors for status in S}


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("operation", list(OPERATIONS))
def test_every_operation_from_every_status(chair, operation: str, status: S) -> None:  # type: ignore[no-untyped-def]
    """Each operation succeeds from its one status and is refused, unchanged, from the others."""
    past_deadline = status not in (S.DRAFT, S.OPEN) or operation == "close"
    solicitation = make_solicitation(
        status=status,
        closes_at=NOW - timedelta(days=1) if past_deadline else NOW + timedelta(days=30),
    )
    function, target = OPERATIONS[operation]
    if (operation, status) in ALLOWED:
        function(solicitation, actor=chair)
        assert solicitation.status == target
        [event] = events(f"solicitation.{'opened' if operation == 'open' else operation + 'd'}")
        assert event.details["before"] == status.value
        assert event.details["after"] == target.value
    else:
        with pytest.raises(ServiceError, match="cannot become"):
            function(solicitation, actor=chair)
        assert solicitation.status == status


def test_opening_publishes_a_draft(chair) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation(status=S.DRAFT, opens_at=NOW + timedelta(days=1))
    services.open_solicitation(solicitation, actor=chair)
    assert solicitation.status == S.OPEN
    assert not queries.is_accepting_proposals(solicitation)  # not before its opening time
    assert queries.is_accepting_proposals(solicitation, NOW + timedelta(days=1))


def test_at_most_one_solicitation_is_open_at_a_time(chair) -> None:  # type: ignore[no-untyped-def]
    make_solicitation(year=2027)
    draft = make_solicitation(status=S.DRAFT, year=2028)
    with pytest.raises(ServiceError, match="At most one solicitation open at a time"):
        services.open_solicitation(draft, actor=chair)
    assert draft.status == S.DRAFT
    assert events("solicitation.opened") == []


def test_a_call_whose_deadline_passed_cannot_be_opened(chair) -> None:  # type: ignore[no-untyped-def]
    draft = make_solicitation(status=S.DRAFT, closes_at=NOW - timedelta(minutes=1))
    with pytest.raises(ServiceError, match="deadline has already passed"):
        services.open_solicitation(draft, actor=chair)


def test_a_call_without_criteria_cannot_be_opened(chair) -> None:  # type: ignore[no-untyped-def]
    draft = make_solicitation(status=S.DRAFT, criteria=False)
    with pytest.raises(ServiceError, match="criterion"):
        services.open_solicitation(draft, actor=chair)


def test_closing_after_the_deadline_needs_no_reason(chair) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation(closes_at=NOW - timedelta(seconds=1))
    services.close_solicitation(solicitation, actor=chair)
    assert solicitation.status == S.CLOSED
    assert solicitation.closed_at == NOW
    assert not solicitation.closed_early
    [event] = events("solicitation.closed")
    assert event.details["early"] is False


def test_closing_before_the_deadline_needs_a_reason(chair) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation()
    with pytest.raises(ServiceError, match="give the reason") as refused:
        services.close_solicitation(solicitation, actor=chair, reason="   ")
    assert refused.value.field == "reason"
    assert solicitation.status == S.OPEN and solicitation.closed_at is None


def test_closing_early_with_a_reason_ends_submissions_at_once(chair) -> None:  # type: ignore[no-untyped-def]
    solicitation = make_solicitation()
    assert queries.is_accepting_proposals(solicitation)
    services.close_solicitation(solicitation, actor=chair, reason="  Postponed by both sides. ")
    assert solicitation.status == S.CLOSED
    assert solicitation.closed_early
    assert solicitation.closing_reason == "Postponed by both sides."
    assert not queries.is_accepting_proposals(solicitation)
    [event] = events("solicitation.closed")
    assert event.details == {
        "before": "open",
        "after": "closed",
        "early": True,
        "reason": "Postponed by both sides.",
    }


# --- the deadline, to the second --------------------------------------------------------------


def test_the_deadline_is_exclusive_to_the_second(chair) -> None:  # type: ignore[no-untyped-def]
    solicitation = services.create_solicitation(
        terms(
            opens_at=datetime(2027, 1, 1, 9, 0),
            closes_at=datetime(2028, 5, 31, 12, 0),  # noon in Washington (EDT)
        ),
        actor=chair,
    )
    services.open_solicitation(solicitation, actor=chair)
    with clock.frozen_at(datetime(2028, 5, 31, 15, 59, 59, tzinfo=UTC)):  # 11:59:59 a.m. EDT
        assert queries.is_accepting_proposals(solicitation)
    with clock.frozen_at(datetime(2028, 5, 31, 16, 0, 0, tzinfo=UTC)):  # 12:00:00 p.m. EDT
        assert not queries.is_accepting_proposals(solicitation)


# --- reads ------------------------------------------------------------------------------------


def test_time_left_counts_down_to_the_opening_then_the_deadline() -> None:
    solicitation = make_solicitation(
        opens_at=NOW + timedelta(hours=5, minutes=30),
        closes_at=NOW + timedelta(days=2, hours=3, minutes=10),
    )
    assert queries.time_left(solicitation) == queries.TimeLeft("upcoming", 0, 5, 30)
    assert queries.time_left(solicitation, NOW + timedelta(days=1)) == queries.TimeLeft(
        "open", 1, 3, 10
    )
    assert queries.time_left(solicitation, NOW + timedelta(days=3)).phase == "closed"


def test_proposals_are_counted_per_call_and_state() -> None:
    first, second = make_solicitation(), make_solicitation(status=S.DRAFT)
    lead = make_organization(make_user())
    for state in (ProposalState.DRAFT, ProposalState.DRAFT, ProposalState.SUBMITTED):
        db.session.add(
            Proposal(
                solicitation=first,
                lead_organization=lead,
                state=state,
                submitted_at=NOW if state != ProposalState.DRAFT else None,
                reference=None if state == ProposalState.DRAFT else "EP-2027-007",
            )
        )
    db.session.flush()
    counts = queries.proposal_counts()
    assert counts[first.id] == {ProposalState.DRAFT: 2, ProposalState.SUBMITTED: 1}
    assert second.id not in counts
