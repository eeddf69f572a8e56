"""Search index: which writes a kept index can take in. ``store_state.rewrite_generation`` is the generation of
the last write that changed more than some documents' own rows; ``documents.changed_generation`` the
generation of the last write to each document's activities.

Revision ID: 0006_change_generations
Revises: 0005_content_generation
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_change_generations"
down_revision = "0005_content_generation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 0 is safe for a store written before: a search index is built after this migration, at a generation
    # past every earlier write, and only writes after that generation are ever taken in.
    op.add_column("store_state", sa.Column("rewrite_generation", sa.Integer(), nullable=False, server_default="0"))
    op.add_column("documents", sa.Column("changed_generation", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    # Not in batch mode: rebuilding the documents table would cascade-delete every activity. SQLite (3.35+)
    # and PostgreSQL drop a plain column in place.
    op.drop_column("documents", "changed_generation")
    with op.batch_alter_table("store_state") as batch:
        batch.drop_column("rewrite_generation")
