"""the DMU's informal structure (influence lines, competitor leanings), complaints and recovery guidelines

Revision ID: 0005
Revises: 0006
Create Date: 2026-11-29

New tables only: nothing existing is altered, so the same statements run on SQLite and PostgreSQL.
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('recovery_guideline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nature', sa.Enum('product', 'service', 'delivery', 'administrative', 'relationship', name='complaintnature', native_enum=False, length=32), nullable=False),
    sa.Column('segment', sa.String(length=32), nullable=False),
    sa.Column('actor', sa.Enum('front_line', 'account_manager', 'sales_manager', 'department_head', 'standard_process', name='recoveryactor', native_enum=False, length=32), nullable=False),
    sa.Column('compensation_limit_cents', sa.Integer(), nullable=False),
    sa.Column('response_days', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('nature', 'segment', name='uq_recovery_guideline_cell')
    )
    op.create_table('competitor_leaning',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('competitor', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('strength', sa.Enum('weak', 'medium', 'strong', name='influencestrength', native_enum=False, length=32), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['dmu_member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('member_id')
    )
    with op.batch_alter_table('competitor_leaning', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_competitor_leaning_account_id'), ['account_id'], unique=False)

    op.create_table('complaint',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('complaint', 'feedback', name='feedbackkind', native_enum=False, length=32), nullable=False),
    sa.Column('nature', sa.Enum('product', 'service', 'delivery', 'administrative', 'relationship', name='complaintnature', native_enum=False, length=32), nullable=False),
    sa.Column('severity', sa.Enum('low', 'medium', 'high', name='severity', native_enum=False, length=32), nullable=False),
    sa.Column('summary', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('department', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sa.Enum('open', 'answered', 'closed', name='complaintstatus', native_enum=False, length=32), nullable=False),
    sa.Column('resolution', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('compensation_cents', sa.Integer(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['dmu_member.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_member_id'), ['member_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_complaint_status'), ['status'], unique=False)

    op.create_table('influence_line',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('from_id', sa.Integer(), nullable=False),
    sa.Column('to_id', sa.Integer(), nullable=False),
    sa.Column('strength', sa.Enum('weak', 'medium', 'strong', name='influencestrength', native_enum=False, length=32), nullable=False),
    sa.Column('direction', sa.Enum('one_way', 'both', name='influencedirection', native_enum=False, length=32), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['from_id'], ['dmu_member.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_id'], ['dmu_member.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('influence_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_influence_line_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_influence_line_from_id'), ['from_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_influence_line_to_id'), ['to_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('influence_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_influence_line_to_id'))
        batch_op.drop_index(batch_op.f('ix_influence_line_from_id'))
        batch_op.drop_index(batch_op.f('ix_influence_line_account_id'))

    op.drop_table('influence_line')
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_status'))
        batch_op.drop_index(batch_op.f('ix_complaint_member_id'))
        batch_op.drop_index(batch_op.f('ix_complaint_account_id'))

    op.drop_table('complaint')
    with op.batch_alter_table('competitor_leaning', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_competitor_leaning_account_id'))

    op.drop_table('competitor_leaning')
    op.drop_table('recovery_guideline')
