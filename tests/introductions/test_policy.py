"""The predicates of introductions: who is offered a request, who sees a request, who answers,
withdraws, sees the addresses and settles reports."""

from __future__ import annotations

from app import clock
from app.accounts.models import Role, Side
from app.introductions import policy
from app.introductions.models import IntroductionState
from app.organizations.models import Country
from tests.factories import make_organization, make_user
from tests.introductions.factories import make_introduction, make_pair


def test_only_members_of_an_organization_of_the_other_country_are_offered_a_request() -> None:
    pair = make_pair()
    neighbour = make_organization(make_user(), country=Country.US)
    assert policy.offers_introduction(pair.us_member, pair.cn)
    assert not policy.offers_introduction(pair.us_member, pair.us)  # own
    assert not policy.offers_introduction(pair.us_member, neighbour)  # same country
    assert not policy.offers_introduction(None, pair.cn)
    assert not policy.offers_introduction(make_user(), pair.cn)  # no organization
    reviewer = make_user(Role.REVIEWER, side=Side.US)
    assert not policy.offers_introduction(reviewer, pair.cn)


def test_the_form_is_for_applicants_with_an_organization() -> None:
    pair = make_pair()
    assert policy.can_ask_for_introduction(pair.us_member, pair.cn)
    assert not policy.can_ask_for_introduction(make_user(), pair.cn)
    assert not policy.can_ask_for_introduction(None, pair.cn)


def test_each_side_does_its_part_and_nobody_else_any() -> None:
    pair = make_pair()
    introduction = make_introduction(pair.cn, pair.us)
    outsider = make_user()
    make_organization(outsider, country=Country.CN)
    chair = make_user(Role.CHAIR, Role.REVIEWER, side=Side.US)
    assert policy.can_answer_introduction(pair.us_member, introduction)
    assert not policy.can_answer_introduction(pair.cn_member, introduction)
    assert policy.can_withdraw_introduction(pair.cn_member, introduction)
    assert not policy.can_withdraw_introduction(pair.us_member, introduction)
    for user in (outsider, chair, None):
        assert not policy.can_see_introduction(user, introduction)
    assert policy.can_moderate_introductions(chair)
    assert policy.can_moderate_introductions(make_user(Role.ADMIN))
    assert not policy.can_moderate_introductions(pair.us_member)


def test_addresses_are_seen_by_both_sides_once_accepted_only() -> None:
    pair = make_pair()
    introduction = make_introduction(pair.cn, pair.us)
    for state in IntroductionState:
        introduction.state = state
        introduction.answered_at = None if state == IntroductionState.PENDING else clock.now()
        seen = {
            policy.can_see_contacts(user, introduction) for user in (pair.us_member, pair.cn_member)
        }
        assert seen == {state == IntroductionState.ACCEPTED}, state
        assert not policy.can_see_contacts(make_user(), introduction)
