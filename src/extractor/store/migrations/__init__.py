"""Alembic migrations of the store (both backends); run by ``extractor.store.schema``, not by hand."""
