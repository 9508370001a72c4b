"""Initial schema: every entity of the design (DESIGN.md section 3).

Reviewed by hand: every constraint is named (batch mode on SQLite needs it), every state column
is limited by a CHECK constraint, timestamps are timezone-aware, and the downgrade drops the
tables in the reverse order of their foreign keys.

Revision ID: 13e0a628f1bf
Revises: 
Create Date: 2026-11-23 18:35:14.227624

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '13e0a628f1bf'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('organization',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('name_zh', sa.String(length=200), nullable=False),
    sa.Column('country', sa.Enum('US', 'CN', name='country', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('type', sa.Enum('enterprise', 'industry_association', 'university', 'ngo', 'state_government', 'county_government', 'city_government', name='type', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('subdivision_code', sa.String(length=8), nullable=False),
    sa.Column('city', sa.String(length=120), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("substr(subdivision_code, 1, 3) = country || '-'", name=op.f('ck_organization_subdivision_in_country')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organization'))
    )
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organization_subdivision_code'), ['subdivision_code'], unique=False)

    op.create_table('solicitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('title_zh', sa.String(length=200), nullable=False),
    sa.Column('guidance_en', sa.Text(), nullable=False),
    sa.Column('guidance_zh', sa.Text(), nullable=False),
    sa.Column('opens_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closes_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('score_min', sa.Integer(), nullable=False),
    sa.Column('score_max', sa.Integer(), nullable=False),
    sa.Column('reviewers_per_proposal', sa.Integer(), nullable=False),
    sa.Column('target_selections', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'open', 'closed', 'decisions_published', 'archived', name='status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('closes_at > opens_at', name=op.f('ck_solicitation_closes_after_opening')),
    sa.CheckConstraint('reviewers_per_proposal >= 2', name=op.f('ck_solicitation_reviewers_from_both_sides')),
    sa.CheckConstraint('score_max > score_min', name=op.f('ck_solicitation_score_scale')),
    sa.CheckConstraint('target_selections >= 1', name=op.f('ck_solicitation_target_selections_positive')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_solicitation')),
    sa.UniqueConstraint('year', name=op.f('uq_solicitation_year'))
    )
    with op.batch_alter_table('solicitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_solicitation_status'), ['status'], unique=False)

    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('language', sa.Enum('en', 'zh_Hans', name='language', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('side', sa.Enum('US', 'CN', name='side', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('email_confirmed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_sign_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_user_email_lower_case')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user')),
    sa.UniqueConstraint('email', name=op.f('uq_user_email'))
    )
    op.create_table('conflict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('declared_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['declared_by_id'], ['user.id'], name=op.f('fk_conflict_declared_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_conflict_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user.id'], name=op.f('fk_conflict_reviewer_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conflict')),
    sa.UniqueConstraint('reviewer_id', 'organization_id', name='uq_conflict_organization')
    )
    with op.batch_alter_table('conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conflict_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conflict_reviewer_id'), ['reviewer_id'], unique=False)

    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=80), nullable=False),
    sa.Column('record_type', sa.String(length=40), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['user.id'], name=op.f('fk_event_actor_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event'))
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_occurred_at'), ['occurred_at'], unique=False)
        batch_op.create_index('ix_event_record', ['record_type', 'record_id'], unique=False)

    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=True),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('state', sa.Enum('queued', 'sent', name='state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('queued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['recipient_id'], ['user.id'], name=op.f('fk_notification_recipient_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_notification_state'), ['state'], unique=False)

    op.create_table('organization_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('state', sa.Enum('pending', 'accepted', 'revoked', name='state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_organization_invitation_email_lower_case')),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user.id'], name=op.f('fk_organization_invitation_invited_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_organization_invitation_organization_id_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organization_invitation')),
    sa.UniqueConstraint('organization_id', 'email', name='uq_organization_invitation_email')
    )
    with op.batch_alter_table('organization_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organization_invitation_organization_id'), ['organization_id'], unique=False)

    op.create_table('organization_member',
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('is_owner', sa.Boolean(), nullable=False),
    sa.Column('joined_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_organization_member_organization_id_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_organization_member_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('organization_id', 'user_id', name=op.f('pk_organization_member'))
    )
    with op.batch_alter_table('organization_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organization_member_user_id'), ['user_id'], unique=False)

    op.create_table('proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('solicitation_id', sa.Integer(), nullable=False),
    sa.Column('lead_organization_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('reference', sa.String(length=20), nullable=True),
    sa.Column('state', sa.Enum('draft', 'submitted', 'withdrawn', 'selected', 'declined', name='state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.Column('title_zh', sa.String(length=300), nullable=False),
    sa.Column('summary_en', sa.Text(), nullable=False),
    sa.Column('summary_zh', sa.Text(), nullable=False),
    sa.Column('deliverable_kind', sa.Enum('technology', 'policy', 'program', name='deliverable_kind', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('deliverable_en', sa.Text(), nullable=False),
    sa.Column('deliverable_zh', sa.Text(), nullable=False),
    sa.Column('objectives_en', sa.Text(), nullable=False),
    sa.Column('objectives_zh', sa.Text(), nullable=False),
    sa.Column('impact_en', sa.Text(), nullable=False),
    sa.Column('impact_zh', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('is_eligible', sa.Boolean(), nullable=False),
    sa.Column('ineligibility_reason', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("(state = 'draft') OR (submitted_at IS NOT NULL AND reference IS NOT NULL)", name=op.f('ck_proposal_submitted_has_reference')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_proposal_created_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lead_organization_id'], ['organization.id'], name=op.f('fk_proposal_lead_organization_id_organization')),
    sa.ForeignKeyConstraint(['solicitation_id'], ['solicitation.id'], name=op.f('fk_proposal_solicitation_id_solicitation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_proposal')),
    sa.UniqueConstraint('reference', name=op.f('uq_proposal_reference'))
    )
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_proposal_lead_organization_id'), ['lead_organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_solicitation_id'), ['solicitation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_proposal_state'), ['state'], unique=False)

    op.create_table('rubric_criterion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('solicitation_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name_en', sa.String(length=120), nullable=False),
    sa.Column('name_zh', sa.String(length=120), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('description_zh', sa.Text(), nullable=False),
    sa.Column('weight', sa.Numeric(precision=5, scale=2, asdecimal=False), nullable=False),
    sa.CheckConstraint('weight > 0', name=op.f('ck_rubric_criterion_weight_positive')),
    sa.ForeignKeyConstraint(['solicitation_id'], ['solicitation.id'], name=op.f('fk_rubric_criterion_solicitation_id_solicitation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rubric_criterion'))
    )
    with op.batch_alter_table('rubric_criterion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rubric_criterion_solicitation_id'), ['solicitation_id'], unique=False)

    op.create_table('user_role',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('applicant', 'reviewer', 'chair', 'admin', name='role', native_enum=False, create_constraint=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_user_role_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'role', name=op.f('pk_user_role'))
    )
    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('size_bytes', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('size_bytes > 0', name=op.f('ck_attachment_size_positive')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_attachment_proposal_id_proposal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'], name=op.f('fk_attachment_uploaded_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_attachment_stored_name'))
    )
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachment_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.Enum('selected', 'declined', name='outcome', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('state', sa.Enum('proposed', 'approved', 'withdrawn', name='state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=False),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("(state = 'approved') = (approved_by_id IS NOT NULL AND approved_at IS NOT NULL)", name=op.f('ck_decision_approved_has_approver')),
    sa.CheckConstraint('approved_by_id IS NULL OR approved_by_id <> proposed_by_id', name=op.f('ck_decision_two_keys')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['user.id'], name=op.f('fk_decision_approved_by_id_user')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_decision_proposal_id_proposal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['user.id'], name=op.f('fk_decision_proposed_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision'))
    )
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('participant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('lead', 'partner', name='role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('state', sa.Enum('invited', 'confirmed', 'declined', name='state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("role = 'partner' OR state = 'confirmed'", name=op.f('ck_participant_lead_is_confirmed')),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user.id'], name=op.f('fk_participant_invited_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_participant_organization_id_organization')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_participant_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participant')),
    sa.UniqueConstraint('proposal_id', 'organization_id', name='uq_participant_organization')
    )
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_participant_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('partnership',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=True),
    sa.Column('cohort_year', sa.Integer(), nullable=False),
    sa.Column('name_en', sa.String(length=300), nullable=False),
    sa.Column('name_zh', sa.String(length=300), nullable=False),
    sa.Column('goal_en', sa.String(length=500), nullable=False),
    sa.Column('goal_zh', sa.String(length=500), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('description_zh', sa.Text(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('pilot_starts_on', sa.Date(), nullable=False),
    sa.Column('pilot_ends_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('active', 'graduated', 'withdrawn', name='status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('status_reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('pilot_ends_on > pilot_starts_on', name=op.f('ck_partnership_pilot_ends_after_start')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_partnership_proposal_id_proposal')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partnership')),
    sa.UniqueConstraint('proposal_id', name=op.f('uq_partnership_proposal_id')),
    sa.UniqueConstraint('slug', name=op.f('uq_partnership_slug'))
    )
    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnership_cohort_year'), ['cohort_year'], unique=False)
        batch_op.create_index(batch_op.f('ix_partnership_status'), ['status'], unique=False)

    op.create_table('proposal_focus_area',
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('focus_area', sa.Enum('clean_air', 'clean_water', 'clean_electricity', 'clean_transportation', 'forests_wetlands', 'energy_efficiency', 'green_growth', 'low_carbon_communities', name='focus_area', native_enum=False, create_constraint=True), nullable=False),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_proposal_focus_area_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('proposal_id', 'focus_area', name=op.f('pk_proposal_focus_area'))
    )
    op.create_table('review_assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('assigned', 'recused', 'submitted', name='state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('recusal_reason', sa.Text(), nullable=False),
    sa.Column('comments_to_applicant', sa.Text(), nullable=False),
    sa.Column('comments_to_secretariat', sa.Text(), nullable=False),
    sa.Column('recommendation', sa.Enum('select', 'discuss', 'decline', name='recommendation', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("(state = 'submitted') = (submitted_at IS NOT NULL)", name=op.f('ck_review_assignment_submitted_at_iff_submitted')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_review_assignment_proposal_id_proposal'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user.id'], name=op.f('fk_review_assignment_reviewer_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_review_assignment')),
    sa.UniqueConstraint('proposal_id', 'reviewer_id', name='uq_review_assignment_reviewer')
    )
    with op.batch_alter_table('review_assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_assignment_proposal_id'), ['proposal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_review_assignment_reviewer_id'), ['reviewer_id'], unique=False)

    op.create_table('workplan_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proposal_id', sa.Integer(), nullable=False),
    sa.Column('pilot_year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.Column('title_zh', sa.String(length=300), nullable=False),
    sa.Column('target', sa.Text(), nullable=False),
    sa.Column('due_month', sa.Date(), nullable=True),
    sa.CheckConstraint('pilot_year BETWEEN 1 AND 3', name=op.f('ck_workplan_task_pilot_year_range')),
    sa.ForeignKeyConstraint(['proposal_id'], ['proposal.id'], name=op.f('fk_workplan_task_proposal_id_proposal'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workplan_task')),
    sa.UniqueConstraint('proposal_id', 'pilot_year', 'number', name='uq_workplan_task_number')
    )
    with op.batch_alter_table('workplan_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workplan_task_proposal_id'), ['proposal_id'], unique=False)

    op.create_table('implementation_plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('version_number', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('draft', 'submitted', 'approved', 'returned', name='state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('chair_comments', sa.Text(), nullable=False),
    sa.Column('draft_due_on', sa.Date(), nullable=True),
    sa.Column('approval_due_on', sa.Date(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("(state = 'approved') = (approved_at IS NOT NULL)", name=op.f('ck_implementation_plan_approved_has_time')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['user.id'], name=op.f('fk_implementation_plan_approved_by_id_user')),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], name=op.f('fk_implementation_plan_partnership_id_partnership'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_implementation_plan')),
    sa.UniqueConstraint('partnership_id', 'version_number', name='uq_implementation_plan_version')
    )
    with op.batch_alter_table('implementation_plan', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_implementation_plan_partnership_id'), ['partnership_id'], unique=False)

    op.create_table('milestone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('pilot_year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title_en', sa.String(length=300), nullable=False),
    sa.Column('title_zh', sa.String(length=300), nullable=False),
    sa.Column('target', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('status', sa.Enum('planned', 'in_progress', 'done', 'delayed', 'dropped', name='status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('is_key_accomplishment', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("(status = 'done') = (completed_on IS NOT NULL)", name=op.f('ck_milestone_done_has_date')),
    sa.CheckConstraint("NOT is_key_accomplishment OR status = 'done'", name=op.f('ck_milestone_key_accomplishment_is_done')),
    sa.CheckConstraint('pilot_year BETWEEN 1 AND 3', name=op.f('ck_milestone_pilot_year_range')),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], name=op.f('fk_milestone_partnership_id_partnership'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_milestone')),
    sa.UniqueConstraint('partnership_id', 'pilot_year', 'number', name='uq_milestone_number')
    )
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_milestone_due_on'), ['due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_milestone_partnership_id'), ['partnership_id'], unique=False)

    op.create_table('partnership_focus_area',
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('focus_area', sa.Enum('clean_air', 'clean_water', 'clean_electricity', 'clean_transportation', 'forests_wetlands', 'energy_efficiency', 'green_growth', 'low_carbon_communities', name='focus_area', native_enum=False, create_constraint=True), nullable=False),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], name=op.f('fk_partnership_focus_area_partnership_id_partnership'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('partnership_id', 'focus_area', name=op.f('pk_partnership_focus_area'))
    )
    op.create_table('partnership_participant',
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('lead', 'partner', name='role', native_enum=False, create_constraint=True), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_partnership_participant_organization_id_organization')),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], name=op.f('fk_partnership_participant_partnership_id_partnership'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('partnership_id', 'organization_id', name=op.f('pk_partnership_participant'))
    )
    with op.batch_alter_table('partnership_participant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partnership_participant_organization_id'), ['organization_id'], unique=False)

    op.create_table('progress_update',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partnership_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('language', sa.Enum('en', 'zh_Hans', name='language', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('visibility', sa.Enum('public', 'secretariat', name='visibility', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('state', sa.Enum('draft', 'submitted', 'published', 'returned', name='state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('return_reason', sa.Text(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("(state = 'published') = (published_at IS NOT NULL)", name=op.f('ck_progress_update_published_has_time')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_progress_update_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['partnership_id'], ['partnership.id'], name=op.f('fk_progress_update_partnership_id_partnership'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_update'))
    )
    with op.batch_alter_table('progress_update', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_update_partnership_id'), ['partnership_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_progress_update_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_progress_update_state'), ['state'], unique=False)

    op.create_table('review_score',
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['review_assignment.id'], name=op.f('fk_review_score_assignment_id_review_assignment'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['criterion_id'], ['rubric_criterion.id'], name=op.f('fk_review_score_criterion_id_rubric_criterion'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assignment_id', 'criterion_id', name=op.f('pk_review_score'))
    )


def downgrade():
    op.drop_table('review_score')
    with op.batch_alter_table('progress_update', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_update_state'))
        batch_op.drop_index(batch_op.f('ix_progress_update_published_at'))
        batch_op.drop_index(batch_op.f('ix_progress_update_partnership_id'))

    op.drop_table('progress_update')
    with op.batch_alter_table('partnership_participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnership_participant_organization_id'))

    op.drop_table('partnership_participant')
    op.drop_table('partnership_focus_area')
    with op.batch_alter_table('milestone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_milestone_partnership_id'))
        batch_op.drop_index(batch_op.f('ix_milestone_due_on'))

    op.drop_table('milestone')
    with op.batch_alter_table('implementation_plan', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_implementation_plan_partnership_id'))

    op.drop_table('implementation_plan')
    with op.batch_alter_table('workplan_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_workplan_task_proposal_id'))

    op.drop_table('workplan_task')
    with op.batch_alter_table('review_assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_assignment_reviewer_id'))
        batch_op.drop_index(batch_op.f('ix_review_assignment_proposal_id'))

    op.drop_table('review_assignment')
    op.drop_table('proposal_focus_area')
    with op.batch_alter_table('partnership', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partnership_status'))
        batch_op.drop_index(batch_op.f('ix_partnership_cohort_year'))

    op.drop_table('partnership')
    with op.batch_alter_table('participant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participant_proposal_id'))
        batch_op.drop_index(batch_op.f('ix_participant_organization_id'))

    op.drop_table('participant')
    with op.batch_alter_table('decision', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_proposal_id'))

    op.drop_table('decision')
    with op.batch_alter_table('attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachment_proposal_id'))

    op.drop_table('attachment')
    op.drop_table('user_role')
    with op.batch_alter_table('rubric_criterion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rubric_criterion_solicitation_id'))

    op.drop_table('rubric_criterion')
    with op.batch_alter_table('proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_proposal_state'))
        batch_op.drop_index(batch_op.f('ix_proposal_solicitation_id'))
        batch_op.drop_index(batch_op.f('ix_proposal_lead_organization_id'))

    op.drop_table('proposal')
    with op.batch_alter_table('organization_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organization_member_user_id'))

    op.drop_table('organization_member')
    with op.batch_alter_table('organization_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organization_invitation_organization_id'))

    op.drop_table('organization_invitation')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_state'))
        batch_op.drop_index(batch_op.f('ix_notification_kind'))

    op.drop_table('notification')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index('ix_event_record')
        batch_op.drop_index(batch_op.f('ix_event_occurred_at'))

    op.drop_table('event')
    with op.batch_alter_table('conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conflict_reviewer_id'))
        batch_op.drop_index(batch_op.f('ix_conflict_organization_id'))

    op.drop_table('conflict')
    op.drop_table('user')
    with op.batch_alter_table('solicitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_solicitation_status'))

    op.drop_table('solicitation')
    with op.batch_alter_table('organization', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organization_subdivision_code'))

    op.drop_table('organization')
