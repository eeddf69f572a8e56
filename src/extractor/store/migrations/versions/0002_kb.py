"""Knowledge base: gazetteer entries on partners, alias sources, curation decisions, PostgreSQL full text.

Revision ID: 0002_kb
Revises: 0001_v1
"""

import sqlalchemy as sa
from alembic import op

from extractor.store import pg_text

revision = "0002_kb"
down_revision = "0001_v1"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("partners", sa.Column("entry_id", sa.String(), nullable=True))
    op.create_index("ix_partners_entry_id", "partners", ["entry_id"], unique=True)
    op.add_column("partner_aliases", sa.Column("source", sa.String(), nullable=True))
    op.create_table(
        "partner_curation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("key", "action", name="uq_partner_curation_key_action"),
    )
    _link_gazetteer(op.get_bind())
    if op.get_bind().dialect.name == "postgresql":
        pg_text.install(op.get_bind())
        pg_text.reindex_all(op.get_bind())


def _link_gazetteer(conn: sa.Connection) -> None:
    """Give existing partners their gazetteer entry (the first partner per entry keeps it)."""
    from extractor.values.organisation import load_gazetteer

    gazetteer = load_gazetteer()
    taken: set[str] = set()
    for pid, name, acronym in conn.execute(sa.text("SELECT id, name, acronym FROM partners ORDER BY id")):
        entry = gazetteer.lookup(name) or (gazetteer.lookup(acronym) if acronym else None)
        if entry is not None and entry.id not in taken:
            taken.add(entry.id)
            conn.execute(sa.text("UPDATE partners SET entry_id = :e WHERE id = :i"), {"e": entry.id, "i": pid})


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        pg_text.uninstall(op.get_bind())
    op.drop_table("partner_curation")
    op.drop_column("partner_aliases", "source")
    op.drop_index("ix_partners_entry_id", table_name="partners")
    op.drop_column("partners", "entry_id")
