"""The scorer behind `extractor evaluate`: its rules on handmade cases, and equality with the referee
script (../shared/tools/score.py) on perturbed exports where that script is present."""

from __future__ import annotations

import copy
import functools
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.evaluate import FIELDS, EvaluationReport, evaluate, load_export, load_gold, title_similarity
from tests.conftest import load_module

REPO = Path(__file__).parents[1]
SHARED = REPO.parent / "shared"
REFEREE = SHARED / "tools" / "score.py"
PROJECT_GOLD = REPO / "corpus" / "boletin_2026T1_insumos.gold.json"
needs_referee = pytest.mark.skipif(not REFEREE.is_file(), reason=f"referee script not found at {REFEREE}")

DOC = "informe_2031T3.md"


# ---------------------------------------------------------------- builders


def activity(title: str, kind: str = "event", **values: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"kind": kind, "title": title, "partners": [], "countries": [], "cities": [],
                            "date_start": None, "date_end": None, "beneficiaries": None, "regionales": []}
    return base | values


def record(title: str, kind: str = "event", document: str = DOC, **values: Any) -> dict[str, Any]:
    return activity(title, kind, **values) | {"document": document}


def partner(name: str, acronym: str | None = None, country: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"name": name, "acronym": acronym, "country": country} | extra


def gold(*activities: dict[str, Any], document: str = DOC) -> dict[str, Any]:
    return {"document": {"document": document, "title": "Informe"}, "activities": list(activities)}


def figures(report: EvaluationReport, name: str) -> tuple[float, float, float]:
    return tuple(round(x, 6) for x in report.fields[name])  # type: ignore[return-value]


PERFECT = (1.0, 1.0, 1.0)
NOTHING_FOUND = (1.0, 0.0, 0.0)      # no predictions, some gold values: P has nothing to count
ALL_WRONG = (0.0, 0.0, 0.0)


# ---------------------------------------------------------------- titles and pairing


def test_identical_export_scores_one_everywhere() -> None:
    acts = [activity("Misión técnica a Lisboa", "mobility_out", partners=[partner("Escola Náutica", "EN", "PT")],
                     countries=["PT"], cities=["Lisboa"], date_start="2031-08-04", date_end="2031-08-09",
                     beneficiaries=5, regionales=["CO-ANT"]),
            activity("Convenio con la Red Andina de Oficios", "alliance",
                     partners=[partner("Red Andina de Oficios", None, None)])]
    report = evaluate([a | {"document": DOC} for a in acts], [gold(*acts)])
    assert report.fields == {name: PERFECT for name in FIELDS}
    assert report.overall_f1 == 1.0
    assert (report.documents[DOC].gold, report.documents[DOC].predicted, report.documents[DOC].paired) == (2, 2, 2)


def test_title_similarity_rules() -> None:
    assert title_similarity("Curso de Soldadura, nivel II", "curso de soldadura nivel ii") == 1.0
    assert title_similarity("Diplomado en logística", "Diplomado en Logistica") == 1.0   # accents dropped
    # One inside the other counts 0.95 when the shorter has at least 12 characters...
    assert title_similarity("Taller de robótica", "Taller de robótica aplicada a la agroindustria del café") == 0.95
    # ...below that, the plain ratio decides.
    short = title_similarity("Taller XY", "Taller XY sobre mantenimiento predictivo industrial")
    assert short < 0.6
    assert title_similarity("", "Algo") == 0.0 and title_similarity(None, "Algo") == 0.0


def test_titles_below_threshold_do_not_pair() -> None:
    report = evaluate([record("Intercambio de instructores en mecatrónica")],
                      [gold(activity("Foro regional de economía circular"))])
    assert figures(report, "records") == ALL_WRONG
    assert report.documents[DOC].paired == 0


def test_contained_title_pairs() -> None:
    report = evaluate([record("Taller de robótica aplicada a la agroindustria del café")],
                      [gold(activity("Taller de robótica"))])
    assert figures(report, "records") == PERFECT


