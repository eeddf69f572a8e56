"""Counts of people and the beneficiaries total of an item."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.values.count import find_people_counts, total_beneficiaries


def counts(text: str) -> list[tuple[int, str | None, str]]:
    return [(c.value, c.noun, c.role) for c in find_people_counts(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Se formaron 170 beneficiarios en total.", [(170, "beneficiario", "inline")]),
        ("postuló a cuatro instructores de carrera", [(4, "instructor", "inline")]),
        ("participaron ciento veinte aprendices", [(120, "aprendiz", "inline")]),
        ("asistieron 1.200 personas", [(1200, "persona", "inline")]),
        ("con 38 nuevos aprendices", [(38, "aprendiz", "inline")]),
        ("120 de nuestros egresados", [(120, "egresado", "inline")]),
        ("dos servidores públicos", [(2, "servidor público", "inline")]),
        ("veintidós jovenes rurales", [(22, "joven", "inline")]),
        ("15 Mujeres emprendedoras", [(15, "mujer", "inline")]),
        ("3 DOCENTES", [(3, "docente", "inline")]),
        ("12 becarias", [(12, "becario", "inline")]),
        ("Beneficiarios: 3", [(3, "beneficiario", "labelled")]),
        ("Beneficiarios: 4 instructores de la red ambiental", [(4, "instructor", "labelled")]),
        ("Participantes: 25 aprendices", [(25, "aprendiz", "labelled")]),
        ("Número de beneficiarios: ciento veinte", [(120, "beneficiario", "labelled")]),
        ("- **Asistentes:** 60", [(60, "asistente", "labelled")]),
        ("Población beneficiada – 45", [(45, "beneficiario", "labelled")]),
        ("Aprendices\t18", [(18, "aprendiz", "labelled")]),
        ("Beneficiarios: 2 (representantes de la Agencia)", [(2, "representante", "labelled")]),
        (
            "Beneficiarios: 15 (12 aprendices y 3 instructores)",
            [(15, "aprendiz", "labelled"), (12, "aprendiz", "breakdown"), (3, "instructor", "breakdown")],
        ),
        (
            "300 personas, de las cuales 120 mujeres",
            [(300, "persona", "inline"), (120, "mujer", "breakdown")],
        ),
    ],
)
def test_find_people_counts(text: str, expected: list[tuple[int, str, str]]) -> None:
    assert counts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "131 regionales y 39 centros",
        "en 35 municipios de 8 departamentos y 4 países",
        "12 proyectos, 40 horas, 3 días, 2 semanas y 6 meses",
        "30 cursos para aprendices",
        "un aporte de USD 50.000 para aprendices",
        "$ 1.200 millones para jóvenes",
        "50.000 euros para aprendices",
        "el 25% de los aprendices",
        "el 40 por ciento de las mujeres",
        "el 24 de marzo aprendices y docentes",
        "Alianzas con Resultados 2025",
        "en 2026 los aprendices",
        "el 1.º de los aprendices",
        "Resolución 1234 aprendices",
        "Cobertura: 8 regionales",
        "Número de regionales: 8",
        "una delegación de representantes",
        "3,5 personas",
    ],
)
def test_not_people_counts(text: str) -> None:
    assert total_beneficiaries(text) is None
    assert all(c.role != "labelled" and c.role != "inline" or c.weak for c in find_people_counts(text))


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Beneficiarios: 3", 3),
        ("Beneficiarios: 3 (instructores y personal administrativo del SENA)", 3),
        ("Participaron 25 aprendices y 5 instructores.", 30),
        ("Participaron 15 (12 aprendices y 3 instructores).", 15),
        ("Beneficiarios: 15 (12 aprendices y 3 instructores)", 15),
        ("Beneficiarios: 4 instructores", 4),
        ("Beneficiarios: 25 aprendices y 5 instructores", 30),
        ("El SENA postuló a cuatro instructores.", 4),
        ("- Curso en Acuicultura: 38 beneficiarios\n- Curso en Porcicultura: 44 beneficiarios", 82),
        ("Taller A: 20 beneficiarios\nTaller B: 20 beneficiarios", 40),
        (
            "131 beneficiarios | 32 regionales | 39 centros\n"
            "204 beneficiarios | 31 regionales | 74 centros\n"
            "155 beneficiarios | 27 regionales | 60 centros",
            490,
        ),
        ("Beneficiarios: 4 instructores (en selección).\nSe postuló a cuatro instructores.", 4),
        ("Beneficiarios: 3\nLos 3 instructores visitaron la planta.", 3),
        ("Viajaron 20 aprendices. Los 20 aprendices presentaron sus proyectos.", 20),
        ("Total de beneficiarios: 22\nBeneficiarios curso 1: 10\nBeneficiarios curso 2: 12", 22),
        ("Aprendices: 30 | Instructores: 5", 35),
        ("Participaron 40 personas. Asistieron 30 aprendices y 10 instructores.", 40),
        ("Se capacitaron 300 personas, entre ellas 120 mujeres y 80 jóvenes.", 300),
        ("Un instructor y 20 aprendices viajaron a Lima.", 21),
        ("dos servidores públicos y tres delegados", 5),
        ("formación de 2 semanas para 20 aprendices de 3 regionales", 20),
        ("Con recursos por USD 50.000 se formaron 30 aprendices.", 30),
        ("1,5 millones de personas", 1500000),
        ("Doscientos cincuenta jóvenes y una docena de docentes", 262),
    ],
)
def test_total_beneficiaries(text: str, value: int) -> None:
    total = total_beneficiaries(text)
    assert total is not None
    assert total.value == value
    assert not total.approximate
    for start, end in total.spans:
        assert 0 <= start < end <= len(text)


def test_labelled_wins_over_prose() -> None:
    text = "Beneficiarios: 2 (representantes)\nEn el evento participaron más de 300 personas de 12 países."
    total = total_beneficiaries(text)
    assert total is not None and total.value == 2 and total.rule == "labelled"


def test_approximate_only_is_flagged() -> None:
    text = "destacando la formación de más de 800 personas y la intervención en 35 municipios"
    total = total_beneficiaries(text)
    assert total is not None
    assert (total.value, total.approximate) == (800, True)
    assert text[total.parts[0].start : total.parts[0].end] == "800 personas"


def test_exact_preferred_over_approximate() -> None:
    text = "Viajaron 12 aprendices. El programa ha beneficiado a cerca de 5.000 jóvenes desde 2019."
    total = total_beneficiaries(text)
    assert total is not None and (total.value, total.approximate) == (12, False)


def test_lone_article_is_not_a_count() -> None:
    assert total_beneficiaries("La embajada envió un representante a la reunión.") is None
    assert total_beneficiaries("Beneficiarios: un instructor").value == 1  # type: ignore[union-attr]


def test_evidence_of_labelled_count_includes_label() -> None:
    text = "Destino: Lima, Perú\nBeneficiarios: 3 (instructores)\nRegionales: Meta"
    (count,) = find_people_counts(text)
    assert text[count.start : count.end] == "Beneficiarios: 3"
    assert text[count.number_start : count.number_end] == "3"


_COUNTY = st.sampled_from(
    ["Beneficiarios", ":", "25", "1.200", "cuatro", "un", "y", "aprendices", "instructores", "(", ")", "de los cuales",
     "más de", "regionales", "USD", "%", "2026", "de marzo", "los", "\n", "|", "personas", "ciento", "1,5", "-", "*"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_COUNTY, max_size=14).map(" ".join))
def test_count_properties(text: str) -> None:
    found = find_people_counts(text)
    for c in found:
        assert 0 <= c.start < c.end <= len(text)
        assert c.start <= c.number_start < c.number_end <= c.end
        assert c.value >= 0
    total = total_beneficiaries(text)
    if total is not None:
        assert total.value == sum(p.value for p in total.parts)
        assert all(p in found for p in total.parts)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=100))
def test_count_any_text(text: str) -> None:
    for c in find_people_counts(text):
        assert 0 <= c.start < c.end <= len(text)
    total_beneficiaries(text)


def test_label_in_merged_line() -> None:
    text = "Destino: Nigrán, España Beneficiarios: 3 Regionales impactadas: Meta"
    (count,) = find_people_counts(text)
    assert (count.value, count.role, text[count.start : count.end]) == (3, "labelled", "Beneficiarios: 3")
    # a lower-case noun before a separator is not a label
    assert total_beneficiaries("131 beneficiarios: 32 regionales") .value == 131  # type: ignore[union-attr]


@pytest.mark.parametrize("text, total", [
    ("Se desarrollaron dos cursos: el primero con 45 instructores y el segundo con 38.", 83),
    ("un taller para 40 aprendices de Antioquia y 20 de Caldas", 60),
    ("tres expertos del SENATI acompañaron a 150 instructores", 150),     # those who deliver are not counted
    ("Llegaron dos voluntarios de KOICA.", 2),                          # unless nobody else is
    ("NÚMERO DE PARTICIPANTES: Dos grupos de 25 instructores", 50),
    ("tres cohortes de 30 aprendices", 90),
    ("en 2024 y 2025 se formaron 30 aprendices", 30),                   # years are not coordinated counts
    # a count itemised on the list lines after it is not added again …
    ("siete instructores visitaron el INTA. Participaron:\n- Huila: 3 instructores\n- Tolima: 2 instructores\n"
     "- Nariño: 2 instructores", 7),
    ("Se formaron 40 aprendices:\n• 25 de Antioquia\n• 15 de Caldas", 40),
    # … but list lines that do not add up to it are other people
    ("Viajaron 20 aprendices.\n- Huila: 3 instructores\n- Tolima: 2 instructores", 25),
    ("Viajaron 5 aprendices.\n- Huila: 5 instructores", 10),                # one line is no itemisation
    # a goal stated beside the activity's own count is not its beneficiaries …
    ("dieciocho instructores se formaron en soldadura. La empresa donó equipos por USD 95.000 y se propone "
     "certificar a 1.050 aprendices hasta 2024.", 18),
    ("Participaron 20 aprendices; se espera que 40 instructores más se sumen en 2025.", 20),
    # … but a goal alone is all the item says
    ("Se espera formar a 300 aprendices.", 300),
])
def test_totals_beyond_simple_sums(text, total):
    result = total_beneficiaries(text)
    assert result is not None and result.value == total
