"""revenue per account and year, account objectives with milestones, risks, asks of management

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

Only new tables, so nothing is rebuilt. The enumerations are plain strings of at most 32 characters
(no CHECK constraint), as in the models, so this runs the same on SQLite and PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _status(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, length=32)


def _account(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=False)


def _owner_fk(column: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], ['team_member.id'], ondelete='SET NULL')


def _account_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE')


def upgrade() -> None:
    text = sqlmodel.sql.sqltypes.AutoString
    op.create_table('account_revenue',
    sa.Column('id', sa.Integer(), nullable=False),
    _account('account_id'),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('actual_cents', sa.Integer(), nullable=True),
    sa.Column('target_cents', sa.Integer(), nullable=True),
    sa.Column('potential_cents', sa.Integer(), nullable=True),
    sa.Column('notes', text(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    _account_fk(),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('account_id', 'year', name='uq_account_revenue_account_year'),
    )
    op.create_index('ix_account_revenue_account_id', 'account_revenue', ['account_id'], unique=False)

    op.create_table('account_objective',
    sa.Column('id', sa.Integer(), nullable=False),
    _account('account_id'),
    sa.Column('title', text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('status', _status('objectivestatus', 'open', 'achieved', 'dropped'), nullable=False),
    sa.Column('notes', text(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    _account_fk(),
    _owner_fk('owner_id'),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_account_objective_account_id', 'account_objective', ['account_id'], unique=False)
    op.create_index('ix_account_objective_owner_id', 'account_objective', ['owner_id'], unique=False)
    op.create_index('ix_account_objective_status', 'account_objective', ['status'], unique=False)

    op.create_table('objective_milestone',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('objective_id', sa.Integer(), nullable=False),
    sa.Column('title', text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['objective_id'], ['account_objective.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_objective_milestone_objective_id', 'objective_milestone', ['objective_id'], unique=False)

    op.create_table('account_risk',
    sa.Column('id', sa.Integer(), nullable=False),
    _account('account_id'),
    sa.Column('description', text(), nullable=False),
    sa.Column('likelihood', sa.Integer(), nullable=False),
    sa.Column('impact', sa.Integer(), nullable=False),
    sa.Column('mitigation', text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('status', _status('riskstatus', 'open', 'mitigated', 'closed'), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    _account_fk(),
    _owner_fk('owner_id'),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_account_risk_account_id', 'account_risk', ['account_id'], unique=False)
    op.create_index('ix_account_risk_owner_id', 'account_risk', ['owner_id'], unique=False)

    op.create_table('management_ask',
    sa.Column('id', sa.Integer(), nullable=False),
    _account('account_id'),
    sa.Column('request', text(), nullable=False),
    sa.Column('asked_of_id', sa.Integer(), nullable=True),
    sa.Column('asked_of', text(), nullable=False),
    sa.Column('needed_by', sa.Date(), nullable=True),
    sa.Column('status', _status('askstatus', 'open', 'granted', 'refused', 'withdrawn'), nullable=False),
    sa.Column('answer', text(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    _account_fk(),
    _owner_fk('asked_of_id'),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_management_ask_account_id', 'management_ask', ['account_id'], unique=False)
    op.create_index('ix_management_ask_asked_of_id', 'management_ask', ['asked_of_id'], unique=False)


def downgrade() -> None:
    for table in ('management_ask', 'account_risk', 'objective_milestone', 'account_objective', 'account_revenue'):
        op.drop_table(table)
