"""The researchers' web app: Spanish HTML pages rendered on the server and the JSON API behind them.

Read-only over the store. No JavaScript is needed: facets are links, charts are inline SVG.
"""

from __future__ import annotations

import io
import json
import mimetypes
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from extractor.store import DocumentNotFound, Store, open_store, write_csv
from extractor.web import render
from extractor.web.data import (DIMENSIONS, MAX_LIMIT, PAGE_SIZE, BadQuery, SearchParams, overview,
                                partner_profile)
from extractor.web.labels import (FACET_LABELS, STATUS_LABELS, country_label, facet_value_label, field_label,
                                  kind_label, regional_label, value_label)

HERE = Path(__file__).parent
FACET_SHOWN = 8          # facet values listed before "ver todos"


def search_params(
    q: Annotated[str | None, Query(description="Palabras a buscar (sin distinguir tildes ni plurales)")] = None,
    kind: Annotated[list[str], Query(description="Tipo de actividad (repetible)")] = [],  # noqa: B006
    country: Annotated[list[str], Query(description="Código ISO o nombre de país (repetible)")] = [],  # noqa: B006
    partner: Annotated[list[str], Query(description="Nombre o alias de un socio (repetible)")] = [],  # noqa: B006
    regional: Annotated[list[str], Query(description="Código ISO 3166-2:CO o departamento (repetible)")] = [],  # noqa: B006
    date_from: Annotated[str | None, Query(alias="from", description="YYYY, YYYY-MM o YYYY-MM-DD")] = None,
    date_to: Annotated[str | None, Query(alias="to", description="YYYY, YYYY-MM o YYYY-MM-DD")] = None,
    sort: Annotated[str, Query(description="relevance o date")] = "relevance",
) -> SearchParams:
    return SearchParams(q=(q or "").strip() or None, kind=kind, country=country, partner=partner,
                        regional=regional, date_from=date_from or None, date_to=date_to or None, sort=sort)


Params = Annotated[SearchParams, Depends(search_params)]


def _query_or_422(params: SearchParams, limit: int | None = PAGE_SIZE, offset: int = 0):
    try:
        return params.to_query(limit=limit, offset=offset)
    except BadQuery as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from None


def _url(path: str, pairs: list[tuple[str, str]]) -> str:
    return f"{path}?{urlencode(pairs)}" if pairs else path


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True,
                      lstrip_blocks=True)
    env.filters.update(kind=kind_label, country=country_label, regional=regional_label, field=field_label,
                       status=lambda s: STATUS_LABELS.get(s or "", s or ""), urlpart=lambda s: quote(str(s), safe=""))
    env.globals.update(facet_labels=FACET_LABELS, value_label=value_label)
    return env


