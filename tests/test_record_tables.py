"""Activities written as key/value tables in a DOCX (one two-column table per activity: "Actividad |
…", "Contraparte | …", "País | …"): one item per table, its rows the item's fields, through to the records."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.extract import extract_activities
from extractor.readers import read_document
from extractor.segment import segment_document
from tests.fixtures import docx_files as fx


@pytest.fixture(scope="module")
def bulletin(tmp_path_factory) -> Path:
    return fx.build_record_tables_bulletin(tmp_path_factory.mktemp("records") / "fichas.docx")


def test_one_item_per_record_table(bulletin):
    seg = segment_document(read_document(bulletin))
    assert [(i.title, i.kind) for i in seg.items] == [
        ("Convenio de formación dual", "alliance"),                 # the ordinary table: one row, one item
        ("Memorando de entendimiento en turismo", "alliance"),
        ("Pasantía en energía eólica en Aarhus", "mobility_out"),
        ("Docentes del SENATI en Cúcuta", "mobility_in"),
    ]
    aarhus = {f.name: f.value for f in seg.items[2].fields}
    assert aarhus == {"partner": "Aarhus University", "country": "Dinamarca", "place": "Aarhus",
                      "date": "del 2 al 13 de octubre de 2021", "beneficiaries": "Ocho instructores",
                      "regionales": "La Guajira y Atlántico"}
    text = read_document(bulletin).text
    for item in seg.items[2:]:
        assert text[item.title_start:item.title_end] == item.title
        for f in item.fields:
            assert text[f.start:f.end] == f.value
        # an unknown label ("Financiación") stays in the item's text, not a field and not an item
        assert all("Financiación" != i.title for i in seg.items)


def test_record_tables_give_complete_records(bulletin):
    doc = read_document(bulletin)
    records = {a.title: a for a in extract_activities(doc, segment_document(doc))}
    aarhus = records["Pasantía en energía eólica en Aarhus"]
    assert [p.name for p in aarhus.partners] == ["Aarhus University"] and aarhus.countries == ["DK"]
    assert (str(aarhus.date_start), str(aarhus.date_end), aarhus.beneficiaries) == ("2021-10-02", "2021-10-13", 8)
    assert sorted(aarhus.regionales) == ["CO-ATL", "CO-LAG"] and aarhus.cities == ["Aarhus"]
    senati = records["Docentes del SENATI en Cúcuta"]
    assert senati.countries == ["PE"] and senati.beneficiaries == 5 and senati.cities == ["Cúcuta"]
    assert (str(senati.date_start), str(senati.date_end)) == ("2021-11-08", "2021-11-12")
