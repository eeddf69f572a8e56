"""Server-side rendering helpers: evidence highlighting, search snippets and SVG bar charts.

Everything returned as ``Markup`` is built from escaped pieces, so text from bulletins or queries can never
become markup.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from extractor.store.search import fold, query_terms, word_forms
from extractor.web.labels import field_label

SNIPPET_CHARS = 240
_WORD = re.compile(r"[^\W_]+")


# --- evidence ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Span:
    start: int
    end: int
    field: str
    value: str
    anchor: str
    page: int | None = None


def evidence_spans(record: dict[str, Any]) -> list[Span]:
    """Every value's evidence span of an activity record (``values`` plus partners' own evidence)."""
    spans: list[Span] = []
    seen: set[tuple[int, int, str]] = set()
    items = [(v.get("field", ""), str(v.get("value", "")), v.get("evidence")) for v in record.get("values") or []]
    items += [("partner", p.get("name", ""), p.get("evidence")) for p in record.get("partners") or []]
    for field, value, ev in items:
        if not ev or ev.get("start") is None or ev.get("end") is None:
            continue
        key = (int(ev["start"]), int(ev["end"]), field)
        if key in seen or key[1] <= key[0]:
            continue
        seen.add(key)
        spans.append(Span(key[0], key[1], field, value, f"ev-{len(spans) + 1}", ev.get("page")))
    return sorted(spans, key=lambda s: (s.start, s.end))


def highlight_passage(text: str, offset: int, spans: list[Span]) -> Markup:
    """``text`` (which starts at document offset ``offset``) with each span wrapped in a ``<mark>``.

    Overlapping spans are cut at every boundary; a piece covered by several spans carries all their fields.
    """
    end = offset + len(text)
    inside = [s for s in spans if s.start < end and s.end > offset]
    cuts = sorted({offset, end, *(max(offset, min(end, p)) for s in inside for p in (s.start, s.end))})
    out: list[str] = []
    anchored: set[str] = set()
    for a, b in zip(cuts, cuts[1:]):
        piece = escape(text[a - offset:b - offset])
        covering = [s for s in inside if s.start <= a and s.end >= b]
        if not covering:
            out.append(piece)
            continue
        fields = sorted({s.field for s in covering})
        title = "; ".join(f"{field_label(s.field)}: {s.value}" for s in covering)
        classes = " ".join(["ev", *(f"ev-{f}" for f in fields)])
        new = [s.anchor for s in covering if s.anchor not in anchored]
        anchored.update(new)
        ident = Markup(' id="{}"').format(new[0]) if new else Markup("")
        out.append(Markup('<mark class="{}" data-fields="{}" title="{}"{}>{}</mark>').format(
            classes, " ".join(fields), title, ident, piece))
    return Markup("").join(out)


def passage_window(record: dict[str, Any], spans: list[Span]) -> tuple[int, int]:
    """Document offsets of the passage to show: the item's evidence, widened to hold every value's span."""
    ev = record.get("evidence") or {}
    starts = [int(ev.get("start") or 0), *(s.start for s in spans)]
    ends = [int(ev.get("end") or 0), *(s.end for s in spans)]
    return min(starts), max(ends)


# --- search snippets -----------------------------------------------------------------------------------------

def _matcher(query: str | None):
    terms = query_terms(query)
    forms = {f for t in terms for f in word_forms(t)}

    def matches(word: str) -> bool:
        w = fold(word)
        if any(w == t or (len(t) >= 4 and w.startswith(t)) for t in terms):
            return True
        return bool(forms.intersection(word_forms(w)))
    return matches if terms else None


def snippet(text: str, query: str | None, size: int = SNIPPET_CHARS) -> Markup:
    """A window of ``text`` around the first word matching the query, matching words in ``<mark>``."""
    text = " ".join((text or "").split())
    matches = _matcher(query)
    hits = [m for m in _WORD.finditer(text) if matches and matches(m.group())]
    start = 0
    if hits and hits[0].start() > size // 3:
        start = text.rfind(" ", 0, hits[0].start() - size // 4) + 1
    stop = min(len(text), start + size)
    if stop < len(text):
        stop = max(text.rfind(" ", start, stop), start + size // 2)
    out: list[str] = [Markup("… ") if start else Markup("")]
    pos = start
    for m in hits:
        if m.start() < start or m.end() > stop:
            continue
        out += [escape(text[pos:m.start()]), Markup("<mark>{}</mark>").format(m.group())]
        pos = m.end()
    out.append(escape(text[pos:stop]))
    if stop < len(text):
        out.append(Markup(" …"))
    return Markup("").join(out)


# --- charts -------------------------------------------------------------------------------------------------

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22",
           "#7f7f7f")
OTHERS = "Otros"


def _nice_step(value: float, ticks: int = 5) -> float:
    """A round gridline step (1, 2 or 5 times a power of ten) giving at most ``ticks`` steps up to ``value``."""
    if value <= 0:
        return 1
    raw = value / ticks
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)


def top_series(table: dict[str, dict[str, float]], keep: int = len(PALETTE) - 1) -> dict[str, dict[str, float]]:
    """``{category: {year: value}}`` with the ``keep`` largest categories and the rest summed as ``Otros``."""
    ranked = sorted(table, key=lambda c: (-sum(table[c].values()), c))
    out = {c: dict(table[c]) for c in ranked[:keep]}
    rest: dict[str, float] = {}
    for c in ranked[keep:]:
        for year, v in table[c].items():
            rest[year] = rest.get(year, 0) + v
    if rest:
        out[OTHERS] = rest
    return out


def colour_map(categories: list[str], previous: dict[str, str] | None = None) -> dict[str, str]:
    """A palette colour per category, keeping the colours ``previous`` gave (so related charts agree)."""
    out = {c: (previous or {})[c] for c in categories if c in (previous or {})}
    free = [p for p in PALETTE[:-1] if p not in out.values()]
    for c in categories:
        if c not in out:
            out[c] = PALETTE[-1] if c == OTHERS or not free else free.pop(0)
    return out


def bar_chart(series: dict[str, dict[str, float]], labels: dict[str, str], title: str, chart_id: str,
              colours: dict[str, str] | None = None, width: int = 720, height: int = 300) -> Markup:
    """A stacked bar chart as inline SVG: one bar per year, one coloured segment per category."""
    years = sorted({y for per_year in series.values() for y in per_year})
    if not years:
        return Markup('<p class="empty">Sin datos para este gráfico.</p>')
    left, right, top, bottom = 56, 12, 16, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = {y: sum(per_year.get(y, 0) for per_year in series.values()) for y in years}
    step = _nice_step(max(totals.values()))
    steps = max(1, math.ceil(max(totals.values()) / step))
    ymax = step * steps
    slot = plot_w / len(years)
    bar_w = min(64.0, slot * 0.7)
    colours = colours or colour_map(list(series))
    parts: list[Markup] = [Markup(
        '<svg class="chart" id="{}" role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">').format(
        chart_id, title, width, height)]
    for i in range(steps + 1):   # gridlines with their values
        v = step * i
        y = top + plot_h - plot_h * i / steps
        parts.append(Markup('<line class="grid" x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}"/>'
                            '<text class="tick" x="{}" y="{:.1f}" text-anchor="end">{}</text>').format(
            left, width - right, y, y, left - 6, y + 4, f"{v:,.0f}".replace(",", ".")))
    for j, year in enumerate(years):
        x = left + slot * j + (slot - bar_w) / 2
        base = top + plot_h
        for cat, per_year in series.items():
            v = per_year.get(year, 0)
            if not v:
                continue
            h = plot_h * v / ymax
            base -= h
            parts.append(Markup(
                '<rect class="bar" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}" fill="{}" data-year="{}" '
                'data-category="{}" data-value="{}"><title>{} · {}: {}</title></rect>').format(
                x, base, bar_w, h, colours[cat], year, cat, f"{v:g}", year, labels.get(cat, cat), f"{v:g}"))
        parts.append(Markup('<text class="tick" x="{:.1f}" y="{}" text-anchor="middle">{}</text>').format(
            x + bar_w / 2, height - 8, year))
    parts.append(Markup("</svg>"))
    legend = [Markup('<li><span class="swatch" style="background:{}"></span>{}</li>').format(
        colours[c], labels.get(c, c)) for c in series]
    return Markup("<figure>{}<figcaption><strong>{}</strong><ul class=\"legend\">{}</ul></figcaption></figure>").format(
        Markup("").join(parts), title, Markup("").join(legend))
