"""Search: calendar-year span counts (``span``/``spanlen`` rows in facet_counts), an index for spans by end,
and a covering index for a search's hits.

Revision ID: 0004_search_spans
Revises: 0003_speed
"""

from alembic import op

revision = "0004_search_spans"
down_revision = "0003_speed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from extractor.store import aggregates

    op.create_index("ix_activities_span_end", "activities", ["span_end", "span_start"])
    op.drop_index("ix_activities_facets", table_name="activities")
    op.create_index("ix_activities_hits", "activities",
                    ["id", "kind", "year", "document_id", "seq", "span_start", "span_end"])
    aggregates.rebuild(op.get_bind())   # adds the span rows


def downgrade() -> None:
    op.drop_index("ix_activities_hits", table_name="activities")
    op.create_index("ix_activities_facets", "activities", ["id", "kind", "year"])
    op.drop_index("ix_activities_span_end", table_name="activities")
    op.execute("DELETE FROM facet_counts WHERE dim IN ('span', 'spanlen')")
