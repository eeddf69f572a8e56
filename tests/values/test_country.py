"""Countries in Spanish text: names, aliases, demonyms, traps, look-ups."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.values.country import (
    country_code,
    country_name,
    find_countries,
    fold,
    inflect,
    tokenise,
)


def codes(text: str, **kwargs: bool) -> list[str]:
    return [m.code for m in find_countries(text, **kwargs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Misión técnica a Japón y Corea del Sur", ["JP", "KR"]),
        ("Convenio con una universidad de Corea", ["KR"]),
        ("visita a Estados Unidos", ["US"]),
        ("visita a los EE. UU. en mayo", ["US"]),
        ("becas en EEUU y EE.UU.", ["US", "US"]),
        ("pasantía en los Países Bajos", ["NL"]),
        ("pasantía en Holanda", ["NL"]),
        ("Reino Unido y Emiratos Árabes Unidos", ["GB", "AE"]),
        ("ferias en República Checa", ["CZ"]),
        ("sede en San José, Costa Rica", ["CR"]),
        ("delegación del Perú y de Peru", ["PE", "PE"]),
        ("Sudáfrica, Nueva Zelanda y Arabia Saudita", ["ZA", "NZ", "SA"]),
        ("Colombia", ["CO"]),
        ("trabajo con Germany and Japan", ["DE", "JP"]),
        ("MISIÓN A ALEMANIA", ["DE"]),
        ("viaje a Mexico y Espana", ["MX", "ES"]),
        ("Côte d'Ivoire y Costa de Marfil", ["CI", "CI"]),
        ("la República Dominicana", ["DO"]),
        ("Birmania", ["MM"]),
    ],
)
def test_country_names_and_aliases(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("con la cooperación coreana", ["KR"]),
        ("Gracias al Gobierno danés", ["DK"]),
        ("la Agencia Alemana de Cooperación", ["DE"]),
        ("expertos japoneses y canadienses", ["JP", "CA"]),
        ("empresas estadounidenses", ["US"]),
        ("la embajada española y la francesa", ["ES", "FR"]),
        ("el Consejo Británico", ["GB"]),
        ("inversión china", ["CN"]),
        ("aprendices brasileños y mexicanas", ["BR", "MX"]),
        ("socios italianos", ["IT"]),
        ("el Gobierno francés", ["FR"]),
        ("un instructor colombiano", ["CO"]),
        ("empresas neerlandesas", ["NL"]),
        ("la delegación costarricense", ["CR"]),
    ],
)
def test_demonyms(text: str, expected: list[str]) -> None:
    assert codes(text) == expected
    assert all(m.via == "demonym" for m in find_countries(text))


@pytest.mark.parametrize(
    "text",
    [
        "formación en idioma portugués",
        "curso de francés para instructores",
        "clases de inglés nivel B1",
        "Inglés para aprendices",
        "programa de bilingüismo en lengua inglesa",
        "aprender alemán y japonés",
        "traducción al español",
    ],
)
def test_languages_are_not_countries(text: str) -> None:
    assert codes(text) == []


def test_language_cue_does_not_hide_feminine_demonym_after_de() -> None:
    assert codes("la cooperación de la embajada francesa") == ["FR"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Guinea Ecuatorial", ["GQ"]),
        ("Guinea", ["GN"]),
        ("Papúa Nueva Guinea", ["PG"]),
        ("Corea del Norte y Corea", ["KP", "KR"]),
        ("Sudán del Sur", ["SS"]),
        ("Irlanda del Norte", ["GB"]),
        ("Irlanda", ["IE"]),
        ("República Democrática del Congo", ["CD"]),
        ("Costa Rica", ["CR"]),
    ],
)
def test_longest_match_wins(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Reunión Regional de Responsables de Cooperación",
        "la reunion de seguimiento",
        "proyectos en América Latina, Europa y Asia",
        "Latinoamérica y el Caribe",
        "cooperación con la Unión Europea",
        "salsa de chile y una malta fría",
        "la cuba de agua",
        "en Granada, Meta",
        "la Virgen de Guadalupe",
        "Santa Elena, Medellín",
        "un jersey de lana",
        "Georgia Tech",
        "Diego García, instructor",
        "Montserrat Pérez",
        "10 US$",
    ],
)
def test_traps_are_not_countries(text: str) -> None:
    assert codes(text) == []


def test_colombian_homonyms_need_opt_in() -> None:
    text = "visita a Armenia, Quindío y a Puerto Rico, Caquetá"
    assert codes(text) == []
    found = find_countries(text, include_ambiguous=True)
    assert [(m.code, m.via) for m in found] == [("AM", "ambiguous"), ("PR", "ambiguous")]


def test_abbreviations_are_case_sensitive() -> None:
    assert codes("usa la herramienta") == []
    assert codes("viajó a USA") == ["US"]
    assert codes("ee uu") == []


def test_offsets_and_surface() -> None:
    text = "Aliado: U.S. Soybean Export Council (Estados Unidos)"
    found = find_countries(text)
    assert [(m.code, m.surface) for m in found] == [("US", "U.S."), ("US", "Estados Unidos")]
    for m in found:
        assert text[m.start : m.end] == m.surface


def test_abbreviation_keeps_its_final_dot() -> None:
    (match,) = find_countries("en EE. UU. hay")
    assert match.surface == "EE. UU."


def test_names_across_a_line_break_but_not_a_paragraph() -> None:
    assert codes("Corea del\nSur") == ["KR"]
    assert codes("Guinea\n\nEcuatorial Guinea") == ["GN", "GN"]


def test_word_boundaries() -> None:
    assert codes("Omaña y Perúes") == []
    assert codes("Indiana e Irán") == ["IR"]


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Japón", "JP"),
        ("japon", "JP"),
        ("Japan", "JP"),
        ("JP", "JP"),
        ("jp", "JP"),
        ("JPN", "JP"),
        ("Corea", "KR"),
        ("Estados Unidos", "US"),
        ("EE. UU.", "US"),
        ("Holanda", "NL"),
        ("Reino Unido", "GB"),
        ("alemana", "DE"),
        ("Georgia", "GE"),
        ("Reunión", "RE"),
        ("Alemaina", "DE"),
        ("  España ", "ES"),
    ],
)
def test_country_code(name: str, code: str) -> None:
    assert country_code(name) == code


@pytest.mark.parametrize("name", ["", "   ", "XX", "Europa", "Atlántida", "Suiz", "América Latina"])
def test_country_code_unknown(name: str) -> None:
    assert country_code(name) is None


def test_country_name() -> None:
    assert country_name("DE") == "Alemania"
    assert country_name("de") == "Alemania"
    assert country_name("CI") == "Costa de Marfil"
    assert country_name("DE", lang="en") == "Germany"
    assert country_name("ZZ") is None
    assert country_name("") is None


def test_inflection() -> None:
    assert inflect("alemán") == ["alemán", "alemana", "alemanes", "alemanas"]
    assert inflect("francés") == ["francés", "francesa", "franceses", "francesas"]
    assert inflect("canadiense") == ["canadiense", "canadienses"]
    assert inflect("chino") == ["chino", "china", "chinos", "chinas"]
    assert inflect("español") == ["español", "española", "españoles", "españolas"]
    assert inflect("marroquí") == ["marroquí", "marroquíes", "marroquís"]


def test_fold_keeps_length_and_enye() -> None:
    for text in ["Bogotá", "año", "İstanbul", "Ñandú", "ﬁn", "straße", "e\u0301"]:
        assert len(fold(text)) == len(text)
    assert fold("Perú") == "peru"
    assert fold("Año") == "año"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_property_no_crash_and_offsets(text: str) -> None:
    for m in find_countries(text, include_ambiguous=True):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.surface
        assert len(m.code) == 2


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["Japón", "y", "EE. UU.", "Corea del Sur", ",", "danés", "de", "\n", "Perú", "la"]),
        max_size=30,
    )
)
def test_property_phrases_from_vocabulary(words: list[str]) -> None:
    text = " ".join(words)
    found = find_countries(text)
    assert all(text[m.start : m.end] == m.surface for m in found)
    assert [m.start for m in found] == sorted(m.start for m in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


def test_tokenise_spans() -> None:
    toks = tokenise("Hola, EE. UU.")
    assert toks.lower == ("hola", "ee", "uu")
    assert [toks.text[s:e] for s, e in toks.spans] == ["Hola", "EE", "UU"]


# -- Tokens.within: a clause's tokens cut from its text's tokens -----------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Participaron aprendices de Antioquia. Luego, N. de Santander y Valle del Cauca; fin", 0, 36),
        ("Participaron aprendices de Antioquia. Luego, N. de Santander y Valle del Cauca; fin", 38, 78),
        ("Bogotá, D.C.\nCórdoba (Argentina)", 13, 32),
        ("", 0, 0),
    ],
)
def test_within_is_tokenise_of_the_slice(text: str, start: int, end: int) -> None:
    assert tokenise(text).within(start, end) == tokenise(text[start:end])


def test_within_refuses_to_cut_a_token() -> None:
    assert tokenise("Antioquia y Caldas").within(2, 11) is None
    assert tokenise("Antioquia y Caldas").within(0, 15) is None


def test_within_refuses_context_dependent_folding() -> None:
    # A capital sigma lower-cases by its context: the slice folds on its own.
    text = "ΟΔΟΣΑ ΟΔΟΣ"
    cut = tokenise(text).within(0, 4)
    assert cut is None or cut == tokenise(text[:4])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="aAéÉñÑİΣσ .,-/&'·\n()1\u2013", max_size=30), st.data())
def test_within_matches_tokenise(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    cut = tokenise(text).within(start, end)
    assert cut is None or cut == tokenise(text[start:end])


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab ÁéñΣς.,-/\n_1\t'·&", max_size=30))
def test_tokenise_spans_are_the_word_runs_of_the_folded_text(text: str) -> None:
    import re

    toks = tokenise(text)
    runs = list(re.finditer(r"\w+", toks.folded))
    assert toks.spans == tuple(m.span() for m in runs)
    assert toks.lower == tuple(m.group() for m in runs)
    assert len(toks.joinable) == max(len(runs), 1) and toks.joinable[-1] is False
