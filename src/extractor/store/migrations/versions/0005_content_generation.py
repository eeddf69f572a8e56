"""Search index: a content generation on store_state, grown by every write transaction.

Revision ID: 0005_content_generation
Revises: 0004_search_spans
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_content_generation"
down_revision = "0004_search_spans"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("store_state", sa.Column("content_generation", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("store_state") as batch:
        batch.drop_column("content_generation")
