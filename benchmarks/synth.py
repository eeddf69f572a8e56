"""Synthetic bulletins for the benchmarks, scaled up from the fixture corpus' own generator.

Items (with their fields, partners, dates, tables) are sampled from the ten hand-written bulletins in
corpus/build/content/ and re-assembled into new bulletins of any length and period; they are rendered by
corpus/build/make_corpus.py's renderers (two-column and one-column PDF, DOCX with styles, plain or tables),
plus an image-only "scanned" PDF without the corpus' 4-page cap. Deterministic for a given seed.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "corpus" / "build"
sys.path[:0] = [str(BUILD), str(ROOT / "src"), str(ROOT)]

import make_corpus  # noqa: E402
from spec import Bulletin, Item, Section  # noqa: E402

QUARTERS = [("01-01", "03-31", "Enero – marzo"), ("04-01", "06-30", "Abril – junio"),
            ("07-01", "09-30", "Julio – septiembre"), ("10-01", "12-31", "Octubre – diciembre")]


@lru_cache(maxsize=1)
def corpus_bulletins() -> tuple[Bulletin, ...]:
    from reportlab import rl_config
    rl_config.invariant = 1
    return tuple(make_corpus.load_bulletins())


@lru_cache(maxsize=1)
def _pool() -> tuple[list[tuple[str, str, Item]], list[Section]]:
    """(section heading, kind, item) for every prose item, and every table section."""
    prose, tables = [], []
    for bul in corpus_bulletins():
        for sec in bul.sections:
            if sec.columns:
                tables.append(sec)
            else:
                prose += [(sec.heading, sec.kind, it) for it in sec.items]
    return prose, tables


def make_bulletin(seed: int, items: int, *, tables: bool = False, name: str | None = None) -> Bulletin:
    """A bulletin of about ``items`` prose items grouped into sections by kind (and, with ``tables``, the
    corpus' table sections too), for a quarter picked by ``seed``."""
    rng = random.Random(seed)
    prose, table_secs = _pool()
    picked = [rng.choice(prose) for _ in range(items)]
    by_heading: dict[str, tuple[str, list[Item]]] = {}
    for heading, kind, it in picked:
        by_heading.setdefault(heading, (kind, []))[1].append(it)
    sections = [Section(h, kind, its, intro=[]) for h, (kind, its) in by_heading.items()]
    rng.shuffle(sections)
    if tables:
        sections += [replace(s) for s in table_secs]
    year = rng.randint(2015, 2026)
    start, end, label = rng.choice(QUARTERS)
    base = rng.choice(corpus_bulletins())
    return Bulletin(
        name=name or f"sintetico_{seed:05d}", ext="pdf", style="", title="Boletín de Cooperación Internacional",
        period=(f"{year}-{start}", f"{year}-{end}"), sections=sections,
        masthead=["Servicio Nacional de Aprendizaje SENA", "Dirección de Relaciones Internacionales"],
        subtitle=f"{label} de {year}", preface=base.preface[:1], closing=base.closing[:1],
        running_header=f"Boletín de Cooperación Internacional · {label} {year}")


def pdf_pages(path: Path) -> int:
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def text_pdf(path: Path, seed: int, items: int) -> Path:
    """Even seeds: two-column layout; odd seeds: one column."""
    bul = make_bulletin(seed, items, name=path.stem)
    if seed % 2 == 0:
        make_corpus.render_pdf_two_columns(bul, path)
    else:
        make_corpus.render_pdf_one_column(bul, path)
    return path


def docx(path: Path, seed: int, items: int) -> Path:
    """Styled headings, bold plain headings or styled with tables, by seed."""
    bul = make_bulletin(seed, items, tables=seed % 3 == 2, name=path.stem)
    bul.style = ("headings", "plain", "tables")[seed % 3]
    make_corpus.render_docx(bul, path)
    return path


def docx_pages(path: Path) -> int:
    """Page count of a DOCX as LibreOffice lays it out (slow: used once to calibrate sizes)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                        "pdf", "--outdir", tmp, str(path)], check=True, capture_output=True, timeout=180)
        return pdf_pages(Path(tmp) / f"{path.stem}.pdf")


def scanned_pdf(path: Path, seed: int, items: int, dpi: int = 200) -> tuple[Path, list[Path]]:
    """Image-only PDF (one-column bulletin rasterised at ``dpi``, grayscale, light noise); also returns the
    page images (PNG, beside the PDF) for the bare-Tesseract comparison."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    bul = make_bulletin(seed, items, name=path.stem)
    img_dir = path.with_suffix("")
    img_dir.mkdir(parents=True, exist_ok=True)
    src = img_dir / "src.pdf"
    make_corpus.render_pdf_one_column(bul, src, base_size=12.0)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-png", str(src), str(img_dir / "pg")],
                   check=True, capture_output=True, timeout=300)
    pages, pngs = [], []
    for png in sorted(img_dir.glob("pg-*.png")):
        arr = np.asarray(Image.open(png).convert("L"), dtype=np.int16)
        arr = arr - 12 + rng.normal(0, 7, arr.shape).astype(np.int16)
        im = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
        im.save(png, dpi=(dpi, dpi))
        pages.append(im)
        pngs.append(png)
    src.unlink()
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:], resolution=float(dpi), quality=60)
    return path, pngs


# --- vocabulary for search queries ----------------------------------------------------------------------

@lru_cache(maxsize=1)
def vocabulary() -> dict[str, list]:
    """Partners (names and acronyms), countries, regionales, years and title words of the corpus gold."""
    from spec import gold_record
    partners, countries, regionales, cities, titles = set(), set(), set(), set(), []
    for bul in corpus_bulletins():
        for sec in bul.sections:
            for it in sec.items:
                g = gold_record(sec, it)
                titles.append(g["title"])
                countries.update(c for c in g["countries"] if len(c) == 2)
                regionales.update(g["regionales"])
                cities.update(g["cities"])
                for p in g["partners"]:
                    partners.add(p["name"])
                    if p.get("acronym"):
                        partners.add(p["acronym"])
    return {"partners": sorted(partners), "countries": sorted(countries), "regionales": sorted(regionales),
            "cities": sorted(cities), "titles": titles}