def test_kind_bonus_breaks_ties_between_equal_titles() -> None:
    title = "Jornada de cooperación técnica"
    report = evaluate([record(title, "event"), record(title, "training")],
                      [gold(activity(title, "training"), activity(title, "event"))])
    # Without the bonus the later gold and the later record would pair, with different kinds.
    assert figures(report, "kind") == PERFECT


def test_kind_bonus_does_not_beat_a_clearly_closer_title() -> None:
    report = evaluate([record("Feria de innovación agrícola", "training"),
                       record("Feria de innovación agrícola del Pacífico sur", "event")],
                      [gold(activity("Feria de innovación agrícola", "event"))])
    assert figures(report, "records") == (0.5, 1.0, round(2 / 3, 6))
    assert figures(report, "kind") == ALL_WRONG   # the exact title won, with the wrong kind


# ---------------------------------------------------------------- partners


@pytest.mark.parametrize("predicted", [
    partner("Instituto Tecnológico del Norte"),                        # same name, other accents/case
    partner("ITN"),                                                    # name equals the gold acronym
    partner("Otra cosa", "ITN"),                                       # acronym equals the gold acronym
    partner("Politécnico Boreal"),                                     # an alias
    partner("Instituto Tecnologico Norte Superior"),                   # shorter gold words all inside, ≥ 60 %
    partner("Instituto Tecnológico del Nrote"),                        # nearly the same letters
])
def test_partner_matches(predicted: dict[str, Any]) -> None:
    gold_partner = partner("INSTITUTO TECNOLÓGICO DEL NORTE", "ITN", "FI", aliases=["Politécnico Boreal"])
    report = evaluate([record("Convenio marco", partners=[predicted])],
                      [gold(activity("Convenio marco", partners=[gold_partner]))])
    assert figures(report, "partners") == PERFECT


@pytest.mark.parametrize("predicted", [
    partner("Instituto Norte"),          # words inside the gold name but only half of them
    partner("ITX"),                      # short names must be equal
    partner("Instituto Tecnológico del Oeste"),
])
def test_partner_mismatches(predicted: dict[str, Any]) -> None:
    gold_partner = partner("Instituto Tecnológico Superior del Norte", "ITN", "FI")
    report = evaluate([record("Convenio marco", partners=[predicted])],
                      [gold(activity("Convenio marco", partners=[gold_partner]))])
    assert figures(report, "partners") == ALL_WRONG


def test_two_halves_of_one_partner_count_once() -> None:
    gold_partner = partner("Talleres Ribera – Grupo Solano", aliases=["Talleres Ribera", "Grupo Solano"])
    report = evaluate([record("Pasantía", partners=[partner("Talleres Ribera"), partner("Grupo Solano")])],
                      [gold(activity("Pasantía", partners=[gold_partner]))])
    assert figures(report, "partners") == PERFECT


def test_optional_partners_are_never_missed_nor_false() -> None:
    gold_partners = [partner("Fundación Mar Abierto", country="CL"),
                     partner("Ministerio de Pesca", country="CL", optional=True)]
    without = evaluate([record("Curso de acuicultura", partners=[partner("Fundación Mar Abierto", country="CL")])],
                       [gold(activity("Curso de acuicultura", partners=gold_partners))])
    assert figures(without, "partners") == PERFECT
    assert figures(without, "partner country") == PERFECT
    with_optional = evaluate(
        [record("Curso de acuicultura", partners=[partner("Fundación Mar Abierto", country="CL"),
                                                  partner("Ministerio de Pesca", country="PE")])],
        [gold(activity("Curso de acuicultura", partners=gold_partners))])
    assert figures(with_optional, "partners") == PERFECT
    # Once found, an optional partner's country is scored: PE is wrong.
    assert figures(with_optional, "partner country") == (0.5, 0.5, 0.5)


