"""Spanish display names for kinds, fields, countries and regional offices."""

from __future__ import annotations

from functools import lru_cache

KIND_LABELS: dict[str, str] = {
    "alliance": "Alianza",
    "mobility_out": "Movilidad saliente",
    "mobility_in": "Movilidad entrante",
    "training": "Formación",
    "event": "Evento",
    "delegation_visit": "Visita de delegación",
    "other": "Otra",
}

FIELD_LABELS: dict[str, str] = {
    "title": "Título", "kind": "Tipo", "partner": "Socio", "partners": "Socios", "country": "País",
    "countries": "Países", "city": "Ciudad", "cities": "Ciudades", "date": "Fecha", "beneficiaries": "Beneficiarios",
    "regional": "Regional", "regionales": "Regionales", "section": "Sección", "year": "Año",
}

FACET_LABELS: dict[str, str] = {"kind": "Tipo", "country": "País", "partner": "Socio", "regional": "Regional",
                                "year": "Año"}

STATUS_LABELS: dict[str, str] = {"ok": "leído", "partial": "parcial", "failed": "fallido"}


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", kind or "")


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field)


@lru_cache(maxsize=512)
def country_label(code: str | None) -> str:
    if not code:
        return ""
    from extractor.values.country import country_name
    return country_name(code, "es") or code


@lru_cache(maxsize=128)
def regional_label(code: str | None) -> str:
    if not code:
        return ""
    from extractor.values.department import department_name
    return department_name(code) or code


def facet_value_label(facet: str, value: str) -> str:
    return {"kind": kind_label, "country": country_label, "regional": regional_label}.get(facet, str)(value)


def value_label(field: str, value: str) -> str:
    """A stored value as a reader wants it: names for codes, Spanish-style date ranges."""
    if field == "date" and "/" in value:
        start, _, end = value.partition("/")
        return start if start == end else f"{start or '…'} – {end or '…'}"
    return {"country": country_label, "regional": regional_label}.get(field, str)(value)
