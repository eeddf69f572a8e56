"""Researchers' web pages and JSON API over the store (``extractor serve``)."""

from extractor.web.app import create_app

__all__ = ["create_app"]
