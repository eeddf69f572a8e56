"""The store: documents, activities and partners in SQLite (default) or PostgreSQL, with search and export."""

from extractor.store.engine import (DocumentNotFound, PartnerNotFound, SaveError, Store, StoreError, open_store,
                                    resolve_url)
from extractor.store.export import write_csv
from extractor.store.search import SearchQuery, SearchResult, parse_bound

__all__ = ["DocumentNotFound", "PartnerNotFound", "SaveError", "SearchQuery", "SearchResult", "Store", "StoreError", "open_store",
           "parse_bound", "resolve_url", "write_csv"]
