"""States carry their labels and their moves; `transition()` is the one way to change them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask, render_template_string
from flask_babel import force_locale

from app.errors import ServiceError
from app.introductions.models import IntroductionState
from app.notices.models import NoticeState
from app.partnerships.models import PartnershipStatus, PlanState
from app.proposals.models import Proposal, ProposalState
from app.reviews.models import AssignmentState, DecisionOutcome, DecisionState, DiscussionState
from app.solicitations.models import Solicitation, SolicitationStatus
from app.states import Labelled, State, Tone, transition
from app.updates.models import UpdateState

STATE_ENUMS = [
    ProposalState,
    SolicitationStatus,
    UpdateState,
    PlanState,
    PartnershipStatus,
    AssignmentState,
    DecisionState,
    DiscussionState,
    NoticeState,  # issue 18: partner-search notices
    IntroductionState,
]


def _subclasses(base: type) -> set[type]:
    found = set()
    for child in base.__subclasses__():
        found |= {child, *_subclasses(child)}
    return found


def test_every_state_enum_of_the_portal_is_listed_here() -> None:
    """A new state enum joins the checks below (its table is read, its labels translated)."""
    assert _subclasses(State) == set(STATE_ENUMS)


@pytest.mark.parametrize("state_class", STATE_ENUMS, ids=lambda c: c.__name__)
def test_every_move_in_a_table_names_real_states(state_class: type[State]) -> None:
    for state in state_class:
        assert state not in state.successors, f"{state} may not become itself"
        assert all(isinstance(target, state_class) for target in state.successors)


def test_the_tables_say_what_the_program_allows() -> None:
    assert ProposalState.SUBMITTED.successors == {
        ProposalState.DRAFT,
        ProposalState.SELECTED,
        ProposalState.DECLINED,
    }
    assert not ProposalState.SELECTED.successors and not ProposalState.DECLINED.successors
    assert SolicitationStatus.CLOSED.successors == {SolicitationStatus.DECISIONS_PUBLISHED}
    assert not SolicitationStatus.OPEN.may_become(SolicitationStatus.DECISIONS_PUBLISHED)
    assert not PartnershipStatus.WITHDRAWN.successors
    assert UpdateState.RETURNED.may_become(UpdateState.SUBMITTED)
    assert not UpdateState.PUBLISHED.successors
    assert DecisionState.APPROVED.may_become(DecisionState.PROPOSED)
    assert DiscussionState.FLAGGED.may_become(DiscussionState.RESOLVED)
    assert not DiscussionState.RESOLVED.successors  # a resolved disagreement stays resolved
    assert NoticeState.PUBLISHED.successors == {NoticeState.WITHDRAWN}
    assert NoticeState.RETURNED.may_become(NoticeState.SUBMITTED)
    assert not NoticeState.DRAFT.may_become(NoticeState.PUBLISHED)
    assert not NoticeState.WITHDRAWN.successors
    assert IntroductionState.PENDING.successors == {
        IntroductionState.ACCEPTED,
        IntroductionState.DECLINED,
        IntroductionState.WITHDRAWN,
    }
    assert not IntroductionState.DECLINED.successors  # a declined request is asked anew


def test_every_labelled_member_has_a_label_in_both_languages(app: Flask) -> None:
    for enum_class in _subclasses(Labelled):
        for member in enum_class:
            with force_locale("en"):
                english = member.label
            with force_locale("zh_Hans"):
                chinese = member.label
            assert english and chinese != english, f"{enum_class.__name__}.{member.name}"


def test_a_label_asked_again_follows_the_language_and_its_own_enum(app: Flask) -> None:
    """Labels are kept per language: asked in Chinese, then English, then Chinese again, each
    is the catalog's; two enums' members of one value keep their own ("submitted" is a
    proposal's "Submitted" and a notice's "Waiting for moderation")."""
    shown = []
    for language in ("zh_Hans", "en", "zh_Hans", "en"):
        with force_locale(language):
            shown.append((ProposalState.SUBMITTED.label, NoticeState.SUBMITTED.label))
    assert shown[0] == shown[2] != shown[1] == shown[3]
    assert shown[1] == ("Submitted", "Waiting for moderation")


def test_a_member_without_a_label_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(TypeError, match="has no label"):

        class Broken(State):
            ONLY = "only"


def test_the_label_filter_shows_a_member_in_the_readers_language(app: Flask) -> None:
    with app.test_request_context(), force_locale("zh_Hans"):
        shown = render_template_string("{{ state|label }}", state=ProposalState.SUBMITTED)
    with force_locale("zh_Hans"):
        assert shown == ProposalState.SUBMITTED.label != "Submitted"


def test_transition_moves_an_allowed_state_and_returns_the_one_it_left() -> None:
    proposal = Proposal(state=ProposalState.SUBMITTED)
    assert transition(proposal, ProposalState.SELECTED) is ProposalState.SUBMITTED
    assert proposal.state is ProposalState.SELECTED


def test_transition_finds_a_status_column_by_its_enum() -> None:
    solicitation = Solicitation(status=SolicitationStatus.DRAFT)
    transition(solicitation, SolicitationStatus.OPEN)
    assert solicitation.status is SolicitationStatus.OPEN


def test_a_refused_transition_says_so_and_changes_nothing(app: Flask) -> None:
    proposal = Proposal(state=ProposalState.DECLINED)
    with app.test_request_context(), pytest.raises(ServiceError, match="declined to submitted"):
        transition(proposal, ProposalState.SUBMITTED)
    assert proposal.state is ProposalState.DECLINED


def test_a_refused_transition_can_say_why_in_the_operations_words(app: Flask) -> None:
    proposal = Proposal(state=ProposalState.DRAFT)
    with pytest.raises(ServiceError, match=r"^Still a draft$"):
        transition(proposal, ProposalState.SELECTED, refusal=lambda state: "Still a draft")
    assert proposal.state is ProposalState.DRAFT


# --- status tags: one colour, one meaning (issue 19) --------------------------------------------

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def test_every_state_says_what_its_tag_means() -> None:
    untoned = [
        f"{cls.__name__}.{member.name}"
        for cls in STATE_ENUMS
        for member in cls
        if member.tone is Tone.NEUTRAL and member.name not in QUIET_STATES
    ]
    assert untoned == []


# States whose grey tag is meant: not started, or out of play.
QUIET_STATES = {"DRAFT", "CLOSED", "ARCHIVED", "RECUSED", "DECLINED", "WITHDRAWN"}


def test_a_declined_proposal_is_never_shown_like_a_selected_one(app: Flask) -> None:
    with app.test_request_context():
        declined = render_template_string("{{ state|tag }}", state=DecisionOutcome.DECLINED)
        selected = render_template_string("{{ state|tag }}", state=DecisionOutcome.SELECTED)
        proposal_declined = render_template_string("{{ s|tag }}", s=ProposalState.DECLINED)
    assert "bg-green" in selected
    assert "bg-green" not in declined
    assert declined == proposal_declined


def test_a_tag_given_its_tone_and_text_escapes_the_text(app: Flask) -> None:
    with app.test_request_context():
        html = render_template_string("{{ '<b>late</b>'|tag('problem') }}")
    assert (
        html == '<span class="usa-tag portal-tag bg-secondary-dark">&lt;b&gt;late&lt;/b&gt;</span>'
    )


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: p.name)
def test_no_template_colours_a_status_tag_by_hand(path: Path) -> None:
    """Every status tag goes through `|tag`, so "Graduated" is one colour on every page."""
    text = path.read_text(encoding="utf-8")
    assert not re.search(r'usa-tag[^"]*\bbg-(?!base-lighter text-ink margin)', text)
    assert "{% set colors" not in text
