"""Score an activity export against hand-checked gold bulletins (CONTRACT.md §5).

The figures must equal those of the project's referee script (``tools/score.py``) on the same inputs, so
every rule below follows it, including its tie-breaking and its use of difflib rather than a faster
fuzzy matcher (their ratios differ).
"""

from __future__ import annotations

import difflib
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

FIELDS = ("records", "kind", "partners", "partner country", "countries", "cities", "regionales", "dates",
          "beneficiaries")
SET_FIELDS = ("countries", "cities", "regionales")
NOT_SCORED = "*"

TITLE_PAIR_MIN = 0.6          # below this title similarity a gold activity and a record never pair
KIND_BONUS = 0.01             # agreeing kinds break ties between equally similar titles
CONTAINED_SIMILARITY = 0.95   # one title inside the other...
CONTAINED_MIN_CHARS = 12      # ...when the shorter is at least this long
WORD_SHARE_MIN = 0.6          # the shorter name's words must be this share of the longer's
LETTERS_MIN_CHARS = 8         # names this long may match on letters alone...
LETTERS_RATIO_MIN = 0.9       # ...at this SequenceMatcher ratio
STOPWORDS = frozenset("de del la las el los en y e para por a al of the and for".split())

Figures = tuple[float, float, float]
Record = Mapping[str, Any]


# ---------------------------------------------------------------- tallies


@dataclass
class Counts:
    """True positives, false positives and misses of one field."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int = 0, fp: int = 0, fn: int = 0) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    def merge(self, other: Counts) -> None:
        self.add(other.tp, other.fp, other.fn)

    def figures(self) -> Figures:
        """Precision, recall, F1; a field with nothing to count scores 1, 1, 1."""
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1


Tally = dict[str, Counts]


def _new_tally() -> Tally:
    return {name: Counts() for name in FIELDS}


def _figures(tally: Tally) -> tuple[dict[str, Figures], float]:
    rows = {name: tally[name].figures() for name in FIELDS}
    # Summed in FIELDS order, as the referee does, so the mean is bit-identical.
    return rows, sum(f1 for _, _, f1 in rows.values()) / len(rows)


# ---------------------------------------------------------------- report


@dataclass(frozen=True)
class DocumentScore:
    """One gold document: how many activities it has, how many records it got, how many paired."""

    gold: int
    predicted: int
    paired: int
    fields: dict[str, Figures]
    overall_f1: float

    def to_json(self) -> dict[str, Any]:
        return {"gold": self.gold, "predicted": self.predicted, "paired": self.paired,
                "overall_f1": self.overall_f1, "fields": {k: list(v) for k, v in self.fields.items()}}


@dataclass(frozen=True)
class EvaluationReport:
    fields: dict[str, Figures]
    overall_f1: float
    documents: dict[str, DocumentScore]
    warnings: list[str] = field(default_factory=list)   # e.g. a gold name matching several renditions

    def to_json(self) -> dict[str, Any]:
        return {"fields": {name: list(figures) for name, figures in self.fields.items()},
                "overall_f1": self.overall_f1,
                "documents": {name: doc.to_json() for name, doc in self.documents.items()}}

    def format_table(self) -> str:
        """The referee's text output: one line per document, the field table, then `overall F1 = x`."""
        lines = [f"{name}: gold {d.gold}, predicted {d.predicted}, paired {d.paired}"
                 for name, d in self.documents.items()]
        lines.append(f"{'field':28} {'P':>6} {'R':>6} {'F1':>6}")
        lines += [f"{name:28} {p:6.3f} {r:6.3f} {f1:6.3f}" for name, (p, r, f1) in self.fields.items()]
        lines.append(f"overall F1 = {self.overall_f1:.3f}")
        return "\n".join(lines)


# ---------------------------------------------------------------- text comparison