@pytest.mark.parametrize(("gold_country", "pred_country", "expected"), [
    ("JP", "JP", PERFECT),
    (None, None, PERFECT),          # multilateral body: null = null is a hit
    ("JP", "KR", ALL_WRONG),        # wrong non-null country: a miss and a false positive
    ("JP", None, NOTHING_FOUND),    # no country: a miss only
    (None, "US", ALL_WRONG),
    ("*", "KR", PERFECT),           # not scored: nothing counted
])
def test_partner_country(gold_country: str | None, pred_country: str | None,
                         expected: tuple[float, float, float]) -> None:
    report = evaluate([record("Beca de posgrado", partners=[partner("Agencia Oriente", country=pred_country)])],
                      [gold(activity("Beca de posgrado", partners=[partner("Agencia Oriente", country=gold_country)]))])
    assert figures(report, "partner country") == expected


def test_partner_not_found_misses_its_country_even_when_null() -> None:
    report = evaluate([record("Beca de posgrado", partners=[partner("Otra Entidad", country="PE")])],
                      [gold(activity("Beca de posgrado", partners=[partner("Banco Regional", country=None)]))])
    assert figures(report, "partners") == ALL_WRONG
    assert figures(report, "partner country") == NOTHING_FOUND   # unmatched predictions add no country FP


# ---------------------------------------------------------------- list and scalar fields


def test_set_fields_normalise_codes_and_cities() -> None:
    report = evaluate(
        [record("Gira", countries=["pe", "BO"], cities=["CUSCO", "Medellin"], regionales=["co-ant", "CO-DC"])],
        [gold(activity("Gira", countries=["PE"], cities=["Cusco", "Medellín"], regionales=["CO-ANT"]))])
    assert figures(report, "countries") == (0.5, 1.0, round(2 / 3, 6))
    assert figures(report, "cities") == PERFECT
    assert figures(report, "regionales") == (0.5, 1.0, round(2 / 3, 6))


def test_star_values_are_not_scored() -> None:
    report = evaluate(
        [record("Gira", countries=["PE", "XX"], cities=["Lima"], regionales=["CO-ANT"], beneficiaries=9,
                date_start="2031-01-05", date_end="2031-02-10")],
        [gold(activity("Gira", countries="*", cities="*", regionales="*", beneficiaries="*",
                       date_start="*", date_end="*"))])
    for name in ("countries", "cities", "regionales", "dates", "beneficiaries"):
        assert figures(report, name) == PERFECT, name


@pytest.mark.parametrize(("gold_dates", "pred_dates", "expected"), [
    (("*", "2031-09-30"), ("2031-07-01", "2031-09-30"), PERFECT),      # a "*" end matches anything
    (("*", "2031-09-30"), ("2031-07-01", "2031-09-29"), ALL_WRONG),
    ((None, "2031-10-31"), (None, "2031-10-31"), PERFECT),             # "hasta octubre"
    ((None, "2031-10-31"), ("2031-10-01", "2031-10-31"), ALL_WRONG),
    ((None, None), (None, None), PERFECT),                             # null and null count nothing
    ((None, None), ("2031-05-02", "2031-05-02"), (0.0, 1.0, 0.0)),     # a date where none is stated
    (("2031-05-02", "2031-05-02"), (None, None), NOTHING_FOUND),
])
def test_dates(gold_dates: tuple[str | None, str | None], pred_dates: tuple[str | None, str | None],
               expected: tuple[float, float, float]) -> None:
    report = evaluate([record("Foro", date_start=pred_dates[0], date_end=pred_dates[1])],
                      [gold(activity("Foro", date_start=gold_dates[0], date_end=gold_dates[1]))])
    assert figures(report, "dates") == expected


def test_beneficiaries() -> None:
    golds = [activity("Curso A", beneficiaries=40), activity("Curso B", beneficiaries=None),
             activity("Curso C", beneficiaries=12)]
    preds = [record("Curso A", beneficiaries=40), record("Curso B", beneficiaries=7),
             record("Curso C", beneficiaries=21)]
    report = evaluate(preds, [gold(*golds)])
    # Hits: A. False positives: B (none stated) and C (wrong). Misses: C.
    assert figures(report, "beneficiaries") == (round(1 / 3, 6), 0.5, 0.4)


# ---------------------------------------------------------------- unpaired records and documents


