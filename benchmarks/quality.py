"""Extraction quality: every bulletin with a gold file, scored field by field (CONTRACT §5).

Ingests corpus/ (and corpus/heldout/) into fresh SQLite stores through the CLI, exports, and scores each
gold file with the project's evaluator (the same figures as the referee script). Prints a markdown table
per bulletin and per field, and the seed's three renditions each ingested alone.

    python benchmarks/quality.py
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIELDS = ["records", "kind", "partners", "partner country", "countries", "cities", "regionales", "dates",
          "beneficiaries"]


def cli(*args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "extractor", *args], capture_output=True, text=True, cwd=ROOT)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"extractor {' '.join(args)}: {proc.stderr}")
    return proc.stdout


def export_of(paths: list[Path], tmp: Path, name: str) -> Path:
    db = str(tmp / f"{name}.db")
    cli("ingest", "--db", db, *map(str, paths))
    out = tmp / f"{name}.jsonl"
    out.write_text(cli("export", "--db", db, "--format", "jsonl"), encoding="utf-8")
    return out


def table(title: str, export: Path, golds: list[Path]) -> list[float]:
    print(f"\n### {title}\n")
    print("| bulletin | " + " | ".join(FIELDS) + " | overall F1 |")
    print("|---" * (len(FIELDS) + 2) + "|")
    overall = []
    for gold in golds:
        report = json.loads(cli("evaluate", str(export), str(gold), "--json"))
        overall.append(report["overall_f1"])
        cells = [f"{report['fields'][f][2]:.3f}" for f in FIELDS]
        print(f"| {gold.name.removesuffix('.gold.json')} | " + " | ".join(cells) + f" | **{report['overall_f1']:.3f}** |")
    total = json.loads(cli("evaluate", str(export), *map(str, golds), "--json"))
    print("| all together (P/R/F1 pooled) | " + " | ".join(f"{total['fields'][f][2]:.3f}" for f in FIELDS)
          + f" | **{total['overall_f1']:.3f}** |")
    print(f"\nmean of the per-bulletin overall F1: **{statistics.mean(overall):.3f}**, lowest {min(overall):.3f}")
    return overall


# Held-out sets, each written without seeing the extractor, and its blind score when first measured.
HELD_OUT = [("heldout", "written without seeing the extractor")] + [
    (folder, f"written without seeing the extractor; scored blind once at {score}")
    for folder, score in [("blind", "0.879"), ("blind2", "0.786"), ("blind3", "0.588"), ("blind4", "0.902"),
                          ("blind5", "0.648")]]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = [p for p in (ROOT / "corpus").iterdir() if p.is_file()]
        table("corpus/ (the seed as DOCX and nine bulletins made for the tests)",
              export_of(corpus, tmp, "corpus"), sorted((ROOT / "corpus").glob("*.gold.json")))
        for folder, note in HELD_OUT:
            path = ROOT / "corpus" / folder
            table(f"corpus/{folder}/ ({note})", export_of([path], tmp, folder), sorted(path.glob("*.gold.json")))
        print("\n### The seed, each rendition ingested alone\n")
        gold = ROOT / "corpus" / "boletin_2026T1_insumos.gold.json"
        for path in (ROOT / "tests/data/seed/boletin_2026T1_insumos.md", ROOT / "corpus/boletin_2026T1_insumos.docx",
                     ROOT / "tests/data/seed/boletin_2026T1_insumos.pdf"):
            export = export_of([path], tmp, path.suffix[1:])
            report = json.loads(cli("evaluate", str(export), str(gold), "--json"))
            print(f"- {path.name}: overall F1 {report['overall_f1']:.3f}")


if __name__ == "__main__":
    main()
