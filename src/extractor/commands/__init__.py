"""CLI commands that live in their own modules; each module defines ``register(app)``.

Keeping them apart lets each interface grow without every change touching cli.py.
"""

from __future__ import annotations

import importlib

import typer

# Modules listed here are imported when the CLI starts; each adds its commands to the Typer app.
COMMAND_MODULES: tuple[str, ...] = ("extractor.commands.serve", "extractor.commands.partners",
                                   "extractor.commands.stats")


def register_all(app: typer.Typer) -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(app)
