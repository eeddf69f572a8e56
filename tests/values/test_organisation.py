"""Organisation gazetteer: data integrity, lookup, text matching, implied country."""

from __future__ import annotations

import json
from collections import Counter

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.values._data import models_dir
from extractor.values.organisation import (
    ENTRY_TYPES,
    Entry,
    OrganisationGazetteer,
    implied_country,
    load_gazetteer,
    normalise_name,
)


@pytest.fixture(scope="module")
def gaz() -> OrganisationGazetteer:
    return load_gazetteer()


def ids(gaz: OrganisationGazetteer, text: str) -> list[str]:
    return [m.entry.id for m in gaz.find_in_text(text)]


# -- data integrity ------------------------------------------------------------------------


def test_gazetteer_size_and_schema(gaz: OrganisationGazetteer) -> None:
    raw = json.loads((models_dir() / "gazetteer/organisations.json").read_text(encoding="utf-8"))
    assert len(raw["organisations"]) >= 100
    counts = Counter(e["id"] for e in raw["organisations"])
    assert max(counts.values()) == 1
    valid_codes = {c.alpha_2 for c in pycountry.countries}
    for entry in gaz.entries:
        assert entry.type in ENTRY_TYPES, entry.id
        assert entry.country is None or entry.country in valid_codes, entry.id
        assert (entry.country is None) == (entry.type == "multilateral"), entry.id
        assert entry.parent is None or gaz.get(entry.parent) is not None, entry.id
    assert sum(e.type == "embassy" for e in gaz.entries) >= 30


def test_no_form_names_two_entries(gaz: OrganisationGazetteer) -> None:
    owners: dict[str, set[str]] = {}
    for entry in gaz.entries:
        for form in entry.surfaces():
            owners.setdefault(normalise_name(form), set()).add(entry.id)
    clashes = {form: owner for form, owner in owners.items() if len(owner) > 1}
    assert clashes == {}


def test_every_entry_finds_itself_by_every_form(gaz: OrganisationGazetteer) -> None:
    for entry in gaz.entries:
        for form in entry.surfaces():
            assert gaz.lookup(form) is entry, (entry.id, form)


# -- lookup --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("GIZ", "giz"),
        ("giz", "giz"),
        ("Deutsche Gesellschaft fur Internationale Zusammenarbeit", "giz"),
        ("Agencia Alemana de Cooperación Internacional (GIZ)", "giz"),
        ("Agencia de Cooperación Internacional de Corea – KOICA", "koica"),
        ("World Bank", "banco-mundial"),
        ("banco mundial", "banco-mundial"),
        ("OIT", "oit"),
        ("Organización Internacional del Trabajo", "oit"),
        ("OIT/Cinterfor", "oit-cinterfor"),
        ("OIT / CINTERFOR", "oit-cinterfor"),
        ("Cinterfor", "oit-cinterfor"),
        ("red OIT/Cinterfor", "oit-cinterfor"),
        ("Embajada de Canadá", "embajada-ca"),
        ("Embajada de Canada en Colombia", "embajada-ca"),
        ("CICan", "cican"),
        ("Colleges and Institutes Canada", "cican"),
        ("Embajada Británica", "embajada-gb"),
        ("Embajada de los Estados Unidos", "embajada-us"),
        ("Embajada de EE. UU.", "embajada-us"),
        ("Agencia Presidencial de Cooperación Internacional", "apc"),
        ("APC-Colombia", "apc"),
        ("SENAI", "senai"),
        ("Servicio Nacional de Aprendizaje Industrial", "senai"),
        ("DANIDA Fellowship Center", "dfc"),
        ("DANIDA", "danida"),
        ("Organizacion Internacional de Trabajo", "oit"),  # fuzzy: one letter off
        ("Agencia de Cooperacion Internacional del Japon", "jica"),
        ("JICA (Japón)", "jica"),
    ],
)
def test_lookup(gaz: OrganisationGazetteer, query: str, expected: str) -> None:
    entry = gaz.lookup(query)
    assert entry is not None and entry.id == expected


@pytest.mark.parametrize(
    "query",
    [
        "",
        "---",
        "Embajada de Suecia en Colombia" + " ",  # exact, then checked below against Suiza
        "Stichting Nonexistent Groep",
        "JICA y KOICA",  # two bodies: no single answer
        "GI",
        "Colegio Técnico de Cali",
    ],
)
def test_lookup_unknown_or_ambiguous(gaz: OrganisationGazetteer, query: str) -> None:
    entry = gaz.lookup(query)
    if query.startswith("Embajada de Suecia"):
        assert entry is not None and entry.id == "embajada-se"
    else:
        assert entry is None


@pytest.mark.parametrize(
    ("query", "must_not_be"),
    [
        ("Embajada de Suiza", "embajada-se"),
        ("Embajada de Austria", "embajada-au"),
        ("Embajada de Australia", "embajada-at"),
        ("Embajada de Canadá", "cican"),
        ("Embajada de Filipinas en Colombia", "embajada-fi"),
        ("Embajada de Eslovaquia", "embajada-cz"),
        ("Agencia de Cooperación Internacional de Chile", "koica"),
    ],
)
def test_fuzzy_never_merges_distinct_bodies(gaz: OrganisationGazetteer, query: str, must_not_be: str) -> None:
    entry = gaz.lookup(query)
    assert entry is None or entry.id != must_not_be


def test_fuzzy_is_not_applied_to_acronyms(gaz: OrganisationGazetteer) -> None:
    assert gaz.lookup("GIZZ") is None
    assert gaz.lookup("KOICAA") is None


