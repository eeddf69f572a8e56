"""Colombian departments (ISO 3166-2:CO) in text, lenient and strict."""

from __future__ import annotations

import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.values.department import department_code, department_name, find_departments


def codes(text: str, strict: bool = False) -> list[str]:
    return [m.code for m in find_departments(text, strict=strict)]


def test_every_official_department_is_found() -> None:
    for sub in pycountry.subdivisions.get(country_code="CO"):
        assert codes(sub.name) == [sub.code], sub.name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Regionales: Antioquia, Cundinamarca y Risaralda", ["CO-ANT", "CO-CUN", "CO-RIS"]),
        ("Norte de Santander y Santander", ["CO-NSA", "CO-SAN"]),
        ("Valle del Cauca, Cauca y Valle", ["CO-VAC", "CO-CAU", "CO-VAC"]),
        ("Bogotá, D.C.", ["CO-DC"]),
        ("Bogotá D.C. y Bogota", ["CO-DC", "CO-DC"]),
        ("Distrito Capital", ["CO-DC"]),
        ("regional Distrito Capital de Bogotá", ["CO-DC"]),
        ("San Andrés y Providencia", ["CO-SAP"]),
        ("Archipiélago de San Andrés, Providencia y Santa Catalina", ["CO-SAP"]),
        ("San Andrés", ["CO-SAP"]),
        ("La Guajira y Guajira", ["CO-LAG", "CO-LAG"]),
        ("Narino, Nariño, Quindio, Vaupes, Guainia", ["CO-NAR", "CO-NAR", "CO-QUI", "CO-VAU", "CO-GUA"]),
        ("CHOCÓ Y BOYACÁ", ["CO-CHO", "CO-BOY"]),
        ("Atlántico; Bolívar; Sucre; Córdoba", ["CO-ATL", "CO-BOL", "CO-SUC", "CO-COR"]),
        ("Caquetá y Putumayo", ["CO-CAQ", "CO-PUT"]),
    ],
)
def test_names_and_aliases(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Santander de Quilichao",
        "el Valle de Aburrá",
        "el río Magdalena y el río Cauca",
        "Banco Santander",
        "Simón Bolívar",
        "el océano Atlántico",
        "Córdoba, Argentina",
        "Santander (España)",
        "San Andrés de Tumaco",
        "Metallica y metas",
        "Santanderes",
        "Antonio Nariño",
    ],
)
def test_not_departments_in_any_mode(text: str) -> None:
    assert codes(text) == []
    assert codes(text, strict=True) == []


@pytest.mark.parametrize(
    "text",
    [
        "la meta de formar 500 aprendices",
        "La Meta del plan",
        "LA META ES CLARA",
        "una Meta ambiciosa",
        "cesar actividades",
        "el Valle de Tenza",
        "la magdalena",
        "caldas termales",
    ],
)
def test_strict_rejects_common_words(text: str) -> None:
    assert codes(text, strict=True) == []


def test_lenient_mode_takes_lower_case_lists() -> None:
    assert codes("regionales: meta, cesar y atlántico") == ["CO-MET", "CO-CES", "CO-ATL"]
    assert codes("regionales: meta, cesar y atlántico", strict=True) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Regional Meta y Regional Santander", ["CO-MET", "CO-SAN"]),
        ("el departamento del Meta", ["CO-MET"]),
        ("Meta, Distrito Capital y Santander", ["CO-MET", "CO-DC", "CO-SAN"]),
        ("aprendices del Cesar y de Sucre", ["CO-CES", "CO-SUC"]),
        ("la Guajira", ["CO-LAG"]),
        ("Bogotá y Tolima", ["CO-DC", "CO-TOL"]),
    ],
)
def test_strict_keeps_real_mentions(text: str, expected: list[str]) -> None:
    assert codes(text, strict=True) == expected


def test_offsets_and_surface() -> None:
    text = "Impacto en Norte de Santander, Bogotá, D.C. y Valle."
    found = find_departments(text)
    assert [m.surface for m in found] == ["Norte de Santander", "Bogotá, D.C.", "Valle"]
    for m in found:
        assert text[m.start : m.end] == m.surface


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Valle", "CO-VAC"),
        ("valle del cauca", "CO-VAC"),
        ("CO-VAC", "CO-VAC"),
        ("co-vac", "CO-VAC"),
        ("VAC", "CO-VAC"),
        ("DC", "CO-DC"),
        ("Bogotá D.C.", "CO-DC"),
        ("Distrito Capital", "CO-DC"),
        ("Narino", "CO-NAR"),
        ("San Andrés", "CO-SAP"),
        ("Guajira", "CO-LAG"),
        ("Norte de Santander", "CO-NSA"),
        ("santander", "CO-SAN"),
    ],
)
def test_department_code(name: str, code: str) -> None:
    assert department_code(name) == code


@pytest.mark.parametrize("name", ["", "CO-XYZ", "Antioquía del Sur", "Medellín", "XX"])
def test_department_code_unknown(name: str) -> None:
    assert department_code(name) is None


def test_department_name() -> None:
    assert department_name("CO-VAC") == "Valle del Cauca"
    assert department_name("co-dc") == "Bogotá, D.C."
    assert department_name("CO-XX") is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.booleans())
def test_property_no_crash_and_offsets(text: str, strict: bool) -> None:
    found = find_departments(text, strict=strict)
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.surface
        assert m.code.startswith("CO-")
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Meta", "la", "Valle", "del", "Cauca", "Norte", "de", "Santander", ",", "río", "\n"]),
        max_size=25,
    ),
    st.booleans(),
)
def test_property_vocabulary(words: list[str], strict: bool) -> None:
    text = " ".join(words)
    for m in find_departments(text, strict=strict):
        assert text[m.start : m.end] == m.surface


def test_departments_in_clause_tokens_match_find_departments() -> None:
    from extractor.values.country import tokenise
    from extractor.values.department import departments_in

    text = "Aprendices de la regional Meta; visita a Santander (España). La meta de Cesar actividades."
    semicolon, stop = text.index(";"), text.index(").") + 1
    for start, end in [(0, semicolon), (semicolon + 1, stop), (stop + 1, len(text))]:
        cut = tokenise(text).within(start, end)
        assert cut is not None
        for strict in (False, True):
            assert departments_in(cut, strict) == find_departments(text[start:end], strict)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Meta", "la", "La", "Guajira", "Valle", "del", "Cauca", "Norte", "de", "Santander", ",",
                         "río", "San", "Andrés", ";", ".", "\n", "Bogotá", "D.C.", "x"]),
        max_size=25,
    ),
    st.booleans(),
)
def test_clauses_without_department_offsets_have_no_departments(words: list[str], strict: bool) -> None:
    # _regionales skips the clauses of an item holding none of the offsets department_offsets lists.
    from extractor.values.country import tokenise
    from extractor.values.department import department_offsets, departments_in

    text = " ".join(words)
    toks = tokenise(text)
    offsets = department_offsets(toks)
    bounds = sorted({0, len(text)} | {i + k for i, c in enumerate(text) if c in ";.,\n" for k in (0, 1)})
    for start in bounds:
        for end in (b for b in bounds if b >= start):
            cut = toks.within(start, end)
            if cut is not None and not any(start <= o < end for o in offsets):
                assert departments_in(cut, strict) == []
