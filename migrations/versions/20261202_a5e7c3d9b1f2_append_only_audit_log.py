"""The audit log is append-only: the database refuses to change or delete an event.

Reviewed by hand:
- event.actor_id loses ON DELETE SET NULL: deleting an account would have rewritten its
  events. Accounts are deactivated, never deleted (no code path deletes a user); a delete of an
  account that acted is now refused by the foreign key (PostgreSQL) and, were the key's action
  kept, would be refused by the triggers below anyway. On SQLite the table is rebuilt (batch).
- Triggers that refuse UPDATE and DELETE on event (SQLite: event_refuse_update and
  event_refuse_delete; PostgreSQL: the function event_refuse_change() behind the row trigger
  event_refuse_change and the statement trigger event_refuse_truncate). The statements are the
  same as app/audit/models.py creates with the table. Nothing in the portal needs a bypass:
  `flask restore` replaces whole tables (SQLite's backup API; pg_restore --clean drops and
  recreates them with their triggers), and demo seeding only adds events. An operator who must
  remove an event (a court order) drops the trigger by hand in a maintenance window and recreates
  it: that is deliberate, visible and outside the application.
- A later migration that rebuilds the event table on SQLite (batch mode) drops its triggers with
  it and must create them again.

Revision ID: a5e7c3d9b1f2
Revises: a4b7c9d1e2f3
Create Date: 2026-12-02 21:50:00
"""
from alembic import op


revision = 'a5e7c3d9b1f2'
down_revision = "a4b7c9d1e2f3"
branch_labels = None
depends_on = None

REFUSAL = "the audit log is append-only: events are never changed or deleted"
SQLITE_TRIGGERS = (
    f"CREATE TRIGGER event_refuse_update BEFORE UPDATE ON event "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
    f"CREATE TRIGGER event_refuse_delete BEFORE DELETE ON event "
    f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
)
POSTGRESQL_TRIGGERS = (
    "CREATE OR REPLACE FUNCTION event_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION USING MESSAGE = '{REFUSAL}: ' || TG_OP || ' refused', "
    "ERRCODE = 'restrict_violation'; END $$",
    "CREATE TRIGGER event_refuse_change BEFORE UPDATE OR DELETE ON event "
    "FOR EACH ROW EXECUTE FUNCTION event_refuse_change()",
    "CREATE TRIGGER event_refuse_truncate BEFORE TRUNCATE ON event "
    "FOR EACH STATEMENT EXECUTE FUNCTION event_refuse_change()",
)


def _actor_key(ondelete):
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_event_actor_id_user'), type_='foreignkey')
        batch_op.create_foreign_key(
            batch_op.f('fk_event_actor_id_user'), 'user', ['actor_id'], ['id'], ondelete=ondelete
        )


def upgrade():
    _actor_key(None)
    statements = SQLITE_TRIGGERS if op.get_bind().dialect.name == 'sqlite' else POSTGRESQL_TRIGGERS
    for statement in statements:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        op.execute('DROP TRIGGER IF EXISTS event_refuse_update')
        op.execute('DROP TRIGGER IF EXISTS event_refuse_delete')
    else:
        op.execute('DROP TRIGGER IF EXISTS event_refuse_truncate ON event')
        op.execute('DROP TRIGGER IF EXISTS event_refuse_change ON event')
        op.execute('DROP FUNCTION IF EXISTS event_refuse_change()')
    _actor_key('SET NULL')