def normalize(text: Any) -> str:
    """Accents and punctuation dropped, lower case, single spaces."""
    ascii_text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).split())


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def title_similarity(gold_title: Any, pred_title: Any) -> float:
    a, b = normalize(gold_title), normalize(pred_title)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if len(shorter) >= CONTAINED_MIN_CHARS and shorter in longer:
        return CONTAINED_SIMILARITY
    return _ratio(a, b)


def names_match(pred_name: str, gold_name: str) -> bool:
    """Two normalised organisation names: equal, the shorter's content words all in the longer and a large
    enough share of it, or nearly the same letters."""
    if not pred_name or not gold_name:
        return False
    if pred_name == gold_name:
        return True
    pred_words = [w for w in pred_name.split() if w not in STOPWORDS]
    gold_words = [w for w in gold_name.split() if w not in STOPWORDS]
    shorter, longer = (pred_words, gold_words) if len(pred_words) <= len(gold_words) else (gold_words, pred_words)
    if shorter and set(shorter) <= set(longer) and len(shorter) / len(longer) >= WORD_SHARE_MIN:
        return True
    return min(len(pred_name), len(gold_name)) >= LETTERS_MIN_CHARS and \
        _ratio(pred_name, gold_name) >= LETTERS_RATIO_MIN


def _gold_partner_names(partner: Record) -> list[str]:
    names = [partner.get("name"), partner.get("acronym"), *(partner.get("aliases") or [])]
    return [normalize(n) for n in names if n and n != NOT_SCORED]


def partner_matches(pred: Record, gold: Record) -> bool:
    """A predicted partner (its name or acronym) is the gold one (its name, acronym or any alias)."""
    pred_names = [n for n in (normalize(pred.get("name")), normalize(pred.get("acronym"))) if n]
    return any(names_match(p, g) for g in _gold_partner_names(gold) for p in pred_names)


# ---------------------------------------------------------------- pairing


def pair_records(golds: list[Record], preds: list[Record]) -> list[tuple[int, int]]:
    """One-to-one (gold index, record index) pairs, greedily from the most similar titles."""
    candidates = []
    for i, gold in enumerate(golds):
        for j, pred in enumerate(preds):
            similarity = title_similarity(gold.get("title"), pred.get("title"))
            if similarity >= TITLE_PAIR_MIN:
                bonus = KIND_BONUS if gold.get("kind") == pred.get("kind") else 0
                candidates.append((similarity + bonus, i, j))
    # Descending on the whole tuple: equal scores go to the later gold activity, then the later record.
    candidates.sort(reverse=True)
    taken_gold: set[int] = set()
    taken_pred: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in taken_gold and j not in taken_pred:
            taken_gold.add(i)
            taken_pred.add(j)
            pairs.append((i, j))
    return pairs


# ---------------------------------------------------------------- field scoring


def _score_partners(tally: Tally, gold_partners: list[Record],
                    pred_partners: list[Record]) -> None:
    found: dict[int, Record] = {}   # gold partner index -> first predicted partner naming it
    for pred in pred_partners:
        hits = [k for k, gold in enumerate(gold_partners) if partner_matches(pred, gold)]
        if not hits:
            tally["partners"].add(fp=1)
            continue
        # A name matching only partners already found (one organisation split in two) counts nothing.
        fresh = [k for k in hits if k not in found]
        if fresh:
            found[fresh[0]] = pred
    for k, gold in enumerate(gold_partners):
        optional = bool(gold.get("optional"))
        if not optional:
            tally["partners"].add(tp=int(k in found), fn=int(k not in found))
        if gold.get("country") == NOT_SCORED or (optional and k not in found):
            continue
        pred_country = (found[k].get("country") or None) if k in found else None
        if k in found and pred_country == (gold.get("country") or None):
            tally["partner country"].add(tp=1)
        else:
            tally["partner country"].add(fn=1, fp=int(pred_country is not None))


def _value_set(record: Record, name: str) -> set[str] | None:
    """A list field as a comparable set; None where the gold says "not scored"."""
    values = record.get(name)
    if values == NOT_SCORED:
        return None
    if name == "cities":
        return {normalize(v) for v in values or []}
    return {str(v).upper() for v in values or []}


