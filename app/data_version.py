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

The same row holds a second counter, `ranking_counter`, for the chairs' calibrated ranking
(`app.reviews.ranking` keeps each call's ranking in memory under it): the same events add one
to it whenever a flush or statement writes a table in `RANKED_TABLES`, public or not, without
moving the public `counter` or `changed_at`. Until the transaction ends, its session's info
says so (`RANKING_CHANGED`): what it reads then is not yet what the counter names.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from functools import cache
from typing import Any

from blinker import Namespace
from sqlalchemy import Connection, Dialect, Integer, String, Table, event, select, update
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, UOWTransaction, mapped_column

from app import clock
from app.db import UTCDateTime
from app.extensions import Model

ROW_ID = 1
CHANGED = "public_data_changed"  # the session's info: this transaction moved the version
RANKING_CHANGED = "ranking_data_changed"  # … moved the ranking's counter (not yet committed)
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


# What the chairs' ranking is computed from: the reviews and their stored means (and scores),
# the proposals' states and eligibility, the calls' scales and thresholds and their rubrics; and
# the decisions, which the selection's counts beside it are made of.
RANKED_TABLES = frozenset(
    {
        "decision",
        "proposal",
        "review_assignment",
        "review_score",
        "rubric_criterion",
        "solicitation",
    }
)


class DataVersion(Model):
    """The single row: which data the public face shows (`epoch`, `counter`) and since when."""

    __tablename__ = "data_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    epoch: Mapped[str] = mapped_column(String(32))
    counter: Mapped[int] = mapped_column(Integer, default=0)
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ranking_counter: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


def initial_row() -> dict[str, Any]:
    """The values the row starts with (the migration and `create_all` insert them)."""
    return {
        "id": ROW_ID,
        "epoch": secrets.token_hex(8),
        "counter": 0,
        "changed_at": clock.now(),
        "ranking_counter": 0,
    }


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


@cache
def _counter_sql(dialect: Dialect, ranking: bool) -> str:
    counter = DataVersion.ranking_counter if ranking else DataVersion.counter
    statement = select(DataVersion.epoch, counter).where(DataVersion.id == ROW_ID)
    return str(statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def read_counter(connection: Connection, *, ranking: bool = False) -> tuple[str, int] | None:
    """(epoch, counter) — the ranking's counter with `ranking` —, or None when the row is
    missing: asked on the driver's own cursor, past SQLAlchemy's execution, which costs more
    than the round trip (the public pages' fast path asks it at every request: about 100 µs on
    PostgreSQL against 200 through `read`). The driver's errors are not wrapped
    (`Dialect.loaded_dbapi.Error`)."""
    cursor = connection.connection.cursor()
    try:
        cursor.execute(_counter_sql(connection.dialect, ranking))
        row = cursor.fetchone()
    finally:
        cursor.close()
    return (str(row[0]), int(row[1])) if row is not None else None


def standing(session: Session, *, ranking: bool = False) -> str | None:
    """What the public data — with `ranking`, what the rankings read — stand at, for a memo of
    values derived from them (`app.memo.Memo`): "epoch.counter", one read by key; None when no
    version can be trusted: no row, or this transaction has moved that counter and not
    committed it yet (it may be rolled back, and the counter reused by other data)."""
    if session.info.get(RANKING_CHANGED if ranking else CHANGED):
        return None
    found = read_counter(session.connection(), ranking=ranking)
    return f"{found[0]}.{found[1]}" if found is not None else None


def bump(connection: Connection, *, public: bool = True, ranking: bool = False) -> None:
    """Add one to the public version and/or the ranking's counter, in `connection`'s
    transaction."""
    values: dict[str, Any] = {}
    if public:
        values.update(counter=DataVersion.counter + 1, changed_at=clock.now())
    if ranking:
        values.update(ranking_counter=DataVersion.ranking_counter + 1)
    if values:
        connection.execute(update(DataVersion).where(DataVersion.id == ROW_ID).values(**values))


def start_new_epoch(connection: Connection) -> None:
    """A new epoch, so that no shared cache takes this data for what it held before."""
    connection.execute(
        update(DataVersion)
        .where(DataVersion.id == ROW_ID)
        .values(epoch=secrets.token_hex(8), changed_at=clock.now())
    )


def _is_public(table_name: str | None) -> bool:
    return table_name is not None and table_name not in PRIVATE_TABLES


def _is_ranked(table_name: str | None) -> bool:
    return table_name in RANKED_TABLES


def _touched_tables(session: Session) -> set[str | None]:
    return {
        getattr(type(instance), "__tablename__", None)
        for instance in (*session.new, *session.dirty, *session.deleted)
        if instance not in session.dirty or session.is_modified(instance)
    }


def _bump_for(session: Session, tables: set[str | None]) -> None:
    public = any(_is_public(table) for table in tables)
    ranking = any(_is_ranked(table) for table in tables)
    bump(session.connection(), public=public, ranking=ranking)
    if public:
        session.info[CHANGED] = True
    if ranking:
        session.info[RANKING_CHANGED] = True


@event.listens_for(Session, "before_flush")
def _bump_before_a_public_flush(session: Session, _flush: UOWTransaction, _i: object) -> None:
    _bump_for(session, _touched_tables(session))


@event.listens_for(Session, "do_orm_execute")
def _bump_before_a_public_statement(state: ORMExecuteState) -> None:
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    _bump_for(state.session, {getattr(table, "name", None)})


@event.listens_for(Session, "after_commit")
def _tell_after_a_public_commit(session: Session) -> None:
    session.info.pop(RANKING_CHANGED, None)
    if session.info.pop(CHANGED, False):
        public_data_changed.send(session)


@event.listens_for(Session, "after_rollback")
def _forget_a_rolled_back_change(session: Session) -> None:
    session.info.pop(CHANGED, None)
    session.info.pop(RANKING_CHANGED, None)
