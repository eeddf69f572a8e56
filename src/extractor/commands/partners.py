"""``extractor partners list|show|merge|rename|set-country``: the partner registry and its curation.

Decisions (merge, rename, set-country) are stored in the store keyed by normalised aliases, so they survive
re-ingesting every bulletin.
"""

from __future__ import annotations

from typing import Annotated, Optional

import typer
from rich.table import Table

from extractor.cli import DbOption, _dump, _error, _store, _usage, out

partners_app = typer.Typer(no_args_is_help=True, help="The partner registry: list, inspect and curate partners.")

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON on stdout")]


def _print_partner(p: dict) -> None:
    head = p["name"] + (f" ({p['acronym']})" if p.get("acronym") else "")
    out.print(f"{head}  partner {p['id']}", highlight=False, style="bold")
    out.print(f"country: {p.get('country') or '—'}  type: {p.get('type') or '—'}  "
              f"gazetteer: {p.get('entry_id') or '—'}", highlight=False)
    out.print(f"activities: {p['activities']} in {p['documents']} bulletins; years: "
              f"{', '.join(str(y) for y in p.get('years', [])) or '—'}", highlight=False)
    out.print("aliases: " + "; ".join(f"{a['alias']} [{a['source'] or '?'}]" for a in p["aliases"]),
              highlight=False)
    for d in p.get("decisions", []):
        out.print(f"decision: {d['action']} {d['key']!r} → {d['value']!r}", highlight=False)
    for a in p.get("activity_list", []):
        out.print(f"  {a['id']:>6}  {a['document']}  {a['kind']}  {a['title']}  (as “{a['written']}”)",
                  highlight=False)


def _run(db: str | None, action, as_json: bool) -> None:
    from extractor.store import PartnerNotFound
    store = _store(db)
    try:
        result = action(store)
    except PartnerNotFound as exc:
        raise _error(str(exc), 1)
    except ValueError as exc:
        raise _usage(str(exc))
    finally:
        store.close()
    if as_json:
        print(_dump(result))
    else:
        _print_partner(result)


@partners_app.command("list")
def list_partners(
    text: Annotated[Optional[str], typer.Argument(help="Only partners with a name or alias containing this")] = None,
    country: Annotated[Optional[str], typer.Option("--country", help="ISO code or country name")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List every partner once, with aliases and activity counts (most mentioned first)."""
    code = None
    if country:
        from extractor.values.country import country_code
        code = country_code(country)
        if not code:
            raise _usage(f"unknown country '{country}'")
    store = _store(db)
    try:
        rows = store.list_partners(text, code)
    finally:
        store.close()
    if as_json:
        print(_dump(rows))
        return
    table = Table(title=f"{len(rows)} partners")
    for col in ("id", "name", "acronym", "country", "type", "activities", "years", "aliases"):
        table.add_column(col, overflow="fold")
    for p in rows:
        years = "" if p["first_year"] is None else f"{p['first_year']}–{p['last_year']}"
        table.add_row(str(p["id"]), p["name"], p["acronym"] or "", p["country"] or "", p["type"] or "",
                      str(p["activities"]), years, "; ".join(a for a in p["aliases"] if a != p["name"]))
    out.print(table)


@partners_app.command("show")
def show_partner(
    partner: Annotated[str, typer.Argument(metavar="PARTNER", help="Id, name, acronym or alias")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one partner: aliases, years, activities, curation decisions."""
    _run(db, lambda s: s.get_partner(partner), as_json)


@partners_app.command("merge")
def merge_partners(
    sources: Annotated[list[str], typer.Argument(metavar="SOURCE...", help="Partners to fold in (id or alias)")],
    into: Annotated[str, typer.Option("--into", metavar="TARGET", help="The partner that remains")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Merge partners into one; their aliases and future mentions go to TARGET."""
    _run(db, lambda s: s.merge_partners(list(sources), into), as_json)


@partners_app.command("rename")
def rename_partner(
    partner: Annotated[str, typer.Argument(metavar="PARTNER", help="Id, name, acronym or alias")],
    name: Annotated[str, typer.Argument(metavar="NEW_NAME")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Give a partner its canonical name (the old names stay aliases)."""
    _run(db, lambda s: s.rename_partner(partner, name), as_json)


@partners_app.command("set-country")
def set_country(
    partner: Annotated[str, typer.Argument(metavar="PARTNER", help="Id, name, acronym or alias")],
    country: Annotated[str, typer.Argument(metavar="COUNTRY", help="ISO code or name; 'none' for none")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Set a partner's home country ('none' for a multilateral body)."""
    code = None
    if country.strip().lower() not in ("none", "-", ""):
        from extractor.values.country import country_code
        code = country_code(country)
        if not code:
            raise _usage(f"unknown country '{country}'")
    _run(db, lambda s: s.set_partner_country(partner, code), as_json)


def register(app: typer.Typer) -> None:
    app.add_typer(partners_app, name="partners")
