"""Speed: registry generation, maintained facet counts, covering indexes for filters and facets.

Revision ID: 0003_speed
Revises: 0002_kb
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_speed"
down_revision = "0002_kb"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from extractor.store import aggregates

    op.create_table("store_state", sa.Column("id", sa.Integer(), primary_key=True),
                    sa.Column("registry_generation", sa.Integer(), nullable=False))
    op.execute("INSERT INTO store_state (id, registry_generation) VALUES (1, 0)")
    op.create_table("facet_counts", sa.Column("dim", sa.String(), primary_key=True),
                    sa.Column("value", sa.String(), primary_key=True), sa.Column("dim2", sa.String(), primary_key=True),
                    sa.Column("value2", sa.String(), primary_key=True), sa.Column("n", sa.Integer(), nullable=False))
    op.create_index("ix_activities_facets", "activities", ["id", "kind", "year"])
    op.create_index("ix_activity_partners_pair", "activity_partners", ["activity_id", "partner_id"])
    op.create_index("ix_activity_partners_partner_activity", "activity_partners", ["partner_id", "activity_id"])
    for table in ("activity_countries", "activity_regionales"):
        op.drop_index(f"ix_{table}_code", table_name=table)
        op.create_index(f"ix_{table}_code", table, ["code", "activity_id"])
    aggregates.rebuild(op.get_bind())


def downgrade() -> None:
    for table in ("activity_countries", "activity_regionales"):
        op.drop_index(f"ix_{table}_code", table_name=table)
        op.create_index(f"ix_{table}_code", table, ["code"])
    op.drop_index("ix_activity_partners_partner_activity", table_name="activity_partners")
    op.drop_index("ix_activity_partners_pair", table_name="activity_partners")
    op.drop_index("ix_activities_facets", table_name="activities")
    op.drop_table("facet_counts")
    op.drop_table("store_state")
