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


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = [p for p in (ROOT / "corpus").iterdir() if p.is_file()]
        table("corpus/ (the seed as DOCX and nine bulletins made for the tests)",
              export_of(corpus, tmp, "corpus"), sorted((ROOT / "corpus").glob("*.gold.json")))
        heldout = ROOT / "corpus" / "heldout"
        table("corpus/heldout/ (written without seeing the extractor)",
              export_of([heldout], tmp, "heldout"), sorted(heldout.glob("*.gold.json")))
        blind = ROOT / "corpus" / "blind"
        table("corpus/blind/ (written without seeing the extractor; scored blind once at 0.879)",
              export_of([blind], tmp, "blind"), sorted(blind.glob("*.gold.json")))
        blind2 = ROOT / "corpus" / "blind2"
        table("corpus/blind2/ (written without seeing the extractor; scored blind once at 0.786)",
              export_of([blind2], tmp, "blind2"), sorted(blind2.glob("*.gold.json")))
        blind3 = ROOT / "corpus" / "blind3"
        table("corpus/blind3/ (written without seeing the extractor; scored blind once at 0.588)",
              export_of([blind3], tmp, "blind3"), sorted(blind3.glob("*.gold.json")))
        blind4 = ROOT / "corpus" / "blind4"
        table("corpus/blind4/ (written without seeing the extractor; scored blind once at 0.902)",
              export_of([blind4], tmp, "blind4"), sorted(blind4.glob("*.gold.json")))
        blind5 = ROOT / "corpus" / "blind5"
        table("corpus/blind5/ (written without seeing the extractor; scored blind once at 0.648)",
              export_of([blind5], tmp, "blind5"), sorted(blind5.glob("*.gold.json")))
        print("\n### The seed, each rendition ingested alone\n")
        gold = ROOT / "corpus" / "boletin_2026T1_insumos.gold.json"
        for path in (ROOT / "tests/data/seed/boletin_2026T1_insumos.md", ROOT / "corpus/boletin_2026T1_insumos.docx",
                     ROOT / "tests/data/seed/boletin_2026T1_insumos.pdf"):
            export = export_of([path], tmp, path.suffix[1:])
            report = json.loads(cli("evaluate", str(export), str(gold), "--json"))
            print(f"- {path.name}: overall F1 {report['overall_f1']:.3f}")


if __name__ == "__main__":
    main()
