"""extractor: read SENA international-cooperation bulletins into a searchable knowledge base."""

__version__ = "0.1.0"
