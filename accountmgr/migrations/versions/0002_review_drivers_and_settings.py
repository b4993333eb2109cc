"""satisfaction by driver in reviews, and user settings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('setting',
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('value', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )

    op.create_table('review_driver',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('review_id', sa.Integer(), nullable=False),
    sa.Column('driver', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('importance', sa.Integer(), nullable=False),
    sa.Column('our_score', sa.Integer(), nullable=True),
    sa.Column('competitor_score', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['review_id'], ['review.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('review_id', 'driver')
    )


def downgrade() -> None:
    op.drop_table('review_driver')
    op.drop_table('setting')