# -- text matching -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Reunión de la red OIT/Cinterfor en Lima", ["oit-cinterfor"]),
        ("alianza con OIT / CINTERFOR", ["oit-cinterfor"]),
        ("apoyo de la OIT y del BID", ["oit", "bid"]),
        ("con JICA y APC Colombia", ["jica", "apc"]),
        ("con la Embajada de Japón en Colombia y JICA", ["embajada-jp", "jica"]),
        ("la Embajada de Dinamarca y el DANIDA Fellowship Centre", ["embajada-dk", "dfc"]),
        ("Colleges and Institutes Canada (CICan) y la Embajada de Canadá", ["cican", "embajada-ca"]),
        ("Agencia Alemana de Cooperación Internacional – GIZ", ["giz"]),
        ("El ACNUR y la OIM atienden migrantes", ["acnur", "oim"]),
        ("la UNESCO y el Centro Internacional UNESCO-UNEVOC", ["unesco", "unevoc"]),
        ("el SENAI de Brasil y el SENATI del Perú", ["senai", "senati"]),
        ("con la Cancillería de Colombia", ["cancilleria-de-colombia"]),
    ],
)
def test_find_in_text(gaz: OrganisationGazetteer, text: str, expected: list[str]) -> None:
    assert ids(gaz, text) == expected


def test_merged_mention_keeps_offsets(gaz: OrganisationGazetteer) -> None:
    text = "Aliado: Colleges and Institutes Canada (CICan), Ottawa"
    (match,) = gaz.find_in_text(text)
    assert match.surface == "Colleges and Institutes Canada (CICan)"
    assert text[match.start : match.end] == match.surface


@pytest.mark.parametrize(
    "text",
    [
        "la giz y la oit",  # acronyms are case-sensitive
        "el inglés básico",
        "el ABC del contrato de aprendizaje",  # ABC (Brasil) is lookup-only
        "un BM de pruebas",  # two-letter acronyms are lookup-only
        "Ministerio de Relaciones Exteriores de Chile",  # not Colombia's
        "Ministerio de Trabajo de la India",
        "Gigazeta",
    ],
)
def test_find_in_text_traps(gaz: OrganisationGazetteer, text: str) -> None:
    assert ids(gaz, text) == []


def test_qualifier_of_the_same_country_is_kept(gaz: OrganisationGazetteer) -> None:
    assert ids(gaz, "Ministerio de Relaciones Exteriores de Colombia") == ["cancilleria-de-colombia"]


def test_phrases(gaz: OrganisationGazetteer) -> None:
    phrases = list(gaz.phrases())
    assert ("OIT/Cinterfor", "oit-cinterfor") in phrases
    assert ("GIZ", "giz") in phrases
    assert ("BM", "banco-mundial") not in phrases  # too short for running text
    assert ("ABC", "abc") not in phrases
    assert {entry_id for _s, entry_id in phrases} == {e.id for e in gaz.entries}


def test_custom_gazetteer() -> None:
    gaz = OrganisationGazetteer(
        [Entry("x", "Instituto Ejemplo de Formación", "IEF", ("Ejemplo Institute",), "PE", "training_institute")]
    )
    assert [m.entry.id for m in gaz.find_in_text("con el IEF y el Instituto Ejemplo de Formacion")] == ["x", "x"]
    assert gaz.lookup("ief") is not None
    assert gaz.lookup("Instituto Ejemplo de Formaciones") is not None  # fuzzy
    assert gaz.lookup("Otro") is None


# -- implied country -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Embajada de Canadá en Colombia", "CA"),
        ("Embajada de Filipinas en Colombia", "PH"),  # not in the gazetteer: the rule applies
        ("Embajada de los Estados Unidos", "US"),
        ("Embajada Británica", "GB"),
        ("Embajada de Colombia en Japón", "CO"),
        ("Consulado General de México en Medellín", "MX"),
        ("Agencia Alemana de Desarrollo Sostenible", "DE"),
        ("Gobierno de Japón", "JP"),
        ("Ministerio de Educación de Chile", "CL"),
        ("Universidad de Chile", "CL"),
        ("Universidad Nacional de Colombia", "CO"),
        ("Instituto Técnico Ferroviario de Tianjin", "CN"),
        ("Universidad de Ciencias Aplicadas de Múnich", "DE"),
        ("JICA", "JP"),
        ("KOICA", "KR"),
        ("Cooperación Técnica Coreana", "KR"),
        ("Instituto Cultural Brasil Colombia", "BR"),
        ("Fundación Ejemplo (Países Bajos)", "NL"),
    ],
)
def test_implied_country(name: str, code: str) -> None:
    assert implied_country(name) == code


@pytest.mark.parametrize(
    "name",
    [
        "Banco Mundial",
        "OIT/Cinterfor",
        "Unión Europea",
        "Fundación Ejemplo",
        "Universidad de Valencia",  # Valencia is in Spain and Venezuela
        "Universidad de Santander",  # a department name, not the Spanish city
        "",
    ],
)
def test_no_implied_country(name: str) -> None:
    assert implied_country(name) is None


def test_normalise_name() -> None:
    assert normalise_name("  Agencia  Alemana de Cooperación – GIZ ") == "agencia alemana de cooperacion giz"
    assert normalise_name("OIT/Cinterfor") == normalise_name("OIT / CINTERFOR")
    assert normalise_name("") == ""


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_property_no_crash_and_offsets(text: str) -> None:
    gaz = load_gazetteer()
    found = gaz.find_in_text(text)
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.surface
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))
    gaz.lookup(text)
    implied_country(text)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["OIT", "/", "Cinterfor", "GIZ", "–", "Embajada", "de", "Canadá", "(", ")", "y", "BID"]),
        max_size=25,
    )
)
def test_property_vocabulary(words: list[str]) -> None:
    text = " ".join(words)
    for m in load_gazetteer().find_in_text(text):
        assert text[m.start : m.end] == m.surface
