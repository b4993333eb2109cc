"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('activity_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('entity', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('summary', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('activity_log', schema=None) as batch_op:
        batch_op.create_index('ix_activity_account_at', ['account_id', 'at'], unique=False)

    op.create_table('offering',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('team_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('role', sa.Enum('sales', 'presales', 'delivery', 'executive', 'other', name='teamrole', native_enum=False, length=32), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('industry', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('region', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('organisation', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('value_chain', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('customer_profile', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('purchase_potential_cents', sa.Integer(), nullable=True),
    sa.Column('absorption_potential_cents', sa.Integer(), nullable=True),
    sa.Column('strategic_value', sa.Integer(), nullable=True),
    sa.Column('profit_grade', sa.Enum('unprofitable', 'low', 'medium', 'high', name='profitgrade', native_enum=False, length=32), nullable=True),
    sa.Column('potential_value_cents', sa.Integer(), nullable=True),
    sa.Column('management_model', sa.Enum('key_account_team', 'dedicated', 'shared', 'inside_sales', name='managementmodel', native_enum=False, length=32), nullable=True),
    sa.Column('strategy_notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('current_level', sa.Enum('prospect', 'buyer', 'account', 'partner', name='relationshiplevel', native_enum=False, length=32), nullable=False),
    sa.Column('target_level', sa.Enum('prospect', 'buyer', 'account', 'partner', name='relationshiplevel', native_enum=False, length=32), nullable=True),
    sa.Column('satisfaction', sa.Integer(), nullable=True),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('archived', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['team_member.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_account_archived'), ['archived'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_current_level'), ['current_level'], unique=False)
        batch_op.create_index(batch_op.f('ix_account_owner_id'), ['owner_id'], unique=False)

    op.create_table('communication_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('scheduled_at', sa.DateTime(), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('channel', sa.Enum('meeting', 'phone', 'email', 'web', 'event', 'other', name='channel', native_enum=False, length=32), nullable=False),
    sa.Column('objective', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('cost_cents', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('planned', 'done', 'cancelled', name='actionstatus', native_enum=False, length=32), nullable=False),
    sa.Column('outcome', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('communication_action', schema=None) as batch_op:
        batch_op.create_index('ix_action_account_status_when', ['account_id', 'status', 'scheduled_at'], unique=False)

    op.create_table('competitor_presence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('competitor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('competences', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('success_factors', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('level', sa.Enum('prospect', 'buyer', 'account', 'partner', name='relationshiplevel', native_enum=False, length=32), nullable=True),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('competitor_presence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competitor_presence_account_id'), ['account_id'], unique=False)

    op.create_table('delivery',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('cooperation', sa.Enum('low', 'medium', 'high', 'integrated', name='cooperation', native_enum=False, length=32), nullable=True),
    sa.Column('customer_people', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('competences', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('planned', 'in_progress', 'at_risk', 'done', name='deliverystatus', native_enum=False, length=32), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_delivery_account_id'), ['account_id'], unique=False)

    op.create_table('dmu_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('department', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('reports_to_id', sa.Integer(), nullable=True),
    sa.Column('roles', sa.JSON(), nullable=False),
    sa.Column('influence', sa.Enum('low', 'medium', 'high', name='influence', native_enum=False, length=32), nullable=False),
    sa.Column('attitude', sa.Enum('champion', 'supporter', 'neutral', 'sceptic', 'opponent', name='attitude', native_enum=False, length=32), nullable=False),
    sa.Column('inner_circle', sa.Boolean(), nullable=False),
    sa.Column('org_criteria', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('personal_criteria', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('personal_objectives', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('personal_win', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('social_style', sa.Enum('driver', 'expressive', 'amiable', 'analytical', name='socialstyle', native_enum=False, length=32), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('coverage', sa.Enum('unknown', 'no_contact', 'brief_contact', 'multiple_contacts', 'in_depth', name='coveragedepth', native_enum=False, length=32), nullable=False),
    sa.Column('last_contact', sa.Date(), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['team_member.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reports_to_id'], ['dmu_member.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('dmu_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dmu_member_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dmu_member_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dmu_member_reports_to_id'), ['reports_to_id'], unique=False)

    op.create_table('level_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('level', sa.Enum('prospect', 'buyer', 'account', 'partner', name='relationshiplevel', native_enum=False, length=32), nullable=False),
    sa.Column('suggested_level', sa.Enum('prospect', 'buyer', 'account', 'partner', name='relationshiplevel', native_enum=False, length=32), nullable=True),
    sa.Column('evidence', sa.JSON(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('level_assessment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_level_assessment_account_id'), ['account_id'], unique=False)

    op.create_table('offering_holding',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('offering_id', sa.Integer(), nullable=False),
    sa.Column('department', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('holder', sa.Enum('owned', 'competitor', name='holdingkind', native_enum=False, length=32), nullable=False),
    sa.Column('competitor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['offering_id'], ['offering.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('offering_holding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offering_holding_account_id'), ['account_id'], unique=False)

    op.create_table('opportunity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('value_cents', sa.Integer(), nullable=False),
    sa.Column('probability', sa.Integer(), nullable=False),
    sa.Column('stage', sa.Enum('identified', 'qualified', 'proposal', 'negotiation', 'commit', name='opportunitystage', native_enum=False, length=32), nullable=False),
    sa.Column('expected_close', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('open', 'won', 'lost', name='opportunitystatus', native_enum=False, length=32), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('close_reason', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('need_recognised', sa.Integer(), nullable=True),
    sa.Column('budget_exists', sa.Integer(), nullable=True),
    sa.Column('solution_fit', sa.Integer(), nullable=True),
    sa.Column('strategic_fit', sa.Integer(), nullable=True),
    sa.Column('competitive_position', sa.Integer(), nullable=True),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opportunity_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_opportunity_status'), ['status'], unique=False)

    op.create_table('relationship_constraint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('economic', 'administrative', 'logistic', 'operational', 'professional', 'organisational', name='constraintkind', native_enum=False, length=32), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('severity', sa.Enum('low', 'medium', 'high', name='severity', native_enum=False, length=32), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('relationship_constraint', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_relationship_constraint_account_id'), ['account_id'], unique=False)

    op.create_table('review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('reviewed_on', sa.Date(), nullable=False),
    sa.Column('satisfaction', sa.Integer(), nullable=True),
    sa.Column('loyalty', sa.Integer(), nullable=True),
    sa.Column('profitability_pct', sa.Integer(), nullable=True),
    sa.Column('project_progress', sa.Integer(), nullable=True),
    sa.Column('learned', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('next_steps', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_account_id'), ['account_id'], unique=False)

    op.create_table('value_proposition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('org_benefits', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('solution_fit', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('strategic_fit', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('resources_mix', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account_id')
    )
    op.create_table('action_dmu_member',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['communication_action.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['dmu_member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'member_id')
    )
    with op.batch_alter_table('action_dmu_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_dmu_member_member_id'), ['member_id'], unique=False)

    op.create_table('action_team_member',
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('team_member_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['communication_action.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['team_member_id'], ['team_member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('action_id', 'team_member_id')
    )
    with op.batch_alter_table('action_team_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_team_member_team_member_id'), ['team_member_id'], unique=False)

    op.create_table('opportunity_offering',
    sa.Column('opportunity_id', sa.Integer(), nullable=False),
    sa.Column('offering_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['offering_id'], ['offering.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunity.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('opportunity_id', 'offering_id')
    )
    with op.batch_alter_table('opportunity_offering', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opportunity_offering_offering_id'), ['offering_id'], unique=False)


    # Names are unique regardless of case; autogenerate cannot see expression indexes.
    op.execute("CREATE UNIQUE INDEX ix_team_member_name_nocase ON team_member (lower(name))")
    op.execute("CREATE UNIQUE INDEX ix_account_name_nocase ON account (lower(name))")
    op.execute("CREATE UNIQUE INDEX ix_offering_name_nocase ON offering (lower(name))")


def downgrade() -> None:
    with op.batch_alter_table('opportunity_offering', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opportunity_offering_offering_id'))

    op.drop_table('opportunity_offering')
    with op.batch_alter_table('action_team_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_team_member_team_member_id'))

    op.drop_table('action_team_member')
    with op.batch_alter_table('action_dmu_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_dmu_member_member_id'))

    op.drop_table('action_dmu_member')
    op.drop_table('value_proposition')
    with op.batch_alter_table('review', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_account_id'))

    op.drop_table('review')
    with op.batch_alter_table('relationship_constraint', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_relationship_constraint_account_id'))

    op.drop_table('relationship_constraint')
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opportunity_status'))
        batch_op.drop_index(batch_op.f('ix_opportunity_account_id'))

    op.drop_table('opportunity')
    with op.batch_alter_table('offering_holding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offering_holding_account_id'))

    op.drop_table('offering_holding')
    with op.batch_alter_table('level_assessment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_level_assessment_account_id'))

    op.drop_table('level_assessment')
    with op.batch_alter_table('dmu_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dmu_member_reports_to_id'))
        batch_op.drop_index(batch_op.f('ix_dmu_member_owner_id'))
        batch_op.drop_index(batch_op.f('ix_dmu_member_account_id'))

    op.drop_table('dmu_member')
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_account_id'))

    op.drop_table('delivery')
    with op.batch_alter_table('competitor_presence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competitor_presence_account_id'))

    op.drop_table('competitor_presence')
    with op.batch_alter_table('communication_action', schema=None) as batch_op:
        batch_op.drop_index('ix_action_account_status_when')

    op.drop_table('communication_action')
    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_account_owner_id'))
        batch_op.drop_index(batch_op.f('ix_account_current_level'))
        batch_op.drop_index(batch_op.f('ix_account_archived'))

    op.drop_table('account')
    op.drop_table('team_member')
    op.drop_table('offering')
    with op.batch_alter_table('activity_log', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_account_at')

    op.drop_table('activity_log')