def _score_sets(tally: Tally, gold: Record | None, pred: Record | None) -> None:
    for name in SET_FIELDS:
        expected = _value_set(gold, name) if gold else set()
        if expected is None:
            continue
        got = (_value_set(pred, name) if pred else None) or set()
        tally[name].add(tp=len(expected & got), fp=len(got - expected), fn=len(expected - got))


def _scalar(record: Record | None, name: str) -> Any:
    if not record:
        return None
    if name != "dates":
        return record.get(name)
    start, end = record.get("date_start"), record.get("date_end")
    if start == NOT_SCORED and end == NOT_SCORED:
        return NOT_SCORED
    return None if start is None and end is None else (start, end)


def _scalar_hit(expected: Any, got: Any) -> bool:
    if expected is None or got is None:
        return False
    if isinstance(expected, tuple) and isinstance(got, tuple):
        # A "*" end of a gold date interval matches anything.
        return all(e == NOT_SCORED or e == g for e, g in zip(expected, got))
    return bool(expected == got)


def _score_scalars(tally: Tally, gold: Record | None, pred: Record | None) -> None:
    for name in ("dates", "beneficiaries"):
        expected = _scalar(gold, name)
        if expected == NOT_SCORED:
            continue
        got = _scalar(pred, name)
        if _scalar_hit(expected, got):
            tally[name].add(tp=1)
        else:
            tally[name].add(fn=int(expected is not None), fp=int(got is not None))


def _score_pair(tally: Tally, gold: Record | None, pred: Record | None) -> None:
    """Every field of one gold activity and its record; either side is None when unpaired (an empty
    object counts as absent too, as in the referee)."""
    if gold and pred and gold.get("kind") == pred.get("kind"):
        tally["kind"].add(tp=1)
    else:
        tally["kind"].add(fn=int(bool(gold)), fp=int(bool(pred)))
    _score_partners(tally, (gold or {}).get("partners") or [], (pred or {}).get("partners") or [])
    _score_sets(tally, gold, pred)
    _score_scalars(tally, gold, pred)


def score_document(golds: list[Record], preds: list[Record]) -> tuple[Tally, int]:
    """The tally of one gold document against its records, and the number of pairs."""
    tally = _new_tally()
    pairs = pair_records(golds, preds)
    tally["records"].add(tp=len(pairs), fp=len(preds) - len(pairs), fn=len(golds) - len(pairs))
    paired_gold = {i for i, _ in pairs}
    paired_pred = {j for _, j in pairs}
    combos: list[tuple[Record | None, Record | None]] = [(golds[i], preds[j]) for i, j in pairs]
    combos += [(gold, None) for i, gold in enumerate(golds) if i not in paired_gold]
    combos += [(None, pred) for j, pred in enumerate(preds) if j not in paired_pred]
    for gold, pred in combos:
        _score_pair(tally, gold, pred)
    return tally, len(pairs)


# ---------------------------------------------------------------- documents


def _stem(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0] if "." in base else base


def _records_for(by_document: dict[str, list[dict[str, Any]]], name: str
                 ) -> tuple[list[dict[str, Any]], str | None]:
    """The records of the export document with the gold file's name, else of the one rendition with the
    same name without extension. With several renditions, none (and a warning)."""
    if name in by_document:
        return by_document[name], None
    same = [doc for doc in by_document if _stem(doc) == _stem(name)]
    if len(same) == 1:
        return by_document[same[0]], None
    if not same:
        return [], None
    return [], (f"{name} matches {len(same)} exported documents by name ({', '.join(same)}); "
                "score one rendition at a time")


