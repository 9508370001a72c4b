"""Every action the code records reads as a sentence, in English and in Chinese."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from flask import Flask
from flask_babel import force_locale

from app.accounts.models import Role, RoleChangeState, Side
from app.audit.models import Event
from app.audit.queries import readable_events
from app.audit.sentences import PLACEHOLDER, SENTENCES, sentence
from app.audit.services import record_event
from app.extensions import db
from app.partnerships.models import PartnershipStatus
from tests.factories import make_user
from tests.proposals.factories import make_proposal
from tests.reviews.factories import make_chair, make_decision

APP = Path(__file__).resolve().parents[2] / "app"

# Actions built at run time: the call's f-string, and every action it can make.
DYNAMIC_ACTIONS = {
    "f'partnership.{target}'": {
        f"partnership.{status.value}"
        for status in PartnershipStatus
        if status is not PartnershipStatus.ACTIVE
    },
    "f'role.change_{state.value}'": {
        f"role.change_{state.value}"
        for state in (RoleChangeState.REFUSED, RoleChangeState.CANCELLED)
    },
}


def _assigned_strings(function: ast.AST, name: str) -> set[str]:
    return {
        node.value.value
        for node in ast.walk(function)
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    }


def _actions_of(argument: ast.expr, function: ast.AST, where: str) -> set[str]:
    if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
        return {argument.value}
    if isinstance(argument, ast.IfExp):
        return _actions_of(argument.body, function, where) | _actions_of(
            argument.orelse, function, where
        )
    if isinstance(argument, ast.Name) and (found := _assigned_strings(function, argument.id)):
        return found
    source = ast.unparse(argument)
    if source in DYNAMIC_ACTIONS:
        return DYNAMIC_ACTIONS[source]
    raise AssertionError(
        f"{where}: record_event({source}, ...) builds its action at run time; list the actions "
        "it can make in DYNAMIC_ACTIONS here and give each a sentence in app/audit/sentences.py"
    )


def recorded_actions() -> set[str]:
    """Every action a `record_event(...)` call in app/ can record."""
    actions: set[str] = set()
    for path in sorted(APP.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for call in ast.walk(function):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id == "record_event"
                    and call.args
                ):
                    where = f"{path.relative_to(APP.parent)}:{call.lineno}"
                    actions |= _actions_of(call.args[0], function, where)
    return actions


def test_the_scan_finds_the_actions_the_code_records() -> None:
    found = recorded_actions()
    assert {"proposal.submitted", "decision.approval_withdrawn", "partnership.graduated"} <= found
    assert {"role.change_refused", "review.draft_saved", "review.submitted"} <= found
    assert len(found) > 60


def test_every_recorded_action_has_a_sentence() -> None:
    missing = sorted(recorded_actions() - set(SENTENCES))
    assert not missing, f"give these actions a sentence in app/audit/sentences.py: {missing}"


def test_no_sentence_is_left_for_an_action_nobody_records() -> None:
    assert sorted(set(SENTENCES) - recorded_actions()) == []


SAMPLE_DETAILS = {
    "organization": "Utah Office of Energy",
    "email": "li@example.cn",
    "title": "Baseline survey",
    "filename": "letter.pdf",
    "outcome": "selected",
    "after": {"eligible": True, "reason": None},
    "added": 4,
    "number": "1.2",
    "version_number": 2,
    "cohort_year": 2027,
    "proposal": "EP-2027-004",
    "language": "zh_Hans",
    "side": "CN",
    "grant": True,
    "n": 50,
    "original": "EP-2026-011",  # issue 18: a resubmission names its original and call
    "solicitation": 2027,
    "counterpart": "Qinghai Development and Reform Commission",  # issue 18: introductions
}


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
def test_every_sentence_renders_in_both_languages(app: Flask, locale: str) -> None:
    chair = make_chair(Side.CN, display_name="李伟")
    for action in SENTENCES:
        with force_locale(locale):
            text = sentence(
                action,
                {**SAMPLE_DETAILS, "user": chair.id, "reviewer": chair.id},
                actor=chair,
                record="EP-2027-004",
                people={chair.id: chair},
            )
        assert "%(" not in text and "{" not in text and "—" not in text, (action, text)
        assert "李伟" in text or "EP-2027-004" in text, (action, text)


def test_every_sentence_is_translated_into_chinese(app: Flask) -> None:
    untranslated = []
    for action, template in SENTENCES.items():
        with force_locale("zh_Hans"):
            chinese = str(template)
        with force_locale("en"):
            english = str(template)
        if chinese == english:
            untranslated.append(action)
        # The translation keeps every placeholder of the English (no detail lost or invented).
        assert set(PLACEHOLDER.findall(chinese)) == set(PLACEHOLDER.findall(english)), action
    assert not untranslated


def test_a_decision_reads_as_the_secretariat_says_it(app: Flask) -> None:
    proposer = make_chair(Side.US, display_name="Ellery Stone")
    approver = make_chair(Side.CN, display_name="Li Wei")
    proposal = make_proposal(reference="EP-2027-004")
    decision = make_decision(proposal, proposer, approver=approver)
    record_event(
        "decision.approved", decision, actor=approver, proposal="EP-2027-004",
        outcome="selected", side="CN",
    )  # fmt: skip
    event = db.session.query(Event).filter_by(action="decision.approved").one()
    with force_locale("en"):
        (english,) = readable_events([event])
    with force_locale("zh_Hans"):
        (chinese,) = readable_events([event])
    assert english.sentence == "Chair Li Wei (CN) approved the decision to select EP-2027-004"
    assert chinese.sentence == "主席Li Wei（中方）批准了选定 EP-2027-004 的决定"
    assert english.details == []  # every detail is in the sentence (the side is the actor's)


def test_details_the_sentence_does_not_use_are_listed_readably(app: Flask) -> None:
    admin = make_user(Role.ADMIN, display_name="Ada Admin")
    user = make_user(display_name="Pat Applicant")
    record_event(
        "user.account_updated", user, actor=admin,
        before={"roles": ["applicant"], "is_active": True},
        after={"roles": ["applicant", "reviewer"], "is_active": False},
    )  # fmt: skip
    event = db.session.query(Event).filter_by(action="user.account_updated").one()
    with force_locale("en"):
        (row,) = readable_events([event])
    assert row.sentence == "Administrator Ada Admin updated the account of Pat Applicant"
    assert row.details == [
        ("Before", "roles: applicant; is active: yes"),
        ("After", "roles: applicant, reviewer; is active: no"),
    ]
    assert not any("{" in value or "[" in value for _, value in row.details)


def test_an_action_without_a_sentence_still_reads_as_one(app: Flask) -> None:
    proposal = make_proposal(reference="EP-2027-009")
    record_event("proposal.teleported", proposal, actor=None, to="Mars")
    event = db.session.query(Event).filter_by(action="proposal.teleported").one()
    with force_locale("en"):
        (row,) = readable_events([event])
    assert row.sentence == "The portal recorded “proposal.teleported” on EP-2027-009"
    assert row.details == [("To", "Mars")]


def test_a_record_deleted_since_is_named_from_what_the_event_kept(app: Flask) -> None:
    proposal = make_proposal(reference="EP-2027-010")
    record_event("update.discarded", proposal, actor=None, title="Draft on turtles")
    event = db.session.query(Event).filter_by(action="update.discarded").one()
    event_as_update = Event(
        action=event.action, record_type="progress_update", record_id=999_999,
        details=event.details, occurred_at=event.occurred_at,
    )  # fmt: skip
    with force_locale("en"):
        (row,) = readable_events([event_as_update])
    assert row.sentence == "The portal discarded the draft update “Draft on turtles”"
