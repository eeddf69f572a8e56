"""Extraction on small bulletins written for the test: each value type in context, beyond the seed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from extractor.extract import extract_activities
from extractor.readers import read_document
from extractor.segment import segment_document

BULLETIN = """Boletín de Cooperación Internacional
Abril a junio de 2025

Alianzas

Universidad de Lund (Suecia)

Alianza para la formación en energías renovables.

Convenio con la GIZ y el BID

Con el apoyo de la GIZ y del BID, el Centro de Formación Agroindustrial del SENA actualizará sus ambientes.

Movilidad saliente

Misión técnica a Finlandia

Aliado: Business Finland y Omnia
Destino: Helsinki y Espoo, Finlandia
Fechas: del 28 de abril al 2 de mayo de 2025
Beneficiarios: cinco directivos
Regionales: Norte de Santander, Valle y San Andrés

Formación

Formación especializada en agua

Aliado: Embajada de Dinamarca en Colombia y DANIDA Fellowship Centre
Destino: Copenhague, Dinamarca

Gracias al Gobierno danés, 25 aprendices y 5 instructores de Bogotá D.C. participarán entre julio y agosto de 2025.

Eventos

Foro regional en Cartagena

El 12 de junio, el SENA participó en un foro de la OIT en Cartagena con delegados de Perú, Chile y México; el foro movilizó USD 150.000 y reunió 15 participantes (12 aprendices y 3 instructores).
"""


@pytest.fixture(scope="module")
def activities(tmp_path_factory) -> dict:
    path = tmp_path_factory.mktemp("x") / "boletin.md"
    path.write_text(BULLETIN, encoding="utf-8")
    doc = read_document(path)
    acts = extract_activities(doc, segment_document(doc))
    for a in acts:   # every value's evidence lies in the document text
        for v in a.values:
            assert 0 <= v.evidence.start <= v.evidence.end <= len(doc.text)
    return {a.title: a for a in acts}


def partners(activity) -> list[tuple]:
    return [(p.name, p.acronym, p.country) for p in activity.partners]


def test_title_partner_with_explicit_country(activities):
    a = activities["Universidad de Lund (Suecia)"]
    assert partners(a) == [("Universidad de Lund", None, "SE")]
    assert a.countries == ["SE"] and a.kind == "alliance"


def test_acronym_partners_and_own_centre(activities):
    a = activities["Convenio con la GIZ y el BID"]
    found = {p.acronym: p.country for p in a.partners}
    assert found == {"GIZ": "DE", "BID": None}            # a multilateral has no country
    assert not any("Centro de Formación" in p.name for p in a.partners)
    assert a.countries == ["DE"]


def test_mobility_fields(activities):
    a = activities["Misión técnica a Finlandia"]
    assert [p.name for p in a.partners] == ["Business Finland", "Omnia"]
    assert all(p.country == "FI" for p in a.partners)     # hosts abroad take the destination's country
    assert a.cities == ["Helsinki", "Espoo"] and a.countries == ["FI"]
    assert (a.date_start, a.date_end) == (date(2025, 4, 28), date(2025, 5, 2))
    assert a.beneficiaries == 5
    assert a.regionales == ["CO-NSA", "CO-VAC", "CO-SAP"]


def test_embassy_and_agency_split_with_implied_country(activities):
    a = activities["Formación especializada en agua"]
    assert partners(a) == [("Embajada de Dinamarca en Colombia", None, "DK"), ("DANIDA Fellowship Centre", "DANIDA", "DK")]
    assert a.cities == ["Copenhague"] and a.countries == ["DK"]
    assert (a.date_start, a.date_end) == (date(2025, 7, 1), date(2025, 8, 31))
    assert a.beneficiaries == 30                         # 25 aprendices y 5 instructores
    assert a.regionales == ["CO-DC"]                     # Bogotá as the participants' origin


def test_event_venue_countries_and_counts(activities):
    a = activities["Foro regional en Cartagena"]
    assert a.kind == "event"
    assert [p.acronym for p in a.partners] == ["OIT"]
    assert a.cities == ["Cartagena"]
    assert sorted(a.countries) == ["CL", "MX", "PE"]
    assert (a.date_start, a.date_end) == (date(2025, 6, 12), date(2025, 6, 12))   # year from the period
    assert a.beneficiaries == 15                         # the breakdown is not added again; money is not people
    assert a.regionales == []


def test_analyse_matches_the_plain_pipeline():
    from extractor.extract.pipeline import analyse, build_nlp

    text = ("Visita de la Embajada de Canadá en Colombia y de la Agencia Alemana de Cooperación "
            "Internacional – GIZ al Centro de Diseño; convenio con la Universidad de Salamanca.")
    fast, plain = analyse(text), build_nlp()(text)
    assert fast.text == text
    for group in ("org_names", "gazetteer"):
        assert [(s.start_char, s.end_char, s.label_) for s in fast.spans[group]] == \
               [(s.start_char, s.end_char, s.label_) for s in plain.spans[group]]
    # The name matcher's lexeme flags stand for a REGEX predicate on TEXT and an IN predicate on LOWER.
    import re

    from spacy.matcher import Matcher

    from extractor.extract.pipeline import CAPITALISED, ELIDED, org_patterns

    data = org_patterns()
    heads = sorted({h.lower() for h in data["heads"]})     # the samples hold no compound heads ("…kammer")
    body = {"OP": "+", "TEXT": {"REGEX": CAPITALISED + "|" + ELIDED + "|^(?:"
                                + "|".join(map(re.escape, sorted(set(data["connectors"])))) + r")$"}}
    reference = Matcher(build_nlp().vocab)
    reference.add("ORG_NAME", [[{"LOWER": {"IN": heads}, "IS_TITLE": True}, body],
                               [{"LOWER": {"IN": heads}, "IS_UPPER": True}, body]], greedy="LONGEST")
    flagged = build_nlp().get_pipe("org_names")
    for sample in (text, "CENTRO DE FORMACIÓN y Ministerio de Educación Nacional (MEN), Universidad de los Andes"):
        doc = build_nlp().make_doc(sample)
        expected = sorted((start, end) for _, start, end in reference(doc))
        assert expected
        assert [(s.start, s.end) for s in flagged(doc).spans["org_names"]] == \
            [(s.start, s.end) for s in _org_name_spans(doc, expected)]


def _org_name_spans(doc, matches):
    """What the org_names component keeps of raw matches (as in pipeline.py)."""
    import spacy

    from extractor.extract.pipeline import _split_coordinated, org_patterns

    connectors = {c.lower() for c in org_patterns()["connectors"]}
    spans = []
    for match_start, match_end in matches:
        for start, end in _split_coordinated(doc, match_start, match_end):
            while end > start + 1 and doc[end - 1].lower_ in connectors:
                end -= 1
            if end - start >= 2:
                spans.append(doc[start:end])
    return spacy.util.filter_spans(spans)


@pytest.mark.parametrize("text, names", [
    # a coordinator, maybe an article, then another head: two names
    ("La Université de Lyon y la École Centrale firmaron.", ["Université de Lyon", "École Centrale"]),
    ("el Instituto do Emprego e Formação Profissional y la Universidade do Porto",
     ["Instituto do Emprego e Formação Profissional", "Universidade do Porto"]),
    ("la Embajada de Canadá y de la Agencia Alemana de Cooperación",
     ["Embajada de Canadá", "Agencia Alemana de Cooperación"]),
    # a coordinator inside one name stays ("e Innovación" has no head; "Industrie- und" is a truncated compound)
    ("el Ministerio de Ciencia, Tecnología e Innovación", ["Ministerio de Ciencia, Tecnología e Innovación"]),
    ("la Fundación Ciencia y Tecnología Aplicada", ["Fundación Ciencia y Tecnología Aplicada"]),
    ("la Industrie- und Handelskammer zu Köln", ["Handelskammer zu Köln"]),
    # German compound heads, French elided articles and French heads
    ("con la Handwerkskammer für München und Oberbayern", ["Handwerkskammer für München und Oberbayern"]),
    ("una delegación del Ministère de l'Éducation du Québec", ["Ministère de l'Éducation du Québec"]),
    ("y de la Fédération des Cégeps", ["Fédération des Cégeps"]),
    # names in English order end on their head; a sentence's capitalised first word is not part of them
    ("Con la Specialty Coffee Association y el U.S. Grains Council", ["Specialty Coffee Association",
                                                                     "U.S. Grains Council"]),
    ("Con Varkey Foundation se firmó", ["Varkey Foundation"]),
    ("la Embajada Británica y el British Council", ["Embajada Británica", "British Council"]),
    ("con la International Agri-Center", ["International Agri-Center"]),
    # a name goes on through the enumeration of its fields, closed by "y"/"e" …
    ("del Ministerio de Trabajo, Empleo y Seguridad Social del Paraguay, interesada",
     ["Ministerio de Trabajo, Empleo y Seguridad Social del Paraguay"]),
    ("el Instituto Federal de Educação, Ciência e Tecnologia de Santa Catarina (IFSC)",
     ["Instituto Federal de Educação, Ciência e Tecnologia de Santa Catarina"]),
    # … not through a list of places or of organisations
    ("con la Universidad de Antioquia, Medellín y Bogotá", ["Universidad de Antioquia"]),
    ("la Embajada de Francia, Alemania y España", ["Embajada de Francia"]),
    ("la Universidad de Chile, Universidad de Lima", ["Universidad de Chile", "Universidad de Lima"]),
])
def test_org_name_spans(text, names):
    from extractor.extract.pipeline import analyse

    doc = analyse(text)
    assert [s.text for s in doc.spans["org_names"]] == names


def test_clean_mention_gives_a_fresh_mention_at_each_offset() -> None:
    # The parse of a name is cached; each call still gets its own Mention (resolve fills it in place).
    from extractor.extract.partners import clean_mention

    text = "  Agencia de Cooperación Internacional de Corea (KOICA), Corea del Sur"
    first = clean_mention(text, 100, "gazetteer")
    second = clean_mention(text, 500, "pattern")
    assert first is not None and second is not None and first is not second
    assert (first.name, first.acronym, first.country) == (second.name, second.acronym, second.country)
    assert second.start - first.start == 400 and first.end - first.start == len(first.name)
    assert second.source == "pattern"
    first.country, first.keys = "XX", {"x"}
    again = clean_mention(text, 100, "gazetteer")
    assert again is not None and again.country == second.country and again.keys == set()


def test_origin_nouns_of_several_words_match_across_a_line_break() -> None:
    # "personal administrativo de Antioquia": the place is where participants come from, even when the PDF
    # wrapped the line between the two words of the noun.
    from extractor.extract import _origin

    for gap in (" ", "\n", "  "):
        text = f"Viajó el personal{gap}administrativo de Antioquia a la misión."
        start = text.index("Antioquia")
        assert _origin(text, start, start + len("Antioquia"))
    text = "La misión se realizó en Antioquia con socios."
    start = text.index("Antioquia")
    assert not _origin(text, start, start + len("Antioquia"))


QUALIFIED_PLACES = """# Boletín de cooperación

