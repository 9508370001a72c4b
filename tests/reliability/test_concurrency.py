"""Concurrency on PostgreSQL: threads with connections of their own, on committed data.

- Optimistic locking (a ``version`` column on proposals, review assignments, plans, milestones
  and updates): writers that read the same version all at once never lose each other's
  changes; the late ones are refused and write again on the fresh version.
- A double submit (two tabs, a double click, a retrying proxy) makes one submission: one
  reference, one audit event, one receipt per participant.

SQLite serializes writers on a file lock, so a race there shows nothing: these tests run where
CI runs the suite, on PostgreSQL (TEST_DATABASE_URL).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from app.audit.models import Event
from app.extensions import db
from app.notifications.models import Notification
from app.partnerships.models import ImplementationPlan, Milestone
from app.proposals.models import Proposal, ProposalState
from app.reviews.models import ReviewAssignment
from app.updates.models import ProgressUpdate, UpdateState
from tests.conftest import suite_backend
from tests.partnerships.factories import make_milestone, make_partnership, make_plan, make_update
from tests.proposals.factories import make_proposal, owner_of
from tests.reliability.conftest import act_as
from tests.reviews.factories import make_assignment, make_reviewer

pytestmark = pytest.mark.skipif(
    suite_backend() != "postgresql",
    reason="needs concurrent writers: runs on PostgreSQL (TEST_DATABASE_URL), "
    "SQLite serializes them on a file lock",
)

WRITERS = 6


def _run_together(count: int, work: Callable[[int, threading.Barrier], Any]) -> list[Any]:
    """Run `work(i, barrier)` in `count` threads; re-raise the first failure."""
    barrier = threading.Barrier(count, timeout=30)
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            results[index] = work(index, barrier)
        except BaseException as error:
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if errors:
        raise errors[0]
    return results


def _proposal() -> tuple[type, str, int]:
    return Proposal, "summary_en", make_proposal().id


def _assignment() -> tuple[type, str, int]:
    return (
        ReviewAssignment,
        "comments_to_secretariat",
        make_assignment(make_proposal(), make_reviewer()).id,
    )


def _plan() -> tuple[type, str, int]:
    return ImplementationPlan, "body", make_plan(make_partnership()).id


def _milestone() -> tuple[type, str, int]:
    return Milestone, "evidence", make_milestone(make_partnership()).id


def _update() -> tuple[type, str, int]:
    return ProgressUpdate, "body", make_update(make_partnership(), state=UpdateState.DRAFT).id


@pytest.mark.parametrize("record", [_proposal, _assignment, _plan, _milestone, _update])
def test_simultaneous_writers_lose_no_update(
    own_app: Flask, record: Callable[[], tuple[type, str, int]]
) -> None:
    model, field, record_id = record()
    db.session.commit()
    initial_version = db.session.get(model, record_id).version  # type: ignore[union-attr]

    def append_token(index: int, barrier: threading.Barrier) -> int:
        refused = 0
        with own_app.app_context():
            for attempt in range(100):
                row = db.session.get(model, record_id)
                value = getattr(row, field) or ""
                setattr(row, field, f"{value} [writer {index}]")
                if attempt == 0:
                    barrier.wait()  # everyone has read the same version before anyone writes
                try:
                    db.session.commit()
                except StaleDataError:  # someone wrote since we read: read again, write again
                    db.session.rollback()
                    refused += 1
                else:
                    return refused
        raise AssertionError("a writer never got through")

    refusals = _run_together(WRITERS, append_token)

    db.session.expire_all()
    row = db.session.get(model, record_id)
    text = getattr(row, field)
    missing = [i for i in range(WRITERS) if f"[writer {i}]" not in text]
    assert missing == [], f"lost updates from writers {missing}: {text!r}"
    assert row.version == initial_version + WRITERS  # type: ignore[union-attr]
    assert sum(refusals) >= WRITERS - 1  # they really raced: all but one were refused at first


def test_a_double_submit_makes_one_submission(own_app: Flask) -> None:
    proposal = make_proposal()
    lead = owner_of(proposal.lead_organization)
    members = {
        lead.id,
        owner_of(next(p.organization for p in proposal.participants if p.role == "partner")).id,
    }
    db.session.commit()
    proposal_id, lead_id = proposal.id, lead.id

    clients = [own_app.test_client() for _ in range(WRITERS)]
    for client in clients:
        act_as(client, lead_id)

    def submit(index: int, barrier: threading.Barrier) -> int:
        barrier.wait()  # every click lands at once
        response = clients[index].post(
            f"/proposals/{proposal_id}/submit", data={"declaration": "y"}
        )
        return response.status_code

    statuses = _run_together(WRITERS, submit)

    assert all(status < 500 for status in statuses), statuses
    assert statuses.count(302) == 1, statuses  # one success; the others see "already submitted"
    db.session.expire_all()
    stored = db.session.get(Proposal, proposal_id)
    assert stored is not None and stored.state == ProposalState.SUBMITTED
    assert stored.reference is not None
    submitted_events = db.session.scalar(
        select(func.count())
        .select_from(Event)
        .where(Event.action == "proposal.submitted", Event.record_id == proposal_id)
    )
    assert submitted_events == 1
    receipts = db.session.scalars(
        select(Notification.recipient_id).where(Notification.kind == "proposals.submitted")
    ).all()
    assert sorted(receipts) == sorted(members)  # one receipt each, not one per click
