"""record versions, external ids of imported records, account groups, team structure, who changed what

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28

The two self-references need a table rebuild on SQLite (ADD COLUMN cannot
declare a table-level foreign key). A rebuild loses the lower(name) index,
which SQLite cannot reflect, so it is created again right after.
"""
import warnings
from collections.abc import Sequence
from typing import Literal

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

VERSIONED = (
    'team_member', 'account', 'dmu_member', 'competitor_presence', 'relationship_constraint',
    'level_assessment', 'opportunity', 'value_proposition', 'communication_action', 'delivery',
    'review', 'review_driver', 'offering', 'offering_holding',
)
WITH_EXTERNAL_ID = ('team_member', 'account', 'dmu_member', 'opportunity', 'offering')


def upgrade() -> None:
    _add_self_reference('team_member', 'manager_id', extra=[
        sa.Column('region', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default='')])
    _add_self_reference('account', 'parent_id')
    op.add_column('opportunity', sa.Column('opened_on', sa.Date(), nullable=True))
    for table in VERSIONED:
        if table in WITH_EXTERNAL_ID:
            op.add_column(table, sa.Column('external_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True))
            op.create_index(f'ix_{table}_external_id', table, ['external_id'], unique=False)
        op.add_column(table, sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
    op.add_column('activity_log', sa.Column('actor_id', sa.Integer(), nullable=True))
    op.add_column('activity_log', sa.Column('origin', sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=''))


def _add_self_reference(table: str, column: str, extra: Sequence[sa.Column] = ()) -> None:
    # Only SQLite needs the rebuild; PostgreSQL alters in place (a rebuild there would drop the primary key
    # other tables' foreign keys hang on).
    recreate: Literal['always', 'auto'] = 'always' if op.get_bind().dialect.name == 'sqlite' else 'auto'
    with warnings.catch_warnings(), op.batch_alter_table(table, recreate=recreate) as batch:
        # The rebuild cannot carry the lower(name) index over (SQLite does not reflect it): said once, made below.
        warnings.simplefilter('ignore')
        for col in extra:
            batch.add_column(col)
        batch.add_column(sa.Column(column, sa.Integer(), nullable=True))
        batch.create_foreign_key(f'fk_{table}_{column}', table, [column], ['id'], ondelete='SET NULL')
        batch.create_index(f'ix_{table}_{column}', [column], unique=False)
    op.execute(f'CREATE UNIQUE INDEX IF NOT EXISTS ix_{table}_name_nocase ON {table} (lower(name))')


def downgrade() -> None:
    with op.batch_alter_table('activity_log') as batch:
        batch.drop_column('origin')
        batch.drop_column('actor_id')
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('version')
            if table in WITH_EXTERNAL_ID:
                batch.drop_index(f'ix_{table}_external_id')
                batch.drop_column('external_id')
    with op.batch_alter_table('opportunity') as batch:
        batch.drop_column('opened_on')
    with op.batch_alter_table('account') as batch:
        batch.drop_index('ix_account_parent_id')
        batch.drop_column('parent_id')
    with op.batch_alter_table('team_member') as batch:
        batch.drop_index('ix_team_member_manager_id')
        batch.drop_column('manager_id')
        batch.drop_column('region')
