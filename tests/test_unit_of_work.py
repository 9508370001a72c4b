"""The unit of work: all of a request's change, or none of it with the reason shown."""

from __future__ import annotations

import pytest
from flask import Flask, get_flashed_messages
from flask_wtf import FlaskForm
from sqlalchemy import select, update
from wtforms import StringField

from app.errors import ServiceError
from app.extensions import db
from app.organizations.models import Organization
from app.proposals.models import Proposal
from app.unit_of_work import unit_of_work
from tests.factories import make_organization
from tests.proposals.factories import make_proposal


class NameForm(FlaskForm):
    class Meta:
        csrf = False

    name = StringField()


def _names() -> list[str]:
    return list(db.session.scalars(select(Organization.name_en).order_by(Organization.name_en)))


def test_a_finished_block_is_committed(app: Flask) -> None:
    with app.test_request_context(), unit_of_work() as work:
        make_organization(name_en="Kept")
    db.session.rollback()  # what was committed survives a later rollback
    assert work.done and work.status == 200 and "Kept" in _names()


def test_a_refusal_writes_nothing_and_shows_the_message_at_its_field(app: Flask) -> None:
    with app.test_request_context(method="POST", data={"name": "as typed"}):
        form = NameForm()
        with unit_of_work(form) as work:
            make_organization(name_en="Half-written")
            db.session.flush()
            raise ServiceError("That name is taken.", field="name")
        assert not work.done and work.error is not None
        assert form.name.errors == ["That name is taken."]
        assert form.name.data == "as typed"  # nothing typed is lost
    assert "Half-written" not in _names()


def test_a_refusal_without_a_field_goes_above_the_form(app: Flask) -> None:
    with app.test_request_context(method="POST"):
        form = NameForm()
        with unit_of_work(form):
            raise ServiceError("The call is closed.")
        assert form.form_errors == ["The call is closed."]


def test_a_refusal_without_a_form_is_flashed(app: Flask) -> None:
    with app.test_request_context():
        with unit_of_work() as work:
            raise ServiceError("Not now.", status=409)
        assert work.status == 409
        assert get_flashed_messages(with_categories=True) == [("error", "Not now.")]


@pytest.mark.parametrize("flush_in_block", [True, False], ids=["in-the-block", "at-commit"])
def test_someone_saving_first_is_a_refusal_not_a_crash(app: Flask, flush_in_block: bool) -> None:
    proposal = make_proposal()
    db.session.commit()
    db.session.execute(
        update(Proposal)
        .where(Proposal.id == proposal.id)
        .values(version=Proposal.version + 1)
        .execution_options(synchronize_session=False)
    )
    with app.test_request_context(method="POST", data={"name": "mine"}):
        form = NameForm()
        with unit_of_work(form) as work:
            proposal.title_en = "My title"
            if flush_in_block:
                db.session.flush()
        assert not work.done and work.status == 409
        assert "Someone else saved this" in form.form_errors[0]
    assert db.session.get(Proposal, proposal.id).title_en != "My title"


def test_any_other_error_is_not_swallowed(app: Flask) -> None:
    with app.test_request_context(), pytest.raises(KeyError), unit_of_work():
        raise KeyError("a bug")


def test_a_flashed_refusal_names_the_record_on_a_page_of_many(app: Flask) -> None:
    with app.test_request_context():
        with unit_of_work(about="EP-2026-014"):
            raise ServiceError("A chair of the other side must confirm.")
        assert get_flashed_messages() == ["EP-2026-014: A chair of the other side must confirm."]