**Primer trimestre de 2019**

## Movilidad internacional

### Pasantía en mecatrónica en Chungju (Corea del Sur)

Del 4 al 15 de marzo, doce aprendices se formaron en Chungju (Corea del Sur) con Korea Polytechnics.

### Misión a una feria agrícola

Siete instructores asistieron a la feria en Tulare, California (Estados Unidos), del 12 al 14 de febrero.

### Taller de cafés especiales

Del 18 al 20 de marzo se realizó un taller de catación en Pijao (Quindío) con veinticinco aprendices.

### Visita al Centro Minero

Diez aprendices visitaron el Centro Minero de Sogamoso (Boyacá) y la Universidad de Chungju (Corea del Sur).
"""


def test_places_named_with_their_country_or_department_are_venue_cities(tmp_path):
    """A place qualified by its country or department ("en Chungju (Corea del Sur)", "en Pijao (Quindío)")
    is a venue city even when the gazetteer does not know it; centres and organisations are not."""
    from extractor.extract import extract_activities
    from extractor.readers import read_document
    from extractor.segment import segment_document

    path = tmp_path / "b.md"
    path.write_text(QUALIFIED_PLACES, encoding="utf-8")
    doc = read_document(path)
    records = {a.title: a for a in extract_activities(doc, segment_document(doc))}
    chungju = records["Pasantía en mecatrónica en Chungju (Corea del Sur)"]
    assert chungju.cities == ["Chungju"] and chungju.countries == ["KR"]
    tulare = records["Misión a una feria agrícola"]
    assert tulare.cities == ["Tulare"] and tulare.countries == ["US"]
    assert records["Taller de cafés especiales"].cities == ["Pijao"]
    assert "Chungju" not in records["Visita al Centro Minero"].cities      # inside an organisation's name
    for activity in records.values():
        for v in activity.values:
            if v.field == "city":
                assert doc.text[v.evidence.start:v.evidence.end] == v.value


@pytest.mark.parametrize("written, name, acronym, country", [
    ("Convenio sobre la Diversidad Biológica (CDB) de las Naciones Unidas", "Convenio sobre la Diversidad Biológica",
     "CDB", None),                                                     # the parent after the acronym: dropped
    ("Instituto Nacional de Aprendizaje (INA) de Costa Rica", "Instituto Nacional de Aprendizaje", "INA", "CR"),
    ("Universidad de Chile (UChile)", "Universidad de Chile", "UChile", None),
    # a legal form after the acronym; an acronym after a comma
    ("Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ) GmbH",
     "Deutsche Gesellschaft für Internationale Zusammenarbeit", "GIZ", None),
    ("Organización de los Estados Americanos, OEA", "Organización de los Estados Americanos", "OEA", None),
    # a short name, then its spelled-out form or a description: the short name, as written first
    ("SECAP (Servicio Ecuatoriano de Capacitación Profesional)", "SECAP", "SECAP", None),
    ("Swisscontact (Fundación Suiza de Cooperación para el Desarrollo Técnico)", "Swisscontact", None, None),
    ("Ministerio de Relaciones Exteriores (Cancillería)", "Ministerio de Relaciones Exteriores", None, None),
])
def test_acronym_then_parent_or_country(written, name, acronym, country):
    from extractor.extract.partners import clean_mention

    m = clean_mention(written, 100, "field")
    assert (m.name, m.acronym, m.country, m.start) == (name, acronym, country, 100)


@pytest.mark.parametrize("written, parts", [
    ("Universidad de Antioquia y Nuffic", ["Universidad de Antioquia", "Nuffic"]),     # a name after "y"
    ("Business Finland y Omnia", ["Business Finland", "Omnia"]),
    # a common noun after "y" goes on with the name
    ("Centro Agronómico Tropical de Investigación y Enseñanza", ["Centro Agronómico Tropical de Investigación y "
                                                                "Enseñanza"]),
    ("Instituto de Ciencia y Tecnología", ["Instituto de Ciencia y Tecnología"]),
])
def test_partner_lists_split_at_names_not_at_common_nouns(written, parts):
    from extractor.extract.partners import split_partner_list

    assert [p for p, _ in split_partner_list(written)] == parts


@pytest.mark.parametrize("text, names", [
    # an English head after capitalised words: the name begins with them
    ("en la Savonia University of Applied Sciences", ["Savonia University of Applied Sciences"]),
    ("en el Galway-Mayo Institute of Technology (GMIT)", ["Galway-Mayo Institute of Technology"]),
    ("con el Korea Institute of Energy Research", ["Korea Institute of Energy Research"]),
    ("la Universidad de Salamanca", ["Universidad de Salamanca"]),          # Spanish order: unchanged
])
def test_english_heads_take_the_words_before_them(text, names):
    from extractor.extract.pipeline import analyse

    doc = analyse(text)
    assert [s.text for s in doc.spans["org_names"]] == names


def test_an_international_centre_after_y_is_another_partner():
    from extractor.extract.partners import split_partner_list

    assert [p for p, _ in split_partner_list("Federación Colombiana de Productores de Papa (Fedepapa) y Centro "
                                             "Internacional de la Papa")] == [
        "Federación Colombiana de Productores de Papa (Fedepapa)", "Centro Internacional de la Papa"]
    assert [p for p, _ in split_partner_list("Ministerio de Agricultura y Centro de Biotecnología")] == [
        "Ministerio de Agricultura y Centro de Biotecnología"]     # a SENA-style centre stays unsplit
