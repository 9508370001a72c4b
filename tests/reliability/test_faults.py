"""Faults: the database going away and coming back, and a crash in the middle of a submission.

(A mail server that refuses a message leaves it queued for the next run:
tests/notifications/test_outbox.py::test_a_failed_send_stays_queued_with_its_error.)
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.audit.models import Event
from app.extensions import db
from app.notifications.models import Notification
from app.proposals.models import Proposal, ProposalState
from tests.factories import make_user
from tests.proposals.factories import make_proposal, owner_of
from tests.reliability.conftest import act_as

PAGES = ("/", "/partnerships", "/solicitations", "/updates")
# The cache of whole pages on, as in production: its fast path reads the data version on a
# connection of its own, which a fault cuts too.
AS_IN_PRODUCTION = {"PUBLIC_CACHE_BYTES": 4 * 1024 * 1024}


def assert_unavailable(client: FlaskClient) -> None:
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 503, f"{path} answered {response.status_code}"
        assert response.headers["Retry-After"].isdigit()
        page = response.get_data(as_text=True)
        assert "Service unavailable" in page and "Traceback" not in page
    health = client.get("/healthz")
    assert health.status_code == 503
    if health.is_json:  # a load balancer's probe, without a session
        assert health.get_json() == {"status": "unavailable", "database": "unreachable"}


def assert_available(client: FlaskClient) -> None:
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, f"{path} answered {response.status_code}"
    assert client.get("/healthz").status_code == 200


def test_a_missing_database_answers_503_and_the_portal_recovers_when_it_appears(
    tmp_path: Path, make_app: Callable[..., Flask]
) -> None:
    folder = tmp_path / "not-there-yet"
    app = make_app(f"sqlite:///{folder / 'portal.sqlite3'}", **AS_IN_PRODUCTION)
    # Requests run in their own application context, as in production: a session and its
    # connection last one request.
    client = app.test_client()
    assert_unavailable(client)
    act_as(client, 1)  # a signed-in visitor too: loading the user needs the database
    assert_unavailable(client)

    folder.mkdir()  # the database comes back; the same process serves again
    with app.app_context():
        db.create_all()
        user = make_user()
        db.session.commit()
        user_id, name = user.id, user.display_name
    act_as(client, user_id)
    assert_available(client)
    assert name in client.get("/account").get_data(as_text=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ThrowawayCluster:
    """A PostgreSQL cluster in a temporary folder (TOOLCHAIN §7), stopped and started at will."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.prefix = as_postgres

    def _run(self, *arguments: str) -> None:
        subprocess.run(  # noqa: S603 - initdb and pg_ctl from PATH, arguments of this test
            [*self.prefix, *arguments], check=True, capture_output=True, timeout=60
        )

    def create(self) -> None:
        self._run(
            "initdb", "-D", str(self.folder / "data"), "-A", "trust", "-U", "postgres",
            "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run(
            "pg_ctl", "-D", str(self.folder / "data"), "-l", str(self.folder / "log.txt"),
            "-o", options, "-w", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def cluster() -> Iterator[ThrowawayCluster]:
    if not (shutil.which("initdb") and shutil.which("pg_ctl")):
        pytest.skip("PostgreSQL's initdb and pg_ctl are not on PATH")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("running as root without runuser: initdb refuses root")
    folder = Path(tempfile.mkdtemp(prefix="portal-pg-", dir="/tmp"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    throwaway = ThrowawayCluster(folder, _free_port())
    try:
        throwaway.create()
        throwaway.start()
        yield throwaway
    finally:
        subprocess.run(  # noqa: S603 - pg_ctl from PATH, arguments of this test
            [*throwaway.prefix, "pg_ctl", "-D", str(folder / "data"), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
            timeout=60,
        )
        shutil.rmtree(folder, ignore_errors=True)


def test_postgresql_stopping_answers_503_and_restarting_recovers_by_itself(
    cluster: ThrowawayCluster, make_app: Callable[..., Flask]
) -> None:
    app = make_app(cluster.url, **AS_IN_PRODUCTION)
    with app.app_context():
        db.create_all()
    client = app.test_client()
    assert_available(client)  # the pool now holds a connection to the server

    cluster.stop()  # every connection is cut
    assert_unavailable(client)

    cluster.start()
    started = time.monotonic()
    assert_available(client)  # the same process serves again, no restart needed
    assert time.monotonic() - started < 5

    # A restart while nobody asks: the pool still holds connections the server has cut.
    # Pre-ping finds them dead and opens new ones, so even the first request succeeds.
    cluster.stop()
    cluster.start()
    assert_available(client)


def test_a_crash_in_the_middle_of_a_submission_leaves_the_draft_untouched(
    client: FlaskClient, login: Callable[[object], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    proposal = make_proposal()
    login(owner_of(proposal.lead_organization))

    def mail_server_exploded(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the process died while queueing the receipt")

    # The receipt is queued last, after the state change, the number and the audit event.
    monkeypatch.setattr("app.proposals.services.queue_mail", mail_server_exploded)
    response = client.post(f"/proposals/{proposal.id}/submit", data={"declaration": "y"})
    assert response.status_code == 500
    assert "Nothing you submitted was half-saved" in response.get_data(as_text=True)

    db.session.expire_all()
    stored = db.session.get(Proposal, proposal.id)
    assert stored is not None
    assert stored.state == ProposalState.DRAFT
    assert stored.reference is None and stored.submitted_at is None
    events = db.session.scalars(select(Event.action).where(Event.record_id == proposal.id)).all()
    assert "proposal.submitted" not in events
    assert db.session.scalars(select(Notification)).all() == []

    monkeypatch.undo()  # the same submission goes through once the fault is gone
    response = client.post(f"/proposals/{proposal.id}/submit", data={"declaration": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Proposal, proposal.id).state == ProposalState.SUBMITTED  # type: ignore[union-attr]
