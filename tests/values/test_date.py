"""Spanish date expressions: days, ranges, months, quarters, open ends, periods."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.values.date import (DateSpan, find_dates, find_field_dates, parse_period, quarter_bounds,
                                   semester_bounds)

D = date


def only(text: str, default_year: int | None = 2026) -> DateSpan:
    spans = find_dates(text, default_year)
    assert len(spans) == 1, spans
    return spans[0]


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        # single days
        ("El 20 de marzo de 2026 se realizó el comité.", D(2026, 3, 20), D(2026, 3, 20), "day"),
        ("se reunieron el 19 de enero", D(2026, 1, 19), D(2026, 1, 19), "day"),
        ("el 5 de Junio del 2025", D(2025, 6, 5), D(2025, 6, 5), "day"),
        ("el 1.º de abril de 2026", D(2026, 4, 1), D(2026, 4, 1), "day"),
        ("el 1° de abril", D(2026, 4, 1), D(2026, 4, 1), "day"),
        ("el 1º de octubre", D(2026, 10, 1), D(2026, 10, 1), "day"),
        ("el primero de abril", D(2026, 4, 1), D(2026, 4, 1), "day"),
        ("el veinticinco de julio de 2024", D(2024, 7, 25), D(2024, 7, 25), "day"),
        ("el martes 3 de marzo", D(2026, 3, 3), D(2026, 3, 3), "day"),
        ("el Miércoles, 4 de febrero de 2026", D(2026, 2, 4), D(2026, 2, 4), "day"),
        ("marzo 3 de 2026", D(2026, 3, 3), D(2026, 3, 3), "day"),
        ("Agosto 15, 2025", D(2025, 8, 15), D(2025, 8, 15), "day"),
        ("3 mar. 2026", D(2026, 3, 3), D(2026, 3, 3), "day"),
        ("el 14 sept. de 2025", D(2025, 9, 14), D(2025, 9, 14), "day"),
        ("15 de Setiembre de 2025", D(2025, 9, 15), D(2025, 9, 15), "day"),
        ("el 9 DE DICIEMBRE DE 2025", D(2025, 12, 9), D(2025, 12, 9), "day"),
        ("29 de febrero de 2024", D(2024, 2, 29), D(2024, 2, 29), "day"),
        ("fecha: 03/05/2026", D(2026, 5, 3), D(2026, 5, 3), "day"),
        ("fecha: 10-05-2026", D(2026, 5, 10), D(2026, 5, 10), "day"),
        ("fecha: 7.11.2025", D(2025, 11, 7), D(2025, 11, 7), "day"),
        ("registrado el 2026-03-24.", D(2026, 3, 24), D(2026, 3, 24), "day"),
        # day ranges
        ("Entre el 24 y el 26 de marzo de 2026, el SENA", D(2026, 3, 24), D(2026, 3, 26), "day"),
        ("del 28 de abril al 2 de mayo de 2026", D(2026, 4, 28), D(2026, 5, 2), "day"),
        ("del 30 de diciembre de 2025 al 3 de enero de 2026", D(2025, 12, 30), D(2026, 1, 3), "day"),
        ("del 30 de diciembre al 3 de enero de 2026", D(2025, 12, 30), D(2026, 1, 3), "day"),
        ("durante los días 24-26 de marzo", D(2026, 3, 24), D(2026, 3, 26), "day"),
        ("24 – 26 de marzo de 2025", D(2025, 3, 24), D(2025, 3, 26), "day"),
        ("del 3 al 7 de noviembre de 2025", D(2025, 11, 3), D(2025, 11, 7), "day"),
        ("los días 24, 25 y 26 de marzo de 2026", D(2026, 3, 24), D(2026, 3, 26), "day"),
        ("desde el 2 hasta el 6 de junio", D(2026, 6, 2), D(2026, 6, 6), "day"),
        ("marzo 24 al 26", D(2026, 3, 24), D(2026, 3, 26), "day"),
        ("marzo 24 al 26 de 2025", D(2025, 3, 24), D(2025, 3, 26), "day"),
        ("03/05/2026 al 10/05/2026", D(2026, 5, 3), D(2026, 5, 10), "day"),
        ("2026-03-24 a 2026-03-27", D(2026, 3, 24), D(2026, 3, 27), "day"),
        # months and month ranges
        ("entre julio y agosto de 2026", D(2026, 7, 1), D(2026, 8, 31), "month"),
        ("de julio a septiembre de 2026", D(2026, 7, 1), D(2026, 9, 30), "month"),
        ("Abril–junio de 2024", D(2024, 4, 1), D(2024, 6, 30), "month"),
        ("de noviembre de 2025 a febrero de 2026", D(2025, 11, 1), D(2026, 2, 28), "month"),
        ("de noviembre a febrero de 2026", D(2025, 11, 1), D(2026, 2, 28), "month"),
        ("en marzo de 2026", D(2026, 3, 1), D(2026, 3, 31), "month"),
        ("Marzo 2026", D(2026, 3, 1), D(2026, 3, 31), "month"),
        ("febrero del 2024", D(2024, 2, 1), D(2024, 2, 29), "month"),
        ("sept. 2025", D(2025, 9, 1), D(2025, 9, 30), "month"),
        ("se realizará en marzo", D(2026, 3, 1), D(2026, 3, 31), "month"),
        ("a mediados de junio", D(2026, 6, 1), D(2026, 6, 30), "month"),
        # quarters and semesters
        ("Durante el primer trimestre de 2026", D(2026, 1, 1), D(2026, 3, 31), "quarter"),
        ("en el I trimestre", D(2026, 1, 1), D(2026, 3, 31), "quarter"),
        ("informe T1 2026", D(2026, 1, 1), D(2026, 3, 31), "quarter"),
        ("informe 2025-T3", D(2025, 7, 1), D(2025, 9, 30), "quarter"),
        ("cuarto trimestre del año 2025", D(2025, 10, 1), D(2025, 12, 31), "quarter"),
        ("trimestre IV 2024", D(2024, 10, 1), D(2024, 12, 31), "quarter"),
        ("segundo semestre de 2026", D(2026, 7, 1), D(2026, 12, 31), "semester"),
        ("el 1er semestre 2025", D(2025, 1, 1), D(2025, 6, 30), "semester"),
    ],
)
def test_find_dates(text: str, start: date, end: date, precision: str) -> None:
    span = only(text)
    assert (span.start, span.end, span.precision) == (start, end, precision)
    assert text[span.char_start : span.char_end] == span.text


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("el cual se desarrollará hasta octubre de 2026.", None, D(2026, 10, 31)),
        ("hasta el 15 de mayo", None, D(2026, 5, 15)),
        ("desde febrero de 2026", D(2026, 2, 1), None),
        ("a partir del 3 de mayo", D(2026, 5, 3), None),
        ("A partir de enero de 2027", D(2027, 1, 1), None),
    ],
)
def test_open_ranges(text: str, start: date | None, end: date | None) -> None:
    span = only(text)
    assert (span.start, span.end) == (start, end)
    assert text[span.char_start : span.char_end] == span.text
    assert span.text.split()[0].lower() in ("hasta", "desde", "a")


def test_offsets_point_at_expression() -> None:
    text = "El comité se reunió el 20 de marzo de 2026 en Bogotá."
    span = only(text)
    assert text[span.char_start : span.char_end] == "20 de marzo de 2026"


def test_weekday_is_part_of_span() -> None:
    text = "Se realizó el martes 3 de marzo de 2026."
    assert only(text).text == "martes 3 de marzo de 2026"


def test_several_dates_in_order() -> None:
    text = "Visita el 12 de marzo de 2026; comité del 24 al 26 de marzo; informe en abril."
    spans = find_dates(text, 2026)
    assert [(s.start, s.end) for s in spans] == [
        (D(2026, 3, 12), D(2026, 3, 12)),
        (D(2026, 3, 24), D(2026, 3, 26)),
        (D(2026, 4, 1), D(2026, 4, 30)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Alianzas con Resultados 2025",
        "Plan de acción 2026",
        "en 2026 se firmaron convenios",
        "durante 2025",
        "el mar Caribe y el set de herramientas",
        "la Plaza de Mayo",
        "31 de febrero de 2026",
        "30/02/2026",
        "2026-13-01",
        "32 de marzo de 2026",
        "150 aprendices de 8 regionales",
        "USD 50.000",
        "versión 2.0",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, 2026) == []


def test_invalid_date_does_not_leave_its_month() -> None:
    # "31 de febrero de 2026" is skipped as a whole, not read as "febrero de 2026".
    assert find_dates("el 31 de febrero de 2026", 2026) == []


def test_no_year_without_default_is_skipped() -> None:
    assert find_dates("el 19 de enero y del 3 al 5 de junio; en marzo", None) == []


def test_year_given_elsewhere_in_expression() -> None:
    span = only("del 28 de abril al 2 de mayo", default_year=2025)
    assert (span.start, span.end) == (D(2025, 4, 28), D(2025, 5, 2))


def test_never_today() -> None:
    today = date.today()
    for text in ("el martes", "hoy", "el lunes 3", "mañana en la tarde", "el 3"):
        for span in find_dates(text, None):
            assert today not in (span.start, span.end)
    assert find_dates("el martes y el jueves", 2026) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Enero a marzo 2026", (D(2026, 1, 1), D(2026, 3, 31))),
        ("Octubre - diciembre de 2025", (D(2025, 10, 1), D(2025, 12, 31))),
        ("Primer trimestre 2026", (D(2026, 1, 1), D(2026, 3, 31))),
        ("Boletín Internacional SENA – octubre a diciembre 2025", (D(2025, 10, 1), D(2025, 12, 31))),
        ("Abril–junio de 2024", (D(2024, 4, 1), D(2024, 6, 30))),
        ("II trimestre 2025", (D(2025, 4, 1), D(2025, 6, 30))),
        ("2025-T3", (D(2025, 7, 1), D(2025, 9, 30))),
        ("Segundo semestre 2024", (D(2024, 7, 1), D(2024, 12, 31))),
        ("Boletín julio 2025", (D(2025, 7, 1), D(2025, 7, 31))),
        ("Informe de gestión 2024", (D(2024, 1, 1), D(2024, 12, 31))),
    ],
)
def test_parse_period(text: str, expected: tuple[date, date]) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize("text", ["Insumos boletín", "", "Coordinación Nacional de Relaciones Internacionales"])
def test_parse_period_none(text: str) -> None:
    assert parse_period(text) is None


def test_quarter_and_semester_bounds() -> None:
    assert quarter_bounds(2026, 1) == (D(2026, 1, 1), D(2026, 3, 31))
    assert quarter_bounds(2024, 4) == (D(2024, 10, 1), D(2024, 12, 31))
    assert semester_bounds(2025, 1) == (D(2025, 1, 1), D(2025, 6, 30))
    with pytest.raises(ValueError):
        quarter_bounds(2026, 5)


def test_models_dir_override(tmp_path, monkeypatch) -> None:
    # The vocabulary is data: a models folder without it must not be silently ignored.
    from extractor.values import _data

    monkeypatch.setenv(_data.ENV_VAR, str(tmp_path))
    assert _data.models_dir() == tmp_path
    with pytest.raises(FileNotFoundError):
        _data.load_json("vocab/dates_es.json")


_DATEY = st.sampled_from(
    ["de", "del", "al", "y", "el", "entre", "hasta", "desde", "a partir del", "marzo", "Mar.", "sept", "febrero",
     "diciembre", "enero", "trimestre", "semestre", "primer", "II", "T1", "2026", "2025", "31", "1.º", "24", "-",
     "–", "/", "03/05/2026", "2026-02-30", "primero", "treinta y uno", "martes", ",", "(", "\n"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_DATEY, max_size=12).map(" ".join), st.one_of(st.none(), st.integers(1990, 2030)))
def test_find_dates_properties(text: str, default_year: int | None) -> None:
    for span in find_dates(text, default_year):
        assert 0 <= span.char_start < span.char_end <= len(text)
        assert text[span.char_start : span.char_end] == span.text
        assert span.start is not None or span.end is not None
        if span.start and span.end:
            assert span.start <= span.end


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_find_dates_any_text(text: str) -> None:
    for span in find_dates(text, 2026):
        assert 0 <= span.char_start < span.char_end <= len(text)
    parse_period(text)


@pytest.mark.parametrize("text, start, end", [
    ("16–18/10/2017 | OEA", date(2017, 10, 16), date(2017, 10, 18)),
    ("del 16 al 18/10/2017", date(2017, 10, 16), date(2017, 10, 18)),
    ("12/10 – Visita de la Embajada de Corea", date(2017, 10, 12), date(2017, 10, 12)),   # a dated list line
])
def test_numeric_day_ranges_and_dated_lines(text, start, end):
    (span,) = find_dates(text, default_year=2017)
    assert (span.start, span.end) == (start, end)


def test_bare_fractions_are_not_dates():
    assert find_dates("el marcador quedó 3/4 de la meta", default_year=2017) == []


def test_same_text_read_with_different_default_years() -> None:
    # The pattern scan is shared between default years; the reading is not (2024 is a leap year).
    text = "Visita el 29 de febrero y cierre el 3 de marzo"
    leap = find_dates(text, default_year=2024)
    plain = find_dates(text, default_year=2025)
    assert [(d.start, d.end) for d in leap] == [(date(2024, 2, 29), date(2024, 2, 29)),
                                                 (date(2024, 3, 3), date(2024, 3, 3))]
    assert [(d.start, d.end) for d in plain] == [(date(2025, 3, 3), date(2025, 3, 3))]
    assert find_dates(text) == []


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Informe 2025-T3", date(2025, 7, 1), date(2025, 9, 30)),
        ("Corte S2 2024", date(2024, 7, 1), date(2024, 12, 31)),
        ("Fechas: 28/08/2023 – 01/09/2023", date(2023, 8, 28), date(2023, 9, 1)),
        ("segundo trimestre de 2026", date(2026, 4, 1), date(2026, 6, 30)),
    ],
)
def test_prechecks_keep_codes_numerics_and_periods(text: str, start: date, end: date) -> None:
    found = find_dates(text)
    assert [(d.start, d.end) for d in found] == [(start, end)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["el", "de", "del", "al", "y", "hasta", "12", "3", "2025", "2026", "marzo", "mar.", "mar",
                         "set", "ene", "enero", "sept.", "T3", "t2", "S1", "Q4", "trimestre", "semestre", "primer",
                         "/", "-", "–", ".", ",", "12/10", "28/08/2023", "2025-09-01", "1.200", "16-18/10/2017",
                         "lunes", "quince", "programa", "tienen"]),
        max_size=12,
    ),
    st.sampled_from(["", " ", "-", "/", "\n"]),
)
def test_prechecks_and_month_anchors_lose_no_candidate(words: list[str], joiner: str) -> None:
    # The prechecks are necessary conditions and patterns that begin with the month are tried where a month
    # begins only: the candidates must be those of every pattern run over the whole text.
    import re

    from extractor.values import date as module
    from extractor.values._data import fold

    folded = fold(joiner.join(words))
    every = []
    for priority, (kind, pattern) in enumerate(module._patterns()):
        every += [(m.start(), m.end(), priority, kind, m.groupdict()) for m in pattern.finditer(folded)
                  if m.end() > m.start()]
    every.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    found = [(*c[:4], c[4].groupdict()) for c in module._candidates.__wrapped__(folded)]
    assert found == every, re.escape(folded)


@pytest.mark.parametrize("text, start, end", [
    ("durante el Q2 de 2023", D(2023, 4, 1), D(2023, 6, 30)),     # a quarter code with "de" before its year
    ("en el 3T del 2021", D(2021, 7, 1), D(2021, 9, 30)),
    ("Q4 2019", D(2019, 10, 1), D(2019, 12, 31)),
])
def test_quarter_codes(text: str, start: date, end: date) -> None:
    (span,) = find_dates(text, default_year=2000)
    assert (span.start, span.end, span.precision) == (start, end, "quarter")


@pytest.mark.parametrize("value, spans", [
    ("octubre", [(D(2024, 10, 1), D(2024, 10, 31), "octubre")]),            # a month alone, in a date field
    ("12/12", [(D(2024, 12, 12), D(2024, 12, 12), "12/12")]),              # day/month without a year
    ("03/05 – 07/05", [(D(2024, 5, 3), D(2024, 5, 3), "03/05"), (D(2024, 5, 7), D(2024, 5, 7), "07/05")]),
    ("15/05/2023 – 26/05/2023", [(D(2023, 5, 15), D(2023, 5, 26), "15/05/2023 – 26/05/2023")]),
    ("31/02", []), ("por definir", []), ("2023", []),
])
def test_field_dates(value: str, spans: list) -> None:
    found = find_field_dates(value, default_year=2024)
    assert [(d.start, d.end, value[d.char_start:d.char_end]) for d in found] == spans


def test_field_dates_need_a_year_to_place_a_bare_month() -> None:
    assert find_field_dates("octubre", default_year=None) == [] and find_field_dates("12/12") == []
    assert find_dates("octubre", default_year=2024) == []          # prose still needs "en octubre"
