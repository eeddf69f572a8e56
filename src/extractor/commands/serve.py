"""``extractor serve``: the researchers' web pages and JSON API over the store (read-only)."""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        db: Annotated[Optional[str], typer.Option("--db", help="Store: a file path or SQLAlchemy URL "
                                                                "(default: $EXTRACTOR_DATABASE_URL, else ./extractor.db)")] = None,
        host: Annotated[str, typer.Option("--host", help="Interface to listen on (loopback unless told otherwise)")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", min=1, max=65535, help="TCP port")] = 8000,
    ) -> None:
        """Serve the search, activity, partner, document and overview pages and the JSON API."""
        try:
            import uvicorn

            from extractor.web import create_app
        except ImportError as exc:
            print(f"error: the web extra is not installed ({exc.name}): pip install 'extractor[web]'",
                  file=sys.stderr)
            raise typer.Exit(2) from None
        from extractor.store import StoreError, open_store
        try:
            store = open_store(db)
        except StoreError as exc:
            print(f"error: {exc}", file=sys.stderr)
            raise typer.Exit(2) from None
        print(f"extractor: serving {store.url} on http://{host}:{port}/", file=sys.stderr)
        try:
            uvicorn.run(create_app(store=store), host=host, port=port, log_level="info")
        finally:
            store.close()