def test_unpaired_records_on_both_sides() -> None:
    missed = activity("Visita de la delegación boreal", "delegation_visit",
                      partners=[partner("Consejo Boreal", country="NO")], countries=["NO"], cities=["Bergen"],
                      date_start="2031-02-03", date_end="2031-02-03", beneficiaries=None)
    extra = record("Algo que la guía no lista en absoluto", "training",
                   partners=[partner("Academia Solar", country="ES")], countries=["ES"],
                   date_start="2031-04-01", date_end="2031-04-30", beneficiaries=15, regionales=["CO-HUI"])
    report = evaluate([extra], [gold(missed)])
    assert figures(report, "records") == ALL_WRONG
    assert figures(report, "kind") == ALL_WRONG
    assert figures(report, "partners") == ALL_WRONG
    assert figures(report, "partner country") == NOTHING_FOUND   # only gold partners count here
    assert figures(report, "countries") == ALL_WRONG
    assert figures(report, "cities") == NOTHING_FOUND
    assert figures(report, "regionales") == (0.0, 1.0, 0.0)
    assert figures(report, "dates") == ALL_WRONG
    assert figures(report, "beneficiaries") == (0.0, 1.0, 0.0)


def test_gold_document_without_export_document() -> None:
    report = evaluate([record("Curso A", document="otro.md")],
                      [gold(activity("Curso A", countries=["PE"]), document="ausente.md")])
    doc = report.documents["ausente.md"]
    assert (doc.gold, doc.predicted, doc.paired) == (1, 0, 0)
    assert figures(report, "records") == NOTHING_FOUND
    assert figures(report, "countries") == NOTHING_FOUND
    assert doc.overall_f1 == report.overall_f1


def test_pairing_by_name_without_extension() -> None:
    golds = [gold(activity("Curso A"), document="informe.md")]
    assert evaluate([record("Curso A", document="informe.pdf")], golds).overall_f1 == 1.0
    assert evaluate([record("Curso A", document="sub/informe.docx")], golds).overall_f1 == 1.0
    # The exact name wins over another rendition.
    exact = evaluate([record("Curso A", document="informe.md"), record("Otro", document="informe.pdf")], golds)
    assert exact.overall_f1 == 1.0
    # Several renditions and no exact name: none is scored, and the report says why.
    several = evaluate([record("Curso A", document="informe.pdf"), record("Curso A", document="informe.docx")],
                       golds)
    assert several.documents["informe.md"].predicted == 0
    assert several.warnings and "informe.md" in several.warnings[0]


def test_several_gold_files_sum_their_counts() -> None:
    report = evaluate([record("Curso A", document="a.md"), record("Curso B", document="b.md")],
                      [gold(activity("Curso A"), document="a.md"),
                       gold(activity("Curso B"), activity("Curso C"), document="b.md")])
    assert figures(report, "records") == (1.0, round(2 / 3, 6), 0.8)
    assert report.documents["a.md"].overall_f1 == 1.0
    assert report.documents["b.md"].overall_f1 < 1.0


# ---------------------------------------------------------------- output and loading


def test_json_and_table_output() -> None:
    report = evaluate([record("Curso A")], [gold(activity("Curso A"), activity("Curso B"))])
    data = report.to_json()
    assert set(data) == {"fields", "overall_f1", "documents"}
    assert list(data["fields"]) == list(FIELDS)
    assert data["fields"]["records"] == [1.0, 0.5, pytest.approx(2 / 3)]
    assert json.loads(json.dumps(data)) == data
    lines = report.format_table().splitlines()
    assert lines[0] == f"{DOC}: gold 2, predicted 1, paired 1"
    assert lines[-1].startswith("overall F1") and float(lines[-1].split()[-1]) == round(report.overall_f1, 3)
    assert len(lines) == 1 + 1 + len(FIELDS) + 1