def evaluate(export_records: list[dict[str, Any]], gold_files: Iterable[Record | Path | str]
             ) -> EvaluationReport:
    """Score export records (CONTRACT.md §1) against gold files (paths or already-loaded objects)."""
    by_document: dict[str, list[dict[str, Any]]] = {}
    for n, record in enumerate(export_records, 1):
        _check_export_record(record, f"export record {n}")
        by_document.setdefault(record["document"], []).append(record)
    total = _new_tally()
    documents: dict[str, DocumentScore] = {}
    warnings: list[str] = []
    for n, source in enumerate(gold_files, 1):
        gold = _check_gold(source, f"gold #{n}") if isinstance(source, Mapping) else load_gold(source)
        name = gold["document"]["document"]
        preds, warning = _records_for(by_document, name)
        if warning:
            log.warning(warning)
            warnings.append(warning)
        tally, paired = score_document(gold["activities"], preds)
        for field_name, counts in tally.items():
            total[field_name].merge(counts)
        rows, overall = _figures(tally)
        documents[name] = DocumentScore(len(gold["activities"]), len(preds), paired, rows, overall)
    rows, overall = _figures(total)
    return EvaluationReport(rows, overall, documents, warnings)


# ---------------------------------------------------------------- loading and checks


def _read_text(path: Path | str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read: {exc}") from None


def load_export(path: Path | str) -> list[dict[str, Any]]:
    """Records of an `extractor export` file: JSONL (one object a line) or one JSON array."""
    text = _read_text(path)
    if text.lstrip().startswith("["):
        try:
            records = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: not a JSON array of records: {exc}") from None
        numbered = list(enumerate(records, 1))
        label = "item"
    else:
        numbered = []
        # Split on "\n" only: JSON strings may hold U+2028 and other characters splitlines() breaks on.
        for n, line in enumerate(text.split("\n"), 1):
            if not line.strip():
                continue
            try:
                numbered.append((n, json.loads(line)))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}: line {n} is not JSON: {exc}") from None
        label = "line"
    for n, record in numbered:
        _check_export_record(record, f"{path}: {label} {n}")
    return [record for _, record in numbered]


def load_gold(path: Path | str) -> dict[str, Any]:
    """A gold file: {"document": {"document": FILE_NAME, ...}, "activities": [...]}."""
    try:
        data = json.loads(_read_text(path))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: gold file is not JSON: {exc}") from None
    return _check_gold(data, str(path))


def _check_export_record(record: Any, where: str) -> None:
    if not isinstance(record, dict):
        raise ValueError(f"{where}: a record must be a JSON object, not {type(record).__name__}")
    if not isinstance(record.get("document"), str):
        raise ValueError(f"{where}: a record needs a 'document' string")
    _check_fields(record, where, allow_not_scored=False)


def _check_gold(data: Any, where: str) -> dict[str, Any]:
    if not isinstance(data, dict) or not isinstance(data.get("document"), dict) \
            or not isinstance(data["document"].get("document"), str):
        raise ValueError(f"{where}: gold file needs a 'document' object with a 'document' file name")
    activities = data.get("activities")
    if not isinstance(activities, list):
        raise ValueError(f"{where}: gold file needs an 'activities' list")
    for n, activity in enumerate(activities, 1):
        if not isinstance(activity, dict):
            raise ValueError(f"{where}: activity {n} must be a JSON object")
        _check_fields(activity, f"{where}: activity {n}", allow_not_scored=True)
    return data


def _check_fields(record: dict[str, Any], where: str, allow_not_scored: bool) -> None:
    """List fields must be lists (a string would be scored letter by letter); partners, objects."""
    partners = record.get("partners")
    if partners is not None and not (isinstance(partners, list) and all(isinstance(p, dict) for p in partners)):
        raise ValueError(f"{where}: 'partners' must be a list of objects")
    for name in SET_FIELDS:
        value = record.get(name)
        if value is None or isinstance(value, list) or (allow_not_scored and value == NOT_SCORED):
            continue
        raise ValueError(f"{where}: '{name}' must be a list" + (' or "*"' if allow_not_scored else ""))
