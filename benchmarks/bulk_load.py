"""Bulk loader: fill a store with N synthetic activities by inserting rows straight into the project's tables.

    .venv/bin/python benchmarks/bulk_load.py --db URL_OR_PATH --activities 100000

The normal save path (``Store.save_document``) runs the partner registry per mention and commits per
document, so a million activities through it would take hours; this loader writes the same tables
(documents, activities, partners, partner_aliases, activity_partners, activity_countries,
activity_regionales) and the backend's text index (SQLite FTS5 ``activity_fts`` with the same stem column
the store writes; PostgreSQL ``activity_fts_pg`` tsvectors built by the server with the store's expression)
in large batches. Activities are corpus items (title, text, kind, countries, regionales, partners) with a
random year 2010–2026, an extra random partner/country/regional now and then, 40 per document.
The maintained facet counts (``facet_counts``, with the calendar-year ``span``/``spanlen`` rows the search
uses for date windows) are recounted at the end by ``aggregates.rebuild``, the same recount a migration and
``check_integrity`` use, so they equal what the save path would have kept.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime, timezone
from functools import lru_cache

from common import ROOT  # noqa: F401  (sets sys.path)

from sqlalchemy import insert, text

from extractor.store import open_store
from extractor.store.search import analyze, key_variants, normalise_key
from extractor.store.tables import (activities, activity_countries, activity_partners, activity_regionales,
                                    documents, partner_aliases, partners)

PER_DOC = 40
BATCH = 20_000
EXTRA_PARTNERS = 2_000       # registry partners beyond the corpus' own, as a ten-year archive would gather


@lru_cache(maxsize=1)
def templates() -> list[dict]:
    import synth
    from spec import gold_record
    out = []
    for bul in synth.corpus_bulletins():
        for sec in bul.sections:
            for it in sec.items:
                g = gold_record(sec, it)
                body = " ".join(b[-1] for b in it.blocks) if it.blocks else " ".join(it.row or [])
                out.append({"kind": g["kind"], "title": g["title"], "section": sec.heading,
                            "text": body.replace("**", ""), "countries": [c for c in g["countries"] if len(c) == 2],
                            "regionales": [r for r in g["regionales"] if r.startswith("CO-")],
                            "partners": [p["name"] for p in g["partners"]],
                            "ben": g["beneficiaries"] if isinstance(g["beneficiaries"], int) else None})
    return out


def _registry(conn) -> dict[str, int]:
    """Partners and their aliases (corpus names plus synthetic institutes); returns name → partner id."""
    import synth
    cities = synth.vocabulary()["cities"]
    names = list(dict.fromkeys([n for t in templates() for n in t["partners"]]))
    names += [f"Instituto Técnico {cities[i % len(cities)]} {i}" for i in range(EXTRA_PARTNERS)]
    ids: dict[str, int] = {}
    seen: set[str] = set()
    for name in names:
        key = normalise_key(name)
        if key and key not in seen:
            seen.add(key)
            ids[name] = len(ids) + 1
    conn.execute(insert(partners), [{"id": i, "name": nm, "key": normalise_key(nm), "country": None}
                                    for nm, i in ids.items()])
    aliases: dict[str, dict] = {}
    for nm, i in ids.items():
        for k in key_variants(nm):
            aliases.setdefault(k, {"partner_id": i, "alias": nm, "key": k, "source": "written"})
    conn.execute(insert(partner_aliases), list(aliases.values()))
    return ids


@lru_cache(maxsize=None)
def _stems(s: str) -> str:
    return " ".join(analyze(s))


def load(url: str, n: int, seed: int = 7) -> float:
    rng = random.Random(seed)
    started = time.perf_counter()
    store = open_store(url)
    backend = store.backend.name
    pg = store.engine.dialect.name == "postgresql"
    with store.engine.begin() as conn:
        pids = _registry(conn)
    all_partners = list(pids)
    vocab_countries = sorted({c for t in templates() for c in t["countries"]}) + ["US", "ES", "DE", "FR", "BR"]
    vocab_reg = sorted({r for t in templates() for r in t["regionales"]})
    now = datetime.now(timezone.utc)
    docs = (n + PER_DOC - 1) // PER_DOC
    act_id = 0
    with store.engine.begin() as conn:
        if pg:
            conn.exec_driver_sql("CREATE TEMP TABLE stage (activity_id int, title text, partners text, "
                                 "doc_title text, body text, stems text)")
        for d0 in range(0, docs, BATCH // PER_DOC):
            doc_rows, act_rows, c_rows, r_rows, p_rows, fts_rows = [], [], [], [], [], []
            for d in range(d0 + 1, min(docs, d0 + BATCH // PER_DOC) + 1):
                year = rng.randint(2010, 2026)
                q = rng.randint(0, 3)
                start, end = date(year, 3 * q + 1, 1), date(year, 3 * q + 3, 28)
                title = f"Boletín de Cooperación Internacional {year}T{q + 1}"
                doc_rows.append({"id": d, "name": f"boletin_{d:07d}.pdf", "path": f"/archivo/boletin_{d:07d}.pdf",
                                 "sha256": f"{d:064x}", "format": "pdf", "reader": "pdf", "title": title,
                                 "period_start": start, "period_end": end, "pages": 10, "pages_ocr": 0,
                                 "status": "ok", "warnings": [], "text": "", "extractor_version": "bench",
                                 "ingested_at": now})
                for seq in range(min(PER_DOC, n - act_id)):
                    act_id += 1
                    t = rng.choice(templates())
                    countries = list(t["countries"]) + ([rng.choice(vocab_countries)] if rng.random() < .3 else [])
                    regs = list(t["regionales"]) + ([rng.choice(vocab_reg)] if rng.random() < .3 else [])
                    names = list(t["partners"]) + ([rng.choice(all_partners)] if rng.random() < .4 else [])
                    countries, regs, names = (list(dict.fromkeys(x)) for x in (countries, regs, names))
                    act_rows.append({"id": act_id, "document_id": d, "seq": seq, "kind": t["kind"],
                                     "title": t["title"], "section": t["section"], "countries": countries,
                                     "cities": [], "date_start": None, "date_end": None, "date_precision": None,
                                     "beneficiaries": t["ben"], "regionales": regs, "text": t["text"],
                                     "evidence_page": 1, "evidence_start": 0, "evidence_end": 0,
                                     "values": [], "span_start": start, "span_end": end, "year": year})
                    c_rows += [{"activity_id": act_id, "code": c} for c in countries]
                    r_rows += [{"activity_id": act_id, "code": r} for r in regs]
                    p_rows += [{"activity_id": act_id, "partner_id": pids[nm], "seq": i, "name_as_written": nm}
                               for i, nm in enumerate(names) if nm in pids]
                    body = f"{t['section']} {t['text']}"
                    joined = " ".join(names)
                    fts_rows.append({"id": act_id, "title": t["title"], "body": body, "partners": joined,
                                     "doc_title": title,
                                     "stems": " ".join(dict.fromkeys(
                                         f"{_stems(t['title'] + ' ' + body)} {_stems(joined)} {_stems(title)}"
                                         .split()))})
            conn.execute(insert(documents), doc_rows)
            conn.execute(insert(activities), act_rows)
            for table, rows in ((activity_countries, c_rows), (activity_regionales, r_rows),
                                (activity_partners, p_rows)):
                if rows:
                    conn.execute(insert(table), rows)
            if pg:
                conn.execute(text("INSERT INTO stage VALUES (:id, :title, :partners, :doc_title, :body, :stems)"),
                             fts_rows)
            else:
                conn.execute(text("INSERT INTO activity_fts (rowid, title, body, partners, doc_title, stems) "
                                  "VALUES (:id, :title, :body, :partners, :doc_title, :stems)"), fts_rows)
            print(f"\r  {act_id:>9} activities ({time.perf_counter() - started:.0f} s)", end="", flush=True)
        if pg:
            from extractor.store.pg_text import CONFIG, TABLE
            conn.exec_driver_sql(
                f"INSERT INTO {TABLE} (activity_id, tsv) SELECT activity_id, "
                f"setweight(to_tsvector('{CONFIG}', title), 'A') || setweight(to_tsvector('{CONFIG}', partners), 'B')"
                f" || setweight(to_tsvector('{CONFIG}', doc_title), 'C') || setweight(to_tsvector('{CONFIG}', body), 'D')"
                " || to_tsvector('simple', stems) FROM stage")
            for seq_table in ("documents", "activities", "partners", "partner_aliases"):
                conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{seq_table}', 'id'), "
                                     f"(SELECT max(id) FROM {seq_table}))")
    with store.engine.begin() as conn:
        from extractor.store import aggregates
        aggregates.rebuild(conn)   # the facet counts the save path keeps, recounted once here
        from extractor.store.state import bump_content_generation
        bump_content_generation(conn)   # written past Store: say so, as its writes do
    with store.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    store.close()
    seconds = time.perf_counter() - started
    print(f"\r  {act_id} activities in {docs} documents loaded ({backend}) in {seconds:.0f} s")
    return seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="SQLite path or SQLAlchemy URL of a NEW (empty) store")
    ap.add_argument("--activities", type=int, default=10_000)
    args = ap.parse_args()
    load(args.db, args.activities)


if __name__ == "__main__":
    main()