def test_load_export_jsonl_and_array(tmp_path: Path) -> None:
    records = [record("Curso A", title_extra="línea\u2028separador"), record("Curso B")]
    jsonl = tmp_path / "out.jsonl"
    jsonl.write_text("\n" + "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n\n", encoding="utf-8")
    array = tmp_path / "out.json"
    array.write_text(json.dumps(records, indent=2), encoding="utf-8")
    assert load_export(jsonl) == records
    assert load_export(array) == records
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    assert load_export(empty) == []


@pytest.mark.parametrize(("content", "message"), [
    ('{"document": "a.md", "title": "x"}\n{"document": "a.md", "title": \n', "line 2"),
    ('["a.md"]', "item 1"),
    ('{"title": "x"}', "'document'"),
    ('{"document": "a.md", "partners": ["Agencia"]}', "'partners'"),
    ('{"document": "a.md", "countries": "PE"}', "'countries'"),
    ('{"document": "a.md", "cities": "*"}', "'cities'"),
])
def test_malformed_export(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "broken.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match="broken.jsonl") as err:
        load_export(path)
    assert message in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not JSON"),
    ('{"activities": []}', "'document'"),
    ('{"document": {"document": "a.md"}}', "'activities'"),
    ('{"document": {"document": "a.md"}, "activities": [{"title": "x", "regionales": "CO-ANT"}]}', "activity 1"),
])
def test_malformed_gold(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "broken.gold.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match="broken.gold.json") as err:
        load_gold(path)
    assert message in str(err.value)
    with pytest.raises(ValueError, match="broken.gold.json"):
        evaluate([], [path])


def test_missing_files_are_value_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="nowhere.jsonl"):
        load_export(tmp_path / "nowhere.jsonl")
    with pytest.raises(ValueError, match="nowhere.json"):
        evaluate([], [tmp_path / "nowhere.json"])


def test_project_gold_copy_loads() -> None:
    data = load_gold(PROJECT_GOLD)
    assert data["activities"]


# ---------------------------------------------------------------- equality with the referee


def _as_export(gold_data: dict[str, Any], document: str) -> list[dict[str, Any]]:
    """The gold's own activities as export records ("*" and gold-only keys replaced)."""
    records = []
    for n, act in enumerate(gold_data["activities"]):
        rec = {k: (None if v == "*" else v) for k, v in act.items() if k != "partners"}
        for name in ("countries", "cities", "regionales"):
            rec[name] = rec[name] or []
        rec["partners"] = [{"name": p["name"], "acronym": p.get("acronym"),
                            "country": None if p.get("country") == "*" else p.get("country")}
                           for p in act.get("partners") or []]
        records.append(rec | {"id": n + 1, "document": document})
    return records


