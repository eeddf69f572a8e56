"""Search index: the generation of the last write that did more than add documents, on store_state.

Revision ID: 0006_rewrite_generation
Revises: 0005_content_generation
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_rewrite_generation"
down_revision = "0005_content_generation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 0 is safe for a store written before: a search index is built after this migration, at a generation
    # past every earlier write, and only writes after that generation are ever taken in.
    op.add_column("store_state", sa.Column("rewrite_generation", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("store_state") as batch:
        batch.drop_column("rewrite_generation")
