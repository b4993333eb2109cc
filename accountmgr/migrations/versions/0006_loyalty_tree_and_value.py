"""loyalty tree (KPIs, their readings, improvement projects), perceived and technical quality of reviews,
an index for lifetime value and RFMT

Revision ID: 0006
Revises: 0007
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0006'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('review') as batch:
        batch.add_column(sa.Column('perceived_quality', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('technical_quality', sa.Integer(), nullable=True))
    op.create_index('ix_opportunity_won_history', 'opportunity',
                    ['status', 'account_id', 'closed_on', 'expected_close', 'value_cents'], unique=False)
    op.create_table('kpi',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('driver', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('process', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('unit', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('current', sa.Float(), nullable=True),
    sa.Column('higher_is_better', sa.Boolean(), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['team_member.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_kpi_account_id', 'kpi', ['account_id'], unique=False)
    op.create_table('kpi_reading',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kpi_id', sa.Integer(), nullable=False),
    sa.Column('measured_on', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['kpi_id'], ['kpi.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_kpi_reading_kpi_id', 'kpi_reading', ['kpi_id'], unique=False)
    op.create_table('improvement_project',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('driver', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('kpi_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('planned', 'in_progress', 'done', 'dropped', name='projectstatus',
                                native_enum=False, create_constraint=False, length=32), nullable=False),
    sa.Column('notes', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['kpi_id'], ['kpi.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['team_member.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_improvement_project_account_id', 'improvement_project', ['account_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_improvement_project_account_id', table_name='improvement_project')
    op.drop_table('improvement_project')
    op.drop_index('ix_kpi_reading_kpi_id', table_name='kpi_reading')
    op.drop_table('kpi_reading')
    op.drop_index('ix_kpi_account_id', table_name='kpi')
    op.drop_table('kpi')
    op.drop_index('ix_opportunity_won_history', table_name='opportunity')
    with op.batch_alter_table('review') as batch:
        batch.drop_column('technical_quality')
        batch.drop_column('perceived_quality')