def create_app(db: str | None = None, store: Store | None = None) -> FastAPI:
    """The app over the store at ``db`` (path or URL; see ``open_store``), or over an open ``store``."""
    store = store or open_store(db)
    # Many searches in one process: answer them from an in-memory copy of the store while it is current
    # (store/search_index.py), built now in the background; until then, and after each write until it is
    # rebuilt, the database answers.
    store.use_search_index(background=True).warm()
    app = FastAPI(title="extractor", version="1", docs_url=None, redoc_url=None,
                  description="Consulta de solo lectura de las actividades de cooperación internacional del SENA "
                              "extraídas de sus boletines. Las páginas HTML usan esta misma API.")
    app.state.store = store
    templates = Jinja2Templates(env=_environment())
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status)

    def not_found(request: Request, message: str) -> HTMLResponse:
        return page(request, "error.html", 404, title="No encontrado", message=message)

    # --- JSON API ------------------------------------------------------------------------------------------

    @app.get("/api/search", tags=["api"], summary="Buscar actividades (JSON de CONTRACT §4)")
    def api_search(params: Params, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = PAGE_SIZE,
                   offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
        """`{"total", "results": [registros §1], "facets": {kind, country, partner, regional, year}}`."""
        return store.search(_query_or_422(params, limit, offset)).to_dict()

    @app.get("/api/search.csv", tags=["api"], summary="Descargar todo el resultado como CSV",
             response_class=PlainTextResponse)
    def api_search_csv(params: Params) -> Response:
        records = store.search(_query_or_422(params, None)).results
        buf = io.StringIO()
        write_csv(records, buf)
        return Response(buf.getvalue(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="actividades.csv"'})

    @app.get("/api/search.json", tags=["api"], summary="Descargar todo el resultado como JSON")
    def api_search_download(params: Params) -> Response:
        result = store.search(_query_or_422(params, None)).to_dict()
        return Response(json.dumps(result, ensure_ascii=False), media_type="application/json",
                        headers={"Content-Disposition": 'attachment; filename="actividades.json"'})

    @app.get("/api/activities/{activity_id}", tags=["api"], summary="Una actividad con su evidencia")
    def api_activity(activity_id: int) -> dict[str, Any]:
        """El registro §1 más `text`, `values` (cada valor con su evidencia), `passage` y `document_info`."""
        rec = store.get_activity(activity_id)
        if rec is None:
            raise HTTPException(404, f"no hay actividad {activity_id}")
        return rec

    @app.get("/api/documents", tags=["api"], summary="Documentos del almacén")
    def api_documents(status: str | None = None) -> list[dict[str, Any]]:
        return store.list_documents(status)

    @app.get("/api/documents/{name:path}/text", tags=["api"], response_class=PlainTextResponse,
             summary="Texto extraído (offsets de la evidencia, CONTRACT §3)")
    def api_document_text(name: str) -> str:
        try:
            return store.document_text(name)
        except DocumentNotFound as exc:
            raise HTTPException(404, str(exc)) from None

    @app.get("/api/documents/{name:path}", tags=["api"], summary="Un documento y sus actividades")
    def api_document(name: str) -> dict[str, Any]:
        doc = store.find_document(name)
        if doc is None:
            raise HTTPException(404, f"no hay documento {name!r}")
        return doc | {"records": list(store.export_activities([doc["document"]]))}

    @app.get("/api/partners/{name:path}", tags=["api"], summary="Un socio: alias, país, tipo y actividades")
    def api_partner(name: str) -> dict[str, Any]:
        profile = partner_profile(store, name)
        if profile is None:
            raise HTTPException(404, f"no hay socio {name!r}")
        return profile

    @app.get("/api/overview", tags=["api"], summary="Actividades y beneficiarios por año")
    def api_overview(params: Params) -> dict[str, Any]:
        """Por año y por país, tipo y regional (`by[dimensión][activities|beneficiaries][categoría][año]`),
        sobre las actividades que encuentran los mismos filtros de `/api/search`."""
        return overview(store, _query_or_422(params, None))

    # --- pages ---------------------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, params: Params, pagina: Annotated[int, Query(ge=1)] = 1) -> HTMLResponse:
        try:
            query = params.to_query(limit=PAGE_SIZE, offset=(pagina - 1) * PAGE_SIZE)
        except BadQuery as exc:
            return page(request, "search.html", 400, params=params, error=str(exc), result=None)
        result = store.search(query)
        rows = []
        for rec in result.results:
            full = store.get_activity(rec["id"]) or {}
            rows.append({"rec": rec, "snippet": render.snippet(full.get("text") or rec["title"], params.q)})
        pairs = params.pairs()
        pages = max(1, -(-result.total // PAGE_SIZE))
        return page(request, "search.html", params=params, error=None, result=result, rows=rows,
                    facets=_facet_view(result.facets, params), active=_active_filters(params),
                    pagina=pagina, pages=pages,
                    prev_url=_url("/", pairs + [("pagina", str(pagina - 1))]) if pagina > 1 else None,
                    next_url=_url("/", pairs + [("pagina", str(pagina + 1))]) if pagina < pages else None,
                    csv_url=_url("/api/search.csv", pairs), json_url=_url("/api/search.json", pairs),
                    overview_url=_url("/panorama", pairs))

    @app.get("/actividad/{activity_id}", response_class=HTMLResponse, include_in_schema=False)
    def activity_page(request: Request, activity_id: int) -> HTMLResponse:
        rec = store.get_activity(activity_id)
        if rec is None:
            return not_found(request, f"No hay ninguna actividad {activity_id}.")
        spans = render.evidence_spans(rec)
        start, end = render.passage_window(rec, spans)
        try:
            text = store.document_text(rec["document"])[start:end]
        except DocumentNotFound:
            text, start = rec.get("passage") or "", rec["evidence"]["start"]
        doc = rec.get("document_info") or {}
        return page(request, "activity.html", rec=rec, spans=spans,
                    passage=render.highlight_passage(text, start, spans),
                    fields_present=sorted({s.field for s in spans}),
                    has_file=_original(doc) is not None, doc=doc)

    @app.get("/socio/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def partner_page(request: Request, name: str) -> HTMLResponse:
        profile = partner_profile(store, name)
        if profile is None:
            return not_found(request, f"No hay ningún socio «{name}».")
        by_year: dict[str, list[dict[str, Any]]] = {}
        for rec in profile["activities"]:
            by_year.setdefault(rec.get("year") or "sin fecha", []).append(rec)
        return page(request, "partner.html", p=profile, by_year=by_year)

    @app.get("/documentos", response_class=HTMLResponse, include_in_schema=False)
    def documents_page(request: Request) -> HTMLResponse:
        return page(request, "documents.html", docs=store.list_documents())

    @app.get("/documento/{name:path}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, name: str) -> HTMLResponse:
        doc = store.find_document(name)
        if doc is None:
            return not_found(request, f"No hay ningún documento «{name}».")
        records = list(store.export_activities([doc["document"]]))
        return page(request, "document.html", doc=doc, records=records, has_file=_original(doc) is not None)

    @app.get("/original/{name:path}", include_in_schema=False)
    def original_file(request: Request, name: str) -> Response:
        doc = store.find_document(name)
        path = _original(doc) if doc else None
        if path is None:
            return not_found(request, f"El archivo original de «{name}» ya no está en su ruta guardada.")
        media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return FileResponse(path, media_type=media, filename=path.name, content_disposition_type="inline")

    @app.get("/panorama", response_class=HTMLResponse, include_in_schema=False)
    def overview_page(request: Request, params: Params) -> HTMLResponse:
        try:
            query = params.to_query(limit=None)
        except BadQuery as exc:
            return page(request, "error.html", 400, title="Consulta no válida", message=str(exc))
        data = overview(store, query)
        charts = _charts(data)
        return page(request, "overview.html", data=data, charts=charts, params=params,
                    active=_active_filters(params, "/panorama"), search_url=_url("/", params.pairs()),
                    json_url=_url("/api/overview", params.pairs()))

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page(request: Request) -> HTMLResponse:
        return page(request, "api.html", spec=app.openapi())

    return app


def _original(doc: dict[str, Any] | None) -> Path | None:
    """The stored path of the document's original file, if a file is still there (never a user-given path)."""
    raw = (doc or {}).get("path")
    if not raw:
        return None
    path = Path(raw).expanduser()
    return path if path.is_file() else None


def _facet_view(facets: dict[str, dict[str, int]], params: SearchParams) -> list[dict[str, Any]]:
    """Each facet's values with counts and the link that adds it to the current filters."""
    base = [(k, v) for k, v in params.pairs()]
    chosen = {"kind": params.kind, "country": params.country, "partner": params.partner,
              "regional": params.regional}
    out = []
    for name in ("kind", "country", "partner", "regional", "year"):
        values = []
        for value, count in (facets.get(name) or {}).items():
            value = str(value)
            if name == "year":
                pairs = [p for p in base if p[0] not in ("from", "to")] + [("from", value), ("to", value)]
                active = params.date_from == value and params.date_to == value
            else:
                active = value in chosen[name]
                pairs = base + ([] if active else [(name, value)])
            values.append({"value": value, "label": facet_value_label(name, value), "count": count,
                           "url": _url("/", pairs), "active": active})
        if name == "year":
            values.sort(key=lambda v: v["value"], reverse=True)
        out.append({"name": name, "label": FACET_LABELS[name], "shown": values[:FACET_SHOWN],
                    "more": values[FACET_SHOWN:]})
    return out


def _active_filters(params: SearchParams, path: str = "/") -> list[dict[str, str]]:
    """The filters in force, each with the link that removes it."""
    pairs = params.pairs()
    out = []
    for i, (name, value) in enumerate(pairs):
        if name in ("q", "sort"):
            continue
        label = {"from": "desde", "to": "hasta"}.get(name) or FACET_LABELS.get(name, name)
        out.append({"label": f"{label}: {facet_value_label(name, value)}",
                    "url": _url(path, pairs[:i] + pairs[i + 1:])})
    return out


CHART_TITLES = {"country": "por país", "kind": "por tipo", "regional": "por regional"}
METRIC_TITLES = {"activities": "Actividades", "beneficiaries": "Beneficiarios"}


def _charts(data: dict[str, Any]) -> list[dict[str, Any]]:
    charts = []
    for dim in DIMENSIONS:
        colours: dict[str, str] = {}
        for metric in ("activities", "beneficiaries"):
            series = render.top_series(data["by"][dim][metric])
            colours = render.colour_map(list(series), colours)
            labels = {c: facet_value_label(dim, c) for c in series}
            title = f"{METRIC_TITLES[metric]} por año, {CHART_TITLES[dim]}"
            charts.append({"dim": dim, "metric": metric, "title": title,
                           "svg": render.bar_chart(series, labels, title, f"chart-{dim}-{metric}", colours)})
    return charts
