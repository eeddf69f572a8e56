"""Baseline: the v1 store (documents, activities, partners, aliases, link tables, text index).

v1 stores were created by ``create_all`` before Alembic managed the schema; they are stamped at this
revision when first opened (store/schema.py), so this migration has nothing to run.

Revision ID: 0001_v1
Revises:
"""

revision = "0001_v1"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
