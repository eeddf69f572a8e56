"""What the pages and the API show, computed from the public Store API only (read-only)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from extractor.model import ACTIVITY_KINDS
from extractor.store import SearchQuery, Store, parse_bound
from extractor.store.search import normalise_key

PAGE_SIZE = 20
MAX_LIMIT = 1000


class BadQuery(ValueError):
    """A search parameter that cannot be understood (message in Spanish, shown to the user)."""


@dataclass
class SearchParams:
    """The filters of ``extractor search`` as URL query parameters (values repeat for OR)."""

    q: str | None = None
    kind: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    partner: list[str] = field(default_factory=list)
    regional: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"

    def pairs(self) -> list[tuple[str, str]]:
        """URL query pairs (empty values left out), in a stable order."""
        out: list[tuple[str, str]] = [("q", self.q)] if self.q else []
        for name in ("kind", "country", "partner", "regional"):
            out += [(name, v) for v in getattr(self, name) if v]
        out += [(k, v) for k, v in (("from", self.date_from), ("to", self.date_to)) if v]
        if self.sort != "relevance":
            out.append(("sort", self.sort))
        return out

    def to_query(self, limit: int | None = PAGE_SIZE, offset: int = 0) -> SearchQuery:
        from extractor.values.country import country_code
        from extractor.values.department import department_code

        for k in self.kind:
            if k not in ACTIVITY_KINDS:
                raise BadQuery(f"tipo desconocido «{k}»; uno de: {', '.join(ACTIVITY_KINDS)}")
        countries = []
        for c in self.country:
            code = country_code(c)
            if not code:
                raise BadQuery(f"país desconocido «{c}»")
            countries.append(code)
        regionales = []
        for r in self.regional:
            code = department_code(r)
            if not code:
                raise BadQuery(f"regional desconocida «{r}» (nombre de departamento o código ISO 3166-2:CO)")
            regionales.append(code)
        try:
            start = parse_bound(self.date_from, end=False) if self.date_from else None
            end = parse_bound(self.date_to, end=True) if self.date_to else None
        except ValueError as exc:
            raise BadQuery(f"fecha no válida: {exc}") from None
        if self.sort not in ("relevance", "date"):
            raise BadQuery("sort admite relevance o date")
        return SearchQuery(text=self.q or None, kinds=list(self.kind), countries=countries,
                           partners=list(self.partner), regionales=regionales, date_from=start, date_to=end,
                           sort=self.sort, limit=limit, offset=offset)


# --- overview -----------------------------------------------------------------------------------------------

DIMENSIONS = ("country", "kind", "regional")
METRICS = ("activities", "beneficiaries")


def _year(rec: dict[str, Any], periods: dict[str, str | None]) -> str | None:
    """The activity's year: its own dates, else its bulletin's period (as the store's year facet does)."""
    when = rec.get("date_start") or rec.get("date_end") or periods.get(rec.get("document", ""))
    return when[:4] if when else None


def overview(store: Store, query: SearchQuery) -> dict[str, Any]:
    """Activities and beneficiaries per year, by country, kind and regional, over the activities ``query`` finds.

    An activity counts once in each country (or regional) it names, so a dimension's categories can add up to
    more than the total; activities without a year are counted in ``undated``.
    """
    records = store.search(replace(query, limit=None, offset=0, facet_limit=1)).results
    periods = {d["document"]: d.get("period_start") or d.get("period_end") for d in store.list_documents()}
    tables: dict[str, dict[str, dict[str, dict[str, int]]]] = {
        d: {m: defaultdict(lambda: defaultdict(int)) for m in METRICS} for d in DIMENSIONS}
    totals: dict[str, dict[str, int]] = {m: defaultdict(int) for m in METRICS}
    undated = 0
    for rec in records:
        year = _year(rec, periods)
        if year is None:
            undated += 1
            continue
        people = rec.get("beneficiaries") or 0
        totals["activities"][year] += 1
        totals["beneficiaries"][year] += people
        for dim, cats in (("country", rec.get("countries") or []), ("kind", [rec.get("kind") or "other"]),
                          ("regional", rec.get("regionales") or [])):
            for cat in dict.fromkeys(cats):
                tables[dim]["activities"][cat][year] += 1
                if people:
                    tables[dim]["beneficiaries"][cat][year] += people
    plain = {d: {m: {c: dict(sorted(y.items())) for c, y in tables[d][m].items()} for m in METRICS}
             for d in DIMENSIONS}
    return {"activities": len(records), "undated": undated,
            "years": sorted(totals["activities"]),
            "totals": {m: dict(sorted(totals[m].items())) for m in METRICS},
            "by": plain}


# --- partners -----------------------------------------------------------------------------------------------

def _date_key(rec: dict[str, Any], periods: dict[str, str | None]) -> str:
    return rec.get("date_start") or rec.get("date_end") or periods.get(rec.get("document", "")) or "9999"


def partner_profile(store: Store, name: str) -> dict[str, Any] | None:
    """A partner of the registry by its canonical name (or any name it was written under): its aliases,
    country, type and its activities in date order; None when no activity names it.

    Built from activity records (their ``partner_id``/``canonical``), as the Store has no registry read API yet.
    """
    key = normalise_key(name)
    if not key:
        return None
    hits = store.search(SearchQuery(partners=[name], limit=None, facet_limit=1)).results
    matched: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
    for rec in hits:
        full = store.get_activity(rec["id"])
        entries = [p for p in (full or {}).get("partners", [])
                   if key in {normalise_key(p.get("canonical") or ""), normalise_key(p.get("name") or ""),
                              normalise_key(p.get("acronym") or "")}]
        if full and entries:
            matched.append((full, entries))
    if not matched:
        return None
    ids = Counter(p.get("partner_id") for _, es in matched for p in es)
    pid = ids.most_common(1)[0][0]
    mine = [(rec, [p for p in es if p.get("partner_id") == pid]) for rec, es in matched]
    mine = [(rec, es) for rec, es in mine if es]
    entries = [p for _, es in mine for p in es]
    canonical = entries[0].get("canonical") or entries[0].get("name")
    aliases = [a for a in dict.fromkeys(x for p in entries for x in (p.get("name"), p.get("acronym")) if x)
               if a != canonical]
    countries = Counter(p["country"] for p in entries if p.get("country"))
    types = Counter(p["type"] for p in entries if p.get("type"))
    periods = {d["document"]: d.get("period_start") or d.get("period_end") for d in store.list_documents()}
    activities = sorted((rec for rec, _ in mine), key=lambda r: (_date_key(r, periods), r["id"]))
    for rec in activities:
        rec["year"] = _year(rec, periods)
    return {"partner_id": pid, "name": canonical, "aliases": aliases,
            "country": countries.most_common(1)[0][0] if countries else None,
            "type": types.most_common(1)[0][0] if types else None,
            "activities": [{k: v for k, v in rec.items() if k not in ("text", "values", "passage", "document_info")}
                           for rec in activities]}
