"""our team's potential and commitment, their incentive objectives, and the programmes an account is in

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0007'
down_revision = '0004'
branch_labels = None
depends_on = None


def _enum(*values: str) -> sa.Enum:
    # Stored by value without a CHECK constraint, as every enumeration of the models.
    return sa.Enum(*values, native_enum=False, create_constraint=False, length=32)


def upgrade() -> None:
    op.create_table('team_assessment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_member_id', sa.Integer(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('potential', sa.Integer(), nullable=False),
    sa.Column('commitment', sa.Integer(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False, server_default='1'),
    sa.ForeignKeyConstraint(['team_member_id'], ['team_member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_team_assessment_team_member_id', 'team_assessment', ['team_member_id'], unique=False)
    op.create_table('incentive_objective',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_member_id', sa.Integer(), nullable=False),
    sa.Column('description', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('scope', _enum('personal', 'team'), nullable=False),
    sa.Column('kind', _enum('business', 'loyalty'), nullable=False),
    sa.Column('measure', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('visible', sa.Boolean(), nullable=False),
    sa.Column('reachable', sa.Boolean(), nullable=False),
    sa.Column('influenceable', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False, server_default='1'),
    sa.ForeignKeyConstraint(['team_member_id'], ['team_member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_incentive_objective_team_member_id', 'incentive_objective', ['team_member_id'], unique=False)
    op.create_table('account_programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('programme', _enum('customer_service', 'loyalty', 'one_to_one'), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False, server_default='1'),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account_id', 'programme')
    )
    op.create_index('ix_account_programme_account_id', 'account_programme', ['account_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_account_programme_account_id', table_name='account_programme')
    op.drop_table('account_programme')
    op.drop_index('ix_incentive_objective_team_member_id', table_name='incentive_objective')
    op.drop_table('incentive_objective')
    op.drop_index('ix_team_assessment_team_member_id', table_name='team_assessment')
    op.drop_table('team_assessment')