def _mangle_name(name: str, rng: random.Random) -> str:
    words = name.split()
    choice = rng.randrange(5)
    if choice == 0 and len(words) > 2:
        del words[rng.randrange(len(words))]
    elif choice == 1 and len(name) > 3:
        i = rng.randrange(len(name) - 1)
        return name[:i] + name[i + 1] + name[i] + name[i + 2:]
    elif choice == 2:
        return name.upper()
    elif choice == 3:
        words.append(rng.choice(["Internacional", "S.A.", "de Cooperación", "Ltda"]))
    else:
        words = words[: max(1, len(words) // 2)]
    return " ".join(words)


def _perturb(records: list[dict[str, Any]], rng: random.Random, strength: float) -> list[dict[str, Any]]:
    kinds = ["alliance", "mobility_out", "mobility_in", "training", "event", "delegation_visit", "other"]
    out = []
    for rec in copy.deepcopy(records):
        if rng.random() < strength * 0.4:
            continue                                               # dropped
        if rng.random() < strength:
            rec["kind"] = rng.choice(kinds)
        if rng.random() < strength:
            rec["title"] = rng.choice([rec["title"][: max(5, len(rec["title"]) // 2)],
                                       rec["title"] + " (segunda fase)", rec["title"].lower()])
        for p in rec["partners"]:
            if rng.random() < strength:
                p["name"] = _mangle_name(p["name"], rng)
            if rng.random() < strength * 0.5:
                p["country"] = rng.choice([None, "US", "ES", p["country"]])
        if rng.random() < strength * 0.5:
            rec["partners"].append({"name": rng.choice(["Cámara Binacional", "Fondo Verde", "Red de Escuelas"]),
                                    "acronym": None, "country": rng.choice([None, "MX"])})
        if rng.random() < strength:
            rec["date_start"], rec["date_end"] = rng.choice(
                [(None, None), ("2026-02-01", "2026-02-28"), (rec["date_start"], "2026-12-31")])
        if rng.random() < strength:
            rec["beneficiaries"] = rng.choice([None, 1, 25, rec["beneficiaries"]])
        for name, pool in (("countries", ["PE", "us", "ES"]), ("cities", ["Cali", "BOGOTA", "Lisboa"]),
                           ("regionales", ["CO-ANT", "co-dc", "CO-SAN"])):
            if rng.random() < strength:
                rec[name] = rng.sample(rec[name], k=len(rec[name]) // 2) + rng.sample(pool, k=rng.randrange(2))
        out.append(rec)
    for n in range(rng.randrange(4) if strength else 0):       # extra records, some near duplicates
        base = rng.choice(records)
        out.append(copy.deepcopy(base) | {"title": rng.choice([base["title"], f"Registro inventado {n}"]),
                                          "kind": rng.choice(kinds)})
    rng.shuffle(out)
    return out


def _run_referee(export: Path, golds: list[Path], as_json: bool) -> str:
    cmd = [sys.executable, str(REFEREE), str(export), *map(str, golds)] + (["--json"] if as_json else [])
    return subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=60).stdout


def _assert_same_as_referee(records: list[dict[str, Any]], golds: list[Path], tmp_path: Path) -> EvaluationReport:
    export = tmp_path / "export.jsonl"
    export.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    report = evaluate(load_export(export), golds)
    referee = json.loads(_run_referee(export, golds, as_json=True))
    ours = report.to_json()
    assert list(ours["fields"]) == list(referee["fields"])
    for name, values in referee["fields"].items():
        assert ours["fields"][name] == pytest.approx(values, abs=1e-9), name
    assert ours["overall_f1"] == pytest.approx(referee["overall_f1"], abs=1e-9)
    assert {d: {k: v[k] for k in ("gold", "predicted", "paired")} for d, v in ours["documents"].items()} \
        == referee["documents"]
    assert report.format_table() == _run_referee(export, golds, as_json=False).rstrip("\n")
    return report


@needs_referee
@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("rendition", [".md", ".pdf"])
def test_equal_to_referee_on_perturbed_gold(seed: int, rendition: str, tmp_path: Path) -> None:
    gold_data = load_gold(PROJECT_GOLD)
    document = Path(gold_data["document"]["document"]).stem + rendition
    rng = random.Random(seed)
    records = _perturb(_as_export(gold_data, document), rng, strength=0.1 + 0.1 * seed)
    report = _assert_same_as_referee(records, [PROJECT_GOLD], tmp_path)
    assert report.overall_f1 < 1.0


@needs_referee
def test_equal_to_referee_on_unperturbed_gold(tmp_path: Path) -> None:
    gold_data = load_gold(PROJECT_GOLD)
    records = _as_export(gold_data, gold_data["document"]["document"])
    report = _assert_same_as_referee(records, [PROJECT_GOLD], tmp_path)
    assert report.overall_f1 == 1.0


@needs_referee
def test_equal_to_referee_with_several_golds_and_renditions(tmp_path: Path) -> None:
    gold_data = load_gold(PROJECT_GOLD)
    stem = Path(gold_data["document"]["document"]).stem
    second = tmp_path / "otro.gold.json"
    second.write_text(json.dumps(gold(activity("Curso A", beneficiaries=3), activity("Curso B"),
                                      document="otro.docx")), encoding="utf-8")
    missing = tmp_path / "ausente.gold.json"
    missing.write_text(json.dumps(gold(activity("Curso X", countries=["PE"]), document="ausente.md")),
                       encoding="utf-8")
    rng = random.Random(99)
    records = (_perturb(_as_export(gold_data, stem + ".pdf"), rng, 0.3)
               + [record("Curso A", document="otro.pdf", beneficiaries=4), record("Curso Z", document="otro.pdf")])
    _assert_same_as_referee(records, [PROJECT_GOLD, second, missing], tmp_path)
    # Two renditions of the same bulletin in one export: neither is scored, by both.
    ambiguous = records + [r | {"document": "otro.md"} for r in records if r["document"] == "otro.pdf"]
    report = _assert_same_as_referee(ambiguous, [second], tmp_path)
    assert report.documents["otro.docx"].predicted == 0


# Small vocabularies make ties, near-duplicate titles and partial partner names frequent.
_TITLES = st.sampled_from(["Curso de soldadura", "Curso de soldadura avanzada", "Curso soldadura",
                           "Foro de empleo verde", "Foro empleo verde regional", "Visita técnica",
                           "Visita tecnica", "Misión a Quito", ""])
_NAMES = st.sampled_from(["Agencia Andina de Cooperación", "Agencia Andina", "AAC", "Banco Regional",
                          "Banco Regional de Fomento", "Fundación Sol", "Fundacion Sol del Sur", "*"])
_COUNTRY = st.sampled_from([None, "PE", "EC", "*"])
_DATE = st.sampled_from([None, "2031-01-01", "2031-01-31", "*"])
_KIND = st.sampled_from(["event", "training", "alliance"])


@st.composite
def _activity(draw: st.DrawFn, is_gold: bool) -> dict[str, Any]:
    def value(strategy: st.SearchStrategy[Any]) -> Any:
        drawn = draw(strategy)
        return None if drawn == "*" and not is_gold else drawn

    def listing(pool: list[str]) -> Any:
        if is_gold and draw(st.booleans()) and draw(st.booleans()):
            return "*"
        return draw(st.lists(st.sampled_from(pool), max_size=3))

    partners = draw(st.lists(st.fixed_dictionaries(
        {"name": _NAMES, "acronym": st.sampled_from([None, "AAC", "BRF"]), "country": _COUNTRY},
        optional={"optional": st.booleans(), "aliases": st.lists(_NAMES, max_size=2)} if is_gold else {}),
        max_size=3))
    if not is_gold:
        for p in partners:
            p["country"] = None if p["country"] == "*" else p["country"]
    return {"title": draw(_TITLES), "kind": draw(_KIND), "partners": partners,
            "countries": listing(["PE", "ec", "CL"]), "cities": listing(["Quito", "Bogotá", "BOGOTA"]),
            "regionales": listing(["CO-ANT", "co-dc"]), "date_start": value(_DATE), "date_end": value(_DATE),
            "beneficiaries": value(st.sampled_from([None, 0, 5, 12, "*"]))}


@functools.cache
def _load_referee_module() -> Any:
    return load_module("referee_score", REFEREE)   # no __pycache__ written into ../shared


@needs_referee
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(golds=st.lists(_activity(is_gold=True), max_size=5), preds=st.lists(_activity(is_gold=False), max_size=6))
def test_equal_to_referee_on_random_small_cases(golds: list[dict[str, Any]], preds: list[dict[str, Any]]) -> None:
    # In process (the referee's score() on files) so hypothesis can try many cases quickly.
    referee = _load_referee_module()
    gold_data = gold(*golds)
    records = [p | {"document": DOC} for p in preds]
    with tempfile.TemporaryDirectory() as tmp:
        export, gold_path = Path(tmp) / "e.jsonl", Path(tmp) / "g.json"
        export.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        gold_path.write_text(json.dumps(gold_data), encoding="utf-8")
        rows, overall, per_doc = referee.score(str(export), [str(gold_path)])
    report = evaluate(records, [gold_data])
    assert report.fields == {name: tuple(values) for name, values in rows.items()}
    assert report.overall_f1 == overall
    doc = report.documents[DOC]
    assert {"gold": doc.gold, "predicted": doc.predicted, "paired": doc.paired} == per_doc[DOC]
