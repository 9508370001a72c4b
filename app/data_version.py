"""The version of the data the public face shows: one row, bumped by every write to it.

Whole public pages are cached under this version (`app.public.response_cache`), so it must
change in the same transaction as the data, whichever process or server writes, and cost one
primary-key read to learn. A session event does it: every flush that inserts, changes or
deletes a row of a table not listed in `PRIVATE_TABLES` first adds one to `counter` (and moves
`changed_at`), so the new version becomes visible exactly when the change is committed, and not
at all when it is rolled back. ORM statements (`session.execute(update(...))`, the bulk loads)
bump it too. Taking the row's lock at the start of the flush, before any other row, also keeps
two transactions writing public records from locking each other's rows in opposite orders.

`epoch` is a random text chosen when the row is created and again by `start_new_epoch` (after a
restore): counters of two databases, or of one database before and after a restore, never name
the same data in a shared cache.

When a transaction that moved the version commits, `public_data_changed` is sent (blinker,
as Flask's own signals), with the session: the public face renders its most read pages again
(`app.public.warming`).

A table is public unless listed here: a new table bumps the version until someone decides it
is private, so forgetting costs some cache hits, never a stale page.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from blinker import Namespace
from sqlalchemy import Connection, Integer, String, Table, event, select, update
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, UOWTransaction, mapped_column

from app import clock
from app.db import UTCDateTime
from app.extensions import Model

ROW_ID = 1
CHANGED = "public_data_changed"  # the session's info: this transaction moved the version
public_data_changed = Namespace().signal("public-data-changed")

# Tables whose rows no public page, feed or API answer shows: sign-in sessions, private feeds,
# mail, reminders, reviews, introductions between organizations and the audit log. Writing
# them leaves every cached page valid.
PRIVATE_TABLES = frozenset(
    {
        "attachment",
        "calendar_feed",
        "conflict",
        "decision",
        "event",
        "introduction",
        "introduction_block",
        "issued_document",
        "notification",
        "organization_invitation",
        "organization_member",
        "proposal_invitation",
        "reminder",
        "review_assignment",
        "review_comment",
        "review_discussion",
        "review_revision",
        "review_revision_score",
        "review_score",
        "role_change",
        "update_subscription",
        "user",
        "user_role",
        "user_session",
        "workplan_task",
        "data_version",
    }
)


class DataVersion(Model):
    """The single row: which data the public face shows (`epoch`, `counter`) and since when."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    epoch: Mapped[str] = mapped_column(String(32))
    counter: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())


def initial_row() -> dict[str, Any]:
    """The values the row starts with (the migration and `create_all` insert them)."""
    return {"id": ROW_ID, "epoch": secrets.token_hex(8), "counter": 0, "changed_at": clock.now()}


@event.listens_for(DataVersion.__table__, "after_create")
def _insert_the_row(target: Table, connection: Connection, **_: Any) -> None:
    connection.execute(target.insert().values(**initial_row()))


def read(connection: Connection) -> tuple[str, int, datetime] | None:
    """(epoch, counter, changed_at), or None when the row is missing."""
    row = connection.execute(
        select(DataVersion.epoch, DataVersion.counter, DataVersion.changed_at).where(
            DataVersion.id == ROW_ID
        )
    ).one_or_none()
    return (row[0], row[1], row[2]) if row is not None else None


def bump(connection: Connection) -> None:
    """Add one to the version, in `connection`'s transaction."""
    connection.execute(
        update(DataVersion)
        .where(DataVersion.id == ROW_ID)
        .values(counter=DataVersion.counter + 1, changed_at=clock.now())
    )


def start_new_epoch(connection: Connection) -> None:
    """A new epoch, so that no shared cache takes this data for what it held before."""
    connection.execute(
        update(DataVersion)
        .where(DataVersion.id == ROW_ID)
        .values(epoch=secrets.token_hex(8), changed_at=clock.now())
    )


def _is_public(table_name: str | None) -> bool:
    return table_name is not None and table_name not in PRIVATE_TABLES


def _touches_public(session: Session) -> bool:
    for instance in (*session.new, *session.dirty, *session.deleted):
        table = getattr(type(instance), "__tablename__", None)
        if _is_public(table) and (instance not in session.dirty or session.is_modified(instance)):
            return True
    return False


@event.listens_for(Session, "before_flush")
def _bump_before_a_public_flush(session: Session, _flush: UOWTransaction, _i: object) -> None:
    if _touches_public(session):
        bump(session.connection())
        session.info[CHANGED] = True


@event.listens_for(Session, "do_orm_execute")
def _bump_before_a_public_statement(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if _is_public(getattr(table, "name", None)):
        bump(state.session.connection())
        state.session.info[CHANGED] = True


@event.listens_for(Session, "after_commit")
def _tell_after_a_public_commit(session: Session) -> None:
    if session.info.pop(CHANGED, False):
        public_data_changed.send(session)


@event.listens_for(Session, "after_rollback")
def _forget_a_rolled_back_change(session: Session) -> None:
    session.info.pop(CHANGED, None)
