"""``extractor stats --by DIM [--by DIM] [--format table|json|csv]``: activities and beneficiaries per value."""

from __future__ import annotations

import csv
import sys
from enum import Enum
from typing import Annotated

import typer
from rich.table import Table

from extractor.cli import DbOption, _dump, _store, _usage, out


class Dim(str, Enum):
    country = "country"
    partner = "partner"
    kind = "kind"
    year = "year"
    quarter = "quarter"
    regional = "regional"


class StatsFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


def stats(
    by: Annotated[list[Dim], typer.Option("--by", help="Dimension (repeat for pairs)")],
    fmt: Annotated[StatsFormat, typer.Option("--format")] = StatsFormat.table,
    db: DbOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Same as --format json")] = False,
) -> None:
    """Activities and beneficiaries per country, partner, kind, year, quarter or regional (or pair of them).

    Multi-valued dimensions count an activity under each of its values; "None" collects activities without
    a value. Beneficiaries add up the known counts.
    """
    if as_json:
        fmt = StatsFormat.json
    dims = list(dict.fromkeys(d.value for d in by))
    if len(dims) > 2:
        raise _usage("--by takes one or two dimensions")
    store = _store(db)
    try:
        rows = store.stats(dims)
    finally:
        store.close()
    columns = [*dims, "activities", "beneficiaries"]
    if fmt == StatsFormat.json:
        print(_dump({"by": dims, "rows": rows}))
    elif fmt == StatsFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        for r in rows:
            writer.writerow(["" if r[c] is None else r[c] for c in columns])
    else:
        table = Table(title=f"activities by {' × '.join(dims)}")
        for c in columns:
            table.add_column(c, justify="right" if c in ("activities", "beneficiaries") else "left", overflow="fold")
        for r in rows:
            table.add_row(*("—" if r[c] is None else str(r[c]) for c in columns))
        out.print(table)


def register(app: typer.Typer) -> None:
    app.command("stats")(stats)
