"""Backups: ``flask backup`` then ``flask restore --yes`` gives back exactly the same data.

On SQLite always; on PostgreSQL (pg_dump / pg_restore) when the suite runs there.
"""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import delete, select, update

from app import backups
from app.accounts.models import User, UserSession
from app.audit.services import record_event
from app.extensions import db
from app.proposals.models import Proposal
from app.reviews.models import Recommendation
from app.updates.models import UpdateState
from tests.conftest import suite_backend
from tests.migration_schema import schema_of
from tests.partnerships.factories import make_milestone, make_partnership, make_plan, make_update
from tests.proposals.factories import make_proposal
from tests.reviews.factories import make_assignment, make_chair, make_reviewer


def _some_of_everything() -> None:
    proposal = make_proposal(title_en="Sea turtles 911 · 海龟救助")
    record_event("proposal.started", proposal, actor=None, note="JSON details · 详情")
    make_assignment(
        proposal,
        make_reviewer(),
        comments_to_secretariat="Strong; 很好",
        recommendation=Recommendation.SELECT,
    )
    make_chair()
    partnership = make_partnership()
    make_plan(partnership)
    make_milestone(partnership)
    make_update(partnership, body="Turtles released: **12**", state=UpdateState.DRAFT)
    db.session.commit()


def test_backup_and_restore_round_trip_gives_identical_data(own_app: Flask, tmp_path: Path) -> None:
    if suite_backend() == "postgresql" and not (
        shutil.which("pg_dump") and shutil.which("pg_restore")
    ):
        pytest.skip("pg_dump and pg_restore are not on PATH")
    _some_of_everything()
    before = backups.fingerprint(db.engine)
    assert before["proposal"].rows == 1 and before["event"].rows >= 1
    runner = own_app.test_cli_runner()
    target = tmp_path / "nightly" / "portal.backup"

    result = runner.invoke(args=["backup", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert target.is_file() and f"to {target}" in result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600  # personal data: owner only
    assert not list(target.parent.glob(".*partial"))

    # Lose some data, change some more, add some (events only ever accrue: the database
    # refuses to delete them, and the restore puts back the log as it was, triggers included).
    db.session.execute(delete(UserSession))
    db.session.execute(update(User).values(display_name="overwritten"))
    db.session.execute(update(Proposal).values(title_en="overwritten"))
    _some_of_everything()
    assert backups.fingerprint(db.engine) != before

    refused = runner.invoke(args=["restore", str(target)], input="n\n")
    assert refused.exit_code != 0 and "Aborted" in refused.output
    assert backups.fingerprint(db.engine) != before

    result = runner.invoke(args=["restore", str(target), "--yes"])
    assert result.exit_code == 0, result.output
    after = backups.fingerprint(db.engine)
    # The restore starts a new epoch of the public data version (no cached page outlives it);
    # everything else is as it was.
    assert after.pop("data_version") != before.pop("data_version")
    assert after == before
    with db.engine.connect() as connection:  # the restored log is as append-only as before
        assert schema_of(connection)["event"]["triggers"]
    assert db.session.scalar(select(Proposal.title_en)) == "Sea turtles 911 · 海龟救助"


def test_backup_goes_to_the_instance_folder_by_default(own_app: Flask, tmp_path: Path) -> None:
    if suite_backend() == "postgresql" and not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not on PATH")
    own_app.instance_path = str(tmp_path / "instance")
    result = own_app.test_cli_runner().invoke(args=["backup"])
    assert result.exit_code == 0, result.output
    (made,) = (tmp_path / "instance" / "backups").iterdir()
    assert made.name.startswith("portal-") and made.suffix in (".sqlite3", ".dump")


def test_restore_refuses_a_file_that_is_not_a_backup_of_this_kind(
    own_app: Flask, tmp_path: Path
) -> None:
    _some_of_everything()
    before = backups.fingerprint(db.engine)
    bogus = tmp_path / "notes.txt"
    bogus.write_text("not a database")
    result = own_app.test_cli_runner().invoke(args=["restore", str(bogus), "--yes"])
    assert result.exit_code != 0 and "is not a" in result.output
    assert backups.fingerprint(db.engine) == before


def test_an_in_memory_database_cannot_be_backed_up(app: Flask, tmp_path: Path) -> None:
    if suite_backend() != "sqlite":
        pytest.skip("the suite's own database is PostgreSQL here")
    result = app.test_cli_runner().invoke(args=["backup", "--output", str(tmp_path / "x")])
    assert result.exit_code != 0 and "in-memory" in result.output
